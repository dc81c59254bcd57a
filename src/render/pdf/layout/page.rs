//! The page furniture: the running header and footer every page carries.
//!
//! ```text
//!   organization · workspace                        [ TLP:AMBER ]   ← header line
//!   ─────────────────────────────────────────────────────────────   ← header rule
//!   (text block: Geometry's margins, in unit.rs)
//!   ─────────────────────────────────────────────────────────────   ← footer rule
//!   [ TLP:AMBER ]          Title of the brief          page 2 of 9   ← footer line
//! ```
//!
//! Every position is measured from the text block's edges, so the heads
//! follow the margins on A4 and Letter alike.

use super::super::fonts::{Family, Fonts};
use super::super::shape::Shaper;
use super::block::{Align, Para, Rgb, Span, Style, Tag};
use super::layouter::Layouter;
use super::unit::{Geometry, Item, Page};

/// Size of every running-head text, in points.
const HEAD_TEXT_SIZE: f32 = 7.5;
/// Line height of a running-head line.
const HEAD_LEADING: f32 = 12.0;
/// The header line's top, this far above the text block's top.
const HEADER_ABOVE_BODY: f32 = 44.0;
/// The footer line's top, this far below the text block's bottom.
const FOOTER_BELOW_BODY: f32 = 26.0;
/// The hairline under the header, this far below the header line's top.
const HEADER_RULE_BELOW: f32 = 16.0;
/// The hairline over the footer, this far above the footer line's top.
const FOOTER_RULE_ABOVE: f32 = 6.0;
/// Stroke width of both hairlines.
const HEAD_RULE_WIDTH: f32 = 0.4;
/// The share of the text block's width the header's context may take.
const CONTEXT_SHARE: f32 = 0.7;
/// The box the marking is set in: right-aligned in the header, left in
/// the footer.
const MARKING_BOX_WIDTH: f32 = 150.0;
/// The black bar behind the marking reaches this far past its text on
/// either side (and so the text sits this far inside the margins).
const MARKING_BAR_PAD: f32 = 4.0;
/// The bar's top, this far below the line's top.
const MARKING_BAR_DROP: f32 = 0.5;
/// The bar's height.
const MARKING_BAR_HEIGHT: f32 = 11.0;
/// The footer's title is centred between insets this wide at either end,
/// which leave room for the marking and the page number.
const TITLE_INSET: f32 = 110.0;
/// The box `page N of M` is right-aligned in.
const PAGE_NUMBER_WIDTH: f32 = 100.0;

/// What every page's header and footer carry.
#[derive(Debug, Clone)]
pub(crate) struct RunningHead {
    /// Top left: organization and workspace.
    pub left: String,
    /// Bottom centre: the document's title.
    pub title: String,
    /// The TLP label, top right and bottom left, in its colour on black.
    pub marking: String,
    /// The marking's colour.
    pub colour: Rgb,
    /// A draft: DRAFT leads the header and lies across every page.
    pub draft: bool,
}

/// Adds the running header and footer to every page: the marking in its
/// TLP colour on black at top right and bottom left, `page N of M` at
/// bottom right.
pub(crate) fn running_heads(
    shaper: &mut Shaper<'_>,
    geometry: Geometry,
    pages: &mut [Page],
    head: &RunningHead,
) {
    let total = pages.len();
    let mut heads = Heads {
        layouter: Layouter::new(shaper, geometry),
        head,
        muted: Style::new(Family::Sans, HEAD_TEXT_SIZE).color(Rgb::MUTED),
        marking: Style::new(Family::Sans, HEAD_TEXT_SIZE)
            .bold()
            .color(head.colour),
        left: geometry.left,
        right: geometry.width - geometry.right,
        width: geometry.body_width(),
    };
    let header_top = geometry.top - HEADER_ABOVE_BODY;
    let footer_top = geometry.height - geometry.bottom + FOOTER_BELOW_BODY;
    let watermark = if head.draft {
        super::watermark::watermark(heads.layouter.shaper, geometry, "DRAFT")
    } else {
        Vec::new()
    };
    for (index, page) in pages.iter_mut().enumerate() {
        let mut items = vec![Item::Mark(Tag::Artifact)];
        items.extend(watermark.iter().cloned());
        items.push(Item::Mark(Tag::Pagination));
        heads.header(header_top, &mut items);
        heads.footer(footer_top, index + 1, total, &mut items);
        // Under the body: draw the heads first.
        items.append(&mut page.items);
        page.items = items;
    }
}

/// What setting a running head needs, page after page.
struct Heads<'h, 'a, 'f> {
    layouter: Layouter<'a, 'f>,
    head: &'h RunningHead,
    muted: Style,
    marking: Style,
    /// The text block's left and right edges and width.
    left: f32,
    right: f32,
    width: f32,
}

