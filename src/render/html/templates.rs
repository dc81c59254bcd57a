//! The template set: built-ins embedded in the binary, a workspace's
//! overrides layered over them, and Tera's errors as diagnostics at the
//! template's file and line.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use tera::{Context, Tera};
use thiserror::Error;

use crate::diag::{Code, Diagnostic};

/// The built-in templates: name and text.
pub const BUILTIN: [(&str, &str); 19] = [
    ("base.html", include_str!("../../../templates/base.html")),
    ("style.css", include_str!("../../../templates/style.css")),
    ("brief.html", include_str!("../../../templates/brief.html")),
    ("index.html", include_str!("../../../templates/index.html")),
    (
        "packet.html",
        include_str!("../../../templates/packet.html"),
    ),
    (
        "partials/brief_body.html",
        include_str!("../../../templates/partials/brief_body.html"),
    ),
    (
        "partials/passages.html",
        include_str!("../../../templates/partials/passages.html"),
    ),
    (
        "partials/chronology.html",
        include_str!("../../../templates/partials/chronology.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../../templates/partials/chart.html"),
    ),
    (
        "partials/changes.html",
        include_str!("../../../templates/partials/changes.html"),
    ),
    (
        "partials/timeline.html",
        include_str!("../../../templates/partials/timeline.html"),
    ),
    (
        "partials/actors.html",
        include_str!("../../../templates/partials/actors.html"),
    ),
    (
        "partials/mechanisms.html",
        include_str!("../../../templates/partials/mechanisms.html"),
    ),
    (
        "partials/stakes.html",
        include_str!("../../../templates/partials/stakes.html"),
    ),
    (
        "partials/watch.html",
        include_str!("../../../templates/partials/watch.html"),
    ),
    (
        "partials/scenarios.html",
        include_str!("../../../templates/partials/scenarios.html"),
    ),
    (
        "partials/sources.html",
        include_str!("../../../templates/partials/sources.html"),
    ),
    (
        "partials/packet_brief.html",
        include_str!("../../../templates/partials/packet_brief.html"),
    ),
    (
        "partials/note.html",
        include_str!("../../../templates/partials/note.html"),
    ),
];

/// A workspace's replacement for a built-in template.
#[derive(Debug, Clone)]
pub struct Override {
    /// Template name, e.g. `brief.html` or `partials/chart.html`.
    pub name: String,
    /// Path shown in diagnostics, e.g. `templates/brief.html`.
    pub path: PathBuf,
    /// The template's Tera source, as read from the workspace.
    pub text: Arc<str>,
}

/// A template could not be loaded or rendered; the diagnostics say where.
#[derive(Debug, Error)]
#[error("template error in {}", .diagnostics.first().map(|d| d.path.display().to_string()).unwrap_or_default())]
pub struct TemplateError {
    /// Where the template went wrong (Tera stops at the first problem), at
    /// its line in the override or naming the built-in template.
    pub diagnostics: Vec<Diagnostic>,
}

/// The loaded template set.
pub struct Templates {
    tera: Tera,
    overrides: Vec<Override>,
}

impl Templates {
    /// Whether the workspace overrides the built-in template `name`.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.overrides.iter().any(|o| o.name == name)
    }

    /// Built-ins layered with the workspace's overrides.
    pub fn load(overrides: Vec<Override>) -> Result<Templates, TemplateError> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".css"]);
        let mut sources: BTreeMap<&str, &str> = BUILTIN.iter().copied().collect();
        for template in &overrides {
            sources.insert(template.name.as_str(), &template.text);
        }
        let mut templates = Templates {
            tera,
            overrides: overrides.clone(),
        };
        if let Err(error) = templates.tera.add_raw_templates(sources) {
            return Err(templates.error(&error));
        }
        Ok(templates)
    }

    pub(crate) fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera.render(name, context).map_err(|e| self.error(&e))
    }

    /// A Tera error as a diagnostic at the template's file and line.
    fn error(&self, error: &tera::Error) -> TemplateError {
        let (message, file, line, column) = describe(error);
        let override_file = self.overrides.iter().find(|o| o.name == file);
        let mut diagnostic = match override_file {
            Some(template) => {
                let offset = offset_of(&template.text, line, column);
                Diagnostic::error(Code::Template, template.path.clone(), message)
                    .at(&template.text, offset..offset)
            }
            None => Diagnostic::error(
                Code::Template,
                PathBuf::from(format!("(built-in) {file}")),
                message,
            ),
        };
        diagnostic.help = Some(
            "fix the template, or delete it from templates/ to use the built-in one".to_owned(),
        );
        TemplateError {
            diagnostics: vec![diagnostic],
        }
    }
}

