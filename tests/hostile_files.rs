//! Hostile files in a workspace (issue 16): links committed to a shared
//! repository, `--out` aimed at the sources, special files, two builds at
//! once, and text that is not what it seems. Each test reproduces the attack
//! against the real binary and asserts what the analyst would notice.

#![cfg(unix)]

mod util;

use std::fs;
use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use util::{Workspace, assert_text, unindent};

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
            briefs/talks/leak.md:1:1: error: not read: the file links outside the workspace
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
fn a_folder_linked_outside_is_not_walked() {
    let secret = outside("secret.md", &format!("---\ntitle: {CANARY}\n"));
    let ws = workspace();
    symlink(secret.path(), ws.path().join("briefs/talks/more")).unwrap();
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        ["briefs/talks/more:1:1: error: not followed: the folder links outside the workspace"]
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
            "briefs/proc:1:1: error: not followed: the folder links outside the workspace",
            "briefs/talks/root:1:1: error: not followed: the folder links outside the workspace",
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
            briefs/talks/x.md:1:1: warning: skipped: this is a FIFO (named pipe), not a file
              = help: notes are regular files; remove it or move it out of `briefs/`
            briefs/talks/y.md:1:1: warning: skipped: this is a FIFO (named pipe), not a file
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
        ["briefs/talks/s.md:1:1: warning: skipped: this is a socket, not a file"]
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
        ["briefs/talks/zero.md:1:1: error: not read: the file links outside the workspace"]
    );
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
            "briefs/talks/big-endian.md:1:1: error: the note is UTF-16 (big-endian), not UTF-8",
            "briefs/talks/bom.md:1:1: error: the note is UTF-16 (little-endian), not UTF-8",
            "briefs/talks/no-bom.md:1:1: error: the note is UTF-16 (little-endian), not UTF-8",
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
            briefs/talks/mac.md:1:1: error: the note's lines end with CR only (old Mac line endings)
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
        first.ends_with("error: the YAML holds more than 200000 values, the limit for one file"),
        "{first}"
    );
}
