//! Names checked like keys (issue 15): misspelt actors and mechanisms,
//! `names: closed`, packets naming no brief, `lints:` levels, and each
//! diagnostic once per run.

use crate::util::{Workspace, assert_text};

const CONFIG: &str = "\
title: Test
actors:
  Israel: { aliases: [Israeli government] }
  Iran: {}
  USA: {}
mechanisms:
  calibrated transaction diplomacy: {}
";

fn note(title: &str, actors: &[(&str, &str)]) -> String {
    let mut text = format!("---\ntitle: {title}\ndate: 2026-11-20\nactors:\n");
    for (name, mechanism) in actors {
        text.push_str(&format!(
            "  - name: {name}\n    leverage: 1\n    stakes: 2\n    mechanism: {mechanism}\n"
        ));
    }
    text.push_str("---\nBody.\n");
    text
}

#[test]
fn a_misspelt_actor_and_mechanism_are_warned_at_the_name() {
    let out = Workspace::new()
        .config(CONFIG)
        .note(
            "briefs/talks/a.md",
            &note("A", &[("Isreal", "calibrated transacton diplomacy")]),
        )
        .run_with(["check"]);
    assert_eq!(out.status, 0, "warnings only");
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/a.md:5:11: warning[misspelt-name]: actor `Isreal` looks like a misspelling of `Israel` (declared in brief.yaml)",
            "briefs/talks/a.md:8:16: warning[misspelt-name]: mechanism `calibrated transacton diplomacy` looks like a misspelling of `calibrated transaction diplomacy` (declared in brief.yaml)",
        ]
    );
    assert!(
        out.stderr
            .contains("= help: did you mean `Israel`? if `Isreal` is another actor, declare it under `actors:` in brief.yaml"),
        "{}",
        out.stderr
    );
}

#[test]
fn distinct_short_names_aliases_and_repeated_spellings_are_not_flagged() {
    let out = Workspace::new()
        .config(CONFIG)
        .note(
            "briefs/talks/a.md",
            &note(
                "A",
                &[
                    ("Iraq", "calibrated transaction diplomacy"),
                    ("UAE", "calibrated transaction diplomacy"),
                    ("Israeli government", "calibrated transaction diplomacy"),
                    ("Hezbollah", "calibrated transaction diplomacy"),
                ],
            ),
        )
        .note(
            "briefs/talks/b.md",
            &note("B", &[("Hezbollah", "calibrated transaction diplomacy")]),
        )
        .run_with(["check", "--format", "json"]);
    assert_eq!(out.status, 0);
    assert_eq!(out.stdout, "", "nothing to report");
}

#[test]
fn a_rare_spelling_of_a_common_undeclared_name_is_flagged() {
    let ws = Workspace::new()
        .config(CONFIG)
        .note("briefs/talks/a.md", &note("A", &[("Hezbollah", "x")]))
        .note("briefs/talks/b.md", &note("B", &[("Hezbollah", "x")]))
        .note("briefs/talks/c.md", &note("C", &[("Hezbolah", "x")]));
    let out = ws.run_with(["check"]);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/c.md:5:11: warning[misspelt-name]: actor `Hezbolah` looks like a misspelling of `Hezbollah` (used in 2 notes)"
        ]
    );
}

#[test]
fn closed_names_make_an_undeclared_name_an_error_with_a_did_you_mean() {
    let out = Workspace::new()
        .config(&format!("{CONFIG}names: closed\n"))
        .note(
            "briefs/talks/a.md",
            &note("A", &[("Isreal", "calibrated transaction diplomacy")]),
        )
        .run_with(["check"]);
    assert_eq!(out.status, 1);
    assert_text(
        &out.stderr,
        "\
briefs/talks/a.md:5:11: error[undeclared-name]: actor `Isreal` is not declared in brief.yaml (`names: closed`)
  |
5 |   - name: Isreal
  |           ^^^^^^
  |
  = help: did you mean `Israel`?
     Checked 1 note in 1 brief: 1 error; 1 note invalid
",
    );
}

