//! The layout engine: blocks → lines → pages. Pure: no PDF, no I/O.
//!
//! Blocks (paragraphs of styled spans, code, tables, the chart, rules) are
//! cut into *units*: one line of text, one table row, one chart bar. Each
//! unit knows its height, what it draws (relative to its own top) and
//! whether it must stay with the next one (a heading with its first lines,
//! the first and the last two lines of a paragraph against orphans and
//! widows). Pagination then stacks units on pages, carrying a kept chain
//! over to the next page as a whole and repeating a table's header row on
//! every page it continues on.
//!
//! Coordinates are points, x from the left page edge, y downwards.

use std::collections::BTreeMap;
use std::rc::Rc;

use unicode_bidi::{BidiInfo, Level, ParagraphBidiInfo};
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{FaceId, Family, primary_face};
use super::shape::{ShapedRun, Shaper};

/// An sRGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    pub const TEXT: Rgb = Rgb(0.11, 0.11, 0.13);
    pub const MUTED: Rgb = Rgb(0.36, 0.38, 0.42);
    pub const RULE: Rgb = Rgb(0.55, 0.57, 0.6);
    pub const HAIRLINE: Rgb = Rgb(0.82, 0.83, 0.85);
    pub const LINK: Rgb = Rgb(0.05, 0.3, 0.6);
    pub const CODE_BG: Rgb = Rgb(0.95, 0.95, 0.96);

    /// `#RRGGBB`; anything else is black.
    pub fn hex(text: &str) -> Rgb {
        let digits = text.trim_start_matches('#');
        let channel = |i: usize| {
            digits
                .get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .map_or(0.0, |v| f32::from(v) / 255.0)
        };
        if digits.len() == 6 {
            Rgb(channel(0), channel(2), channel(4))
        } else {
            Rgb::BLACK
        }
    }
}

/// How a span of text looks.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    pub family: Family,
    pub bold: bool,
    pub italic: bool,
    pub size: f32,
    pub color: Rgb,
    pub strike: bool,
    pub underline: bool,
    /// Baseline shift upwards, in points (superscripts).
    pub rise: f32,
}

impl Style {
    pub fn new(family: Family, size: f32) -> Style {
        Style {
            family,
            bold: false,
            italic: false,
            size,
            color: Rgb::TEXT,
            strike: false,
            underline: false,
            rise: 0.0,
        }
    }
    pub fn bold(mut self) -> Style {
        self.bold = true;
        self
    }
    pub fn italic(mut self) -> Style {
        self.italic = true;
        self
    }
    pub fn color(mut self, color: Rgb) -> Style {
        self.color = color;
        self
    }
    fn face(&self) -> FaceId {
        primary_face(self.family, self.bold, self.italic)
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Target {
    Uri(String),
    Anchor(String),
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub link: Option<Target>,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
            link: None,
        }
    }
    pub fn link(mut self, target: Option<Target>) -> Span {
        if target.is_some() {
            self.style.color = Rgb::LINK;
        }
        self.link = target;
        self
    }
}

/// Horizontal alignment, relative to the paragraph's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Start,
    Justify,
    Center,
    End,
}

/// An outline (bookmark) entry a block opens.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineMark {
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

/// A paragraph, heading or list item.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    pub spans: Vec<Span>,
    pub align: Align,
    /// Line height for the paragraph's base size, in points.
    pub leading: f32,
    /// Left and right insets from the text block.
    pub indent: f32,
    pub right_indent: f32,
    /// A list marker, set right-aligned in the hanging space before `indent`.
    pub marker: Option<Vec<Span>>,
    pub space_before: f32,
    pub keep_with_next: bool,
    pub anchor: Option<String>,
    pub outline: Option<OutlineMark>,
    /// A vertical bar left of the text (block quotes), at this x offset.
    pub bar: Option<f32>,
    /// A rule under the paragraph (section headings).
    pub rule_below: bool,
}

impl Para {
    pub fn new(spans: Vec<Span>, leading: f32) -> Para {
        Para {
            spans,
            align: Align::Start,
            leading,
            indent: 0.0,
            right_indent: 0.0,
            marker: None,
            space_before: 0.0,
            keep_with_next: false,
            anchor: None,
            outline: None,
            bar: None,
            rule_below: false,
        }
    }
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub align: Align,
}

/// A table: the header row repeats on every page the table runs onto.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub header: Vec<Vec<Span>>,
    pub rows: Vec<Vec<Vec<Span>>>,
    pub size: f32,
    pub indent: f32,
    pub space_before: f32,
    /// Sparklines drawn in one column, one per row (`None`: that row's
    /// cell keeps its text).
    pub sparks: Option<SparkColumn>,
}

/// A column of sparklines in a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub struct SparkColumn {
    pub column: usize,
    pub rows: Vec<Option<Spark>>,
}

/// A small line of values over evenly spaced points, scaled to its own
/// range, with a dot on the last value and a zero line when zero is
/// within that range.
#[derive(Debug, Clone, PartialEq)]
pub struct Spark {
    /// One per point; `None` where there is no value.
    pub values: Vec<Option<f64>>,
    pub color: Rgb,
}

/// Width and height of a sparkline in a table cell.
const SPARK_W: f32 = 44.0;
const SPARK_H: f32 = 9.0;

/// One bar of the leverage chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
    pub contested: bool,
}

/// The leverage bar chart: bars left (loss) and right (gain) of zero on a
/// fixed −5..5 scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub bars: Vec<Bar>,
    pub space_before: f32,
}

/// One actor's line in the timeline chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// One per date; `None` where the actor is not scored yet.
    pub values: Vec<Option<f64>>,
    pub color: Rgb,
    pub dash: bool,
}

/// Leverage over time: lines over weekly dates, a legend under them.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// A label per date; empty labels are not shown.
    pub dates: Vec<String>,
    pub series: Vec<Series>,
    pub space_before: f32,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    LineChart(LineChart),
    Code {
        text: String,
        indent: f32,
        space_before: f32,
    },
    Table(Table),
    Chart(Chart),
    Rule {
        indent: f32,
        space_before: f32,
    },
    /// Start the next block on a new page.
    PageBreak,
}

