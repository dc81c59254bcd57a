//! Rules about names shared by every stage, each with its one message: which
//! slugs may name a brief, how actor and mechanism names compare, the key
//! watch items merge on, and a note's age in days. A leaf: it depends on no
//! pipeline stage.

use std::borrow::Cow;

use jiff::civil::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};

use crate::decode::Decoder;
use crate::diag::Code;
use crate::yaml::Node;

/// What a brief slug may hold, as every message about one says it.
pub(crate) const SLUG_RULE: &str = "lower-case letters, digits and hyphens, e.g. us-iran-talks";

/// Schema of a brief slug: it names files, so only safe characters.
pub(crate) struct SlugSchema;

impl JsonSchema for SlugSchema {
    fn schema_name() -> Cow<'static, str> {
        "Slug".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": SLUG_PATTERN,
            "description": SLUG_RULE
        })
    }
}

/// What a brief or packet name may look like (it becomes a file name).
pub(crate) const SLUG_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

/// Whether `text` matches `SLUG_PATTERN`.
pub(crate) fn is_slug(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && text.len() <= 100
}

/// Names a brief cannot take: `index.html` is the build's contents page.
pub(crate) const RESERVED_BRIEF_NAMES: [&str; 1] = ["index"];

/// Whether `text` is a slug a brief may be named: not one of
/// [`RESERVED_BRIEF_NAMES`], whose output would overwrite another file.
pub(crate) fn is_reserved_brief_name(text: &str) -> bool {
    RESERVED_BRIEF_NAMES.contains(&text)
}

/// Why a reserved name cannot name a brief: `index.html is the build's
/// contents page`; callers add what to do about it.
pub(crate) fn reserved_reason(name: &str) -> String {
    format!("`{name}.html` is the build's contents page")
}

/// The error for a brief named one of the reserved names (`index`).
pub(crate) fn report_reserved_brief_name(d: &mut Decoder, node: &Node, name: &str) {
    d.error(
        Code::UnknownValue,
        node,
        format!("`{name}` cannot name a brief"),
    )
    .help = Some(format!(
        "{}; choose another brief name",
        reserved_reason(name)
    ));
}

/// Names compare after case-folding, trimming and collapsing whitespace.
pub fn normalise_name(name: &str) -> String {
    if !name.is_ascii() {
        // `str::to_lowercase` knows a final sigma; a character at a time
        // would not.
        return name
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    // The common case in one pass and one allocation: aggregation and the
    // timeline normalise every actor name of every note, week by week.
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    }
    key
}

/// The key watch items merge on: lower-cased, each run of
/// non-alphanumeric characters one space, trimmed.
pub fn watch_key(indicator: &str) -> String {
    let mut key = String::with_capacity(indicator.len());
    let mut gap = false;
    for c in indicator.chars() {
        if c.is_alphanumeric() {
            if gap && !key.is_empty() {
                key.push(' ');
            }
            gap = false;
            key.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    key
}

/// Whole days from `date` to `as_of` (never negative for included notes).
pub fn age_days(date: Date, as_of: Date) -> i64 {
    date.until(as_of)
        .map_or(0, |span| i64::from(span.get_days()))
}

/// How many edits apart two names of at least `length` characters may be
/// and still be one name misspelt: none for short names (`Iran` and `Iraq`,
/// `UAE` and `USA` are different actors), then about one per six characters.
fn allowed_edits(length: usize) -> usize {
    match length {
        0..=4 => 0,
        5..=11 => 1,
        12..=17 => 2,
        _ => 3,
    }
}

/// The candidate `name` most likely misspells (Damerau–Levenshtein over
/// normalised names, within [`allowed_edits`]); never `name` itself.
pub(crate) fn closest_name<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let key = normalise_name(name);
    let key_length = key.chars().count();
    candidates
        .into_iter()
        .filter_map(|candidate| {
            let other = normalise_name(candidate);
            if other == key {
                return None;
            }
            let length = key_length.min(other.chars().count());
            let distance = strsim::damerau_levenshtein(&key, &other);
            (distance <= allowed_edits(length)).then_some((distance, candidate))
        })
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert!(is_slug("us-iran-talks"));
        assert!(is_slug("2026"));
        assert!(!is_slug("../etc"));
        assert!(!is_slug("Us Iran"));
        assert!(!is_slug(""));
        assert!(!is_slug("-x"));
        assert!(is_reserved_brief_name("index"));
        assert!(!is_reserved_brief_name("index-2026"));
    }

    #[test]
    fn names_compare_folded_and_collapsed() {
        assert_eq!(normalise_name("  United   States "), "united states");
        assert_eq!(normalise_name("Tab\tand\nnewline"), "tab and newline");
        assert_eq!(normalise_name(" ΟΔΥΣΣΕΥΣ  Co "), "οδυσσευς co");
        assert_eq!(normalise_name("IRAN"), normalise_name("iran"));
    }

    #[test]
    fn watch_keys_ignore_case_and_punctuation() {
        assert_eq!(
            watch_key("Frozen funds — transferred?"),
            "frozen funds transferred"
        );
        assert_eq!(
            watch_key("frozen-funds transferred"),
            "frozen funds transferred"
        );
    }

    #[test]
    fn misspelt_names_are_close_and_distinct_short_names_are_not() {
        let known = ["Israel", "Iran", "USA", "calibrated transaction diplomacy"];
        assert_eq!(closest_name("Isreal", known), Some("Israel"));
        assert_eq!(
            closest_name("calibrated transacton diplomacy", known),
            Some("calibrated transaction diplomacy")
        );
        assert_eq!(closest_name("Iraq", known), None, "Iraq is not Iran");
        assert_eq!(closest_name("UAE", known), None, "UAE is not USA");
        assert_eq!(closest_name("israel", known), None, "the same name");
        assert_eq!(closest_name("Egypt", known), None);
    }

    #[test]
    fn ages_are_whole_days() {
        let as_of = jiff::civil::date(2026, 11, 20);
        assert_eq!(age_days(jiff::civil::date(2026, 11, 6), as_of), 14);
        assert_eq!(age_days(as_of, as_of), 0);
    }
}