#[test]
fn an_undeclared_name_after_a_repeated_actor_is_reported_at_its_own_line() {
    let mechanism = "calibrated transaction diplomacy";
    let out = Workspace::new()
        .config(&format!("{CONFIG}names: closed\n"))
        .note(
            "briefs/talks/a.md",
            &note(
                "A",
                &[
                    ("Israel", mechanism),
                    ("Israeli government", mechanism),
                    ("Isreal", mechanism),
                ],
            ),
        )
        .run_with(["check", "--format", "json"]);
    assert_eq!(out.status, 1);
    let at = |code: &str| -> Vec<(u64, u64)> {
        out.stdout
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["code"] == code)
            .map(|v| (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(at("duplicate-actor"), [(9, 11)], "{}", out.stdout);
    assert_eq!(
        at("undeclared-name"),
        [(13, 11)],
        "the third actor's own name"
    );
}

#[test]
fn lints_cannot_allow_or_downgrade_an_error() {
    let out = Workspace::new()
        .config("title: Test\nlints:\n  out-of-range: allow\n  undeclared-name: warn\n  fractional-score: deny\n")
        .note(
            "briefs/talks/a.md",
            "---\ntitle: A\ndate: 2026-11-20\nactors:\n  - { name: Iran, leverage: 9, stakes: 2 }\n---\n",
        )
        .run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "brief.yaml:3:17: error[unknown-value]: `out-of-range` is an error; `lints` can allow or warn only of warnings"
        ),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains(
        "brief.yaml:4:20: error[unknown-value]: `undeclared-name` is an error; `lints` can allow or warn only of warnings"
    ));
    assert!(
        out.stderr.contains("error[out-of-range]: `leverage` is 9"),
        "the note's error is still reported: {}",
        out.stderr
    );
    assert!(
        !out.stderr.contains("fractional-score` is an error"),
        "deny is fine"
    );
}

#[test]
fn an_invalid_config_does_not_make_declared_names_look_misspelt() {
    let config = "title: Test\nmechanisms:\n  coercive signaling: { aliases: [coercive signalling] }\npackets:\n  weekly: { briefs: [talks] }\n";
    let out = Workspace::new()
        .config(config)
        .note(
            "briefs/talks/a.md",
            &note("A", &[("Iran", "coercive signaling")]),
        )
        .note(
            "briefs/talks/b.md",
            &note("B", &[("Iran", "coercive signaling")]),
        )
        .note(
            "briefs/talks/c.md",
            &note("C", &[("Iran", "coercive signalling")]),
        )
        .run_with(["check"]);
    assert_eq!(out.status, 1, "the missing audience: {}", out.stderr);
    assert!(out.stderr.contains("audience"), "{}", out.stderr);
    assert!(!out.stderr.contains("misspelt-name"), "{}", out.stderr);
}

#[test]
fn lints_allow_hides_and_deny_fails_the_check() {
    let watch = "---\ntitle: A\ndate: 2026-11-20\nwatch:\n  - indicator: Talks resume\n---\n";
    let ws = |lints: &str| {
        Workspace::new()
            .config(&format!(
                "title: Test\nlints:\n  watch-without-due: {lints}\n"
            ))
            .note("briefs/talks/a.md", watch)
    };
    let allowed = ws("allow").run_with(["check"]);
    assert_eq!(allowed.status, 0);
    assert_eq!(allowed.diagnostic_lines(), Vec::<&str>::new());
    let denied = ws("deny").run_with(["check"]);
    assert_eq!(denied.status, 1);
    assert_eq!(
        denied.diagnostic_lines(),
        ["briefs/talks/a.md:5:16: error[watch-without-due]: watch item has no `due` date"]
    );
}

