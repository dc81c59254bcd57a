//! `note::check` on whole notes: what a valid note becomes, and how aliases,
//! sections and defaults from brief.yaml shape it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::civil::date;

use super::*;
use crate::config::{self, Config};
use crate::vocab::{Confidence, Reliability, Status, Term};

const CONFIG: &str = "\
title: Test
marking: TLP:GREEN
actors:
  United States: { aliases: [U.S., Washington] }
  Iran: { aliases: [Tehran] }
";

fn config(text: &str) -> Config {
    let loaded = config::parse(Path::new("brief.yaml"), &Arc::from(text));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.config.expect("valid config")
}

fn file(path: &str) -> NoteFile {
    let path = PathBuf::from(path);
    let folder = path
        .components()
        .nth(1)
        .filter(|_| path.components().count() > 2)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    NoteFile { path, folder }
}

fn check_with(text: &str, config_text: &str) -> Checked {
    check(
        &file("briefs/x/note.md"),
        Arc::from(text),
        &config(config_text),
    )
}

fn valid(text: &str) -> Note {
    let checked = check_with(text, CONFIG);
    assert!(
        !checked.diagnostics.iter().any(Diagnostic::is_error),
        "{}",
        crate::diag::render(&checked.diagnostics, crate::diag::Format::Human, false)
    );
    checked.note.expect("a valid note")
}

/// (line, column, code, message) of each diagnostic.
fn problems(checked: &Checked) -> Vec<(usize, usize, Code, String)> {
    checked
        .diagnostics
        .iter()
        .map(|d| {
            let (line, column) = d.line_col().unwrap_or((0, 0));
            (line, column, d.code, d.message.clone())
        })
        .collect()
}

const FULL: &str = "---
title: Doha round three ends with a verification working group
date: 2026-11-20
brief: us-iran-talks
author: J. Okafor
confidence: high
marking: amber+strict
tags: [doha, verification]
sources:
  - title: Qatari statement at the close of the third round
    url: https://example.org/statement
    reliability: A
    credibility: 2
actors:
  - name: Iran
    leverage: 3
    stakes: 5
    mechanism: step-for-step bargaining
    rationale: Has a forum on verification.
  - name: U.S.
    leverage: -2
    stakes: 0
watch:
  - indicator: First frozen funds tranche transferred
    due: 2026-12-10
    status: observed
  - indicator: Inspectors return
scenarios:
  - name: Ceasefire holds
    likelihood: \"65%\"
  - name: Talks collapse
    likelihood: Very Unlikely
---
The third round closed with a working group on verification.

## Events

Delegations met for two days.

## Leverage

Iran gained a forum.

## What mechanism is operating?

Step-for-step bargaining.

## Implications

The nuclear file is back on the table.

## Indicators

Funds and inspectors.

## Background

Rounds one and two.
";

#[test]
fn a_note_with_every_field_set_is_read_field_by_field() {
    let note = valid(FULL);
    let front = &note.front;
    assert_eq!(
        note.title(),
        "Doha round three ends with a verification working group"
    );
    assert_eq!(note.date(), date(2026, 11, 20));
    // `brief:` wins over the folder (`x`).
    assert_eq!(note.brief, "us-iran-talks");
    assert_eq!(front.author.as_deref(), Some("J. Okafor"));
    assert_eq!(front.confidence, Confidence::High);
    assert_eq!(front.marking, Some(Marking::AmberStrict));
    assert_eq!(note.marking, Marking::AmberStrict);
    assert_eq!(front.tags, ["doha", "verification"]);

    let source = &front.sources[0];
    assert_eq!(
        source.title,
        "Qatari statement at the close of the third round"
    );
    assert_eq!(source.url.as_deref(), Some("https://example.org/statement"));
    assert_eq!(source.reliability, Some(Reliability::A));
    assert_eq!(source.credibility, Some(2));

    assert_eq!(front.actors.len(), 2);
    let iran = &front.actors[0];
    assert_eq!(
        (iran.name.as_str(), iran.leverage, iran.stakes),
        ("Iran", 3, 5)
    );
    assert_eq!(iran.mechanism.as_deref(), Some("step-for-step bargaining"));
    assert_eq!(
        iran.rationale.as_deref(),
        Some("Has a forum on verification.")
    );
    // Names are kept as written; aggregation resolves aliases.
    let us = &front.actors[1];
    assert_eq!((us.name.as_str(), us.leverage, us.stakes), ("U.S.", -2, 0));
    assert_eq!(us.mechanism, None);

    assert_eq!(front.watch[0].due, Some(date(2026, 12, 10)));
    assert_eq!(front.watch[0].status, Status::Observed);
    assert_eq!(front.watch[1].indicator, "Inspectors return");
    assert_eq!(front.watch[1].due, None);
    assert_eq!(
        front.watch[1].status,
        Status::Open,
        "status defaults to open"
    );

    let [holds, collapse] = &front.scenarios[..] else {
        panic!("two scenarios expected")
    };
    assert_eq!(holds.likelihood.term, Term::Likely);
    assert_eq!(holds.likelihood.percent, [65.0, 65.0]);
    assert_eq!(collapse.likelihood.term, Term::VeryUnlikely);
    assert_eq!(collapse.likelihood.percent, [5.0, 20.0]);

    // Later stages point at the date through the note's own text.
    assert_eq!(&note.text[note.spans.date.clone()], "2026-11-20");
}

