//! `brief new`: a note with today's date and `TODO` placeholders that
//! `brief check` points at until they are filled in.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::error::AppError;
use crate::names::{SLUG_RULE, is_reserved_brief_name, is_slug, reserved_reason};
use crate::vocab::{Marking, NoteKind};
use crate::workspace::NOTES_DIR;
use crate::write::{self, WriteError};

/// What `brief new` writes.
#[derive(Debug, Clone)]
pub(crate) struct NewNote<'a> {
    /// The brief (folder under `briefs/`).
    pub brief: &'a str,
    /// The note's title; a placeholder when `None`.
    pub title: Option<&'a str>,
    /// The date in the file name and the front matter.
    pub date: Date,
    /// `--new-brief`: start a brief even when its name is close to an
    /// existing one.
    pub new_brief: bool,
    /// A note, or the brief's key judgments.
    pub kind: NoteKind,
}

/// Writes a new note under `briefs/<brief>/` and returns its path.
pub(crate) fn create(root: &Path, note: &NewNote<'_>) -> Result<PathBuf, AppError> {
    let (brief, title, today) = (note.brief, note.title, note.date);
    if !is_slug(brief) {
        return Err(AppError::Usage(format!(
            "`{brief}` is not a valid brief name: use {SLUG_RULE}"
        )));
    }
    if is_reserved_brief_name(brief) {
        return Err(AppError::Usage(format!(
            "`{brief}` cannot name a brief: {}",
            reserved_reason(brief)
        )));
    }
    if let Some(title) = title {
        refuse_control_characters("the title", title, "write it as plain text on one line")?;
    }
    if !note.new_brief {
        refuse_a_likely_misspelt_brief(root, brief)?;
    }
    let marking = default_marking(root);
    let (text, untitled) = match note.kind {
        NoteKind::Note => (template(title, today, marking), "new-note"),
        NoteKind::Judgments => (judgments_template(title, today, marking), "key-judgments"),
    };
    let folder = root.join(NOTES_DIR).join(brief);
    let stem = format!(
        "{today}-{}",
        file_stem(title).as_deref().unwrap_or(untitled)
    );
    for attempt in 1..1000 {
        let name = if attempt == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{attempt}.md")
        };
        let path = folder.join(name);
        match write::create_new(&path, text.as_bytes()) {
            Ok(()) => return Ok(path),
            Err(WriteError::Exists { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    Err(AppError::Usage(format!(
        "too many notes named {stem} in {}",
        folder.display()
    )))
}

/// Refuses text for a note or brief.yaml holding a control character (an
/// escape sequence, a bell, a new line): it would reach every terminal that
/// prints the note, and no title needs one. `fix` says what to do instead.
pub(crate) fn refuse_control_characters(what: &str, text: &str, fix: &str) -> Result<(), AppError> {
    match text.chars().find(|c| c.is_control()) {
        Some(c) => Err(AppError::Usage(format!(
            "{what} holds the control character U+{:04X}; {fix}",
            u32::from(c)
        ))),
        None => Ok(()),
    }
}

/// An unknown brief whose name is close to an existing one is more likely a
/// typo than a new brief: refused unless `--new-brief` says otherwise.
fn refuse_a_likely_misspelt_brief(root: &Path, brief: &str) -> Result<(), AppError> {
    let existing = existing_briefs(root);
    if existing.iter().any(|known| known == brief) {
        return Ok(());
    }
    match crate::decode::did_you_mean(brief, existing.iter().map(String::as_str)) {
        Some(near) => Err(AppError::Usage(format!(
            "no brief `{brief}` yet; did you mean `{near}`? (pass --new-brief to start a brief named `{brief}`)"
        ))),
        None => Ok(()),
    }
}

/// The briefs a workspace has: folders under `briefs/` and `briefs:`
/// entries of brief.yaml.
fn existing_briefs(root: &Path) -> Vec<String> {
    let mut briefs: Vec<String> = crate::workspace::brief_folders(root)
        .into_iter()
        .filter(|name| is_slug(name))
        .collect();
    if let Some(config) = crate::workspace::read_config(root)
        .ok()
        .and_then(|text| crate::config::parse(Path::new("brief.yaml"), &text).config)
    {
        briefs.extend(config.briefs.into_keys());
    }
    briefs.sort();
    briefs.dedup();
    briefs
}

/// The workspace's default marking, if brief.yaml can be read and is valid.
fn default_marking(root: &Path) -> Marking {
    crate::workspace::read_config(root)
        .ok()
        .and_then(|text| crate::config::parse(Path::new("brief.yaml"), &text).config)
        .map(|config| config.default_marking())
        .unwrap_or_default()
}

/// A file name from the title: lower-case words joined by hyphens;
/// `None` without a title that gives one.
fn file_stem(title: Option<&str>) -> Option<String> {
    let title = title?;
    let mut stem = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            stem.push(c);
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
        if stem.len() > 60 {
            break;
        }
    }
    let stem = stem.trim_end_matches('-');
    (!stem.is_empty()).then(|| stem.to_owned())
}

/// The note text. Every `TODO` says what to write in its place.
pub(crate) fn template(title: Option<&str>, today: Date, marking: Marking) -> String {
    let title_line = match title {
        Some(title) => format!("title: {}", yaml_string(title)),
        None => "title: \"TODO: one line saying what happened\"".to_owned(),
    };
    let due = today
        .checked_add(jiff::Span::new().days(14))
        .unwrap_or(today);
    format!(
        r#"---
# yaml-language-server: $schema=../../schemas/note.schema.json
{title_line}
date: {today}
confidence: moderate
marking: {marking}
tags: []
sources:
  - title: "TODO: the report or document this note relies on"
    url: "TODO: its https:// address"
    reliability: C
    credibility: 3
actors:
  - name: "TODO: an actor (a name or alias from brief.yaml)"
    leverage: 0
    stakes: 3
    mechanism: "TODO: how the actor gains or loses leverage"
    rationale: "TODO: why you score it this way"
watch:
  - indicator: "TODO: an observable sign of what comes next"
    due: {due}
---
TODO: a one-paragraph lede saying what happened and why it is news.

## What happened

TODO: the facts of the development, with sources.

## Who gains leverage

TODO: who is better or worse placed now, and why.

## What mechanism is operating

TODO: the mechanism at work.

## Why it matters

TODO: the stakes for the actors and for the reader.

## What to watch next

TODO: the indicators that would confirm or refute this reading.
"#
    )
}

/// A key judgments note (`kind: judgments`). Every `TODO` says what to
/// write in its place.
pub(crate) fn judgments_template(title: Option<&str>, today: Date, marking: Marking) -> String {
    let title_line = match title {
        Some(title) => format!("title: {}", yaml_string(title)),
        None => "title: \"TODO: what these key judgments are about\"".to_owned(),
    };
    format!(
        r#"---
# yaml-language-server: $schema=../../schemas/note.schema.json
{title_line}
date: {today}
kind: judgments
confidence: moderate
marking: {marking}
judgments:
  - text: "TODO: a judgment, stated so that it can be checked later"
    confidence: moderate
    likelihood: likely
---
TODO: the editor's summary: what these judgments rest on, and what would change them.
"#
    )
}

/// A YAML double-quoted string (safe for any title): JSON's escapes are
/// YAML's, and no control character or bidirectional override is written
/// raw.
pub(crate) fn yaml_string(text: &str) -> String {
    let json = serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned());
    crate::diag::escape_json_controls(json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_never_carry_a_raw_control_character_into_yaml() {
        let refused = refuse_control_characters(
            "the title",
            "Talks\x1b]0;PWNED\x07",
            "write it as plain text on one line",
        );
        assert_eq!(
            refused.map_err(|e| e.to_string()),
            Err(
                "the title holds the control character U+001B; write it as plain text on one line"
                    .to_owned()
            )
        );
        assert!(refuse_control_characters("the title", "Doha round\tfour", "").is_err());
        assert!(refuse_control_characters("the title", "محادثات\u{200f} الدوحة", "").is_ok());
        assert_eq!(yaml_string("a\u{202e}b\u{85}"), r#""a\u202eb\u0085""#);
        let back: String = serde_json::from_str(&yaml_string("a\u{202e}b")).unwrap();
        assert_eq!(back, "a\u{202e}b", "the title reads back exactly");
    }

    #[test]
    fn file_stems_are_readable_slugs() {
        assert_eq!(
            file_stem(Some("Doha round four opens!")).as_deref(),
            Some("doha-round-four-opens")
        );
        assert_eq!(file_stem(Some("   ")), None);
        assert_eq!(file_stem(None), None);
    }
}
