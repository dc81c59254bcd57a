//! The tool's diagnostics as the protocol's: ranges in UTF-16 positions
//! from their byte spans, the code as `check` prints it, the help after
//! the message.

use std::sync::Arc;

use lsp_types::{DiagnosticSeverity, NumberOrString};

use super::position::LineMap;
use crate::diag::{Diagnostic, Severity, escape_controls};

/// What every diagnostic from this server says it comes from.
pub(crate) const SOURCE: &str = "brief";

/// Line maps of the texts diagnostics point into, built once each: a
/// file's diagnostics share one text.
#[derive(Default)]
pub(crate) struct Maps<'t> {
    maps: Vec<(&'t Arc<str>, LineMap<'t>)>,
}

impl<'t> Maps<'t> {
    /// The line map of `text`, built the first time it is asked for.
    pub(crate) fn of(&mut self, text: &'t Arc<str>) -> &LineMap<'t> {
        let found = self.maps.iter().position(|(t, _)| Arc::ptr_eq(t, text));
        let at = match found {
            Some(at) => at,
            None => {
                self.maps.push((text, LineMap::new(text)));
                self.maps.len() - 1
            }
        };
        &self.maps[at].1
    }
}

/// One diagnostic in the protocol's terms; a file-level one (no span)
/// sits at the start of the file.
pub(crate) fn to_lsp<'t>(diagnostic: &'t Diagnostic, maps: &mut Maps<'t>) -> lsp_types::Diagnostic {
    let range = match &diagnostic.source {
        Some(source) => maps.of(&source.text).range(source.span.clone()),
        None => lsp_types::Range::default(),
    };
    let mut message = escape_controls(&diagnostic.message).into_owned();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(&escape_controls(help));
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match diagnostic.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(diagnostic.code.as_str().to_owned())),
        source: Some(SOURCE.to_owned()),
        message,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn ranges_count_utf16_and_help_follows_the_message() {
        let text: Arc<str> = Arc::from("---\ntitle: Tëst 😀\nlevarage: 2\n---\n");
        let at = text.find("levarage").unwrap();
        let diagnostic =
            Diagnostic::error(Code::UnknownKey, "briefs/a/n.md", "unknown key `levarage`")
                .at(&text, at..at + 8)
                .with_suggestion("leverage");
        let lsp = to_lsp(&diagnostic, &mut Maps::default());
        assert_eq!(lsp.range.start, lsp_types::Position::new(2, 0));
        assert_eq!(lsp.range.end, lsp_types::Position::new(2, 8));
        assert_eq!(lsp.code, Some(NumberOrString::String("unknown-key".into())));
        assert_eq!(
            lsp.message,
            "unknown key `levarage`\nhelp: did you mean `leverage`?"
        );
        let emoji = text.find('😀').unwrap();
        let d = Diagnostic::warning(Code::NoFont, "briefs/a/n.md", "no font")
            .at(&text, emoji..emoji + 4);
        let lsp = to_lsp(&d, &mut Maps::default());
        assert_eq!(
            (lsp.range.start.character, lsp.range.end.character),
            (12, 14)
        );
    }
}
