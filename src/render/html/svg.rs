//! Chart geometry for the SVGs the templates draw: the leverage bar chart,
//! each actor's sparkline and the leverage-over-time chart. Positions are
//! rounded to a tenth of a pixel so the markup is stable; labels are plain
//! text, escaped by the template.

use serde::Serialize;

use crate::model::{ActorTimeline, Brief};
use crate::render::format::{TOP_ACTORS_IN_CHART, short_date, signed_whole, signed2};

/// The leverage bar chart's geometry: bars left (loss) and right (gain) of
/// a zero line on a fixed −5..5 scale, one row per ranked actor.
#[derive(Debug, Serialize)]
pub(super) struct Chart {
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
    pub(super) fn new(brief: &Brief) -> Chart {
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
        let description = brief
            .actors
            .iter()
            .map(|a| {
                format!(
                    "{} {}{}",
                    a.name,
                    signed2(a.leverage),
                    if a.contested { " (contested)" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
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
pub(super) struct Sparkline {
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
    pub(super) fn new(brief: &Brief, name: &str) -> Option<Sparkline> {
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
            points: points
                .iter()
                .map(|&(i, v)| format!("{},{}", round1(x(i)), round1(y(v))))
                .collect::<Vec<_>>()
                .join(" "),
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

/// Leverage over time: one line per top-ranked actor, a week per step.
#[derive(Debug, Serialize)]
pub(super) struct TimelineChart {
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
    legend_y: u32,
    description: String,
    /// "Top 6 of 9 actors shown", when some are left out.
    omitted: Option<String>,
}

#[derive(Debug, Serialize)]
struct TimelineLine {
    name: String,
    class: String,
    points: String,
    last_x: f64,
    last_y: f64,
    legend_x: u32,
    legend_y: u32,
}

const TIMELINE_WIDTH: u32 = 640;
const TIMELINE_PLOT_HEIGHT: u32 = 200;

impl TimelineChart {
    pub(super) fn new(brief: &Brief) -> Option<TimelineChart> {
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
        let (low, high) = value_range(
            shown
                .iter()
                .flat_map(|a| a.leverage.iter().flatten().copied())
                .chain([0.0]),
            2.0,
        );
        let (low, high) = (low.floor(), high.ceil());
        let (left, right, top) = (44.0, f64::from(TIMELINE_WIDTH) - 28.0, 10.0);
        let bottom = top + f64::from(TIMELINE_PLOT_HEIGHT);
        let count = dates.len();
        let x = |i: usize| left + (right - left) * i as f64 / (count - 1) as f64;
        let y = |v: f64| top + (bottom - top) * (high - v) / (high - low);
        let step = ((high - low) / 5.0).ceil().max(1.0);
        let mut y_ticks = Vec::new();
        let mut value = low;
        while value <= high + 1e-9 {
            y_ticks.push(Tick {
                x: round1(y(value)),
                label: signed_whole(value),
            });
            value += step;
        }
        // About six date labels, always the first and the last.
        let every = count.div_ceil(6).max(1);
        let x_ticks = (0..count)
            .filter(|i| (count - 1 - i).is_multiple_of(every))
            .map(|i| Tick {
                x: round1(x(i)),
                label: short_date(dates[i]),
            })
            .collect();
        let legend_top = bottom as u32 + 34;
        let lines: Vec<TimelineLine> = shown
            .iter()
            .enumerate()
            .filter_map(|(index, actor)| {
                let points: Vec<(usize, f64)> = actor
                    .leverage
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (i, v)))
                    .collect();
                let &(last_i, last_v) = points.last()?;
                let column = u32::try_from(index % 3).unwrap_or(0);
                let row = u32::try_from(index / 3).unwrap_or(0);
                Some(TimelineLine {
                    name: truncate(&actor.name, 24),
                    class: format!("series-{index}"),
                    points: points
                        .iter()
                        .map(|&(i, v)| format!("{},{}", round1(x(i)), round1(y(v))))
                        .collect::<Vec<_>>()
                        .join(" "),
                    last_x: round1(x(last_i)),
                    last_y: round1(y(last_v)),
                    legend_x: 44 + column * 200,
                    legend_y: legend_top + row * 18,
                })
            })
            .collect();
        let rows = u32::try_from(lines.len().div_ceil(3)).unwrap_or(1);
        let description = shown
            .iter()
            .map(|a| {
                let values: Vec<String> = a
                    .leverage
                    .iter()
                    .map(|v| v.map_or("–".to_owned(), signed2))
                    .collect();
                format!("{}: {}", a.name, values.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let total = brief.timeline.actors.len();
        Some(TimelineChart {
            width: TIMELINE_WIDTH,
            height: legend_top + rows * 18,
            left,
            right,
            top,
            bottom,
            y_ticks,
            x_ticks,
            zero_y: (low < 0.0 && high > 0.0).then(|| round1(y(0.0))),
            lines,
            legend_y: legend_top,
            description: format!(
                "Weekly weighted leverage from {} to {}. {description}",
                dates[0],
                dates[count - 1]
            ),
            omitted: (total > TOP_ACTORS_IN_CHART).then(|| {
                format!("The {TOP_ACTORS_IN_CHART} top-ranked of {total} actors are shown.")
            }),
        })
    }
}
