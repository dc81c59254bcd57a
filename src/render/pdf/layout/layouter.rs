//! The entry to layout: a [`Layouter`] takes blocks one at a time and cuts
//! each into units, handing paragraphs to `inline`, tables to `table` and
//! figures to `chart`.

use super::super::fonts::Family;
use super::super::shape::Shaper;
use super::block::{Block, Para, Rgb, Span, Style, Tag};
use super::unit::{Geometry, Item, Laid, Unit};

/// Lays blocks out into units for `geometry`.
pub(crate) struct Layouter<'a, 'f> {
    pub shaper: &'a mut Shaper<'f>,
    pub geometry: Geometry,
    pub laid: Laid,
    /// The patterns justified paragraphs are hyphenated by (brief.yaml
    /// `lang:`); `None`: not hyphenated.
    pub hyphenation: Option<hypher::Lang>,
}

impl<'a, 'f> Layouter<'a, 'f> {
    pub(crate) fn new(shaper: &'a mut Shaper<'f>, geometry: Geometry) -> Self {
        Layouter {
            shaper,
            geometry,
            laid: Laid::default(),
            hyphenation: Some(hypher::Lang::English),
        }
    }

    pub(crate) fn finish(self) -> Laid {
        self.laid
    }

    pub(crate) fn push(&mut self, block: &Block) {
        match block {
            Block::Para(para) => {
                let units = self.para_units(para, self.geometry.left, self.geometry.body_width());
                self.laid.units.extend(units);
            }
            Block::Code {
                text,
                indent,
                space_before,
                tag,
            } => self.code(text, *indent, *space_before, *tag),
            Block::Table(table) => {
                self.keep_last_with_next();
                self.table(table);
            }
            Block::Chart(chart) => self.floating(chart.tag, |l| l.chart(chart)),
            Block::LineChart(chart) => self.floating(chart.tag, |l| l.line_chart(chart)),
            Block::Figure(figure) => {
                let from = self.laid.units.len();
                self.floating(figure.tag, |l| l.figure(figure));
                // The image is the figure's; the lines after it, its caption.
                for unit in self.laid.units.iter_mut().skip(from + 1) {
                    unit.tag = figure.caption_tag;
                }
            }
            Block::Rule {
                indent,
                space_before,
            } => {
                if self.laid.units.last().is_some_and(|u| u.header.is_some()) {
                    // Right under a table's closing rule (a note's
                    // endnotes after its scores): one rule, not two.
                    return;
                }
                let x = self.geometry.left + indent;
                let x2 = self.geometry.left + self.geometry.body_width();
                self.laid.units.push(Unit {
                    height: 6.0,
                    space_before: *space_before,
                    items: vec![Item::Line {
                        x1: x,
                        y1: 3.0,
                        x2,
                        y2: 3.0,
                        width: 0.5,
                        color: Rgb::HAIRLINE,
                        dash: false,
                    }],
                    ..Unit::default()
                });
            }
            Block::PageBreak => {
                self.laid.units.push(Unit {
                    page_break_before: true,
                    ..Unit::default()
                });
            }
        }
    }

    /// Keeps the last unit laid with what comes next: the text that
    /// introduces a table is never left at the foot of a page while the
    /// table starts the next one (nor is the table there without it).
    /// Not a figure, which floats on its own terms, nor a page break.
    fn keep_last_with_next(&mut self) {
        if let Some(last) = self.laid.units.last_mut()
            && !last.float
            && !last.page_break_before
        {
            last.keep_with_next = true;
        }
    }

    /// Lays out a figure with `lay` and marks its units as floating, and
    /// as the figure's in the structure tree (every item of them: its
    /// labels are part of the picture, which its alternative text says).
    fn floating(&mut self, tag: Tag, lay: impl FnOnce(&mut Self)) {
        let from = self.laid.units.len();
        lay(self);
        for unit in &mut self.laid.units[from..] {
            unit.float = true;
            unit.tag = tag;
            unit.items.retain(|item| !matches!(item, Item::Mark(_)));
        }
    }

