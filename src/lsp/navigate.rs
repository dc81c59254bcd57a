//! Going places: from an actor's or mechanism's name (any spelling
//! brief.yaml resolves) or a `brief:` slug to its entry in brief.yaml, and
//! the note's sections (its level-2 headings) as document symbols.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use super::context;
use crate::config::Config;
use crate::vocab::SectionKind;
use crate::yaml::{self, Value};

/// Where in brief.yaml's `text` the value at `offset` of a note is
/// declared: the key of its `actors:`, `mechanisms:` or `briefs:` entry.
pub(crate) fn definition(
    text: &str,
    offset: usize,
    config: &Config,
    config_text: &str,
) -> Option<Range<usize>> {
    let line = context::at(text, offset)?;
    let (key, _) = line.key.as_ref()?;
    if !(line.colon && line.value.start <= offset && offset <= line.value.end) {
        return None;
    }
    let written = &text[line.value.clone()];
    let (section, name) = match (line.parent(), key.as_str()) {
        (Some("actors"), "name") => (
            "actors",
            config.actor_aliases().resolve(written)?.to_owned(),
        ),
        (Some("actors"), "mechanism") => (
            "mechanisms",
            config.mechanism_aliases().resolve(written)?.to_owned(),
        ),
        (None, "brief") => ("briefs", written.trim().to_owned()),
        _ => return None,
    };
    entry_key(config_text, section, &name)
}

/// The span of key `name` in the top-level mapping `section` of brief.yaml.
fn entry_key(config_text: &str, section: &str, name: &str) -> Option<Range<usize>> {
    let root = yaml::parse(config_text).ok()?;
    let Value::Map(entries) = root.value else {
        return None;
    };
    let (_, declared) = entries
        .iter()
        .find(|(key, _)| matches!(&key.value, Value::Str(k) if k == section))?;
    let Value::Map(declared) = &declared.value else {
        return None;
    };
    declared
        .iter()
        .find(|(key, _)| matches!(&key.value, Value::Str(k) if k == name))
        .map(|(key, _)| key.span.clone())
}

/// A note's level-2 heading: its text, the heading's bytes, the section's
/// bytes (up to the next level-2 heading), and the section it is, if one
/// of the five.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Heading {
    /// The heading's text.
    pub name: String,
    /// The heading line.
    pub heading: Range<usize>,
    /// The heading and everything up to the next level-2 heading.
    pub section: Range<usize>,
    /// Which of the five sections it names.
    pub kind: Option<SectionKind>,
}

/// The level-2 headings of the body of `text` (after the front matter).
pub(crate) fn sections(text: &str) -> Vec<Heading> {
    let body_start = match context::front_matter(text) {
        Some(yaml) if yaml.end < text.len() => text[yaml.end..]
            .find('\n')
            .map_or(text.len(), |i| yaml.end + i + 1),
        Some(_) => return Vec::new(),
        None => 0,
    };
    let body = &text[body_start..];
    let mut headings: Vec<Heading> = Vec::new();
    let mut current: Option<(Range<usize>, String)> = None;
    for (event, range) in
        Parser::new_ext(body, crate::markdown::markdown_options()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => current = Some((range, String::new())),
            Event::Text(t) | Event::Code(t) if current.is_some() => {
                if let Some((_, name)) = current.as_mut() {
                    name.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                if let Some((range, name)) = current.take() {
                    let heading = body_start + range.start..body_start + range.end;
                    if let Some(last) = headings.last_mut() {
                        last.section.end = heading.start;
                    }
                    let name = name.trim().to_owned();
                    headings.push(Heading {
                        kind: SectionKind::from_heading(&name),
                        name,
                        section: heading.start..text.len(),
                        heading,
                    });
                }
            }
            _ => {}
        }
    }
    headings
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    #[test]
    fn names_lead_to_their_entry_in_brief_yaml() {
        let config_text = "title: T\nactors:\n  Israel: { aliases: [Israeli government] }\nmechanisms:\n  spoiler pressure: {}\nbriefs:\n  talks:\n    title: Talks\n";
        let config = crate::config::parse(Path::new("brief.yaml"), &Arc::from(config_text))
            .config
            .unwrap();
        let note = "---\nbrief: talks\nactors:\n  - name: Israeli government\n    mechanism: spoiler pressure\n---\n";
        let go = |needle: &str| {
            definition(note, note.find(needle).unwrap() + 1, &config, config_text)
                .map(|span| &config_text[span])
        };
        assert_eq!(go("Israeli"), Some("Israel"));
        assert_eq!(go("spoiler"), Some("spoiler pressure"));
        assert_eq!(go("talks"), Some("talks"));
        assert_eq!(go("name"), None, "a key is no name");
    }

    #[test]
    fn level_two_headings_are_the_sections() {
        let note = "---\ntitle: T\n---\nLede.\n\n## What happened\nText.\n### Detail\n\n```\n## not a heading\n```\n## Who gains `leverage`\nMore.\n";
        let found = sections(note);
        let names: Vec<&str> = found.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["What happened", "Who gains leverage"]);
        assert_eq!(found[0].kind, Some(SectionKind::WhatHappened));
        assert_eq!(&note[found[0].heading.clone()], "## What happened\n");
        assert!(note[found[0].section.clone()].ends_with("```\n"));
        assert_eq!(found[1].section.end, note.len());
        assert_eq!(sections("---\nunclosed: yes\n## x"), []);
    }
}
