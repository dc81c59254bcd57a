//! The controlled vocabularies notes are written in: TLP 2.0 markings,
//! ICD 203 estimative terms, Admiralty source codes, confidence levels,
//! watch-item status, the five brief sections with their synonyms, and
//! the paper sizes of PDFs.
//!
//! Each type parses from the spellings an analyst may use and prints its
//! canonical form. Their JSON Schemas are written here by hand because the
//! accepted spellings (any case, with or without `TLP:`) are wider than a
//! derived enum would allow.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Serialize, Serializer};

/// A Traffic Light Protocol 2.0 marking, ordered from least to most restricted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Marking {
    /// Disclosure is not limited.
    #[default]
    Clear,
    /// Limited to the recipient's community, not published.
    Green,
    /// Limited to the recipient's organisation and its clients, on a need to know.
    Amber,
    /// Limited to the recipient's organisation only.
    AmberStrict,
    /// For the named recipients only.
    Red,
}

impl Marking {
    /// Every marking, lowest first, for listing and iterating in order.
    pub const ALL: [Marking; 5] = [
        Marking::Clear,
        Marking::Green,
        Marking::Amber,
        Marking::AmberStrict,
        Marking::Red,
    ];

    /// The canonical labels, lowest first (for messages and suggestions).
    pub const LABELS: [&'static str; 5] = [
        "TLP:CLEAR",
        "TLP:GREEN",
        "TLP:AMBER",
        "TLP:AMBER+STRICT",
        "TLP:RED",
    ];

    /// Accepts `TLP:AMBER`, `amber`, `AMBER+STRICT`, `tlp:clear` (any case,
    /// surrounding spaces ignored). `WHITE` is TLP 1.0's name for CLEAR.
    pub fn parse(text: &str) -> Option<Marking> {
        let upper = text.trim().to_uppercase();
        let name = upper.strip_prefix("TLP:").unwrap_or(&upper).trim();
        match name {
            "CLEAR" | "WHITE" => Some(Marking::Clear),
            "GREEN" => Some(Marking::Green),
            "AMBER" => Some(Marking::Amber),
            "AMBER+STRICT" => Some(Marking::AmberStrict),
            "RED" => Some(Marking::Red),
            _ => None,
        }
    }

    /// The canonical label, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        match self {
            Marking::Clear => "TLP:CLEAR",
            Marking::Green => "TLP:GREEN",
            Marking::Amber => "TLP:AMBER",
            Marking::AmberStrict => "TLP:AMBER+STRICT",
            Marking::Red => "TLP:RED",
        }
    }

    /// FIRST's TLP 2.0 colour for the label text (always shown on black).
    pub fn colour(self) -> &'static str {
        match self {
            Marking::Clear => "#FFFFFF",
            Marking::Green => "#33FF00",
            Marking::Amber | Marking::AmberStrict => "#FFC000",
            Marking::Red => "#FF2B2B",
        }
    }

    /// Whether an audience cleared to `audience` may receive this marking.
    /// TLP 2.0: anything at or below the audience, where AMBER+STRICT sits
    /// between AMBER and RED, so it reaches only AMBER+STRICT and RED audiences.
    pub fn releasable_to(self, audience: Marking) -> bool {
        self <= audience
    }
}

impl fmt::Display for Marking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl Serialize for Marking {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.label())
    }
}

/// A case-insensitive regex fragment for `word` (JSON Schema regexes have no `(?i)`).
fn any_case(word: &str) -> String {
    word.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                format!("[{}{}]", c.to_ascii_uppercase(), c.to_ascii_lowercase())
            } else if c == '+' {
                "\\+".to_owned()
            } else {
                c.to_string()
            }
        })
        .collect()
}

impl JsonSchema for Marking {
    fn schema_name() -> Cow<'static, str> {
        "Marking".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let names = ["clear", "white", "green", "amber", "amber+strict", "red"]
            .map(any_case)
            .join("|");
        let pattern = format!("^\\s*({}:)?\\s*({names})\\s*$", any_case("tlp"));
        json_schema!({
            "type": "string",
            "description": "TLP 2.0 marking: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT or TLP:RED (any case, `TLP:` optional)",
            "pattern": pattern,
            "examples": ["TLP:CLEAR", "TLP:GREEN", "TLP:AMBER", "TLP:AMBER+STRICT", "TLP:RED"]
        })
    }
}

