//! `<brief>.json`: the aggregate in the shape of SPEC §5.
//!
//! Copies the model into its own structs, so the JSON contract (guarded by
//! snapshot tests and described by `brief schema --output`) survives changes
//! to the model. Keys keep the order of the SPEC's example; `changes` and
//! `timeline` follow them.

use std::sync::OnceLock;

use schemars::{JsonSchema, Schema};
use serde::Serialize;

use crate::model::{self, Brief};

/// The document written to `<brief>.json`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "brief JSON output", deny_unknown_fields)]
pub(crate) struct BriefJson {
    /// The brief's slug (its folder under `briefs/`).
    pub brief: String,
    /// The brief's heading: its `title` in brief.yaml, else the slug.
    pub title: String,
    /// ISO date the brief is aggregated as of.
    pub as_of: String,
    /// Highest TLP marking among the included notes, e.g. `TLP:AMBER`.
    pub marking: String,
    /// Number of notes included (key judgments not counted).
    pub notes: usize,
    /// Whether any included note awaits review (`review: draft`): the
    /// brief is marked DRAFT.
    pub draft: bool,
    /// The window the brief is built over (`window_days`, `--window`), or
    /// null when every note takes part.
    pub window: Option<WindowJson>,
    /// The newest key judgments on or before `as_of` (a `kind: judgments`
    /// note), most important first; empty when the brief has none.
    pub judgments: Vec<JudgmentJson>,
    /// Ranked by leverage, then stakes, then name.
    pub actors: Vec<ActorJson>,
    /// Ranked by weight, then name; the first is dominant.
    pub mechanisms: Vec<MechanismJson>,
    /// Open items by due date (none last), then observed, then lapsed.
    pub watch: Vec<WatchJson>,
    /// Each scenario's latest estimate, most likely first, then by name.
    pub scenarios: Vec<ScenarioJson>,
    /// Every source the notes cite, once each: best graded first, then by title.
    pub sources: Vec<SourceJson>,
    /// What the brief rests on (ICD 206), counted and in one sentence.
    pub source_summary: SourceSummaryJson,
    /// What changed since an earlier date (`brief build --since`, or `since:`
    /// in brief.yaml); null when not asked for.
    pub changes: Option<ChangesJson>,
    /// Each actor's weighted leverage as of each week of the brief's span.
    pub timeline: TimelineJson,
    /// The images the notes show, by note (as in the appendix), each
    /// image once per note in the order first shown.
    pub figures: Vec<FigureJson>,
}

/// An image a note shows (`![alt](path "caption")`).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct FigureJson {
    /// The note showing it, relative to the workspace root.
    pub note: String,
    /// The image file, relative to the workspace root.
    pub path: String,
    /// Its alternative text, as written.
    pub alt: String,
    /// Its title (the caption), or null.
    pub caption: Option<String>,
    /// `PNG`, `JPEG` or `SVG`.
    pub format: String,
    /// Width in pixels (an SVG's in CSS pixels).
    pub width: u32,
    /// Height in pixels (an SVG's in CSS pixels).
    pub height: u32,
    /// SHA-256 of the file, in lowercase hex.
    pub sha256: String,
}

/// The brief aggregated again as of `since` (same rules, notes dated on or
/// before it) and compared with the brief as of `as_of`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ChangesJson {
    /// ISO date compared against.
    pub since: String,
    /// Actors whose leverage moved by 0.5 or more, largest move first.
    pub moved: Vec<ActorMoveJson>,
    /// Actors scored now but not as of `since`, in rank order.
    pub new_actors: Vec<NewActorJson>,
    /// Actors that became (`contested: true`) or stopped being contested.
    pub contested: Vec<ContestedJson>,
    /// The dominant (first-ranked) mechanism, when it changed.
    pub dominant_mechanism: Option<MechanismChangeJson>,
    /// Watch items new, or newly observed, lapsed or overdue.
    pub watch: Vec<WatchChangeJson>,
    /// Notes included now but not as of `since`, newest first.
    pub notes_added: Vec<NoteAddedJson>,
    /// The brief's marking, when it changed.
    pub marking: Option<MarkingChangeJson>,
}

