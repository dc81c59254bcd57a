//! Figures: the leverage bar chart (one unit per bar), the timeline line
//! chart (one unit), and the sparklines drawn in table cells.

use super::super::fonts::Family;
use super::block::{Align, Chart, LineChart, Para, Rgb, Span, Spark, Style};
use super::layouter::Layouter;
use super::unit::{Item, Unit};
use crate::render::format::signed_whole;

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

    /// The timeline as one unit: a grid with signed whole-number ticks, a
    /// line per series (segments between consecutive scored weeks), a dot
    /// at each line's end, date labels and a three-column legend.
    pub(super) fn line_chart(&mut self, chart: &LineChart) {
        const PLOT: f32 = 150.0;
        const LEGEND_ROW: f32 = 12.0;
        let count = chart.dates.len();
        if count < 2 || chart.series.is_empty() {
            return;
        }
        let left = self.geometry.left;
        let width = self.geometry.body_width();
        let plot_left = left + 26.0;
        let plot_right = left + width - 16.0;
        let top = 6.0;
        let bottom = top + PLOT;
        let values = chart
            .series
            .iter()
            .flat_map(|s| s.values.iter().flatten().copied())
            .filter(|v| v.is_finite());
        let (mut low, mut high) = values.fold((0.0f64, 0.0f64), |(l, h), v| (l.min(v), h.max(v)));
        if high - low < 2.0 {
            let middle = (high + low) / 2.0;
            low = middle - 1.0;
            high = middle + 1.0;
        }
        let (low, high) = (low.floor(), high.ceil());
        let x = |i: usize| plot_left + (plot_right - plot_left) * i as f32 / (count - 1) as f32;
        let y = |v: f64| top + PLOT * ((high - v) / (high - low)) as f32;
        let tick_style = Style::new(Family::Sans, 7.0).color(Rgb::MUTED);
        let rows = chart.series.len().div_ceil(3);
        let mut unit = Unit {
            height: bottom + 18.0 + rows as f32 * LEGEND_ROW,
            space_before: chart.space_before,
            ..Unit::default()
        };
        let step = ((high - low) / 5.0).ceil().max(1.0);
        let mut value = low;
        while value <= high + 1e-9 {
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
            value += step;
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
        let legend_top = bottom + 18.0;
        let column_width = (plot_right - plot_left) / 3.0;
        let label_style = Style::new(Family::Sans, 7.5);
        for (index, series) in chart.series.iter().enumerate() {
            let points: Vec<(f32, f32)> = series
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (x(i), y(v))))
                .collect();
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
            if let Some(&(lx, ly)) = points.last() {
                unit.items.push(Item::Rect {
                    x: lx - 1.8,
                    y: ly - 1.8,
                    w: 3.6,
                    h: 3.6,
                    fill: series.color,
                });
            }
            let lx = plot_left + (index % 3) as f32 * column_width;
            let ly = legend_top + (index / 3) as f32 * LEGEND_ROW;
            unit.items.push(Item::Line {
                x1: lx,
                y1: ly + 5.0,
                x2: lx + 14.0,
                y2: ly + 5.0,
                width: 1.4,
                color: series.color,
                dash: series.dash,
            });
            let para = Para::new(
                vec![Span::new(series.label.clone(), label_style.clone())],
                LEGEND_ROW,
            );
            if let Some(first) = self
                .para_units(&para, lx + 18.0, column_width - 22.0)
                .into_iter()
                .next()
            {
                for mut item in first.items {
                    item.shift(ly - 2.0);
                    unit.items.push(item);
                }
            }
        }
        self.laid.units.push(unit);
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
