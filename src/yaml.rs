//! YAML text into a tree of values that each know their byte span.
//!
//! `serde-saphyr` does the parsing (with its budgets on, so alias bombs and
//! deep nesting are refused rather than followed); every node is read through
//! `serde_saphyr::Spanned`, so each value keeps the position it came from.
//! Validation then walks the tree and reports *all* problems, which a derived
//! `Deserialize` on the final types could not do (serde stops at the first).

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::ErrorKind;
use serde_saphyr::{Budget, ExternalMessageSource, NonFiniteFloatPolicy, Options, Spanned};

/// One YAML value with the byte range it occupies in the parsed text.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Where the value is in the parsed text, in bytes (for diagnostics).
    pub span: Range<usize>,
    /// The value itself.
    pub value: Value,
}

/// The shapes a YAML value can take once parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `~`, `null` or nothing after the colon.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits in 64 bits.
    Int(i64),
    /// A decimal number, or a whole number too large for an `Int`.
    Float(f64),
    /// Text, quoted or plain (dates stay text here).
    Str(String),
    /// A list, its items in order.
    Seq(Vec<Node>),
    /// Entries in document order; keys are nodes so their spans survive.
    Map(Vec<(Node, Node)>),
}

impl Value {
    /// What the value is, in the words a note author uses.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax or budget error with the byte offset it was found at.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// Byte offset into the parsed text, when the parser gave a position.
    pub offset: Option<usize>,
    /// What is wrong, without the parser's own position suffix.
    pub message: String,
}

const MAX_DEPTH: usize = 24;
const MAX_NODES: usize = 200_000;
const MAX_ALIASES: usize = 1_000;
const MAX_ANCHORS: usize = 1_000;

/// Limits well above any honest note, far below what would hurt the machine.
fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.max_nodes = MAX_NODES;
    budget.max_events = 1_000_000;
    budget.max_aliases = MAX_ALIASES;
    budget.max_anchors = MAX_ANCHORS;
    budget.max_total_scalar_bytes = 16 * 1024 * 1024;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    // `.nan` and `.inf` reach validation as numbers, which reports them at
    // their key; rejecting them here would hide every other problem.
    options.non_finite_float_policy = NonFiniteFloatPolicy::PassThrough;
    options
}

/// Parses one YAML document. An empty document is `Value::Null`.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if text.trim().is_empty() {
        return Ok(Node {
            span: 0..0,
            value: Value::Null,
        });
    }
    match serde_saphyr::from_str_with_options::<Spanned<SpannedValue>>(text, options()) {
        Ok(spanned) => Ok(into_node(spanned, text)),
        Err(error) => Err(syntax_error(&error, text)),
    }
}

fn syntax_error(error: &serde_saphyr::Error, text: &str) -> SyntaxError {
    let offset = error.location().and_then(|loc| location_offset(&loc, text));
    if let Some(message) = limit_message(original(error), text) {
        return SyntaxError { offset, message };
    }
    let mut message = error.without_snippet().to_string();
    // The position is reported separately; drop the library's own suffix.
    if let Some(index) = message.find(" at line ") {
        message.truncate(index);
    }
    SyntaxError {
        offset,
        message: tidy_message(&message),
    }
}

/// The error under the library's alias and snippet wrappers.
fn original(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// Plain words for the limits that refuse hostile YAML (the library prints
/// them as Rust debug output, e.g. `budget breached: Depth { depth: 25 }`)
/// and for a second document, whose library message names its own API.
fn limit_message(error: &serde_saphyr::Error, text: &str) -> Option<String> {
    const TOO_DEEP: &str = "the YAML is nested too deeply (the limit is 24 levels)";
    let message = match error {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Depth { .. } => TOO_DEEP.to_owned(),
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } if uses_aliases(text) => {
                format!(
                    "the YAML expands to more than {MAX_NODES} values; aliases (`*name`) repeating anchors (`&name`) can do that"
                )
            }
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => {
                format!("the YAML holds more than {MAX_NODES} values, the limit for one file")
            }
            BudgetBreach::Aliases { .. } => {
                format!("the YAML uses more than {MAX_ALIASES} aliases (`*name`)")
            }
            BudgetBreach::Anchors { .. } => {
                format!("the YAML defines more than {MAX_ANCHORS} anchors (`&name`)")
            }
            _ => "the YAML is too large or too complex to read".to_owned(),
        },
        serde_saphyr::Error::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan)
                if matches!(scan.kind(), ErrorKind::RecursionLimitExceeded) =>
            {
                TOO_DEEP.to_owned()
            }
            _ => return None,
        },
        serde_saphyr::Error::MultipleDocuments { .. } => {
            "more than one YAML document; a line `...` or `---` ends the first".to_owned()
        }
        _ => return None,
    };
    Some(message)
}

