//! Analysis beyond the figures (issue 23): indicators tied to scenarios
//! and the estimate-against-evidence warning, key judgments, review before
//! release and the sourcing summary, run through the binary.

use crate::util::Workspace;

/// A note estimating `scenario` as `likelihood`, with the given watch items
/// (`(indicator, status, relation)`, relation `supports` or `undermines`).
fn estimating(
    date: &str,
    scenario: &str,
    likelihood: &str,
    watch: &[(&str, &str, &str)],
) -> String {
    let mut text = format!(
        "---\ntitle: Note of {date}\ndate: {date}\nactors:\n  - name: Iran\n    leverage: 1\n    stakes: 3\nwatch:\n"
    );
    for (indicator, status, relation) in watch {
        text.push_str(&format!(
            "  - indicator: {indicator}\n    due: 2026-12-01\n    status: {status}\n    {relation}: [{scenario}]\n"
        ));
    }
    text.push_str(&format!(
        "scenarios:\n  - name: {scenario}\n    likelihood: {likelihood}\n---\nBody.\n"
    ));
    text
}

#[test]
fn an_estimate_against_three_observed_indicators_is_flagged_at_its_likelihood() {
    let out = Workspace::new()
        .note(
            "briefs/talks/a.md",
            &estimating(
                "2026-11-20",
                "Talks collapse",
                "unlikely",
                &[
                    ("Envoy recalled", "observed", "supports"),
                    ("Embassy staff leave", "observed", "supports"),
                    ("Strikes resume", "observed", "supports"),
                    ("Second round held", "open", "undermines"),
                ],
            ),
        )
        .run_with(["check"]);
    assert_eq!(out.status, 0, "a warning: {}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/a.md:27:17: warning[estimate-against-evidence]: scenario `Talks collapse` is estimated unlikely (20–45%), but 3 of its supporting indicators are observed and none undermining: observed indicators run against this estimate; revisit it"
        ]
    );
}

#[test]
fn an_undermining_observation_or_a_middling_estimate_raises_no_flag() {
    let watch = [
        ("Envoy recalled", "observed", "supports"),
        ("Embassy staff leave", "observed", "supports"),
        ("Strikes resume", "observed", "supports"),
        ("Second round held", "observed", "undermines"),
    ];
    for (likelihood, watch) in [
        ("unlikely", &watch[..]),
        ("roughly even chance", &watch[..3]),
    ] {
        let out = Workspace::new()
            .note(
                "briefs/talks/a.md",
                &estimating("2026-11-20", "Talks collapse", likelihood, watch),
            )
            .run_with(["check"]);
        assert!(
            out.diagnostic_lines().is_empty(),
            "{likelihood}: {}",
            out.stderr
        );
    }
}

#[test]
fn the_newest_estimate_is_the_one_judged_and_flagged() {
    // Three supporting indicators observed; the older note's `unlikely` was
    // revised to `likely`, so nothing runs against the estimate now.
    let out = Workspace::new()
        .note(
            "briefs/talks/a.md",
            &estimating(
                "2026-11-01",
                "Talks collapse",
                "unlikely",
                &[
                    ("Envoy recalled", "observed", "supports"),
                    ("Embassy staff leave", "observed", "supports"),
                    ("Strikes resume", "observed", "supports"),
                ],
            ),
        )
        .note(
            "briefs/talks/b.md",
            &estimating("2026-11-20", "talks collapse", "likely", &[]),
        )
        .run_with(["check"]);
    assert!(out.diagnostic_lines().is_empty(), "{}", out.stderr);
}

#[test]
fn a_tie_to_a_scenario_no_note_estimates_is_warned_with_a_did_you_mean() {
    let note = estimating(
        "2026-11-20",
        "Ceasefire holds",
        "likely",
        &[("Funds transferred", "open", "supports")],
    )
    .replace("supports: [Ceasefire holds]", "supports: [Ceasefire hold]");
    let out = Workspace::new()
        .note("briefs/talks/a.md", &note)
        .run_with(["check"]);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/a.md:12:16: warning[unknown-scenario]: `Ceasefire hold` names no scenario of brief `talks`; the indicator is not tied to it"
        ]
    );
    assert!(
        out.stderr.contains("did you mean `Ceasefire holds`?"),
        "{}",
        out.stderr
    );
}

