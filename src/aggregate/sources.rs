//! Sources: each cited source once, best graded first, and what the brief
//! rests on, counted (ICD 206).

use std::collections::HashMap;

use super::{Weighted, note_ref};
use crate::config::normalise_name;
use crate::model::{Source, SourceSummary};
use crate::vocab::Reliability;

/// Sources once each (same URL, or same title when there is no URL), best
/// graded first: reliability A…F then ungraded, credibility 1…6, title.
pub(super) fn sources(notes: &[Weighted]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for weighted in notes {
        for source in &weighted.note.front.sources {
            let key = match &source.url {
                Some(url) => url.trim().to_owned(),
                None => normalise_name(&source.title),
            };
            let position = *index.entry(key).or_insert_with(|| {
                out.push(Source {
                    title: source.title.clone(),
                    url: source.url.clone(),
                    reliability: source.reliability,
                    credibility: source.credibility,
                    notes: Vec::new(),
                });
                out.len() - 1
            });
            let reference = note_ref(weighted.note);
            if !out[position].notes.contains(&reference) {
                out[position].notes.push(reference);
            }
        }
    }
    out.sort_by(|a, b| {
        let grade = |s: &Source| {
            (
                s.reliability.is_none(),
                s.reliability,
                s.credibility.is_none(),
                s.credibility,
            )
        };
        grade(a).cmp(&grade(b)).then_with(|| a.title.cmp(&b.title))
    });
    out
}

/// The brief's notes and its distinct sources by reliability grade. A
/// source cited twice with different grades counts once, at the grade it
/// is listed with (its first citation's).
pub(super) fn summary(notes: &[Weighted], sources: &[Source]) -> SourceSummary {
    let mut summary = SourceSummary {
        notes: notes.len(),
        sources: sources.len(),
        notes_without_sources: notes
            .iter()
            .filter(|w| w.note.front.sources.is_empty())
            .count(),
        ..SourceSummary::default()
    };
    for source in sources {
        let bucket = match source.reliability {
            Some(Reliability::A | Reliability::B) => &mut summary.graded_a_b,
            Some(Reliability::C) => &mut summary.graded_c,
            Some(Reliability::D | Reliability::E | Reliability::F) => &mut summary.graded_d_f,
            None => &mut summary.ungraded,
        };
        *bucket += 1;
    }
    summary
}