/// Whether the YAML refers to an anchor anywhere before the budget stops
/// the scan: the count of values then says nothing about the text's length,
/// and the message should say why. Only called once a budget is breached;
/// the scan is itself budgeted.
fn uses_aliases(text: &str) -> bool {
    let Some(budget) = options().budget else {
        return false;
    };
    serde_saphyr::budget::check_yaml_budget(
        text,
        budget,
        serde_saphyr::budget::EnforcingPolicy::AllContent,
    )
    .is_ok_and(|report| report.aliases > 0)
}

fn tidy_message(message: &str) -> String {
    // The library's advice is addressed to programmers, not note authors.
    let message = message
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(message);
    let trimmed = message.trim().trim_end_matches('.');
    let mut chars = trimmed.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "invalid YAML".to_owned(),
    }
}

/// Byte offset of a location, from the span when known, else line and column.
fn location_offset(location: &serde_saphyr::Location, text: &str) -> Option<usize> {
    if let Some(offset) = location.span().byte_offset() {
        let offset = usize::try_from(offset).ok()?;
        return (offset <= text.len()).then_some(offset);
    }
    let line = usize::try_from(location.line()).ok()?;
    let column = usize::try_from(location.column()).ok()?;
    if line == 0 {
        return None;
    }
    let line_start = line_start_offset(text, line)?;
    let line_text = text[line_start..].lines().next().unwrap_or("");
    let in_line: usize = line_text
        .chars()
        .take(column.saturating_sub(1))
        .map(char::len_utf8)
        .sum();
    Some(line_start + in_line)
}

fn line_start_offset(text: &str, line: usize) -> Option<usize> {
    if line == 1 {
        return Some(0);
    }
    text.match_indices('\n')
        .nth(line - 2)
        .map(|(index, _)| index + 1)
}

fn span_of<T>(spanned: &Spanned<T>, text: &str) -> Range<usize> {
    let location = spanned.referenced;
    let start = location_offset(&location, text).unwrap_or(0);
    let len = location
        .span()
        .byte_len()
        .and_then(|len| usize::try_from(len).ok())
        .unwrap_or(0);
    let end = (start + len).min(text.len());
    start..end.max(start)
}

fn into_node(spanned: Spanned<SpannedValue>, text: &str) -> Node {
    let span = span_of(&spanned, text);
    let value = match spanned.value {
        SpannedValue::Null => Value::Null,
        SpannedValue::Bool(b) => Value::Bool(b),
        SpannedValue::Int(i) => Value::Int(i),
        SpannedValue::Float(f) => Value::Float(f),
        SpannedValue::Str(s) => Value::Str(s),
        SpannedValue::Seq(items) => {
            Value::Seq(items.into_iter().map(|i| into_node(i, text)).collect())
        }
        SpannedValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| (into_node(k, text), into_node(v, text)))
                .collect(),
        ),
    };
    Node { span, value }
}

/// The raw deserialized form: like `Value` but with the library's span type.
enum SpannedValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<SpannedValue>>),
    Map(Vec<(Spanned<SpannedValue>, Spanned<SpannedValue>)>),
}

