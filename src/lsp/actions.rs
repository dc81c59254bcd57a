//! Quick fixes: each did-you-mean (`Diagnostic::suggestion`) replaces what
//! it is about with the suggestion (`levarage` → `leverage`, `TLP:GREN` → `TLP:GREEN`), and a
//! watch item without `due:` gets one, two weeks from today.

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;
use lsp_types::{CodeAction, CodeActionKind, TextEdit, Uri, WorkspaceEdit};

use super::diagnostics::{Maps, to_lsp};
use super::position::LineMap;
use crate::diag::{Code, Diagnostic};

/// How far ahead the `due:` a quick fix adds lies.
const DUE_IN_DAYS: i64 = 14;

/// One fix: what it says, the edit, and the diagnostic it answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fix {
    /// The action's title, e.g. ``Replace `levarage` with `leverage` ``.
    pub title: String,
    /// The bytes of the text to replace.
    pub span: Range<usize>,
    /// What goes there.
    pub replacement: String,
}

/// The fix for one diagnostic of `text`, when it has one.
pub(crate) fn fix(diagnostic: &Diagnostic, text: &str, today: Date) -> Option<Fix> {
    let source = diagnostic.source.as_ref()?;
    // Only a diagnostic pointing into this version of the text.
    if &*source.text != text {
        return None;
    }
    let span = source.span.clone();
    if diagnostic.code == Code::WatchWithoutDue {
        return add_due(text, span, today);
    }
    let near = diagnostic.suggestion.as_deref()?;
    let span = unquoted(text, span);
    let written = text.get(span.clone())?;
    if written.is_empty() || written == near {
        return None;
    }
    Some(Fix {
        title: format!("Replace `{written}` with `{near}`"),
        span,
        replacement: near.to_owned(),
    })
}

/// A quoted scalar's span without its quotes, so the fix keeps them.
fn unquoted(text: &str, span: Range<usize>) -> Range<usize> {
    let Some(written) = text.get(span.clone()) else {
        return span;
    };
    for quote in ['"', '\''] {
        if written.len() >= 2 && written.starts_with(quote) && written.ends_with(quote) {
            return span.start + 1..span.end - 1;
        }
    }
    span
}

/// `due:` on a line of its own after the indicator's value, at the
/// indicator key's column.
fn add_due(text: &str, indicator: Range<usize>, today: Date) -> Option<Fix> {
    let line_start = text
        .get(..indicator.start)?
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text.get(line_start..indicator.start)?;
    let key = line.find("indicator")?;
    let column = line[..key].chars().count();
    let end = text
        .get(indicator.end..)?
        .find('\n')
        .map_or(text.len(), |i| indicator.end + i);
    let end = if text[..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    let newline = if text[end..].starts_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let due = today
        .checked_add(jiff::Span::new().days(DUE_IN_DAYS))
        .unwrap_or(today);
    Some(Fix {
        title: format!("Add `due: {due}`"),
        span: end..end,
        replacement: format!("{newline}{}due: {due}", " ".repeat(column)),
    })
}

/// The code actions for the diagnostics of `uri` that overlap `range`.
pub(crate) fn code_actions(
    uri: &Uri,
    text: &str,
    diagnostics: &[Diagnostic],
    range: Range<usize>,
    today: Date,
) -> Vec<CodeAction> {
    let map = LineMap::new(text);
    let mut maps = Maps::default();
    let mut actions = Vec::new();
    for diagnostic in diagnostics {
        let Some(source) = &diagnostic.source else {
            continue;
        };
        let overlaps = source.span.start <= range.end && range.start <= source.span.end;
        if !overlaps {
            continue;
        }
        let Some(fix) = fix(diagnostic, text, today) else {
            continue;
        };
        let edit = TextEdit {
            range: map.range(fix.span.clone()),
            new_text: fix.replacement,
        };
        actions.push(CodeAction {
            title: fix.title,
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![to_lsp(diagnostic, &mut maps)]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..Default::default()
            }),
            is_preferred: Some(true),
            ..Default::default()
        });
    }
    actions
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn today() -> Date {
        Date::constant(2026, 11, 20)
    }

    fn at(text: &Arc<str>, needle: &str, code: Code, near: Option<&str>) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic::error(code, "briefs/a/n.md", "m")
            .at(text, start..start + needle.len())
            .with_suggestion_or(near, || "something else".to_owned())
    }

    fn apply(text: &str, fix: &Fix) -> String {
        let mut out = text.to_owned();
        out.replace_range(fix.span.clone(), &fix.replacement);
        out
    }

    #[test]
    fn a_did_you_mean_replaces_the_key_or_value_keeping_quotes() {
        let text: Arc<str> = Arc::from(
            "---\nmarking: TLP:GREN\nactors:\n  - name: \"Isreal\"\n    levarage: 2\n---\n",
        );
        let key = at(&text, "levarage", Code::UnknownKey, Some("leverage"));
        let fix = fix(&key, &text, today()).unwrap();
        assert_eq!(fix.title, "Replace `levarage` with `leverage`");
        assert!(apply(&text, &fix).contains("    leverage: 2\n"));
        let marking = at(&text, "TLP:GREN", Code::UnknownValue, Some("TLP:GREEN"));
        assert!(
            apply(&text, &super::fix(&marking, &text, today()).unwrap())
                .contains("marking: TLP:GREEN\n")
        );
        let name = at(&text, "\"Isreal\"", Code::MisspeltName, Some("Israel"));
        assert!(
            apply(&text, &super::fix(&name, &text, today()).unwrap())
                .contains("name: \"Israel\"\n")
        );
    }

    #[test]
    fn a_watch_item_without_due_gets_one_under_its_indicator() {
        let text: Arc<str> =
            Arc::from("---\nwatch:\n  - indicator: Funds move\r\n    status: open\r\n---\n");
        let d = at(&text, "Funds move", Code::WatchWithoutDue, None);
        let fix = fix(&d, &text, today()).unwrap();
        assert_eq!(fix.title, "Add `due: 2026-12-04`");
        assert_eq!(
            apply(&text, &fix),
            "---\nwatch:\n  - indicator: Funds move\r\n    due: 2026-12-04\r\n    status: open\r\n---\n"
        );
    }

    #[test]
    fn no_fix_without_a_suggestion_or_for_another_text() {
        let text: Arc<str> = Arc::from("---\nbrief: x\n---\n");
        let d = at(&text, "x", Code::UnknownBrief, None);
        assert_eq!(fix(&d, &text, today()), None);
        // Help that reads like a did-you-mean is not a suggestion.
        let d = Diagnostic::error(Code::UnknownBrief, "briefs/a/n.md", "m")
            .at(&text, 11..12)
            .with_help("did you mean `y`?");
        assert_eq!(fix(&d, &text, today()), None);
        let d = at(&text, "x", Code::UnknownBrief, Some("y"));
        assert_eq!(fix(&d, "---\nbrief: z\n---\n", today()), None);
    }
}
