//! Hostile files in a workspace (issue 16): links committed to a shared
//! repository, `--out` aimed at the sources, special files, two builds at
//! once, and text that is not what it seems. Each test reproduces the attack
//! against the real binary and asserts what the analyst would notice.

#![cfg(unix)]

use crate::util;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use util::{Workspace, assert_text, binary, unindent};

const NOTE: &str = "---\ntitle: Talks resume\ndate: 2026-11-20\n---\nLede.\n";

/// A line that must never reach a terminal, a CI log or an output.
const CANARY: &str = "CANARY-9f41c2-TLP-RED";

/// A workspace with one valid note in brief `talks`.
fn workspace() -> Workspace {
    Workspace::new().note("briefs/talks/a.md", NOTE)
}

/// A folder outside the workspace, holding `file` with `text`.
fn outside(file: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("create a folder outside the workspace");
    fs::write(dir.path().join(file), text).expect("write outside the workspace");
    dir
}

fn names_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(folder)
        .expect("list a folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

// ----- 2. an output folder that is a symbolic link --------------------------

#[test]
fn a_symlinked_out_folder_is_refused_and_what_it_points_to_is_untouched() {
    let victim = outside("index.html", "the victim's page");
    let ws = workspace();
    symlink(victim.path(), ws.path().join("out")).unwrap();
    let out = ws.run_with(["build"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "error: `out` is a symbolic link; refusing to write through it (outputs are written only into real folders)\n",
    );
    assert_eq!(names_in(victim.path()), ["index.html"]);
    assert_eq!(
        fs::read_to_string(victim.path().join("index.html")).unwrap(),
        "the victim's page"
    );
}

#[test]
fn a_symlinked_folder_on_the_way_to_out_is_refused() {
    let victim = tempfile::tempdir().unwrap();
    let ws = workspace();
    symlink(victim.path(), ws.path().join("site")).unwrap();
    let out = ws.run_with(["build", "--out", "site/out"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("error: `site` is a symbolic link; refusing"),
        "{}",
        out.stderr
    );
    assert!(names_in(victim.path()).is_empty());
}

#[test]
fn a_symlinked_packets_folder_is_refused() {
    let victim = outside("p.html", "the victim's page");
    let ws = workspace()
        .config("title: T\npackets:\n  p:\n    audience: TLP:CLEAR\n    briefs: [talks]\n");
    fs::create_dir_all(ws.path().join("out")).unwrap();
    symlink(victim.path(), ws.path().join("out/packets")).unwrap();
    let out = ws.run_with(["build", "--format", "html"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "error: `out/packets` is a symbolic link; refusing to write through it (outputs are written only into real folders)\n",
    );
    assert_eq!(names_in(victim.path()), ["p.html"]);
    assert_eq!(
        fs::read_to_string(victim.path().join("p.html")).unwrap(),
        "the victim's page"
    );
}

#[test]
fn a_symlink_at_an_output_name_is_refused() {
    let victim = outside("index.html", "the victim's page");
    let ws = workspace();
    fs::create_dir_all(ws.path().join("out")).unwrap();
    symlink(
        victim.path().join("index.html"),
        ws.path().join("out/index.html"),
    )
    .unwrap();
    let out = ws.run_with(["build", "--format", "html"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "error: `out/index.html` is a symbolic link; refusing to write through it (outputs are written only into real folders)\n",
    );
    assert_eq!(
        fs::read_to_string(victim.path().join("index.html")).unwrap(),
        "the victim's page"
    );
}

// ----- 3. --out pointing at the sources -------------------------------------

#[test]
fn an_out_folder_over_the_sources_is_refused_and_nothing_is_written() {
    let ws = workspace()
        .file("templates/index.html", "{{ site.title }}")
        .file("elsewhere/brief.yaml", "title: Another\n");
    symlink("templates", ws.path().join("tpl")).unwrap();
    let cases = [
        (
            "templates",
            "`templates`: it is the templates folder `templates`",
        ),
        (
            "./briefs/../templates",
            "`briefs/../templates` (that is `templates`): it is the templates folder `templates`",
        ),
        (
            "tpl",
            "`tpl` (that is `templates`): it is the templates folder `templates`",
        ),
        ("briefs", "`briefs`: it is the notes folder `briefs`"),
        (
            "briefs/talks",
            "`briefs/talks`: it lies inside the notes folder `briefs`",
        ),
        (".", "`.`: it is the workspace folder itself"),
        ("elsewhere", "`elsewhere`: it holds a `brief.yaml`"),
    ];
    for (folder, why) in cases {
        let out = ws.run_with(["build", "--out", folder]);
        assert_eq!(out.status, 2, "--out {folder}: {}", out.stderr);
        assert_text(
            &out.stderr,
            &format!(
                "error: refusing to write outputs into {why}; choose another --out (the default is `out`)\n"
            ),
        );
    }
    assert_eq!(ws.read("templates/index.html"), "{{ site.title }}");
    assert_eq!(names_in(&ws.path().join("templates")), ["index.html"]);
    assert_eq!(names_in(&ws.path().join("briefs/talks")), ["a.md"]);
    assert_eq!(names_in(&ws.path().join("elsewhere")), ["brief.yaml"]);
    assert!(!ws.path().join("index.html").exists());
}

#[test]
fn serve_refuses_the_workspace_root_as_its_out_folder() {
    let ws = workspace();
    let out = ws.run_with(["serve", "--out", ".", "--port", "0"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "error: refusing to write outputs into `.`: it is the workspace folder itself"
        ),
        "{}",
        out.stderr
    );
    assert!(!ws.path().join("index.html").exists());
}

#[test]
fn the_default_out_and_a_folder_outside_the_workspace_are_allowed() {
    let ws = workspace();
    let out = ws.run_with(["build", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(ws.path().join("out/talks.json").is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let site = elsewhere.path().join("site");
    let out = ws.run_with(["build", "--format", "json", "--out", site.to_str().unwrap()]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(site.join("talks.json").is_file());
}

// ----- 4. links out of the workspace ----------------------------------------

/// A secrets file whose lines would be printed if it were read as a note.
fn secrets() -> tempfile::TempDir {
    outside(
        "secrets.txt",
        &format!("root:x:0:0:{CANARY}:/root:/bin/bash\napi_key: {CANARY}\n"),
    )
}

#[test]
fn a_note_linked_outside_is_reported_and_never_printed() {
    let secret = secrets();
    let ws = workspace();
    symlink(
        secret.path().join("secrets.txt"),
        ws.path().join("briefs/talks/leak.md"),
    )
    .unwrap();
    let check = ws.run_with(["check"]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    assert_text(
        &check.stderr,
        &unindent(
            "
            briefs/talks/leak.md:1:1: error[outside-workspace]: not read: the file links outside the workspace
              = help: files are read only from inside the workspace; copy the file in instead of linking to it
                 Checked 1 note in 1 brief: 1 error
            ",
        ),
    );
    let json = ws.run_with(["check", "--format", "json"]);
    let lines = json.json_lines();
    assert_eq!(lines.len(), 1, "{}", json.stdout);
    assert_eq!(lines[0]["code"], "outside-workspace");
    assert_eq!(lines[0]["line"], 1);
    let build = ws.run_with(["build", "--format", "html,json"]);
    assert_eq!(build.status, 1, "{}", build.stderr);
    for (what, run) in [
        ("check", &check),
        ("check --format json", &json),
        ("build", &build),
    ] {
        assert!(
            !run.stdout.contains(CANARY) && !run.stderr.contains(CANARY),
            "{what} printed the secret:\n{}{}",
            run.stdout,
            run.stderr
        );
    }
    for name in names_in(&ws.path().join("out")) {
        let path = ws.path().join("out").join(&name);
        if path.is_file() {
            assert!(
                !fs::read_to_string(&path).unwrap().contains(CANARY),
                "{name}"
            );
        }
    }
}

#[test]
fn links_into_hidden_files_of_the_workspace_are_refused_unread() {
    let ws = workspace();
    fs::write(ws.path().join(".env"), format!("API_TOKEN={CANARY}\n")).unwrap();
    fs::create_dir_all(ws.path().join(".git")).unwrap();
    fs::write(ws.path().join(".git/config"), format!("token = {CANARY}\n")).unwrap();
    fs::create_dir_all(ws.path().join("templates/partials")).unwrap();
    symlink(
        "../../.env",
        ws.path().join("templates/partials/sources.html"),
    )
    .unwrap();
    symlink(
        "../../.git/config",
        ws.path().join("briefs/talks/config.md"),
    )
    .unwrap();

    let check = ws.run_with(["check"]);
    assert_eq!(check.status, 1, "{}", check.stderr);
    assert_eq!(
        check.diagnostic_lines(),
        [
            "briefs/talks/config.md:1:1: error[outside-workspace]: not read: the file links to a hidden file or folder of the workspace"
        ]
    );
    let build = ws.run_with(["build", "--format", "html"]);
    assert_eq!(build.status, 2, "{}", build.stderr);
    assert!(
        build.stderr.ends_with(
            "error: not read: `templates/partials/sources.html` links to a hidden file or folder of the workspace\n"
        ),
        "{}",
        build.stderr
    );
    for run in [&check, &build] {
        assert!(!run.stdout.contains(CANARY) && !run.stderr.contains(CANARY));
    }
    assert!(!ws.path().join("out/index.html").exists());
}

#[test]
fn a_note_reached_by_several_links_counts_once() {
    let ws = workspace();
    symlink("a.md", ws.path().join("briefs/talks/copy.md")).unwrap();
    // Links fanning out: each level holds two links to the next, so a walk
    // that follows both reads the bottom note 2^depth times.
    let bomb = ws.path().join("briefs/bomb");
    for level in 0..12 {
        let dir = bomb.join(format!("d{level}"));
        fs::create_dir_all(&dir).unwrap();
        if level < 11 {
            for link in ["a", "b"] {
                symlink(format!("../d{}", level + 1), dir.join(link)).unwrap();
            }
        }
    }
    fs::write(bomb.join("d11/n.md"), NOTE).unwrap();

    let human = ws.run_with(["check"]);
    assert_eq!(human.status, 0, "warnings only: {}", human.stderr);
    assert!(
        human.stderr.contains(
            "briefs/talks/copy.md:1:1: warning[linked-twice]: links to what is read already as `briefs/talks/a.md`; read once"
        ),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("Checked 2 notes in 2 briefs"),
        "each note once: {}",
        human.stderr
    );
    let out = ws.run_with(["check", "--format", "json"]);
    let linked: Vec<String> = out
        .json_lines()
        .iter()
        .filter(|d| d["code"] == "linked-twice")
        .map(|d| d["path"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        linked.contains(&"briefs/talks/copy.md".to_owned()),
        "{linked:?}"
    );
    assert!(
        linked.contains(&"briefs/bomb/d0/b".to_owned()),
        "{linked:?}"
    );
    assert!(
        linked.len() < 40,
        "linear, not exponential: {}",
        linked.len()
    );

    let build = ws.run_with(["build", "--format", "json", "--brief", "talks"]);
    assert_eq!(build.status, 0, "{}", build.stderr);
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(ws.path().join("out/talks.json")).unwrap())
            .unwrap();
    assert_eq!(json["notes"], 1, "{json}");
}

#[test]
fn a_folder_linked_outside_is_not_walked() {
    let secret = outside("secret.md", &format!("---\ntitle: {CANARY}\n"));
    let ws = workspace();
    symlink(secret.path(), ws.path().join("briefs/talks/more")).unwrap();
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/more:1:1: error[outside-workspace]: not followed: the folder links outside the workspace"
        ]
    );
    assert!(!out.stderr.contains(CANARY), "{}", out.stderr);
}

#[test]
fn a_template_linked_outside_is_refused_unread() {
    let secret = outside("passwd", &format!("root:x:0:0:{CANARY}:/root\n"));
    let ws = workspace();
    fs::create_dir_all(ws.path().join("templates")).unwrap();
    symlink(
        secret.path().join("passwd"),
        ws.path().join("templates/index.html"),
    )
    .unwrap();
    let out = ws.run_with(["build", "--format", "html"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "error: not read: `templates/index.html` links outside the workspace\n",
    );
    assert!(!ws.path().join("out/index.html").exists());
    assert!(!out.stdout.contains(CANARY));
}

#[test]
fn a_config_linked_outside_is_refused_unread() {
    let secret = outside("passwd", &format!("root:x:0:0:{CANARY}:/root\n"));
    let ws = Workspace::bare().note("briefs/talks/a.md", NOTE);
    symlink(secret.path().join("passwd"), ws.path().join("brief.yaml")).unwrap();
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "error: not read: `brief.yaml` links outside the workspace\n",
    );
}

#[test]
fn links_inside_the_workspace_are_still_followed() {
    let ws = workspace().note(
        "shared/b.md",
        "---\ntitle: Shared\ndate: 2026-11-21\n---\nB.\n",
    );
    symlink("../../shared/b.md", ws.path().join("briefs/talks/b.md")).unwrap();
    symlink("../shared", ws.path().join("briefs/more")).unwrap();
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_text(&out.stderr, "     Checked 3 notes in 2 briefs: all valid\n");
}

// ----- 8. the walk: links to `/`, FIFOs ------------------------------------

#[test]
fn a_link_to_the_file_system_root_does_not_hang_check() {
    let ws = workspace();
    symlink("/", ws.path().join("briefs/talks/root")).unwrap();
    symlink("/proc", ws.path().join("briefs/proc")).unwrap();
    let started = Instant::now();
    let out = ws.run_with(["check"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/proc:1:1: error[outside-workspace]: not followed: the folder links outside the workspace",
            "briefs/talks/root:1:1: error[outside-workspace]: not followed: the folder links outside the workspace",
        ]
    );
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", path.display());
}

#[test]
fn a_fifo_named_like_a_note_is_warned_about_not_read() {
    let ws = workspace();
    mkfifo(&ws.path().join("briefs/talks/x.md"));
    // A link to the FIFO, too: reading through it would block just the same.
    symlink("x.md", ws.path().join("briefs/talks/y.md")).unwrap();
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_text(
        &out.stderr,
        &unindent(
            "
            briefs/talks/x.md:1:1: warning[special-file]: skipped: this is a FIFO (named pipe), not a file
              = help: notes are regular files; remove it or move it out of `briefs/`
            briefs/talks/y.md:1:1: warning[special-file]: skipped: this is a FIFO (named pipe), not a file
              = help: notes are regular files; remove it or move it out of `briefs/`
                 Checked 1 note in 1 brief: all valid, 2 warnings
            ",
        ),
    );
}

#[test]
fn a_socket_named_like_a_note_is_warned_about_not_read() {
    let ws = workspace();
    let _socket = std::os::unix::net::UnixListener::bind(ws.path().join("briefs/talks/s.md"))
        .expect("bind a socket");
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        ["briefs/talks/s.md:1:1: warning[special-file]: skipped: this is a socket, not a file"]
    );
}

#[test]
fn a_link_to_a_device_is_refused_unread() {
    let ws = workspace();
    symlink("/dev/zero", ws.path().join("briefs/talks/zero.md")).unwrap();
    let out = ws.run_with(["check"]);
    // `/dev/zero` lies outside the workspace: refused before its type matters.
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/zero.md:1:1: error[outside-workspace]: not read: the file links outside the workspace"
        ]
    );
}

// ----- 10. two builds into one out/ -----------------------------------------

#[test]
fn a_build_waits_for_the_one_holding_the_output_folder() {
    let ws = workspace();
    let staging = ws.path().join("out/.brief-staging");
    fs::create_dir_all(&staging).unwrap();
    let lock = fs::File::create(staging.join("lock")).unwrap();
    lock.lock().unwrap();
    let mut child = Command::new(binary())
        .args(["build", "--format", "json"])
        .current_dir(ws.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    thread::sleep(Duration::from_millis(1500));
    let waited = child.try_wait().unwrap().is_none();
    let wrote_meanwhile = ws.path().join("out/talks.json").exists();
    drop(lock);
    let finished = wait_with_deadline(child);
    assert!(waited, "the second build did not wait");
    assert!(
        !wrote_meanwhile,
        "the second build wrote while the first held the folder"
    );
    assert_eq!(finished.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&finished.stderr);
    assert!(
        stderr.starts_with(
            "    Blocking waiting for another brief writing into `out` (a build, or `brief serve`)\n"
        ),
        "{stderr}"
    );
    assert_eq!(stderr.matches("Blocking").count(), 1, "{stderr}");
    assert!(ws.path().join("out/talks.json").is_file());
}

fn wait_with_deadline(mut child: std::process::Child) -> std::process::Output {
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > util::DEADLINE {
            let _ = child.kill();
            panic!("the build did not finish once the lock was released");
        }
        thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn two_builds_at_once_both_succeed() {
    let ws = workspace();
    let spawn = || {
        Command::new(binary())
            .args(["build", "-q"])
            .current_dir(ws.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (first, second) = (spawn(), spawn());
    for child in [first, second] {
        let output = wait_with_deadline(child);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert_eq!(
        names_in(&ws.path().join("out")),
        [
            ".brief-staging",
            "index.html",
            "talks.html",
            "talks.json",
            "talks.pdf"
        ]
    );
    assert_eq!(names_in(&ws.path().join("out/.brief-staging")), ["lock"]);
}

#[test]
fn leftovers_of_a_killed_build_are_removed_and_reported() {
    let ws = workspace()
        .file("out/.brief-staging/4-talks.pdf", "half a PDF")
        .file("out/.brief-tmp-4242-talks.html", "half a page")
        .file("out/mine.txt", "the analyst's own file");
    let out = ws.run_with(["build", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert!(
        out.stderr
            .starts_with("     Removed 2 temporary files left in `out` by an interrupted build\n"),
        "{}",
        out.stderr
    );
    assert_eq!(
        names_in(&ws.path().join("out")),
        [".brief-staging", "mine.txt", "talks.json"]
    );
    assert_eq!(names_in(&ws.path().join("out/.brief-staging")), ["lock"]);
}

// ----- 12. clear messages ---------------------------------------------------

fn utf16(text: &str, bom: bool, little_endian: bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let units = bom.then_some('\u{feff}').into_iter().chain(text.chars());
    for unit in units.flat_map(|c| {
        let mut buf = [0u16; 2];
        c.encode_utf16(&mut buf).to_vec()
    }) {
        let pair = if little_endian {
            unit.to_le_bytes()
        } else {
            unit.to_be_bytes()
        };
        bytes.extend_from_slice(&pair);
    }
    bytes
}

#[test]
fn utf16_notes_say_they_are_utf16() {
    let ws = workspace()
        .file("briefs/talks/bom.md", utf16(NOTE, true, true))
        .file("briefs/talks/big-endian.md", utf16(NOTE, true, false))
        .file("briefs/talks/no-bom.md", utf16(NOTE, false, true));
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/big-endian.md:1:1: error[not-utf8]: the note is UTF-16 (big-endian), not UTF-8",
            "briefs/talks/bom.md:1:1: error[not-utf8]: the note is UTF-16 (little-endian), not UTF-8",
            "briefs/talks/no-bom.md:1:1: error[not-utf8]: the note is UTF-16 (little-endian), not UTF-8",
        ]
    );
    assert!(
        out.stderr
            .contains("= help: save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_utf16_config_says_it_is_utf16() {
    let ws = workspace().file("brief.yaml", utf16("title: T\n", true, true));
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 2, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "error: could not read [ROOT]/brief.yaml: the file is UTF-16 (little-endian), not UTF-8; save it as UTF-8\n",
    );
}

#[test]
fn old_mac_line_endings_get_their_own_message() {
    let ws = workspace().file("briefs/talks/mac.md", NOTE.replace('\n', "\r"));
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_text(
        &out.stderr,
        &unindent(
            "
            briefs/talks/mac.md:1:1: error[cr-line-endings]: the note's lines end with CR only (old Mac line endings)
              |
            1 | ---
              | ^
              |
              = help: save the file with LF (Unix) or CRLF (Windows) line endings
                 Checked 2 notes in 1 brief: 1 error; 1 note invalid
            ",
        ),
    );
}

#[test]
fn too_many_values_without_aliases_are_not_blamed_on_aliases() {
    let tags = vec!["a"; 200_001].join(",");
    let note = format!("---\ntitle: Long\ndate: 2026-11-20\ntags: [{tags}]\n---\nLede.\n");
    let ws = workspace().note("briefs/talks/long.md", &note);
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let first = out.first_stderr_line();
    assert!(
        first.ends_with(
            "error[yaml-syntax]: the YAML holds more than 200000 values, the limit for one file"
        ),
        "{first}"
    );
}