/// An actor scored as of both dates whose leverage moved by 0.5 or more.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ActorMoveJson {
    /// The actor's canonical name.
    pub name: String,
    /// Leverage as of `since`.
    pub from: f64,
    /// Leverage as of `as_of`.
    pub to: f64,
    /// `to − from`, 2 decimals.
    pub delta: f64,
    /// 1-based rank as of `since`.
    pub rank_from: usize,
    /// 1-based rank as of `as_of`.
    pub rank_to: usize,
}

/// An actor scored as of `as_of` but not as of `since`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct NewActorJson {
    /// The actor's canonical name.
    pub name: String,
    /// Weighted leverage as of `as_of`.
    pub leverage: f64,
    /// 1-based rank as of `as_of`.
    pub rank: usize,
    /// Whether it is contested as of `as_of`.
    pub contested: bool,
}

/// An actor scored as of both dates that became, or stopped being, contested.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ContestedJson {
    /// The actor's canonical name.
    pub name: String,
    /// `true`: became contested; `false`: no longer contested.
    pub contested: bool,
    /// Leverage range as of `as_of`.
    pub range: u8,
}

/// The dominant mechanism as of `since` and as of `as_of`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct MechanismChangeJson {
    /// Dominant mechanism as of `since`, or null.
    pub from: Option<String>,
    /// Dominant mechanism as of `as_of`, or null.
    pub to: Option<String>,
}

/// A watch item that is new, or newly observed, lapsed or overdue.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct WatchChangeJson {
    /// The indicator as first spelled.
    pub indicator: String,
    /// `new`, `observed`, `lapsed` or `overdue`.
    pub change: String,
    /// Earliest due date, or null.
    pub due: Option<String>,
    /// `open`, `observed` or `lapsed` as of `as_of`.
    pub status: String,
}

/// A note included as of `as_of` but not as of `since`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct NoteAddedJson {
    /// The note's title, from its front matter.
    pub title: String,
    /// The note's ISO date.
    pub date: String,
    /// The note's own TLP marking, e.g. `TLP:GREEN`.
    pub marking: String,
}

/// The brief's marking as of `since` and as of `as_of`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct MarkingChangeJson {
    /// Marking as of `since`, or null when no note was included then.
    pub from: Option<String>,
    /// Marking as of `as_of`.
    pub to: String,
}

/// Weighted leverage per actor as of each week of the brief's span, by the
/// same rules over the notes dated on or before each date.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct TimelineJson {
    /// ISO dates a week apart, oldest first; the last is `as_of`.
    pub dates: Vec<String>,
    /// In the order of `actors`.
    pub actors: Vec<ActorTimelineJson>,
}

/// One actor's weighted leverage at each timeline date.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ActorTimelineJson {
    /// The actor's canonical name.
    pub name: String,
    /// Weighted leverage as of each date (null before any note scores the
    /// actor); the last equals the actor's `leverage`.
    pub leverage: Vec<Option<f64>>,
}

impl ChangesJson {
    pub(crate) fn from_model(c: &model::Changes) -> Self {
        ChangesJson {
            since: c.since.to_string(),
            moved: c
                .moved
                .iter()
                .map(|m| ActorMoveJson {
                    name: m.name.clone(),
                    from: m.from,
                    to: m.to,
                    delta: m.delta,
                    rank_from: m.rank_from,
                    rank_to: m.rank_to,
                })
                .collect(),
            new_actors: c
                .new_actors
                .iter()
                .map(|a| NewActorJson {
                    name: a.name.clone(),
                    leverage: a.leverage,
                    rank: a.rank,
                    contested: a.contested,
                })
                .collect(),
            contested: c
                .contested
                .iter()
                .map(|a| ContestedJson {
                    name: a.name.clone(),
                    contested: a.contested,
                    range: a.range,
                })
                .collect(),
            dominant_mechanism: c.dominant_mechanism.as_ref().map(|m| MechanismChangeJson {
                from: m.from.clone(),
                to: m.to.clone(),
            }),
            watch: c
                .watch
                .iter()
                .map(|w| WatchChangeJson {
                    indicator: w.indicator.clone(),
                    change: w.change.as_str().to_owned(),
                    due: w.due.map(|d| d.to_string()),
                    status: w.status.as_str().to_owned(),
                })
                .collect(),
            notes_added: c
                .notes_added
                .iter()
                .map(|n| NoteAddedJson {
                    title: n.title.clone(),
                    date: n.date.to_string(),
                    marking: n.marking.label().to_owned(),
                })
                .collect(),
            marking: c.marking.as_ref().map(|m| MarkingChangeJson {
                from: m.from.map(|f| f.label().to_owned()),
                to: m.to.label().to_owned(),
            }),
        }
    }
}

