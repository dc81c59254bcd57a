//! A note's markdown body split into its lede and level-2 sections.
//!
//! Headings are found with pulldown-cmark (so a `## ` inside a code block or
//! a quote is not a section), and each section keeps the markdown source of
//! its content: renderers parse it again into their own output.

use std::collections::{BTreeSet, HashMap, HashSet};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::vocab::SectionKind;

pub(crate) use crate::markdown::markdown_options;

/// The body of a note: what comes after the front matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Body {
    /// Markdown before the first level-2 heading.
    pub lede: String,
    /// Level-2 sections in document order.
    pub sections: Vec<Section>,
    /// Footnote definitions (label, markdown source), wherever they were written.
    pub footnotes: Vec<(String, String)>,
    /// Where each label of `footnotes` sits in it, so that finding a
    /// passage's notes costs the passage's length, not the note's number of
    /// footnotes (a note may have 100,000 of them).
    #[serde(skip)]
    footnote_index: HashMap<String, usize>,
}

/// One `## Heading` and the markdown under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// The heading as written.
    pub heading: String,
    /// Which of the five brief sections it is, if any.
    pub kind: Option<SectionKind>,
    pub markdown: String,
}

impl Body {
    /// The markdown of every section of `kind`, joined (a note may repeat one).
    pub fn section(&self, kind: SectionKind) -> Option<String> {
        let parts: Vec<&str> = self
            .sections
            .iter()
            .filter(|s| s.kind == Some(kind))
            .map(|s| s.markdown.trim())
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    /// `markdown` with the definitions of the footnotes it references but does
    /// not define appended, each once: a passage shown on its own keeps its
    /// notes, and the notes those cite.
    ///
    /// Definitions are appended in the order they were written, except that
    /// one cited only by an appended definition comes after it. The text is
    /// read once and each appended definition once: the cost is what is
    /// read and appended, never references times footnotes (a note may have
    /// 100,000 of them).
    pub fn with_footnotes(&self, markdown: &str) -> String {
        let mut out = markdown.to_owned();
        // Positions in `footnotes`, smallest (first written) first.
        let mut wanted = BTreeSet::new();
        let mut defined = HashSet::new();
        self.note_marks(markdown, &mut wanted, &mut defined);
        while let Some(index) = wanted.pop_first() {
            let Some((label, definition)) = self.footnotes.get(index) else {
                continue;
            };
            if defined.contains(label.as_str()) {
                continue;
            }
            let definition = definition.trim_end();
            out.push_str("\n\n");
            out.push_str(definition);
            // The definition defines its own label, so it is never appended twice.
            self.note_marks(definition, &mut wanted, &mut defined);
        }
        out
    }

    /// Records the footnotes `text` references (as positions in
    /// `footnotes`) and the labels it defines.
    fn note_marks<'a>(
        &self,
        text: &'a str,
        wanted: &mut BTreeSet<usize>,
        defined: &mut HashSet<&'a str>,
    ) {
        for (label, defines) in footnote_marks(text) {
            if defines {
                defined.insert(label);
            } else if let Some(&index) = self.footnote_index.get(label) {
                wanted.insert(index);
            }
        }
    }

    /// The whole body again, lede then every section under its heading
    /// (footnote definitions not included: see `with_footnotes`).
    pub fn whole(&self) -> String {
        let mut out = self.lede.trim_end().to_owned();
        for section in &self.sections {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str("## ");
            out.push_str(&section.heading);
            out.push_str("\n\n");
            out.push_str(section.markdown.trim_end());
        }
        out
    }

    /// Sections that are not one of the five, kept for the note's appendix entry.
    pub fn other_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.kind.is_none())
    }
}

