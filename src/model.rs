//! The aggregated brief: the one seam between aggregation and rendering.
//!
//! Plain owned data with public fields, sorted vectors and numbers rounded
//! once, in `aggregate`. Renderers read only this (never notes), so a note
//! withheld from a packet cannot reach any output.

use std::sync::Arc;

use jiff::civil::Date;
use serde::Serialize;

pub use crate::figures::Figure;
use crate::vocab::{Confidence, Marking, Relation, Reliability, SectionKind, Status, Term};

/// One brief, aggregated from its notes as of a date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Brief {
    /// The brief's key in brief.yaml and its folder under `briefs/`: its file names and links.
    pub slug: String,
    /// The heading readers see: brief.yaml's `title`, else the slug.
    pub title: String,
    /// Standing context from brief.yaml.
    pub summary: Option<String>,
    /// The date the brief is aggregated as of: `--as-of`, else its newest note's date.
    pub as_of: Date,
    /// The highest marking among the included notes.
    pub marking: Marking,
    /// How many included notes (key judgments among them) await review
    /// (`review: draft`): a brief with any is marked DRAFT.
    pub drafts: usize,
    /// The newest key judgments on or before the as-of date: they open the
    /// brief, above the bottom line.
    pub judgments: Option<KeyJudgments>,
    /// The summary box at the top of every output.
    pub bottom_line: BottomLine,
    /// Ranked: leverage desc, stakes desc, name.
    pub actors: Vec<ActorScore>,
    /// Ranked: weight desc, name. The first is the dominant mechanism.
    pub mechanisms: Vec<MechanismScore>,
    /// Open by due date (none last), then observed, then lapsed.
    pub watch: Vec<WatchItem>,
    /// Ordered by likelihood (upper bound, then lower) descending, then name.
    pub scenarios: Vec<Scenario>,
    /// Best graded first: reliability A…F then ungraded, credibility 1…6, then title.
    pub sources: Vec<Source>,
    /// What the brief rests on, counted (ICD 206).
    pub source_summary: SourceSummary,
    /// The notes' own text for each of the five sections, in section order.
    pub sections: Vec<SectionPassages>,
    /// The included notes, newest first: the appendix.
    pub notes: Vec<NoteEntry>,
    /// The window the brief is built over, when one is set: only notes
    /// younger than `days` at the as-of date take part.
    pub window: Option<Window>,
    /// What changed since an earlier date (`--since`), when asked for.
    /// `aggregate` leaves it `None`; the build fills it (`changes`).
    pub changes: Option<Changes>,
    /// Each actor's weighted leverage week by week (`timeline`). `aggregate`
    /// leaves it empty; the build fills it.
    pub timeline: Timeline,
}

/// A brief's window (`window_days`, `--window`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Notes younger than this many days at the as-of date take part.
    pub days: u32,
    /// How many older notes are left out.
    pub earlier_notes: usize,
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
    /// The open watch item due soonest: overdue if its date has passed.
    pub next_due: Option<NextDue>,
}

/// A name with the figure that earned it its place in the bottom line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NamedFigure {
    /// Canonical spelling of the actor or mechanism.
    pub name: String,
    /// The leverage, weight or stakes that put it there, as ranked.
    pub value: f64,
}

/// The open watch item due soonest, for the bottom line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextDue {
    /// The first spelling met.
    pub indicator: String,
    /// Its due date.
    pub due: Date,
    /// Due before the as-of date and still open: the reader is told it is
    /// late rather than shown a later item as if nothing were pending.
    pub overdue: bool,
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
    /// Which way its leverage is heading, from recent against older notes.
    pub trend: Trend,
    /// How many notes score it.
    pub notes: usize,
}

/// Recent (under 14 days) against older weighted leverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trend {
    /// Recent leverage is higher by more than the trend threshold.
    Up,
    /// Recent leverage is lower by more than the trend threshold.
    Down,
    /// Recent and older leverage are within the threshold, or no note is recent.
    Flat,
    /// Only recent notes score it.
    New,
}

impl Trend {
    /// The lowercase word the JSON, HTML and PDF outputs show.
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

/// A mechanism's weight across the brief's notes (SPEC §4).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MechanismScore {
    /// Canonical spelling: the brief.yaml key, else the first spelling met.
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
    /// Merged across notes: observed over lapsed over open.
    pub status: Status,
    /// Open and due strictly before the as-of date.
    pub overdue: bool,
    /// How many notes name it.
    pub notes: usize,
}