    fn code(&mut self, text: &str, indent: f32, space_before: f32, tag: Tag) {
        let style = Style::new(Family::Mono, 8.4).color(Rgb::TEXT);
        let left = self.geometry.left + indent;
        let width = self.geometry.body_width() - indent;
        let expanded = text.trim_end_matches('\n').replace('\t', "    ");
        let mut units: Vec<Unit> = Vec::new();
        for source_line in expanded.split('\n') {
            let mut para = Para::new(vec![Span::new(source_line, style.clone())], 11.5);
            para.tag = tag;
            let mut lines = self.para_units(&para, left + 6.0, width - 12.0);
            if lines.is_empty() {
                lines.push(Unit {
                    height: 11.5,
                    ..Unit::default()
                });
            }
            units.extend(lines);
        }
        let count = units.len();
        for (i, unit) in units.iter_mut().enumerate() {
            unit.space_before = 0.0;
            let mut pad_top = 0.0;
            if i == 0 {
                pad_top = 4.0;
                unit.space_before = space_before;
            }
            if pad_top > 0.0 {
                for item in &mut unit.items {
                    item.shift(pad_top);
                }
                unit.height += pad_top;
            }
            if i + 1 == count {
                unit.height += 4.0;
            }
            unit.keep_with_next = (i == 0 && count > 1) || (count > 2 && i + 2 == count);
            // The background is an artifact, the text the code's.
            unit.tag = Tag::Artifact;
            unit.items.splice(
                0..0,
                [
                    Item::Rect {
                        x: left,
                        y: 0.0,
                        w: width,
                        h: unit.height,
                        fill: Rgb::CODE_BG,
                    },
                    Item::Mark(tag),
                ],
            );
        }
        self.laid.units.extend(units);
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::{Align, Column, Table};
    use super::super::flow::paginate;
    use super::super::testing::body;
    use super::*;
    use crate::render::pdf::fonts::Fonts;

    fn words(page: &super::super::unit::Page) -> Vec<(String, f32)> {
        page.items
            .iter()
            .filter_map(|item| match item {
                Item::Text { run, y, .. } => Some((run.text.to_string(), *y)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_table_never_starts_a_page_without_the_text_that_introduces_it() {
        let filler = "word ".repeat(60);
        let cell = |t: &str| vec![Span::new(t, Style::new(Family::Sans, 8.5))];
        let table = Table {
            columns: vec![
                Column {
                    align: Align::Start,
                };
                2
            ],
            header: vec![cell("Column"), cell("Value")],
            rows: (0..8)
                .map(|i| vec![cell(&format!("row {i}")), cell("1")])
                .collect(),
            size: 8.5,
            indent: 0.0,
            space_before: 8.0,
            sparks: None,
            tags: Default::default(),
        };
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let g = Geometry::a4();
        let mut tested = 0;
        // Move the table down the page until it meets the page end.
        for pad in 0..60 {
            let mut layouter = Layouter::new(&mut shaper, g);
            layouter.push(&Block::Rule {
                indent: 0.0,
                space_before: pad as f32 * 2.0,
            });
            for _ in 0..11 {
                layouter.push(&Block::Para(Para::new(
                    vec![Span::new(filler.clone(), body(10.0))],
                    14.0,
                )));
            }
            layouter.push(&Block::Para(Para::new(
                vec![Span::new("The figures below: introduction.", body(10.0))],
                14.0,
            )));
            layouter.push(&Block::Table(table.clone()));
            let out = paginate(layouter.finish(), g);
            let page = out
                .pages
                .iter()
                .find(|p| words(p).iter().any(|(w, _)| w == "Column"))
                .expect("the table's header");
            let texts = words(page);
            let header_y = texts.iter().find(|(w, _)| w == "Column").map(|(_, y)| *y);
            let intro_y = texts
                .iter()
                .find(|(w, _)| w == "introduction.")
                .map(|(_, y)| *y);
            assert!(
                intro_y.is_some_and(|i| header_y.is_some_and(|h| i < h)),
                "pad {pad}: the introduction is not above the table on its page"
            );
            tested += usize::from(
                out.pages.len() > 1 && words(&out.pages[0]).iter().all(|(w, _)| w != "Column"),
            );
        }
        assert!(tested > 0, "some layout puts the table on the second page");
    }

    #[test]
    fn a_rule_right_under_a_table_is_not_drawn_twice() {
        let cell = |t: &str| vec![Span::new(t, Style::new(Family::Sans, 8.5))];
        let table = Table {
            columns: vec![Column {
                align: Align::Start,
            }],
            header: vec![cell("Actor")],
            rows: vec![vec![cell("Iran")]],
            size: 8.5,
            indent: 0.0,
            space_before: 8.0,
            sparks: None,
            tags: Default::default(),
        };
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let mut layouter = Layouter::new(&mut shaper, Geometry::a4());
        layouter.push(&Block::Table(table));
        let before = layouter.laid.units.len();
        layouter.push(&Block::Rule {
            indent: 0.0,
            space_before: 6.0,
        });
        assert_eq!(layouter.laid.units.len(), before, "no second rule");
        layouter.push(&Block::Para(Para::new(
            vec![Span::new("Text", body(10.0))],
            14.0,
        )));
        layouter.push(&Block::Rule {
            indent: 0.0,
            space_before: 6.0,
        });
        assert_eq!(
            layouter.laid.units.len(),
            before + 2,
            "a rule after text stays"
        );
    }
}
