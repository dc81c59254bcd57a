//! Presentation wording shared by every renderer: how numbers, dates,
//! counts, codes and orders are written, so the HTML and the PDF say the
//! same thing the same way. Each rule has one home here.

use jiff::civil::Date;

use crate::diag::plural;
use crate::model::{ActorScore, Judgment, NextDue, Source, SourceSummary, StatusCount};
use crate::vocab::{Likelihood, Relation, Term};

/// How many top-ranked actors a chart of several series draws (one line
/// each in the leverage-over-time chart); the rest are named as left out.
pub(crate) const TOP_ACTORS_IN_CHART: usize = 6;

/// `+1.82`, `−0.50`, `0.00` (a real minus sign, as typeset).
pub(crate) fn signed2(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.2}")
    } else if value < 0.0 {
        format!("−{:.2}", -value)
    } else {
        "0.00".to_owned()
    }
}

/// `+2`, `−1`, `0`: a whole number with a real minus sign, as typeset (a
/// note's own score, an axis tick).
pub(crate) fn signed_whole(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.0}")
    } else if value < 0.0 {
        format!("−{:.0}", -value)
    } else {
        "0".to_owned()
    }
}

/// Two decimals, as every aggregate figure is rounded.
pub(crate) fn fixed2(value: f64) -> String {
    format!("{value:.2}")
}

/// `20 November 2026`.
pub(crate) fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day(), month_name(date), date.year())
}

/// `20 Nov`: a chart axis's date.
pub(crate) fn short_date(date: Date) -> String {
    let month: String = month_name(date).chars().take(3).collect();
    format!("{} {month}", date.day())
}

fn month_name(date: Date) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(date.month())
        .ok()
        .and_then(|m| MONTHS.get(m.saturating_sub(1)))
        .copied()
        .unwrap_or("")
}

/// `1 note`, `12 notes`: how many notes a brief is built from.
pub(crate) fn note_count(count: usize) -> String {
    crate::diag::plural(count, "note")
}

/// `Org · Workspace title`, or the title alone: the line above a brief's
/// title that says whose it is.
pub(crate) fn org_title_line(organization: Option<&str>, title: &str) -> String {
    match organization {
        Some(org) => format!("{org} · {title}"),
        None => title.to_owned(),
    }
}

/// The bottom line's watch item as label, indicator (set in bold) and the
/// words before its date: `Next due: X by 1 December 2026.`, or `Overdue:
/// X, due 12 November 2026.` for an open item already late. An indicator
/// written as a sentence loses its full stop, which the line supplies.
pub(crate) fn next_due_words(next: &NextDue) -> (&'static str, &str, &'static str) {
    let indicator = next.indicator.as_str();
    let abbreviation = indicator
        .strip_suffix('.')
        .and_then(|rest| rest.chars().last())
        .is_some_and(char::is_uppercase);
    let indicator = match indicator.strip_suffix('.') {
        Some(sentence) if !abbreviation => sentence,
        _ => indicator,
    };
    if next.overdue {
        ("Overdue: ", indicator, ", due ")
    } else {
        ("Next due: ", indicator, " by ")
    }
}

/// The key under every sources table: what the Admiralty letters and
/// digits range over.
pub(crate) const ADMIRALTY_KEY: &str = "Admiralty codes: reliability A (completely reliable) to F (cannot be judged), credibility 1 (confirmed) to 6 (cannot be judged)";

/// What an Admiralty credibility digit means.
pub(crate) fn credibility(value: Option<u8>) -> &'static str {
    match value {
        Some(1) => "confirmed by other sources",
        Some(2) => "probably true",
        Some(3) => "possibly true",
        Some(4) => "doubtful",
        Some(5) => "improbable",
        Some(6) => "truth cannot be judged",
        _ => "credibility not graded",
    }
}

/// What a source's Admiralty code means in words: `usually reliable;
/// probably true`.
pub(crate) fn admiralty_meaning(source: &Source) -> String {
    let reliability = source
        .reliability
        .map_or("reliability not graded", |r| r.meaning());
    format!("{reliability}; {}", credibility(source.credibility))
}

/// Actors by weighted stakes, highest first, ties by name: the order of
/// "Why it matters".
pub(crate) fn stakes_order(actors: &[ActorScore]) -> Vec<&ActorScore> {
    let mut by_stakes: Vec<&ActorScore> = actors.iter().collect();
    by_stakes.sort_by(|a, b| {
        b.stakes
            .total_cmp(&a.stakes)
            .then_with(|| a.name.cmp(&b.name))
    });
    by_stakes
}

