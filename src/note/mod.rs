//! One note: its text into a validated `Note` plus diagnostics.
//!
//! Parsing never fails: it returns the note when it is valid and every
//! problem found either way.

pub(crate) mod body;
pub(crate) mod frontmatter;
pub(crate) mod parse;
pub(crate) mod validate;

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use jiff::civil::Date;

use crate::config::{Aliases, Config, Names};
use crate::decode::Decoder;
use crate::diag::{Code, Diagnostic};
use crate::names;
use crate::typefaces::{Coverage, WorkspaceFonts};
use crate::vocab::{Marking, NoteKind, Review, SectionKind};
use crate::yaml;

pub use body::Body;
pub use frontmatter::FrontMatter;

/// A valid note, ready for aggregation.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path relative to the workspace root, e.g. `briefs/hormuz/a.md`.
    pub path: PathBuf,
    /// The brief it belongs to: `brief:` in the front matter, else its folder.
    pub brief: String,
    /// The typed front matter, as validated.
    pub front: FrontMatter,
    /// The effective marking: the note's own, else brief.yaml's default.
    pub marking: Marking,
    /// The effective review: the note's own, else brief.yaml's `review:`
    /// policy's default.
    pub review: Review,
    /// The markdown after the front matter, split into lede and sections;
    /// empty when it was checked by a [`Checker::leaving_bodies`] (see
    /// [`Note::split_body`]).
    pub body: Body,
    /// The note's text and where its date is written, so later stages can
    /// point at it (a note dated after the as-of date, say).
    pub text: Arc<str>,
    /// Where the front matter's values are written in `text`.
    pub spans: Spans,
    /// The images its body shows, each once, read and inspected by
    /// `load::check_note` (checking a note's text alone reads no file).
    pub figures: Vec<crate::figures::Figure>,
}

impl Note {
    /// Splits the body from the note's text, where a
    /// [`Checker::leaving_bodies`] left it empty.
    pub fn split_body(&mut self) {
        if let Ok(parts) = parse::split(&self.text) {
            self.body = body::split(&self.text[parts.body]);
        }
    }
}

/// Where values of a valid note's front matter are written (byte ranges
/// into its text), so that later stages (aggregation, lints) point at them.
/// Lists follow the typed front matter's order: a valid note dropped no
/// entry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spans {
    /// The `date:` value.
    pub date: Range<usize>,
    /// The `confidence:` value, when written.
    pub confidence: Option<Range<usize>>,
    /// The `scenarios` key, when written.
    pub scenarios_key: Option<Range<usize>>,
    /// Each scenario's likelihood, in `front.scenarios` order.
    pub scenario_likelihoods: Vec<Range<usize>>,
    /// Each actor's name, in `front.actors` order.
    pub actor_names: Vec<Range<usize>>,
    /// Each actor's mechanism (or its name, when it has none), in
    /// `front.actors` order.
    pub actor_mechanisms: Vec<Range<usize>>,
    /// Each actor's leverage, in `front.actors` order.
    pub actor_leverage: Vec<Range<usize>>,
    /// Each watch item's indicator, in `front.watch` order.
    pub watch_indicators: Vec<Range<usize>>,
    /// Each watch item's `supports:` names, in `front.watch` order.
    pub watch_supports: Vec<Vec<Range<usize>>>,
    /// Each watch item's `undermines:` names, in `front.watch` order.
    pub watch_undermines: Vec<Vec<Range<usize>>>,
}

impl Note {
    /// The front matter's `title`.
    pub fn title(&self) -> &str {
        &self.front.title
    }

    /// Whether this is a `kind: judgments` note: the brief's key
    /// judgments, which score nothing and are not counted among its notes.
    pub fn is_judgments(&self) -> bool {
        self.front.kind == NoteKind::Judgments
    }

    /// Whether the note still awaits review (`review: draft`).
    pub fn is_draft(&self) -> bool {
        self.review == Review::Draft
    }

    /// The front matter's `date`: it weights the note and bounds the as-of date.
    pub fn date(&self) -> Date {
        self.front.date
    }