/// Splits `markdown` at its level-2 headings.
pub(crate) fn split(markdown: &str) -> Body {
    let mut headings: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut footnotes = Vec::new();
    let mut footnote_index = HashMap::new();
    // A definition nested in another is part of the outer one's source.
    let mut definition_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // A label defined twice keeps its first definition, as
                // references do, so endnote ids stay unique.
                if definition_depth == 0 && !footnote_index.contains_key(label.as_ref()) {
                    let source = markdown.get(range).unwrap_or("").to_owned();
                    footnote_index.insert(label.to_string(), footnotes.len());
                    footnotes.push((label.to_string(), source));
                }
                definition_depth += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                definition_depth = definition_depth.saturating_sub(1);
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((range.start, String::new())),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((start, text)) = current.take() {
                    headings.push((start..range.end, text.trim().to_owned()));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading)) = current.as_mut() {
                    heading.push_str(&text);
                }
            }
            _ => {}
        }
    }
    let lede_end = headings.first().map_or(markdown.len(), |(r, _)| r.start);
    let mut sections = Vec::with_capacity(headings.len());
    for (index, (range, heading)) in headings.iter().enumerate() {
        let end = headings
            .get(index + 1)
            .map_or(markdown.len(), |(next, _)| next.start);
        sections.push(Section {
            kind: SectionKind::from_heading(heading),
            heading: heading.clone(),
            markdown: markdown.get(range.end..end).unwrap_or("").trim().to_owned(),
        });
    }
    Body {
        lede: markdown.get(..lede_end).unwrap_or("").trim().to_owned(),
        sections,
        footnotes,
        footnote_index,
    }
}

