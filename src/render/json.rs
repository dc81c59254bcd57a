//! `<brief>.json`: the aggregate in the shape of SPEC §5.
//!
//! Copies the model into its own structs, so the JSON contract (guarded by
//! snapshot tests and described by `brief schema --output`) survives changes
//! to the model. Keys keep the order of the SPEC's example.

use std::sync::OnceLock;

use schemars::{JsonSchema, Schema};
use serde::Serialize;

use crate::model::{self, Brief};

/// The document written to `<brief>.json`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "brief JSON output", deny_unknown_fields)]
pub struct BriefJson {
    /// The brief's slug (its folder under `briefs/`).
    pub brief: String,
    pub title: String,
    /// ISO date the brief is aggregated as of.
    pub as_of: String,
    /// Highest TLP marking among the included notes, e.g. `TLP:AMBER`.
    pub marking: String,
    /// Number of notes included.
    pub notes: usize,
    /// Ranked by leverage, then stakes, then name.
    pub actors: Vec<ActorJson>,
    /// Ranked by weight, then name; the first is dominant.
    pub mechanisms: Vec<MechanismJson>,
    /// Open items by due date (none last), then observed, then lapsed.
    pub watch: Vec<WatchJson>,
    pub scenarios: Vec<ScenarioJson>,
    pub sources: Vec<SourceJson>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ActorJson {
    pub name: String,
    /// Weighted mean leverage (−5..5), 2 decimals.
    pub leverage: f64,
    /// Weighted mean stakes (0..5), 2 decimals.
    pub stakes: f64,
    /// Max − min of the leverage scores.
    pub range: u8,
    pub contested: bool,
    /// `up`, `down`, `flat` or `new`.
    pub trend: String,
    /// Number of notes scoring the actor.
    pub notes: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct MechanismJson {
    pub name: String,
    /// Σ note weight over (note, actor) pairs naming it, 2 decimals.
    pub weight: f64,
    /// Canonical actor names, sorted.
    pub actors: Vec<String>,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct WatchJson {
    pub indicator: String,
    /// Earliest due date, or null.
    pub due: Option<String>,
    /// `open`, `observed` or `lapsed`.
    pub status: String,
    /// Open and due before the as-of date.
    pub overdue: bool,
    pub notes: usize,
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ScenarioJson {
    pub name: String,
    /// ICD 203 term.
    pub likelihood: String,
    /// `[p, p]` for a percentage, the term's band for a term.
    pub percent: [Percent; 2],
}

/// A percentage: an integer when whole (55), else a decimal (62.5).
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(transparent)]
pub struct Percent(pub f64);

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SourceJson {
    pub title: String,
    pub url: Option<String>,
    /// Admiralty reliability A–F, or null.
    pub reliability: Option<String>,
    /// Admiralty credibility 1–6, or null.
    pub credibility: Option<u8>,
}

impl BriefJson {
    pub fn from_model(brief: &Brief) -> Self {
        BriefJson {
            brief: brief.slug.clone(),
            title: brief.title.clone(),
            as_of: brief.as_of.to_string(),
            marking: brief.marking.label().to_owned(),
            notes: brief.note_count(),
            actors: brief.actors.iter().map(actor).collect(),
            mechanisms: brief
                .mechanisms
                .iter()
                .map(|m| MechanismJson {
                    name: m.name.clone(),
                    weight: m.weight,
                    actors: m.actors.clone(),
                })
                .collect(),
            watch: brief.watch.iter().map(watch).collect(),
            scenarios: brief
                .scenarios
                .iter()
                .map(|s| ScenarioJson {
                    name: s.name.clone(),
                    likelihood: s.likelihood.name().to_owned(),
                    percent: [Percent(s.percent[0]), Percent(s.percent[1])],
                })
                .collect(),
            sources: brief
                .sources
                .iter()
                .map(|s| SourceJson {
                    title: s.title.clone(),
                    url: s.url.clone(),
                    reliability: s.reliability.map(|r| r.as_str().to_owned()),
                    credibility: s.credibility,
                })
                .collect(),
        }
    }
}

fn actor(a: &model::ActorScore) -> ActorJson {
    ActorJson {
        name: a.name.clone(),
        leverage: a.leverage,
        stakes: a.stakes,
        range: a.range,
        contested: a.contested,
        trend: a.trend.as_str().to_owned(),
        notes: a.notes,
    }
}

fn watch(w: &model::WatchItem) -> WatchJson {
    WatchJson {
        indicator: w.indicator.clone(),
        due: w.due.map(|d| d.to_string()),
        status: w.status.as_str().to_owned(),
        overdue: w.overdue,
        notes: w.notes,
    }
}

/// The brief as pretty-printed JSON with a final newline.
pub fn render(brief: &Brief) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&BriefJson::from_model(brief))
        .expect("plain data always serialises");
    bytes.push(b'\n');
    bytes
}

/// The JSON Schema of `<brief>.json` (`brief schema --output`).
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(BriefJson))
}