impl Heads<'_, '_, '_> {
    /// Context left (after DRAFT on a draft), marking right, a hairline
    /// under them.
    fn header(&mut self, top: f32, items: &mut Vec<Item>) {
        let mut context = one_span(&self.head.left, &self.muted);
        if self.head.draft {
            context.insert(
                0,
                Span::new("DRAFT · ", self.marking.clone().color(DRAFT_COLOUR)),
            );
        }
        items.extend(self.line(
            context,
            self.left,
            self.width * CONTEXT_SHARE,
            Align::Start,
            top,
        ));
        let x = self.right - MARKING_BAR_PAD - MARKING_BOX_WIDTH;
        self.marking(x, Align::End, top, items);
        items.push(self.rule(top + HEADER_RULE_BELOW));
    }

    /// A hairline, then marking left, title centre, page number right.
    fn footer(&mut self, top: f32, number: usize, total: usize, items: &mut Vec<Item>) {
        items.push(self.rule(top - FOOTER_RULE_ABOVE));
        self.marking(self.left + MARKING_BAR_PAD, Align::Start, top, items);
        let title = one_span(&self.head.title, &self.muted);
        items.extend(self.line(
            title,
            self.left + TITLE_INSET,
            self.width - 2.0 * TITLE_INSET,
            Align::Center,
            top,
        ));
        let page = one_span(&format!("page {number} of {total}"), &self.muted);
        items.extend(self.line(
            page,
            self.right - PAGE_NUMBER_WIDTH,
            PAGE_NUMBER_WIDTH,
            Align::End,
            top,
        ));
    }

    /// The marking in its box at `x`, on a black bar as wide as its text.
    fn marking(&mut self, x: f32, align: Align, top: f32, items: &mut Vec<Item>) {
        let spans = one_span(&self.head.marking, &self.marking);
        let mark = self.line(spans, x, MARKING_BOX_WIDTH, align, top);
        let (lo, hi) = text_extent(&mark, self.layouter.shaper.fonts);
        if lo <= hi {
            items.push(Item::Rect {
                x: lo - MARKING_BAR_PAD,
                y: top + MARKING_BAR_DROP,
                w: hi - lo + 2.0 * MARKING_BAR_PAD,
                h: MARKING_BAR_HEIGHT,
                fill: Rgb::BLACK,
            });
        }
        items.extend(mark);
    }

    /// A hairline across the text block at `y`.
    fn rule(&self, y: f32) -> Item {
        Item::Line {
            x1: self.left,
            y1: y,
            x2: self.right,
            y2: y,
            width: HEAD_RULE_WIDTH,
            color: Rgb::HAIRLINE,
            dash: false,
        }
    }

    /// `spans` set on one line in the box from `x`, `w` wide, its top at
    /// `top`; what does not fit is cut, and an ellipsis says so.
    fn line(&mut self, spans: Vec<Span>, x: f32, w: f32, align: Align, top: f32) -> Vec<Item> {
        let spans = self.fitted(spans, w);
        let mut para = Para::new(spans, HEAD_LEADING);
        para.align = align;
        let mut items = Vec::new();
        if let Some(first) = self.layouter.para_units(&para, x, w).into_iter().next() {
            for mut item in first.items {
                item.shift(top);
                items.push(item);
            }
        }
        items
    }
}

impl Heads<'_, '_, '_> {
    /// `spans` cut so that they and a closing "…" fit in `w` (the last
    /// span is shortened), or as they are when they fit already.
    fn fitted(&mut self, mut spans: Vec<Span>, w: f32) -> Vec<Span> {
        if self.layouter.text_width(&spans) <= w {
            return spans;
        }
        let Some(last) = spans.pop() else {
            return spans;
        };
        // Keeping `i` characters ends at `ends[i]`; the whole text does not
        // fit, so at most all but one are kept. The longest head that fits
        // with the ellipsis, by binary search, each probe measuring a line.
        let ends: Vec<usize> = last.text.char_indices().map(|(at, _)| at).collect();
        let (mut lo, mut hi) = (0usize, ends.len().saturating_sub(1));
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let mut probe = spans.clone();
            probe.push(Span::new(
                cut_text(&last.text, ends[mid]),
                last.style.clone(),
            ));
            if self.layouter.text_width(&probe) <= w {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let end = ends.get(lo).copied().unwrap_or(0);
        spans.push(Span::new(cut_text(&last.text, end), last.style));
        spans
    }
}

/// The text up to byte `end`, trailing spaces and punctuation dropped,
/// and "…".
fn cut_text(text: &str, end: usize) -> String {
    let head = text.get(..end).unwrap_or("");
    let head =
        head.trim_end_matches(|c: char| c.is_whitespace() || c == '·' || c == ',' || c == ':');
    format!("{head}…")
}

