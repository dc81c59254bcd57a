//! A small aggregated brief, written out by hand, for the HTML unit tests.

use jiff::civil::date;

use super::site::Site;
use crate::model::{
    ActorScore, ActorTimeline, BottomLine, Brief, MechanismScore, NamedFigure, NextDue, NoteActor,
    NoteEntry, NoteRef, Passage, SectionPassages, Source, SourceSummary, Timeline, Trend,
    WatchItem,
};
use crate::vocab::{Confidence, Marking, Reliability, SectionKind, Status};

pub(crate) fn site() -> Site {
    Site {
        title: "Gulf desk".to_owned(),
        organization: Some("Analysis Unit".to_owned()),
        contested_range: 3,
    }
}

pub(crate) fn actor(name: &str, leverage: f64, stakes: f64, contested: bool) -> ActorScore {
    ActorScore {
        name: name.to_owned(),
        leverage,
        stakes,
        range: if contested { 4 } else { 1 },
        contested,
        trend: Trend::Up,
        notes: 1,
    }
}

pub(crate) fn note_ref() -> NoteRef {
    NoteRef {
        title: "Talks resume in Muscat".to_owned(),
        date: date(2026, 11, 18),
        confidence: Confidence::High,
        marking: Marking::Green,
        anchor: "note-talks-resume".to_owned(),
    }
}

/// Three actors in rank order (a contested gainer, a neutral party with
/// the most at stake, a loser), one overdue and one observed watch item,
/// one graded source and one note quoted in "Who gains leverage".
pub(crate) fn brief() -> Brief {
    let note = note_ref();
    Brief {
        slug: "gulf".to_owned(),
        title: "Gulf talks".to_owned(),
        summary: None,
        as_of: date(2026, 11, 20),
        marking: Marking::Green,
        drafts: 0,
        judgments: None,
        bottom_line: BottomLine {
            top_gainer: Some(NamedFigure {
                name: "Iran".to_owned(),
                value: 1.5,
            }),
            dominant_mechanism: Some(NamedFigure {
                name: "step-for-step bargaining".to_owned(),
                value: 2.25,
            }),
            highest_stakes: Some(NamedFigure {
                name: "Oman".to_owned(),
                value: 4.5,
            }),
            next_due: Some(NextDue {
                indicator: "Second round".to_owned(),
                due: date(2026, 12, 1),
                overdue: false,
            }),
        },
        actors: vec![
            actor("Iran", 1.5, 3.0, true),
            actor("Oman", 0.0, 4.5, false),
            actor("United States", -2.5, 3.0, false),
        ],
        mechanisms: vec![MechanismScore {
            name: "step-for-step bargaining".to_owned(),
            weight: 2.25,
            actors: vec!["Iran".to_owned(), "United States".to_owned()],
        }],
        watch: vec![
            WatchItem {
                indicator: "Sanctions waiver".to_owned(),
                due: Some(date(2026, 11, 15)),
                status: Status::Open,
                overdue: true,
                notes: 1,
            },
            WatchItem {
                indicator: "Envoy visit".to_owned(),
                due: None,
                status: Status::Observed,
                overdue: false,
                notes: 1,
            },
        ],
        scenarios: Vec::new(),
        sources: vec![Source {
            title: "Wire report".to_owned(),
            url: Some("https://example.org/wire".to_owned()),
            reliability: Some(Reliability::B),
            credibility: Some(2),
            notes: vec![note.clone()],
        }],
        source_summary: SourceSummary {
            notes: 1,
            sources: 1,
            graded_a_b: 1,
            ..SourceSummary::default()
        },
        sections: vec![SectionPassages {
            kind: SectionKind::WhoGains,
            passages: vec![Passage {
                note: note.clone(),
                markdown: "Tehran gains room to manoeuvre.".to_owned(),
                figures: Vec::new(),
            }],
        }],
        notes: vec![NoteEntry {
            note,
            path: "briefs/gulf/talks.md".to_owned(),
            author: Some("R. Analyst".to_owned()),
            tags: vec!["talks".to_owned(), "oman".to_owned()],
            weight: 1.0,
            lede: "Delegations met again.".to_owned(),
            actors: vec![NoteActor {
                name: "United States".to_owned(),
                leverage: -3,
                stakes: 3,
                mechanism: None,
                rationale: Some("waiver delayed".to_owned()),
            }],
            other_sections: Vec::new(),
            footnotes: Vec::new(),
            figures: Vec::new(),
        }],
        window: None,
        changes: None,
        timeline: Timeline::default(),
    }
}

/// `count` actors, each with a timeline over three weeks.
pub(crate) fn with_timeline(mut brief: Brief, count: usize) -> Brief {
    brief.actors = (0..count)
        .map(|i| actor(&format!("Actor {i}"), 1.0, 1.0, false))
        .collect();
    brief.timeline = Timeline {
        dates: vec![date(2026, 11, 6), date(2026, 11, 13), date(2026, 11, 20)],
        actors: brief
            .actors
            .iter()
            .map(|a| ActorTimeline {
                name: a.name.clone(),
                leverage: vec![None, Some(-1.0), Some(a.leverage)],
            })
            .collect(),
    };
    brief
}
