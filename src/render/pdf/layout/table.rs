//! Tables: column widths shared fairly, never below what a column's text
//! needs; a table too wide for the text block is set smaller, down to a
//! floor, and past it split into parts that each repeat the first column.
//! One unit per row (cut where a row is taller than a page), the header row
//! kept for repeating. No cell's text is set wider than its column: a word
//! wider than its column is broken by the line breaker.

use super::super::fonts::Family;
use super::block::{Align, Para, Rgb, Span, Spark, SparkColumn, Style, Table, TableTags, Tag};
use super::chart::{SPARK_H, SPARK_W, spark_items};
use super::flow::split_unit;
use super::inline::Word;
use super::layouter::Layouter;
use super::unit::{Item, Unit};

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

/// The smallest type a table is stepped down to before its columns are
/// split into parts, in points: smaller is hard to read on paper.
pub(super) const FLOOR_SIZE: f32 = 6.5;
/// How far each step down goes.
const SIZE_STEP: f32 = 0.5;

/// What one column's cells hold, measured at the table's own size.
#[derive(Debug, Clone, Copy)]
struct Measure {
    /// The widest cell set on one line.
    natural: f32,
    /// The widest word.
    longest: f32,
    /// A sparkline column's width, which does not scale with the type.
    fixed: Option<f32>,
}

impl Measure {
    /// Natural and minimum widths (padding included) at `scale` times the
    /// table's size, in a text block `width` wide. A column's minimum is its
    /// widest word, but at most a third of the block (a longer word is
    /// broken), so any two columns fit side by side.
    fn widths(self, scale: f32, width: f32) -> (f32, f32) {
        if let Some(fixed) = self.fixed {
            return (fixed, fixed);
        }
        let longest = (self.longest * scale).min(width / 3.0);
        let natural = (self.natural * scale).max(longest);
        (natural + 2.0 * CELL_PAD_X, longest + 2.0 * CELL_PAD_X)
    }
}

