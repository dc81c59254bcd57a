//! Each kind of change against numbers worked by hand.
//!
//! Two notes, no graded source (r = 0.5), moderate confidence (c = 1),
//! half-life 30 days. As of 2026-11-05 only a.md counts; as of 2026-11-10
//! a.md weighs 0.5 · 0.5^(9/30) = 0.406126 and b.md 0.5.

use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::date;

use super::*;
use crate::model::{ActorMove, ContestedChange, NewActor};
use crate::note::NoteFile;
use crate::vocab::Marking;

fn config() -> Config {
    crate::config::parse(
        std::path::Path::new("brief.yaml"),
        &Arc::from("title: T\ncontested_range: 3\n"),
    )
    .config
    .unwrap()
}

fn note(path: &str, front: &str) -> Note {
    let text = format!("---\ntitle: {path}\n{front}---\nLede of {path}.\n");
    let file = NoteFile {
        path: PathBuf::from(path),
        folder: Some("b".into()),
    };
    let checked = crate::note::check(&file, Arc::from(text), &config());
    checked
        .note
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics))
}

fn fixture() -> Vec<Note> {
    vec![
        note(
            "a.md",
            "date: 2026-11-01\nmarking: clear\n\
             actors:\n\
             \x20 - { name: X, leverage: 1, stakes: 2, mechanism: m1 }\n\
             \x20 - { name: Y, leverage: 2, stakes: 1, mechanism: m1 }\n\
             watch:\n\
             \x20 - { indicator: W1, due: 2026-11-08 }\n\
             \x20 - { indicator: W2, due: 2026-12-01 }\n\
             \x20 - { indicator: W3 }\n",
        ),
        note(
            "b.md",
            "date: 2026-11-10\nmarking: green\n\
             actors:\n\
             \x20 - { name: X, leverage: 3, stakes: 2, mechanism: m2 }\n\
             \x20 - { name: Y, leverage: -2, stakes: 1, mechanism: m2 }\n\
             \x20 - { name: Z, leverage: -1, stakes: 1, mechanism: m2 }\n\
             watch:\n\
             \x20 - { indicator: W2, status: observed }\n\
             \x20 - { indicator: w3!, status: lapsed }\n\
             \x20 - { indicator: W4, due: 2026-11-20 }\n",
        ),
    ]
}

fn brief_of(notes: &[Note], since: Option<Date>) -> Brief {
    let refs: Vec<&Note> = notes.iter().collect();
    let mut brief = aggregate("b", &refs, &config(), None).unwrap().brief;
    let diagnostic = annotate(&mut brief, &refs, &config(), since.map(Since::Date), "");
    assert!(diagnostic.is_none());
    brief
}

#[test]
fn since_the_as_of_date_nothing_changed() {
    let brief = brief_of(&fixture(), Some(date(2026, 11, 10)));
    let changes = brief.changes.unwrap();
    assert_eq!(changes.since, date(2026, 11, 10));
    assert!(changes.is_empty(), "{changes:?}");
}

#[test]
fn every_kind_of_change_matches_the_hand_computed_one() {
    let changes = brief_of(&fixture(), Some(date(2026, 11, 5)))
        .changes
        .unwrap();
    // X: (0.406126·1 + 0.5·3) / 0.906126 = 2.1036 → 2.10, from 1.00: +1.10.
    // Y: (0.406126·2 − 0.5·2) / 0.906126 = −0.2072 → −0.21, from 2.00: −2.21.
    // Largest move first; ranks were Y 1, X 2 and are X 1, Y 2.
    assert_eq!(
        changes.moved,
        [
            ActorMove {
                name: "Y".into(),
                from: 2.0,
                to: -0.21,
                delta: -2.21,
                rank_from: 1,
                rank_to: 2
            },
            ActorMove {
                name: "X".into(),
                from: 1.0,
                to: 2.1,
                delta: 1.1,
                rank_from: 2,
                rank_to: 1
            },
        ]
    );
    assert_eq!(
        changes.new_actors,
        [NewActor {
            name: "Z".into(),
            leverage: -1.0,
            rank: 3,
            contested: false
        }]
    );
    // Y's scores now range from −2 to 2: 4 ≥ 3. X ranges 2: not contested.
    assert_eq!(
        changes.contested,
        [ContestedChange {
            name: "Y".into(),
            contested: true,
            range: 4
        }]
    );
    // m1: 2 pairs × 0.406126 = 0.81; m2: 3 pairs × 0.5 = 1.50.
    assert_eq!(
        changes.dominant_mechanism,
        Some(MechanismChange {
            from: Some("m1".into()),
            to: Some("m2".into())
        })
    );
    let watch: Vec<(&str, WatchChangeKind)> = changes
        .watch
        .iter()
        .map(|w| (w.indicator.as_str(), w.change))
        .collect();
    // Open by due date (W1 due 11-08 is now overdue, W4 new), then
    // observed (W2), then lapsed (W3, merged with "w3!").
    assert_eq!(
        watch,
        [
            ("W1", WatchChangeKind::Overdue),
            ("W4", WatchChangeKind::New),
            ("W2", WatchChangeKind::Observed),
            ("W3", WatchChangeKind::Lapsed),
        ]
    );
    let added: Vec<&str> = changes
        .notes_added
        .iter()
        .map(|n| n.title.as_str())
        .collect();
    assert_eq!(added, ["b.md"]);
    assert_eq!(
        changes.marking,
        Some(MarkingChange {
            from: Some(Marking::Clear),
            to: Marking::Green
        })
    );
}