/// An actor's weighted scores across the brief's notes.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ActorJson {
    /// Canonical name: its key under brief.yaml `actors`, else the first spelling met.
    pub name: String,
    /// Weighted mean leverage (−5..5), 2 decimals.
    pub leverage: f64,
    /// Weighted mean stakes (0..5), 2 decimals.
    pub stakes: f64,
    /// Max − min of the leverage scores.
    pub range: u8,
    /// Whether `range` reaches brief.yaml's `contested_range`: analysts disagree.
    pub contested: bool,
    /// `up`, `down`, `flat` or `new`.
    pub trend: String,
    /// Number of notes scoring the actor.
    pub notes: usize,
}

/// A mechanism's weight across the brief's notes.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct MechanismJson {
    /// Canonical name: its key under brief.yaml `mechanisms`, else the first spelling met.
    pub name: String,
    /// Σ note weight over (note, actor) pairs naming it, 2 decimals.
    pub weight: f64,
    /// Canonical actor names, sorted.
    pub actors: Vec<String>,
}

/// A watch item, merged across the notes naming it.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct WatchJson {
    /// The indicator as first spelled.
    pub indicator: String,
    /// Earliest due date, or null.
    pub due: Option<String>,
    /// `open`, `observed` or `lapsed`.
    pub status: String,
    /// Open and due before the as-of date.
    pub overdue: bool,
    /// Number of notes naming it.
    pub notes: usize,
}

/// A scenario's latest estimate (from the newest note estimating it).
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ScenarioJson {
    /// As spelled in the newest note estimating it.
    pub name: String,
    /// ICD 203 term, as given or the one whose band holds the percentage.
    pub likelihood: String,
    /// `[p, p]` for a percentage, the term's band for a term.
    pub percent: [Percent; 2],
    /// The indicators tied to it (`supports:`/`undermines:`), counted by status.
    pub evidence: EvidenceJson,
    /// The watch items tied to it, in the order of `watch`.
    pub indicators: Vec<ScenarioIndicatorJson>,
}

/// A scenario's supporting and undermining indicators by status.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct EvidenceJson {
    /// Indicators whose observation makes the scenario more likely.
    pub supports: StatusCountJson,
    /// Indicators whose observation makes it less likely.
    pub undermines: StatusCountJson,
}

/// How many indicators are in each status.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct StatusCountJson {
    /// Seen.
    pub observed: usize,
    /// Still watched, overdue ones included.
    pub open: usize,
    /// Their window passed without them.
    pub lapsed: usize,
}

/// A watch item as it bears on one scenario.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct ScenarioIndicatorJson {
    /// The watch item's indicator, as in `watch`.
    pub indicator: String,
    /// `supports` or `undermines`.
    pub relation: String,
    /// `open`, `observed` or `lapsed`.
    pub status: String,
    /// Earliest due date, or null.
    pub due: Option<String>,
    /// Open and due before the as-of date.
    pub overdue: bool,
}

/// A brief's window.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct WindowJson {
    /// Notes younger than this many days at `as_of` take part.
    pub days: u32,
    /// How many older notes are left out of every figure, table and the appendix.
    pub earlier_notes: usize,
}

/// One key judgment.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct JudgmentJson {
    /// The statement.
    pub text: String,
    /// `low`, `moderate` or `high`.
    pub confidence: String,
    /// ICD 203 term, or null when the judgment is not an estimate.
    pub likelihood: Option<String>,
    /// `[p, p]` for a percentage, the term's band for a term; null without a likelihood.
    pub percent: Option<[Percent; 2]>,
}

/// What the brief rests on.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct SourceSummaryJson {
    /// Notes included (as `notes`).
    pub notes: usize,
    /// Distinct sources cited (as `sources`).
    pub sources: usize,
    /// Sources graded A or B.
    pub graded_a_b: usize,
    /// Sources graded C.
    pub graded_c: usize,
    /// Sources graded D, E or F.
    pub graded_d_f: usize,
    /// Sources without a reliability grade.
    pub ungraded: usize,
    /// Notes citing no source.
    pub notes_without_sources: usize,
    /// The same in one sentence, as the brief prints it.
    pub text: String,
}

