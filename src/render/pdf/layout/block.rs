//! What content hands to layout: blocks (paragraphs of styled spans,
//! code, tables, the charts, rules, page breaks) and their styles.

use std::sync::Arc;

use super::super::fonts::{FaceId, Family, primary_face};
use crate::figures::Image;

/// An sRGB colour, components 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rgb(pub f32, pub f32, pub f32);

impl Rgb {
    pub(crate) const BLACK: Rgb = Rgb(0.0, 0.0, 0.0);
    pub(crate) const TEXT: Rgb = Rgb(0.11, 0.11, 0.13);
    pub(crate) const MUTED: Rgb = Rgb(0.36, 0.38, 0.42);
    pub(crate) const RULE: Rgb = Rgb(0.55, 0.57, 0.6);
    pub(crate) const HAIRLINE: Rgb = Rgb(0.82, 0.83, 0.85);
    pub(crate) const LINK: Rgb = Rgb(0.05, 0.3, 0.6);
    pub(crate) const CODE_BG: Rgb = Rgb(0.95, 0.95, 0.96);

    /// `#RRGGBB`; anything else is black.
    pub(crate) fn hex(text: &str) -> Rgb {
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
pub(crate) struct Style {
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
    pub(crate) fn new(family: Family, size: f32) -> Style {
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
    pub(crate) fn bold(mut self) -> Style {
        self.bold = true;
        self
    }
    pub(crate) fn italic(mut self) -> Style {
        self.italic = true;
        self
    }
    pub(crate) fn color(mut self, color: Rgb) -> Style {
        self.color = color;
        self
    }
    pub(super) fn face(&self) -> FaceId {
        primary_face(self.family, self.bold, self.italic)
    }
}

/// Where a link goes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Target {
    Uri(String),
    Anchor(String),
}

/// Where what a block draws goes in a tagged PDF: into a structure
/// element, or out of the structure as an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Tag {
    /// Decoration: rules, backgrounds, the watermark, repeated headers.
    #[default]
    Artifact,
    /// The running header and footer: pagination artifacts.
    Pagination,
    /// Content of the structure element of this index (`tags::Tree`).
    Node(u32),
}

/// What a paragraph is, where its shape does not say (a heading says so
/// by its outline entry, a list item by its marker).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Role {
    #[default]
    Auto,
    /// The caption of the figure or table that follows.
    Caption,
    /// A heading in a note's markdown (its markdown level).
    Heading(u8),
}

/// A container a note's paragraph sits in, numbered within its markdown
/// so that two lists in a row stay two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    Quote(u32),
    List(u32),
    Item(u32),
    /// A footnote (set as an endnote).
    Note(u32),
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Span {
    pub text: String,
    pub style: Style,
    pub link: Option<Target>,
    /// The `Link` structure element of a linked span (set by `tags`).
    pub node: Option<u32>,
}

impl Span {
    pub(crate) fn new(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
            link: None,
            node: None,
        }
    }
    pub(crate) fn link(mut self, target: Option<Target>) -> Span {
        if target.is_some() {
            self.style.color = Rgb::LINK;
        }
        self.link = target;
        self
    }
}

/// Horizontal alignment, relative to the paragraph's direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Start,
    Justify,
    Center,
    End,
}

/// An outline (bookmark) entry a block opens.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutlineMark {
    pub level: u8,
    pub title: String,
    pub anchor: String,
}

/// A paragraph, heading or list item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Para {
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
    /// What it is in the structure tree, and the containers it sits in.
    pub role: Role,
    pub groups: Vec<Group>,
    /// Where its text and its marker go (set by `tags`).
    pub tag: Tag,
    pub marker_tag: Tag,
}

impl Para {
    pub(crate) fn new(spans: Vec<Span>, leading: f32) -> Para {
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
            role: Role::Auto,
            groups: Vec::new(),
            tag: Tag::Artifact,
            marker_tag: Tag::Artifact,
        }
    }
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Column {
    pub align: Align,
}

/// A table: the header row repeats on every page the table runs onto.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Table {
    pub columns: Vec<Column>,
    pub header: Vec<Vec<Span>>,
    pub rows: Vec<Vec<Vec<Span>>>,
    pub size: f32,
    pub indent: f32,
    pub space_before: f32,
    /// Sparklines drawn in one column, one per row (`None`: that row's
    /// cell keeps its text).
    pub sparks: Option<SparkColumn>,
    /// Where each cell goes (set by `tags`).
    pub tags: TableTags,
}

/// The structure elements of a table's cells, by row and column; a
/// sparkline's is its cell's.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct TableTags {
    pub header: Vec<Tag>,
    pub rows: Vec<Vec<Tag>>,
}

impl TableTags {
    /// The tag of the cell in `row` (`None`: the header) and `column`.
    pub(crate) fn cell(&self, row: Option<usize>, column: usize) -> Tag {
        let cells = match row {
            None => Some(&self.header),
            Some(r) => self.rows.get(r),
        };
        cells
            .and_then(|c| c.get(column))
            .copied()
            .unwrap_or_default()
    }
}

/// A column of sparklines in a [`Table`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SparkColumn {
    pub column: usize,
    pub rows: Vec<Option<Spark>>,
}

/// A small line of values over evenly spaced points, scaled to its own
/// range, with a dot on the last value and a zero line when zero is
/// within that range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spark {
    /// One per point; `None` where there is no value.
    pub values: Vec<Option<f64>>,
    pub color: Rgb,
}

/// One bar of the leverage chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    pub label: String,
    pub value: f64,
    pub value_text: String,
    pub contested: bool,
}

/// The leverage bar chart: bars left (loss) and right (gain) of zero on a
/// fixed −5..5 scale.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Chart {
    pub bars: Vec<Bar>,
    pub space_before: f32,
    /// Its alternative text, said from the data it draws.
    pub alt: String,
    pub tag: Tag,
}

/// One actor's line in the timeline chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Series {
    pub label: String,
    /// One per date; `None` where the actor is not scored yet.
    pub values: Vec<Option<f64>>,
    pub color: Rgb,
    pub dash: bool,
}

/// Leverage over time: lines over weekly dates, a legend under them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LineChart {
    /// A label per date; empty labels are not shown.
    pub dates: Vec<String>,
    pub series: Vec<Series>,
    pub space_before: f32,
    /// Its alternative text, said from the data it draws.
    pub alt: String,
    pub tag: Tag,
}

/// A note's image, scaled to the text width (never past its natural size
/// at 96 pixels to the inch) and to a page, its caption under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Figure {
    pub image: Arc<Image>,
    /// Its alternative text, for the tagged PDF's `/Alt`.
    pub alt: String,
    pub caption: Option<String>,
    pub indent: f32,
    pub space_before: f32,
    /// The image's structure element (a `Figure` with `/Alt`), or an
    /// artifact when its alternative text is empty (decoration).
    pub tag: Tag,
    /// Its caption's (`Caption`, inside the figure).
    pub caption_tag: Tag,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Block {
    Figure(Figure),
    Para(Para),
    LineChart(LineChart),
    Code {
        text: String,
        indent: f32,
        space_before: f32,
        tag: Tag,
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
