//! Chart geometry for the SVGs the templates draw: the leverage bar chart,
//! each actor's sparkline and the leverage-over-time chart. Positions are
//! rounded to a tenth of a pixel so the markup is stable; labels are plain
//! text, escaped by the template.

use serde::Serialize;

use crate::model::{ActorTimeline, Brief};
use crate::render::format::{TOP_ACTORS_IN_CHART, short_date, signed_whole, signed2};
use crate::render::linechart::{parting, spread, value_axis};

/// The leverage bar chart's geometry: bars left (loss) and right (gain) of
/// a zero line on a fixed −5..5 scale, one row per ranked actor.
#[derive(Debug, Serialize)]
pub(crate) struct Chart {
    width: u32,
    height: u32,
    top: u32,
    bottom: u32,
    zero_x: f64,
    label_x: u32,
    tick_label_y: u32,
    ticks: Vec<Tick>,
    bars: Vec<Bar>,
    description: String,
}

#[derive(Debug, Serialize)]
struct Tick {
    x: f64,
    label: String,
}

#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    title: String,
    class: &'static str,
    x: f64,
    y: u32,
    width: f64,
    height: u32,
    text_y: u32,
    value: String,
    value_x: f64,
    value_anchor: &'static str,
}

const CHART_WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 190;
const ROW: u32 = 26;
const BAR: u32 = 16;
const TOP: u32 = 8;
const PLOT_PAD: u32 = 36;

impl Chart {
    pub(crate) fn new(brief: &Brief) -> Chart {
        let plot_left = f64::from(LABEL_WIDTH + PLOT_PAD);
        let plot_right = f64::from(CHART_WIDTH - PLOT_PAD);
        let scale = (plot_right - plot_left) / 10.0;
        let zero_x = plot_left + 5.0 * scale;
        let rows = u32::try_from(brief.actors.len()).unwrap_or(u32::MAX / ROW);
        let bottom = TOP + rows.saturating_mul(ROW);
        let bars = brief
            .actors
            .iter()
            .zip(0u32..)
            .map(|(actor, row)| {
                let value = actor.leverage.clamp(-5.0, 5.0);
                let length = (value.abs() * scale).max(1.0);
                let positive = value >= 0.0;
                let x = if positive { zero_x } else { zero_x - length };
                let y = TOP + row * ROW + (ROW - BAR) / 2;
                Bar {
                    label: if actor.contested {
                        format!("⚑ {}", truncate(&actor.name, 26))
                    } else {
                        truncate(&actor.name, 28)
                    },
                    title: format!(
                        "{}: leverage {}{}",
                        actor.name,
                        signed2(actor.leverage),
                        if actor.contested { ", contested" } else { "" }
                    ),
                    class: if actor.contested {
                        if positive {
                            "bar-gain bar-contested"
                        } else {
                            "bar-loss bar-contested"
                        }
                    } else if positive {
                        "bar-gain"
                    } else {
                        "bar-loss"
                    },
                    x: round1(x),
                    y,
                    width: round1(length),
                    height: BAR,
                    text_y: y + BAR - 4,
                    value: signed2(actor.leverage),
                    value_x: round1(if positive { x + length + 4.0 } else { x - 4.0 }),
                    value_anchor: if positive { "start" } else { "end" },
                }
            })
            .collect();
        let ticks = (-5..=5)
            .map(|t: i32| Tick {
                x: round1(zero_x + f64::from(t) * scale),
                // Labelled at −5, 0 and +5 only.
                label: if t % 5 == 0 {
                    signed_whole(f64::from(t))
                } else {
                    String::new()
                },
            })
            .collect();
        let description = crate::render::alt::leverage_chart(&brief.actors);
        Chart {
            width: CHART_WIDTH,
            height: bottom + 22,
            top: TOP,
            bottom,
            zero_x: round1(zero_x),
            label_x: LABEL_WIDTH,
            tick_label_y: bottom + 16,
            ticks,
            bars,
            description,
        }
    }
}

