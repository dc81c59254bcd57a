//! Problems found in the workspace, and the ways of printing them: for a
//! person (human), for scripts (JSON Lines), and for CI (GitHub workflow
//! commands here; SARIF in `sarif`, GitLab Code Quality in `gitlab`).
//!
//! A problem in a note is data, not an `Err`: every stage returns its value
//! together with the diagnostics it found, so one run reports all of them.
//! Positions are stored as byte ranges into the file's text; line and column
//! are computed only when printing, through a [`LineIndex`] built once per
//! file.
//!
//! Everything printed is text from notes, and a note may carry escaped
//! control characters (`"\e]0;title\a"`): every printer passes that text
//! through [`escape_controls`], so a note can neither drive a terminal nor
//! forge lines in a CI log.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

mod code;
mod fingerprint;
mod gitlab;
mod lines;
mod paths;
mod sarif;

pub use code::Code;
pub use lines::LineIndex;
use lines::LineIndexes;
pub(crate) use lines::line_starts;
pub use paths::ShownFrom;

/// How bad a problem is: errors make the note invalid, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The note is invalid; `check` exits 1.
    Error,
    /// Worth a look; fails only under `--deny-warnings` or `lints: deny`.
    Warning,
}

impl Severity {
    /// `error` or `warning`, as printed and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// The text a diagnostic points into, shared between all diagnostics of a file.
#[derive(Debug, Clone)]
pub struct Source {
    /// The whole file's text.
    pub text: Arc<str>,
    /// The bytes of `text` the diagnostic points at.
    pub span: Range<usize>,
}

/// One problem, with everything needed to print it in any format.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning (after the `lints:` policy).
    pub severity: Severity,
    /// What kind of problem it is.
    pub code: Code,
    /// The file, as shown to the user (relative to the workspace root).
    pub path: PathBuf,
    /// Where in the file, when the problem has a place.
    pub source: Option<Source>,
    /// What is wrong, in one line.
    pub message: String,
    /// How to fix it, when there is something to say.
    pub help: Option<String>,
    /// What a did-you-mean would put in place of the span's text (the
    /// editor's quick fix), when there is one.
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// An error about `path`, pointing at no place in it yet.
    pub fn error(code: Code, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            source: None,
            message: message.into(),
            help: None,
            suggestion: None,
        }
    }

    /// A warning about `path`, pointing at no place in it yet.
    pub fn warning(code: Code, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, path, message)
        }
    }

    /// Points the diagnostic at a byte range of the file's text.
    pub fn at(mut self, text: &Arc<str>, span: Range<usize>) -> Self {
        let end = span.end.min(text.len());
        let start = span.start.min(end);
        self.source = Some(Source {
            text: Arc::clone(text),
            span: start..end,
        });
        self
    }

    /// Adds how to fix it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A did-you-mean: `replacement` for the span's text, offered in the
    /// help as ``did you mean `X`?``; [`Diagnostic::with_help`] after it
    /// may say more.
    pub fn with_suggestion(mut self, replacement: &str) -> Self {
        self.suggest_or(Some(replacement), String::new);
        self
    }

    /// The did-you-mean of `near` when there is one, else `otherwise` as
    /// the help.
    pub fn with_suggestion_or(
        mut self,
        near: Option<&str>,
        otherwise: impl FnOnce() -> String,
    ) -> Self {
        self.suggest_or(near, otherwise);
        self
    }

    /// [`Diagnostic::with_suggestion_or`] in place, for a diagnostic
    /// already recorded.
    pub fn suggest_or(&mut self, near: Option<&str>, otherwise: impl FnOnce() -> String) {
        match near {
            Some(near) => {
                self.help = Some(did_you_mean(near));
                self.suggestion = Some(near.to_owned());
            }
            None => self.help = Some(otherwise()),
        }
    }

    /// Whether it makes the note (and the run) fail.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// 1-based line and column (in characters) of the start of the span.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let source = self.source.as_ref()?;
        Some(line_col(&source.text, source.span.start))
    }

    /// Sort key: by file, then position, so output never depends on thread timing.
    pub fn sort_key(&self) -> (&Path, usize, Severity, Code) {
        let offset = self.source.as_ref().map_or(0, |s| s.span.start);
        (&self.path, offset, self.severity, self.code)
    }

    /// Sorts `diagnostics` by [`Diagnostic::sort_key`] (borrowing, not
    /// copying, each path: warnings of a large workspace number in the
    /// tens of thousands).
    pub fn sort(diagnostics: &mut [Diagnostic]) {
        diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
}