/// How sure the analyst is of the note's judgement; weighs the note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Weighs the note by 0.5.
    Low,
    /// Weighs the note by 1; the default when a note gives none.
    #[default]
    Moderate,
    /// Weighs the note by 1.5.
    High,
}

impl Confidence {
    /// The spellings notes use (lowercase), in order, for messages and the schema.
    pub const NAMES: [&'static str; 3] = ["low", "moderate", "high"];

    /// Accepts exactly `low`, `moderate` or `high` (surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Confidence> {
        match text.trim() {
            "low" => Some(Confidence::Low),
            "moderate" => Some(Confidence::Moderate),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }

    /// The lowercase name, as written in notes and shown in outputs.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The `c` factor of the note weight (SPEC §4).
    pub fn factor(self) -> f64 {
        match self {
            Confidence::Low => 0.5,
            Confidence::Moderate => 1.0,
            Confidence::High => 1.5,
        }
    }
}

impl JsonSchema for Confidence {
    fn schema_name() -> Cow<'static, str> {
        "Confidence".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": Confidence::NAMES,
            "default": "moderate",
            "description": "Analytic confidence in the note's judgement"
        })
    }
}

/// Admiralty (NATO AJP-2.1) source reliability, A (reliable) to F (cannot be judged).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// The letters, in order, for messages and the schema.
    pub const NAMES: [&'static str; 6] = ["A", "B", "C", "D", "E", "F"];

    /// Accepts one uppercase letter A…F (surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Reliability> {
        match text.trim() {
            "A" => Some(Reliability::A),
            "B" => Some(Reliability::B),
            "C" => Some(Reliability::C),
            "D" => Some(Reliability::D),
            "E" => Some(Reliability::E),
            "F" => Some(Reliability::F),
            _ => None,
        }
    }

    /// The letter, as shown in Admiralty codes.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }

    /// The `r` factor of the note weight (SPEC §4). F ("cannot be judged")
    /// deliberately outweighs E ("unreliable").
    pub fn factor(self) -> f64 {
        match self {
            Reliability::A => 1.0,
            Reliability::B => 0.9,
            Reliability::C => 0.75,
            Reliability::D => 0.5,
            Reliability::E => 0.25,
            Reliability::F => 0.5,
        }
    }

    /// What the letter means, for legends.
    pub fn meaning(self) -> &'static str {
        match self {
            Reliability::A => "completely reliable",
            Reliability::B => "usually reliable",
            Reliability::C => "fairly reliable",
            Reliability::D => "not usually reliable",
            Reliability::E => "unreliable",
            Reliability::F => "reliability cannot be judged",
        }
    }
}

impl JsonSchema for Reliability {
    fn schema_name() -> Cow<'static, str> {
        "Reliability".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": Reliability::NAMES,
            "description": "Admiralty source reliability: A completely reliable … E unreliable, F cannot be judged"
        })
    }
}

/// Status of a watch item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Still being watched; the default.
    #[default]
    Open,
    /// The indicator was seen.
    Observed,
    /// The window passed without the indicator.
    Lapsed,
}

impl Status {
    /// The spellings notes use (lowercase), in order, for messages and the schema.
    pub const NAMES: [&'static str; 3] = ["open", "observed", "lapsed"];

    /// Accepts exactly `open`, `observed` or `lapsed` (surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Status> {
        match text.trim() {
            "open" => Some(Status::Open),
            "observed" => Some(Status::Observed),
            "lapsed" => Some(Status::Lapsed),
            _ => None,
        }
    }

    /// The lowercase name, as written in notes and shown in outputs.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl JsonSchema for Status {
    fn schema_name() -> Cow<'static, str> {
        "Status".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": Status::NAMES,
            "default": "open"
        })
    }
}