/// Widths for columns with these natural and minimum widths in `width`:
/// natural widths when they fit (the spare room spread evenly), else
/// max-min fair shares: a column that needs less than an even share of the
/// room left gets what it needs, the others share the rest in proportion to
/// their natural widths, never below their minimum.
fn share_widths(natural: &[f32], minimum: &[f32], width: f32) -> Vec<f32> {
    let n = natural.len().max(1);
    let sum_natural: f32 = natural.iter().sum();
    if sum_natural <= width {
        let extra = (width - sum_natural) / n as f32;
        return natural.iter().map(|w| w + extra).collect();
    }
    let mut widths: Vec<Option<f32>> = vec![None; natural.len()];
    loop {
        let free: Vec<usize> = (0..natural.len())
            .filter(|&c| widths[c].is_none())
            .collect();
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
    let mut widths: Vec<f32> = widths.into_iter().map(|w| w.unwrap_or(0.0)).collect();
    let sum: f32 = widths.iter().sum();
    if sum <= width {
        return widths;
    }
    // Raising columns to their minimum overshot: take the excess from the
    // columns above their minimum, in proportion to what they have over it.
    let slack: f32 = widths
        .iter()
        .zip(minimum)
        .map(|(w, m)| (w - m).max(0.0))
        .sum();
    let excess = sum - width;
    if slack >= excess && slack > 0.0 {
        for (w, m) in widths.iter_mut().zip(minimum) {
            *w -= (*w - m).max(0.0) * excess / slack;
        }
        return widths;
    }
    // The minimums alone are too wide (the caller splits such tables, so
    // only a degenerate block gets here): scale everything down.
    widths.iter().map(|w| w * width / sum.max(0.001)).collect()
}

/// The columns of each part of a table whose minimum widths are `minimum`:
/// the first column in every part, then as many of the others as fit in
/// `width`, at most `most` of them per part.
fn parts(minimum: &[f32], width: f32, most: usize) -> Vec<Vec<usize>> {
    let Some((&first, _)) = minimum.split_first() else {
        return Vec::new();
    };
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut current = vec![0];
    let mut used = first;
    for (c, &w) in minimum.iter().enumerate().skip(1) {
        let full = current.len() > most || used + w > width + 0.01;
        if full && current.len() > 1 {
            parts.push(std::mem::replace(&mut current, vec![0]));
            used = first;
        }
        current.push(c);
        used += w;
    }
    if current.len() > 1 || parts.is_empty() {
        parts.push(current);
    }
    parts
}

/// "Part 2 of 3: columns 1 and 9–15 of 20".
fn part_caption(index: usize, count: usize, columns: &[usize], total: usize) -> String {
    let from = columns.get(1).map_or(1, |c| c + 1);
    let to = columns.last().map_or(1, |c| c + 1);
    let range = match (from, to) {
        (2, to) => format!("1–{to}"),
        (from, to) if from == to => format!("1 and {from}"),
        (from, to) => format!("1 and {from}–{to}"),
    };
    format!("Part {} of {count}: columns {range} of {total}", index + 1)
}

/// `table` cut to `columns`, its type scaled by `scale`.
fn part_of(table: &Table, columns: &[usize], scale: f32) -> Table {
    let pick = |row: &[Vec<Span>]| -> Vec<Vec<Span>> {
        columns
            .iter()
            .map(|&c| {
                row.get(c)
                    .map(|spans| spans.iter().map(|s| scaled(s, scale)).collect())
                    .unwrap_or_default()
            })
            .collect()
    };
    Table {
        columns: columns
            .iter()
            .filter_map(|&c| table.columns.get(c).cloned())
            .collect(),
        header: pick(&table.header),
        rows: table.rows.iter().map(|row| pick(row)).collect(),
        size: table.size * scale,
        indent: table.indent,
        space_before: table.space_before,
        sparks: table.sparks.as_ref().and_then(|sparks| {
            Some(SparkColumn {
                column: columns.iter().position(|&c| c == sparks.column)?,
                rows: sparks.rows.clone(),
            })
        }),
        tags: TableTags {
            header: columns.iter().map(|&c| table.tags.cell(None, c)).collect(),
            rows: (0..table.rows.len())
                .map(|r| {
                    columns
                        .iter()
                        .map(|&c| table.tags.cell(Some(r), c))
                        .collect()
                })
                .collect(),
        },
    }
}

fn scaled(span: &Span, scale: f32) -> Span {
    let mut span = span.clone();
    span.style.size *= scale;
    span.style.rise *= scale;
    span
}

impl Layouter<'_, '_> {
    /// Each column's natural width and widest word at the table's size.
    fn measures(&mut self, table: &Table) -> Vec<Measure> {
        let n = table.columns.len();
        let mut measures = vec![
            Measure {
                natural: 0.0,
                longest: 0.0,
                fixed: None,
            };
            n
        ];
        if let Some(sparks) = &table.sparks
            && sparks.rows.iter().any(Option::is_some)
            && let Some(m) = measures.get_mut(sparks.column)
        {
            m.fixed = Some(SPARK_W + 2.0 * CELL_PAD_X);
        }
        for row in std::iter::once(&table.header).chain(table.rows.iter()) {
            for (m, cell) in measures.iter_mut().zip(row) {
                let (words, _) = self.words(cell);
                let total: f32 = words.iter().map(Word::width).sum();
                let longest = words.iter().map(Word::content_width).fold(0.0f32, f32::max);
                m.natural = m.natural.max(total);
                m.longest = m.longest.max(longest);
            }
        }
        measures
    }

    /// The size to set `table` at and the columns of each of its parts:
    /// the table's own size if its columns fit `width`, else the largest
    /// step down to [`FLOOR_SIZE`] at which they do, else as few parts as
    /// fit at the floor, at the largest size that needs no more of them.
    fn plan(&mut self, table: &Table, measures: &[Measure], width: f32) -> (f32, Vec<Vec<usize>>) {
        let minimum = |size: f32| -> Vec<f32> {
            measures
                .iter()
                .map(|m| m.widths(size / table.size, width).1)
                .collect()
        };
        let mut sizes = vec![table.size];
        while let Some(&last) = sizes.last()
            && last > FLOOR_SIZE + 0.001
        {
            sizes.push((last - SIZE_STEP).max(FLOOR_SIZE));
        }
        for &size in &sizes {
            if minimum(size).iter().sum::<f32>() <= width + 0.01 {
                return (size, vec![(0..measures.len()).collect()]);
            }
        }
        let floor = sizes.last().copied().unwrap_or(table.size);
        let at_floor = parts(&minimum(floor), width, usize::MAX);
        // As many columns in each part as the fullest would need, so the
        // last part is not left with one or two.
        let most = measures
            .len()
            .saturating_sub(1)
            .div_ceil(at_floor.len().max(1));
        for &size in &sizes {
            let even = parts(&minimum(size), width, most);
            if even.len() <= at_floor.len() {
                return (size, even);
            }
        }
        (floor, at_floor)
    }

    pub(super) fn table(&mut self, table: &Table) {
        if table.columns.is_empty() || table.size.is_nan() || table.size <= 0.0 {
            return;
        }
        let left = self.geometry.left + table.indent;
        let width = self.geometry.body_width() - table.indent;
        let measures = self.measures(table);
        let (size, parts) = self.plan(table, &measures, width);
        let scale = size / table.size;
        let widths = |columns: &[usize]| -> Vec<f32> {
            let (natural, minimum): (Vec<f32>, Vec<f32>) = columns
                .iter()
                .filter_map(|&c| measures.get(c))
                .map(|m| m.widths(scale, width))
                .unzip();
            share_widths(&natural, &minimum, width)
        };
        if let [columns] = parts.as_slice()
            && size == table.size
        {
            let widths = widths(columns);
            self.table_part(table, &widths, left, width);
            return;
        }
        let count = parts.len();
        let caption_style = Style::new(Family::Sans, 7.5).color(Rgb::MUTED);
        for (index, columns) in parts.iter().enumerate() {
            let mut part = part_of(table, columns, scale);
            if count > 1 {
                let text = part_caption(index, count, columns, table.columns.len());
                let mut caption = Para::new(vec![Span::new(text, caption_style.clone())], 10.0);
                caption.space_before = if index == 0 { table.space_before } else { 12.0 };
                caption.keep_with_next = true;
                let units = self.para_units(&caption, left, width);
                self.laid.units.extend(units);
                part.space_before = 2.0;
            }
            let widths = widths(columns);
            self.table_part(&part, &widths, left, width);
        }
    }

    /// One table (or part of one) in columns `widths` wide: the header
    /// row, kept for repeating, then a unit per row.
    fn table_part(&mut self, table: &Table, widths: &[f32], left: f32, width: f32) {
        let header = self.row_unit(table, None, None, widths, left);
        let header_index = self.laid.headers.len();
        let mut first = header.clone();
        first.space_before = table.space_before;
        first.keep_with_next = true;
        // The top rule.
        self.laid.headers.push(header);
        self.laid.units.push(first);
        let count = table.rows.len();
        for i in 0..count {
            let spark = table.sparks.as_ref().and_then(|sparks| {
                let spark = sparks.rows.get(i)?.as_ref()?;
                Some((sparks.column, spark))
            });
            let unit = self.row_unit(table, Some(i), spark, widths, left);
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
                    part.items.push(Item::Mark(Tag::Artifact));
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

    /// The header row (`row` `None`) or a body row as one unit, each
    /// cell's items marked as its cell's, the rules as artifacts.
    fn row_unit(
        &mut self,
        table: &Table,
        row: Option<usize>,
        spark: Option<(usize, &Spark)>,
        widths: &[f32],
        left: f32,
    ) -> Unit {
        let header = row.is_none();
        let empty = Vec::new();
        let cells = match row {
            None => &table.header,
            Some(r) => table.rows.get(r).unwrap_or(&empty),
        };
        let mut unit = Unit::default();
        let mut x = left;
        let mut height = 0.0f32;
        for (c, w) in widths.iter().enumerate() {
            if let Some((column, spark)) = spark
                && column == c
            {
                // Centred on the first line of text, like the cells around it.
                let mid = CELL_PAD_Y + table.size * 1.35 / 2.0;
                unit.items.push(Item::Mark(table.tags.cell(row, c)));
                spark_items(&mut unit, spark, x + CELL_PAD_X, mid - SPARK_H / 2.0);
                height = height.max(mid + SPARK_H / 2.0 + CELL_PAD_Y);
                x += w;
                continue;
            }
            let spans = cells.get(c).cloned().unwrap_or_default();
            let align = table.columns.get(c).map_or(Align::Start, |col| col.align);
            let mut para = Para::new(spans, table.size * 1.35);
            para.align = align;
            para.tag = table.tags.cell(row, c);
            let lines = self.para_units(&para, x + CELL_PAD_X, w - 2.0 * CELL_PAD_X);
            let mut y = CELL_PAD_Y;
            for line in lines {
                unit.items.push(Item::Mark(line.tag));
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
        unit.items.push(Item::Mark(Tag::Artifact));
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
    use super::super::testing::{lay, text_extents};
    use super::super::unit::Geometry;
    use super::*;
    use crate::render::pdf::fonts::Fonts;
    use crate::render::pdf::shape::Shaper;

    fn cell(text: &str) -> Vec<Span> {
        vec![Span::new(text, Style::new(Family::Sans, 8.5))]
    }

    /// A table of `columns` columns whose cells hold several long words.
    fn wide_table(columns: usize, rows: usize) -> Table {
        Table {
            columns: vec![
                Column {
                    align: Align::Start,
                };
                columns
            ],
            header: (0..columns)
                .map(|c| cell(&format!("Indicator {c}")))
                .collect(),
            rows: (0..rows)
                .map(|r| {
                    (0..columns)
                        .map(|c| cell(&format!("interdependency {r}.{c} reconsideration")))
                        .collect()
                })
                .collect(),
            size: 8.5,
            indent: 0.0,
            space_before: 4.0,
            sparks: None,
            tags: Default::default(),
        }
    }

    /// A text item's left and right x and its baseline.
    type Extent = (f32, f32, f32);

    /// Pairs of text items on a page whose boxes overlap, as a reader sees
    /// overprinted words (`tools/typeset.py overlaps` on the text layer).
    fn overlapping(extents: &[Extent], size: f32) -> Vec<(Extent, Extent)> {
        let mut pairs = Vec::new();
        for (i, a) in extents.iter().enumerate() {
            for b in &extents[i + 1..] {
                let across = a.1.min(b.1) - a.0.max(b.0);
                let down = (a.2 - b.2).abs();
                if across > 0.5 && down < size * 0.8 {
                    pairs.push((*a, *b));
                }
            }
        }
        pairs
    }

    /// Each text item's left and right x in every unit laid for `block`,
    /// and whether it is a part's caption.
    fn laid_texts(block: &Block) -> Vec<Vec<(f32, f32, String)>> {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let mut layouter = Layouter::new(&mut shaper, Geometry::a4());
        layouter.push(block);
        layouter
            .finish()
            .units
            .iter()
            .map(|unit| {
                unit.items
                    .iter()
                    .filter_map(|item| match item {
                        Item::Text { run, size, x, .. } => Some((
                            *x,
                            x + run.advance * size / fonts.units_per_em(run.face),
                            run.text.to_string(),
                        )),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_20_column_table_is_split_into_parts_and_no_word_overprints_another() {
        let table = wide_table(20, 6);
        let (out, g) = lay(&[Block::Table(table.clone())]);
        let fonts = Fonts::load().expect("fonts");
        let mut captions = 0;
        for page in &out.pages {
            let extents = text_extents(page, &fonts);
            let pairs = overlapping(&extents, FLOOR_SIZE);
            assert!(pairs.is_empty(), "overprinted: {pairs:?}");
            for (x1, x2, _) in &extents {
                assert!(
                    *x1 >= g.left - 0.01 && *x2 <= g.width - g.right + 0.01,
                    "{x1}..{x2}"
                );
            }
            for item in &page.items {
                if let Item::Text { run, size, .. } = item {
                    assert!(*size >= FLOOR_SIZE - 0.01, "{size} pt");
                    if &*run.text == "Part" {
                        captions += 1;
                    }
                }
            }
        }
        assert!(captions >= 2, "{captions} parts");
        // Every part repeats the first column: its header and each row's cell.
        let all: Vec<String> = out
            .pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|item| match item {
                Item::Text { run, .. } => Some(run.text.to_string()),
                _ => None,
            })
            .collect();
        let firsts = all.iter().filter(|t| t.starts_with("0.0")).count();
        assert_eq!(firsts, captions, "row 0's first cell once per part");
        for c in 1..20 {
            let cell = format!("0.{c}");
            assert_eq!(all.iter().filter(|t| **t == cell).count(), 1, "{cell}");
        }
    }

    #[test]
    fn each_cells_text_stays_inside_its_column() {
        let mut table = wide_table(20, 3);
        // A word wider than any column, even at the floor size.
        table.rows[1][5] = cell("Internationalisationsbestrebungen-Überwachungsbehörde");
        let block = Block::Table(table.clone());
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let geometry = Geometry::a4();
        let mut layouter = Layouter::new(&mut shaper, geometry);
        let width = geometry.body_width();
        let measures = layouter.measures(&table);
        let (size, parts) = layouter.plan(&table, &measures, width);
        assert!(parts.len() >= 2, "{parts:?}");
        let scale = size / table.size;
        let mut bounds = parts.iter().map(|columns| {
            let (natural, minimum): (Vec<f32>, Vec<f32>) = columns
                .iter()
                .map(|&c| measures[c].widths(scale, width))
                .unzip();
            let mut x = geometry.left;
            share_widths(&natural, &minimum, width)
                .into_iter()
                .map(|w| {
                    x += w;
                    (x - w + CELL_PAD_X, x - CELL_PAD_X)
                })
                .collect::<Vec<_>>()
        });
        let mut cells = Vec::new();
        let mut broken = false;
        for texts in laid_texts(&block) {
            if texts.first().is_some_and(|(_, _, t)| t == "Part") {
                cells = bounds.next().expect("a part per caption");
                continue;
            }
            // Spaces are invisible: those a line broke at are drawn past
            // its end.
            for (x1, x2, text) in texts.into_iter().filter(|t| !t.2.trim().is_empty()) {
                broken |= text.starts_with("Internationalisations") && !text.ends_with("behörde");
                assert!(
                    cells.iter().any(|&(l, r)| x1 >= l - 0.5 && x2 <= r + 0.5),
                    "{text:?} at {x1}..{x2} is in no cell of {cells:?}"
                );
            }
        }
        assert!(broken, "the overlong word is broken");
    }

    #[test]
    fn a_table_a_little_too_wide_is_set_smaller_in_one_part() {
        let table = wide_table(7, 2);
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let mut layouter = Layouter::new(&mut shaper, Geometry::a4());
        let width = Geometry::a4().body_width();
        let measures = layouter.measures(&table);
        let at_size: f32 = measures.iter().map(|m| m.widths(1.0, width).1).sum();
        assert!(at_size > width, "the test needs a table too wide at 8.5 pt");
        let (size, parts) = layouter.plan(&table, &measures, width);
        assert!((FLOOR_SIZE..8.5).contains(&size), "{size}");
        assert_eq!(parts, [(0..7).collect::<Vec<_>>()]);
    }

    #[test]
    fn shares_never_go_below_a_columns_minimum() {
        let natural = [300.0, 40.0, 200.0, 30.0];
        let minimum = [90.0, 40.0, 90.0, 30.0];
        let widths = share_widths(&natural, &minimum, 260.0);
        assert!(
            (widths.iter().sum::<f32>() - 260.0).abs() < 0.01,
            "{widths:?}"
        );
        for (w, m) in widths.iter().zip(minimum) {
            assert!(*w >= m - 0.01, "{widths:?}");
        }
        // Natural widths that fit get the spare room evenly.
        assert_eq!(share_widths(&[10.0, 20.0], &[5.0, 5.0], 40.0), [15.0, 25.0]);
    }

    #[test]
    fn parts_repeat_the_first_column_and_are_even() {
        let minimum = [50.0; 11];
        assert_eq!(
            parts(&minimum, 260.0, usize::MAX),
            [vec![0, 1, 2, 3, 4], vec![0, 5, 6, 7, 8], vec![0, 9, 10]]
        );
        assert_eq!(
            parts(&minimum, 260.0, 4),
            [vec![0, 1, 2, 3, 4], vec![0, 5, 6, 7, 8], vec![0, 9, 10]]
        );
        assert_eq!(
            part_caption(1, 3, &[0, 5, 6, 7, 8], 11),
            "Part 2 of 3: columns 1 and 6–9 of 11"
        );
        assert_eq!(
            part_caption(0, 2, &[0, 1, 2], 4),
            "Part 1 of 2: columns 1–3 of 4"
        );
        assert_eq!(
            part_caption(1, 2, &[0, 3], 4),
            "Part 2 of 2: columns 1 and 4 of 4"
        );
    }

    #[test]
    fn tables_repeat_their_header_on_every_page() {
        let cell = |t: &str| vec![Span::new(t, super::super::testing::body(8.0))];
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
            tags: Default::default(),
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