/// A percentage: an integer when whole (55), else a decimal (62.5).
#[derive(Debug, Clone, Copy, JsonSchema)]
#[schemars(transparent)]
pub(crate) struct Percent(pub f64);

impl Serialize for Percent {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract() == 0.0 && self.0.abs() < 1e15 {
            serializer.serialize_i64(self.0 as i64)
        } else {
            serializer.serialize_f64(self.0)
        }
    }
}

/// A source cited by the brief's notes.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub(crate) struct SourceJson {
    /// The source's title, as first cited.
    pub title: String,
    /// Where to find it, or null when no note gave a link.
    pub url: Option<String>,
    /// Admiralty reliability A–F, or null.
    pub reliability: Option<String>,
    /// Admiralty credibility 1–6, or null.
    pub credibility: Option<u8>,
}

impl BriefJson {
    pub(crate) fn from_model(brief: &Brief) -> Self {
        BriefJson {
            brief: brief.slug.clone(),
            title: brief.title.clone(),
            as_of: brief.as_of.to_string(),
            marking: brief.marking.label().to_owned(),
            notes: brief.note_count(),
            draft: brief.is_draft(),
            window: brief.window.map(|w| WindowJson {
                days: w.days,
                earlier_notes: w.earlier_notes,
            }),
            judgments: brief
                .judgments
                .iter()
                .flat_map(|j| &j.items)
                .map(|j| JudgmentJson {
                    text: j.text.clone(),
                    confidence: j.confidence.as_str().to_owned(),
                    likelihood: j.likelihood.map(|t| t.name().to_owned()),
                    percent: j.percent.map(|[a, b]| [Percent(a), Percent(b)]),
                })
                .collect(),
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
            scenarios: brief.scenarios.iter().map(scenario).collect(),
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
            source_summary: source_summary(&brief.source_summary),
            changes: brief.changes.as_ref().map(ChangesJson::from_model),
            timeline: TimelineJson {
                dates: brief.timeline.dates.iter().map(|d| d.to_string()).collect(),
                actors: brief
                    .timeline
                    .actors
                    .iter()
                    .map(|a| ActorTimelineJson {
                        name: a.name.clone(),
                        leverage: a.leverage.clone(),
                    })
                    .collect(),
            },
            figures: brief
                .notes
                .iter()
                .flat_map(|n| {
                    n.figures.iter().map(|f| FigureJson {
                        note: n.path.clone(),
                        path: f.path.clone(),
                        alt: f.alt.clone(),
                        caption: f.caption.clone(),
                        format: f.image.kind.name().to_owned(),
                        width: f.image.width,
                        height: f.image.height,
                        sha256: f.image.sha256.clone(),
                    })
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

fn scenario(s: &model::Scenario) -> ScenarioJson {
    let count = |c: &model::StatusCount| StatusCountJson {
        observed: c.observed,
        open: c.open,
        lapsed: c.lapsed,
    };
    ScenarioJson {
        name: s.name.clone(),
        likelihood: s.likelihood.name().to_owned(),
        percent: [Percent(s.percent[0]), Percent(s.percent[1])],
        evidence: EvidenceJson {
            supports: count(&s.evidence.supports),
            undermines: count(&s.evidence.undermines),
        },
        indicators: s
            .indicators
            .iter()
            .map(|i| ScenarioIndicatorJson {
                indicator: i.indicator.clone(),
                relation: i.relation.as_str().to_owned(),
                status: i.status.as_str().to_owned(),
                due: i.due.map(|d| d.to_string()),
                overdue: i.overdue,
            })
            .collect(),
    }
}

fn source_summary(s: &model::SourceSummary) -> SourceSummaryJson {
    SourceSummaryJson {
        notes: s.notes,
        sources: s.sources,
        graded_a_b: s.graded_a_b,
        graded_c: s.graded_c,
        graded_d_f: s.graded_d_f,
        ungraded: s.ungraded,
        notes_without_sources: s.notes_without_sources,
        text: super::format::source_summary(s),
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
pub(crate) fn render(brief: &Brief) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(&BriefJson::from_model(brief))
        .expect("plain data always serialises");
    bytes.push(b'\n');
    bytes
}

/// The JSON Schema of `<brief>.json` (`brief schema --output`).
pub(crate) fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| schemars::schema_for!(BriefJson))
}
