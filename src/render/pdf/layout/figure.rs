//! A note's image as units: one for the image, scaled to the text width
//! (never past its natural size, 96 pixels to the inch, so a small image
//! is not blown up) and to fit an empty page with its caption, then the
//! caption's lines, kept with it. All of them float together, like the
//! charts: a figure that does not fit at the foot of a page moves to the
//! next while the text after it fills this one.

use super::super::fonts::Family;
use super::block::{Align, Figure, Para, Rgb, Span, Style};
use super::layouter::Layouter;
use super::unit::{Item, Unit};

/// Points per CSS pixel: an image's natural size, at 96 pixels to the inch.
const POINTS_PER_PIXEL: f32 = 0.75;
/// Space between the image and its caption, and under the figure.
const GAP: f32 = 4.0;

impl Layouter<'_, '_> {
    pub(super) fn figure(&mut self, figure: &Figure) {
        let left = self.geometry.left + figure.indent;
        let width = (self.geometry.body_width() - figure.indent).max(1.0);
        let caption_units = match figure.caption.as_deref().filter(|c| !c.trim().is_empty()) {
            Some(caption) => {
                let mut para = Para::new(
                    vec![Span::new(
                        caption.trim(),
                        Style::new(Family::Sans, 8.0).color(Rgb::MUTED),
                    )],
                    11.0,
                );
                para.align = Align::Start;
                self.para_units(&para, left, width)
            }
            None => Vec::new(),
        };
        let caption_height: f32 = caption_units
            .iter()
            .map(|u| u.height + u.space_before)
            .sum();
        let image = &figure.image;
        let natural_w = image.width as f32 * POINTS_PER_PIXEL;
        let natural_h = image.height as f32 * POINTS_PER_PIXEL;
        let ratio = natural_h / natural_w.max(1e-3);
        let max_h =
            (self.geometry.body_height() - caption_height - figure.space_before - 2.0 * GAP)
                .max(36.0);
        let mut w = natural_w.min(width);
        let mut h = w * ratio;
        if h > max_h {
            h = max_h;
            w = h / ratio.max(1e-6);
        }
        let (w, h) = (w.max(1.0), h.max(1.0));
        let has_caption = !caption_units.is_empty();
        self.laid.units.push(Unit {
            height: h + GAP,
            space_before: figure.space_before,
            items: vec![Item::Image {
                x: left,
                y: 0.0,
                w,
                h,
                image: image.clone(),
                alt: figure.alt.clone(),
            }],
            keep_with_next: has_caption,
            ..Unit::default()
        });
        let count = caption_units.len();
        for (i, mut unit) in caption_units.into_iter().enumerate() {
            unit.keep_with_next = i + 1 < count;
            if i + 1 == count {
                unit.height += GAP;
            }
            self.laid.units.push(unit);
        }
    }
}
