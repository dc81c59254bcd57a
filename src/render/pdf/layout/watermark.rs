//! The DRAFT watermark: one word's glyph outlines, filled in a pale tint
//! along the page's diagonal, under everything else on the page. Paths,
//! not text: copied or extracted text stays the brief's own, and no word
//! on the page is overprinted by another.

use rustybuzz::ttf_parser::{GlyphId, OutlineBuilder};

use super::super::fonts::{Family, Fonts, primary_face};
use super::super::shape::Shaper;
use super::block::Rgb;
use super::unit::{Geometry, Item, PathOp};

/// Pale enough that body text over it reads as on plain paper.
const TINT: Rgb = Rgb(0.95, 0.91, 0.91);

/// How much of the page's diagonal the word spans.
const DIAGONAL_SHARE: f32 = 0.72;

/// The word's letters as filled paths across the page, centred on it.
pub(crate) fn watermark(shaper: &mut Shaper<'_>, geometry: Geometry, word: &str) -> Vec<Item> {
    let fonts = shaper.fonts;
    let runs = shaper.shape(word, primary_face(Family::Sans, true, false), false);
    let advance: f32 = runs
        .iter()
        .map(|r| r.advance / fonts.units_per_em(r.face))
        .sum();
    if advance <= 0.0 {
        return Vec::new();
    }
    let diagonal = geometry.width.hypot(geometry.height);
    let size = diagonal * DIAGONAL_SHARE / advance;
    let angle = geometry.height.atan2(geometry.width);
    let place = Placement {
        cos: angle.cos(),
        sin: angle.sin(),
        centre: (geometry.width / 2.0, geometry.height / 2.0),
        // The word's middle: half its width along, half a cap height up.
        origin: (size * advance / 2.0, size * 0.36),
    };
    let mut ops = Vec::new();
    let mut pen = 0.0f32;
    for run in &runs {
        let scale = size / fonts.units_per_em(run.face);
        for glyph in &run.glyphs {
            let mut outline = Outline {
                ops: &mut ops,
                place: &place,
                scale,
                x: pen + glyph.x_offset * scale,
                current: (0.0, 0.0),
            };
            outline_glyph(fonts, run.face, glyph.gid, &mut outline);
            pen += glyph.advance * scale;
        }
    }
    vec![Item::Path { ops, fill: TINT }]
}

fn outline_glyph(
    fonts: &Fonts,
    face: super::super::fonts::FaceId,
    gid: u16,
    outline: &mut Outline<'_>,
) {
    // A glyph without an outline (a space) draws nothing.
    let _ = fonts.face(face).outline_glyph(GlyphId(gid), outline);
}

/// Where the word goes: rotated by the diagonal's angle about the page centre.
struct Placement {
    cos: f32,
    sin: f32,
    centre: (f32, f32),
    origin: (f32, f32),
}

impl Placement {
    /// A point of the word (points, y up from its baseline) on the page
    /// (points, y down from the top).
    fn page(&self, x: f32, y: f32) -> (f32, f32) {
        let (u, v) = (x - self.origin.0, y - self.origin.1);
        (
            self.centre.0 + u * self.cos - v * self.sin,
            self.centre.1 - (u * self.sin + v * self.cos),
        )
    }
}

/// Collects one glyph's outline as page-space path steps.
struct Outline<'o> {
    ops: &'o mut Vec<PathOp>,
    place: &'o Placement,
    scale: f32,
    /// The glyph's origin along the word, in points.
    x: f32,
    /// The last point, in font units (quadratic curves are raised to cubics from it).
    current: (f32, f32),
}

impl Outline<'_> {
    fn at(&self, x: f32, y: f32) -> (f32, f32) {
        self.place.page(self.x + x * self.scale, y * self.scale)
    }
}

impl OutlineBuilder for Outline<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        let (px, py) = self.at(x, y);
        self.ops.push(PathOp::Move(px, py));
        self.current = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        let (px, py) = self.at(x, y);
        self.ops.push(PathOp::Line(px, py));
        self.current = (x, y);
    }

    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        // The cubic through the same curve: controls two thirds of the way
        // from each end to the quadratic's control point.
        let (x0, y0) = self.current;
        let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
        let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
        self.curve_to(c1.0, c1.1, c2.0, c2.1, x, y);
    }

    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        let (a, b) = self.at(x1, y1);
        let (c, d) = self.at(x2, y2);
        let (e, f) = self.at(x, y);
        self.ops.push(PathOp::Cubic(a, b, c, d, e, f));
        self.current = (x, y);
    }

    fn close(&mut self) {
        self.ops.push(PathOp::Close);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_is_drawn_as_closed_outlines_inside_the_page() {
        let fonts = Fonts::load().unwrap();
        let mut shaper = Shaper::new(&fonts);
        let geometry = Geometry::a4();
        let items = watermark(&mut shaper, geometry, "DRAFT");
        let [Item::Path { ops, .. }] = items.as_slice() else {
            panic!("one path: {items:?}");
        };
        let closes = ops.iter().filter(|op| **op == PathOp::Close).count();
        assert!(closes >= 5, "a contour per letter at least: {closes}");
        for op in ops {
            if let PathOp::Move(x, y) | PathOp::Line(x, y) = *op {
                assert!((0.0..=geometry.width).contains(&x), "x {x}");
                assert!((0.0..=geometry.height).contains(&y), "y {y}");
            }
        }
    }
}