/// The help of a did-you-mean, the one wording every stage uses.
pub fn did_you_mean(replacement: &str) -> String {
    format!("did you mean `{replacement}`?")
}

/// Line and column (1-based, columns counted in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `text` with every control character but tab (C0, DEL, C1: escape
/// sequences, bells, carriage returns, new lines) and every bidirectional
/// override (which reorders what a reader sees) written as a Rust escape,
/// `\u{1b}`: still recognisable, never acted upon by a terminal or a log.
/// Every printer of text that may come from a note passes it through here.
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs_escape(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters (C0, DEL, C1; tab aside: it moves the cursor,
/// nothing more) and the bidirectional embeddings, overrides and isolates,
/// which reorder what a reader sees (the marks LRM, RLM and ALM only nudge
/// neutral characters, and right-to-left names legitimately hold them).
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// JSON written by serde_json with the control characters it leaves raw
/// (DEL, C1 and bidirectional overrides; it escapes C0 itself) written as
/// `\u` escapes: the value read back is the same, the bytes printed hold
/// nothing a terminal acts upon. Such characters can only be inside strings
/// (outside them serde_json writes ASCII), and the new lines and spaces of
/// pretty-printed JSON are left alone.
pub fn escape_json_controls(json: String) -> String {
    if !json.chars().any(json_leaves_raw) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if json_leaves_raw(c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// A character [`needs_escape`] that serde_json writes as it is.
fn json_leaves_raw(c: char) -> bool {
    c >= '\u{7f}' && needs_escape(c)
}

/// Output formats of `brief check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// rustc-style, with the source line and a caret.
    Human,
    /// One JSON object per diagnostic (JSON Lines).
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// One SARIF 2.1.0 log, for GitHub code scanning and other SARIF readers.
    Sarif,
    /// One GitLab Code Quality report (a JSON array of issues).
    Gitlab,
}

impl Format {
    /// Whether CI reads this format: its paths are then shown from the
    /// repository's root, where CI attaches them to files, rather than
    /// from the current folder.
    pub fn is_for_ci(self) -> bool {
        matches!(self, Format::Github | Format::Sarif | Format::Gitlab)
    }
}

/// Renders diagnostics in the given format with their paths as stored
/// (relative to the workspace root); `color` only affects `Human`.
pub fn render(diagnostics: &[Diagnostic], format: Format, color: bool) -> String {
    render_from(diagnostics, format, color, &ShownFrom::workspace())
}

/// Renders diagnostics in the given format, each path as `shown` writes it.
pub fn render_from(
    diagnostics: &[Diagnostic],
    format: Format,
    color: bool,
    shown: &ShownFrom,
) -> String {
    let indexes = LineIndexes::of(diagnostics);
    match format {
        Format::Sarif => return sarif::render(diagnostics, &indexes, shown),
        Format::Gitlab => return gitlab::render(diagnostics, &indexes, shown),
        Format::Human | Format::Json | Format::Github => {}
    }
    // Rendered in parallel (a large workspace has thousands of warnings,
    // each a snippet to lay out), then joined in their sorted order.
    let rendered: Vec<String> = diagnostics
        .par_iter()
        .map(|diagnostic| {
            let index = indexes.get(diagnostic);
            let path = shown.show(&diagnostic.path);
            match format {
                Format::Json => json(diagnostic, &path, index) + "\n",
                Format::Github => github(diagnostic, &path, index) + "\n",
                _ => human(diagnostic, &path, index, color),
            }
        })
        .collect();
    rendered.concat()
}

/// The line index of the one file `diagnostic` points into.
fn own_index(diagnostic: &Diagnostic) -> Option<LineIndex<'_>> {
    diagnostic.source.as_ref().map(|s| LineIndex::new(&s.text))
}

/// Line and column of the start of `diagnostic`'s span; 1:1 for a problem
/// with a whole file (empty, too large, unreadable), so that editors'
/// problem matchers and CI parsers expecting `path:line:col` see it too.
/// `None` for a problem with no place in a file (a brief, a folder).
fn position(diagnostic: &Diagnostic, index: Option<&LineIndex<'_>>) -> Option<(usize, usize)> {
    region(diagnostic, index).map(|region| region.start)
}

/// Where a diagnostic points: 1-based lines, columns in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Region {
    /// Line and column of the span's first character.
    start: (usize, usize),
    /// Line and column just after its last character (SARIF's exclusive
    /// end), when the span covers at least one.
    end: Option<(usize, usize)>,
}

/// The region of [`position`], with its end: an empty span covers the one
/// character the human form's caret points at, and a line break closing a
/// span is left out (it has no column of its own).
fn region(diagnostic: &Diagnostic, index: Option<&LineIndex<'_>>) -> Option<Region> {
    match (&diagnostic.source, index) {
        (Some(source), Some(index)) => {
            let start = floor_char_boundary(&source.text, source.span.start);
            let end = shown_end(&source.text, start, source.span.end);
            Some(Region {
                start: index.line_col(start),
                end: (end > start).then(|| index.line_col(end)),
            })
        }
        _ => diagnostic.code.is_file_level().then_some(Region {
            start: (1, 1),
            end: None,
        }),
    }
}

/// Where the span `start..end` of `text` ends when shown: before the line
/// breaks that close it, or after the character at `start` when empty.
fn shown_end(text: &str, start: usize, end: usize) -> usize {
    let mut end = floor_char_boundary(text, end.max(start));
    while end > start && matches!(text.as_bytes().get(end - 1), Some(b'\n' | b'\r')) {
        end -= 1;
    }
    if end == start
        && let Some(next) = text[start..]
            .chars()
            .next()
            .filter(|c| !matches!(c, '\n' | '\r'))
    {
        end = start + next.len_utf8();
    }
    end
}

/// `path:line:col: error[code]: message`, then the offending line with
/// carets and an optional `help:` line, in the style of rustc.
pub fn render_human(diagnostic: &Diagnostic, color: bool) -> String {
    human(
        diagnostic,
        &diagnostic.path,
        own_index(diagnostic).as_ref(),
        color,
    )
}

fn human(
    diagnostic: &Diagnostic,
    path: &Path,
    index: Option<&LineIndex<'_>>,
    color: bool,
) -> String {
    let mut out = String::new();
    let location = location_prefix(diagnostic, path, index);
    let (severity_style, bold) = if color {
        let level = match diagnostic.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
        };
        (level, "\x1b[1m")
    } else {
        ("", "")
    };
    let reset = if color { "\x1b[0m" } else { "" };
    let _ = writeln!(
        out,
        "{bold}{location}:{reset} {severity_style}{}[{}]{reset}{bold}: {}{reset}",
        diagnostic.severity.as_str(),
        diagnostic.code.as_str(),
        escape_controls(&diagnostic.message)
    );
    if let Some(snippet) = index.and_then(|index| render_snippet(diagnostic, index, color)) {
        out.push_str(&snippet);
        out.push('\n');
    } else if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  = help: {}", escape_controls(help));
    }
    out
}

