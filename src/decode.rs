//! Reading typed values out of a spanned YAML tree, collecting every problem.
//!
//! Shared by `brief.yaml` and note front matter: each helper either returns
//! the value or records a diagnostic pointing at the key or value at fault,
//! so one pass reports everything wrong in a file.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::{Code, Diagnostic};
use crate::yaml::{Node, Value};

/// Walks one YAML document of one file, recording diagnostics as it goes.
pub(crate) struct Decoder<'a> {
    path: &'a Path,
    text: &'a Arc<str>,
    /// Byte offset of the YAML document within the file's text.
    base: usize,
    /// Every problem met so far, in the order met.
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Decoder<'a> {
    /// A decoder for the YAML document starting `base` bytes into `text`.
    pub(crate) fn new(path: &'a Path, text: &'a Arc<str>, base: usize) -> Self {
        Decoder {
            path,
            text,
            base,
            diagnostics: Vec::new(),
        }
    }

    /// The node's span as a byte range of the whole file.
    pub(crate) fn span(&self, node: &Node) -> Range<usize> {
        self.base + node.span.start..self.base + node.span.end
    }

    /// The source text a node was written as (for scalars, its exact spelling).
    pub(crate) fn raw(&self, node: &Node) -> &str {
        self.text.get(self.span(node)).unwrap_or("")
    }

    /// An error at a node, pushed and returned so the caller can add help.
    pub(crate) fn error(
        &mut self,
        code: Code,
        node: &Node,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::error(code, self.path, message).at(self.text, self.span(node));
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// An error at a byte offset of the file rather than at a node.
    pub(crate) fn error_at(
        &mut self,
        code: Code,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = Diagnostic::error(code, self.path, message).at(self.text, span);
        self.diagnostics.push(diagnostic);
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Whether any error was met, so the caller keeps no half-valid value.
    pub(crate) fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The entries of a mapping, or an error naming what was expected.
    pub(crate) fn map<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Node, Node)]> {
        match &node.value {
            Value::Map(entries) => Some(entries),
            other => {
                let kind = other.kind();
                self.error(
                    Code::WrongType,
                    node,
                    format!("{what} must be a mapping of keys to values, not {kind}"),
                );
                None
            }
        }
    }

    /// Reports every key not in `allowed`, with a did-you-mean suggestion.
    pub(crate) fn check_keys(&mut self, entries: &[(Node, Node)], allowed: &[String], what: &str) {
        self.check_keys_with_hint(entries, allowed, what, |_| None);
    }

    /// Like `check_keys`; `hint` may explain a key that belongs elsewhere
    /// (`leverage` at the top of a note belongs to an actor).
    pub(crate) fn check_keys_with_hint(
        &mut self,
        entries: &[(Node, Node)],
        allowed: &[String],
        what: &str,
        hint: impl Fn(&str) -> Option<String>,
    ) {
        for (key, _) in entries {
            let name = self.key_name(key);
            if allowed.contains(&name) {
                continue;
            }
            let near = did_you_mean(&name, allowed.iter().map(String::as_str));
            let error = self.error(
                Code::UnknownKey,
                key,
                format!("unknown key `{name}` in {what}"),
            );
            error.suggest_or(near, || {
                hint(&name).unwrap_or_else(|| format!("{what} takes: {}", allowed.join(", ")))
            });
        }
    }

    /// A key's text: its string value, or how it was written for other scalars.
    pub(crate) fn key_name(&self, key: &Node) -> String {
        match &key.value {
            Value::Str(s) => s.clone(),
            _ => self.raw(key).to_owned(),
        }
    }

    /// The value under `key`, if present and not null.
    pub(crate) fn field<'n>(&self, entries: &'n [(Node, Node)], key: &str) -> Option<&'n Node> {
        entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// The key node itself, to point at when a value is missing.
    pub(crate) fn key_node<'n>(&self, entries: &'n [(Node, Node)], key: &str) -> Option<&'n Node> {
        entries
            .iter()
            .find(|(k, _)| matches!(&k.value, Value::Str(s) if s == key))
            .map(|(k, _)| k)
    }

    /// Text from a scalar. Numbers and booleans are taken as written
    /// (`title: 2026` is the text "2026"); lists and mappings are errors.
    pub(crate) fn text(&mut self, node: &Node, key: &str) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => Some(self.raw(node).to_owned()),
            Value::Null => None,
            other => {
                let kind = other.kind();
                self.error(
                    Code::WrongType,
                    node,
                    format!("`{key}` must be text, not {kind}"),
                );
                None
            }
        }
    }

    /// Non-empty text: an empty or blank value is an error.
    pub(crate) fn non_empty_text(&mut self, node: &Node, key: &str) -> Option<String> {
        let text = self.text(node, key)?;
        if text.trim().is_empty() {
            self.error(Code::EmptyValue, node, format!("`{key}` is empty"));
            return None;
        }
        Some(text.trim().to_owned())
    }

    /// A whole number within `min..=max`; fractions and quoted numbers are errors.
    pub(crate) fn integer(&mut self, node: &Node, key: &str, min: i64, max: i64) -> Option<i64> {
        let range = format!("{min}..{max}");
        match &node.value {
            Value::Int(n) if (min..=max).contains(n) => Some(*n),
            Value::Int(n) => {
                self.error(
                    Code::OutOfRange,
                    node,
                    format!("`{key}` is {n}, outside {range}"),
                )
                .help = Some(format!("use a whole number from {min} to {max}"));
                None
            }
            // Integers too large for i64 arrive as floats: out of range, not fractional.
            Value::Float(f) if f.fract() == 0.0 && !(min as f64..=max as f64).contains(f) => {
                let written = self.raw(node).to_owned();
                self.error(
                    Code::OutOfRange,
                    node,
                    format!("`{key}` is {written}, outside {range}"),
                )
                .help = Some(format!("use a whole number from {min} to {max}"));
                None
            }
            Value::Float(f) => {
                let written = self.raw(node).to_owned();
                let diagnostic = self.error(
                    Code::FractionalScore,
                    node,
                    format!("`{key}` must be a whole number in {range}, not {written}"),
                );
                if f.is_finite() {
                    let nearest = f.round().clamp(min as f64, max as f64);
                    diagnostic.help = Some(format!("scores are whole numbers: use {nearest}"));
                }
                None
            }
            Value::Str(s) if s.trim().parse::<i64>().is_ok() => {
                self.error(
                    Code::WrongType,
                    node,
                    format!("`{key}` must be a number, not text"),
                )
                .help = Some(format!("remove the quotes: `{key}: {}`", s.trim()));
                None
            }
            other => {
                let kind = other.kind();
                self.error(
                    Code::WrongType,
                    node,
                    format!("`{key}` must be a whole number in {range}, not {kind}"),
                );
                None
            }
        }
    }

    /// An ISO 8601 calendar date, `YYYY-MM-DD`.
    pub(crate) fn date(&mut self, node: &Node, key: &str) -> Option<Date> {
        let written = match &node.value {
            Value::Str(s) => s.trim().to_owned(),
            Value::Int(_) | Value::Float(_) => self.raw(node).to_owned(),
            other => {
                let kind = other.kind();
                self.error(
                    Code::BadDate,
                    node,
                    format!("`{key}` must be a date like 2026-11-20, not {kind}"),
                );
                return None;
            }
        };
        match parse_date(&written) {
            Ok(date) => Some(date),
            Err(reason) => {
                self.error(
                    Code::BadDate,
                    node,
                    format!("`{key}` is not a valid date: {reason}"),
                )
                .help = Some("write the date as YYYY-MM-DD, e.g. 2026-11-20".to_owned());
                None
            }
        }
    }

    /// A list, with null read as empty.
    pub(crate) fn list<'n>(&mut self, node: &'n Node, key: &str) -> Option<&'n [Node]> {
        match &node.value {
            Value::Seq(items) => Some(items),
            Value::Null => Some(&[]),
            other => {
                let kind = other.kind();
                self.error(
                    Code::WrongType,
                    node,
                    format!("`{key}` must be a list, not {kind}"),
                )
                .help = Some(format!(
                    "write each entry on its own line starting with `- ` under `{key}:`"
                ));
                None
            }
        }
    }

    /// One of a fixed set of names, parsed by `parse`; unknown values get a suggestion.
    pub(crate) fn choice<T>(
        &mut self,
        node: &Node,
        key: &str,
        names: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let text = self.text(node, key)?;
        if let Some(value) = parse(&text) {
            return Some(value);
        }
        let near = did_you_mean(&text, names.iter().copied());
        let error = self.error(Code::UnknownValue, node, format!("unknown {key} `{text}`"));
        error.suggest_or(near, || format!("expected one of: {}", names.join(", ")));
        None
    }
}