/// What a brief rests on, in one sentence (ICD 206): "8 notes citing 12
/// sources: 5 graded A–B, 4 C, 3 D–F; 2 notes cite none."
pub(crate) fn source_summary(summary: &SourceSummary) -> String {
    let notes = note_count(summary.notes);
    if summary.sources == 0 {
        return match summary.notes {
            1 => format!("{notes}, citing no source."),
            _ => format!("{notes}, none citing a source."),
        };
    }
    let mut grades: Vec<String> = [
        (summary.graded_a_b, "A–B"),
        (summary.graded_c, "C"),
        (summary.graded_d_f, "D–F"),
    ]
    .into_iter()
    .filter(|(count, _)| *count > 0)
    .map(|(count, grade)| format!("{count} {grade}"))
    .collect();
    if let Some(first) = grades.first_mut() {
        *first = first.replacen(' ', " graded ", 1);
    }
    if summary.ungraded > 0 {
        grades.push(format!("{} ungraded", summary.ungraded));
    }
    let mut sentence = format!(
        "{notes} citing {}: {}",
        plural(summary.sources, "source"),
        grades.join(", ")
    );
    match summary.notes_without_sources {
        0 => {}
        1 => sentence.push_str("; 1 note cites none"),
        n => sentence.push_str(&format!("; {n} notes cite none")),
    }
    sentence.push('.');
    sentence
}

/// "likely (55–80%), moderate confidence" or "high confidence": how a key
/// judgment is qualified.
pub(crate) fn judgment_qualifier(judgment: &Judgment) -> String {
    let confidence = format!("{} confidence", judgment.confidence.as_str());
    match (judgment.likelihood, judgment.percent) {
        (Some(term), Some(percent)) => format!("{}, {confidence}", estimate(term, percent)),
        _ => confidence,
    }
}

/// "likely (55–80%)" or "likely (60%)": an estimate with its band.
pub(crate) fn estimate(term: Term, percent: [f64; 2]) -> String {
    Likelihood { term, percent }.describe()
}

/// ▲ for an indicator that supports a scenario, ▼ for one that undermines it.
pub(crate) fn relation_mark(relation: Relation) -> &'static str {
    match relation {
        Relation::Supports => "▲",
        Relation::Undermines => "▼",
    }
}

/// The matrix's caption: what its marks mean.
pub(crate) const MATRIX_KEY: &str =
    "Indicators tied to scenarios: ▲ supports, ▼ undermines the scenario if observed";

/// What a scenario's estimate is flagged with when observed indicators run against it.
pub(crate) const AGAINST_EVIDENCE: &str = "observed indicators run against this estimate";

/// "2 notes in this brief await review; not for release.": what follows
/// the word DRAFT on a brief with drafts.
pub(crate) fn draft_notice(drafts: usize) -> String {
    let (count, verb) = match drafts {
        1 => ("1 note".to_owned(), "awaits"),
        n => (format!("{n} notes"), "await"),
    };
    format!("{count} in this brief {verb} review; not for release.")
}

/// "2 draft notes were left out pending review." for a packet.
pub(crate) fn drafts_left_out(count: usize) -> String {
    match count {
        1 => "1 draft note was left out pending review.".to_owned(),
        n => format!("{n} draft notes were left out pending review."),
    }
}

/// "notes of the last 90 days; 12 earlier notes left out": what a windowed
/// brief is built over.
pub(crate) fn window_words(window: &crate::model::Window) -> String {
    let days = plural(window.days as usize, "day");
    match window.earlier_notes {
        0 => format!("notes of the last {days}"),
        1 => format!("notes of the last {days}; 1 earlier note left out"),
        n => format!("notes of the last {days}; {n} earlier notes left out"),
    }
}

