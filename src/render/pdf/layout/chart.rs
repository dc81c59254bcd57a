//! Figures: the leverage bar chart (one unit per bar), the timeline line
//! chart (one unit; its axis, parting and end labels by the rules in
//! `render::linechart` that the HTML's follows too), and the sparklines
//! drawn in table cells.

use super::super::fonts::Family;
use super::block::{Align, Chart, LineChart, Para, Rgb, Span, Spark, Style};
use super::layouter::Layouter;
use super::unit::{Item, PathOp, Unit};
use crate::render::format::signed_whole;
use crate::render::linechart::{parting, spread, value_axis};

/// Width and height of a sparkline in a table cell.
pub(super) const SPARK_W: f32 = 44.0;
pub(super) const SPARK_H: f32 = 9.0;

impl Layouter<'_, '_> {
    pub(super) fn chart(&mut self, chart: &Chart) {
        const ROW: f32 = 17.0;
        const BAR: f32 = 10.0;
        let left = self.geometry.left;
        let width = self.geometry.body_width();
        let label_w = (width * 0.32).min(170.0);
        let plot_left = left + label_w + 30.0;
        let plot_right = left + width - 30.0;
        let scale = (plot_right - plot_left) / 10.0;
        let zero = plot_left + 5.0 * scale;
        let label_style = Style::new(Family::Sans, 8.0);
        let value_style = Style::new(Family::Sans, 7.5).color(Rgb::MUTED);
        let gain = Rgb(0.16, 0.47, 0.33);
        let loss = Rgb(0.72, 0.22, 0.2);
        let grid = |unit: &mut Unit, h: f32| {
            for t in -5..=5 {
                let x = zero + t as f32 * scale;
                unit.items.push(Item::Line {
                    x1: x,
                    y1: 0.0,
                    x2: x,
                    y2: h,
                    width: if t == 0 { 0.9 } else { 0.3 },
                    color: if t == 0 { Rgb::TEXT } else { Rgb::HAIRLINE },
                    dash: false,
                });
            }
        };
        let count = chart.bars.len();
        for (i, bar) in chart.bars.iter().enumerate() {
            let mut unit = Unit {
                height: ROW,
                space_before: if i == 0 { chart.space_before } else { 0.0 },
                keep_with_next: true,
                ..Unit::default()
            };
            if i == 0 {
                unit.height += 4.0;
            }
            let top = if i == 0 { 4.0 } else { 0.0 };
            let h = unit.height;
            grid(&mut unit, h);
            let value = if bar.value.is_finite() {
                bar.value.clamp(-5.0, 5.0) as f32
            } else {
                0.0
            };
            let length = (value.abs() * scale).max(1.0);
            let bx = if value >= 0.0 { zero } else { zero - length };
            let by = top + (ROW - BAR) / 2.0;
            let colour = if value >= 0.0 { gain } else { loss };
            if bar.contested {
                // Hatched: a pale fill and a dashed outline in the bar colour.
                let pale = Rgb(
                    1.0 - (1.0 - colour.0) * 0.35,
                    1.0 - (1.0 - colour.1) * 0.35,
                    1.0 - (1.0 - colour.2) * 0.35,
                );
                unit.items.push(Item::Rect {
                    x: bx,
                    y: by,
                    w: length,
                    h: BAR,
                    fill: pale,
                });
                for (x1, y1, x2, y2) in [
                    (bx, by, bx + length, by),
                    (bx, by + BAR, bx + length, by + BAR),
                    (bx, by, bx, by + BAR),
                    (bx + length, by, bx + length, by + BAR),
                ] {
                    unit.items.push(Item::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width: 0.8,
                        color: colour,
                        dash: true,
                    });
                }
            } else {
                unit.items.push(Item::Rect {
                    x: bx,
                    y: by,
                    w: length,
                    h: BAR,
                    fill: colour,
                });
            }
            // The label, right-aligned before the plot, cut to one line.
            let label = if bar.contested {
                format!("{} (contested)", bar.label)
            } else {
                bar.label.clone()
            };
            let mut label_para = Para::new(vec![Span::new(label, label_style.clone())], ROW);
            label_para.align = Align::End;
            let label_units = self.para_units(&label_para, left, label_w);
            if let Some(first) = label_units.into_iter().next() {
                for mut item in first.items {
                    item.shift(top);
                    unit.items.push(item);
                }
            }
            let value_para = Para::new(
                vec![Span::new(bar.value_text.clone(), value_style.clone())],
                ROW,
            );
            let value_units = self.para_units(&value_para, 0.0, 60.0);
            if let Some(first) = value_units.into_iter().next() {
                let w: f32 = first
                    .items
                    .iter()
                    .filter_map(|it| match it {
                        Item::Text { run, size, .. } => {
                            Some(run.advance * size / self.shaper.fonts.units_per_em(run.face))
                        }
                        _ => None,
                    })
                    .sum();
                let vx = if value >= 0.0 {
                    bx + length + 3.0
                } else {
                    bx - 3.0 - w
                };
                for mut item in first.items {
                    if let Item::Text { x, .. } = &mut item {
                        *x += vx;
                    }
                    item.shift(top);
                    unit.items.push(item);
                }
            }
            if i + 1 == count {
                unit.keep_with_next = true;
            }
            self.laid.units.push(unit);
        }
        if count > 0 {
            // The scale under the bars.
            let mut unit = Unit {
                height: 14.0,
                ..Unit::default()
            };
            for t in [-5i32, 0, 5] {
                let label = signed_whole(f64::from(t));
                let x = zero + t as f32 * scale;
                let mut para = Para::new(vec![Span::new(label, value_style.clone())], 14.0);
                para.align = Align::Center;
                if let Some(first) = self.para_units(&para, x - 20.0, 40.0).into_iter().next() {
                    unit.items.extend(first.items);
                }
            }
            self.laid.units.push(unit);
        }
    }

    /// The timeline as one unit: a grid with signed whole-number ticks
    /// over an axis padded beyond the data, a line per series (segments
    /// between consecutive scored weeks, parted where series are equal) with
    /// a mark on every point, the series' names at their lines' ends, and
    /// date labels.
    pub(super) fn line_chart(&mut self, chart: &LineChart) {
        const PLOT: f32 = 150.0;
        /// Room right of the plot for the names at the lines' ends.
        const LABELS: f32 = 84.0;
        /// How far apart equal series are set: a line and a gap.
        const PARTING: f32 = 2.2;
        const LABEL_GAP: f32 = 9.0;
        let count = chart.dates.len();
        if count < 2 || chart.series.is_empty() {
            return;
        }
        let left = self.geometry.left;
        let width = self.geometry.body_width();
        let plot_left = left + 26.0;
        let plot_right = left + width - LABELS;
        let top = 6.0;
        let bottom = top + PLOT;
        let axis = value_axis(
            chart
                .series
                .iter()
                .flat_map(|s| s.values.iter().flatten().copied()),
        );
        let x = |i: usize| plot_left + (plot_right - plot_left) * i as f32 / (count - 1) as f32;
        let y = |v: f64| top + PLOT * ((axis.high - v) / (axis.high - axis.low)) as f32;
        let tick_style = Style::new(Family::Sans, 7.0).color(Rgb::MUTED);
        let mut unit = Unit {
            height: bottom + 16.0,
            space_before: chart.space_before,
            ..Unit::default()
        };
        for &value in &axis.ticks {
            let ty = y(value);
            unit.items.push(Item::Line {
                x1: plot_left,
                y1: ty,
                x2: plot_right,
                y2: ty,
                width: if value == 0.0 { 0.8 } else { 0.3 },
                color: if value == 0.0 {
                    Rgb::TEXT
                } else {
                    Rgb::HAIRLINE
                },
                dash: false,
            });
            let label = signed_whole(value);
            let mut para = Para::new(vec![Span::new(label, tick_style.clone())], 9.0);
            para.align = Align::End;
            if let Some(first) = self.para_units(&para, left, 22.0).into_iter().next() {
                for mut item in first.items {
                    item.shift(ty - 6.0);
                    unit.items.push(item);
                }
            }
        }
        for (i, label) in chart.dates.iter().enumerate() {
            if label.is_empty() {
                continue;
            }
            let tx = x(i);
            unit.items.push(Item::Line {
                x1: tx,
                y1: bottom,
                x2: tx,
                y2: bottom + 3.0,
                width: 0.5,
                color: Rgb::RULE,
                dash: false,
            });
            let mut para = Para::new(vec![Span::new(label.clone(), tick_style.clone())], 9.0);
            para.align = Align::Center;
            if let Some(first) = self.para_units(&para, tx - 30.0, 60.0).into_iter().next() {
                for mut item in first.items {
                    item.shift(bottom + 3.0);
                    unit.items.push(item);
                }
            }
        }
        let values: Vec<&[Option<f64>]> =
            chart.series.iter().map(|s| s.values.as_slice()).collect();
        let parting = parting(&values);
        let lines: Vec<Vec<(f32, f32)>> = chart
            .series
            .iter()
            .zip(&parting)
            .map(|(series, offsets)| {
                series
                    .values
                    .iter()
                    .zip(offsets)
                    .enumerate()
                    .filter_map(|(i, (v, offset))| {
                        v.filter(|v| v.is_finite())
                            .map(|v| (x(i), y(v) + *offset as f32 * PARTING))
                    })
                    .collect()
            })
            .collect();
        for (series, points) in chart.series.iter().zip(&lines) {
            for pair in points.windows(2) {
                unit.items.push(Item::Line {
                    x1: pair[0].0,
                    y1: pair[0].1,
                    x2: pair[1].0,
                    y2: pair[1].1,
                    width: 1.4,
                    color: series.color,
                    dash: series.dash,
                });
            }
            let last = points.len().saturating_sub(1);
            for (k, &(px, py)) in points.iter().enumerate() {
                let radius = if k == last { 2.2 } else { 1.5 };
                unit.items.push(dot(px, py, radius, series.color));
            }
        }
        // The names at the lines' ends, pushed apart where ends are close.
        let ends: Vec<(usize, f32)> = lines
            .iter()
            .enumerate()
            .filter_map(|(s, points)| points.last().map(|&(_, py)| (s, py)))
            .collect();
        let wanted: Vec<f64> = ends.iter().map(|&(_, py)| f64::from(py)).collect();
        let placed = spread(
            &wanted,
            f64::from(LABEL_GAP),
            f64::from(top + LABEL_GAP / 2.0),
            f64::from(bottom),
        );
        for (&(s, _), &label_y) in ends.iter().zip(&placed) {
            let Some(series) = chart.series.get(s) else {
                continue;
            };
            let style = Style::new(Family::Sans, 7.0).color(series.color);
            let para = Para::new(vec![Span::new(end_label(&series.label), style)], LABEL_GAP);
            if let Some(first) = self
                .para_units(&para, plot_right + 5.0, LABELS - 5.0)
                .into_iter()
                .next()
            {
                // Centred on the line's end (the line box's middle).
                let shift = label_y as f32 - first.height / 2.0;
                for mut item in first.items {
                    item.shift(shift);
                    unit.items.push(item);
                }
            }
        }
        self.laid.units.push(unit);
    }
}

