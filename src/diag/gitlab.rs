//! `brief check --format gitlab`: a GitLab Code Quality report, the JSON
//! array a job names under `artifacts: reports: codequality`, which GitLab
//! shows in the merge request and compares with the target branch's by
//! `fingerprint`.
//!
//! serde_json writes the text, and [`escape_json_controls`] the characters
//! it leaves raw, so a note's control characters reach no terminal.

use serde::Serialize;

use super::{Diagnostic, LineIndexes, Severity, ShownFrom, escape_json_controls, region};

/// The report of `diagnostics`, each path as `shown` writes it.
pub(super) fn render(
    diagnostics: &[Diagnostic],
    indexes: &LineIndexes<'_>,
    shown: &ShownFrom,
) -> String {
    let (paths, fingerprints) = super::fingerprint::with_paths(diagnostics, shown);
    let issues: Vec<Issue> = diagnostics
        .iter()
        .zip(paths)
        .zip(fingerprints)
        .map(|((diagnostic, path), fingerprint)| {
            // GitLab wants a line for every issue: a problem with a folder
            // or a brief is put at its first.
            let region = region(diagnostic, indexes.get(diagnostic));
            let begin = region.map_or(1, |r| r.start.0);
            let end = region.and_then(|r| r.end).map_or(begin, |end| end.0);
            Issue {
                description: match &diagnostic.help {
                    Some(help) => format!("{} ({help})", diagnostic.message),
                    None => diagnostic.message.clone(),
                },
                check_name: diagnostic.code.as_str(),
                fingerprint,
                severity: match diagnostic.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                location: Location {
                    path,
                    lines: Lines { begin, end },
                },
            }
        })
        .collect();
    let json = serde_json::to_string_pretty(&issues).unwrap_or_default();
    escape_json_controls(json) + "\n"
}

#[derive(Serialize)]
struct Issue {
    description: String,
    check_name: &'static str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
    end: usize,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::diag::{Code, Diagnostic, Format, render};

    #[test]
    fn a_report_is_an_array_of_code_quality_issues() {
        let text: Arc<str> = Arc::from("---\ntitle: x\nlevarage: 2\n---\n");
        let diagnostics = [
            Diagnostic::error(Code::UnknownKey, "briefs/a/n.md", "unknown key `levarage`")
                .at(&text, 13..21)
                .with_help("did you mean `leverage`?"),
            Diagnostic::warning(Code::WatchWithoutDue, "briefs/a/n.md", "no due \u{9b}2J")
                .at(&text, 4..16),
            Diagnostic::warning(Code::SinceAfterAsOf, "briefs/a", "since is late"),
        ];
        let out = render(&diagnostics, Format::Gitlab, false);
        assert!(
            !out.contains('\u{9b}'),
            "C1 controls are JSON escapes: {out}"
        );
        let issues: serde_json::Value = serde_json::from_str(&out).unwrap();
        let fingerprints: Vec<String> = (0..3)
            .map(|i| issues[i]["fingerprint"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            issues,
            serde_json::json!([
                {
                    "description": "unknown key `levarage` (did you mean `leverage`?)",
                    "check_name": "unknown-key",
                    "fingerprint": fingerprints[0],
                    "severity": "major",
                    "location": {"path": "briefs/a/n.md", "lines": {"begin": 3, "end": 3}}
                },
                {
                    "description": "no due \u{9b}2J",
                    "check_name": "watch-without-due",
                    "fingerprint": fingerprints[1],
                    "severity": "minor",
                    "location": {"path": "briefs/a/n.md", "lines": {"begin": 2, "end": 3}}
                },
                {
                    "description": "since is late",
                    "check_name": "since-after-as-of",
                    "fingerprint": fingerprints[2],
                    "severity": "minor",
                    "location": {"path": "briefs/a", "lines": {"begin": 1, "end": 1}}
                }
            ])
        );
        assert_eq!(out, render(&diagnostics, Format::Gitlab, false), "stable");
    }

    #[test]
    fn no_problem_is_an_empty_array() {
        assert_eq!(render(&[], Format::Gitlab, false), "[]\n");
    }
}
