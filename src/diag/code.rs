//! `Code`: the stable, machine-readable name of each kind of problem, its
//! severity class and its one-sentence description.

/// A stable, machine-readable name for each kind of problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// A file could not be read (permissions, vanished, an OS error).
    Io,
    /// A file is over the size limit and was not read.
    TooLarge,
    /// A file is not UTF-8 text (UTF-16 is named as such).
    NotUtf8,
    /// A file holds NUL bytes: binary, not a note.
    Binary,
    /// A file is empty.
    EmptyFile,
    /// A symbolic link leads back into itself.
    SymlinkLoop,
    /// A link to a note or folder the walk reads by another path: read once.
    LinkedTwice,
    /// A link resolves outside the workspace; its target is not read.
    OutsideWorkspace,
    /// A FIFO, socket or device named like a note; never opened.
    SpecialFile,
    /// Lines end with CR alone (classic Mac OS), which YAML does not read.
    CrLineEndings,
    /// A note does not open with a `---` line.
    NoFrontMatter,
    /// A note's front matter has no closing `---` line.
    UnclosedFrontMatter,
    /// The YAML does not parse.
    YamlSyntax,
    /// A key the format does not define (often a misspelling).
    UnknownKey,
    /// A required key is absent.
    MissingKey,
    /// A value of the wrong kind (a list where text was wanted, …).
    WrongType,
    /// A value that must say something is empty.
    EmptyValue,
    /// A number outside its allowed range (leverage −5..5, stakes 0..5, …).
    OutOfRange,
    /// A score that must be whole has a fraction.
    FractionalScore,
    /// A value outside its vocabulary (a marking, a likelihood term, a slug).
    UnknownValue,
    /// A date that is not `YYYY-MM-DD` or does not exist.
    BadDate,
    /// An actor scored twice in one note (by name or alias).
    DuplicateActor,
    /// A `TODO` left in a note (front matter or body).
    Placeholder,
    /// A note that belongs to no brief.
    NoBrief,
    /// A brief or packet name that names nothing (`--brief`, a packet's `briefs:`).
    UnknownBrief,
    /// A note dated after the as-of date, left out of the brief.
    AfterAsOf,
    /// A `since` date on or after the as-of date.
    SinceAfterAsOf,
    /// A workspace template that does not parse or render.
    Template,
    /// A packet's brief with no note its audience may see.
    EmptyPacketBrief,
    /// Tradecraft: `confidence: high` resting on sources graded D or worse.
    WeakSources,
    /// Tradecraft: scenario likelihoods whose lower bounds add up past 100%.
    ScenarioSum,
    /// Tradecraft: disjoint estimates of a scenario in notes under 14 days apart.
    ScenarioJump,
    /// Tradecraft: a leverage of ±4 or ±5 without a `rationale`.
    StrongScoreWithoutRationale,
    /// Tradecraft: a watch item without `due`.
    WatchWithoutDue,
    /// An undeclared actor or mechanism close to a declared or commoner spelling.
    MisspeltName,
    /// Under `names: closed`, an actor or mechanism brief.yaml does not declare.
    UndeclaredName,
    /// A key the note's `kind:` does not take (`actors:` in a judgments note).
    WrongKind,
    /// A watch item that both supports and undermines one scenario.
    IndicatorBothWays,
    /// A watch item's `supports:`/`undermines:` names no scenario of its brief.
    UnknownScenario,
    /// Tradecraft: a scenario's latest estimate runs against its observed indicators.
    EstimateAgainstEvidence,
    /// A file in `fonts/` that is not a font, or one too many or too large.
    BadFont,
    /// A character no shipped or workspace font has a glyph for.
    NoFont,
    /// A note's image file does not exist.
    ImageNotFound,
    /// A note's image path leaves the workspace (or reaches a hidden file).
    ImageOutsideWorkspace,
    /// A note's image is not PNG, JPEG or SVG, or not what its extension says.
    ImageType,
    /// A note's image is over the size cap (bytes or pixels).
    ImageTooLarge,
    /// A note's image cannot be decoded.
    ImageUndecodable,
    /// A note's image has no alternative text.
    ImageNoAlt,
}

