//! A note's appendix entry: its facts, lede, scores, other sections and
//! endnotes.

use serde::Serialize;

use crate::model::NoteEntry;
use crate::render::format::{fixed2, signed_whole};
use crate::render::markdown::{to_html, to_html_linked};

#[derive(Debug, Serialize)]
pub(crate) struct NoteView {
    anchor: String,
    title: String,
    /// The note in labels: `“<title>”`, with its file when another note
    /// of the brief has the same title.
    name: String,
    date: String,
    confidence: &'static str,
    marking: &'static str,
    weight: String,
    author: Option<String>,
    tags: String,
    path: String,
    lede_html: String,
    actors: Vec<NoteActorView>,
    other_sections: Vec<OtherSectionView>,
    /// The note's footnotes, referenced from its passages and appendix entry.
    endnotes_html: String,
}

#[derive(Debug, Serialize)]
struct NoteActorView {
    name: String,
    leverage: String,
    stakes: u8,
    mechanism: String,
    rationale: String,
}

#[derive(Debug, Serialize)]
struct OtherSectionView {
    heading: String,
    html: String,
}

impl NoteView {
    /// The appendix entry of note `n`, every id prefixed with `p`, its
    /// tables named after the note (`name`) and `of` (the brief, in a
    /// packet).
    pub(crate) fn new(n: &NoteEntry, p: &str, of: &str, name: &str) -> NoteView {
        let endnotes = endnotes_prefix(p, &n.note.anchor);
        NoteView {
            anchor: format!("{p}{}", n.note.anchor),
            title: n.note.title.clone(),
            name: name.to_owned(),
            date: n.note.date.to_string(),
            confidence: n.note.confidence.as_str(),
            marking: n.note.marking.label(),
            weight: fixed2(n.weight),
            author: n.author.clone(),
            tags: n.tags.join(", "),
            path: n.path.clone(),
            lede_html: to_html_linked(
                &n.lede,
                &format!("{p}lede-{}", n.note.anchor),
                &endnotes,
                &format!("{name}, appendix{of}"),
                &n.figures,
            ),
            actors: n
                .actors
                .iter()
                .map(|a| NoteActorView {
                    name: a.name.clone(),
                    leverage: signed_whole(f64::from(a.leverage)),
                    stakes: a.stakes,
                    mechanism: a.mechanism.clone().unwrap_or_default(),
                    rationale: a.rationale.clone().unwrap_or_default(),
                })
                .collect(),
            other_sections: n
                .other_sections
                .iter()
                .enumerate()
                .map(|(i, s)| OtherSectionView {
                    heading: s.heading.clone(),
                    html: to_html_linked(
                        &s.markdown,
                        &format!("{p}other{i}-{}", n.note.anchor),
                        &endnotes,
                        &format!("{name}, {}{of}", s.heading),
                        &n.figures,
                    ),
                })
                .collect(),
            endnotes_html: to_html(
                &n.footnotes.join("\n\n"),
                &endnotes,
                &format!("Notes to {name}{of}"),
            ),
        }
    }
}

/// Id prefix of a note's endnotes, which every reference to one of its
/// footnotes (in a passage or in the appendix) points at.
pub(crate) fn endnotes_prefix(p: &str, anchor: &str) -> String {
    format!("{p}endnotes-{anchor}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::fixture::brief;

    #[test]
    fn a_note_entry_shows_its_own_whole_scores_and_facts() {
        let brief = brief();
        let view = NoteView::new(&brief.notes[0], "gulf--", " — Gulf", "“Talks”");
        assert_eq!(view.anchor, "gulf--note-talks-resume");
        assert_eq!(view.title, "Talks resume in Muscat");
        assert_eq!(view.date, "2026-11-18");
        assert_eq!(view.marking, "TLP:GREEN");
        assert_eq!(view.weight, "1.00");
        assert_eq!(view.tags, "talks, oman");
        assert_eq!(view.actors[0].leverage, "−3");
        assert_eq!(view.actors[0].mechanism, "");
        assert_eq!(view.actors[0].rationale, "waiver delayed");
        assert!(view.lede_html.contains("Delegations met again."));
    }

    #[test]
    fn endnotes_are_named_after_the_note_within_the_brief() {
        assert_eq!(endnotes_prefix("gulf--", "note-a"), "gulf--endnotes-note-a");
    }
}