/// Message, template name, 1-based line and 0-based column of a Tera error.
fn describe(error: &tera::Error) -> (String, String, usize, usize) {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
            lowercase_first(report.message()),
            report.filename().to_owned(),
            report.span().start_line,
            report.span().start_col,
        ),
        // Reference checks (unknown filter, test, function or include, a
        // block missing from the parent) arrive as Tera's formatted report.
        ErrorKind::Msg(text) => {
            parse_report(text).unwrap_or_else(|| (lowercase_first(text), String::new(), 0, 0))
        }
        ErrorKind::MissingParent { current: file, .. }
        | ErrorKind::CircularExtend { tpl: file, .. }
        | ErrorKind::CircularInclude { tpl: file, .. } => (
            lowercase_first(&error.kind().to_string()),
            file.clone(),
            0,
            0,
        ),
        other => (lowercase_first(&other.to_string()), String::new(), 0, 0),
    }
}

/// The first problem of a Tera report: `error: MESSAGE` then
/// `--> NAME:LINE:COLUMN` (1-based column).
fn parse_report(text: &str) -> Option<(String, String, usize, usize)> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let mut parts = locus.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    Some((
        lowercase_first(message),
        file.to_owned(),
        line,
        column.saturating_sub(1),
    ))
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = &text[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(column)
            .map_or(rest.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::fixture::{brief, site};
    use crate::render::html::render_brief;

    fn override_of(name: &str, text: &str) -> Override {
        Override {
            name: name.to_owned(),
            path: PathBuf::from(format!("templates/{name}")),
            text: Arc::from(text),
        }
    }

    fn page(templates: &Templates) -> String {
        let bytes = render_brief(templates, &brief(), &site()).expect("the page renders");
        String::from_utf8(bytes).expect("UTF-8")
    }

    #[test]
    fn an_override_replaces_only_its_built_in() {
        let built_in = page(&Templates::load(Vec::new()).expect("built-ins load"));
        assert!(built_in.contains("Indicators: open by due date"));
        let templates = Templates::load(vec![override_of(
            "partials/watch.html",
            "<p>Our watch list: {{ b.watch | length }} items</p>",
        )])
        .expect("the override loads");
        assert!(templates.is_overridden("partials/watch.html"));
        assert!(!templates.is_overridden("brief.html"));
        let custom = page(&templates);
        assert!(custom.contains("<p>Our watch list: 2 items</p>"));
        assert!(!custom.contains("Indicators: open by due date"));
        // Every other part of the page is still the built-in one.
        assert!(custom.contains("Who gains leverage"));
    }

    #[test]
    fn a_broken_override_is_a_diagnostic_at_its_file_and_line() {
        let text = "{% extends \"base.html\" %}\n{% block main %}{% if %}{% endblock %}";
        let Err(error) = Templates::load(vec![override_of("brief.html", text)]) else {
            panic!("a template that does not parse loads");
        };
        assert_eq!(error.to_string(), "template error in templates/brief.html");
        let diagnostic = &error.diagnostics[0];
        assert_eq!(diagnostic.code, Code::Template);
        assert_eq!(diagnostic.path, PathBuf::from("templates/brief.html"));
        let source = diagnostic.source.as_ref().expect("points into the file");
        assert!(source.span.start > text.find('\n').expect("two lines"));
        assert!(
            diagnostic
                .help
                .as_deref()
                .is_some_and(|h| h.contains("delete it"))
        );
    }

    #[test]
    fn a_reference_to_a_missing_template_names_the_override() {
        let templates = Templates::load(vec![override_of(
            "partials/watch.html",
            "{% include \"partials/nowhere.html\" %}",
        )]);
        let Err(error) = templates else {
            panic!("an include of a missing template loads");
        };
        assert_eq!(
            error.diagnostics[0].path,
            PathBuf::from("templates/partials/watch.html")
        );
    }

    #[test]
    fn a_position_in_a_template_becomes_a_byte_offset() {
        let text = "ab\nçd\n";
        assert_eq!(offset_of(text, 1, 0), 0);
        assert_eq!(offset_of(text, 2, 1), 5);
        assert_eq!(offset_of(text, 9, 9), text.len());
    }

    #[test]
    fn teras_report_is_read_for_its_first_problem() {
        let report = "error: Unknown filter `shout`\n --> brief.html:3:7\n  |";
        assert_eq!(
            parse_report(report),
            Some((
                "unknown filter `shout`".to_owned(),
                "brief.html".to_owned(),
                3,
                6
            ))
        );
        assert_eq!(parse_report("no locus here"), None);
    }
}
