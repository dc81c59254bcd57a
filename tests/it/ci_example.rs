//! `examples/ci` and the repository's own CI files: the workflows' and the
//! GitLab pipeline's commands run as CI runs them, the files parsed as YAML
//! and held to each other (the action installs what the release builds),
//! and the action's scripts run against a release laid out on disk.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn example() -> PathBuf {
    repository().join("examples/ci")
}

/// `brief` run in the example as CI runs it: from the checkout's root, with
/// no CI variables of the machine running the tests.
fn brief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(example())
        .env("NO_COLOR", "1")
        .env_remove("GITHUB_WORKSPACE")
        .env_remove("CI_PROJECT_DIR")
        .output()
        .unwrap()
}

fn read(path: impl AsRef<Path>) -> String {
    let path = path.as_ref();
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A YAML file as JSON values: it must parse.
fn yaml(path: impl AsRef<Path>) -> serde_json::Value {
    let path = path.as_ref();
    serde_saphyr::from_str(&read(path))
        .unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
}

fn workflow() -> String {
    read(example().join(".github/workflows/briefs.yml"))
}

fn listed_packets() -> Vec<String> {
    let listed = brief(&["list", "packets", "--json"]);
    assert!(listed.status.success());
    serde_json::from_slice(&listed.stdout).unwrap()
}

#[test]
fn the_workflow_installs_brief_with_the_action_and_runs_the_commands_tested_here() {
    let workflow = workflow();
    for command in [
        "brief check --format github",
        "brief check --format sarif",
        "brief list packets --json",
        "brief build --strict --packet \"${{ matrix.packet }}\"",
    ] {
        assert!(workflow.contains(command), "workflow lacks `{command}`");
    }
    assert!(workflow.contains("matrix:"), "one job per packet");
    let jobs = &yaml(example().join(".github/workflows/briefs.yml"))["jobs"];
    for job in ["check", "packet"] {
        let steps = jobs[job]["steps"].as_array().unwrap();
        assert!(
            steps
                .iter()
                .any(|s| s["uses"].as_str().is_some_and(|u| u.ends_with("/brief@v1"))),
            "{job} installs brief with the action"
        );
    }
    assert!(
        !workflow.contains("cargo install") && !workflow.contains("github.com/example"),
        "no job compiles brief, no placeholder URL"
    );
}

#[test]
fn the_gitlab_pipeline_reports_code_quality_and_builds_every_packet_in_a_matrix() {
    let pipeline = yaml(example().join(".gitlab-ci.yml"));
    let check = &pipeline["check"];
    assert_eq!(
        check["artifacts"]["reports"]["codequality"],
        "gl-code-quality-report.json"
    );
    assert_eq!(
        check["artifacts"]["when"], "always",
        "kept when check fails"
    );
    let script = check["script"][0].as_str().unwrap();
    assert!(
        script.starts_with("brief check --format gitlab > gl-code-quality-report.json"),
        "{script}"
    );
    // GitLab's matrix is written out: it must name the packets brief.yaml has.
    let matrix = &pipeline["packet"]["parallel"]["matrix"][0]["PACKET"];
    let mut packets: Vec<String> = serde_json::from_value(matrix.clone()).unwrap();
    packets.sort();
    assert_eq!(packets, listed_packets());
    assert!(
        pipeline["packet"]["script"][0]
            .as_str()
            .unwrap()
            .contains("brief build --strict --packet \"$PACKET\"")
    );
    let image = &pipeline["default"]["image"];
    assert!(image["name"].as_str().unwrap().ends_with("/brief:1"));
    assert_eq!(image["entrypoint"], serde_json::json!([""]));
}

#[test]
fn check_passes_with_no_annotations_and_an_empty_code_quality_report() {
    let output = brief(&["check", "--format", "github"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "no annotations for valid notes");
    let gitlab = brief(&["check", "--format", "gitlab"]);
    assert_eq!(gitlab.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&gitlab.stdout), "[]\n");
}

#[test]
fn every_listed_packet_builds_strictly_into_its_own_folder() {
    let packets = listed_packets();
    assert_eq!(packets, ["partner-weekly", "public-digest"]);
    let out = tempfile::tempdir().unwrap();
    for packet in &packets {
        let folder = out.path().join(packet);
        let output = brief(&[
            "build",
            "--strict",
            "--packet",
            packet,
            "--out",
            folder.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let html = folder.join(format!("packets/{packet}.html"));
        assert!(html.exists(), "{} missing", html.display());
    }
    // The public digest (TLP:CLEAR) must not carry the TLP:AMBER note.
    let public = read(out.path().join("public-digest/packets/public-digest.html"));
    assert!(!public.contains("draft transit schedule"));
    let partner = read(
        out.path()
            .join("partner-weekly/packets/partner-weekly.html"),
    );
    assert!(partner.contains("draft transit schedule"));
}

#[test]
fn an_invalid_note_fails_check_with_an_annotation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("brief.yaml"), "title: T\n").unwrap();
    std::fs::create_dir_all(dir.path().join("briefs/b")).unwrap();
    std::fs::write(
        dir.path().join("briefs/b/a.md"),
        "---\ntitle: x\ndate: 2026-13-01\n---\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["check", "--format", "github"])
        .current_dir(dir.path())
        .env("GITHUB_WORKSPACE", dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("::error file=briefs/b/a.md,line=3,endLine=3,col=7,endColumn=17,"),
        "{stdout}"
    );
}

// ----- the repository's own CI files ----------------------------------------

/// The targets plan.sh maps runners to, in the order it lists them.
fn action_targets() -> Vec<String> {
    read(repository().join(".github/action/plan.sh"))
        .lines()
        .filter_map(|line| line.trim().split_once(") target="))
        .map(|(_, target)| target.trim_end_matches(" ;;").to_owned())
        .filter(|target| !target.is_empty() && target != "\"\"")
        .collect()
}

#[test]
fn the_release_builds_an_archive_for_every_target_the_action_downloads() {
    let release = yaml(repository().join(".github/workflows/release.yml"));
    assert_eq!(release["on"]["push"]["tags"][0], "v[0-9]+.[0-9]+.[0-9]+*");
    let built: Vec<String> = release["jobs"]["build"]["strategy"]["matrix"]["include"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["target"].as_str().unwrap().to_owned())
        .collect();
    let mut wanted = action_targets();
    assert_eq!(wanted.len(), 5, "{wanted:?}");
    wanted.sort();
    let mut built_sorted = built.clone();
    built_sorted.sort();
    assert_eq!(built_sorted, wanted);
    assert!(
        built
            .iter()
            .filter(|t| t.contains("linux"))
            .all(|t| t.ends_with("-musl")),
        "static Linux binaries: {built:?}"
    );
    let pack = serde_json::to_string(&release["jobs"]["build"]["steps"]).unwrap();
    for part in [
        "docs-out/man",
        "completions",
        ".sha256",
        "brief-$GITHUB_REF_NAME-$TARGET",
    ] {
        assert!(pack.contains(part), "archives lack {part}");
    }
    let docs = serde_json::to_string(&release["jobs"]["docs"]).unwrap();
    assert!(docs.contains("-- man --dir docs-out/man") && docs.contains("-- completions bash"));
}

#[test]
fn cargo_binstall_finds_the_archives_the_release_names() {
    let manifest = read(repository().join("Cargo.toml"));
    let section = manifest
        .split("[package.metadata.binstall]")
        .nth(1)
        .expect("binstall metadata in Cargo.toml");
    assert!(section.contains(
        "pkg-url = \"{ repo }/releases/download/v{ version }/brief-v{ version }-{ target }{ archive-suffix }\""
    ));
    assert!(section.contains("bin-dir = \"brief-v{ version }-{ target }/{ bin }{ binary-ext }\""));
}

#[test]
fn the_action_takes_version_and_args_and_the_project_ci_runs_it() {
    let action = yaml(repository().join("action.yml"));
    assert_eq!(action["runs"]["using"], "composite");
    let inputs = action["inputs"].as_object().unwrap();
    let mut names: Vec<&String> = inputs.keys().collect();
    names.sort();
    assert_eq!(names, ["args", "version"]);
    let ci = yaml(repository().join(".github/workflows/ci.yml"));
    let jobs = ci["jobs"].as_object().unwrap();
    let oses = &jobs["test"]["strategy"]["matrix"]["os"];
    assert_eq!(
        *oses,
        serde_json::json!(["ubuntu-latest", "macos-latest", "windows-latest"])
    );
    let all = serde_json::to_string(&ci).unwrap();
    for command in [
        "cargo fmt --all --check",
        "cargo clippy",
        "cargo test --locked",
    ] {
        assert!(all.contains(command), "ci.yml lacks {command}");
    }
    assert!(
        all.contains(r#""uses":"./""#),
        "ci.yml runs the action itself"
    );
    let containerfile = read(repository().join("Containerfile"));
    assert!(containerfile.contains("ENTRYPOINT [\"brief\"]"));
}

// ----- the action's scripts against a release on disk ------------------------

/// Runs one of the action's scripts with `env`, as a composite step does;
/// returns its status, its `$GITHUB_OUTPUT` lines and its stdout.
#[cfg(unix)]
fn step(script: &str, env: &[(&str, &str)], work: &Path) -> (bool, Vec<(String, String)>, String) {
    let output_file = work.join(format!("{script}.out"));
    std::fs::write(&output_file, "").unwrap();
    let output = Command::new("bash")
        .arg(repository().join(".github/action").join(script))
        .envs(env.iter().copied())
        .env("GITHUB_OUTPUT", &output_file)
        .env("ACTION_PATH", repository())
        .output()
        .expect("bash");
    let outputs = read(&output_file)
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), outputs, stdout)
}

#[cfg(unix)]
fn get<'a>(outputs: &'a [(String, String)], key: &str) -> &'a str {
    outputs
        .iter()
        .find(|(k, _)| k == key)
        .map_or("", |(_, v)| v.as_str())
}