/// Each `[^label]` written in `text`, with whether it is a definition
/// (`[^label]:`), read as text (as a reader would search for it), in one pass.
///
/// A label ends at the first `]` not escaped by a backslash, as in
/// pulldown-cmark; it never holds a `[` (escaped or not), so every scan
/// stops before the next mark begins and `text` is read once.
fn footnote_marks(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let bytes = text.as_bytes();
    text.match_indices("[^").filter_map(move |(start, _)| {
        let label_start = start + 2;
        let mut end = label_start;
        loop {
            match *bytes.get(end)? {
                b'[' => return None,
                b']' => break,
                b'\\'
                    if bytes
                        .get(end + 1)
                        .is_some_and(|&b| b != b'[' && b.is_ascii_punctuation()) =>
                {
                    end += 2;
                }
                _ => end += 1,
            }
        }
        let label = text.get(label_start..end)?;
        Some((label, bytes.get(end + 1) == Some(&b':')))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lede_and_sections_with_synonyms() {
        let body = split(
            "A lede.\n\n## Summary\nThey met.\n\n## Who gains?\nIran.\n\n## Background\nOld.\n",
        );
        assert_eq!(body.lede, "A lede.");
        assert_eq!(body.sections.len(), 3);
        assert_eq!(
            body.section(SectionKind::WhatHappened).as_deref(),
            Some("They met.")
        );
        assert_eq!(
            body.section(SectionKind::WhoGains).as_deref(),
            Some("Iran.")
        );
        assert_eq!(body.other_sections().next().unwrap().heading, "Background");
    }

    #[test]
    fn headings_inside_code_blocks_are_not_sections() {
        let body = split("Lede\n\n```\n## Not a heading\n```\n\n## Stakes\nHigh.\n");
        assert_eq!(body.sections.len(), 1);
        assert!(body.lede.contains("## Not a heading"));
    }

    #[test]
    fn deep_markdown_nesting_does_not_overflow() {
        let deep = format!("{}x\n\n## Summary\nok\n", "> ".repeat(10_000));
        let body = split(&deep);
        assert_eq!(
            body.section(SectionKind::WhatHappened).as_deref(),
            Some("ok")
        );
        let lists = format!("{}x\n", "- ".repeat(10_000));
        assert_eq!(split(&lists).sections.len(), 0);
    }

    #[test]
    fn a_nested_definition_is_kept_once_inside_its_outer_one() {
        let body = split("Claim[^a]\n\n[^a]: First.\n\n    > [^b]: Nested.\n");
        assert_eq!(body.footnotes.len(), 1, "{:?}", body.footnotes);
        assert_eq!(body.footnotes[0].0, "a");
        assert!(body.footnotes[0].1.contains("Nested."));
    }

    #[test]
    fn a_label_defined_twice_keeps_its_first_definition() {
        let body = split("Claim[^d]\n\n[^d]: First.\n\n[^d]: Second.\n");
        assert_eq!(body.footnotes.len(), 1, "{:?}", body.footnotes);
        assert_eq!(body.footnotes[0].1.trim(), "[^d]: First.");
    }

    #[test]
    fn footnotes_follow_their_references_into_other_sections() {
        let body = split("## Summary\nClaim.[^a]\n\n## Stakes\nHigh.\n\n[^a]: The source.\n");
        let summary = body.section(SectionKind::WhatHappened).unwrap();
        assert_eq!(
            body.with_footnotes(&summary),
            "Claim.[^a]\n\n[^a]: The source."
        );
        let stakes = body.section(SectionKind::WhyItMatters).unwrap();
        assert_eq!(
            body.with_footnotes(&stakes),
            stakes,
            "defined here, not repeated"
        );
    }

    #[test]
    fn level_three_headings_stay_inside_their_section() {
        let body = split("## Indicators\n### Near term\nFunds.\n");
        assert_eq!(
            body.section(SectionKind::WhatToWatch).as_deref(),
            Some("### Near term\nFunds.")
        );
    }

    #[test]
    fn a_passage_keeps_the_notes_it_cites_once_with_the_notes_they_cite() {
        let note = "Lede.[^b] Again.[^b] And [^a].\n\n\
            ## Events\nSee [^c].\n\n\
            [^a]: A, citing [^d].\n\n[^b]: B.\n\n[^c]: C, citing [^a] and [^b].\n\n\
            [^d]: D.\n\n[^e]: Unused.\n";
        let body = split(note);
        assert_eq!(body.footnotes.len(), 5, "{:?}", body.footnotes);
        assert_eq!(
            body.with_footnotes(&body.lede),
            "Lede.[^b] Again.[^b] And [^a].\n\n\
             [^a]: A, citing [^d].\n\n[^b]: B.\n\n[^d]: D.",
            "each definition once, in written order, with the note [^a] cites"
        );
        assert_eq!(
            body.with_footnotes("See [^c]."),
            "See [^c].\n\n[^c]: C, citing [^a] and [^b].\n\n\
             [^a]: A, citing [^d].\n\n[^b]: B.\n\n[^d]: D.",
            "notes written before the one citing them are brought along too"
        );
        assert_eq!(body.with_footnotes("No notes."), "No notes.");
        assert_eq!(
            body.with_footnotes("[^a] [^a]: Here.\n"),
            "[^a] [^a]: Here.\n",
            "a note the passage defines itself is not appended"
        );
    }

    #[test]
    fn references_are_read_as_written_escapes_and_all() {
        let body = split(
            "Cites [^d\\]e] and [^f [^\n\n[^d\\]e]: D.\n\n[^f]: F.\n\n[^x]: X citing [^x].\n",
        );
        assert_eq!(body.with_footnotes("[^d\\]e]"), "[^d\\]e]\n\n[^d\\]e]: D.");
        assert_eq!(
            body.with_footnotes("[^f [^"),
            "[^f [^",
            "unclosed marks cite nothing"
        );
        assert_eq!(
            body.with_footnotes("[^x]"),
            "[^x]\n\n[^x]: X citing [^x].",
            "a note citing itself is appended once"
        );
    }

    #[test]
    fn a_hundred_thousand_footnotes_are_split_and_followed() {
        // Not timed (timings flake on a shared machine): a quadratic step
        // makes this run for minutes instead of a fraction of a second.
        let n = 100_000;
        let mut note: String = (0..n).map(|i| format!("Claim {i}.[^f{i}]\n")).collect();
        note.push_str("\n## Events\n\nAgain.[^f7]\n");
        for i in 0..n {
            note.push_str(&format!("\n[^f{i}]: Source {i}.\n"));
        }
        let body = split(&note);
        assert_eq!(body.footnotes.len(), n);
        let lede = body.with_footnotes(&body.lede);
        assert!(
            lede.ends_with("[^f99999]: Source 99999."),
            "{}",
            &lede[lede.len() - 40..]
        );
        assert_eq!(
            body.with_footnotes("Again.[^f7]"),
            "Again.[^f7]\n\n[^f7]: Source 7."
        );
    }
}
