//! Helpers shared by the layout tests.

use super::super::fonts::{Family, Fonts};
use super::super::shape::Shaper;
use super::block::{Block, Style};
use super::flow::paginate;
use super::layouter::Layouter;
use super::unit::{Geometry, Item, Page, Paginated};

pub(super) fn body(size: f32) -> Style {
    Style::new(Family::Serif, size)
}

pub(super) fn lay(blocks: &[Block]) -> (Paginated, Geometry) {
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

/// Each inked text item's left and right x and its baseline (spaces,
/// such as those drawn past a line's end for text extraction, left out).
pub(super) fn text_extents(page: &Page, fonts: &Fonts) -> Vec<(f32, f32, f32)> {
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
            } if !run.text.trim().is_empty() => Some((
                *x,
                x + run.advance * size / fonts.units_per_em(run.face)
                    + extra * run.glyphs.len() as f32,
                *y,
            )),
            _ => None,
        })
        .collect()
}