impl Status {
    /// Two notes' statuses of one indicator, merged: observed beats lapsed
    /// beats open (SPEC §4), so one sighting is never outvoted.
    pub fn merge(self, other: Status) -> Status {
        let rank = |s: Status| match s {
            Status::Observed => 2,
            Status::Lapsed => 1,
            Status::Open => 0,
        };
        if rank(other) > rank(self) {
            other
        } else {
            self
        }
    }
}

/// How an indicator bears on a scenario (`supports:` / `undermines:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// Observing the indicator makes the scenario more likely.
    Supports,
    /// Observing the indicator makes the scenario less likely.
    Undermines,
}

impl Relation {
    /// The lowercase word, as the front-matter key and the JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Supports => "supports",
            Relation::Undermines => "undermines",
        }
    }
}

/// Whether a note has been reviewed for release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Review {
    /// Not yet reviewed: marks every brief it is in DRAFT and is left out
    /// of packets.
    Draft,
    /// Reviewed and cleared for release.
    Approved,
}

impl Review {
    /// The spellings notes use, in order, for messages and the schema.
    pub const NAMES: [&'static str; 2] = ["draft", "approved"];

    /// Accepts exactly `draft` or `approved` (surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<Review> {
        match text.trim() {
            "draft" => Some(Review::Draft),
            "approved" => Some(Review::Approved),
            _ => None,
        }
    }

    /// The lowercase name, as written in notes.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl JsonSchema for Review {
    fn schema_name() -> Cow<'static, str> {
        "Review".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": Review::NAMES,
            "description": "draft: not yet reviewed (marks the brief DRAFT, left out of packets); approved: cleared. Default approved, or draft with `review: required` in brief.yaml"
        })
    }
}

/// What a note is: a development scored for aggregation, or the brief's
/// key judgments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NoteKind {
    /// One development, its actors scored; the default.
    #[default]
    Note,
    /// The brief's key judgments as of its date; scores no actor.
    Judgments,
}

impl NoteKind {
    /// The spellings notes use, in order, for messages and the schema.
    pub const NAMES: [&'static str; 2] = ["note", "judgments"];

    /// Accepts exactly `note` or `judgments` (surrounding spaces ignored).
    pub fn parse(text: &str) -> Option<NoteKind> {
        match text.trim() {
            "note" => Some(NoteKind::Note),
            "judgments" => Some(NoteKind::Judgments),
            _ => None,
        }
    }

    /// The lowercase name, as written in notes.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

impl JsonSchema for NoteKind {
    fn schema_name() -> Cow<'static, str> {
        "NoteKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "enum": NoteKind::NAMES,
            "default": "note",
            "description": "note: one development with scored actors; judgments: the brief's key judgments (`judgments:`), scoring no actor"
        })
    }
}

/// An ICD 203 estimative term with its probability band in percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Term {
    /// Band 1–5%.
    AlmostNoChance,
    /// Band 5–20%.
    VeryUnlikely,
    /// Band 20–45%.
    Unlikely,
    /// Band 45–55%.
    RoughlyEvenChance,
    /// Band 55–80%.
    Likely,
    /// Band 80–95%.
    VeryLikely,
    /// Band 95–99%.
    AlmostCertain,
}

impl Serialize for Term {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl Term {
    /// Every term, least likely first, for parsing, suggestions and the schema.
    pub const ALL: [Term; 7] = [
        Term::AlmostNoChance,
        Term::VeryUnlikely,
        Term::Unlikely,
        Term::RoughlyEvenChance,
        Term::Likely,
        Term::VeryLikely,
        Term::AlmostCertain,
    ];

    /// The term as written in notes and shown in outputs, e.g. `roughly even chance`.
    pub fn name(self) -> &'static str {
        match self {
            Term::AlmostNoChance => "almost no chance",
            Term::VeryUnlikely => "very unlikely",
            Term::Unlikely => "unlikely",
            Term::RoughlyEvenChance => "roughly even chance",
            Term::Likely => "likely",
            Term::VeryLikely => "very likely",
            Term::AlmostCertain => "almost certain",
        }
    }

