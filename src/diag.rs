//! Problems found in the workspace, and the three ways of printing them.
//!
//! A problem in a note is data, not an `Err`: every stage returns its value
//! together with the diagnostics it found, so one run reports all of them.
//! Positions are stored as byte ranges into the file's text; line and column
//! are computed only when printing.

use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::Arc;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

/// How bad a problem is: errors make the note invalid, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A stable, machine-readable name for each kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    Io,
    TooLarge,
    NotUtf8,
    Binary,
    EmptyFile,
    SymlinkLoop,
    OutsideWorkspace,
    SpecialFile,
    CrLineEndings,
    NoFrontMatter,
    UnclosedFrontMatter,
    YamlSyntax,
    UnknownKey,
    MissingKey,
    WrongType,
    EmptyValue,
    OutOfRange,
    FractionalScore,
    UnknownValue,
    BadDate,
    DuplicateActor,
    Placeholder,
    NoBrief,
    UnknownBrief,
    AfterAsOf,
    SinceAfterAsOf,
    Template,
    EmptyPacketBrief,
    WeakSources,
    ScenarioSum,
    ScenarioJump,
    StrongScoreWithoutRationale,
    WatchWithoutDue,
    MisspeltName,
    UndeclaredName,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::TooLarge => "too-large",
            Code::NotUtf8 => "not-utf8",
            Code::Binary => "binary-file",
            Code::EmptyFile => "empty-file",
            Code::SymlinkLoop => "symlink-loop",
            Code::OutsideWorkspace => "outside-workspace",
            Code::SpecialFile => "special-file",
            Code::CrLineEndings => "cr-line-endings",
            Code::NoFrontMatter => "no-front-matter",
            Code::UnclosedFrontMatter => "unclosed-front-matter",
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::EmptyValue => "empty-value",
            Code::OutOfRange => "out-of-range",
            Code::FractionalScore => "fractional-score",
            Code::UnknownValue => "unknown-value",
            Code::BadDate => "bad-date",
            Code::DuplicateActor => "duplicate-actor",
            Code::Placeholder => "placeholder",
            Code::NoBrief => "no-brief",
            Code::UnknownBrief => "unknown-brief",
            Code::AfterAsOf => "after-as-of",
            Code::SinceAfterAsOf => "since-after-as-of",
            Code::Template => "template",
            Code::EmptyPacketBrief => "empty-packet-brief",
            Code::WeakSources => "high-confidence-weak-sources",
            Code::ScenarioSum => "scenario-sum-over-100",
            Code::ScenarioJump => "scenario-estimates-disjoint",
            Code::StrongScoreWithoutRationale => "strong-score-without-rationale",
            Code::WatchWithoutDue => "watch-without-due",
            Code::MisspeltName => "misspelt-name",
            Code::UndeclaredName => "undeclared-name",
        }
    }

    /// Every code, for `lints:` in brief.yaml to name.
    pub const ALL: [Code; 32] = [
        Code::Io,
        Code::TooLarge,
        Code::NotUtf8,
        Code::Binary,
        Code::EmptyFile,
        Code::SymlinkLoop,
        Code::NoFrontMatter,
        Code::UnclosedFrontMatter,
        Code::YamlSyntax,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::EmptyValue,
        Code::OutOfRange,
        Code::FractionalScore,
        Code::UnknownValue,
        Code::BadDate,
        Code::DuplicateActor,
        Code::Placeholder,
        Code::NoBrief,
        Code::UnknownBrief,
        Code::AfterAsOf,
        Code::SinceAfterAsOf,
        Code::Template,
        Code::EmptyPacketBrief,
        Code::WeakSources,
        Code::ScenarioSum,
        Code::ScenarioJump,
        Code::StrongScoreWithoutRationale,
        Code::WatchWithoutDue,
        Code::MisspeltName,
        Code::UndeclaredName,
    ];

    /// The code named `name` (as [`Code::as_str`] prints it).
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