#[cfg(unix)]
#[test]
fn the_action_installs_a_verified_release_archive_and_refuses_a_tampered_one() {
    let work = tempfile::tempdir().unwrap();
    let work = work.path();
    let tools = work.join("tools");
    let version = env!("CARGO_PKG_VERSION");
    // The plan for a Linux x86_64 runner, the version from Cargo.toml.
    let (ok, plan, log) = step(
        "plan.sh",
        &[
            ("INPUT_VERSION", ""),
            ("ACTION_REPOSITORY", "someone/brief"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_ARCH", "X64"),
            ("RUNNER_TOOL_CACHE", tools.to_str().unwrap()),
        ],
        work,
    );
    assert!(ok, "{log}");
    let archive = format!("brief-v{version}-x86_64-unknown-linux-musl.tar.gz");
    assert_eq!(get(&plan, "version"), version);
    assert_eq!(get(&plan, "archive"), archive);
    let bin = get(&plan, "bin").to_owned();
    assert_eq!(
        bin,
        format!(
            "{}/brief/{version}/x86_64-unknown-linux-musl/bin",
            tools.display()
        )
    );

    // A release as the release workflow lays it out, with a stand-in binary.
    let stem = archive.trim_end_matches(".tar.gz");
    let release = work.join(format!("releases/v{version}"));
    std::fs::create_dir_all(work.join(stem)).unwrap();
    std::fs::create_dir_all(&release).unwrap();
    std::fs::write(
        work.join(stem).join("brief"),
        "#!/bin/sh\necho brief stand-in\n",
    )
    .unwrap();
    let packed = Command::new("tar")
        .args(["-czf", release.join(&archive).to_str().unwrap(), stem])
        .current_dir(work)
        .status()
        .unwrap();
    assert!(packed.success());
    let sum = Command::new("sha256sum")
        .arg(&archive)
        .current_dir(&release)
        .output()
        .or_else(|_| {
            Command::new("shasum")
                .args(["-a", "256", &archive])
                .current_dir(&release)
                .output()
        })
        .unwrap();
    std::fs::write(release.join(format!("{archive}.sha256")), &sum.stdout).unwrap();

    let releases_url = format!("file://{}/releases", work.display());
    let env = [
        ("REPOSITORY", "someone/brief"),
        ("VERSION", version),
        ("ARCHIVE", archive.as_str()),
        ("BIN", bin.as_str()),
        ("BRIEF_RELEASES_URL", releases_url.as_str()),
    ];
    let (ok, out, log) = step("download.sh", &env, work);
    assert!(ok, "{log}");
    assert_eq!(get(&out, "installed"), "true", "{log}");
    let installed = Command::new(Path::new(&bin).join("brief"))
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&installed.stdout),
        "brief stand-in\n"
    );

    // A checksum that does not match fails the step and installs nothing.
    std::fs::remove_dir_all(&bin).unwrap();
    std::fs::write(
        release.join(format!("{archive}.sha256")),
        format!("{}  {archive}\n", "0".repeat(64)),
    )
    .unwrap();
    let (ok, out, log) = step("download.sh", &env, work);
    assert!(!ok, "{log}");
    assert!(log.contains("::error title=brief::"), "{log}");
    assert_eq!(get(&out, "installed"), "");
    assert!(!Path::new(&bin).exists());

    // No archive for the version: the action falls back to building.
    let missing = [("VERSION", "9.9.9"), ("ARCHIVE", "brief-v9.9.9-x.tar.gz")];
    let env: Vec<(&str, &str)> = env
        .iter()
        .copied()
        .filter(|(k, _)| !missing.iter().any(|(m, _)| m == k))
        .chain(missing)
        .collect();
    let (ok, out, log) = step("download.sh", &env, work);
    assert!(ok, "{log}");
    assert_eq!(get(&out, "installed"), "false");
    assert!(log.contains("building brief from source"), "{log}");
}