    /// The band `[low, high]` in percent.
    pub fn band(self) -> [u8; 2] {
        match self {
            Term::AlmostNoChance => [1, 5],
            Term::VeryUnlikely => [5, 20],
            Term::Unlikely => [20, 45],
            Term::RoughlyEvenChance => [45, 55],
            Term::Likely => [55, 80],
            Term::VeryLikely => [80, 95],
            Term::AlmostCertain => [95, 99],
        }
    }

    /// Terms match case-insensitively with runs of spaces collapsed.
    pub fn parse(text: &str) -> Option<Term> {
        let wanted = text.split_whitespace().collect::<Vec<_>>().join(" ");
        Term::ALL
            .into_iter()
            .find(|term| term.name().eq_ignore_ascii_case(&wanted))
    }

    /// The band containing `percent`; a shared edge belongs to the lower term.
    /// `None` outside (0, 100).
    pub fn for_percent(percent: f64) -> Option<Term> {
        if !(percent > 0.0 && percent < 100.0) {
            return None;
        }
        Term::ALL
            .into_iter()
            .find(|term| percent <= f64::from(term.band()[1]))
            .or(Some(Term::AlmostCertain))
    }
}

/// A scenario's likelihood as written: an estimative term or a percentage.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Likelihood {
    /// The term written, or the one whose band holds the percentage.
    pub term: Term,
    /// `[p, p]` for a percentage, the term's band for a term.
    pub percent: [f64; 2],
}

/// Why a likelihood could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LikelihoodError {
    /// A percentage of 0 or 100 or beyond: certainty is not an estimate.
    PercentOutOfRange,
    /// Neither a term nor a percentage.
    Unknown,
}

impl Likelihood {
    /// Reads `likely` (any case) or `60%`; a percentage must lie strictly inside (0, 100).
    pub fn parse(text: &str) -> Result<Likelihood, LikelihoodError> {
        let trimmed = text.trim();
        if let Some(number) = trimmed.strip_suffix('%') {
            let percent: f64 = number
                .trim()
                .parse()
                .map_err(|_| LikelihoodError::Unknown)?;
            let term = Term::for_percent(percent).ok_or(LikelihoodError::PercentOutOfRange)?;
            return Ok(Likelihood {
                term,
                percent: [percent, percent],
            });
        }
        let term = Term::parse(trimmed).ok_or(LikelihoodError::Unknown)?;
        let [low, high] = term.band();
        Ok(Likelihood {
            term,
            percent: [f64::from(low), f64::from(high)],
        })
    }

    /// "likely (55–80%)" or "likely (60%)".
    pub fn describe(&self) -> String {
        let [low, high] = self.percent;
        if low == high {
            format!("{} ({}%)", self.term.name(), format_percent(low))
        } else {
            format!(
                "{} ({}–{}%)",
                self.term.name(),
                format_percent(low),
                format_percent(high)
            )
        }
    }
}

fn format_percent(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

/// Schema of the `likelihood` field: a term or a percentage string.
pub struct LikelihoodSchema;

impl JsonSchema for LikelihoodSchema {
    fn schema_name() -> Cow<'static, str> {
        "Likelihood".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let terms: Vec<&str> = Term::ALL.iter().map(|t| t.name()).collect();
        json_schema!({
            "description": "ICD 203 estimative term, or a percentage strictly between 0% and 100%",
            "anyOf": [
                { "type": "string", "enum": terms },
                { "type": "string", "pattern": "^\\s*([1-9]|[1-9][0-9])(\\.[0-9]+)?\\s*%\\s*$" }
            ]
        })
    }
}

/// The five sections every brief has, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Canonically "What happened"; a note's lede stands in when it has no such section.
    WhatHappened,
    /// Canonically "Who gains leverage".
    WhoGains,
    /// Canonically "What mechanism is operating".
    Mechanism,
    /// Canonically "Why it matters".
    WhyItMatters,
    /// Canonically "What to watch next".
    WhatToWatch,
}

impl SectionKind {
    /// The five sections in the order every brief shows them.
    pub const ALL: [SectionKind; 5] = [
        SectionKind::WhatHappened,
        SectionKind::WhoGains,
        SectionKind::Mechanism,
        SectionKind::WhyItMatters,
        SectionKind::WhatToWatch,
    ];