#[test]
fn before_the_first_note_everything_is_new() {
    let changes = brief_of(&fixture(), Some(date(2026, 10, 1)))
        .changes
        .unwrap();
    assert!(changes.moved.is_empty() && changes.contested.is_empty());
    assert_eq!(changes.new_actors.len(), 3);
    assert_eq!(changes.notes_added.len(), 2);
    assert!(
        changes
            .watch
            .iter()
            .all(|w| w.change == WatchChangeKind::New)
    );
    assert_eq!(changes.marking.unwrap().from, None);
    assert_eq!(changes.dominant_mechanism.unwrap().from, None);
}

#[test]
fn a_move_under_half_a_point_is_not_reported() {
    // As of 11-02: a.md weighs 1.5 · 0.5 · 0.5^(1/30) = 0.7327, b.md 0.5;
    // X = (0.7327·1 + 0.5·2) / 1.2327 = 1.4056 → 1.41, a move of 0.41.
    let notes = vec![
        note(
            "a.md",
            "date: 2026-11-01\nconfidence: high\nactors:\n  - { name: X, leverage: 1, stakes: 1 }\n",
        ),
        note(
            "b.md",
            "date: 2026-11-02\nactors:\n  - { name: X, leverage: 2, stakes: 1 }\n",
        ),
    ];
    let brief = brief_of(&notes, Some(date(2026, 11, 1)));
    assert_eq!(brief.actors[0].leverage, 1.41);
    let changes = brief.changes.unwrap();
    assert!(changes.moved.is_empty(), "{changes:?}");
    assert_eq!(changes.notes_added.len(), 1);
}

#[test]
fn a_since_after_the_as_of_date_warns_and_shows_nothing() {
    let notes = fixture();
    let refs: Vec<&Note> = notes.iter().collect();
    let mut brief = aggregate("b", &refs, &config(), None).unwrap().brief;
    let warning = annotate(
        &mut brief,
        &refs,
        &config(),
        Some(Since::Date(date(2026, 12, 1))),
        "",
    )
    .expect("a warning");
    assert_eq!(warning.code, Code::SinceAfterAsOf);
    assert!(brief.changes.is_none());
}

#[test]
fn relative_since_counts_back_from_the_as_of_date() {
    let brief = brief_of(&fixture(), None);
    assert!(brief.changes.is_none());
    let notes = fixture();
    let refs: Vec<&Note> = notes.iter().collect();
    let mut brief = aggregate("b", &refs, &config(), None).unwrap().brief;
    annotate(&mut brief, &refs, &config(), Some(Since::Days(5)), "");
    assert_eq!(brief.changes.unwrap().since, date(2026, 11, 5));
    assert_eq!(Since::parse("2w"), Ok(Since::Days(14)));
    assert_eq!(
        Since::parse("2026-11-05"),
        Ok(Since::Date(date(2026, 11, 5)))
    );
    assert!(Since::parse("7x").is_err());
    assert!(Since::parse("d").is_err());
}

#[test]
fn the_timeline_ends_at_each_actors_leverage() {
    let brief = brief_of(&fixture(), None);
    let timeline = &brief.timeline;
    // Weeks back from 11-10 within the span from 11-01: 11-03, 11-10.
    assert_eq!(timeline.dates, [date(2026, 11, 3), date(2026, 11, 10)]);
    let names: Vec<&str> = timeline.actors.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["X", "Y", "Z"]);
    for (series, actor) in timeline.actors.iter().zip(&brief.actors) {
        assert_eq!(series.leverage.last(), Some(&Some(actor.leverage)));
    }
    // As of 11-03 only a.md counts; Z is not scored yet.
    assert_eq!(timeline.actors[0].leverage[0], Some(1.0));
    assert_eq!(timeline.actors[1].leverage[0], Some(2.0));
    assert_eq!(timeline.actors[2].leverage[0], None);
}
