//! `brief check --format sarif`: one SARIF 2.1.0 log (OASIS), as GitHub
//! code scanning and other SARIF readers take it. Every code is a rule of
//! the tool's driver, whatever this run found, so a reader can describe a
//! rule it has not seen fail yet; each diagnostic is a result pointing at
//! its rule, with its region (columns in Unicode code points, as every
//! printer counts them) and its fingerprint.
//!
//! serde_json writes the text, and [`escape_json_controls`] the characters
//! it leaves raw, so a note's control characters reach no terminal.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{
    Code, Diagnostic, LineIndexes, Region, Severity, ShownFrom, escape_json_controls, region,
};

/// The schema the log names, as the SARIF 2.1.0 standard (errata 01) does.
const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// The base that relative artifact URIs are resolved against: the
/// repository's root, by the name code scanning knows it as.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// The SARIF log of `diagnostics`, each path as `shown` writes it.
pub(super) fn render(
    diagnostics: &[Diagnostic],
    indexes: &LineIndexes<'_>,
    shown: &ShownFrom,
) -> String {
    let (paths, fingerprints) = super::fingerprint::with_paths(diagnostics, shown);
    let results = diagnostics
        .iter()
        .zip(&paths)
        .zip(fingerprints)
        .map(|((diagnostic, path), fingerprint)| {
            result(
                diagnostic,
                path,
                region(diagnostic, indexes.get(diagnostic)),
                fingerprint,
            )
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "brief",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: information_uri(),
                    rules: Code::ALL.iter().map(|&code| rule(code)).collect(),
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let json = serde_json::to_string_pretty(&log).unwrap_or_default();
    escape_json_controls(json) + "\n"
}

/// Where to read about the tool: the package's repository (or homepage),
/// when Cargo.toml names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_REPOSITORY"), env!("CARGO_PKG_HOMEPAGE")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

fn rule(code: Code) -> Rule {
    Rule {
        id: code.as_str(),
        short_description: Text {
            text: code.description().to_owned(),
        },
        default_configuration: Configuration {
            level: if code.is_warning() {
                "warning"
            } else {
                "error"
            },
        },
    }
}

fn result(
    diagnostic: &Diagnostic,
    path: &str,
    region: Option<Region>,
    fingerprint: String,
) -> SarifResult {
    let mut text = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    let is_absolute = Path::new(path).has_root();
    SarifResult {
        rule_id: diagnostic.code.as_str(),
        rule_index: Code::ALL
            .iter()
            .position(|&code| code == diagnostic.code)
            .unwrap_or_default(),
        level: match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: Text { text },
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: if is_absolute {
                        // `/tmp/a.md` and `C:/a.md` alike: `file:///…`.
                        format!(
                            "file:///{}",
                            percent_encode(path.trim_start_matches('/'), b":")
                        )
                    } else {
                        percent_encode(path, b"")
                    },
                    uri_base_id: (!is_absolute).then_some(SOURCE_ROOT),
                },
                region: region.map(|region| SarifRegion {
                    start_line: region.start.0,
                    start_column: region.start.1,
                    end_line: region.end.map(|end| end.0),
                    end_column: region.end.map(|end| end.1),
                }),
            },
        }],
        partial_fingerprints: BTreeMap::from([("brief/v1", fingerprint)]),
    }
}

/// `path` as a URI path: every byte but unreserved characters, `/` and
/// those of `kept` percent-encoded (spaces, `#`, `%`, non-ASCII letters,
/// controls; `:` too in a relative path, where it would read as a scheme).
fn percent_encode(path: &str, kept: &[u8]) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/')
            || kept.contains(&byte)
        {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<Rule>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: &'static str,
    short_description: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Location; 1],
    partial_fingerprints: BTreeMap<&'static str, String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<SarifRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_column: Option<usize>,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::diag::{Format, render};

    fn two() -> Vec<Diagnostic> {
        let text: Arc<str> = Arc::from("---\ntitle: x\nlevarage: 2\n---\n");
        vec![
            Diagnostic::error(
                Code::UnknownKey,
                "briefs/a b/n.md",
                "unknown key `levarage`",
            )
            .at(&text, 13..21)
            .with_help("did you mean `leverage`?"),
            Diagnostic::warning(Code::NoBrief, "briefs", "no brief \u{1b}[2J"),
        ]
    }

    #[test]
    fn a_log_has_the_tool_its_rules_and_one_result_per_diagnostic() {
        let out = render(&two(), Format::Sarif, false);
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(log["$schema"], SCHEMA);
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "brief");
        assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), Code::ALL.len());
        assert_eq!(
            rules[13],
            serde_json::json!({
                "id": "unknown-key",
                "shortDescription": {"text": "A key the format does not define, often a misspelling."},
                "defaultConfiguration": {"level": "error"}
            })
        );
        let results = run["results"].as_array().unwrap();
        let fingerprint = results[0]["partialFingerprints"]["brief/v1"].clone();
        assert_eq!(
            results[0],
            serde_json::json!({
                "ruleId": "unknown-key",
                "ruleIndex": 13,
                "level": "error",
                "message": {"text": "unknown key `levarage`\nhelp: did you mean `leverage`?"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": "briefs/a%20b/n.md", "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 9}
                }}],
                "partialFingerprints": {"brief/v1": fingerprint}
            })
        );
        assert_eq!(
            results[1]["locations"][0]["physicalLocation"],
            serde_json::json!({"artifactLocation": {"uri": "briefs", "uriBaseId": "%SRCROOT%"}}),
            "a problem with a folder has no region"
        );
        assert_eq!(results[1]["level"], "warning");
        assert_eq!(results[1]["message"]["text"], "no brief \u{1b}[2J");
        assert!(
            !out.contains('\u{1b}'),
            "the escape is a JSON escape: {out}"
        );
    }

    #[test]
    fn an_absolute_path_is_a_file_uri() {
        let diagnostic = Diagnostic::error(Code::TooLarge, "big.md", "too large");
        let shown = ShownFrom::folder(Path::new("/tmp/ws"), Path::new("/work"));
        let out = crate::diag::render_from(&[diagnostic], Format::Sarif, false, &shown);
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            log["runs"][0]["results"][0]["locations"][0]["physicalLocation"],
            serde_json::json!({
                "artifactLocation": {"uri": "file:///tmp/ws/big.md"},
                "region": {"startLine": 1, "startColumn": 1}
            })
        );
    }
}
