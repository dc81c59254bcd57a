//! The entry to layout: a [`Layouter`] takes blocks one at a time and cuts
//! each into units, handing paragraphs to `inline`, tables to `table` and
//! figures to `chart`.

use super::super::fonts::Family;
use super::super::shape::Shaper;
use super::block::{Block, Para, Rgb, Span, Style};
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
            } => self.code(text, *indent, *space_before),
            Block::Table(table) => self.table(table),
            Block::Chart(chart) => self.floating(|l| l.chart(chart)),
            Block::LineChart(chart) => self.floating(|l| l.line_chart(chart)),
            Block::Rule {
                indent,
                space_before,
            } => {
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

    /// Lays out a figure with `lay` and marks its units as floating.
    fn floating(&mut self, lay: impl FnOnce(&mut Self)) {
        let from = self.laid.units.len();
        lay(self);
        for unit in &mut self.laid.units[from..] {
            unit.float = true;
        }
    }

    fn code(&mut self, text: &str, indent: f32, space_before: f32) {
        let style = Style::new(Family::Mono, 8.4).color(Rgb::TEXT);
        let left = self.geometry.left + indent;
        let width = self.geometry.body_width() - indent;
        let expanded = text.trim_end_matches('\n').replace('\t', "    ");
        let mut units: Vec<Unit> = Vec::new();
        for source_line in expanded.split('\n') {
            let para = Para::new(vec![Span::new(source_line, style.clone())], 11.5);
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
            unit.items.insert(
                0,
                Item::Rect {
                    x: left,
                    y: 0.0,
                    w: width,
                    h: unit.height,
                    fill: Rgb::CODE_BG,
                },
            );
        }
        self.laid.units.extend(units);
    }
}