    /// Stable identifier, used as HTML anchor and JSON key.
    pub fn id(self) -> &'static str {
        match self {
            SectionKind::WhatHappened => "what-happened",
            SectionKind::WhoGains => "who-gains",
            SectionKind::Mechanism => "mechanism",
            SectionKind::WhyItMatters => "why-it-matters",
            SectionKind::WhatToWatch => "what-to-watch",
        }
    }

    /// Accepted headings; the first is the canonical title.
    pub fn headings(self) -> &'static [&'static str] {
        match self {
            SectionKind::WhatHappened => &["What happened", "Summary", "Events"],
            SectionKind::WhoGains => &["Who gains leverage", "Who gains", "Leverage"],
            SectionKind::Mechanism => &["What mechanism is operating", "Mechanism"],
            SectionKind::WhyItMatters => &["Why it matters", "Stakes", "Implications"],
            SectionKind::WhatToWatch => &["What to watch next", "What to watch", "Indicators"],
        }
    }

    /// The canonical heading, as outputs show it.
    pub fn title(self) -> &'static str {
        self.headings()[0]
    }

    /// Matches a heading case-insensitively after trimming punctuation
    /// and collapsing whitespace: `## Why it matters?` is `why-it-matters`.
    pub fn from_heading(heading: &str) -> Option<SectionKind> {
        // The synonyms are normalised once, not on every heading of every note.
        static SYNONYMS: std::sync::OnceLock<Vec<(String, SectionKind)>> =
            std::sync::OnceLock::new();
        let synonyms = SYNONYMS.get_or_init(|| {
            SectionKind::ALL
                .into_iter()
                .flat_map(|kind| {
                    kind.headings()
                        .iter()
                        .map(move |h| (normalise_heading(h), kind))
                })
                .collect()
        });
        let wanted = normalise_heading(heading);
        synonyms
            .iter()
            .find(|(name, _)| *name == wanted)
            .map(|(_, kind)| *kind)
    }
}