/// "2 observed, 1 open" (statuses with none left out), or "none".
pub(crate) fn status_count(count: &StatusCount) -> String {
    let parts: Vec<String> = [
        (count.observed, "observed"),
        (count.open, "open"),
        (count.lapsed, "lapsed"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, word)| format!("{n} {word}"))
    .collect();
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;
    use crate::model::Trend;
    use crate::vocab::Reliability;

    #[test]
    fn the_sourcing_sentence_names_each_grade_band_once() {
        let mut summary = SourceSummary {
            notes: 8,
            sources: 12,
            graded_a_b: 5,
            graded_c: 4,
            graded_d_f: 3,
            ungraded: 0,
            notes_without_sources: 2,
        };
        assert_eq!(
            source_summary(&summary),
            "8 notes citing 12 sources: 5 graded A–B, 4 C, 3 D–F; 2 notes cite none."
        );
        summary.graded_a_b = 0;
        summary.ungraded = 5;
        summary.notes_without_sources = 1;
        assert_eq!(
            source_summary(&summary),
            "8 notes citing 12 sources: 4 graded C, 3 D–F, 5 ungraded; 1 note cites none."
        );
        let single = SourceSummary {
            notes: 1,
            sources: 1,
            ungraded: 1,
            ..SourceSummary::default()
        };
        assert_eq!(
            source_summary(&single),
            "1 note citing 1 source: 1 ungraded."
        );
        let bare = SourceSummary {
            notes: 3,
            notes_without_sources: 3,
            ..SourceSummary::default()
        };
        assert_eq!(source_summary(&bare), "3 notes, none citing a source.");
    }

    #[test]
    fn an_overdue_item_is_called_overdue_and_a_coming_one_next_due() {
        let mut next = NextDue {
            indicator: "Second round".to_owned(),
            due: date(2026, 12, 1),
            overdue: false,
        };
        assert_eq!(
            next_due_words(&next),
            ("Next due: ", "Second round", " by ")
        );
        next.overdue = true;
        assert_eq!(
            next_due_words(&next),
            ("Overdue: ", "Second round", ", due ")
        );
        next.indicator = "Talks resume.".to_owned();
        assert_eq!(next_due_words(&next).1, "Talks resume", "no `., due`");
        next.indicator = "Envoy leaves the U.S.".to_owned();
        assert_eq!(next_due_words(&next).1, "Envoy leaves the U.S.");
    }

    fn actor(name: &str, stakes: f64) -> ActorScore {
        ActorScore {
            name: name.to_owned(),
            leverage: 0.0,
            stakes,
            range: 0,
            contested: false,
            trend: Trend::Flat,
            notes: 1,
        }
    }

    fn source(reliability: Option<Reliability>, credibility: Option<u8>) -> Source {
        Source {
            title: "Wire report".to_owned(),
            url: None,
            reliability,
            credibility,
            notes: Vec::new(),
        }
    }

    #[test]
    fn figures_are_signed_with_a_real_minus() {
        assert_eq!(signed2(1.5), "+1.50");
        assert_eq!(signed2(-0.98), "−0.98");
        assert_eq!(signed2(0.0), "0.00");
        assert_eq!(fixed2(4.8), "4.80");
    }

    #[test]
    fn whole_scores_are_signed_without_decimals() {
        assert_eq!(signed_whole(3.0), "+3");
        assert_eq!(signed_whole(-5.0), "−5");
        assert_eq!(signed_whole(0.0), "0");
    }

    #[test]
    fn dates_read_long_in_text_and_short_on_an_axis() {
        assert_eq!(long_date(date(2026, 11, 20)), "20 November 2026");
        assert_eq!(short_date(date(2026, 11, 20)), "20 Nov");
        assert_eq!(short_date(date(2027, 1, 3)), "3 Jan");
        assert_eq!(short_date(date(2026, 9, 30)), "30 Sep");
    }

    #[test]
    fn one_note_is_singular() {
        assert_eq!(note_count(1), "1 note");
        assert_eq!(note_count(0), "0 notes");
        assert_eq!(note_count(12), "12 notes");
    }

    #[test]
    fn the_organization_leads_the_title_when_there_is_one() {
        assert_eq!(
            org_title_line(Some("Desk"), "Gulf watch"),
            "Desk · Gulf watch"
        );
        assert_eq!(org_title_line(None, "Gulf watch"), "Gulf watch");
    }

    #[test]
    fn admiralty_codes_read_as_words() {
        assert_eq!(credibility(Some(2)), "probably true");
        assert_eq!(credibility(None), "credibility not graded");
        assert_eq!(
            admiralty_meaning(&source(Some(Reliability::B), Some(2))),
            "usually reliable; probably true"
        );
        assert_eq!(
            admiralty_meaning(&source(None, None)),
            "reliability not graded; credibility not graded"
        );
    }

    #[test]
    fn stakes_order_is_highest_first_then_by_name() {
        let actors = [actor("Qatar", 2.0), actor("Iran", 4.5), actor("Oman", 2.0)];
        let names: Vec<&str> = stakes_order(&actors)
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["Iran", "Oman", "Qatar"]);
    }
}