/// A scenario's latest estimate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// As spelled in the newest note estimating it.
    pub name: String,
    /// The ICD 203 term, given or the one whose band holds the percentage.
    pub likelihood: Term,
    /// `[p, p]` for a percentage, the term's band for a term.
    pub percent: [f64; 2],
    /// The note whose estimate this is (the most recent naming it).
    pub note: NoteRef,
    /// How many notes estimate it.
    pub estimates: usize,
    /// Its supporting and undermining indicators, counted by status.
    pub evidence: Evidence,
    /// The watch items tied to it, in watch order.
    pub indicators: Vec<ScenarioIndicator>,
    /// Set when observed indicators run against the estimate (three or
    /// more one way, none the other): which way they point.
    pub against_evidence: Option<Relation>,
}

/// A scenario's indicators, counted by status for each relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Evidence {
    /// Indicators that, observed, make the scenario more likely.
    pub supports: StatusCount,
    /// Indicators that, observed, make it less likely.
    pub undermines: StatusCount,
}

/// How many indicators are in each status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct StatusCount {
    /// Seen.
    pub observed: usize,
    /// Still watched (overdue ones included).
    pub open: usize,
    /// Their window passed without them.
    pub lapsed: usize,
}

impl StatusCount {
    /// Every indicator counted.
    pub fn total(&self) -> usize {
        self.observed + self.open + self.lapsed
    }
}

/// A watch item as it bears on one scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioIndicator {
    /// The watch item's first spelling met.
    pub indicator: String,
    /// Supports or undermines, as the newest note stating it says.
    pub relation: Relation,
    /// The watch item's merged status.
    pub status: Status,
    /// Its earliest due date.
    pub due: Option<Date>,
    /// Open and due before the as-of date.
    pub overdue: bool,
}

/// The brief's key judgments: the newest `kind: judgments` note on or
/// before the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyJudgments {
    /// The judgments note.
    pub note: NoteRef,
    /// As written, most important first.
    pub items: Vec<Judgment>,
    /// The note's body: the editor's summary (markdown, with its footnotes).
    pub summary: String,
}

/// One key judgment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Judgment {
    /// The statement.
    pub text: String,
    /// The analysts' confidence in it (the note's when the entry sets none).
    pub confidence: Confidence,
    /// The ICD 203 term, when the judgment is an estimate.
    pub likelihood: Option<Term>,
    /// `[p, p]` for a percentage, the term's band for a term.
    pub percent: Option<[f64; 2]>,
}

/// What a brief rests on (ICD 206), counted over its notes and the sources
/// they cite (each source once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct SourceSummary {
    /// Notes in the brief (key judgments not counted).
    pub notes: usize,
    /// Distinct sources cited.
    pub sources: usize,
    /// Sources graded A or B.
    pub graded_a_b: usize,
    /// Sources graded C.
    pub graded_c: usize,
    /// Sources graded D, E or F.
    pub graded_d_f: usize,
    /// Sources without a reliability grade.
    pub ungraded: usize,
    /// Notes that cite no source.
    pub notes_without_sources: usize,
}

/// A source cited by the brief's notes, once each.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    /// As first cited.
    pub title: String,
    /// Where the reader can find it, when the note gave a link.
    pub url: Option<String>,
    /// Admiralty source reliability A–F, when graded.
    pub reliability: Option<Reliability>,
    /// Admiralty information credibility 1–6, when graded.
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
    /// Which of the five sections.
    pub kind: SectionKind,
    /// Newest note first.
    pub passages: Vec<Passage>,
}

/// A note's own markdown for a section, attributed to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Passage {
    /// The note the passage comes from.
    pub note: NoteRef,
    /// The passage, with the footnote definitions it cites appended.
    pub markdown: String,
    /// The note's figures the passage shows.
    pub figures: Vec<Figure>,
}

/// Enough of a note to attribute text to it and link to its appendix entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteRef {
    /// As written in the note's front matter.
    pub title: String,
    /// The note's date, which weights it and places it in the timeline.
    pub date: Date,
    /// The author's confidence in the note's judgement.
    pub confidence: Confidence,
    /// The note's own handling marking, shown beside its text.
    pub marking: Marking,
    /// Anchor of the note's appendix entry.
    pub anchor: String,
}

