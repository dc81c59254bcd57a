//! The front matter of a note as typed data, and its JSON Schema.
//!
//! These types are what validation produces *and* what `brief schema`
//! describes: the validator takes its lists of allowed keys from the schema
//! derived here, and builds these structs field by field (a new field that
//! validation does not fill fails to compile), so parser and schema cannot
//! drift apart.

use std::borrow::Cow;
use std::sync::OnceLock;

use jiff::civil::Date;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;

use crate::decode::property_names;
pub(crate) use crate::names::SlugSchema;
use crate::vocab::{
    Confidence, Likelihood, LikelihoodSchema, Marking, NoteKind, Reliability, Review, Status,
};

/// A note's front matter: one development, the actors in it and their scores.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(
    title = "brief note front matter",
    deny_unknown_fields,
    description = "YAML front matter of a brief note (between the `---` lines)."
)]
pub struct FrontMatter {
    /// One line saying what happened.
    #[schemars(length(min = 1))]
    pub title: String,
    /// ISO 8601 date of the development, YYYY-MM-DD.
    #[schemars(with = "DateSchema")]
    pub date: Date,
    /// The brief this note belongs to; defaults to its folder under `briefs/`.
    #[schemars(with = "Option<SlugSchema>")]
    pub brief: Option<String>,
    /// Who wrote the note.
    pub author: Option<String>,
    /// Analytic confidence; weighs the note (low 0.5, moderate 1, high 1.5).
    #[serde(default)]
    pub confidence: Confidence,
    /// TLP 2.0 marking; defaults to `marking` in brief.yaml.
    pub marking: Option<Marking>,
    /// `note` (default): one development, its actors scored; `judgments`:
    /// the brief's key judgments as of its date, scoring no actor.
    #[serde(default)]
    pub kind: NoteKind,
    /// `draft` or `approved`; defaults to `approved`, or to `draft` with
    /// `review: required` in brief.yaml. A draft marks its briefs DRAFT and
    /// is left out of packets.
    pub review: Option<Review>,
    /// Free-form tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Where the information comes from, graded on the Admiralty scale.
    #[serde(default)]
    pub sources: Vec<SourceEntry>,
    /// The actors involved and how this development moves them.
    #[serde(default)]
    pub actors: Vec<ActorEntry>,
    /// Indicators to watch next.
    #[serde(default)]
    pub watch: Vec<WatchEntry>,
    /// Possible outcomes with estimative likelihoods.
    #[serde(default)]
    pub scenarios: Vec<ScenarioEntry>,
    /// The key judgments of a `kind: judgments` note, most important first.
    #[serde(default)]
    pub judgments: Vec<JudgmentEntry>,
}

/// A source, graded with Admiralty codes.
#[derive(Debug, Clone, PartialEq, JsonSchema, Serialize)]
#[schemars(deny_unknown_fields)]
pub struct SourceEntry {
    /// Title of the report, article or document.
    #[schemars(length(min = 1))]
    pub title: String,
    /// Link to the source (http, https or mailto).
    pub url: Option<String>,
    /// Admiralty source reliability, A–F.
    pub reliability: Option<Reliability>,
    /// Admiralty information credibility, 1 (confirmed) to 6 (cannot be judged).
    #[schemars(range(min = 1, max = 6))]
    pub credibility: Option<u8>,
}

/// One actor's scores in this development.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActorEntry {
    /// The actor; aliases from brief.yaml resolve to one name.
    #[schemars(length(min = 1))]
    pub name: String,
    /// Leverage gained (+) or lost (−), a whole number from −5 to 5.
    #[schemars(range(min = -5, max = 5))]
    pub leverage: i8,
    /// How much the actor has riding on it, a whole number from 0 to 5.
    #[schemars(range(min = 0, max = 5))]
    pub stakes: u8,
    /// The mechanism through which the actor gains or loses.
    pub mechanism: Option<String>,
    /// Why the actor is scored this way.
    pub rationale: Option<String>,
}