fn location_prefix(diagnostic: &Diagnostic, path: &Path, index: Option<&LineIndex<'_>>) -> String {
    let path = display_path(path);
    match position(diagnostic, index) {
        Some((line, column)) => format!("{path}:{line}:{column}"),
        None => path,
    }
}

/// The path with `/` separators and its control characters escaped (a
/// file name may hold them too).
fn display_path(path: &Path) -> String {
    escape_controls(&slash_path(path)).into_owned()
}

/// The path with `/` separators, as every format writes it.
fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The offending line with carets under the span, via annotate-snippets.
/// The line is escaped here, carets moved to match, so that it shows
/// control characters as every other printed text does.
fn render_snippet(diagnostic: &Diagnostic, index: &LineIndex<'_>, color: bool) -> Option<String> {
    // A file-level problem in a file not read has no line worth showing.
    let source = diagnostic.source.as_ref().filter(|s| !s.text.is_empty())?;
    let text: &str = &source.text;
    let start = floor_char_boundary(text, source.span.start);
    let line_number = index.line_of(start);
    let line_start = index.line_start(line_number);
    let line_end = index.line_end(line_number);
    let line = text.get(line_start..line_end)?.trim_end_matches('\r');
    let caret_start = (start - line_start).min(line.len());
    let span_end = floor_char_boundary(text, source.span.end.max(start)).min(line_end);
    let mut caret_end = (span_end - line_start).min(line.len());
    if caret_end <= caret_start {
        // An empty span still deserves one caret: under the next character.
        caret_end = line[caret_start..]
            .chars()
            .next()
            .map_or(caret_start, |c| caret_start + c.len_utf8());
    }
    let (line, caret_start, caret_end) = around_span(line, caret_start, caret_end);
    let escaped_start = escape_controls(&line[..caret_start]).len();
    let escaped_end = escaped_start + escape_controls(&line[caret_start..caret_end]).len();
    let line = escape_controls(line);
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let snippet = Snippet::source(line.as_ref())
        .line_start(line_number + 1)
        .fold(false)
        .annotation(AnnotationKind::Primary.span(escaped_start..escaped_end));
    let help = diagnostic.help.as_deref().map(escape_controls);
    let mut group = Group::with_level(level).element(snippet);
    if let Some(help) = &help {
        group = group.element(Level::HELP.message(help.as_ref()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(&[group]))
}

/// Lines longer than this are cut to [`SHOWN_CONTEXT`] bytes around the
/// span before they are laid out: annotate-snippets reads the whole line
/// (then shows a terminal's width of it), and 20,000 diagnostics on one
/// 1 MB line would read it 20,000 times.
const LONG_LINE: usize = 4096;
const SHOWN_CONTEXT: usize = 512;

/// `line` cut to [`SHOWN_CONTEXT`] bytes either side of the span
/// `start..end` when it is long, with the span's new bounds. The margins
/// are wider than any terminal, so what is shown is the same. The span is
/// kept whole (annotate-snippets shows its two ends): the spans of one
/// line's diagnostics barely overlap, so together they read it about once.
fn around_span(line: &str, start: usize, end: usize) -> (&str, usize, usize) {
    if line.len() <= LONG_LINE {
        return (line, start, end);
    }
    let from = floor_char_boundary(line, start.saturating_sub(SHOWN_CONTEXT));
    let to = ceil_char_boundary(line, end.saturating_add(SHOWN_CONTEXT));
    (&line[from..to], start - from, end - from)
}

fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: String,
    line: Option<usize>,
    column: Option<usize>,
    severity: Severity,
    code: &'static str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// A did-you-mean's replacement for the text at line:column.
    #[serde(skip_serializing_if = "Option::is_none")]
    suggestion: Option<&'a str>,
}

/// One JSON object on one line (JSON Lines, like `cargo --message-format json`).
/// Message and help keep their text exactly; control characters in them are
/// JSON escapes, never raw.
pub fn render_json(diagnostic: &Diagnostic) -> String {
    json(diagnostic, &diagnostic.path, own_index(diagnostic).as_ref())
}

fn json(diagnostic: &Diagnostic, path: &Path, index: Option<&LineIndex<'_>>) -> String {
    let position = position(diagnostic, index);
    let json = JsonDiagnostic {
        path: slash_path(path),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        severity: diagnostic.severity,
        code: diagnostic.code.as_str(),
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        suggestion: diagnostic.suggestion.as_deref(),
    };
    escape_json_controls(serde_json::to_string(&json).unwrap_or_default())
}

/// A GitHub Actions workflow command, which the runner turns into an
/// annotation from `line`:`col` to `endLine`:`endColumn` (the column after
/// the span, as in SARIF). GitHub takes columns only within one line, so a
/// span over several lines gives `endLine` and no `endColumn`.
pub fn render_github(diagnostic: &Diagnostic) -> String {
    github(diagnostic, &diagnostic.path, own_index(diagnostic).as_ref())
}

fn github(diagnostic: &Diagnostic, path: &Path, index: Option<&LineIndex<'_>>) -> String {
    let mut properties = format!("file={}", escape_property(&display_path(path)));
    if let Some(Region { start, end }) = region(diagnostic, index) {
        let (line, column) = start;
        let _ = write!(properties, ",line={line}");
        match end {
            Some((end_line, end_column)) if end_line == line => {
                let _ = write!(
                    properties,
                    ",endLine={end_line},col={column},endColumn={end_column}"
                );
            }
            Some((end_line, _)) => {
                let _ = write!(properties, ",endLine={end_line},col={column}");
            }
            None => {
                let _ = write!(properties, ",col={column}");
            }
        }
    }
    let _ = write!(
        properties,
        ",title={}",
        escape_property(&format!("brief {}", diagnostic.code.as_str()))
    );
    let mut message = escape_controls(&diagnostic.message).into_owned();
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "\nhelp: {}", escape_controls(help));
    }
    format!(
        "::{} {properties}::{}",
        diagnostic.severity.as_str(),
        escape_data(&message)
    )
}

