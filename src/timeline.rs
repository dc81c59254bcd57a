//! Leverage over time: each actor's weighted leverage as of each week of
//! the brief's span.
//!
//! Pure, like `aggregate`: the SPEC §4 actor formulas rerun with the as-of
//! date moved back 7 days at a time, over the same notes the brief was
//! aggregated from (at each point, those dated on or before it). For a
//! packet the caller passes the packet's releasable notes only.

use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::aggregate::actor_scores_on;
use crate::config::{Config, normalise_name};
use crate::model::{ActorTimeline, Brief, Timeline};
use crate::note::Note;

/// At most this many weekly points (two years), newest kept.
pub(crate) const MAX_POINTS: usize = 105;

/// The weekly dates of a span ending at `as_of` and starting no earlier
/// than `first`: `as_of`, `as_of − 7`, … oldest first.
pub(crate) fn weeks(first: Date, as_of: Date) -> Vec<Date> {
    let mut dates = vec![as_of];
    let mut date = as_of;
    while dates.len() < MAX_POINTS {
        match date.checked_sub(7.days()) {
            Ok(earlier) if earlier >= first => {
                dates.push(earlier);
                date = earlier;
            }
            _ => break,
        }
    }
    dates.reverse();
    dates
}

/// The brief's timeline from `notes`, the notes it was aggregated from.
/// Actors follow the brief's rank order; the last point of each is its
/// leverage.
pub(crate) fn timeline(notes: &[&Note], config: &Config, brief: &Brief) -> Timeline {
    let Some(first) = notes
        .iter()
        .map(|n| n.date())
        .filter(|d| *d <= brief.as_of)
        .min()
    else {
        return Timeline::default();
    };
    let dates = weeks(first, brief.as_of);
    let position: HashMap<String, usize> = brief
        .actors
        .iter()
        .enumerate()
        .map(|(i, a)| (normalise_name(&a.name), i))
        .collect();
    let mut series: Vec<Vec<Option<f64>>> = vec![vec![None; dates.len()]; brief.actors.len()];
    for (column, scores) in actor_scores_on(notes, config, &dates)
        .into_iter()
        .enumerate()
    {
        for score in scores {
            if let Some(&row) = position.get(&normalise_name(&score.name)) {
                series[row][column] = Some(score.leverage);
            }
        }
    }
    Timeline {
        dates,
        actors: brief
            .actors
            .iter()
            .zip(series)
            .map(|(actor, leverage)| ActorTimeline {
                name: actor.name.clone(),
                leverage,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn weeks_step_back_from_the_as_of_date_within_the_span() {
        assert_eq!(
            weeks(date(2026, 11, 1), date(2026, 11, 20)),
            [date(2026, 11, 6), date(2026, 11, 13), date(2026, 11, 20)]
        );
        assert_eq!(
            weeks(date(2026, 11, 20), date(2026, 11, 20)),
            [date(2026, 11, 20)]
        );
        assert_eq!(
            weeks(date(2026, 11, 6), date(2026, 11, 20)).first(),
            Some(&date(2026, 11, 6)),
            "a week boundary on the first note's date is kept"
        );
        assert_eq!(
            weeks(date(1990, 1, 1), date(2026, 11, 20)).len(),
            MAX_POINTS
        );
    }
}