/// Something drawn, relative to its unit's top (in a unit) or to the page
/// top (once paginated).
#[derive(Debug, Clone)]
pub enum Item {
    Text {
        run: Rc<ShapedRun>,
        size: f32,
        color: Rgb,
        x: f32,
        /// Baseline.
        y: f32,
        /// Extra advance after every glyph (justified spaces).
        extra: f32,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        width: f32,
        color: Rgb,
        dash: bool,
    },
    Link {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        target: Target,
    },
}

impl Item {
    fn shift(&mut self, dy: f32) {
        match self {
            Item::Text { y, .. } | Item::Rect { y, .. } | Item::Link { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
        }
    }
}

/// A piece of a block that pagination moves as a whole.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    pub height: f32,
    /// Dropped at the top of a page.
    pub space_before: f32,
    pub items: Vec<Item>,
    pub keep_with_next: bool,
    /// Index into [`Laid::headers`]: the table header to repeat before this
    /// unit when it starts a page.
    pub header: Option<usize>,
    pub anchors: Vec<String>,
    pub outline: Option<OutlineMark>,
    pub page_break_before: bool,
    /// A figure (chart) that may move below the text that follows it when
    /// it does not fit at the bottom of a page, as a typesetter floats one,
    /// rather than leave the rest of the page empty.
    pub float: bool,
}

/// The page and its text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Geometry {
    pub fn a4() -> Geometry {
        Geometry::new(595.28, 841.89)
    }
    pub fn letter() -> Geometry {
        Geometry::new(612.0, 792.0)
    }
    fn new(width: f32, height: f32) -> Geometry {
        Geometry {
            width,
            height,
            left: 64.0,
            right: 64.0,
            top: 76.0,
            bottom: 72.0,
        }
    }
    pub fn body_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    pub fn body_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Blocks cut into units.
#[derive(Debug, Default)]
pub struct Laid {
    pub units: Vec<Unit>,
    pub headers: Vec<Unit>,
}

/// A paginated page: items with y from the page top.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub items: Vec<Item>,
}

/// Where a named destination landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spot {
    /// 0-based page index.
    pub page: usize,
    /// From the page top.
    pub y: f32,
}

#[derive(Debug, Default)]
pub struct Paginated {
    pub pages: Vec<Page>,
    pub anchors: BTreeMap<String, Spot>,
    pub outline: Vec<(OutlineMark, Spot)>,
}

/// Lays blocks out into units for `geometry`.
pub struct Layouter<'a, 'f> {
    pub shaper: &'a mut Shaper<'f>,
    pub geometry: Geometry,
    pub laid: Laid,
}

/// The hanging space a list or endnote marker is right-aligned in, in
/// points (it ends 5 pt before the text).
const MARKER_SPACE: f32 = 20.0;

/// A shaped piece of a line: one face, one style, one bidi level.
#[derive(Debug, Clone)]
struct Frag {
    run: Rc<ShapedRun>,
    span: usize,
    level: Level,
    width: f32,
    size: f32,
    space: bool,
}

/// What lies between two break opportunities.
#[derive(Debug, Clone, Default)]
struct Word {
    frags: Vec<Frag>,
    mandatory_after: bool,
}

impl Word {
    fn content_width(&self) -> f32 {
        self.frags
            .iter()
            .filter(|f| !f.space)
            .map(|f| f.width)
            .sum()
    }
    fn width(&self) -> f32 {
        self.frags.iter().map(|f| f.width).sum()
    }
}

/// A laid-out line: frags in logical order, the last word's spaces dropped.
struct LineOut {
    frags: Vec<Frag>,
    justify: bool,
}

const CELL_PAD_X: f32 = 4.0;
const CELL_PAD_Y: f32 = 3.0;

impl<'a, 'f> Layouter<'a, 'f> {
    pub fn new(shaper: &'a mut Shaper<'f>, geometry: Geometry) -> Self {
        Layouter {
            shaper,
            geometry,
            laid: Laid::default(),
        }
    }

    pub fn finish(self) -> Laid {
        self.laid
    }

    pub fn push(&mut self, block: &Block) {
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

    /// Cuts `spans` into words at line-break opportunities, each word into
    /// frags of one style and bidi level.
    fn words(&mut self, spans: &[Span]) -> (Vec<Word>, bool) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(spans.len());
        for span in spans {
            starts.push(text.len());
            text.push_str(&span.text);
        }
        if text.is_empty() {
            return (Vec::new(), false);
        }
        // Like the HTML brief (left-to-right by default), a paragraph with
        // any Latin letter reads left to right; one wholly in Persian or
        // Arabic reads right to left.
        let base = text
            .chars()
            .any(|c| c.is_ascii_alphabetic())
            .then(Level::ltr);
        let bidi = ParagraphBidiInfo::new(&text, base);
        let base_rtl = bidi.paragraph_level.is_rtl();
        let span_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);

