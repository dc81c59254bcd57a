//! Units onto pages: keep chains carried over whole, table headers
//! repeated, figures floated below the text that follows when they do not
//! fit, and rows taller than a page cut between lines.

use std::collections::BTreeMap;

use super::block::Tag;
use super::unit::{Geometry, Item, Laid, Page, Paginated, Spot, Unit};

/// Cuts a unit taller than `max` into slices that do not cut through text.
/// Linear in the unit's items (a table cell may hold a 7 MB title): each
/// cut looks only at the bands near it, and each item finds its slices by
/// binary search.
pub(super) fn split_unit(unit: Unit, max: f32) -> Vec<Unit> {
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
    // The lowest bottom of the bands up to each: those before the first
    // reaching below a cut's start cannot move it.
    let reach: Vec<f32> = bands
        .iter()
        .scan(f32::MIN, |low, band| {
            *low = low.max(band.1);
            Some(*low)
        })
        .collect();
    let mut cuts = Vec::new();
    let mut start = 0.0f32;
    while unit.height - start > max {
        // The lowest point at or above start + max that is outside every band.
        let mut cut = start + max;
        let first = reach.partition_point(|&bottom| bottom <= start);
        let last = bands.partition_point(|band| band.0 < cut);
        for &(top, bottom) in bands.get(first..last).unwrap_or_default() {
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
    let froms: Vec<f32> = std::iter::once(0.0)
        .chain(cuts.iter().copied())
        .take(cuts.len())
        .collect();
    let mut parts: Vec<Unit> = cuts
        .iter()
        .zip(&froms)
        .map(|(cut, from)| Unit {
            height: cut - from,
            tag: unit.tag,
            ..Unit::default()
        })
        .collect();
    // Each slice is marked as the items it takes were: a mark is copied
    // into a slice only when an item that follows it lands there.
    let mut current = unit.tag;
    let mut marked = vec![unit.tag; parts.len()];
    for item in &unit.items {
        if let Item::Mark(tag) = item {
            current = *tag;
            continue;
        }
        let (top, bottom) = match item {
            Item::Text { y, size, .. } => (y - size, *y),
            Item::Rect { y, h, .. } | Item::Link { y, h, .. } | Item::Image { y, h, .. } => {
                (*y, y + h)
            }
            Item::Line { y1, y2, .. } => (y1.min(*y2), y1.max(*y2)),
            Item::Path { ops, .. } => ops
                .iter()
                .flat_map(|op| op.ys())
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(top, bottom), y| {
                    (top.min(y), bottom.max(y))
                }),
            Item::Mark(_) => continue,
        };
        let text = matches!(item, Item::Text { .. });
        // The first slice the item may be in; it is in those after while
        // it reaches into them.
        let first = if text {
            cuts.partition_point(|&cut| bottom > cut + 0.01)
        } else {
            cuts.partition_point(|&cut| top >= cut)
        };
        for k in first..cuts.len() {
            let (cut, from) = (cuts[k], froms[k]);
            let inside = if text {
                bottom > from && bottom <= cut + 0.01
            } else {
                top < cut && bottom > from
            };
            if !inside {
                if from >= bottom {
                    break;
                }
                continue;
            }
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
            if marked[k] != current {
                parts[k].items.push(Item::Mark(current));
                marked[k] = current;
            }
            parts[k].items.push(copy);
        }
    }
    parts
}

/// Where each unit goes: per page, (unit or header, y from the body top).
fn place(laid: &mut Laid, geometry: Geometry) -> Vec<Vec<(Placed, f32)>> {
    let body = geometry.body_height();
    // Each page: (unit index or header index, y).
    let mut pages: Vec<Vec<(Placed, f32)>> = vec![Vec::new()];
    let mut page_start = 0usize;
    let mut y = 0.0f32;
    let mut i = 0usize;
    // Units placed early, above a figure that floated to the next page.
    let mut pulled = vec![false; laid.units.len()];
    // Whether the current page holds a unit (a repeated header alone does
    // not count: the next unit goes under it whatever its height).
    let mut has_content = false;
    while i < laid.units.len() {
        if has_content && !pulled[i] {
            let room = body - y - laid.units[i].space_before;
            fit_image(&mut laid.units, i, room);
        }
        let units = &laid.units;
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

/// An image may shrink to this share of its laid-out height to stay on
/// the page where it falls (with its caption) rather than float.
const MIN_IMAGE_SCALE: f32 = 0.6;

/// Shrinks the image that unit `i` draws, when it and its caption
/// overflow `room` (what is left of the page) by a little: scaled down to
/// fill the rest of the page, no further than [`MIN_IMAGE_SCALE`]. A
/// figure that would need more floats to the next page instead.
fn fit_image(units: &mut [Unit], i: usize, room: f32) {
    let Some(Item::Image { h: image_h, .. }) = units[i].items.first() else {
        return;
    };
    let image_h = *image_h;
    let mut caption = 0.0;
    let mut next = i;
    while units[next].keep_with_next && next + 1 < units.len() {
        next += 1;
        caption += units[next].space_before + units[next].height;
    }
    let height = units[i].height;
    let over = height + caption - room;
    if over <= 0.01 || image_h <= 0.0 {
        return;
    }
    let scale = (image_h - over) / image_h;
    if scale < MIN_IMAGE_SCALE {
        return;
    }
    let unit = &mut units[i];
    if let Some(Item::Image { w, h, .. }) = unit.items.first_mut() {
        *w *= scale;
        *h *= scale;
    }
    unit.height -= over;
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
/// (An image that shrinks to fit stays shrunk in `laid`, as `paginate`
/// would leave it.)
pub(crate) fn anchor_pages(
    laid: &mut Laid,
    geometry: Geometry,
) -> (BTreeMap<String, usize>, usize) {
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
pub(crate) fn paginate(mut laid: Laid, geometry: Geometry) -> Paginated {
    let mut out = Paginated::default();
    for (index, placed) in place(&mut laid, geometry).into_iter().enumerate() {
        let mut page = Page::default();
        for (what, top) in placed {
            let page_y = geometry.top + top;
            let (unit, items) = match what {
                Placed::Unit(u) => {
                    let unit = &mut laid.units[u];
                    let items = std::mem::take(&mut unit.items);
                    (&laid.units[u], items)
                }
                // A repeated header is a pagination artifact: the table's
                // structure holds it once, where it first stands.
                Placed::Header(h) => (
                    &laid.headers[h],
                    laid.headers[h]
                        .items
                        .iter()
                        .filter(|item| !matches!(item, Item::Mark(_)))
                        .cloned()
                        .collect(),
                ),
            };
            let tag = match what {
                Placed::Unit(_) => unit.tag,
                Placed::Header(_) => Tag::Pagination,
            };
            page.items.push(Item::Mark(tag));
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

#[derive(Debug, Clone, Copy)]
enum Placed {
    Unit(usize),
    Header(usize),
}

#[cfg(test)]
mod tests {
    use super::super::block::{Align, Block, OutlineMark, Para, Span};
    use super::super::testing::{body, lay, text_extents};
    use super::*;
    use crate::render::pdf::fonts::Fonts;
    use crate::render::pdf::layout::layouter::Layouter;
    use crate::render::pdf::shape::Shaper;

    /// The unit indices `place` puts on each page.
    fn placed_units(units: Vec<Unit>) -> Vec<Vec<usize>> {
        let mut laid = Laid {
            units,
            headers: Vec::new(),
        };
        place(&mut laid, Geometry::a4())
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
}