#[test]
fn lede_and_sections_are_matched_through_their_synonyms() {
    let note = valid(FULL);
    assert_eq!(
        note.body.lede,
        "The third round closed with a working group on verification."
    );
    let section = |kind| note.section_text(kind);
    assert_eq!(
        section(SectionKind::WhatHappened).as_deref(),
        Some("Delegations met for two days.")
    );
    assert_eq!(
        section(SectionKind::WhoGains).as_deref(),
        Some("Iran gained a forum.")
    );
    assert_eq!(
        section(SectionKind::Mechanism).as_deref(),
        Some("Step-for-step bargaining.")
    );
    assert_eq!(
        section(SectionKind::WhyItMatters).as_deref(),
        Some("The nuclear file is back on the table.")
    );
    assert_eq!(
        section(SectionKind::WhatToWatch).as_deref(),
        Some("Funds and inspectors.")
    );
    let others: Vec<&str> = note
        .body
        .other_sections()
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(others, ["Background"]);
}

/// `brief lsp` indexes notes without their bodies and splits one when it
/// is opened: the note it then holds is the one a full check gives.
#[test]
fn a_body_left_unsplit_is_split_later_to_the_same_body() {
    let config = config(CONFIG);
    let checker = Checker::new(&config).leaving_bodies();
    let checked = checker.check(&file("briefs/x/note.md"), Arc::from(FULL));
    let mut note = checked.note.expect("a valid note");
    assert_eq!(note.body, Body::default(), "the body is left unsplit");
    note.split_body();
    assert_eq!(note.body, valid(FULL).body);
    assert!(!note.body.sections.is_empty());
}

#[test]
fn the_lede_stands_in_for_what_happened() {
    let note = valid("---\ntitle: T\ndate: 2026-11-20\n---\nThe lede.\n\n## Stakes\n\nHigh.\n");
    assert_eq!(
        note.section_text(SectionKind::WhatHappened).as_deref(),
        Some("The lede.")
    );
    assert_eq!(note.section_text(SectionKind::WhoGains), None);
}

#[test]
fn minimal_note_takes_its_brief_from_the_folder_and_defaults_from_brief_yaml() {
    let note = valid("---\ntitle: T\ndate: 2026-11-20\n---\n");
    assert_eq!(note.brief, "x");
    assert_eq!(note.front.confidence, Confidence::Moderate);
    assert_eq!(note.front.marking, None);
    // brief.yaml says TLP:GREEN.
    assert_eq!(note.marking, Marking::Green);
    assert!(note.front.actors.is_empty() && note.body.sections.is_empty());

    // Without a default in brief.yaml, TLP:CLEAR.
    let checked = check_with("---\ntitle: T\ndate: 2026-11-20\n---\n", "title: Test\n");
    assert_eq!(checked.note.unwrap().marking, Marking::Clear);
}

#[test]
fn duplicate_actors_are_found_through_aliases_case_and_spacing() {
    let checked = check_with(
        "---\ntitle: T\ndate: 2026-11-20\nactors:\n\
         \x20 - name: U.S.\n    leverage: 1\n    stakes: 1\n\
         \x20 - name: Washington\n    leverage: 1\n    stakes: 1\n\
         \x20 - name: Iran\n    leverage: 1\n    stakes: 1\n\
         \x20 - name: \"  IRAN \"\n    leverage: 1\n    stakes: 1\n\
         \x20 - name: Qatar\n    leverage: 1\n    stakes: 1\n\
         ---\n",
        CONFIG,
    );
    assert!(checked.note.is_none());
    assert_eq!(
        problems(&checked),
        [
            (
                8,
                11,
                Code::DuplicateActor,
                "actor `Washington` is scored twice in this note (as `U.S.` too)".to_owned()
            ),
            (
                14,
                11,
                Code::DuplicateActor,
                "actor `IRAN` is scored twice in this note (as `Iran` too)".to_owned()
            ),
        ]
    );
}