#[test]
fn the_json_counts_each_scenarios_evidence_and_lists_its_indicators() {
    let ws = Workspace::new().note(
        "briefs/talks/a.md",
        &estimating(
            "2026-11-20",
            "Ceasefire holds",
            "likely",
            &[
                ("Funds transferred", "observed", "supports"),
                ("Second round held", "open", "supports"),
                ("Strikes resume", "lapsed", "undermines"),
            ],
        ),
    );
    let out = ws.run_with(["build", "--format", "html,json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    let scenario = &json["scenarios"][0];
    assert_eq!(
        scenario["evidence"],
        serde_json::json!({
            "supports": { "observed": 1, "open": 1, "lapsed": 0 },
            "undermines": { "observed": 0, "open": 0, "lapsed": 1 }
        })
    );
    // In watch order: open by due date, then observed, then lapsed.
    assert_eq!(scenario["indicators"][0]["indicator"], "Second round held");
    assert_eq!(scenario["indicators"][1]["indicator"], "Funds transferred");
    assert_eq!(scenario["indicators"][1]["relation"], "supports");
    assert_eq!(scenario["indicators"][2]["relation"], "undermines");
    assert_eq!(scenario["indicators"][2]["status"], "lapsed");
    let html = ws.read("out/talks.html");
    assert!(
        html.contains("<table class=\"matrix\">"),
        "the matrix is shown"
    );
    assert!(html.contains("▼</span> undermines"), "{html}");
}

const JUDGMENTS: &str = "\
---
title: Key judgments of the week
date: 2026-11-21
kind: judgments
confidence: high
judgments:
  - text: The pause holds through December.
    likelihood: \"70%\"
  - text: No deal on access this year.
    confidence: low
---
The editor's summary of the week.
";

fn scored(date: &str) -> String {
    format!(
        "---\ntitle: Development of {date}\ndate: {date}\nsources:\n  - title: Wire report\n    reliability: B\nactors:\n  - name: Iran\n    leverage: 2\n    stakes: 3\n---\nBody of {date}.\n"
    )
}

#[test]
fn the_newest_key_judgments_open_the_brief_and_are_not_counted_as_notes() {
    let older = JUDGMENTS
        .replace("2026-11-21", "2026-11-01")
        .replace("The pause holds", "Superseded judgment");
    let ws = Workspace::new()
        .note("briefs/talks/a.md", &scored("2026-11-20"))
        .note("briefs/talks/judgments.md", JUDGMENTS)
        .note("briefs/talks/old-judgments.md", &older);
    let out = ws.run_with(["build", "--format", "html,json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    assert_eq!(json["notes"], 1, "judgments notes are not counted");
    assert_eq!(json["as_of"], "2026-11-21", "but they date the brief");
    assert_eq!(
        json["judgments"],
        serde_json::json!([
            { "text": "The pause holds through December.", "confidence": "high", "likelihood": "likely", "percent": [70, 70] },
            { "text": "No deal on access this year.", "confidence": "low", "likelihood": null, "percent": null }
        ])
    );
    assert_eq!(json["actors"][0]["notes"], 1);
    let html = ws.read("out/talks.html");
    let judgments = html.find("Key judgments").expect("shown");
    let bottom = html.find("Bottom line").expect("bottom line");
    assert!(judgments < bottom, "the judgments open the brief");
    assert!(html.contains("(likely (70%), high confidence)"), "{html}");
    assert!(html.contains("The editor’s summary") || html.contains("The editor's summary"));
    assert!(
        !html.contains("Superseded judgment"),
        "only the newest is shown"
    );
    assert!(
        !html.contains("id=\"note-briefs-talks-judgments\""),
        "not in the appendix"
    );
}

#[test]
fn a_judgments_note_that_scores_actors_is_an_error_at_the_key() {
    let text = JUDGMENTS.replace(
        "judgments:\n",
        "actors:\n  - name: Iran\n    leverage: 1\n    stakes: 2\njudgments:\n",
    );
    let out = Workspace::new()
        .note("briefs/talks/j.md", &text)
        .note(
            "briefs/talks/n.md",
            "---\ntitle: N\ndate: 2026-11-20\njudgments:\n  - text: A judgment.\n---\n",
        )
        .run_with(["check"]);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/j.md:6:1: error[wrong-kind]: a `kind: judgments` note has no `actors`",
            "briefs/talks/n.md:4:1: error[wrong-kind]: `judgments` belong to a `kind: judgments` note",
        ]
    );
}

#[test]
fn a_draft_marks_its_brief_and_review_required_makes_unmarked_notes_drafts() {
    let draft = scored("2026-11-19").replace("date:", "review: draft\ndate:");
    let ws = Workspace::new()
        .note("briefs/talks/a.md", &scored("2026-11-20"))
        .note("briefs/talks/b.md", &draft);
    ws.run_with(["build"]);
    let json: serde_json::Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    assert_eq!(json["draft"], true);
    assert!(ws.read("out/talks.html").contains("class=\"draft-banner\""));

    let approved = scored("2026-11-20").replace("date:", "review: approved\ndate:");
    let ws = Workspace::new()
        .config("title: Test\nreview: required\n")
        .note("briefs/talks/a.md", &approved);
    ws.run_with(["build", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    assert_eq!(json["draft"], false, "approved explicitly");
    let ws = ws.note("briefs/talks/b.md", &scored("2026-11-21"));
    ws.run_with(["build", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    assert_eq!(json["draft"], true, "no `review:` under `review: required`");
}

#[test]
fn the_sourcing_summary_counts_sources_once_by_grade() {
    let bare = "---\ntitle: Bare\ndate: 2026-11-18\nactors:\n  - name: Iran\n    leverage: 1\n    stakes: 1\n---\nNo sources.\n";
    let ws = Workspace::new()
        .note("briefs/talks/a.md", &scored("2026-11-20"))
        .note("briefs/talks/b.md", &scored("2026-11-19"))
        .note("briefs/talks/c.md", bare);
    ws.run_with(["build", "--format", "html,json"]);
    let json: serde_json::Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    assert_eq!(
        json["source_summary"]["text"],
        "3 notes citing 1 source: 1 graded A–B; 1 note cites none."
    );
    assert_eq!(json["source_summary"]["graded_a_b"], 1);
    assert!(
        ws.read("out/talks.html")
            .contains("3 notes citing 1 source: 1 graded A–B; 1 note cites none.")
    );
}
