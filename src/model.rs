//! The aggregated brief: the one seam between aggregation and rendering.
//!
//! Plain owned data with public fields, sorted vectors and numbers rounded
//! once, in `aggregate`. Renderers read only this (never notes), so a note
//! withheld from a packet cannot reach any output.

use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

use crate::vocab::{Confidence, Marking, Reliability, SectionKind, Status, Term};

/// One brief, aggregated from its notes as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    pub slug: String,
    pub title: String,
    /// Standing context from brief.yaml.
    pub summary: Option<String>,
    pub as_of: Date,
    /// The highest marking among the included notes.
    pub marking: Marking,
    pub bottom_line: BottomLine,
    /// Ranked: leverage desc, stakes desc, name.
    pub actors: Vec<ActorScore>,
    /// Ranked: weight desc, name. The first is the dominant mechanism.
    pub mechanisms: Vec<MechanismScore>,
    /// Open by due date (none last), then observed, then lapsed.
    pub watch: Vec<WatchItem>,
    pub scenarios: Vec<Scenario>,
    pub sources: Vec<Source>,
    /// The notes' own text for each of the five sections, in section order.
    pub sections: Vec<SectionPassages>,
    /// The included notes, newest first: the appendix.
    pub notes: Vec<NoteEntry>,
    /// What changed since an earlier date (`--since`), when asked for.
    /// `aggregate` leaves it `None`; the build fills it (`changes`).
    pub changes: Option<Changes>,
    /// Each actor's weighted leverage week by week (`timeline`). `aggregate`
    /// leaves it empty; the build fills it.
    pub timeline: Timeline,
}

/// The four facts a reader should take away if they read nothing else.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BottomLine {
    /// The highest-ranked actor whose weighted leverage is positive.
    pub top_gainer: Option<NamedFigure>,
    /// The first-ranked mechanism.
    pub dominant_mechanism: Option<NamedFigure>,
    /// The actor with the highest weighted stakes (rank order breaks ties).
    pub highest_stakes: Option<NamedFigure>,
    /// The open watch item due soonest on or after the as-of date.
    pub next_due: Option<NextDue>,
}

/// A name with the figure that earned it its place in the bottom line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedFigure {
    pub name: String,
    pub value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextDue {
    pub indicator: String,
    pub due: Date,
}

/// An actor's weighted scores across the brief's notes (SPEC §4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorScore {
    /// Canonical spelling: the brief.yaml key, else the first spelling met.
    pub name: String,
    /// Weighted mean leverage, rounded to 2 decimals.
    pub leverage: f64,
    /// Weighted mean stakes, rounded to 2 decimals.
    pub stakes: f64,
    /// Max − min of its leverage scores.
    pub range: u8,
    /// Whether `range` reaches `contested_range`.
    pub contested: bool,
    pub trend: Trend,
    /// How many notes score it.
    pub notes: usize,
}

/// Recent (under 14 days) against older weighted leverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    Up,
    Down,
    Flat,
    /// Only recent notes score it.
    New,
}

impl Trend {
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::Up => "up",
            Trend::Down => "down",
            Trend::Flat => "flat",
            Trend::New => "new",
        }
    }

    /// An arrow for tables.
    pub fn arrow(self) -> &'static str {
        match self {
            Trend::Up => "↑",
            Trend::Down => "↓",
            Trend::Flat => "→",
            Trend::New => "•",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MechanismScore {
    pub name: String,
    /// Σ note weight over the (note, actor) pairs naming it, rounded to 2 decimals.
    pub weight: f64,
    /// Canonical names of the actors using it, sorted.
    pub actors: Vec<String>,
}

/// A watch item merged across notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchItem {
    /// The first spelling met.
    pub indicator: String,
    /// The earliest due date given.
    pub due: Option<Date>,
    pub status: Status,
    /// Open and due strictly before the as-of date.
    pub overdue: bool,
    /// How many notes name it.
    pub notes: usize,
}

/// A scenario's latest estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    pub name: String,
    pub likelihood: Term,
    /// `[p, p]` for a percentage, the term's band for a term.
    pub percent: [f64; 2],
    /// The note whose estimate this is (the most recent naming it).
    pub note: NoteRef,
    /// How many notes estimate it.
    pub estimates: usize,
}

/// A source cited by the brief's notes, once each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    pub reliability: Option<Reliability>,
    pub credibility: Option<u8>,
    /// The notes citing it.
    pub notes: Vec<NoteRef>,
}

impl Source {
    /// The Admiralty code, e.g. `B2`, `F`, or `–` when ungraded.
    pub fn admiralty(&self) -> String {
        let letter = self.reliability.map_or("", Reliability::as_str);
        let digit = self.credibility.map(|c| c.to_string()).unwrap_or_default();
        let code = format!("{letter}{digit}");
        if code.is_empty() {
            "–".to_owned()
        } else {
            code
        }
    }
}

/// The notes' passages for one of the five sections.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionPassages {
    pub kind: SectionKind,
    pub passages: Vec<Passage>,
}

/// A note's own markdown for a section, attributed to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    pub note: NoteRef,
    pub markdown: String,
}

/// Enough of a note to attribute text to it and link to its appendix entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteRef {
    pub title: String,
    pub date: Date,
    pub confidence: Confidence,
    pub marking: Marking,
    /// Anchor of the note's appendix entry.
    pub anchor: String,
}

