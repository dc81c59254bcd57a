//! How diagnostics look to a user and a CI parser: the code in the header as
//! rustc shows it (issue 15.4), file-level problems at `path:1:1` (15.7),
//! and many diagnostics in one file printed in one pass (16.11).

use crate::util;

use std::fs;

use util::{Workspace, assert_text};

/// A valid note but for what `actors` and `watch` hold.
fn note(actors: &str, watch: &str) -> String {
    format!(
        "---\ntitle: T\ndate: 2026-11-20\nconfidence: moderate\nmarking: TLP:CLEAR\n\
         actors:\n{actors}watch:\n{watch}---\nLede.\n"
    )
}

#[test]
fn the_header_names_the_code_of_errors_and_warnings() {
    let text = note(
        "  - name: Iran\n    leverage: 2\n    stakes: 3\n    mechanism: signalling\n    levarage: 1\n",
        "  - indicator: Talks resume\n",
    );
    let ws = Workspace::new().note("briefs/talks/2026-11-20-a.md", &text);
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/2026-11-20-a.md:11:5: error[unknown-key]: unknown key `levarage` in an actor"
        ]
    );
    let fixed = Workspace::new().note(
        "briefs/talks/2026-11-20-a.md",
        &text.replace("    levarage: 1\n", ""),
    );
    let out = fixed.run_with(["check"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "briefs/talks/2026-11-20-a.md:12:16: warning[watch-without-due]: watch item has no `due` date\n   \
         |\n12 |   - indicator: Talks resume\n   |                ^^^^^^^^^^^^\n   |\n   \
         = help: add `due: YYYY-MM-DD` so the brief can show when it is overdue\n\
         \x20    Checked 1 note in 1 brief: all valid, 1 warning\n",
    );
}

#[test]
fn file_level_problems_are_at_1_1_for_problem_matchers() {
    let ws = Workspace::new()
        .note("briefs/talks/2026-11-20-empty.md", "")
        .note("briefs/talks/2026-11-21-utf16.md", "")
        .file(
            "briefs/talks/2026-11-21-utf16.md",
            [0xFF, 0xFE, b'-', 0, b'-', 0, b'-', 0, b'\n', 0],
        );
    let big = fs::File::create(ws.path().join("briefs/talks/2026-11-22-big.md")).unwrap();
    big.set_len(8 * 1024 * 1024 + 1).unwrap();
    drop(big);

    let human = ws.run_with(["check"]);
    assert_eq!(human.status, 1);
    assert_text(
        &human.stderr,
        "briefs/talks/2026-11-20-empty.md:1:1: error[empty-file]: the note is empty\n  \
         = help: a note starts with `---`, its front matter (at least `title:` and `date:`), then `---`\n\
         briefs/talks/2026-11-21-utf16.md:1:1: error[not-utf8]: the note is UTF-16 (little-endian), not UTF-8\n  \
         |\n1 | ---\n  | ^\n  |\n  \
         = help: save the file as UTF-8 (in most editors: Save As, encoding UTF-8)\n\
         briefs/talks/2026-11-22-big.md:1:1: error[too-large]: the note is 8.0 MiB, larger than the 8.0 MiB limit\n  \
         = help: split it into several notes, one development each\n\
         \x20    Checked 3 notes in 1 brief: 3 errors; 3 notes invalid\n",
    );

    let github = ws.run_with(["check", "--format", "github"]);
    assert_text(
        &github.stdout,
        "::error file=briefs/talks/2026-11-20-empty.md,line=1,col=1,title=brief empty-file::the note is empty\
         %0Ahelp: a note starts with `---`, its front matter (at least `title:` and `date:`), then `---`\n\
         ::error file=briefs/talks/2026-11-21-utf16.md,line=1,col=1,title=brief not-utf8::the note is UTF-16 \
         (little-endian), not UTF-8%0Ahelp: save the file as UTF-8 (in most editors: Save As, encoding UTF-8)\n\
         ::error file=briefs/talks/2026-11-22-big.md,line=1,col=1,title=brief too-large::the note is 8.0 MiB, \
         larger than the 8.0 MiB limit%0Ahelp: split it into several notes, one development each\n",
    );

    let json = ws.run_with(["check", "--format", "json"]);
    let positions: Vec<_> = json
        .json_lines()
        .iter()
        .map(|d| (d["code"].clone(), d["line"].clone(), d["column"].clone()))
        .collect();
    assert_eq!(
        positions,
        ["empty-file", "not-utf8", "too-large"].map(|code| (code.into(), 1.into(), 1.into()))
    );
}

#[test]
fn twenty_thousand_invalid_actors_are_each_reported_at_their_line() {
    // Not timed: before the line index, each diagnostic counted the lines
    // from the top of the file, and this ran past the run's deadline.
    let n = 20_000;
    let actors: String = (0..n)
        .map(|i| format!("  - name: actor {i}\n    leverage: 9\n    stakes: 2\n"))
        .collect();
    let ws = Workspace::new().note("briefs/talks/2026-11-20-a.md", &note(&actors, ""));
    let out = ws.run_with(["check", "--format", "json"]);
    assert_eq!(out.status, 1);
    let lines = out.json_lines();
    assert_eq!(lines.len(), n);
    // The first actor's `leverage:` is line 8; each actor takes three lines.
    let last = &lines[n - 1];
    assert_eq!(
        (&last["line"], &last["column"], &last["code"]),
        (
            &(8 + 3 * (n - 1)).into(),
            &15.into(),
            &"out-of-range".into()
        )
    );
    let human = ws.run_with(["check"]);
    assert_eq!(human.diagnostic_lines().len(), n);
}