/// The text a diagnostic points into, shared between all diagnostics of a file.
#[derive(Debug, Clone)]
pub struct Source {
    pub text: Arc<str>,
    pub span: Range<usize>,
}

/// One problem, with everything needed to print it in any format.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// The file, as shown to the user (relative to the workspace root).
    pub path: PathBuf,
    pub source: Option<Source>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            path: path.into(),
            source: None,
            message: message.into(),
            help: None,
        }
    }

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

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

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

/// Output formats of `brief check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Github,
}

/// Renders diagnostics in the given format; `color` only affects `Human`.
pub fn render(diagnostics: &[Diagnostic], format: Format, color: bool) -> String {
    // Rendered in parallel (a large workspace has thousands of warnings,
    // each a snippet to lay out), then joined in their sorted order.
    let rendered: Vec<String> = diagnostics
        .par_iter()
        .map(|diagnostic| match format {
            Format::Human => render_human(diagnostic, color),
            Format::Json => render_json(diagnostic) + "\n",
            Format::Github => render_github(diagnostic) + "\n",
        })
        .collect();
    rendered.concat()
}

/// `path:line:col: error: message`, then the offending line with carets
/// and an optional `help:` line, in the style of rustc.
pub fn render_human(diagnostic: &Diagnostic, color: bool) -> String {
    let mut out = String::new();
    let location = location_prefix(diagnostic);
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
        "{bold}{location}:{reset} {severity_style}{}{reset}{bold}: {}{reset}",
        diagnostic.severity.as_str(),
        diagnostic.message
    );
    if let Some(snippet) = render_snippet(diagnostic, color) {
        out.push_str(&snippet);
        out.push('\n');
    } else if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "  = help: {help}");
    }
    out
}

fn location_prefix(diagnostic: &Diagnostic) -> String {
    let path = display_path(&diagnostic.path);
    match diagnostic.line_col() {
        Some((line, column)) => format!("{path}:{line}:{column}"),
        None => path,
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// The offending line with carets under the span, via annotate-snippets.
fn render_snippet(diagnostic: &Diagnostic, color: bool) -> Option<String> {
    // A file-level problem in a file not read has no line worth showing.
    let source = diagnostic.source.as_ref().filter(|s| !s.text.is_empty())?;
    let text: &str = &source.text;
    let start = floor_char_boundary(text, source.span.start);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let (line_number, _) = line_col(text, start);
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
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let snippet = Snippet::source(line)
        .line_start(line_number)
        .fold(false)
        .annotation(AnnotationKind::Primary.span(caret_start..caret_end));
    let mut group = Group::with_level(level).element(snippet);
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    Some(renderer.render(&[group]))
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
}

/// One JSON object on one line (JSON Lines, like `cargo --message-format json`).
pub fn render_json(diagnostic: &Diagnostic) -> String {
    let position = diagnostic.line_col();
    let json = JsonDiagnostic {
        path: display_path(&diagnostic.path),
        line: position.map(|p| p.0),
        column: position.map(|p| p.1),
        severity: diagnostic.severity,
        code: diagnostic.code.as_str(),
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
    };
    serde_json::to_string(&json).unwrap_or_default()
}

/// A GitHub Actions workflow command, which the runner turns into an annotation.
pub fn render_github(diagnostic: &Diagnostic) -> String {
    let mut properties = format!("file={}", escape_property(&display_path(&diagnostic.path)));
    if let Some((line, column)) = diagnostic.line_col() {
        let _ = write!(properties, ",line={line},col={column}");
    }
    let _ = write!(
        properties,
        ",title={}",
        escape_property(&format!("brief {}", diagnostic.code.as_str()))
    );
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        let _ = write!(message, "\nhelp: {help}");
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
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
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
            Some("briefs/a/n.md:3:1: error: unknown key `levarage`")
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
            "::error file=briefs/a/n.md,line=3,col=1,title=brief unknown-key::unknown key `levarage`%0Ahelp: did you mean `leverage`?"
        );
    }
}
