//! Tables: column widths shared fairly, one unit per row (cut where a
//! row is taller than a page), the header row kept for repeating.

use super::block::{Align, Para, Rgb, Span, Spark, Table};
use super::chart::{SPARK_H, SPARK_W, spark_items};
use super::flow::split_unit;
use super::inline::Word;
use super::layouter::Layouter;
use super::unit::{Item, Unit};

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

impl Layouter<'_, '_> {
    /// Column widths: natural widths when they fit, else each column its
    /// longest word plus a share of the rest in proportion to its need.
    fn column_widths(&mut self, table: &Table, width: f32) -> Vec<f32> {
        let n = table.columns.len().max(1);
        let mut natural = vec![0.0f32; n];
        let mut minimum = vec![0.0f32; n];
        if let Some(sparks) = &table.sparks
            && sparks.rows.iter().any(Option::is_some)
            && let Some(c) = natural.get_mut(sparks.column)
        {
            *c = SPARK_W + 2.0 * CELL_PAD_X;
            minimum[sparks.column] = *c;
        }
        for row in std::iter::once(&table.header).chain(table.rows.iter()) {
            for (c, cell) in row.iter().enumerate().take(n) {
                let (words, _) = self.words(cell);
                let total: f32 = words.iter().map(Word::width).sum();
                let longest = words.iter().map(Word::content_width).fold(0.0f32, f32::max);
                natural[c] = natural[c].max(total + 2.0 * CELL_PAD_X);
                minimum[c] = minimum[c].max(longest.min(width / 3.0) + 2.0 * CELL_PAD_X);
            }
        }
        let sum_natural: f32 = natural.iter().sum();
        if sum_natural <= width {
            let extra = width - sum_natural;
            // Spread the spare room evenly over the columns.
            return natural.iter().map(|w| w + extra / n as f32).collect();
        }
        // Max-min fairness: a column that needs less than an even share of
        // the room left gets what it needs; the others share the rest in
        // proportion to their natural widths, never below their longest word.
        let mut widths: Vec<Option<f32>> = vec![None; n];
        loop {
            let free: Vec<usize> = (0..n).filter(|&c| widths[c].is_none()).collect();
            if free.is_empty() {
                break;
            }
            let used: f32 = widths.iter().flatten().sum();
            let remaining = (width - used).max(0.0);
            let share = remaining / free.len() as f32;
            let mut fixed = false;
            for &c in &free {
                if natural[c] <= share {
                    widths[c] = Some(natural[c]);
                    fixed = true;
                }
            }
            if !fixed {
                let total: f32 = free.iter().map(|&c| natural[c]).sum::<f32>().max(0.001);
                for &c in &free {
                    widths[c] = Some((remaining * natural[c] / total).max(minimum[c]));
                }
                break;
            }
        }
        let widths: Vec<f32> = widths.into_iter().map(|w| w.unwrap_or(0.0)).collect();
        let sum: f32 = widths.iter().sum::<f32>().max(0.001);
        if sum > width {
            widths.iter().map(|w| w * width / sum).collect()
        } else {
            widths
        }
    }

    pub(super) fn table(&mut self, table: &Table) {
        if table.columns.is_empty() {
            return;
        }
        let left = self.geometry.left + table.indent;
        let width = self.geometry.body_width() - table.indent;
        let widths = self.column_widths(table, width);
        let header = self.row_unit(table, &table.header, None, &widths, left, true);
        let header_index = self.laid.headers.len();
        let mut first = header.clone();
        first.space_before = table.space_before;
        first.keep_with_next = true;
        // The top rule.
        self.laid.headers.push(header);
        self.laid.units.push(first);
        let count = table.rows.len();
        for (i, row) in table.rows.iter().enumerate() {
            let spark = table.sparks.as_ref().and_then(|sparks| {
                let spark = sparks.rows.get(i)?.as_ref()?;
                Some((sparks.column, spark))
            });
            let unit = self.row_unit(table, row, spark, &widths, left, false);
            let body = self.geometry.body_height() - 40.0;
            let mut parts = if unit.height > body {
                split_unit(unit, body)
            } else {
                vec![unit]
            };
            let parts_len = parts.len();
            for (j, part) in parts.iter_mut().enumerate() {
                part.header = Some(header_index);
                part.keep_with_next = (i == 0 && count > 1 && j + 1 == parts_len)
                    || (count > 2 && i + 2 == count && j + 1 == parts_len);
                if i + 1 == count && j + 1 == parts_len {
                    part.items.push(Item::Line {
                        x1: left,
                        y1: part.height,
                        x2: left + width,
                        y2: part.height,
                        width: 0.8,
                        color: Rgb::RULE,
                        dash: false,
                    });
                }
            }
            self.laid.units.extend(parts);
        }
    }

