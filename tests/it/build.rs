//! `brief build`: JSON output, determinism, atomic writes, strictness.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = env!("CARGO_MANIFEST_DIR");

fn brief(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command.args(args).env("NO_COLOR", "1");
    for (key, value) in envs {
        command.env(key, value);
    }
    command.output().expect("brief runs")
}

fn build_sample(out: &Path, extra: &[&str], envs: &[(&str, &str)]) -> Output {
    let out = out.to_str().unwrap();
    let mut args = vec!["build", "--root", SAMPLE, "--out", out];
    args.extend_from_slice(extra);
    brief(&args, envs)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn read_dir_sorted(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_file())
        .map(|e| {
            (
                e.file_name().into_string().unwrap(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

/// A small workspace with one valid and, optionally, one invalid note.
fn workspace(invalid: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("brief.yaml"), "title: Test\n").unwrap();
    fs::create_dir_all(root.join("briefs/talks")).unwrap();
    fs::write(
        root.join("briefs/talks/a.md"),
        "---\ntitle: Talks resume\ndate: 2026-11-20\nactors:\n  - name: Iran\n    leverage: 2\n    stakes: 4\n---\nLede.\n",
    )
    .unwrap();
    if invalid {
        fs::write(
            root.join("briefs/talks/b.md"),
            "---\ntitle: Broken\ndate: 2026-11-21\nactors:\n  - name: Iran\n    leverage: 9\n    stakes: 4\n---\n",
        )
        .unwrap();
    }
    dir
}

#[test]
fn sample_builds_json_matching_the_snapshots() {
    let out = tempfile::tempdir().unwrap();
    let output = build_sample(out.path(), &["--format", "json"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    for slug in ["us-iran-talks", "hormuz-shipping"] {
        let text = fs::read_to_string(out.path().join(format!("{slug}.json"))).unwrap();
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
        // The raw text, so key order and number formatting are guarded too.
        insta::assert_snapshot!(slug, text);
    }
}

#[test]
fn json_keys_follow_the_spec_order() {
    let out = tempfile::tempdir().unwrap();
    build_sample(out.path(), &["--format", "json"], &[]);
    let text = fs::read_to_string(out.path().join("us-iran-talks.json")).unwrap();
    let keys = [
        "\"brief\"",
        "\"title\"",
        "\"as_of\"",
        "\"marking\"",
        "\"notes\"",
        "\"actors\"",
        "\"mechanisms\"",
        "\"watch\"",
        "\"scenarios\"",
        "\"sources\"",
        "\"changes\"",
        "\"timeline\"",
    ];
    let positions: Vec<usize> = keys.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    assert!(
        text.contains("\"percent\": [\n"),
        "percent is an array of numbers"
    );
}

#[test]
fn two_builds_are_byte_identical_whatever_the_thread_count() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    build_sample(one.path(), &[], &[("RAYON_NUM_THREADS", "1")]);
    build_sample(two.path(), &[], &[("RAYON_NUM_THREADS", "2")]);
    let first = read_dir_sorted(one.path());
    assert!(!first.is_empty());
    assert_eq!(first, read_dir_sorted(two.path()));
}

#[test]
fn a_failed_write_leaves_earlier_outputs_intact() {
    let out = tempfile::tempdir().unwrap();
    assert!(build_sample(out.path(), &[], &[]).status.success());
    let before = read_dir_sorted(out.path());
    // Rebuild as of an earlier date (different content), failing half-way
    // through writing one file.
    let output = build_sample(
        out.path(),
        &["--as-of", "2026-11-10"],
        &[("BRIEF_FAIL_WRITE", "us-iran-talks.json")],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("injected write failure"),
        "{}",
        stderr(&output)
    );
    let after = read_dir_sorted(out.path());
    let names = |files: &[(String, Vec<u8>)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&after),
        names(&before),
        "no temporary or partial file left"
    );
    let iran_before = &before
        .iter()
        .find(|f| f.0 == "us-iran-talks.json")
        .unwrap()
        .1;
    let iran_after = &after
        .iter()
        .find(|f| f.0 == "us-iran-talks.json")
        .unwrap()
        .1;
    assert_eq!(
        iran_before, iran_after,
        "the failed output keeps its previous content"
    );
    for (name, bytes) in after.iter().filter(|f| f.0.ends_with(".json")) {
        serde_json::from_slice::<serde_json::Value>(bytes)
            .unwrap_or_else(|e| panic!("{name} is not complete JSON: {e}"));
    }
}

#[test]
fn invalid_notes_are_reported_skipped_and_exit_1() {
    let dir = workspace(true);
    let out = dir.path().join("out");
    let output = brief(&["build", "--root", dir.path().to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("briefs/talks/b.md:6:15: error[out-of-range]: `leverage` is 9, outside -5..5"),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("talks.json")).unwrap()).unwrap();
    assert_eq!(json["notes"], 1);
    assert_eq!(
        json["as_of"], "2026-11-20",
        "the invalid note does not set the as-of date"
    );
}

#[test]
fn strict_writes_nothing_when_a_note_is_invalid() {
    let dir = workspace(true);
    let output = brief(
        &["build", "--strict", "--root", dir.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nothing written (--strict)"));
    assert!(!dir.path().join("out").exists());
}

#[test]
fn an_unknown_format_is_a_usage_error_and_writes_nothing() {
    let dir = workspace(false);
    let output = brief(
        &[
            "build",
            "--format",
            "html,docx",
            "--root",
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("invalid value 'docx'"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn source_date_epoch_sets_the_pdf_dates_and_builds_stay_identical() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    let epoch = [("SOURCE_DATE_EPOCH", "1767225600")]; // 2026-01-01T00:00:00Z
    build_sample(
        one.path(),
        &["--format", "pdf", "--brief", "hormuz-shipping"],
        &epoch,
    );
    build_sample(
        two.path(),
        &["--format", "pdf", "--brief", "hormuz-shipping"],
        &epoch,
    );
    let first = fs::read(one.path().join("hormuz-shipping.pdf")).unwrap();
    assert_eq!(
        first,
        fs::read(two.path().join("hormuz-shipping.pdf")).unwrap()
    );
    // The information dictionary sits in a compressed object stream.
    let doc = lopdf::Document::load_mem(&first).expect("a PDF");
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|i| doc.dereference(i))
        .and_then(|(_, i)| i.as_dict())
        .expect("an information dictionary");
    let created = info
        .get(b"CreationDate")
        .and_then(lopdf::Object::as_str)
        .expect("a CreationDate");
    assert!(
        created.starts_with(b"D:20260101000000"),
        "CreationDate from SOURCE_DATE_EPOCH"
    );
    // The XMP (never compressed) says the same.
    assert!(String::from_utf8_lossy(&first).contains("<xmp:CreateDate>2026-01-01T00:00:00Z<"));
    let bad = build_sample(
        one.path(),
        &["--format", "pdf"],
        &[("SOURCE_DATE_EPOCH", "yesterday")],
    );
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn an_output_path_that_is_a_file_is_exit_2() {
    let dir = workspace(false);
    let file: PathBuf = dir.path().join("out");
    fs::write(&file, "not a folder").unwrap();
    let output = brief(&["build", "--root", dir.path().to_str().unwrap()], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("exists and is not a directory"),
        "{}",
        stderr(&output)
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a folder");
}

#[test]
fn brief_filter_builds_one_and_rejects_unknown_names() {
    let out = tempfile::tempdir().unwrap();
    let output = build_sample(out.path(), &["--brief", "hormuz-shipping"], &[]);
    assert!(output.status.success());
    let names: Vec<String> = read_dir_sorted(out.path())
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(
        names,
        [
            "hormuz-shipping.html",
            "hormuz-shipping.json",
            "hormuz-shipping.pdf",
            "index.html"
        ]
    );
    let output = build_sample(out.path(), &["--brief", "hormuz-shiping"], &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean `hormuz-shipping`?"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn notes_after_as_of_are_left_out_with_a_warning() {
    let out = tempfile::tempdir().unwrap();
    let output = build_sample(
        out.path(),
        &["--as-of", "2026-11-15", "--brief", "hormuz-shipping"],
        &[],
    );
    assert!(output.status.success(), "warnings do not fail the build");
    let err = stderr(&output);
    assert!(
        err.contains(
            "warning[after-as-of]: note dated 2026-11-19 is after the as-of date 2026-11-15"
        ),
        "{err}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("hormuz-shipping.json")).unwrap())
            .unwrap();
    assert_eq!(json["as_of"], "2026-11-15");
}

fn json_of(out: &Path, slug: &str) -> serde_json::Value {
    serde_json::from_slice(&fs::read(out.join(format!("{slug}.json"))).unwrap()).unwrap()
}

#[test]
fn since_adds_the_changes_and_since_as_of_adds_none() {
    let out = tempfile::tempdir().unwrap();
    let output = build_sample(out.path(), &["--format", "json", "--since", "7d"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json = json_of(out.path(), "us-iran-talks");
    let changes = &json["changes"];
    assert_eq!(changes["since"], "2026-11-13");
    assert_eq!(changes["moved"][0]["name"], "Israel");
    assert_eq!(changes["moved"][0]["delta"], -2.46);
    assert_eq!(changes["notes_added"].as_array().unwrap().len(), 2);
    // The timeline's last point is each actor's leverage.
    for (actor, series) in json["actors"]
        .as_array()
        .unwrap()
        .iter()
        .zip(json["timeline"]["actors"].as_array().unwrap())
    {
        assert_eq!(series["name"], actor["name"]);
        assert_eq!(
            series["leverage"].as_array().unwrap().last(),
            Some(&actor["leverage"])
        );
    }

    let output = build_sample(out.path(), &["--format", "json", "--since", "0d"], &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let changes = &json_of(out.path(), "hormuz-shipping")["changes"];
    assert_eq!(changes["since"], "2026-11-19");
    for key in ["moved", "new_actors", "contested", "watch", "notes_added"] {
        assert_eq!(changes[key], serde_json::json!([]), "{key}");
    }
    assert!(changes["dominant_mechanism"].is_null() && changes["marking"].is_null());
}

#[test]
fn a_since_after_the_as_of_date_warns() {
    let out = tempfile::tempdir().unwrap();
    let output = build_sample(
        out.path(),
        &[
            "--format",
            "json",
            "--since",
            "2027-01-01",
            "--brief",
            "hormuz-shipping",
        ],
        &[],
    );
    assert!(output.status.success());
    assert!(
        stderr(&output).contains(
            "briefs/hormuz-shipping: warning[since-after-as-of]: since 2027-01-01 is after the as-of date 2026-11-19; no changes shown for `hormuz-shipping`"
        ),
        "{}",
        stderr(&output)
    );
    assert!(json_of(out.path(), "hormuz-shipping")["changes"].is_null());
}

#[test]
fn diff_prints_the_changes_like_a_diff() {
    let output = brief(
        &[
            "diff",
            "--root",
            SAMPLE,
            "--from",
            "2026-11-13",
            "--to",
            "2026-11-20",
            "--brief",
            "us-iran-talks",
        ],
        &[],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("diff-us-iran-talks", text);
    assert!(!text.contains('\x1b'), "no colour with NO_COLOR");

    let coloured = brief(
        &[
            "diff",
            "--root",
            SAMPLE,
            "--from",
            "7d",
            "--brief",
            "us-iran-talks",
            "--color",
            "always",
        ],
        &[],
    );
    let coloured = String::from_utf8(coloured.stdout).unwrap();
    assert!(
        coloured.contains("\x1b[31m- leverage: Israel"),
        "{coloured}"
    );
    assert!(coloured.contains("\x1b[32m+ new actor: IRGC"), "{coloured}");

    let same = brief(
        &["diff", "--root", SAMPLE, "--from", "0d", "--format", "json"],
        &[],
    );
    let same: serde_json::Value = serde_json::from_slice(&same.stdout).unwrap();
    assert_eq!(same.as_array().unwrap().len(), 2);
    for brief in same.as_array().unwrap() {
        assert_eq!(brief["from"], brief["to"]);
        assert_eq!(brief["changes"]["moved"], serde_json::json!([]));
    }
}

#[test]
fn the_output_schema_describes_changes_and_timeline() {
    let output = brief(&["schema", "--output"], &[]);
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    assert!(properties.contains_key("changes") && properties.contains_key("timeline"));
    assert!(schema["$defs"]["ChangesJson"]["properties"]["moved"].is_object());
}

/// The corpus generator of the benchmarks (`tools/gen_corpus.rs`), built
/// by `cargo test` beside this test binary.
fn gen_corpus() -> std::path::PathBuf {
    let deps = std::env::current_exe().unwrap();
    let target = deps.parent().unwrap().parent().unwrap();
    target
        .join("examples")
        .join(format!("gen-corpus{}", std::env::consts::EXE_SUFFIX))
}

#[test]
fn the_benchmark_corpus_is_clean_unless_asked_for_tradecraft_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for (name, extra) in [("clean", None), ("hurried", Some("--tradecraft-warnings"))] {
        let out = dir.path().join(name);
        let status = std::process::Command::new(gen_corpus())
            .args(["--notes", "300", "--briefs", "3", "--seed", "7", "--out"])
            .arg(&out)
            .args(extra)
            .stdout(std::process::Stdio::null())
            .status()
            .expect("gen-corpus");
        assert!(status.success());
        let check = std::process::Command::new(crate::util::binary())
            .args(["check", "--format", "json", "--root"])
            .arg(&out)
            .output()
            .unwrap();
        let problems = String::from_utf8_lossy(&check.stdout).lines().count();
        match extra {
            None => assert_eq!(
                (check.status.code(), problems),
                (Some(0), 0),
                "{}",
                String::from_utf8_lossy(&check.stdout)
            ),
            Some(_) => assert!(problems > 50, "{problems} warnings"),
        }
    }
}