#[test]
fn an_unknown_lint_code_is_an_error_with_a_did_you_mean() {
    let out = Workspace::new()
        .config("title: Test\nlints:\n  watch-without-date: deny\n")
        .run_with(["check"]);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "brief.yaml:3:3: error[unknown-value]: unknown diagnostic code `watch-without-date` in `lints`"
        ]
    );
    assert!(
        out.stderr.contains("did you mean `watch-without-due`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_note_left_out_by_as_of_is_reported_once_not_per_packet() {
    let out = Workspace::new()
        .config(
            "title: Test\npackets:\n  p: { audience: TLP:RED, briefs: [talks] }\n  q: { audience: TLP:RED, briefs: [talks] }\n",
        )
        .note("briefs/talks/a.md", &note("A", &[("Iran", "x")]))
        .note(
            "briefs/talks/b.md",
            &note("B", &[("Iran", "x")]).replace("2026-11-20", "2026-11-25"),
        )
        .run_with(["build", "--as-of", "2026-11-21", "--format", "json,html", "-q"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/b.md:3:7: warning[after-as-of]: note dated 2026-11-25 is after the as-of date 2026-11-21; left out of `talks`"
        ]
    );
}

#[test]
fn a_packet_listing_a_misspelt_brief_fails_check_and_build_at_the_entry() {
    let ws = Workspace::new()
        .config("title: Test\npackets:\n  weekly:\n    audience: TLP:GREEN\n    briefs: [talks, shiping]\n")
        .note("briefs/talks/a.md", &note("A", &[("Iran", "x")]))
        .note("briefs/shipping/b.md", &note("B", &[("Iran", "x")]));
    let check = ws.run_with(["check"]);
    assert_eq!(check.status, 1);
    assert_eq!(
        check.diagnostic_lines(),
        [
            "brief.yaml:5:21: error[unknown-brief]: packet `weekly` lists `shiping`, which names no brief"
        ]
    );
    assert!(
        check.stderr.contains("= help: did you mean `shipping`?"),
        "{}",
        check.stderr
    );
    let build = ws.run_with(["build", "--format", "json", "-q"]);
    assert_eq!(build.status, 1, "{}", build.stderr);
    assert!(
        build
            .stderr
            .contains("brief.yaml:5:21: error[unknown-brief]: packet `weekly` lists `shiping`"),
        "{}",
        build.stderr
    );
    // The packet is still built from its real briefs, without calling the
    // misspelt entry a brief withheld from its audience.
    let html = ws.run_with(["build", "--format", "html"]);
    assert_eq!(html.status, 1, "{}", html.stderr);
    assert!(
        !html.stderr.contains("empty-packet-brief"),
        "{}",
        html.stderr
    );
    let page = std::fs::read_to_string(ws.path().join("out/packets/weekly.html")).unwrap();
    assert!(!page.contains("shiping"), "no trace of the misspelt entry");
    assert!(
        html.stderr.contains("; errors in brief.yaml (left out)\n"),
        "the error is brief.yaml's, not a note's: {}",
        html.stderr
    );
    let strict = ws.run_with(["build", "--strict"]);
    assert!(
        strict
            .stderr
            .contains("errors in brief.yaml; nothing written (--strict)"),
        "{}",
        strict.stderr
    );
}

#[test]
fn list_briefs_names_what_build_can_build() {
    let ws = Workspace::new()
        .config("title: Test\nbriefs:\n  planned: { title: Not written yet }\n")
        .note("briefs/talks/a.md", &note("A", &[("Iran", "x")]));
    let out = ws.run_with(["list", "briefs"]);
    assert_eq!(out.stdout, "talks\n");
    let planned = ws.run_with(["build", "--brief", "planned", "--format", "json"]);
    assert_eq!(planned.status, 2, "no notes: nothing to build");
}

#[test]
fn new_refuses_a_brief_name_close_to_an_existing_one_unless_told() {
    let ws = Workspace::new().note("briefs/us-iran-talks/a.md", &note("A", &[("Iran", "x")]));
    let refused = ws.run_with(["new", "us-iran-talk"]);
    assert_eq!(refused.status, 2);
    assert_eq!(
        refused.stderr,
        "error: no brief `us-iran-talk` yet; did you mean `us-iran-talks`? (pass --new-brief to start a brief named `us-iran-talk`)\n"
    );
    assert!(
        !ws.path().join("briefs/us-iran-talk").exists(),
        "nothing written"
    );
    let started = ws.run_with(["new", "us-iran-talk", "--new-brief", "--date", "2026-10-01"]);
    assert_eq!(started.status, 0, "{}", started.stderr);
    assert_eq!(
        started.stdout,
        "briefs/us-iran-talk/2026-10-01-new-note.md\n"
    );
    let text = ws.read("briefs/us-iran-talk/2026-10-01-new-note.md");
    assert!(text.contains("\ndate: 2026-10-01\n"), "{text}");
    let unrelated = ws.run_with(["new", "red-sea", "--date", "2026-10-02"]);
    assert_eq!(
        unrelated.status, 0,
        "a name close to nothing starts a brief"
    );
}

#[test]
fn check_paths_reports_only_those_notes_with_the_workspace_as_context() {
    let ws = Workspace::new()
        .config(CONFIG)
        .note("briefs/talks/a.md", &note("A", &[("Hezbollah", "x")]))
        .note("briefs/talks/b.md", &note("B", &[("Hezbollah", "x")]))
        .note("briefs/talks/c.md", &note("C", &[("Hezbolah", "x")]))
        .note("briefs/other/broken.md", "---\ntitle: no date\n---\n");
    let out = ws.run_with(["check", "briefs/talks/c.md"]);
    assert_eq!(out.status, 0, "the broken note is not among those checked");
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/c.md:5:11: warning[misspelt-name]: actor `Hezbolah` looks like a misspelling of `Hezbollah` (used in 2 notes)"
        ],
        "other notes still count as context"
    );
    assert!(
        out.stderr
            .ends_with("Checked 1 note in 1 brief: all valid, 1 warning\n"),
        "{}",
        out.stderr
    );
    let folder = ws.run_with(["check", "briefs/other"]);
    assert_eq!(folder.status, 1);
    assert_eq!(folder.diagnostic_lines().len(), 1, "{}", folder.stderr);
    let outside = ws.run_with(["check", "/"]);
    assert_eq!(outside.status, 2);
    assert_eq!(outside.stderr, "error: / is outside the workspace\n");
    std::fs::write(ws.path().join("README.md"), "# Not a note\n").unwrap();
    let stray = ws.run_with(["check", "README.md"]);
    assert_eq!(stray.status, 2, "{}", stray.stderr);
    assert_eq!(
        stray.stderr,
        "error: README.md holds no note of the workspace (notes are `briefs/**/*.md`)\n"
    );
}