impl<'de> Deserialize<'de> for SpannedValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = SpannedValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(SpannedValue::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(SpannedValue::Int(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(SpannedValue::Int(v)),
            Err(_) => Ok(SpannedValue::Float(v as f64)),
        }
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(SpannedValue::Int(v)),
            Err(_) => Ok(SpannedValue::Float(v as f64)),
        }
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(SpannedValue::Int(v)),
            Err(_) => Ok(SpannedValue::Float(v as f64)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(SpannedValue::Float(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(SpannedValue::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(SpannedValue::Str(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(SpannedValue::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(SpannedValue::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        SpannedValue::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(SpannedValue::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(SpannedValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(node: &Node) -> &[(Node, Node)] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("expected a map, got {other:?}"),
        }
    }

    #[test]
    fn scalars_keep_their_byte_spans() {
        let text = "title: Doha talks\nleverage: 2\n";
        let root = parse(text).unwrap();
        let map = entries(&root);
        assert_eq!(&text[map[0].0.span.clone()], "title");
        assert_eq!(&text[map[0].1.span.clone()], "Doha talks");
        assert_eq!(&text[map[1].0.span.clone()], "leverage");
        assert_eq!(map[1].1.value, Value::Int(2));
        assert_eq!(&text[map[1].1.span.clone()], "2");
    }

    #[test]
    fn nested_values_keep_spans_after_multibyte_text() {
        let text = "title: “Quoted” — dash\nactors:\n  - name: Iran\n    leverage: 1.5\n";
        let root = parse(text).unwrap();
        let map = entries(&root);
        let Value::Seq(actors) = &map[1].1.value else {
            panic!("actors is not a list")
        };
        let actor = entries(&actors[0]);
        assert_eq!(&text[actor[1].1.span.clone()], "1.5");
        assert_eq!(actor[1].1.value, Value::Float(1.5));
    }

    #[test]
    fn dates_and_percentages_stay_text() {
        let root = parse("date: 2026-11-20\nlikelihood: 60%\n").unwrap();
        let map = entries(&root);
        assert_eq!(map[0].1.value, Value::Str("2026-11-20".into()));
        assert_eq!(map[1].1.value, Value::Str("60%".into()));
    }

    #[test]
    fn syntax_errors_carry_an_offset() {
        let text = "title: a\nactors: [unclosed\n";
        let error = parse(text).unwrap_err();
        assert!(error.offset.is_some(), "{error:?}");
        assert!(!error.message.contains("line"), "{}", error.message);
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
            ));
        }
        let error = parse(&text).unwrap_err();
        assert!(
            error
                .message
                .starts_with("the YAML expands to more than 200000 values"),
            "{}",
            error.message
        );
    }

    #[test]
    fn a_long_list_without_aliases_is_not_blamed_on_aliases() {
        let text = format!("tags: [{}]\n", vec!["a"; MAX_NODES + 1].join(","));
        let error = parse(&text).unwrap_err();
        assert_eq!(
            error.message,
            "the YAML holds more than 200000 values, the limit for one file"
        );
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let deep = "the YAML is nested too deeply (the limit is 24 levels)";
        let text = format!("x: {}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(parse(&text).unwrap_err().message, deep);
        let block = format!("x:\n  {}1\n", "- ".repeat(10_000));
        assert_eq!(parse(&block).unwrap_err().message, deep);
    }

    #[test]
    fn non_finite_numbers_are_values_and_a_second_document_is_an_error() {
        let root = parse("a: .nan\nb: -.inf\n").unwrap();
        let map = entries(&root);
        assert!(matches!(map[0].1.value, Value::Float(f) if f.is_nan()));
        assert_eq!(map[1].1.value, Value::Float(f64::NEG_INFINITY));
        let error = parse("a: 1\n...\nb: 2\n").unwrap_err();
        assert_eq!(
            error.message,
            "more than one YAML document; a line `...` or `---` ends the first"
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let error = parse("title: a\ntitle: b\n").unwrap_err();
        assert_eq!(error.message, "duplicate mapping key: title");
        assert_eq!(error.offset, Some(9));
    }
}
