//! What a run reports of the diagnostics it found: each one once, at the
//! level `lints:` in brief.yaml gives its code (`allow` hides it, `warn`
//! and `deny` set its severity). Applied by every command after all
//! diagnostics are in, so a lint is governed the same way wherever it is
//! found.

use crate::config::{Config, LintLevel};
use crate::diag::{Code, Diagnostic, Severity};

/// Applies `config`'s `lints:` levels to `diagnostics`, drops repeats and
/// sorts them.
pub(crate) fn apply(diagnostics: &mut Vec<Diagnostic>, config: &Config) {
    if !config.lints.is_empty() {
        // Only warnings are governed: `lints:` refuses to allow an error
        // code, and an error is never hidden or downgraded here either.
        diagnostics.retain_mut(|diagnostic| match config.lints.get(&diagnostic.code) {
            _ if diagnostic.is_error() => true,
            Some(LintLevel::Allow) => false,
            Some(LintLevel::Warn) => {
                diagnostic.severity = Severity::Warning;
                true
            }
            Some(LintLevel::Deny) => {
                diagnostic.severity = Severity::Error;
                true
            }
            None => true,
        });
    }
    once(diagnostics);
}

/// Sorts and drops repeats: the same diagnostic twice, and a note left out
/// by `--as-of` (found once per brief and once per packet, in words that
/// name the packet), reported once in the words of the first finding.
pub(crate) fn once(diagnostics: &mut Vec<Diagnostic>) {
    Diagnostic::sort(diagnostics);
    let mut seen = std::collections::HashSet::new();
    diagnostics.retain(|d| {
        let span = d.source.as_ref().map(|s| s.span.clone());
        let words = (d.code != Code::AfterAsOf).then(|| d.message.clone());
        seen.insert((d.path.clone(), span, d.severity, d.code, words))
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use super::*;

    fn config(lints: &str) -> Config {
        let text = format!("title: T\nlints:\n{lints}");
        let loaded = crate::config::parse(Path::new("brief.yaml"), &Arc::from(text.as_str()));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.config.unwrap()
    }

    fn warning(code: Code, message: &str) -> Diagnostic {
        let text: Arc<str> = Arc::from("line one\nline two\n");
        Diagnostic::warning(code, "briefs/x/a.md", message).at(&text, 9..13)
    }

    #[test]
    fn allow_hides_deny_errs_and_others_are_untouched() {
        let mut diagnostics = vec![
            warning(Code::WatchWithoutDue, "no due"),
            warning(Code::WeakSources, "weak"),
            warning(Code::ScenarioSum, "sum"),
        ];
        apply(
            &mut diagnostics,
            &config("  watch-without-due: allow\n  high-confidence-weak-sources: deny\n"),
        );
        let seen: Vec<(Code, Severity)> =
            diagnostics.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            seen,
            [
                (Code::WeakSources, Severity::Error),
                (Code::ScenarioSum, Severity::Warning)
            ]
        );
    }

    #[test]
    fn different_findings_at_one_place_both_stay() {
        let mut diagnostics = vec![
            Diagnostic::warning(Code::EmptyPacketBrief, "brief.yaml", "packet `a`: empty"),
            Diagnostic::warning(Code::EmptyPacketBrief, "brief.yaml", "packet `b`: empty"),
            Diagnostic::warning(Code::EmptyPacketBrief, "brief.yaml", "packet `b`: empty"),
        ];
        once(&mut diagnostics);
        assert_eq!(diagnostics.len(), 2);
    }

    #[test]
    fn the_same_finding_twice_is_reported_once_in_its_first_words() {
        let mut diagnostics = vec![
            warning(Code::AfterAsOf, "left out of `talks`"),
            warning(Code::AfterAsOf, "packet `p`: left out of `talks`"),
        ];
        once(&mut diagnostics);
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].message, "left out of `talks`");
    }
}