/// A note's appendix entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteEntry {
    pub note: NoteRef,
    /// Path relative to the workspace root.
    pub path: String,
    pub author: Option<String>,
    pub tags: Vec<String>,
    /// The note's weight in this brief, rounded to 2 decimals.
    pub weight: f64,
    pub lede: String,
    /// The note's own scores, in the order written.
    pub actors: Vec<NoteActor>,
    /// Headings other than the five, kept with the note.
    pub other_sections: Vec<OtherSection>,
    /// The note's footnote definitions (`[^label]: …`), in the order
    /// written: its endnotes.
    pub footnotes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteActor {
    /// Canonical name.
    pub name: String,
    pub leverage: i8,
    pub stakes: u8,
    pub mechanism: Option<String>,
    pub rationale: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherSection {
    pub heading: String,
    pub markdown: String,
}

impl Brief {
    /// Number of included notes.
    pub fn note_count(&self) -> usize {
        self.notes.len()
    }

    pub fn passages(&self, kind: SectionKind) -> &[Passage] {
        self.sections
            .iter()
            .find(|s| s.kind == kind)
            .map_or(&[], |s| s.passages.as_slice())
    }
}

/// A briefing packet: several briefs for one audience, each aggregated only
/// from the notes that audience may receive (filtered before aggregation).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Packet {
    /// The packet's key in brief.yaml (its file name).
    pub name: String,
    pub title: String,
    pub organization: Option<String>,
    /// Highest marking the audience may receive.
    pub audience: Marking,
    /// Highest marking among the included briefs (never above `audience`).
    pub marking: Marking,
    /// Latest as-of date among the included briefs.
    pub as_of: Option<Date>,
    /// The briefs with at least one releasable note, in brief.yaml order.
    /// Shared, so that `brief serve` re-collects a packet without copying
    /// the briefs a change did not touch.
    pub briefs: Vec<Arc<Brief>>,
    /// Briefs listed for the packet that have no note releasable to its audience.
    pub empty: Vec<EmptyBrief>,
}

/// A brief of a packet left empty by the audience filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmptyBrief {
    pub slug: String,
    pub title: String,
}

/// What changed between the brief as of `since` and as of its own date:
/// the same SPEC §4 aggregation run twice over the same notes, compared.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Changes {
    /// The earlier as-of date compared against.
    pub since: Date,
    /// Actors in both whose leverage moved by 0.5 or more, largest move first.
    pub moved: Vec<ActorMove>,
    /// Actors scored now but not as of `since`, in rank order.
    pub new_actors: Vec<NewActor>,
    /// Actors in both whose `contested` flag flipped, in rank order.
    pub contested: Vec<ContestedChange>,
    /// Set when the first-ranked mechanism differs.
    pub dominant_mechanism: Option<MechanismChange>,
    /// Watch items new, or newly observed, lapsed or overdue, in watch order.
    pub watch: Vec<WatchChange>,
    /// Notes included now but not as of `since`, newest first.
    pub notes_added: Vec<NoteRef>,
    /// Set when the brief's marking differs.
    pub marking: Option<MarkingChange>,
}

impl Changes {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.moved.is_empty()
            && self.new_actors.is_empty()
            && self.contested.is_empty()
            && self.dominant_mechanism.is_none()
            && self.watch.is_empty()
            && self.notes_added.is_empty()
            && self.marking.is_none()
    }
}

/// An actor whose rounded leverage moved by at least 0.5.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorMove {
    pub name: String,
    pub from: f64,
    pub to: f64,
    /// `to − from`, rounded to 2 decimals.
    pub delta: f64,
    /// 1-based ranks then and now.
    pub rank_from: usize,
    pub rank_to: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewActor {
    pub name: String,
    pub leverage: f64,
    /// 1-based rank now.
    pub rank: usize,
    pub contested: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContestedChange {
    pub name: String,
    /// `true`: became contested; `false`: stopped being contested.
    pub contested: bool,
    /// The leverage range now.
    pub range: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MechanismChange {
    /// `None` when no mechanism was named as of `since`.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// How a watch item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum WatchChangeKind {
    /// Not listed as of `since`.
    New,
    /// Newly `observed`.
    Observed,
    /// Newly `lapsed`.
    Lapsed,
    /// Still open, and its due date has passed since.
    Overdue,
}

impl WatchChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            WatchChangeKind::New => "new",
            WatchChangeKind::Observed => "observed",
            WatchChangeKind::Lapsed => "lapsed",
            WatchChangeKind::Overdue => "overdue",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchChange {
    pub indicator: String,
    pub change: WatchChangeKind,
    pub due: Option<Date>,
    /// Its status now.
    pub status: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkingChange {
    /// `None` when no note was included as of `since`.
    pub from: Option<Marking>,
    pub to: Marking,
}

/// Weighted leverage per actor as of each week of the brief's span: the
/// SPEC §4 formulas rerun with the as-of date moved back 7 days at a time
/// over the same notes (those dated on or before each point).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Timeline {
    /// Oldest first; the last is the brief's as-of date.
    pub dates: Vec<Date>,
    /// In the brief's actor rank order.
    pub actors: Vec<ActorTimeline>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorTimeline {
    pub name: String,
    /// One per date: `None` before any note scores the actor. The last
    /// equals the actor's `leverage`.
    pub leverage: Vec<Option<f64>>,
}
