//! Alternative text for the charts, said from the data they draw: one
//! sentence per chart that the PDF writes as its figure's `/Alt` and the
//! HTML as its SVG's `<desc>`, so a screen reader hears the same numbers
//! a sighted reader sees. Pure.

use crate::model::{ActorScore, ActorTimeline};
use crate::render::format::signed2;

/// The leverage bar chart: every actor in rank order with its leverage,
/// the contested ones flagged: "Leverage by actor: Qatar +1.83
/// (contested), Iran +1.45, …".
pub(crate) fn leverage_chart(actors: &[ActorScore]) -> String {
    let bars: Vec<String> = actors
        .iter()
        .map(|a| {
            format!(
                "{} {}{}",
                a.name,
                signed2(a.leverage),
                if a.contested { " (contested)" } else { "" }
            )
        })
        .collect();
    if bars.is_empty() {
        return "Leverage by actor: no actor is scored.".to_owned();
    }
    format!("Leverage by actor: {}.", bars.join(", "))
}

/// The leverage-over-time chart: its span, then each drawn actor's first
/// and last value, and how many actors are left out of it.
pub(crate) fn timeline(
    dates: &[jiff::civil::Date],
    shown: &[&ActorTimeline],
    total: usize,
) -> String {
    let (Some(first), Some(last)) = (dates.first(), dates.last()) else {
        return "Leverage over time: no dates.".to_owned();
    };
    let lines: Vec<String> = shown
        .iter()
        .map(|a| {
            let values: Vec<(usize, f64)> = a
                .leverage
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
                .collect();
            match (values.first(), values.last()) {
                (Some(&(i, only)), Some(&(j, _))) if i == j => format!(
                    "{} {} (on {})",
                    a.name,
                    signed2(only),
                    dates.get(i).map(ToString::to_string).unwrap_or_default()
                ),
                (Some(&(0, from)), Some(&(_, to))) => {
                    format!("{} {} to {}", a.name, signed2(from), signed2(to))
                }
                (Some(&(i, from)), Some(&(_, to))) => format!(
                    "{} {} (from {}) to {}",
                    a.name,
                    signed2(from),
                    dates.get(i).map(ToString::to_string).unwrap_or_default(),
                    signed2(to)
                ),
                _ => format!("{} not scored", a.name),
            }
        })
        .collect();
    let mut text = format!(
        "Leverage over time, weekly from {first} to {last}: {}.",
        lines.join("; ")
    );
    if total > shown.len() {
        text.push_str(&format!(
            " The {} top-ranked of {total} actors are shown.",
            shown.len()
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Trend;

    fn actor(name: &str, leverage: f64, contested: bool) -> ActorScore {
        ActorScore {
            name: name.to_owned(),
            leverage,
            stakes: 1.0,
            range: 0,
            contested,
            trend: Trend::Flat,
            notes: 1,
        }
    }

    #[test]
    fn the_bar_chart_says_every_actor_its_leverage_and_its_flag() {
        let text = leverage_chart(&[actor("Qatar", 1.83, true), actor("Iran", -1.45, false)]);
        assert_eq!(
            text,
            "Leverage by actor: Qatar +1.83 (contested), Iran −1.45."
        );
    }

    #[test]
    fn the_line_chart_says_each_actors_first_and_last_value() {
        let date = |d: &str| d.parse::<jiff::civil::Date>().expect("a date");
        let dates = [date("2026-11-05"), date("2026-11-12"), date("2026-11-19")];
        let shown = [
            ActorTimeline {
                name: "Iran".to_owned(),
                leverage: vec![Some(0.5), Some(1.0), Some(1.45)],
            },
            ActorTimeline {
                name: "Qatar".to_owned(),
                leverage: vec![None, Some(2.0), Some(1.83)],
            },
        ];
        assert_eq!(
            timeline(&dates, &[&shown[0], &shown[1]], 3),
            "Leverage over time, weekly from 2026-11-05 to 2026-11-19: Iran +0.50 to +1.45; \
             Qatar +2.00 (from 2026-11-12) to +1.83. The 2 top-ranked of 3 actors are shown."
        );
    }
}