/// The most characters of a series' name at its line's end; a longer one
/// ends in an ellipsis.
const END_LABEL_CHARS: usize = 20;

fn end_label(name: &str) -> String {
    if name.chars().count() <= END_LABEL_CHARS {
        return name.to_owned();
    }
    let cut: String = name.chars().take(END_LABEL_CHARS - 1).collect();
    format!("{}…", cut.trim_end())
}

/// A filled circle: four Bézier quarters.
fn dot(cx: f32, cy: f32, r: f32, fill: Rgb) -> Item {
    // The control-point distance that makes a quarter circle.
    let k = r * 0.552_284_8;
    Item::Path {
        ops: vec![
            PathOp::Move(cx + r, cy),
            PathOp::Cubic(cx + r, cy + k, cx + k, cy + r, cx, cy + r),
            PathOp::Cubic(cx - k, cy + r, cx - r, cy + k, cx - r, cy),
            PathOp::Cubic(cx - r, cy - k, cx - k, cy - r, cx, cy - r),
            PathOp::Cubic(cx + k, cy - r, cx + r, cy - k, cx + r, cy),
            PathOp::Close,
        ],
        fill,
    }
}

/// The lines and dot of `spark`, its box's top left at (`left`, `top`).
pub(super) fn spark_items(unit: &mut Unit, spark: &Spark, left: f32, top: f32) {
    let points: Vec<(usize, f64)> = spark
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v)))
        .collect();
    let count = spark.values.len();
    if count < 2 || points.len() < 2 {
        return;
    }
    let (low, high) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &(_, v)| {
            (l.min(v), h.max(v))
        });
    // At least one unit of leverage tall, so a flat line stays flat.
    let mid = (low + high) / 2.0;
    let (low, high) = if high - low < 1.0 {
        (mid - 0.5, mid + 0.5)
    } else {
        (low, high)
    };
    let x = |i: usize| left + SPARK_W * i as f32 / (count - 1) as f32;
    let y = |v: f64| top + SPARK_H * ((high - v) / (high - low)) as f32;
    if low < 0.0 && high > 0.0 {
        unit.items.push(Item::Line {
            x1: left,
            y1: y(0.0),
            x2: left + SPARK_W,
            y2: y(0.0),
            width: 0.3,
            color: Rgb::RULE,
            dash: false,
        });
    }
    for pair in points.windows(2) {
        let ((i1, v1), (i2, v2)) = (pair[0], pair[1]);
        unit.items.push(Item::Line {
            x1: x(i1),
            y1: y(v1),
            x2: x(i2),
            y2: y(v2),
            width: 0.8,
            color: spark.color,
            dash: false,
        });
    }
    if let Some(&(i, v)) = points.last() {
        unit.items.push(Item::Rect {
            x: x(i) - 1.2,
            y: y(v) - 1.2,
            w: 2.4,
            h: 2.4,
            fill: spark.color,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::{Block, Series};
    use super::super::testing::{lay, text_extents};
    use super::*;
    use crate::render::pdf::fonts::Fonts;

    #[test]
    fn equal_series_are_parted_marked_and_named_at_their_ends() {
        let series = |label: &str, color| Series {
            label: label.to_owned(),
            values: vec![None, Some(1.0), Some(1.0), Some(3.0)],
            color,
            dash: false,
        };
        let chart = LineChart {
            dates: vec![
                "1 Nov".into(),
                String::new(),
                String::new(),
                "22 Nov".into(),
            ],
            series: vec![
                series("Qatar", Rgb(0.1, 0.3, 0.5)),
                series("Oman", Rgb(0.4, 0.3, 0.6)),
                series("The Islamic Revolutionary Guard Corps", Rgb(0.7, 0.5, 0.1)),
            ],
            space_before: 0.0,
            alt: String::new(),
            tag: Default::default(),
        };
        let (out, g) = lay(&[Block::LineChart(chart)]);
        let page = &out.pages[0];
        // A dot on every point of every line, none on another.
        let dots: Vec<(f32, f32)> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Path { ops, .. } => match ops.first() {
                    Some(PathOp::Move(x, y)) => Some((*x, *y)),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        assert_eq!(dots.len(), 9);
        for (i, a) in dots.iter().enumerate() {
            for b in &dots[i + 1..] {
                assert!(
                    (a.0 - b.0).abs() > 0.1 || (a.1 - b.1).abs() >= 2.0,
                    "{a:?} {b:?}"
                );
            }
        }
        // The names right of the plot, one under another, inside the page.
        let fonts = Fonts::load().expect("fonts");
        let right_of_plot = g.width - g.right - 84.0;
        let mut names: Vec<(f32, f32, f32)> = text_extents(page, &fonts)
            .into_iter()
            .filter(|(x1, _, _)| *x1 > right_of_plot)
            .collect();
        names.sort_by(|a, b| a.2.total_cmp(&b.2));
        let baselines: std::collections::BTreeSet<i32> =
            names.iter().map(|n| n.2.round() as i32).collect();
        assert_eq!(baselines.len(), 3, "{names:?}");
        for pair in baselines.iter().collect::<Vec<_>>().windows(2) {
            assert!(pair[1] - pair[0] >= 8, "{baselines:?}");
        }
        assert!(
            names.iter().all(|n| n.1 <= g.width - g.right + 0.5),
            "{names:?}"
        );
        let words: String = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text { run, .. } => Some(run.text.to_string()),
                _ => None,
            })
            .collect();
        assert!(words.contains("Oman") && words.contains('…'), "{words}");
    }
}