/// Something to watch for next.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WatchEntry {
    /// The observable indicator.
    #[schemars(length(min = 1))]
    pub indicator: String,
    /// When it should have happened by, YYYY-MM-DD.
    #[schemars(with = "Option<DateSchema>")]
    pub due: Option<Date>,
    /// open (default), observed or lapsed.
    #[serde(default)]
    pub status: Status,
    /// Scenarios this indicator, once observed, makes more likely (by
    /// name, as the notes' `scenarios:` write them).
    #[serde(default)]
    pub supports: Vec<String>,
    /// Scenarios this indicator, once observed, makes less likely.
    #[serde(default)]
    pub undermines: Vec<String>,
}

/// One key judgment: a statement, how confident the analysts are of it,
/// and, when it is an estimate, how likely.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct JudgmentEntry {
    /// The judgment, one or two sentences.
    #[schemars(length(min = 1))]
    pub text: String,
    /// Analytic confidence in it; defaults to the note's `confidence`.
    pub confidence: Option<Confidence>,
    /// An ICD 203 term (`likely`) or a percentage (`60%`), when it is an estimate.
    #[schemars(with = "Option<LikelihoodSchema>")]
    pub likelihood: Option<Likelihood>,
}

/// A possible outcome and how likely the analyst judges it.
#[derive(Debug, Clone, PartialEq, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScenarioEntry {
    /// The outcome, stated so it can be judged true or false later.
    #[schemars(length(min = 1))]
    pub name: String,
    /// An ICD 203 term (`likely`) or a percentage (`60%`).
    #[schemars(with = "LikelihoodSchema")]
    pub likelihood: crate::vocab::Likelihood,
}

/// Schema of a calendar date string.
pub(crate) struct DateSchema;

impl JsonSchema for DateSchema {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "format": "date",
            "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "description": "ISO 8601 calendar date, YYYY-MM-DD"
        })
    }
}

/// The JSON Schema of note front matter, as `brief schema` prints it.
pub(crate) fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(FrontMatter))
}

/// Allowed keys of each object in the front matter, read from the schema.
#[derive(Debug)]
pub(crate) struct Keys {
    /// Top-level front-matter keys.
    pub note: Vec<String>,
    /// Keys of a `sources` entry.
    pub source: Vec<String>,
    /// Keys of an `actors` entry.
    pub actor: Vec<String>,
    /// Keys of a `watch` entry.
    pub watch: Vec<String>,
    /// Keys of a `scenarios` entry.
    pub scenario: Vec<String>,
    /// Keys of a `judgments` entry.
    pub judgment: Vec<String>,
}

/// The allowed keys, read from the schema once, so the validator and schema cannot disagree.
pub(crate) fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let schema = schema();
        Keys {
            note: property_names(schema, None),
            source: property_names(schema, Some("SourceEntry")),
            actor: property_names(schema, Some("ActorEntry")),
            watch: property_names(schema, Some("WatchEntry")),
            scenario: property_names(schema, Some("ScenarioEntry")),
            judgment: property_names(schema, Some("JudgmentEntry")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lists_every_front_matter_key() {
        let keys = keys();
        let mut note = keys.note.clone();
        note.sort();
        assert_eq!(
            note,
            [
                "actors",
                "author",
                "brief",
                "confidence",
                "date",
                "judgments",
                "kind",
                "marking",
                "review",
                "scenarios",
                "sources",
                "tags",
                "title",
                "watch"
            ]
        );
        assert_eq!(keys.actor.len(), 5);
        assert_eq!(keys.source.len(), 4);
        assert_eq!(keys.watch.len(), 5);
        assert_eq!(keys.judgment, ["confidence", "likelihood", "text"]);
        assert_eq!(keys.scenario.len(), 2);
    }

    #[test]
    fn schema_is_draft_2020_12_and_closed() {
        let value = schema().as_value();
        assert_eq!(
            value["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
        assert_eq!(value["additionalProperties"], false);
        assert_eq!(value["$defs"]["ActorEntry"]["additionalProperties"], false);
        let required = value["required"].as_array().unwrap();
        assert!(required.contains(&"title".into()) && required.contains(&"date".into()));
        assert_eq!(required.len(), 2, "{required:?}");
    }
}