#[cfg(unix)]
#[test]
fn the_action_plans_a_source_build_where_no_binary_fits() {
    let work = tempfile::tempdir().unwrap();
    let action_path = "/home/runner/work/_actions/someone/brief/v1";
    let output_file = work.path().join("out");
    std::fs::write(&output_file, "").unwrap();
    // The repository from the action's folder when the context has none.
    let plan = Command::new("bash")
        .arg(repository().join(".github/action/plan.sh"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("ACTION_PATH", action_path)
        .env("INPUT_VERSION", "v2.0.1")
        .env("RUNNER_OS", "Windows")
        .env("RUNNER_ARCH", "ARM64")
        .env("RUNNER_TOOL_CACHE", work.path())
        .output()
        .unwrap();
    // Cargo.toml is not at the made-up action path: the version given wins.
    assert!(
        plan.status.success(),
        "{}",
        String::from_utf8_lossy(&plan.stderr)
    );
    let out = read(&output_file);
    assert!(out.contains("repository=someone/brief\n"), "{out}");
    assert!(out.contains("version=2.0.1\n"), "{out}");
    assert!(out.contains("archive=\n"), "{out}");
    assert!(out.contains("target=source-Windows-ARM64\n"), "{out}");

    let bad = Command::new("bash")
        .arg(repository().join(".github/action/plan.sh"))
        .env("GITHUB_OUTPUT", &output_file)
        .env("ACTION_PATH", repository())
        .env("INPUT_VERSION", "latest; rm -rf /")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("is not a release number"));
}