/// A note's appendix entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteEntry {
    /// The note as cited elsewhere in the brief.
    pub note: NoteRef,
    /// Path relative to the workspace root.
    pub path: String,
    /// As written in the front matter; shown in the appendix.
    pub author: Option<String>,
    /// As written in the front matter; shown in the appendix.
    pub tags: Vec<String>,
    /// The note's weight in this brief, rounded to 2 decimals.
    pub weight: f64,
    /// The note's text before its first level-2 heading, with its footnotes.
    pub lede: String,
    /// The note's own scores, in the order written.
    pub actors: Vec<NoteActor>,
    /// Headings other than the five, kept with the note.
    pub other_sections: Vec<OtherSection>,
    /// The note's footnote definitions (`[^label]: …`), in the order
    /// written: its endnotes.
    pub footnotes: Vec<String>,
    /// Every image the note shows, once each, in the order first shown.
    pub figures: Vec<Figure>,
}

/// One actor as a note scored it, for the note's appendix entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NoteActor {
    /// Canonical name.
    pub name: String,
    /// Leverage gained (+) or lost (−), −5…5, as written.
    pub leverage: i8,
    /// How much the actor has riding on it, 0…5, as written.
    pub stakes: u8,
    /// Canonical name of the mechanism the note says the actor uses.
    pub mechanism: Option<String>,
    /// Why the note scores the actor so, as written.
    pub rationale: Option<String>,
}

/// A level-2 section that is not one of the five, kept with its note.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OtherSection {
    /// The heading as written.
    pub heading: String,
    /// The section's text, with the footnote definitions it cites appended.
    pub markdown: String,
}

impl Brief {
    /// Whether any included note awaits review: the brief is a DRAFT.
    pub fn is_draft(&self) -> bool {
        self.drafts > 0
    }

    /// Number of included notes.
    pub fn note_count(&self) -> usize {
        self.notes.len()
    }

    /// The passages for one section, newest note first; empty when none.
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
    /// brief.yaml's packet `title`, else its name.
    pub title: String,
    /// brief.yaml's `organization`, shown in the packet's header.
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
    /// Draft notes (`review: draft`) its audience could otherwise have
    /// received, left out pending review.
    pub drafts_left_out: usize,
}

/// A brief of a packet left empty by the audience filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmptyBrief {
    /// The brief's key in brief.yaml.
    pub slug: String,
    /// The brief's title, so the packet can say which brief it leaves out.
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
    /// Canonical spelling.
    pub name: String,
    /// Weighted leverage as of `since`.
    pub from: f64,
    /// Weighted leverage now.
    pub to: f64,
    /// `to − from`, rounded to 2 decimals.
    pub delta: f64,
    /// 1-based ranks then and now.
    pub rank_from: usize,
    /// See `rank_from`.
    pub rank_to: usize,
}

/// An actor scored now but not as of `since`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewActor {
    /// Canonical spelling.
    pub name: String,
    /// Weighted leverage now.
    pub leverage: f64,
    /// 1-based rank now.
    pub rank: usize,
    /// Whether it is contested now.
    pub contested: bool,
}

/// An actor that became, or stopped being, contested.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContestedChange {
    /// Canonical spelling.
    pub name: String,
    /// `true`: became contested; `false`: stopped being contested.
    pub contested: bool,
    /// The leverage range now.
    pub range: u8,
}

/// The first-ranked mechanism then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MechanismChange {
    /// `None` when no mechanism was named as of `since`.
    pub from: Option<String>,
    /// `None` when no mechanism is named now.
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
    /// The lowercase word the JSON, HTML and PDF outputs show.
    pub fn as_str(self) -> &'static str {
        match self {
            WatchChangeKind::New => "new",
            WatchChangeKind::Observed => "observed",
            WatchChangeKind::Lapsed => "lapsed",
            WatchChangeKind::Overdue => "overdue",
        }
    }
}

/// A watch item that is new, or newly observed, lapsed or overdue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WatchChange {
    /// The first spelling met.
    pub indicator: String,
    /// What happened to it.
    pub change: WatchChangeKind,
    /// Its earliest due date, if any.
    pub due: Option<Date>,
    /// Its status now.
    pub status: Status,
}

/// The brief's marking then and now.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarkingChange {
    /// `None` when no note was included as of `since`.
    pub from: Option<Marking>,
    /// The marking now.
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

/// One actor's weighted leverage at each timeline date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActorTimeline {
    /// Canonical spelling.
    pub name: String,
    /// One per date: `None` before any note scores the actor. The last
    /// equals the actor's `leverage`.
    pub leverage: Vec<Option<f64>>,
}