fn normalise_heading(heading: &str) -> String {
    let trimmed = heading.trim_matches(|c: char| !c.is_alphanumeric());
    trimmed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Paper size of PDF output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
// schemars turns a variant's doc comment into a description, which would
// change the committed brief.yaml schema; A4 (the default) and US Letter
// need none.
#[allow(missing_docs)]
pub enum PageSize {
    #[default]
    A4,
    Letter,
}

impl PageSize {
    /// The spellings brief.yaml documents.
    pub const NAMES: [&'static str; 2] = ["A4", "Letter"];

    /// `A4` or `Letter`, in any case.
    pub fn parse(text: &str) -> Option<PageSize> {
        match text.trim().to_ascii_lowercase().as_str() {
            "a4" => Some(PageSize::A4),
            "letter" => Some(PageSize::Letter),
            _ => None,
        }
    }
}

/// The standard a PDF is written to (SPEC §5): tagged PDF/UA-1 (the
/// default), PDF/A-2b as well (archival, and still tagged), or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(missing_docs)]
pub enum PdfStandard {
    #[default]
    #[serde(rename = "ua-1")]
    Ua1,
    #[serde(rename = "a-2b")]
    A2b,
    None,
}

impl PdfStandard {
    /// The spellings brief.yaml and `--pdf-standard` take.
    pub const NAMES: [&'static str; 3] = ["ua-1", "a-2b", "none"];

    /// `ua-1`, `a-2b` or `none`, in any case.
    pub fn parse(text: &str) -> Option<PdfStandard> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ua-1" => Some(PdfStandard::Ua1),
            "a-2b" => Some(PdfStandard::A2b),
            "none" => Some(PdfStandard::None),
            _ => None,
        }
    }

    /// Whether the PDF is tagged (a structure tree, marked content).
    pub fn tagged(self) -> bool {
        self != PdfStandard::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_standards_parse_by_their_names() {
        for (name, standard) in
            PdfStandard::NAMES
                .iter()
                .zip([PdfStandard::Ua1, PdfStandard::A2b, PdfStandard::None])
        {
            assert_eq!(PdfStandard::parse(name), Some(standard));
            assert_eq!(PdfStandard::parse(&name.to_uppercase()), Some(standard));
        }
        assert_eq!(PdfStandard::parse("a-1b"), None);
    }

    #[test]
    fn markings_parse_in_every_accepted_spelling() {
        for text in ["TLP:AMBER", "amber", "tlp:amber", " Amber "] {
            assert_eq!(Marking::parse(text), Some(Marking::Amber), "{text}");
        }
        for text in ["AMBER+STRICT", "tlp:amber+strict", "TLP:Amber+Strict"] {
            assert_eq!(Marking::parse(text), Some(Marking::AmberStrict), "{text}");
        }
        assert_eq!(Marking::parse("TLP:WHITE"), Some(Marking::Clear));
        assert_eq!(Marking::parse("TLP:PURPLE"), None);
        assert_eq!(Marking::parse("amber strict"), None);
    }

    #[test]
    fn markings_order_and_release_follow_tlp_2() {
        assert!(Marking::Clear < Marking::Green);
        assert!(Marking::Amber < Marking::AmberStrict);
        assert!(Marking::AmberStrict < Marking::Red);
        assert!(Marking::Amber.releasable_to(Marking::Amber));
        assert!(!Marking::AmberStrict.releasable_to(Marking::Amber));
        assert!(Marking::AmberStrict.releasable_to(Marking::Red));
        assert!(!Marking::Green.releasable_to(Marking::Clear));
    }

    #[test]
    fn percentages_map_to_icd_203_bands_with_shared_edges_going_down() {
        let term = |p| Term::for_percent(p).unwrap();
        assert_eq!(term(1.0), Term::AlmostNoChance);
        assert_eq!(term(5.0), Term::AlmostNoChance);
        assert_eq!(term(5.5), Term::VeryUnlikely);
        assert_eq!(term(20.0), Term::VeryUnlikely);
        assert_eq!(term(45.0), Term::Unlikely);
        assert_eq!(term(55.0), Term::RoughlyEvenChance);
        assert_eq!(term(60.0), Term::Likely);
        assert_eq!(term(80.0), Term::Likely);
        assert_eq!(term(95.0), Term::VeryLikely);
        assert_eq!(term(99.5), Term::AlmostCertain);
        assert_eq!(term(0.5), Term::AlmostNoChance);
        assert_eq!(Term::for_percent(0.0), None);
        assert_eq!(Term::for_percent(100.0), None);
    }

    #[test]
    fn likelihoods_parse_terms_and_percentages() {
        let likely = Likelihood::parse("Likely").unwrap();
        assert_eq!(likely.term, Term::Likely);
        assert_eq!(likely.percent, [55.0, 80.0]);
        assert_eq!(likely.describe(), "likely (55–80%)");
        let sixty = Likelihood::parse("60%").unwrap();
        assert_eq!(sixty.term, Term::Likely);
        assert_eq!(sixty.percent, [60.0, 60.0]);
        assert_eq!(sixty.describe(), "likely (60%)");
        assert_eq!(
            Likelihood::parse("100%"),
            Err(LikelihoodError::PercentOutOfRange)
        );
        assert_eq!(
            Likelihood::parse("0%"),
            Err(LikelihoodError::PercentOutOfRange)
        );
        assert_eq!(Likelihood::parse("probable"), Err(LikelihoodError::Unknown));
    }

    #[test]
    fn section_headings_match_synonyms_ignoring_case_and_punctuation() {
        assert_eq!(
            SectionKind::from_heading("What happened"),
            Some(SectionKind::WhatHappened)
        );
        assert_eq!(
            SectionKind::from_heading("  EVENTS: "),
            Some(SectionKind::WhatHappened)
        );
        assert_eq!(
            SectionKind::from_heading("Who gains leverage?"),
            Some(SectionKind::WhoGains)
        );
        assert_eq!(
            SectionKind::from_heading("Indicators"),
            Some(SectionKind::WhatToWatch)
        );
        assert_eq!(
            SectionKind::from_heading("Stakes."),
            Some(SectionKind::WhyItMatters)
        );
        assert_eq!(SectionKind::from_heading("Background"), None);
    }
}
