//! Key judgments: the newest `kind: judgments` note on or before the
//! as-of date opens the brief.

use super::note_ref;
use crate::model::{Judgment, KeyJudgments};
use crate::note::Note;

/// The newest of `notes` (all dated on or before the as-of date); on the
/// same date, the first in path order, so the choice never depends on
/// input order.
pub(super) fn newest<'n>(notes: &[&'n Note]) -> Option<&'n Note> {
    notes
        .iter()
        .copied()
        .min_by(|a, b| b.date().cmp(&a.date()).then(a.path.cmp(&b.path)))
}

/// The note's judgments as the brief shows them; an entry without
/// `confidence` takes the note's.
pub(super) fn key_judgments(note: &Note) -> KeyJudgments {
    KeyJudgments {
        note: note_ref(note),
        items: note
            .front
            .judgments
            .iter()
            .map(|j| Judgment {
                text: j.text.clone(),
                confidence: j.confidence.unwrap_or(note.front.confidence),
                likelihood: j.likelihood.map(|l| l.term),
                percent: j.likelihood.map(|l| l.percent),
            })
            .collect(),
        summary: note.body.with_footnotes(note.body.whole().trim()),
    }
}