#[test]
fn distinct_actors_unknown_to_brief_yaml_are_not_duplicates() {
    let note = valid(
        "---\ntitle: T\ndate: 2026-11-20\nactors:\n\
         \x20 - name: Qatar\n    leverage: 1\n    stakes: 1\n\
         \x20 - name: Oman\n    leverage: 1\n    stakes: 1\n\
         ---\n",
    );
    assert_eq!(note.front.actors.len(), 2);
}

#[test]
fn every_problem_of_a_note_is_reported_in_order() {
    let checked = check_with(
        "---\ntitle: \"\"\ndate: 2026-11-20\nconfidence: sure\nactors:\n\
         \x20 - name: Iran\n    leverage: 6\n    stakes: 2.5\n    mechansim: x\n---\n",
        CONFIG,
    );
    assert!(checked.note.is_none());
    let codes: Vec<(usize, usize, Code)> = problems(&checked)
        .into_iter()
        .map(|(line, column, code, _)| (line, column, code))
        .collect();
    assert_eq!(
        codes,
        [
            (2, 8, Code::EmptyValue),
            (4, 13, Code::UnknownValue),
            (7, 15, Code::OutOfRange),
            (8, 13, Code::FractionalScore),
            (9, 5, Code::UnknownKey),
        ]
    );
    assert_eq!(
        checked.diagnostics[4].help.as_deref(),
        Some("did you mean `mechanism`?")
    );
}

#[test]
fn positions_survive_a_byte_order_mark_and_crlf() {
    let checked = check_with(
        "\u{feff}---\r\ntitle: T\r\ndate: 2026-11-20\r\nstakes: 1\r\n---\r\n",
        CONFIG,
    );
    let [(line, column, code, _)] = &problems(&checked)[..] else {
        panic!("{:?}", checked.diagnostics)
    };
    assert_eq!((*line, *column, *code), (4, 1, Code::UnknownKey));
    assert_eq!(
        checked.diagnostics[0].help.as_deref(),
        Some("`stakes` belongs to each entry under `actors:`")
    );
}

#[test]
fn placeholders_in_front_matter_and_body_make_a_note_invalid() {
    let checked = check_with(
        "---\ntitle: \"TODO: one line\"\ndate: 2026-11-20\n---\nTODO: the lede\n\nDone.\n",
        CONFIG,
    );
    assert!(checked.note.is_none());
    let found: Vec<(usize, Code, Option<&str>)> = checked
        .diagnostics
        .iter()
        .map(|d| (d.line_col().unwrap().0, d.code, d.help.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            (2, Code::Placeholder, Some("replace it with one line")),
            (5, Code::Placeholder, Some("replace it with the lede")),
        ]
    );
}

#[test]
fn a_note_in_no_brief_folder_needs_brief() {
    let text = "---\ntitle: T\ndate: 2026-11-20\n---\n";
    let config = config(CONFIG);
    let loose = check(&file("briefs/loose.md"), Arc::from(text), &config);
    assert_eq!(loose.diagnostics[0].code, Code::NoBrief);
    assert!(loose.note.is_none());

    let with_brief = "---\ntitle: T\ndate: 2026-11-20\nbrief: hormuz\n---\n";
    let placed = check(&file("briefs/loose.md"), Arc::from(with_brief), &config);
    assert_eq!(placed.note.expect("valid").brief, "hormuz");
}

#[test]
fn only_todo_as_a_word_is_a_placeholder() {
    use crate::note::validate::is_placeholder;
    assert!(is_placeholder("TODO: fill in"));
    assert!(is_placeholder("  TODO"));
    assert!(is_placeholder("TODO write more"));
    assert!(!is_placeholder("TODOs pile up in the ministry"));
    assert!(!is_placeholder("Not a TODO"));
}

#[test]
fn deny_warnings_makes_them_errors() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("brief.yaml"), "title: T\n").unwrap();
    std::fs::create_dir_all(dir.path().join("briefs/x")).unwrap();
    std::fs::write(
        dir.path().join("briefs/x/a.md"),
        "---\ntitle: T\ndate: 2026-11-20\nwatch:\n  - indicator: Talks resume\n---\n",
    )
    .unwrap();
    let mut loaded = crate::load::load(dir.path()).unwrap();
    assert!(!loaded.has_errors());
    loaded.deny_warnings();
    assert!(loaded.has_errors());
}