    /// The note's own text for one of the five sections. The lede stands in
    /// for "What happened" when the note has no such section.
    /// Footnotes referenced from the section come with it.
    pub fn section_text(&self, kind: SectionKind) -> Option<String> {
        let own = self.body.section(kind);
        let text = match (own, kind) {
            (None, SectionKind::WhatHappened) if !self.body.lede.trim().is_empty() => {
                Some(self.body.lede.clone())
            }
            (own, _) => own,
        };
        text.map(|t| self.body.with_footnotes(&t))
    }

    /// A stable anchor for the note's appendix entry, from its path.
    pub fn anchor(&self) -> String {
        let mut anchor = String::from("note-");
        let stem = self.path.with_extension("");
        for c in stem.to_string_lossy().chars() {
            if c.is_ascii_alphanumeric() {
                anchor.push(c.to_ascii_lowercase());
            } else if !anchor.ends_with('-') {
                anchor.push('-');
            }
        }
        anchor.trim_end_matches('-').to_owned()
    }
}

/// Where a note file sits: its display path and the folder under `briefs/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NoteFile {
    /// Path relative to the workspace root.
    pub path: PathBuf,
    /// The first folder under `briefs/`, if the note is inside one.
    pub folder: Option<String>,
}

/// The outcome of reading one note.
#[derive(Debug, Clone)]
pub struct Checked {
    /// `None` when the note has errors; it then takes no part in any brief.
    pub note: Option<Note>,
    /// Every error and warning met, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and validates one note's text.
pub fn check(file: &NoteFile, text: Arc<str>, config: &Config) -> Checked {
    Checker::new(config).check(file, text)
}

/// Checks notes against one config, with what is derived from the config
/// (the actor alias table) built once rather than for every note.
#[derive(Debug)]
pub struct Checker<'c> {
    config: &'c Config,
    actor_aliases: Aliases,
    mechanism_aliases: Aliases,
    coverage: Coverage,
    /// Whether valid notes get their body split (see
    /// [`Checker::leaving_bodies`]).
    split_bodies: bool,
}