/// Parses `YYYY-MM-DD` strictly, saying what is wrong otherwise.
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(format!("`{text}` is not in the form YYYY-MM-DD"));
    }
    text.parse::<Date>()
        .map_err(|_| format!("{text} does not exist in the calendar"))
}

/// The closest candidate to `word`, if one is close enough to be a typo.
pub(crate) fn did_you_mean<'c>(
    word: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let lowered = word.to_lowercase();
    if lowered.chars().count() <= 2 {
        // Any one-letter code is one edit from any other: only a change of
        // case is a convincing typo (`b` for `B`).
        return candidates
            .into_iter()
            .find(|candidate| candidate.to_lowercase() == lowered);
    }
    candidates
        .filter_map(|candidate| {
            let folded = candidate.to_lowercase();
            let distance = strsim::damerau_levenshtein(&lowered, &folded);
            let close = distance <= (candidate.chars().count() / 3).max(1);
            // A truncated key (`half_life` for `half_life_days`) is also a typo.
            let truncated = lowered.chars().count() >= 4 && folded.starts_with(&lowered);
            (close || truncated).then_some((distance, candidate))
        })
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

/// Property names of the root object, or of a definition under `$defs`.
pub(crate) fn property_names(schema: &schemars::Schema, definition: Option<&str>) -> Vec<String> {
    let value = schema.as_value();
    let object = match definition {
        Some(name) => &value["$defs"][name],
        None => value,
    };
    object["properties"]
        .as_object()
        .map(|properties| properties.keys().cloned().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_get_suggestions_and_strangers_do_not() {
        let keys = ["title", "date", "leverage", "stakes", "mechanism"];
        assert_eq!(did_you_mean("levarage", keys.into_iter()), Some("leverage"));
        assert_eq!(did_you_mean("Titel", keys.into_iter()), Some("title"));
        assert_eq!(
            did_you_mean("mechansim", keys.into_iter()),
            Some("mechanism")
        );
        assert_eq!(did_you_mean("colour", keys.into_iter()), None);
    }

    #[test]
    fn whole_numbers_too_large_for_i64_are_out_of_range_not_fractional() {
        let text: Arc<str> = Arc::from("99999999999999999999");
        let mut d = Decoder::new(Path::new("n.md"), &text, 0);
        let node = Node {
            span: 0..text.len(),
            value: Value::Float(1e20),
        };
        assert_eq!(d.integer(&node, "leverage", -5, 5), None);
        assert_eq!(d.diagnostics[0].code, Code::OutOfRange);
        assert_eq!(
            d.diagnostics[0].message,
            "`leverage` is 99999999999999999999, outside -5..5"
        );
    }

    #[test]
    fn dates_must_be_iso_and_real() {
        assert!(parse_date("2026-11-20").is_ok());
        assert!(
            parse_date("2026-02-30")
                .unwrap_err()
                .contains("does not exist")
        );
        assert!(parse_date("20/11/2026").unwrap_err().contains("YYYY-MM-DD"));
        assert!(parse_date("2026-11-20T10:00").is_err());
        assert!(parse_date("").is_err());
    }
}