fn round1(value: f64) -> f64 {
    if value.is_finite() {
        (value * 10.0).round() / 10.0
    } else {
        0.0
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

/// A small line of one actor's weekly leverage for the actor table.
#[derive(Debug, Serialize)]
pub(crate) struct Sparkline {
    width: u32,
    height: u32,
    points: String,
    last_x: f64,
    last_y: f64,
    /// The zero line, when zero is within the drawn range.
    zero_y: Option<f64>,
    /// What it shows, in words (its accessible name).
    label: String,
}

const SPARK_WIDTH: u32 = 88;
const SPARK_HEIGHT: u32 = 20;

impl Sparkline {
    pub(crate) fn new(brief: &Brief, name: &str) -> Option<Sparkline> {
        let series = brief.timeline.actors.iter().find(|a| a.name == name)?;
        let points: Vec<(usize, f64)> = series
            .leverage
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        let count = brief.timeline.dates.len();
        if count < 2 || points.len() < 2 {
            return None;
        }
        let (low, high) = value_range(points.iter().map(|p| p.1), 1.0);
        let pad = 2.0;
        let x =
            |i: usize| pad + (f64::from(SPARK_WIDTH) - 2.0 * pad) * i as f64 / (count - 1) as f64;
        let y = |v: f64| pad + (f64::from(SPARK_HEIGHT) - 2.0 * pad) * (high - v) / (high - low);
        let (last_i, last_v) = *points.last()?;
        let (first_i, first_v) = points[0];
        Some(Sparkline {
            width: SPARK_WIDTH,
            height: SPARK_HEIGHT,
            points: polyline(&points, x, y),
            last_x: round1(x(last_i)),
            last_y: round1(y(last_v)),
            zero_y: (low < 0.0 && high > 0.0).then(|| round1(y(0.0))),
            label: format!(
                "{name}: leverage {} on {} to {} on {}",
                signed2(first_v),
                brief
                    .timeline
                    .dates
                    .get(first_i)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                signed2(last_v),
                brief
                    .timeline
                    .dates
                    .get(last_i)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        })
    }
}

/// Low and high bounds around `values`, at least `min_span` apart.
fn value_range(values: impl Iterator<Item = f64>, min_span: f64) -> (f64, f64) {
    let (mut low, mut high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !low.is_finite() || !high.is_finite() {
        return (-1.0, 1.0);
    }
    if high - low < min_span {
        let middle = (high + low) / 2.0;
        low = middle - min_span / 2.0;
        high = middle + min_span / 2.0;
    }
    (low, high)
}

/// Leverage over time: one line per top-ranked actor, a week per step, a
/// dot on every scored week, the actor's name at its line's end. The axis,
/// the parting of equal values and the end labels follow
/// `render::linechart`, as the PDF's chart does.
#[derive(Debug, Serialize)]
pub(crate) struct TimelineChart {
    width: u32,
    height: u32,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    y_ticks: Vec<Tick>,
    /// Dates shown under the axis (`x` is their position).
    x_ticks: Vec<Tick>,
    zero_y: Option<f64>,
    lines: Vec<TimelineLine>,
    description: String,
    /// "Top 6 of 9 actors shown", when some are left out.
    omitted: Option<String>,
}

#[derive(Debug, Serialize)]
struct TimelineLine {
    /// The name as labelled at the line's end (cut with an ellipsis).
    name: String,
    /// The whole name, the line's tooltip.
    title: String,
    class: String,
    points: String,
    /// Every scored week's point.
    dots: Vec<Dot>,
    last_x: f64,
    last_y: f64,
    label_y: f64,
}

#[derive(Debug, Serialize)]
struct Dot {
    x: f64,
    y: f64,
}

const TIMELINE_WIDTH: u32 = 640;
const TIMELINE_PLOT_HEIGHT: u32 = 200;
/// Room right of the plot for the names at the lines' ends.
const TIMELINE_LABELS: f64 = 112.0;
/// How far apart equal series are set, in pixels: a line (2 px) and a gap.
const TIMELINE_PARTING: f64 = 3.0;
/// End labels' least distance apart: a line of 12 px text.
const TIMELINE_LABEL_GAP: f64 = 13.0;

impl TimelineChart {
    pub(crate) fn new(brief: &Brief) -> Option<TimelineChart> {
        let dates = &brief.timeline.dates;
        if dates.len() < 2 || brief.timeline.actors.is_empty() {
            return None;
        }
        let shown: Vec<&ActorTimeline> = brief
            .timeline
            .actors
            .iter()
            .take(TOP_ACTORS_IN_CHART)
            .collect();
        let axis = value_axis(
            shown
                .iter()
                .flat_map(|a| a.leverage.iter().flatten().copied()),
        );
        let (left, right, top) = (44.0, f64::from(TIMELINE_WIDTH) - TIMELINE_LABELS, 10.0);
        let bottom = top + f64::from(TIMELINE_PLOT_HEIGHT);
        let count = dates.len();
        let x = |i: usize| left + (right - left) * i as f64 / (count - 1) as f64;
        let y = |v: f64| top + (bottom - top) * (axis.high - v) / (axis.high - axis.low);
        let y_ticks = axis
            .ticks
            .iter()
            .map(|&value| Tick {
                x: round1(y(value)),
                label: signed_whole(value),
            })
            .collect();
        // About six date labels, always the first and the last.
        let every = count.div_ceil(6).max(1);
        let x_ticks = (0..count)
            .filter(|i| (count - 1 - i).is_multiple_of(every))
            .map(|i| Tick {
                x: round1(x(i)),
                label: short_date(dates[i]),
            })
            .collect();
        let values: Vec<&[Option<f64>]> = shown.iter().map(|a| a.leverage.as_slice()).collect();
        let parting = parting(&values);
        let placed: Vec<(usize, Vec<(f64, f64)>)> = shown
            .iter()
            .zip(&parting)
            .enumerate()
            .filter_map(|(index, (actor, offsets))| {
                let points: Vec<(f64, f64)> = actor
                    .leverage
                    .iter()
                    .zip(offsets)
                    .enumerate()
                    .filter_map(|(i, (v, offset))| {
                        v.filter(|v| v.is_finite())
                            .map(|v| (x(i), y(v) + offset * TIMELINE_PARTING))
                    })
                    .collect();
                (!points.is_empty()).then_some((index, points))
            })
            .collect();
        let ends: Vec<f64> = placed
            .iter()
            .filter_map(|(_, points)| points.last().map(|p| p.1))
            .collect();
        let label_ys = spread(&ends, TIMELINE_LABEL_GAP, top, bottom);
        let lines: Vec<TimelineLine> = placed
            .iter()
            .zip(label_ys)
            .filter_map(|((index, points), label_y)| {
                let actor = shown.get(*index)?;
                let &(last_x, last_y) = points.last()?;
                Some(TimelineLine {
                    name: truncate(&actor.name, 16),
                    title: actor.name.clone(),
                    class: format!("series-{index}"),
                    points: points
                        .iter()
                        .map(|&(px, py)| format!("{},{}", round1(px), round1(py)))
                        .collect::<Vec<_>>()
                        .join(" "),
                    dots: points
                        .iter()
                        .map(|&(px, py)| Dot {
                            x: round1(px),
                            y: round1(py),
                        })
                        .collect(),
                    last_x: round1(last_x),
                    last_y: round1(last_y),
                    label_y: round1(label_y),
                })
            })
            .collect();
        let total = brief.timeline.actors.len();
        Some(TimelineChart {
            width: TIMELINE_WIDTH,
            height: bottom as u32 + 26,
            left,
            right,
            top,
            bottom,
            y_ticks,
            x_ticks,
            zero_y: axis.ticks.contains(&0.0).then(|| round1(y(0.0))),
            lines,
            description: crate::render::alt::timeline(dates, &shown, total),
            omitted: (total > TOP_ACTORS_IN_CHART).then(|| {
                format!("The {TOP_ACTORS_IN_CHART} top-ranked of {total} actors are shown.")
            }),
        })
    }
}

/// An SVG polyline's `points`: each (week, leverage) placed by `x` and `y`.
fn polyline(points: &[(usize, f64)], x: impl Fn(usize) -> f64, y: impl Fn(f64) -> f64) -> String {
    points
        .iter()
        .map(|&(i, v)| format!("{},{}", round1(x(i)), round1(y(v))))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::html::fixture::{actor, brief, with_timeline};

    fn chart_of(actors: Vec<crate::model::ActorScore>) -> Chart {
        let mut brief = brief();
        brief.actors = actors;
        Chart::new(&brief)
    }

    #[test]
    fn bars_share_the_fixed_five_point_scale() {
        let chart = chart_of(vec![
            actor("Full", 5.0, 1.0, false),
            actor("Half", 2.5, 1.0, false),
            actor("Beyond", 7.0, 1.0, false),
            actor("None", 0.0, 1.0, false),
        ]);
        let widths: Vec<f64> = chart.bars.iter().map(|b| b.width).collect();
        let full = widths[0];
        assert_eq!(
            full,
            round1(chart.zero_x - f64::from(LABEL_WIDTH + PLOT_PAD))
        );
        assert_eq!(widths[1] * 2.0, full);
        // Past ±5 a bar stops at the scale's end; its figure is still exact.
        assert_eq!(widths[2], full);
        assert_eq!(chart.bars[2].value, "+7.00");
        // A zero still shows as a sliver, so every ranked actor has a bar.
        assert_eq!(widths[3], 1.0);
    }

    #[test]
    fn a_loss_runs_left_of_the_axis_and_a_gain_right() {
        let chart = chart_of(vec![
            actor("Gainer", 2.0, 1.0, false),
            actor("Loser", -2.0, 1.0, true),
        ]);
        let (gain, loss) = (&chart.bars[0], &chart.bars[1]);
        assert_eq!(gain.x, chart.zero_x);
        assert_eq!((gain.class, gain.value_anchor), ("bar-gain", "start"));
        assert_eq!(round1(loss.x + loss.width), chart.zero_x);
        assert_eq!(
            (loss.class, loss.value_anchor),
            ("bar-loss bar-contested", "end")
        );
        assert!(loss.value_x < loss.x && gain.value_x > gain.x + gain.width);
        assert_eq!(loss.label, "⚑ Loser");
        assert_eq!(loss.title, "Loser: leverage −2.00, contested");
        assert_eq!(
            chart.description,
            "Leverage by actor: Gainer +2.00, Loser −2.00 (contested)."
        );
    }

    #[test]
    fn rows_stack_below_each_other_and_the_axis_is_labelled_at_five_and_zero() {
        let empty = chart_of(Vec::new());
        assert!(empty.bars.is_empty());
        assert_eq!(
            (empty.top, empty.bottom, empty.height),
            (TOP, TOP, TOP + 22)
        );
        let labels: Vec<&str> = empty
            .ticks
            .iter()
            .map(|t| t.label.as_str())
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(labels, ["−5", "0", "+5"]);
        let two = chart_of(vec![
            actor("A", 1.0, 1.0, false),
            actor("B", 1.0, 1.0, false),
        ]);
        assert_eq!(two.bars[1].y - two.bars[0].y, ROW);
        assert_eq!(two.bottom, TOP + 2 * ROW);
    }

    #[test]
    fn a_long_name_is_cut_with_an_ellipsis() {
        let name = "The Islamic Revolutionary Guard Corps Navy";
        let chart = chart_of(vec![actor(name, 1.0, 1.0, false)]);
        assert_eq!(chart.bars[0].label.chars().count(), 28);
        assert!(chart.bars[0].label.ends_with('…'));
        assert!(chart.bars[0].title.starts_with(name));
    }

    #[test]
    fn the_timeline_draws_the_top_six_and_says_how_many_are_left_out() {
        let chart = TimelineChart::new(&with_timeline(brief(), 9)).expect("three weeks");
        assert_eq!(chart.lines.len(), TOP_ACTORS_IN_CHART);
        assert_eq!(chart.lines[0].name, "Actor 0");
        assert_eq!(
            chart.omitted.as_deref(),
            Some("The 6 top-ranked of 9 actors are shown.")
        );
        let dates: Vec<&str> = chart.x_ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(dates, ["6 Nov", "13 Nov", "20 Nov"]);
        // The first week has no score: each line starts at the second.
        assert_eq!(chart.lines[0].points.split(' ').count(), 2);
        let few = TimelineChart::new(&with_timeline(brief(), 3)).expect("three weeks");
        assert_eq!((few.lines.len(), few.omitted), (3, None));
    }

    #[test]
    fn equal_lines_are_parted_every_week_is_marked_and_each_line_named_at_its_end() {
        // Three actors with the same leverage every week.
        let chart = TimelineChart::new(&with_timeline(brief(), 3)).expect("three weeks");
        let mut ends: Vec<f64> = chart.lines.iter().map(|l| l.last_y).collect();
        ends.sort_by(f64::total_cmp);
        for pair in ends.windows(2) {
            assert!(pair[1] - pair[0] >= TIMELINE_PARTING - 0.1, "{ends:?}");
        }
        let mut labels: Vec<f64> = chart.lines.iter().map(|l| l.label_y).collect();
        labels.sort_by(f64::total_cmp);
        for pair in labels.windows(2) {
            assert!(pair[1] - pair[0] >= TIMELINE_LABEL_GAP - 0.1, "{labels:?}");
        }
        for line in &chart.lines {
            assert_eq!(line.dots.len(), 2, "a dot on each scored week");
            assert_eq!(line.name, line.title);
            // Padded: no point on the plot's edge.
            for dot in &line.dots {
                assert!(
                    dot.y > chart.top + 5.0 && dot.y < chart.bottom - 5.0,
                    "{}",
                    dot.y
                );
            }
        }
        assert!(chart.right + TIMELINE_LABELS <= f64::from(TIMELINE_WIDTH));
    }

    #[test]
    fn there_is_no_timeline_without_two_weeks() {
        assert!(TimelineChart::new(&brief()).is_none());
        assert!(Sparkline::new(&brief(), "Iran").is_none());
    }

    #[test]
    fn a_sparkline_ends_at_the_actors_latest_leverage() {
        let brief = with_timeline(brief(), 1);
        let spark = Sparkline::new(&brief, "Actor 0").expect("two scored weeks");
        assert_eq!(
            spark.label,
            "Actor 0: leverage −1.00 on 2026-11-13 to +1.00 on 2026-11-20"
        );
        assert_eq!(spark.last_x, f64::from(SPARK_WIDTH) - 2.0);
        assert!(spark.zero_y.is_some());
        assert!(Sparkline::new(&brief, "Nobody").is_none());
    }
}