impl<'c> Checker<'c> {
    /// Builds the alias table from `config` once, for every note checked
    /// with it; characters are checked against the shipped fonts alone.
    pub fn new(config: &'c Config) -> Checker<'c> {
        Checker::with_fonts(config, &WorkspaceFonts::default())
    }

    /// As [`Checker::new`], with the workspace's own fonts covering
    /// characters too.
    pub fn with_fonts(config: &'c Config, fonts: &WorkspaceFonts) -> Checker<'c> {
        Checker {
            config,
            actor_aliases: config.actor_aliases(),
            mechanism_aliases: config.mechanism_aliases(),
            coverage: Coverage::of(fonts),
            split_bodies: true,
        }
    }

    /// This checker, leaving valid notes' bodies unsplit: nothing in
    /// checking a note needs them, only rendering does, so `brief lsp`
    /// indexes a workspace without them and splits the body of a note
    /// when it is opened ([`Note::split_body`]).
    pub fn leaving_bodies(mut self) -> Checker<'c> {
        self.split_bodies = false;
        self
    }

    /// The characters the shipped and workspace fonts can show.
    pub fn coverage(&self) -> &Coverage {
        &self.coverage
    }

    /// Parses and validates one note's text.
    pub fn check(&self, file: &NoteFile, text: Arc<str>) -> Checked {
        check_with(file, text, self)
    }
}

fn check_with(file: &NoteFile, text: Arc<str>, checker: &Checker<'_>) -> Checked {
    let config = checker.config;
    let actor_aliases = &checker.actor_aliases;
    let path = file.path.as_path();
    let parts = match parse::split(&text) {
        Ok(parts) => parts,
        Err(error) => {
            return Checked {
                note: None,
                diagnostics: vec![split_error(file, &text, error)],
            };
        }
    };
    let mut decoder = Decoder::new(path, &text, parts.yaml.start);
    let yaml_text = &text[parts.yaml.clone()];
    // A `brief:` that is written but invalid has its own error; the folder
    // then names no brief and needs none of its own.
    let mut brief_written = false;
    let front = match yaml::parse(yaml_text) {
        Ok(root) => {
            brief_written = matches!(&root.value, yaml::Value::Map(entries)
                if entries.iter().any(|(k, _)| matches!(&k.value, yaml::Value::Str(s) if s == "brief")));
            validate::front_matter(&mut decoder, &root, actor_aliases, parts.opening.clone()).map(
                |(front, actor_items)| {
                    let spans = spans(&decoder, &root, &actor_items);
                    (front, spans)
                },
            )
        }
        Err(error) => {
            let offset = parts.yaml.start + error.offset.unwrap_or(0);
            decoder
                .error_at(Code::YamlSyntax, offset..offset, error.message)
                .help = Some("the front matter must be valid YAML".to_owned());
            None
        }
    };
    if let (Some((front, spans)), Names::Closed) = (&front, config.names) {
        report_undeclared_names(&mut decoder, front, spans, checker);
    }
    let body_text = &text[parts.body.clone()];
    report_body_placeholders(&mut decoder, body_text, parts.body.start);

    let brief = front
        .as_ref()
        .and_then(|(front, _)| front.brief.clone().or_else(|| file.folder.clone()));
    if front.is_some() && brief.is_none() {
        decoder
            .error_at(
                Code::NoBrief,
                parts.opening.clone(),
                "this note belongs to no brief",
            )
            .help =
            Some("move it into a folder `briefs/<brief>/` or add `brief: <brief>`".to_owned());
    }
    // The folder names the brief only when `brief:` is not written.
    if let Some(folder) = &file.folder
        && front.is_some()
        && !brief_written
    {
        let problem = if !names::is_slug(folder) {
            Some((
                format!("folder `{folder}` is not a valid brief name"),
                format!(
                    "rename the folder with {}, or set `brief:`",
                    names::SLUG_RULE
                ),
            ))
        } else if names::is_reserved_brief_name(folder) {
            Some((
                format!("folder `{folder}` cannot name a brief"),
                format!(
                    "{}; rename the folder or set `brief:`",
                    names::reserved_reason(folder)
                ),
            ))
        } else {
            None
        };
        if let Some((message, help)) = problem {
            decoder
                .error_at(Code::UnknownValue, parts.opening.clone(), message)
                .help = Some(help);
        }
    }
    let mut diagnostics = decoder.diagnostics;
    let valid = !diagnostics.iter().any(Diagnostic::is_error);
    let note = match (front, brief) {
        (Some((front, spans)), Some(brief)) if valid => Some(Note {
            path: file.path.clone(),
            brief,
            marking: front.marking.unwrap_or(config.default_marking()),
            review: front.review.unwrap_or(config.review.default_review()),
            front,
            body: match checker.split_bodies {
                true => body::split(body_text),
                false => Body::default(),
            },
            text: Arc::clone(&text),
            spans,
            figures: Vec::new(),
        }),
        _ => None,
    };
    Diagnostic::sort(&mut diagnostics);
    Checked { note, diagnostics }
}

/// Where the values later stages point at are written; `actor_items` are
/// the positions of the actors kept, so actor spans line up with them.
fn spans(decoder: &Decoder, root: &yaml::Node, actor_items: &[usize]) -> Spans {
    let yaml::Value::Map(entries) = &root.value else {
        return Spans::default();
    };
    let span_of = |node: &yaml::Node| decoder.span(node);
    // Each entry of list `key`, as the span of its field `field` (else of
    // the entry itself).
    let field_spans = |key: &str, field: &str| -> Vec<Range<usize>> {
        match decoder.field(entries, key).map(|n| &n.value) {
            Some(yaml::Value::Seq(items)) => items
                .iter()
                .map(|item| match &item.value {
                    yaml::Value::Map(fields) => decoder
                        .field(fields, field)
                        .map_or_else(|| span_of(item), span_of),
                    _ => span_of(item),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    // Each watch item's list `field`, as the spans of its names.
    let nested_spans = |field: &str| -> Vec<Vec<Range<usize>>> {
        match decoder.field(entries, "watch").map(|n| &n.value) {
            Some(yaml::Value::Seq(items)) => items
                .iter()
                .map(|item| match &item.value {
                    yaml::Value::Map(fields) => {
                        match decoder.field(fields, field).map(|n| &n.value) {
                            Some(yaml::Value::Seq(names)) => names.iter().map(span_of).collect(),
                            _ => Vec::new(),
                        }
                    }
                    _ => Vec::new(),
                })
                .collect(),
            _ => Vec::new(),
        }
    };
    let kept = |all: Vec<Range<usize>>| -> Vec<Range<usize>> {
        actor_items
            .iter()
            .filter_map(|&i| all.get(i).cloned())
            .collect()
    };
    Spans {
        date: decoder.field(entries, "date").map_or(0..0, span_of),
        confidence: decoder.field(entries, "confidence").map(span_of),
        scenarios_key: decoder.key_node(entries, "scenarios").map(span_of),
        scenario_likelihoods: field_spans("scenarios", "likelihood"),
        actor_names: kept(field_spans("actors", "name")),
        actor_mechanisms: kept(field_spans("actors", "mechanism")),
        actor_leverage: kept(field_spans("actors", "leverage")),
        watch_indicators: field_spans("watch", "indicator"),
        watch_supports: nested_spans("supports"),
        watch_undermines: nested_spans("undermines"),
    }
}

fn split_error(file: &NoteFile, text: &Arc<str>, error: parse::SplitError) -> Diagnostic {
    let path = file.path.clone();
    match error {
        parse::SplitError::Empty => Diagnostic::error(Code::EmptyFile, path, "the note is empty")
            .with_help("a note starts with `---`, its front matter (at least `title:` and `date:`), then `---`"),
        parse::SplitError::NoOpening(line) => Diagnostic::error(
            Code::NoFrontMatter,
            path,
            "the note does not start with front matter",
        )
        .at(text, line)
        .with_help("the first line must be `---`, followed by the YAML front matter and a closing `---`"),
        parse::SplitError::Unclosed(line) => Diagnostic::error(
            Code::UnclosedFrontMatter,
            path,
            "the front matter is never closed",
        )
        .at(text, line)
        .with_help("add a line `---` after the last front-matter key"),
    }
}

/// `names: closed`: every actor and mechanism must be declared in
/// brief.yaml (as a key or an alias).
fn report_undeclared_names(
    decoder: &mut Decoder,
    front: &FrontMatter,
    spans: &Spans,
    checker: &Checker<'_>,
) {
    let config = checker.config;
    for (index, actor) in front.actors.iter().enumerate() {
        if checker.actor_aliases.resolve(&actor.name).is_none() {
            let span = spans.actor_names.get(index).cloned().unwrap_or_default();
            report_undeclared(
                decoder,
                span,
                "actor",
                &actor.name,
                &config.actors,
                "actors",
            );
        }
        if let Some(mechanism) = &actor.mechanism
            && checker.mechanism_aliases.resolve(mechanism).is_none()
        {
            let span = spans
                .actor_mechanisms
                .get(index)
                .cloned()
                .unwrap_or_default();
            let declared = &config.mechanisms;
            report_undeclared(
                decoder,
                span,
                "mechanism",
                mechanism,
                declared,
                "mechanisms",
            );
        }
    }
}

fn report_undeclared(
    decoder: &mut Decoder,
    span: Range<usize>,
    what: &str,
    name: &str,
    declared: &std::collections::BTreeMap<String, crate::config::AliasConfig>,
    key: &str,
) {
    let spellings = declared
        .iter()
        .flat_map(|(name, config)| std::iter::once(name).chain(&config.aliases))
        .map(String::as_str);
    let near = names::closest_name(name, spellings);
    decoder
        .error_at(
            Code::UndeclaredName,
            span,
            format!("{what} `{name}` is not declared in brief.yaml (`names: closed`)"),
        )
        .suggest_or(near, || {
            format!("declare `{name}` under `{key}:` in brief.yaml")
        });
}

/// Body lines that start with `TODO` are placeholders left by `brief new`.
fn report_body_placeholders(decoder: &mut Decoder, body: &str, base: usize) {
    let mut offset = base;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if validate::is_placeholder(trimmed) {
            let start = offset + (line.len() - trimmed.len());
            let end = offset + line.trim_end().len();
            let what = trimmed
                .trim_start_matches(validate::PLACEHOLDER)
                .trim_start_matches([':', ' '])
                .trim();
            let diagnostic = decoder.error_at(
                Code::Placeholder,
                start..end,
                "placeholder text left in the body",
            );
            if !what.is_empty() {
                diagnostic.help = Some(format!("replace it with {what}"));
            }
        }
        offset += line.len();
    }
}

#[cfg(test)]
mod tests;
