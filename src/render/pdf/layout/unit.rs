//! What layout makes: units (a line, a table row, a chart bar, each with
//! what it draws), the page geometry, and paginated pages.

use std::collections::BTreeMap;
use std::rc::Rc;
use std::sync::Arc;

use super::super::shape::ShapedRun;
use super::block::{OutlineMark, Rgb, Tag, Target};
use crate::figures::Image;

/// Something drawn, relative to its unit's top (in a unit) or to the page
/// top (once paginated).
#[derive(Debug, Clone)]
pub(crate) enum Item {
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
        /// Its `Link` structure element.
        node: Option<u32>,
    },
    /// What follows in the unit (until the next mark) goes to this
    /// structure element or is an artifact.
    Mark(Tag),
    /// A filled outline (the DRAFT watermark's letters): no text, so it
    /// neither shows in copied text nor counts as a word on the page.
    Path { ops: Vec<PathOp>, fill: Rgb },
    /// A note's image drawn into the box whose top left is (x, y); `alt`
    /// is its alternative text (the tagged PDF's `/Alt` for a `Figure`).
    Image {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        image: Arc<Image>,
        // Read by the tagged PDF's `Figure` element (issue 18).
        #[allow(dead_code)]
        alt: String,
    },
}

/// One step of a path outline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum PathOp {
    Move(f32, f32),
    Line(f32, f32),
    /// A cubic Bézier: two control points, then the end point.
    Cubic(f32, f32, f32, f32, f32, f32),
    Close,
}

impl PathOp {
    fn shift(&mut self, dy: f32) {
        match self {
            PathOp::Move(_, y) | PathOp::Line(_, y) => *y += dy,
            PathOp::Cubic(_, y1, _, y2, _, y) => {
                *y1 += dy;
                *y2 += dy;
                *y += dy;
            }
            PathOp::Close => {}
        }
    }

    /// The y of each point (end and control points).
    pub(super) fn ys(&self) -> impl Iterator<Item = f32> {
        let ys: [Option<f32>; 3] = match *self {
            PathOp::Move(_, y) | PathOp::Line(_, y) => [Some(y), None, None],
            PathOp::Cubic(_, y1, _, y2, _, y) => [Some(y1), Some(y2), Some(y)],
            PathOp::Close => [None, None, None],
        };
        ys.into_iter().flatten()
    }
}

impl Item {
    pub(super) fn shift(&mut self, dy: f32) {
        match self {
            Item::Text { y, .. }
            | Item::Rect { y, .. }
            | Item::Link { y, .. }
            | Item::Image { y, .. } => *y += dy,
            Item::Line { y1, y2, .. } => {
                *y1 += dy;
                *y2 += dy;
            }
            Item::Path { ops, .. } => ops.iter_mut().for_each(|op| op.shift(dy)),
            Item::Mark(_) => {}
        }
    }
}

/// A piece of a block that pagination moves as a whole.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unit {
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
    /// Where its items go until a [`Item::Mark`] says otherwise.
    pub tag: Tag,
    /// A figure (chart) that may move below the text that follows it when
    /// it does not fit at the bottom of a page, as a typesetter floats one,
    /// rather than leave the rest of the page empty.
    pub float: bool,
}

/// The margins around the text block, in points; the top and bottom ones
/// hold the running header and footer (`page.rs`).
const MARGIN_LEFT: f32 = 64.0;
const MARGIN_RIGHT: f32 = 64.0;
const MARGIN_TOP: f32 = 76.0;
const MARGIN_BOTTOM: f32 = 72.0;

/// The page and its text block.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Geometry {
    /// The page's size.
    pub width: f32,
    pub height: f32,
    /// The margins: the text block's distance from each page edge.
    pub left: f32,
    pub right: f32,
    pub top: f32,
    pub bottom: f32,
}

impl Geometry {
    /// ISO A4, 210 × 297 mm.
    pub(crate) fn a4() -> Geometry {
        Geometry::new(595.28, 841.89)
    }
    /// US Letter, 8.5 × 11 in.
    pub(crate) fn letter() -> Geometry {
        Geometry::new(612.0, 792.0)
    }
    fn new(width: f32, height: f32) -> Geometry {
        Geometry {
            width,
            height,
            left: MARGIN_LEFT,
            right: MARGIN_RIGHT,
            top: MARGIN_TOP,
            bottom: MARGIN_BOTTOM,
        }
    }
    pub(crate) fn body_width(&self) -> f32 {
        self.width - self.left - self.right
    }
    pub(crate) fn body_height(&self) -> f32 {
        self.height - self.top - self.bottom
    }
}

/// Blocks cut into units.
#[derive(Debug, Default)]
pub(crate) struct Laid {
    pub units: Vec<Unit>,
    pub headers: Vec<Unit>,
}

/// A paginated page: items with y from the page top.
#[derive(Debug, Clone, Default)]
pub(crate) struct Page {
    pub items: Vec<Item>,
}

/// Where a named destination landed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Spot {
    /// 0-based page index.
    pub page: usize,
    /// From the page top.
    pub y: f32,
}

#[derive(Debug, Default)]
pub(crate) struct Paginated {
    pub pages: Vec<Page>,
    pub anchors: BTreeMap<String, Spot>,
    pub outline: Vec<(OutlineMark, Spot)>,
}

impl Laid {
    /// Appends `other`'s units after these, its table headers with them.
    pub(crate) fn append(&mut self, other: Laid) {
        let offset = self.headers.len();
        self.headers.extend(other.headers);
        self.units.extend(other.units.into_iter().map(|mut unit| {
            unit.header = unit.header.map(|h| h + offset);
            unit
        }));
    }
}