    fn row_unit(
        &mut self,
        table: &Table,
        cells: &[Vec<Span>],
        spark: Option<(usize, &Spark)>,
        widths: &[f32],
        left: f32,
        header: bool,
    ) -> Unit {
        let mut unit = Unit::default();
        let mut x = left;
        let mut height = 0.0f32;
        for (c, w) in widths.iter().enumerate() {
            if let Some((column, spark)) = spark
                && column == c
            {
                // Centred on the first line of text, like the cells around it.
                let mid = CELL_PAD_Y + table.size * 1.35 / 2.0;
                spark_items(&mut unit, spark, x + CELL_PAD_X, mid - SPARK_H / 2.0);
                height = height.max(mid + SPARK_H / 2.0 + CELL_PAD_Y);
                x += w;
                continue;
            }
            let spans = cells.get(c).cloned().unwrap_or_default();
            let align = table.columns.get(c).map_or(Align::Start, |col| col.align);
            let mut para = Para::new(spans, table.size * 1.35);
            para.align = align;
            let lines = self.para_units(&para, x + CELL_PAD_X, w - 2.0 * CELL_PAD_X);
            let mut y = CELL_PAD_Y;
            for line in lines {
                for mut item in line.items {
                    item.shift(y);
                    unit.items.push(item);
                }
                y += line.height;
            }
            height = height.max(y + CELL_PAD_Y);
            x += w;
        }
        unit.height = height;
        let right = left + widths.iter().sum::<f32>();
        if header {
            unit.items.push(Item::Line {
                x1: left,
                y1: 0.0,
                x2: right,
                y2: 0.0,
                width: 0.8,
                color: Rgb::RULE,
                dash: false,
            });
            unit.items.push(Item::Line {
                x1: left,
                y1: height,
                x2: right,
                y2: height,
                width: 0.5,
                color: Rgb::RULE,
                dash: false,
            });
        } else {
            unit.items.push(Item::Line {
                x1: left,
                y1: height,
                x2: right,
                y2: height,
                width: 0.3,
                color: Rgb::HAIRLINE,
                dash: false,
            });
        }
        unit
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::{Align, Block, Column, Span, Table};
    use super::super::testing::{body, lay};
    use super::*;

    #[test]
    fn tables_repeat_their_header_on_every_page() {
        let cell = |t: &str| vec![Span::new(t, body(8.0))];
        let table = Table {
            columns: vec![
                Column {
                    align: Align::Start,
                },
                Column { align: Align::End },
            ],
            header: vec![cell("Name"), cell("Value")],
            rows: (0..300)
                .map(|i| vec![cell(&format!("row {i}")), cell(&i.to_string())])
                .collect(),
            size: 8.0,
            indent: 0.0,
            space_before: 0.0,
            sparks: None,
        };
        let (out, _) = lay(&[Block::Table(table)]);
        assert!(out.pages.len() >= 5);
        for page in &out.pages {
            let first = page.items.iter().find_map(|item| match item {
                Item::Text { run, .. } => Some(run.text.to_string()),
                _ => None,
            });
            assert_eq!(first.as_deref(), Some("Name"));
        }
    }
}