#[cfg(unix)]
#[test]
fn check_path_through_a_linked_brief_folder_checks_its_notes() {
    let ws = Workspace::new()
        .config(CONFIG)
        .note("notes/gulf/a.md", "---\ntitle: A\ndate: 2026-11-20\nactors:\n  - { name: Iran, leverage: 9, stakes: 2 }\n---\n");
    std::fs::create_dir_all(ws.path().join("briefs")).unwrap();
    std::os::unix::fs::symlink("../notes/gulf", ws.path().join("briefs/gulf")).unwrap();
    let out = ws.run_with(["check", "briefs/gulf/a.md"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        ["briefs/gulf/a.md:5:29: error[out-of-range]: `leverage` is 9, outside -5..5"]
    );
}

#[test]
fn a_json_build_says_nothing_of_the_packets_it_does_not_write() {
    let ws = Workspace::new()
        .config("title: Test\npackets:\n  p: { audience: TLP:CLEAR, briefs: [talks, quiet] }\nbriefs:\n  quiet: {}\n")
        .note("briefs/talks/a.md", &note("A", &[("Iran", "x")]));
    let json = ws.run_with(["build", "--format", "json"]);
    assert_eq!(json.status, 0, "{}", json.stderr);
    assert_eq!(
        json.diagnostic_lines(),
        Vec::<&str>::new(),
        "{}",
        json.stderr
    );
    let html = ws.run_with(["build", "--format", "html", "-q"]);
    assert_eq!(
        html.diagnostic_lines(),
        [
            "brief.yaml: warning[empty-packet-brief]: packet `p`: brief `quiet` has no notes releasable to TLP:CLEAR; the packet says so"
        ]
    );
    let asked = ws.run_with(["build", "--format", "json", "--packet", "p"]);
    assert_eq!(asked.status, 2);
    assert_eq!(
        asked.stderr,
        "error: --packet needs a format with packet files: add html or pdf to --format\n"
    );
}

#[test]
#[cfg(target_os = "linux")]
fn io_errors_name_their_cause_once() {
    // /proc refuses new folders: the cause is an OS error, which used to be
    // printed twice.
    let out = Workspace::new()
        .note("briefs/talks/a.md", &note("A", &[("Iran", "x")]))
        .run_with(["build", "--format", "json", "--out", "/proc/brief-test/out"]);
    assert_eq!(out.status, 2);
    assert_eq!(
        out.stderr.lines().last().unwrap_or_default(),
        "error: could not create output directory /proc/brief-test/out: No such file or directory (os error 2)"
    );
}

#[test]
fn a_packet_without_an_audience_is_reported_at_its_name() {
    let out = Workspace::new()
        .config("title: Test\npackets:\n  weekly:\n    briefs: [talks]\n")
        .run_with(["check"]);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        ["brief.yaml:3:3: error[missing-key]: packet has no `audience`"]
    );
}

#[test]
fn estimates_a_day_apart_say_one_day() {
    let scenario = |date: &str, likelihood: &str| {
        format!(
            "---\ntitle: T\ndate: {date}\nscenarios:\n  - name: Deal\n    likelihood: {likelihood}\n---\n"
        )
    };
    let out = Workspace::new()
        .note("briefs/talks/a.md", &scenario("2026-11-19", "unlikely"))
        .note("briefs/talks/b.md", &scenario("2026-11-20", "very likely"))
        .run_with(["check"]);
    let lines = out.diagnostic_lines();
    assert_eq!(lines.len(), 1, "{}", out.stderr);
    assert!(lines[0].contains("(1 day earlier)"), "{}", lines[0]);
}