        let mut words = Vec::new();
        let mut start = 0;
        for (end, opportunity) in linebreaks(&text) {
            if end <= start {
                continue;
            }
            let segment = &text[start..end];
            let mandatory = opportunity == BreakOpportunity::Mandatory;
            // Trailing whitespace (and the newline of a hard break) is the
            // word's spacing, not its content.
            let content_len = segment.trim_end().len();
            let mut word = Word {
                frags: Vec::new(),
                mandatory_after: mandatory && end < text.len(),
            };
            let ws_end = if mandatory {
                start
                    + segment
                        .trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0B}', '\u{0C}'])
                        .len()
            } else {
                end
            };
            self.frags_into(
                &text,
                start,
                start + content_len,
                &bidi.levels,
                spans,
                &span_at,
                false,
                &mut word.frags,
            );
            if ws_end > start + content_len {
                self.frags_into(
                    &text,
                    start + content_len,
                    ws_end,
                    &bidi.levels,
                    spans,
                    &span_at,
                    true,
                    &mut word.frags,
                );
            }
            words.push(word);
            start = end;
        }
        (words, base_rtl)
    }

    #[allow(clippy::too_many_arguments)]
    fn frags_into(
        &mut self,
        text: &str,
        from: usize,
        to: usize,
        levels: &[Level],
        spans: &[Span],
        span_at: &dyn Fn(usize) -> usize,
        space: bool,
        out: &mut Vec<Frag>,
    ) {
        let mut piece_start = from;
        let mut current: Option<(usize, Level)> = None;
        let mut flush = |this: &mut Self, a: usize, b: usize, span: usize, level: Level| {
            if a >= b {
                return;
            }
            let Some(style) = spans.get(span).map(|s| &s.style) else {
                return;
            };
            let size = if style.rise > 0.0 {
                style.size * 0.7
            } else {
                style.size
            };
            for run in this.shaper.shape(&text[a..b], style.face(), level.is_rtl()) {
                let width = run.advance * size / this.shaper.fonts.units_per_em(run.face);
                out.push(Frag {
                    run,
                    span,
                    level,
                    width,
                    size,
                    space,
                });
            }
        };
        for (i, _) in text[from..to].char_indices() {
            let at = from + i;
            let key = (span_at(at), levels.get(at).copied().unwrap_or(Level::ltr()));
            match current {
                Some(k) if k != key => {
                    flush(self, piece_start, at, k.0, k.1);
                    piece_start = at;
                    current = Some(key);
                }
                None => current = Some(key),
                Some(_) => {}
            }
        }
        if let Some((span, level)) = current {
            flush(self, piece_start, to, span, level);
        }
    }

    /// Greedy line filling with emergency breaks inside words too wide for
    /// a line.
    fn lines(&mut self, words: Vec<Word>, width: f32) -> Vec<LineOut> {
        let width = width.max(20.0);
        let mut lines = Vec::new();
        let mut current: Vec<Word> = Vec::new();
        let mut used = 0.0f32;
        let mut queue: std::collections::VecDeque<Word> = words.into();
        while let Some(word) = queue.pop_front() {
            let content = word.content_width();
            if !current.is_empty() && used + content > width + 0.01 {
                lines.push(self.line_out(std::mem::take(&mut current), true));
                used = 0.0;
            }
            if current.is_empty() && content > width + 0.01 {
                let (head, tail) = self.split_word(word, width);
                lines.push(self.line_out(vec![head], false));
                if let Some(tail) = tail {
                    queue.push_front(tail);
                }
                continue;
            }
            used += word.width();
            let mandatory = word.mandatory_after;
            current.push(word);
            if mandatory {
                lines.push(self.line_out(std::mem::take(&mut current), false));
                used = 0.0;
            }
        }
        if !current.is_empty() {
            lines.push(self.line_out(current, false));
        }
        lines
    }

    fn line_out(&self, words: Vec<Word>, justify: bool) -> LineOut {
        let count = words.len();
        let mut frags = Vec::new();
        for (i, word) in words.into_iter().enumerate() {
            for frag in word.frags {
                if i + 1 == count && frag.space {
                    continue;
                }
                frags.push(frag);
            }
        }
        LineOut { frags, justify }
    }

    /// The longest head of `word` that fits `width` (at least one
    /// character), preferring to break after URL punctuation; the rest
    /// becomes a new word.
    fn split_word(&mut self, word: Word, width: f32) -> (Word, Option<Word>) {
        let mut head = Word::default();
        let mut used = 0.0;
        let mut frags = word.frags.into_iter();
        while let Some(frag) = frags.next() {
            if frag.space || used + frag.width <= width {
                used += frag.width;
                head.frags.push(frag);
                continue;
            }
            let run = Rc::clone(&frag.run);
            let scale = frag.size / self.shaper.fonts.units_per_em(run.face);
            // Width of each text prefix, by cluster.
            let text: &str = &run.text;
            let mut per_byte = vec![0.0f32; text.len() + 1];
            for glyph in &run.glyphs {
                if let Some(slot) = per_byte.get_mut(glyph.text.0 as usize) {
                    *slot += glyph.advance * scale;
                }
            }
            let room = width - used;
            let mut acc = 0.0;
            let mut best = None;
            let mut preferred = None;
            let mut prev_char: Option<char> = None;
            for (i, c) in text.char_indices() {
                if i > 0 && acc <= room {
                    best = Some(i);
                    if matches!(
                        prev_char,
                        Some('/' | '-' | '.' | '_' | '?' | '&' | '=' | '#')
                    ) && acc >= room * 0.6
                    {
                        preferred = Some(i);
                    }
                }
                acc += per_byte.get(i).copied().unwrap_or(0.0);
                prev_char = Some(c);
            }
            let cut = match (preferred.or(best), head.frags.is_empty()) {
                (Some(cut), _) => cut,
                (None, true) => text.chars().next().map_or(text.len(), char::len_utf8),
                (None, false) => 0,
            };
            let mut tail = Word {
                frags: Vec::new(),
                mandatory_after: word.mandatory_after,
            };
            let (a, b) = text.split_at(cut.min(text.len()));
            for (part, into_head) in [(a, true), (b, false)] {
                if part.is_empty() {
                    continue;
                }
                for piece in self.shaper.shape(part, run.face, run.rtl) {
                    let w = piece.advance * frag.size / self.shaper.fonts.units_per_em(piece.face);
                    let f = Frag {
                        run: piece,
                        width: w,
                        ..frag.clone()
                    };
                    if into_head {
                        head.frags.push(f);
                    } else {
                        tail.frags.push(f);
                    }
                }
            }
            tail.frags.extend(frags);
            if head.frags.is_empty() {
                return (tail, None);
            }
            return (head, Some(tail));
        }
        (head, None)
    }

    /// A paragraph's units: one per line.
    fn para_units(&mut self, para: &Para, left: f32, width: f32) -> Vec<Unit> {
        if let Some(marker) = &para.marker
            && self.text_width(marker) > MARKER_SPACE
        {
            // A marker too wide to hang (a long footnote label) starts the
            // paragraph's first line instead of being cut.
            let mut inline = para.clone();
            inline.marker = None;
            inline.spans = marker.clone();
            if let Some(last) = marker.last() {
                inline.spans.push(Span::new(" ", last.style.clone()));
            }
            inline.spans.extend(para.spans.iter().cloned());
            return self.para_units(&inline, left, width);
        }
        let x0 = left + para.indent;
        let avail = (width - para.indent - para.right_indent).max(20.0);
        let (words, rtl) = self.words(&para.spans);
        let lines = self.lines(words, avail);
        let count = lines.len();
        let mut units = Vec::with_capacity(count.max(1));
        for (i, line) in lines.into_iter().enumerate() {
            let mut unit = self.line_unit(&para.spans, line, para, x0, avail, rtl);
            if i == 0 {
                unit.space_before = para.space_before;
                if let Some(marker) = &para.marker {
                    let marker_units = self.para_units(
                        &Para::new(marker.clone(), para.leading),
                        x0 - 24.0,
                        MARKER_SPACE,
                    );
                    if let Some(first) = marker_units.into_iter().next() {
                        let max_x = first
                            .items
                            .iter()
                            .filter_map(|it| match it {
                                Item::Text { x, run, size, .. } => Some(
                                    x + run.advance * size
                                        / self.shaper.fonts.units_per_em(run.face),
                                ),
                                _ => None,
                            })
                            .fold(0.0f32, f32::max);
                        // Right-align the marker 5 pt before the text.
                        let dx = (x0 - 5.0) - max_x;
                        for mut item in first.items {
                            if let Item::Text { x, .. } = &mut item {
                                *x += dx;
                            }
                            unit.items.push(item);
                        }
                    }
                }
                if let Some(anchor) = &para.anchor {
                    unit.anchors.push(anchor.clone());
                }
                unit.outline.clone_from(&para.outline);
            }
            // Orphans and widows: the first line keeps with the second,
            // the last-but-one with the last.
            unit.keep_with_next =
                (i == 0 && count > 1) || (count > 2 && i + 2 == count) || para.keep_with_next;
            if i + 1 == count && !para.keep_with_next {
                unit.keep_with_next = false;
            }
            if let Some(bar_x) = para.bar {
                unit.items.push(Item::Rect {
                    x: left + bar_x,
                    y: 0.0,
                    w: 2.0,
                    h: unit.height,
                    fill: Rgb::HAIRLINE,
                });
            }
            if para.rule_below && i + 1 == count {
                unit.height += 4.0;
                unit.items.push(Item::Line {
                    x1: left,
                    y1: unit.height - 1.0,
                    x2: left + width,
                    y2: unit.height - 1.0,
                    width: 0.75,
                    color: Rgb::RULE,
                    dash: false,
                });
            }
            units.push(unit);
        }
        if units.is_empty() && (para.anchor.is_some() || para.outline.is_some()) {
            units.push(Unit {
                space_before: para.space_before,
                anchors: para.anchor.iter().cloned().collect(),
                outline: para.outline.clone(),
                keep_with_next: true,
                ..Unit::default()
            });
        }
        units
    }

    /// Places one line's frags: visual order, alignment, justification,
    /// decorations and links.
    fn line_unit(
        &self,
        spans: &[Span],
        line: LineOut,
        para: &Para,
        x0: f32,
        avail: f32,
        rtl: bool,
    ) -> Unit {
        let max_size = line
            .frags
            .iter()
            .map(|f| spans.get(f.span).map_or(f.size, |s| s.style.size))
            .fold(0.0f32, f32::max);
        let base_size = para.spans.first().map_or(10.0, |s| s.style.size).max(1.0);
        let height = if max_size > base_size {
            para.leading * max_size / base_size
        } else {
            para.leading
        };
        let glyph_size = if max_size > 0.0 { max_size } else { base_size };
        let baseline = (height - glyph_size * 1.36) / 2.0 + glyph_size * 1.07;

        let natural: f32 = line.frags.iter().map(|f| f.width).sum();
        let spaces: usize = line
            .frags
            .iter()
            .filter(|f| f.space)
            .map(|f| f.run.glyphs.len())
            .sum();
        let slack = (avail - natural).max(0.0);
        let justify = para.align == Align::Justify && line.justify && spaces > 0;
        let extra = if justify && slack / spaces as f32 <= glyph_size * 0.8 {
            slack / spaces as f32
        } else {
            0.0
        };
        let used = natural + extra * spaces as f32;
        let start_x = match (para.align, rtl) {
            (Align::Center, _) => x0 + (avail - used) / 2.0,
            (Align::Start | Align::Justify, false) | (Align::End, true) => x0,
            (Align::Start | Align::Justify, true) | (Align::End, false) => x0 + avail - used,
        };

        let levels: Vec<Level> = line.frags.iter().map(|f| f.level).collect();
        let order = BidiInfo::reorder_visual(&levels);
        let mut unit = Unit {
            height,
            ..Unit::default()
        };
        let mut x = start_x;
        let mut links: Vec<(f32, f32, Target)> = Vec::new();
        for index in order {
            let Some(frag) = line.frags.get(index) else {
                continue;
            };
            let span = spans.get(frag.span);
            let style = span.map(|s| &s.style);
            let frag_extra = if frag.space { extra } else { 0.0 };
            let w = frag.width + frag_extra * frag.run.glyphs.len() as f32;
            let rise = style.map_or(0.0, |s| s.rise);
            let color = style.map_or(Rgb::TEXT, |s| s.color);
            if !frag.space {
                unit.items.push(Item::Text {
                    run: Rc::clone(&frag.run),
                    size: frag.size,
                    color,
                    x,
                    y: baseline - rise,
                    extra: 0.0,
                });
            } else if frag_extra == 0.0 || !frag.run.glyphs.is_empty() {
                // Spaces are drawn too, so that copied text keeps them.
                unit.items.push(Item::Text {
                    run: Rc::clone(&frag.run),
                    size: frag.size,
                    color,
                    x,
                    y: baseline - rise,
                    extra: frag_extra,
                });
            }
            if let Some(style) = style {
                if style.underline && !frag.space {
                    unit.items.push(Item::Line {
                        x1: x,
                        y1: baseline + 1.5,
                        x2: x + w,
                        y2: baseline + 1.5,
                        width: 0.5,
                        color: style.color,
                        dash: false,
                    });
                }
                if style.strike && !frag.space {
                    let y = baseline - frag.size * 0.3;
                    unit.items.push(Item::Line {
                        x1: x,
                        y1: y,
                        x2: x + w,
                        y2: y,
                        width: 0.6,
                        color: style.color,
                        dash: false,
                    });
                }
            }
            if let Some(target) = span.and_then(|s| s.link.clone()) {
                match links.last_mut() {
                    Some((_, end, last)) if *last == target && (*end - x).abs() < 0.5 => {
                        *end = x + w;
                    }
                    _ => links.push((x, x + w, target)),
                }
            }
            x += w;
        }
        for (from, to, target) in links {
            unit.items.push(Item::Link {
                x: from,
                y: 0.0,
                w: (to - from).max(1.0),
                h: height,
                target,
            });
        }
        unit
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

    /// Column widths: natural widths when they fit, else each column its
    /// longest word plus a share of the rest in proportion to its need.
    /// The width of `spans` set on one line, trailing spaces left out.
    fn text_width(&mut self, spans: &[Span]) -> f32 {
        let (words, _) = self.words(spans);
        let count = words.len();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i + 1 == count {
                    w.content_width()
                } else {
                    w.width()
                }
            })
            .sum()
    }

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

    fn table(&mut self, table: &Table) {
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

    fn chart(&mut self, chart: &Chart) {
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
                let label = match t {
                    t if t > 0 => format!("+{t}"),
                    t if t < 0 => format!("−{}", -t),
                    _ => "0".to_owned(),
                };
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
}

impl Layouter<'_, '_> {
    /// The timeline as one unit: a grid with signed whole-number ticks, a
    /// line per series (segments between consecutive scored weeks), a dot
    /// at each line's end, date labels and a three-column legend.
    fn line_chart(&mut self, chart: &LineChart) {
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
            let label = if value > 0.0 {
                format!("+{value:.0}")
            } else if value < 0.0 {
                format!("−{:.0}", -value)
            } else {
                "0".to_owned()
            };
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

/// Cuts a unit taller than `max` into slices that do not cut through text.
/// The lines and dot of `spark`, its box's top left at (`left`, `top`).
fn spark_items(unit: &mut Unit, spark: &Spark, left: f32, top: f32) {
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

fn split_unit(unit: Unit, max: f32) -> Vec<Unit> {
    // Text lines as (top, bottom) bands, from their baselines.
    let mut bands: Vec<(f32, f32)> = unit
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Text { y, size, .. } => Some((y - size * 1.1, y + size * 0.4)),
            _ => None,
        })
        .collect();
    bands.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cuts = Vec::new();
    let mut start = 0.0f32;
    while unit.height - start > max {
        // The lowest point at or above start + max that is outside every band.
        let mut cut = start + max;
        for &(top, bottom) in &bands {
            if top < cut && bottom > cut {
                cut = top;
            }
        }
        if cut <= start + 1.0 {
            cut = start + max;
        }
        cuts.push(cut);
        start = cut;
    }
    cuts.push(unit.height);
    let mut parts = Vec::new();
    let mut from = 0.0f32;
    for cut in cuts {
        let mut part = Unit {
            height: cut - from,
            ..Unit::default()
        };
        for item in &unit.items {
            let (top, bottom) = match item {
                Item::Text { y, size, .. } => (y - size, *y),
                Item::Rect { y, h, .. } | Item::Link { y, h, .. } => (*y, y + h),
                Item::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
            };
            let inside = match item {
                Item::Text { .. } => bottom > from && bottom <= cut + 0.01,
                _ => top < cut && bottom > from,
            };
            if inside {
                let mut copy = item.clone();
                copy.shift(-from);
                if let Item::Line { y1, y2, .. } = &mut copy {
                    *y1 = y1.clamp(0.0, cut - from);
                    *y2 = y2.clamp(0.0, cut - from);
                }
                if let Item::Rect { y, h, .. } | Item::Link { y, h, .. } = &mut copy {
                    let top = y.max(0.0);
                    let bottom = (*y + *h).min(cut - from);
                    *y = top;
                    *h = (bottom - top).max(0.0);
                }
                part.items.push(copy);
            }
        }
        parts.push(part);
        from = cut;
    }
    parts
}

impl Laid {
    /// Appends `other`'s units after these, its table headers with them.
    pub fn append(&mut self, other: Laid) {
        let offset = self.headers.len();
        self.headers.extend(other.headers);
        self.units.extend(other.units.into_iter().map(|mut unit| {
            unit.header = unit.header.map(|h| h + offset);
            unit
        }));
    }
}

/// Where each unit goes: per page, (unit or header, y from the body top).
fn place(laid: &Laid, geometry: Geometry) -> Vec<Vec<(Placed, f32)>> {
    let body = geometry.body_height();
    // Each page: (unit index or header index, y).
    let mut pages: Vec<Vec<(Placed, f32)>> = vec![Vec::new()];
    let mut page_start = 0usize;
    let mut y = 0.0f32;
    let mut i = 0usize;
    let units = &laid.units;
    // Units placed early, above a figure that floated to the next page.
    let mut pulled = vec![false; units.len()];
    // Whether the current page holds a unit (a repeated header alone does
    // not count: the next unit goes under it whatever its height).
    let mut has_content = false;
    while i < units.len() {
        if pulled[i] {
            i += 1;
            continue;
        }
        let unit = &units[i];
        if unit.page_break_before && has_content {
            pages.push(Vec::new());
            page_start = i;
            y = 0.0;
            has_content = false;
        }
        let space = if has_content { unit.space_before } else { 0.0 };
        if has_content && y + space + unit.height > body + 0.01 {
            // Carry the chain of kept units ending here over with it.
            let mut start = i;
            while start > page_start && units[start - 1].keep_with_next {
                start -= 1;
            }
            if start > page_start && start < i {
                if let Some(page) = pages.last_mut() {
                    page.retain(|(p, _)| match p {
                        Placed::Unit(u) => *u < start,
                        Placed::Header(_) => true,
                    });
                    // A repeated header left alone at the bottom goes too.
                    while matches!(page.last(), Some((Placed::Header(_), _))) {
                        page.pop();
                    }
                }
                i = start;
            }
            if floats_to_the_next_page(units, i, body) {
                // A figure that does not fit: fill the page with the text
                // that follows it, and let the figure head the next page.
                let page = pages.last_mut().expect("a page");
                let bottom = page.last().map_or(0.0, |(placed, top)| {
                    top + match placed {
                        Placed::Unit(u) => units[*u].height,
                        Placed::Header(h) => laid.headers[*h].height,
                    }
                });
                pull_below_figure(units, i, bottom, body, page, &mut pulled);
            }
            pages.push(Vec::new());
            page_start = i;
            y = 0.0;
            has_content = false;
            if let Some(h) = units[i].header
                && let Some(header) = laid.headers.get(h)
            {
                if let Some(page) = pages.last_mut() {
                    page.push((Placed::Header(h), 0.0));
                }
                y += header.height;
            }
            continue;
        }
        y += space;
        if let Some(page) = pages.last_mut() {
            page.push((Placed::Unit(i), y));
        }
        has_content = true;
        y += unit.height;
        i += 1;
    }
    if pages.last().is_some_and(Vec::is_empty) && pages.len() > 1 {
        pages.pop();
    }
    pages
}

/// Whether the kept chain at unit `first`, which does not fit on this
/// page, is a figure to float to the next one while the text after it
/// fills this page. Only when `first` starts the chain (one begun higher
/// up cannot move), the chain holds a figure with nothing before it that
/// must stay above that text (a heading, a page break), and the chain fits
/// on an empty page.
fn floats_to_the_next_page(units: &[Unit], first: usize, body: f32) -> bool {
    if first > 0 && units[first - 1].keep_with_next {
        return false;
    }
    let mut end = first;
    while end + 1 < units.len() && units[end].keep_with_next {
        end += 1;
    }
    let chain = &units[first..=end];
    let Some(figure) = chain.iter().position(|u| u.float) else {
        return false;
    };
    let anchored = chain[..figure]
        .iter()
        .any(|u| u.outline.is_some() || u.page_break_before || u.header.is_some());
    let height: f32 = chain.iter().skip(1).map(|u| u.space_before).sum::<f32>()
        + chain.iter().map(|u| u.height).sum::<f32>();
    !anchored && height <= body + 0.01
}

/// Places on `page` (filled down to `bottom`) the text after the figure
/// that starts at unit `figure`, a kept chain of units at a time, while it
/// fits; marks what it placed in `pulled`. Stops at anything that should
/// not move above a figure: a heading, another figure, a table row, a
/// page break, or text already pulled above this figure once.
fn pull_below_figure(
    units: &[Unit],
    figure: usize,
    mut bottom: f32,
    body: f32,
    page: &mut Vec<(Placed, f32)>,
    pulled: &mut [bool],
) {
    // Past the figure's caption (kept with it) and the figure itself.
    let mut next = figure;
    while next < units.len() && !units[next].float && units[next].keep_with_next {
        next += 1;
    }
    while next < units.len() && units[next].float {
        next += 1;
    }
    while next < units.len() {
        let mut end = next;
        while end + 1 < units.len() && units[end].keep_with_next {
            end += 1;
        }
        let chain = &units[next..=end];
        let barrier = chain
            .iter()
            .any(|u| u.float || u.page_break_before || u.outline.is_some() || u.header.is_some())
            || pulled[next..=end].contains(&true);
        let height: f32 = chain.iter().map(|u| u.space_before + u.height).sum();
        if barrier || bottom + height > body + 0.01 {
            return;
        }
        for (index, unit) in chain.iter().enumerate() {
            bottom += unit.space_before;
            page.push((Placed::Unit(next + index), bottom));
            pulled[next + index] = true;
            bottom += unit.height;
        }
        next = end + 1;
    }
}

/// The page (0-based) each anchor lands on, and the number of pages, as
/// [`paginate`] would place them, without building the pages.
pub fn anchor_pages(laid: &Laid, geometry: Geometry) -> (BTreeMap<String, usize>, usize) {
    let pages = place(laid, geometry);
    let mut anchors = BTreeMap::new();
    for (index, placed) in pages.iter().enumerate() {
        for (what, _) in placed {
            let unit = match what {
                Placed::Unit(u) => &laid.units[*u],
                Placed::Header(h) => &laid.headers[*h],
            };
            for anchor in &unit.anchors {
                anchors.entry(anchor.clone()).or_insert(index);
            }
        }
    }
    (anchors, pages.len())
}

/// Stacks units onto pages. Takes the units by value and moves their items
/// onto the pages (only repeated table headers are copied), so a long
/// document is not held twice.
pub fn paginate(mut laid: Laid, geometry: Geometry) -> Paginated {
    let mut out = Paginated::default();
    for (index, placed) in place(&laid, geometry).into_iter().enumerate() {
        let mut page = Page::default();
        for (what, top) in placed {
            let page_y = geometry.top + top;
            let (unit, items) = match what {
                Placed::Unit(u) => {
                    let unit = &mut laid.units[u];
                    let items = std::mem::take(&mut unit.items);
                    (&laid.units[u], items)
                }
                Placed::Header(h) => (&laid.headers[h], laid.headers[h].items.clone()),
            };
            for anchor in &unit.anchors {
                out.anchors.entry(anchor.clone()).or_insert(Spot {
                    page: index,
                    y: page_y,
                });
            }
            if let Some(mark) = &unit.outline {
                out.outline.push((
                    mark.clone(),
                    Spot {
                        page: index,
                        y: page_y,
                    },
                ));
            }
            page.items.extend(items.into_iter().map(|mut item| {
                item.shift(page_y);
                item
            }));
        }
        out.pages.push(page);
    }
    out
}

/// What every page's header and footer carry.
#[derive(Debug, Clone)]
pub struct RunningHead {
    /// Top left: organization and workspace.
    pub left: String,
    /// Bottom left: the document's title.
    pub title: String,
    /// The TLP label and its colour (shown on black).
    pub marking: String,
    pub colour: Rgb,
}

/// Adds the running header and footer to every page: the marking in its
/// TLP colour on black at top right and bottom left, `page N of M` at
/// bottom right.
pub fn running_heads(
    shaper: &mut Shaper<'_>,
    geometry: Geometry,
    pages: &mut [Page],
    head: &RunningHead,
) {
    let total = pages.len();
    let mut layouter = Layouter::new(shaper, geometry);
    let muted = Style::new(Family::Sans, 7.5).color(Rgb::MUTED);
    let mark_style = Style::new(Family::Sans, 7.5).bold().color(head.colour);
    let left = geometry.left;
    let right = geometry.width - geometry.right;
    let width = geometry.body_width();
    let header_top = geometry.top - 44.0;
    let footer_top = geometry.height - geometry.bottom + 26.0;
    let line = |layouter: &mut Layouter<'_, '_>,
                spans: Vec<Span>,
                x: f32,
                w: f32,
                align: Align,
                top: f32| {
        let mut para = Para::new(spans, 12.0);
        para.align = align;
        let mut items = Vec::new();
        if let Some(first) = layouter.para_units(&para, x, w).into_iter().next() {
            for mut item in first.items {
                item.shift(top);
                items.push(item);
            }
        }
        items
    };
    let text_width = |items: &[Item], fonts: &super::fonts::Fonts| -> (f32, f32) {
        let mut lo = f32::MAX;
        let mut hi = f32::MIN;
        for item in items {
            if let Item::Text { run, size, x, .. } = item {
                lo = lo.min(*x);
                hi = hi.max(x + run.advance * size / fonts.units_per_em(run.face));
            }
        }
        (lo, hi)
    };
    for (index, page) in pages.iter_mut().enumerate() {
        let mut items = Vec::new();
        // Header: context left, marking right.
        items.extend(line(
            &mut layouter,
            vec![Span::new(head.left.clone(), muted.clone())],
            left,
            width * 0.7,
            Align::Start,
            header_top,
        ));
        let mark = line(
            &mut layouter,
            vec![Span::new(head.marking.clone(), mark_style.clone())],
            right - 4.0 - 150.0,
            150.0,
            Align::End,
            header_top,
        );
        let (lo, hi) = text_width(&mark, layouter.shaper.fonts);
        if lo <= hi {
            items.push(Item::Rect {
                x: lo - 4.0,
                y: header_top + 0.5,
                w: hi - lo + 8.0,
                h: 11.0,
                fill: Rgb::BLACK,
            });
        }
        items.extend(mark);
        items.push(Item::Line {
            x1: left,
            y1: header_top + 16.0,
            x2: right,
            y2: header_top + 16.0,
            width: 0.4,
            color: Rgb::HAIRLINE,
            dash: false,
        });
        // Footer: marking left, title centre, page number right.
        items.push(Item::Line {
            x1: left,
            y1: footer_top - 6.0,
            x2: right,
            y2: footer_top - 6.0,
            width: 0.4,
            color: Rgb::HAIRLINE,
            dash: false,
        });
        let mark = line(
            &mut layouter,
            vec![Span::new(head.marking.clone(), mark_style.clone())],
            left + 4.0,
            150.0,
            Align::Start,
            footer_top,
        );
        let (lo, hi) = text_width(&mark, layouter.shaper.fonts);
        if lo <= hi {
            items.push(Item::Rect {
                x: lo - 4.0,
                y: footer_top + 0.5,
                w: hi - lo + 8.0,
                h: 11.0,
                fill: Rgb::BLACK,
            });
        }
        items.extend(mark);
        items.extend(line(
            &mut layouter,
            vec![Span::new(head.title.clone(), muted.clone())],
            left + 110.0,
            width - 220.0,
            Align::Center,
            footer_top,
        ));
        let number = format!("page {} of {}", index + 1, total);
        items.extend(line(
            &mut layouter,
            vec![Span::new(number, muted.clone())],
            right - 100.0,
            100.0,
            Align::End,
            footer_top,
        ));
        // Under the body: draw the heads first.
        items.append(&mut page.items);
        page.items = items;
    }
}

#[derive(Debug, Clone, Copy)]
enum Placed {
    Unit(usize),
    Header(usize),
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Fonts;
    use super::*;

    fn body(size: f32) -> Style {
        Style::new(Family::Serif, size)
    }

    fn lay(blocks: &[Block]) -> (Paginated, Geometry) {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let geometry = Geometry::a4();
        let mut layouter = Layouter::new(&mut shaper, geometry);
        for block in blocks {
            layouter.push(block);
        }
        let laid = layouter.finish();
        (paginate(laid, geometry), geometry)
    }

    /// The unit indices `place` puts on each page.
    fn placed_units(units: Vec<Unit>) -> Vec<Vec<usize>> {
        let laid = Laid {
            units,
            headers: Vec::new(),
        };
        place(&laid, Geometry::a4())
            .into_iter()
            .map(|page| {
                page.into_iter()
                    .filter_map(|(p, _)| match p {
                        Placed::Unit(u) => Some(u),
                        Placed::Header(_) => None,
                    })
                    .collect()
            })
            .collect()
    }

    fn block(height: f32) -> Unit {
        Unit {
            height,
            space_before: 0.0,
            ..Unit::default()
        }
    }

    #[test]
    fn a_figure_that_does_not_fit_floats_below_the_text_that_follows() {
        let body = Geometry::a4().body_height();
        let figure = |float| Unit {
            float,
            ..block(200.0)
        };
        let units = |float| {
            vec![
                block(body - 100.0),
                Unit {
                    keep_with_next: true,
                    ..block(20.0)
                }, // the figure's caption
                figure(float),
                block(50.0),
                Unit {
                    keep_with_next: true,
                    ..block(30.0)
                },
                block(30.0), // a kept pair: too tall for what is left
                Unit {
                    outline: Some(OutlineMark {
                        level: 2,
                        title: "Next section".into(),
                        anchor: "next".into(),
                    }),
                    ..block(20.0)
                },
                block(50.0),
            ]
        };
        assert_eq!(
            placed_units(units(true)),
            [vec![0, 3], vec![1, 2, 4, 5, 6, 7]],
            "the paragraph after the figure fills the first page"
        );
        assert_eq!(
            placed_units(units(false)),
            [vec![0], vec![1, 2, 3, 4, 5, 6, 7]],
            "anything else keeps its place"
        );
        // A heading is never pulled above the figure.
        let mut heading_next = units(true);
        heading_next.swap(3, 6);
        assert_eq!(
            placed_units(heading_next),
            [vec![0], vec![1, 2, 3, 4, 5, 6, 7]]
        );
    }

    #[test]
    fn a_caption_that_does_not_fit_still_floats_its_figure() {
        let body = Geometry::a4().body_height();
        let units = vec![
            block(body - 10.0),
            Unit {
                keep_with_next: true,
                ..block(20.0)
            },
            Unit {
                float: true,
                ..block(200.0)
            },
            block(5.0),
        ];
        assert_eq!(placed_units(units), [vec![0, 3], vec![1, 2]]);
    }

    #[test]
    fn text_is_never_pulled_into_a_figure_begun_on_an_earlier_page() {
        let body = Geometry::a4().body_height();
        let row = |keep| Unit {
            float: true,
            keep_with_next: keep,
            ..block(17.0)
        };
        // A caption and a 50-row chart (taller than a page), then text.
        let mut units = vec![Unit {
            keep_with_next: true,
            ..block(20.0)
        }];
        units.extend((0..50).map(|r| row(r < 49)));
        units.extend([block(5.0), block(5.0)]);
        assert!(50.0 * 17.0 > body);
        let placed: Vec<usize> = placed_units(units).into_iter().flatten().collect();
        assert_eq!(placed, (0..53).collect::<Vec<_>>(), "in order");
    }

    #[test]
    fn text_is_never_pulled_above_the_heading_of_its_figure() {
        let body = Geometry::a4().body_height();
        let units = vec![
            block(body - 100.0),
            Unit {
                keep_with_next: true,
                outline: Some(OutlineMark {
                    level: 2,
                    title: "Who gains leverage".into(),
                    anchor: "leverage".into(),
                }),
                ..block(20.0)
            },
            Unit {
                keep_with_next: true,
                ..block(20.0)
            },
            Unit {
                float: true,
                ..block(200.0)
            },
            block(5.0),
        ];
        assert_eq!(placed_units(units), [vec![0], vec![1, 2, 3, 4]]);
    }

    #[test]
    fn a_figure_taller_than_a_page_places_every_unit_once() {
        let body = Geometry::a4().body_height();
        let units = vec![
            block(body - 100.0),
            Unit {
                keep_with_next: true,
                ..block(20.0)
            },
            Unit {
                float: true,
                ..block(body + 50.0)
            },
            block(30.0),
            block(30.0),
        ];
        let placed: Vec<usize> = placed_units(units).into_iter().flatten().collect();
        assert_eq!(placed, [0, 1, 2, 3, 4], "in order, none twice, none lost");
    }

    fn text_extents(page: &Page, fonts: &Fonts) -> Vec<(f32, f32, f32)> {
        page.items
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    run,
                    size,
                    x,
                    y,
                    extra,
                    ..
                } => Some((
                    *x,
                    x + run.advance * size / fonts.units_per_em(run.face)
                        + extra * run.glyphs.len() as f32,
                    *y,
                )),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn long_paragraph_stays_inside_the_margins_and_paginates() {
        let text = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(400);
        let mut para = Para::new(vec![Span::new(text, body(10.0))], 14.0);
        para.align = Align::Justify;
        let (out, g) = lay(&[Block::Para(para)]);
        assert!(out.pages.len() > 3, "{}", out.pages.len());
        let fonts = Fonts::load().expect("fonts");
        for page in &out.pages {
            for (x1, x2, y) in text_extents(page, &fonts) {
                assert!(
                    x1 >= g.left - 0.01 && x2 <= g.width - g.right + 0.5,
                    "{x1}..{x2}"
                );
                assert!(y >= g.top && y <= g.height - g.bottom, "{y}");
            }
        }
    }

    #[test]
    fn an_unbroken_string_is_broken_to_fit() {
        let text = "x".repeat(2000);
        let (out, g) = lay(&[Block::Para(Para::new(
            vec![Span::new(text, body(10.0))],
            14.0,
        ))]);
        let fonts = Fonts::load().expect("fonts");
        let extents: Vec<_> = out
            .pages
            .iter()
            .flat_map(|p| text_extents(p, &fonts))
            .collect();
        assert!(extents.len() > 10);
        for (x1, x2, _) in extents {
            assert!(
                x1 >= g.left - 0.01 && x2 <= g.width - g.right + 0.5,
                "{x1}..{x2}"
            );
        }
    }

    #[test]
    fn a_marker_too_wide_to_hang_starts_its_line_whole() {
        let fonts = Fonts::load().expect("fonts");
        for (label, hangs) in [("a.", true), ("ministry-source.", false)] {
            let mut note = Para::new(vec![Span::new("The source said so.", body(10.0))], 14.0);
            note.indent = 18.0;
            note.marker = Some(vec![Span::new(label, body(8.5))]);
            let (paginated, geometry) = lay(&[Block::Para(note)]);
            let page = &paginated.pages[0];
            let text: String = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text { run, .. } => Some(run.text.to_string()),
                    _ => None,
                })
                .collect();
            assert!(text.contains(label), "{label} is set whole: {text}");
            let extents = text_extents(page, &fonts);
            let leftmost = extents.iter().map(|e| e.0).fold(f32::MAX, f32::min);
            assert!(
                leftmost >= geometry.left - 0.01,
                "{label} inside the margin"
            );
            let text_x = geometry.left + 18.0;
            assert_eq!(leftmost < text_x - 0.01, hangs, "{label}: {leftmost}");
        }
    }

    #[test]
    fn headings_keep_with_their_next_lines() {
        let filler = "word ".repeat(50);
        let mut blocks = Vec::new();
        for _ in 0..14 {
            blocks.push(Block::Para(Para::new(
                vec![Span::new(filler.clone(), body(10.0))],
                14.0,
            )));
        }
        let mut heading = Para::new(vec![Span::new("Heading", body(14.0).bold())], 18.0);
        heading.keep_with_next = true;
        heading.anchor = Some("h".to_owned());
        blocks.push(Block::Para(heading));
        blocks.push(Block::Para(Para::new(
            vec![Span::new(filler.clone(), body(10.0))],
            14.0,
        )));
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let g = Geometry::a4();
        // Move the heading down the page until it meets the page end.
        for pad in 0..40 {
            let mut layouter = Layouter::new(&mut shaper, g);
            layouter.push(&Block::Rule {
                indent: 0.0,
                space_before: pad as f32 * 3.0,
            });
            for block in &blocks {
                layouter.push(block);
            }
            let laid = layouter.finish();
            let out = paginate(laid, g);
            let spot = out.anchors["h"];
            // At least two more lines follow the heading on its page.
            let below = text_extents(&out.pages[spot.page], &fonts)
                .into_iter()
                .filter(|(_, _, y)| *y > spot.y + 20.0)
                .map(|(_, _, y)| (y * 10.0) as i64)
                .collect::<std::collections::BTreeSet<_>>();
            assert!(below.len() >= 2, "pad {pad}: {} lines", below.len());
        }
    }

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