/// The word DRAFT in the header: the red the brief's losses are set in.
const DRAFT_COLOUR: Rgb = Rgb(0.72, 0.22, 0.2);

/// The most characters of a running head that are laid out: several times
/// what its box holds, so that the head of every page costs a line, not a
/// whole 7 MB title. What is past the first line is dropped anyway.
const HEAD_MAX_CHARS: usize = 1_000;

fn one_span(text: &str, style: &Style) -> Vec<Span> {
    let end = text
        .char_indices()
        .nth(HEAD_MAX_CHARS)
        .map_or(text.len(), |(at, _)| at);
    vec![Span::new(&text[..end], style.clone())]
}

/// The leftmost and rightmost x of the text among `items`; `lo > hi` when
/// there is none.
fn text_extent(items: &[Item], fonts: &Fonts) -> (f32, f32) {
    let mut lo = f32::MAX;
    let mut hi = f32::MIN;
    for item in items {
        if let Item::Text { run, size, x, .. } = item {
            lo = lo.min(*x);
            hi = hi.max(x + run.advance * size / fonts.units_per_em(run.face));
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::super::testing::text_extents;
    use super::*;

    /// The text of each line of `page` from top to bottom, the items of a
    /// line joined left to right.
    fn lines(page: &Page) -> Vec<String> {
        let mut texts: Vec<(i32, f32, String)> = page
            .items
            .iter()
            .filter_map(|item| match item {
                Item::Text { run, x, y, .. } => Some((*y as i32, *x, run.text.to_string())),
                _ => None,
            })
            .collect();
        texts.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut out: Vec<(i32, String)> = Vec::new();
        for (y, _, text) in texts {
            match out.last_mut() {
                Some((last, line)) if *last == y => line.push_str(&text),
                _ => out.push((y, text)),
            }
        }
        out.into_iter().map(|(_, line)| line).collect()
    }

    #[test]
    fn a_title_too_long_for_its_box_is_cut_at_the_box() {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let geometry = Geometry::a4();
        let mut pages = vec![Page::default(); 2];
        let title: String = ('a'..='z').cycle().take(1_000_000).collect();
        let head = RunningHead {
            left: title.clone(),
            title: title.clone(),
            marking: "TLP:AMBER".to_owned(),
            colour: Rgb::hex("#FFC000"),
            draft: false,
        };
        running_heads(&mut shaper, geometry, &mut pages, &head);
        for page in &pages {
            let lines = lines(page);
            assert_eq!(lines.len(), 2, "{lines:?}");
            for (x1, x2, _) in text_extents(page, &fonts) {
                assert!(x1 >= geometry.left - 0.01, "{x1}");
                assert!(x2 <= geometry.width - geometry.right + 0.01, "{x2}");
            }
        }
        let [header, footer] = &lines(&pages[0])[..] else {
            panic!("two lines");
        };
        assert!(footer.starts_with("TLP:AMBERabcdefghijklmnopqrstuvwxyzabc"));
        assert!(footer.len() < 200, "{footer}");
        assert!(
            header.contains("…TLP:AMBER"),
            "the cut context says so: {header}"
        );
        assert!(
            footer.contains("…page 1 of 2"),
            "the cut title says so: {footer}"
        );
    }

    #[test]
    fn every_page_carries_its_marking_title_and_number_outside_the_text_block() {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let geometry = Geometry::a4();
        let mut pages = vec![Page::default(), Page::default(), Page::default()];
        let head = RunningHead {
            left: "Ministry · Gulf desk".to_owned(),
            title: "Strait of Hormuz".to_owned(),
            marking: "TLP:AMBER".to_owned(),
            colour: Rgb::hex("#FFC000"),
            draft: false,
        };
        running_heads(&mut shaper, geometry, &mut pages, &head);
        for (index, page) in pages.iter().enumerate() {
            let lines = lines(page);
            assert_eq!(lines.len(), 2, "{lines:?}");
            assert_eq!(lines[0], "Ministry · Gulf deskTLP:AMBER");
            assert_eq!(
                lines[1],
                format!("TLP:AMBERStrait of Hormuzpage {} of 3", index + 1)
            );
            for item in &page.items {
                if let Item::Text { y, .. } = item {
                    assert!(*y < geometry.top || *y > geometry.height - geometry.bottom);
                }
            }
            // The marking sits on black, top right and bottom left.
            let bars: Vec<f32> = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Rect { x, w, fill, .. } if *fill == Rgb::BLACK => Some(x + w),
                    _ => None,
                })
                .collect();
            assert_eq!(bars.len(), 2);
            let right = geometry.width - geometry.right;
            assert!((bars[0] - right).abs() < 0.5, "{bars:?}");
        }
    }
}
