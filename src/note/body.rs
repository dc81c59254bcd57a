//! A note's markdown body split into its lede and level-2 sections.
//!
//! Headings are found with pulldown-cmark (so a `## ` inside a code block or
//! a quote is not a section), and each section keeps the markdown source of
//! its content: renderers parse it again into their own output.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::vocab::SectionKind;

pub use crate::markdown::markdown_options;

/// The body of a note: what comes after the front matter.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Body {
    /// Markdown before the first level-2 heading.
    pub lede: String,
    /// Level-2 sections in document order.
    pub sections: Vec<Section>,
    /// Footnote definitions (label, markdown source), wherever they were written.
    pub footnotes: Vec<(String, String)>,
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
    /// not define appended: a passage shown on its own keeps its notes.
    pub fn with_footnotes(&self, markdown: &str) -> String {
        let mut out = markdown.to_owned();
        for (label, definition) in &self.footnotes {
            let reference = format!("[^{label}]");
            let defined_here = out.contains(&format!("[^{label}]:"));
            if out.contains(&reference) && !defined_here {
                out.push_str("\n\n");
                out.push_str(definition.trim_end());
            }
        }
        out
    }

    /// Sections that are not one of the five, kept for the note's appendix entry.
    pub fn other_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.kind.is_none())
    }
}

/// Splits `markdown` at its level-2 headings.
pub fn split(markdown: &str) -> Body {
    let mut headings: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut footnotes = Vec::new();
    // A definition nested in another is part of the outer one's source.
    let mut definition_depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, markdown_options()).into_offset_iter() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // A label defined twice keeps its first definition, as
                // references do, so endnote ids stay unique.
                let defined = footnotes.iter().any(|(l, _)| l == label.as_ref());
                if definition_depth == 0 && !defined {
                    let source = markdown.get(range).unwrap_or("").to_owned();
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
    }
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
}
