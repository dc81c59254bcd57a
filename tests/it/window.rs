//! A window (issue 22): `window_days` in brief.yaml (top level, per brief,
//! per packet) and `--window` on build; notes outside it take no part in
//! the brief, and the brief says how many it leaves out.

use crate::util::Workspace;

fn note(date: &str, leverage: i8, title: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: {date}\nactors:\n  - name: Iran\n    leverage: {leverage}\n    stakes: 3\nwatch:\n  - indicator: Indicator of {title}\n    due: 2026-12-31\n---\nBody of {title}.\n"
    )
}

fn workspace(config: &str) -> Workspace {
    Workspace::new()
        .config(config)
        .note(
            "briefs/talks/old.md",
            &note("2026-06-01", -4, "Old development"),
        )
        .note(
            "briefs/talks/mid.md",
            &note("2026-10-01", 0, "Middle development"),
        )
        .note(
            "briefs/talks/new.md",
            &note("2026-11-20", 2, "New development"),
        )
}

fn json(ws: &Workspace, name: &str) -> serde_json::Value {
    serde_json::from_str(&ws.read(&format!("out/{name}.json"))).unwrap()
}

#[test]
fn notes_outside_the_window_take_no_part_and_are_counted() {
    let ws = workspace("title: T\nwindow_days: 90\n");
    let out = ws.run_with(["build", "--format", "html,json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let brief = json(&ws, "talks");
    assert_eq!(brief["notes"], 2, "the June note is 172 days old");
    assert_eq!(
        brief["window"],
        serde_json::json!({ "days": 90, "earlier_notes": 1 })
    );
    // Its score, watch item and text are nowhere.
    assert_eq!(brief["actors"][0]["notes"], 2);
    assert!(brief["actors"][0]["leverage"].as_f64().unwrap() > 0.0);
    let html = ws.read("out/talks.html");
    assert!(!html.contains("Old development") && !html.contains("Indicator of Old"));
    assert!(html.contains("2 notes (notes of the last 90 days; 1 earlier note left out)"));
    // A day is in the window while its age is under N: 50 days leaves the
    // October note (50 days old) out too.
    ws.run_with(["build", "--format", "json", "--window", "50"]);
    assert_eq!(json(&ws, "talks")["window"]["earlier_notes"], 2);
    ws.run_with(["build", "--format", "json", "--window", "51"]);
    assert_eq!(json(&ws, "talks")["window"]["earlier_notes"], 1);
}

#[test]
fn the_most_specific_window_wins_and_the_command_line_over_all() {
    let config = "title: T\nwindow_days: 400\nbriefs:\n  talks: { window_days: 90 }\npackets:\n  p:\n    audience: TLP:RED\n    briefs: [talks]\n    window_days: 30\n";
    let ws = workspace(config);
    let out = ws.run_with(["build", "--format", "html,json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_eq!(json(&ws, "talks")["window"]["days"], 90, "the brief's own");
    let packet = ws.read("out/packets/p.html");
    assert!(
        packet.contains("notes of the last 30 days; 2 earlier notes left out"),
        "the packet's"
    );
    assert!(!packet.contains("Middle development"));
    ws.run_with(["build", "--format", "html,json", "--window", "365"]);
    assert_eq!(json(&ws, "talks")["window"]["earlier_notes"], 0);
    assert!(ws.read("out/packets/p.html").contains("Middle development"));
}

#[test]
fn without_a_window_every_note_takes_part() {
    let ws = workspace("title: T\n");
    ws.run_with(["build", "--format", "json"]);
    let brief = json(&ws, "talks");
    assert_eq!(brief["notes"], 3);
    assert_eq!(brief["window"], serde_json::Value::Null);
}

#[test]
fn a_window_that_is_not_a_whole_number_of_days_is_an_error_at_it() {
    let out = workspace("title: T\nwindow_days: 0\n").run_with(["check"]);
    assert_eq!(out.status, 1);
    assert!(
        out.diagnostic_lines()[0].starts_with("brief.yaml:2:14: error[out-of-range]"),
        "{}",
        out.stderr
    );
    let out = workspace("title: T\n").run_with(["build", "--window", "0"]);
    assert_eq!(out.status, 2, "a usage error");
}