impl Code {
    /// The code's kebab-case name: JSON's `code`, the human header's
    /// `[…]`, the keys of `lints:`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::TooLarge => "too-large",
            Code::NotUtf8 => "not-utf8",
            Code::Binary => "binary-file",
            Code::EmptyFile => "empty-file",
            Code::SymlinkLoop => "symlink-loop",
            Code::LinkedTwice => "linked-twice",
            Code::OutsideWorkspace => "outside-workspace",
            Code::SpecialFile => "special-file",
            Code::CrLineEndings => "cr-line-endings",
            Code::NoFrontMatter => "no-front-matter",
            Code::UnclosedFrontMatter => "unclosed-front-matter",
            Code::YamlSyntax => "yaml-syntax",
            Code::UnknownKey => "unknown-key",
            Code::MissingKey => "missing-key",
            Code::WrongType => "wrong-type",
            Code::EmptyValue => "empty-value",
            Code::OutOfRange => "out-of-range",
            Code::FractionalScore => "fractional-score",
            Code::UnknownValue => "unknown-value",
            Code::BadDate => "bad-date",
            Code::DuplicateActor => "duplicate-actor",
            Code::Placeholder => "placeholder",
            Code::NoBrief => "no-brief",
            Code::UnknownBrief => "unknown-brief",
            Code::AfterAsOf => "after-as-of",
            Code::SinceAfterAsOf => "since-after-as-of",
            Code::Template => "template",
            Code::EmptyPacketBrief => "empty-packet-brief",
            Code::WeakSources => "high-confidence-weak-sources",
            Code::ScenarioSum => "scenario-sum-over-100",
            Code::ScenarioJump => "scenario-estimates-disjoint",
            Code::StrongScoreWithoutRationale => "strong-score-without-rationale",
            Code::WatchWithoutDue => "watch-without-due",
            Code::MisspeltName => "misspelt-name",
            Code::UndeclaredName => "undeclared-name",
            Code::WrongKind => "wrong-kind",
            Code::IndicatorBothWays => "indicator-both-ways",
            Code::UnknownScenario => "unknown-scenario",
            Code::EstimateAgainstEvidence => "estimate-against-evidence",
            Code::BadFont => "bad-font",
            Code::NoFont => "no-font",
            Code::ImageNotFound => "image-not-found",
            Code::ImageOutsideWorkspace => "image-outside-workspace",
            Code::ImageType => "image-type",
            Code::ImageTooLarge => "image-too-large",
            Code::ImageUndecodable => "image-undecodable",
            Code::ImageNoAlt => "image-no-alt",
        }
    }

    /// Every code, for `lints:` in brief.yaml to name.
    pub const ALL: [Code; 48] = [
        Code::Io,
        Code::TooLarge,
        Code::NotUtf8,
        Code::Binary,
        Code::EmptyFile,
        Code::SymlinkLoop,
        Code::LinkedTwice,
        Code::OutsideWorkspace,
        Code::SpecialFile,
        Code::CrLineEndings,
        Code::NoFrontMatter,
        Code::UnclosedFrontMatter,
        Code::YamlSyntax,
        Code::UnknownKey,
        Code::MissingKey,
        Code::WrongType,
        Code::EmptyValue,
        Code::OutOfRange,
        Code::FractionalScore,
        Code::UnknownValue,
        Code::BadDate,
        Code::DuplicateActor,
        Code::Placeholder,
        Code::NoBrief,
        Code::UnknownBrief,
        Code::AfterAsOf,
        Code::SinceAfterAsOf,
        Code::Template,
        Code::EmptyPacketBrief,
        Code::WeakSources,
        Code::ScenarioSum,
        Code::ScenarioJump,
        Code::StrongScoreWithoutRationale,
        Code::WatchWithoutDue,
        Code::MisspeltName,
        Code::UndeclaredName,
        Code::WrongKind,
        Code::IndicatorBothWays,
        Code::UnknownScenario,
        Code::EstimateAgainstEvidence,
        Code::BadFont,
        Code::NoFont,
        Code::ImageNotFound,
        Code::ImageOutsideWorkspace,
        Code::ImageType,
        Code::ImageTooLarge,
        Code::ImageUndecodable,
        Code::ImageNoAlt,
    ];

    /// Whether the tool reports this code as a warning: only those may be
    /// allowed or kept as warnings by `lints:` (an error stays an error,
    /// or an invalid note would silently drop out of a brief).
    pub fn is_warning(self) -> bool {
        matches!(
            self,
            Code::SpecialFile
                | Code::LinkedTwice
                | Code::AfterAsOf
                | Code::SinceAfterAsOf
                | Code::EmptyPacketBrief
                | Code::WeakSources
                | Code::ScenarioSum
                | Code::ScenarioJump
                | Code::StrongScoreWithoutRationale
                | Code::WatchWithoutDue
                | Code::MisspeltName
                | Code::UnknownScenario
                | Code::EstimateAgainstEvidence
                | Code::NoFont
                | Code::ImageNoAlt
        )
    }

    /// Problems with a file as a whole (it could not be read, or is no
    /// text): printed at 1:1 when they point at no line.
    pub fn is_file_level(self) -> bool {
        matches!(
            self,
            Code::Io
                | Code::TooLarge
                | Code::NotUtf8
                | Code::Binary
                | Code::EmptyFile
                | Code::SymlinkLoop
                | Code::OutsideWorkspace
                | Code::SpecialFile
                | Code::CrLineEndings
                | Code::BadFont
        )
    }

    /// The code named `name` (as [`Code::as_str`] prints it).
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }

    /// What the code means, in one sentence: the rule's description in
    /// SARIF, so code scanning can say what a rule checks.
    pub fn description(self) -> &'static str {
        match self {
            Code::Io => "A file could not be read.",
            Code::TooLarge => "A file is over the size limit and was not read.",
            Code::NotUtf8 => "A file is not UTF-8 text.",
            Code::Binary => "A file holds NUL bytes: binary, not a note.",
            Code::EmptyFile => "A file is empty.",
            Code::SymlinkLoop => "A symbolic link leads back into itself.",
            Code::LinkedTwice => "A note or folder is reached by two paths and read once.",
            Code::OutsideWorkspace => "A link resolves outside the workspace and is not read.",
            Code::SpecialFile => "A FIFO, socket or device is named like a note and never opened.",
            Code::CrLineEndings => {
                "Lines end with a carriage return alone, which YAML does not read."
            }
            Code::NoFrontMatter => "A note does not open with a `---` line.",
            Code::UnclosedFrontMatter => "A note's front matter has no closing `---` line.",
            Code::YamlSyntax => "The YAML does not parse.",
            Code::UnknownKey => "A key the format does not define, often a misspelling.",
            Code::MissingKey => "A required key is absent.",
            Code::WrongType => "A value of the wrong kind.",
            Code::EmptyValue => "A value that must say something is empty.",
            Code::OutOfRange => "A number outside its allowed range.",
            Code::FractionalScore => "A score that must be whole has a fraction.",
            Code::UnknownValue => "A value outside its vocabulary.",
            Code::BadDate => "A date that is not YYYY-MM-DD or does not exist.",
            Code::DuplicateActor => "An actor scored twice in one note.",
            Code::Placeholder => "A TODO left in a note.",
            Code::NoBrief => "A note that belongs to no brief.",
            Code::UnknownBrief => "A brief or packet name that names nothing.",
            Code::AfterAsOf => "A note dated after the as-of date, left out of the brief.",
            Code::SinceAfterAsOf => "A `since` date on or after the as-of date.",
            Code::Template => "A workspace template that does not parse or render.",
            Code::EmptyPacketBrief => "A packet's brief with no note its audience may see.",
            Code::WeakSources => "High confidence resting on sources graded D or worse.",
            Code::ScenarioSum => "Scenario likelihoods whose lower bounds add up past 100%.",
            Code::ScenarioJump => "Disjoint estimates of a scenario in notes under 14 days apart.",
            Code::StrongScoreWithoutRationale => "A leverage of ±4 or ±5 without a rationale.",
            Code::WatchWithoutDue => "A watch item without a due date.",
            Code::MisspeltName => "An undeclared actor or mechanism close to a known spelling.",
            Code::UndeclaredName => "Under `names: closed`, a name brief.yaml does not declare.",
            Code::WrongKind => "A key the note's kind does not take.",
            Code::IndicatorBothWays => {
                "A watch item that both supports and undermines one scenario."
            }
            Code::UnknownScenario => "A watch item ties to no scenario of its brief.",
            Code::EstimateAgainstEvidence => {
                "A scenario's latest estimate runs against its observed indicators."
            }
            Code::BadFont => "A file in fonts/ that is not a usable font.",
            Code::NoFont => "A character no shipped or workspace font has a glyph for.",
            Code::ImageNotFound => "A note's image file does not exist.",
            Code::ImageOutsideWorkspace => "A note's image path leaves the workspace.",
            Code::ImageType => "A note's image is not the PNG, JPEG or SVG its extension says.",
            Code::ImageTooLarge => "A note's image is over the size cap.",
            Code::ImageUndecodable => "A note's image cannot be decoded.",
            Code::ImageNoAlt => "A note's image has no alternative text.",
        }
    }
}