// Escaping rules of GitHub's workflow commands (actions/toolkit `command.ts`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// Counts of errors and warnings, for summaries and exit codes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    /// How many errors.
    pub errors: usize,
    /// How many warnings.
    pub warnings: usize,
}

impl Tally {
    /// Counts `diagnostics`.
    pub fn of(diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Tally {
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// "1 error", "3 warnings": an English count.
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("{count} {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_in_all_so_lints_can_name_it() {
        // Exhaustive: a new code does not compile here until it has an arm.
        // Give it the next place and put it at that place in `Code::ALL`,
        // which is checked against these arms.
        fn place(code: Code) -> usize {
            match code {
                Code::Io => 0,
                Code::TooLarge => 1,
                Code::NotUtf8 => 2,
                Code::Binary => 3,
                Code::EmptyFile => 4,
                Code::SymlinkLoop => 5,
                Code::LinkedTwice => 6,
                Code::OutsideWorkspace => 7,
                Code::SpecialFile => 8,
                Code::CrLineEndings => 9,
                Code::NoFrontMatter => 10,
                Code::UnclosedFrontMatter => 11,
                Code::YamlSyntax => 12,
                Code::UnknownKey => 13,
                Code::MissingKey => 14,
                Code::WrongType => 15,
                Code::EmptyValue => 16,
                Code::OutOfRange => 17,
                Code::FractionalScore => 18,
                Code::UnknownValue => 19,
                Code::BadDate => 20,
                Code::DuplicateActor => 21,
                Code::Placeholder => 22,
                Code::NoBrief => 23,
                Code::UnknownBrief => 24,
                Code::AfterAsOf => 25,
                Code::SinceAfterAsOf => 26,
                Code::Template => 27,
                Code::EmptyPacketBrief => 28,
                Code::WeakSources => 29,
                Code::ScenarioSum => 30,
                Code::ScenarioJump => 31,
                Code::StrongScoreWithoutRationale => 32,
                Code::WatchWithoutDue => 33,
                Code::MisspeltName => 34,
                Code::UndeclaredName => 35,
                Code::WrongKind => 36,
                Code::IndicatorBothWays => 37,
                Code::UnknownScenario => 38,
                Code::EstimateAgainstEvidence => 39,
                Code::BadFont => 40,
                Code::NoFont => 41,
                Code::ImageNotFound => 42,
                Code::ImageOutsideWorkspace => 43,
                Code::ImageType => 44,
                Code::ImageTooLarge => 45,
                Code::ImageUndecodable => 46,
                Code::ImageNoAlt => 47,
            }
        }
        for (index, code) in Code::ALL.into_iter().enumerate() {
            assert_eq!(place(code), index, "{}", code.as_str());
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
    }

    fn sample() -> Diagnostic {
        let text: Arc<str> = Arc::from("---\ntitle: x\nlevarage: 2\n---\n");
        Diagnostic::error(Code::UnknownKey, "briefs/a/n.md", "unknown key `levarage`")
            .at(&text, 13..21)
            .with_help("did you mean `leverage`?")
    }

    #[test]
    fn line_and_column_are_one_based_and_count_characters() {
        let text = "ab\n“é” x";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 5));
    }

    #[test]
    fn human_form_starts_with_path_line_col_and_shows_carets() {
        let out = render_human(&sample(), false);
        let mut lines = out.lines();
        assert_eq!(
            lines.next(),
            Some("briefs/a/n.md:3:1: error[unknown-key]: unknown key `levarage`")
        );
        assert!(out.contains("3 | levarage: 2"), "{out}");
        assert!(out.contains("^^^^^^^^"), "{out}");
        assert!(out.contains("help: did you mean `leverage`?"), "{out}");
        assert!(!out.contains('\x1b'), "plain output has no colour codes");
    }

    #[test]
    fn json_form_has_the_documented_fields() {
        let value: serde_json::Value = serde_json::from_str(&render_json(&sample())).unwrap();
        assert_eq!(value["path"], "briefs/a/n.md");
        assert_eq!(value["line"], 3);
        assert_eq!(value["column"], 1);
        assert_eq!(value["severity"], "error");
        assert_eq!(value["code"], "unknown-key");
        assert_eq!(value["message"], "unknown key `levarage`");
    }

    #[test]
    fn github_form_is_a_workflow_command_with_escaping() {
        let out = render_github(&sample());
        assert_eq!(
            out,
            "::error file=briefs/a/n.md,line=3,endLine=3,col=1,endColumn=9,title=brief unknown-key::unknown key `levarage`%0Ahelp: did you mean `leverage`?"
        );
    }

    #[test]
    fn the_line_index_agrees_with_line_col_everywhere() {
        let long_line = "é“x”\t".repeat(200);
        let text = format!("ab\r\n{long_line}\n\n“é” x\nlast");
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 3 {
            assert_eq!(
                index.line_col(offset),
                line_col(&text, offset),
                "offset {offset}"
            );
        }
        assert_eq!(LineIndex::new("").line_col(0), (1, 1));
    }

    #[test]
    fn control_characters_are_escaped_and_stay_recognisable() {
        assert_eq!(escape_controls("plain\ttext"), "plain\ttext");
        assert_eq!(
            escape_controls("a\x1b]0;PWNED\x07b\x1b[2J\0\x7f\u{9b}\u{202e}z\r\n"),
            r"a\u{1b}]0;PWNED\u{7}b\u{1b}[2J\u{0}\u{7f}\u{9b}\u{202e}z\u{d}\u{a}"
        );
        let json = escape_json_controls(serde_json::to_string("x\x1b\x7f\u{85}\u{2066}é").unwrap());
        assert_eq!(json, r#""x\u001b\u007f\u0085\u2066é""#);
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(
            back, "x\x1b\x7f\u{85}\u{2066}é",
            "JSON keeps the exact text"
        );
    }

    #[test]
    fn a_hostile_key_is_printed_escaped_in_every_format() {
        let text: Arc<str> = Arc::from("---\n\"k\x1b[2J\u{9b}\u{202e}\": 1\n---\n");
        let diagnostic = Diagnostic::error(
            Code::UnknownKey,
            "briefs/a/\x1b]0;x\x07.md",
            "unknown key `k\x1b[2J\u{9b}\u{202e}`",
        )
        .at(&text, 4..16)
        .with_help("did you mean `\x1b[31mtitle`?");
        let one = std::slice::from_ref(&diagnostic);
        for format in [
            Format::Human,
            Format::Json,
            Format::Github,
            Format::Sarif,
            Format::Gitlab,
        ] {
            let out = render(one, format, false);
            assert!(
                !out.chars().any(|c| c != '\n' && needs_escape(c)),
                "{format:?}: {out:?}"
            );
            assert!(out.contains("[2J"), "{format:?}: {out}");
        }
        let human = render(one, Format::Human, false);
        assert!(
            human.contains(r"unknown key `k\u{1b}[2J\u{9b}\u{202e}`"),
            "{human}"
        );
        assert!(human.contains(r#"2 | "k\u{1b}[2J"#), "the line: {human}");
        assert!(
            human.contains(r"briefs/a/\u{1b}]0;x\u{7}.md:2:1"),
            "{human}"
        );
        assert!(human.contains(r"\u{1b}[31mtitle"), "the help: {human}");
        let caret_line = human.lines().find(|l| l.contains('^')).unwrap_or_default();
        assert_eq!(
            caret_line.matches('^').count(),
            r#""k\u{1b}[2J\u{9b}\u{202e}""#.len()
        );
    }

    #[test]
    fn file_level_problems_are_at_line_1_column_1_in_every_format() {
        let unread = Diagnostic::error(Code::TooLarge, "briefs/a/big.md", "the note is 9 MiB")
            .with_help("split it");
        let not_shown = Diagnostic::error(Code::OutsideWorkspace, "briefs/a/l.md", "not read")
            .at(&Arc::from(""), 0..0);
        for diagnostic in [&unread, &not_shown] {
            let path = diagnostic.path.display();
            let human = render_human(diagnostic, false);
            let header = human.lines().next().unwrap_or_default();
            assert!(
                header.starts_with(&format!("{path}:1:1: error[")),
                "{human}"
            );
            let json: serde_json::Value = serde_json::from_str(&render_json(diagnostic)).unwrap();
            assert_eq!(
                (json["line"].clone(), json["column"].clone()),
                (1.into(), 1.into())
            );
            let github = render_github(diagnostic);
            assert!(github.contains(",line=1,col=1,"), "{github}");
        }
        assert_eq!(
            render_human(&unread, false),
            "briefs/a/big.md:1:1: error[too-large]: the note is 9 MiB\n  = help: split it\n"
        );
        let about_a_brief = Diagnostic::warning(Code::SinceAfterAsOf, "briefs/b", "since is late");
        assert_eq!(
            render_human(&about_a_brief, false),
            "briefs/b: warning[since-after-as-of]: since is late\n",
            "a folder has no line 1"
        );
        assert!(render_json(&about_a_brief).contains(r#""line":null,"column":null"#));
    }

    #[test]
    fn warnings_show_their_code_in_the_header() {
        let text: Arc<str> = Arc::from("watch: x\n");
        let warning =
            Diagnostic::warning(Code::WatchWithoutDue, "n.md", "no due date").at(&text, 7..8);
        let first = render_human(&warning, false);
        assert_eq!(
            first.lines().next(),
            Some("n.md:1:8: warning[watch-without-due]: no due date")
        );
        let coloured = render_human(&warning, true);
        assert!(
            coloured.contains("\x1b[1;33mwarning[watch-without-due]\x1b[0m"),
            "{coloured:?}"
        );
    }

    #[test]
    fn a_file_is_indexed_once_however_many_diagnostics_point_into_it() {
        let text: Arc<str> = Arc::from("  - name: x\n".repeat(1000));
        let other: Arc<str> = Arc::from("other\n");
        let mut all: Vec<Diagnostic> = (0..1000)
            .map(|i| {
                Diagnostic::error(Code::OutOfRange, "a.md", "out of range")
                    .at(&text, i * 12..i * 12 + 1)
            })
            .collect();
        all.push(Diagnostic::error(Code::OutOfRange, "b.md", "x").at(&other, 0..1));
        all.push(Diagnostic::error(Code::TooLarge, "c.md", "too large"));
        assert_eq!(LineIndexes::of(&all).len(), 2);
        let rendered = render(&all, Format::Json, false);
        let last_of_a = rendered.lines().nth(999).unwrap_or_default();
        assert!(
            last_of_a.contains(r#""line":1000,"column":1"#),
            "{last_of_a}"
        );
    }

    /// What annotate-snippets shows for the whole of `line`, uncut.
    fn uncut_snippet(line: &str, span: Range<usize>) -> String {
        let snippet = Snippet::source(line)
            .line_start(1)
            .fold(false)
            .annotation(AnnotationKind::Primary.span(span));
        Renderer::plain().render(&[Group::with_level(Level::ERROR).element(snippet)])
    }

    #[test]
    fn a_long_line_is_cut_around_the_span_without_changing_what_is_shown() {
        let line = "{name: x, leverage: 9}, ".repeat(2000);
        let text: Arc<str> = Arc::from(line.as_str());
        for at in [20, 4100, 24_000, line.len() - 4] {
            let diagnostic = Diagnostic::error(Code::OutOfRange, "n.md", "x").at(&text, at..at + 1);
            let index = LineIndex::new(&text);
            let shown = render_snippet(&diagnostic, &index, false).unwrap_or_default();
            assert_eq!(shown, uncut_snippet(&line, at..at + 1), "span at {at}");
        }
    }
}
