//! Paginated pages into a PDF: fonts subset and embedded, page content as
//! printpdf operations, then the document finished in lopdf (outline,
//! metadata, document ID).
//!
//! printpdf 0.12 traps guarded here: text is placed with `SetTextMatrix`
//! (never `SetTextCursor`); rectangles carry an explicit fill mode; no
//! coordinate is ever non-finite (it would be written as `NaN`); font ids
//! are fixed (`F0`…) and the document ID is a hash of the content, so the
//! same input gives the same bytes.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Actions, BorderArray, Codepoint, Color, Destination, FontId, Line, LineDashPattern, LinePoint,
    LinkAnnotation, OffsetDateTime, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rect, Rgb as PdfRgb, TextItem, TextMatrix,
};
use rustybuzz::ttf_parser::GlyphId;
use subsetter::GlyphRemapper;

use super::PdfError;
use super::fonts::{FaceId, Fonts};
use super::layout::{Geometry, Item, Paginated, Rgb, Target};
use super::outline;

/// Document information.
#[derive(Debug, Clone)]
pub struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub timestamp: i64,
}

/// A face subset for this document.
struct Subset {
    remapper: GlyphRemapper,
    /// Advance of each original glyph, in 1/1000 em as the PDF `/W` array
    /// has it (truncated, like printpdf writes it).
    widths: BTreeMap<u16, f32>,
    upm: f32,
}

fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}

fn colour(c: Rgb) -> Color {
    Color::Rgb(PdfRgb {
        r: finite(c.0).clamp(0.0, 1.0),
        g: finite(c.1).clamp(0.0, 1.0),
        b: finite(c.2).clamp(0.0, 1.0),
        icc_profile: None,
    })
}

fn font_id(face: FaceId) -> FontId {
    FontId(format!("F{}", face.index()))
}

/// Six capital letters naming a subset, from the glyphs it holds.
fn subset_tag(face: FaceId, glyphs: &BTreeSet<u16>) -> String {
    let mut hash = outline::Fnv::new();
    hash.write(face.postscript_name().as_bytes());
    for g in glyphs {
        hash.write(&g.to_be_bytes());
    }
    let mut value = hash.finish();
    (0..6)
        .map(|_| {
            let c = char::from(b'A' + (value % 26) as u8);
            value /= 26;
            c
        })
        .collect()
}

pub fn emit(
    fonts: &Fonts,
    geometry: Geometry,
    paginated: &Paginated,
    info: &Info,
) -> Result<Vec<u8>, PdfError> {
    // The glyphs each face needs.
    let mut used: BTreeMap<FaceId, BTreeSet<u16>> = BTreeMap::new();
    for page in &paginated.pages {
        for item in &page.items {
            if let Item::Text { run, .. } = item {
                let set = used.entry(run.face).or_default();
                set.extend(run.glyphs.iter().map(|g| g.gid));
            }
        }
    }

    let mut doc = PdfDocument::new(&info.title);
    let mut subsets: BTreeMap<FaceId, Subset> = BTreeMap::new();
    for (face, glyphs) in &used {
        let list: Vec<u16> = glyphs.iter().copied().collect();
        let remapper = GlyphRemapper::new_from_glyphs_sorted(&list);
        let bytes = subsetter::subset(face.data(), 0, &remapper).map_err(|e| PdfError::Font {
            name: face.postscript_name(),
            reason: format!("subsetting failed: {e:?}"),
        })?;
        let mut warnings = Vec::new();
        let mut parsed =
            ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or(PdfError::Font {
                name: face.postscript_name(),
                reason: "the subset font cannot be read back".to_owned(),
            })?;
        parsed.font_name = Some(format!(
            "{}+{}",
            subset_tag(*face, glyphs),
            face.postscript_name()
        ));
        let upm = fonts.units_per_em(*face);
        let ttf = fonts.face(*face);
        let widths = list
            .iter()
            .map(|&gid| {
                let advance = f32::from(ttf.glyph_hor_advance(GlyphId(gid)).unwrap_or(0));
                (gid, (advance * 1000.0 / upm).trunc())
            })
            .collect();
        doc.resources
            .fonts
            .map
            .insert(font_id(*face), printpdf::PdfFont::new(parsed));
        subsets.insert(
            *face,
            Subset {
                remapper,
                widths,
                upm,
            },
        );
    }

    let page_h = geometry.height;
    let mut pages = Vec::with_capacity(paginated.pages.len());
    for page in &paginated.pages {
        let mut ops = Vec::new();
        let mut in_text = false;
        let mut font: Option<(FaceId, f32)> = None;
        let mut fill: Option<Rgb> = None;
        for item in &page.items {
            let is_text = matches!(item, Item::Text { .. });
            if is_text && !in_text {
                ops.push(Op::StartTextSection);
                in_text = true;
                font = None;
            } else if !is_text && in_text {
                ops.push(Op::EndTextSection);
                in_text = false;
            }
            match item {
                Item::Text {
                    run,
                    size,
                    color,
                    x,
                    y,
                    extra,
                } => {
                    let Some(subset) = subsets.get(&run.face) else {
                        continue;
                    };
                    let size = finite(*size).max(0.1);
                    if font != Some((run.face, size)) {
                        ops.push(Op::SetFont {
                            font: PdfFontHandle::External(font_id(run.face)),
                            size: Pt(size),
                        });
                        font = Some((run.face, size));
                    }
                    if fill != Some(*color) {
                        ops.push(Op::SetFillColor {
                            col: colour(*color),
                        });
                        fill = Some(*color);
                    }
                    let baseline = page_h - finite(*y);
                    let scale = size / subset.upm;
                    let mut pen = finite(*x);
                    let mut glyphs: Vec<Codepoint> = Vec::new();
                    let mut items: Vec<TextItem> = Vec::new();
                    let mut run_start = pen;
                    let flush = |ops: &mut Vec<Op>,
                                 items: &mut Vec<TextItem>,
                                 glyphs: &mut Vec<Codepoint>,
                                 at: f32,
                                 base: f32| {
                        if !glyphs.is_empty() {
                            items.push(TextItem::GlyphIds(std::mem::take(glyphs)));
                        }
                        if !items.is_empty() {
                            ops.push(Op::SetTextMatrix {
                                matrix: TextMatrix::Translate(Pt(finite(at)), Pt(finite(base))),
                            });
                            ops.push(Op::ShowText {
                                items: std::mem::take(items),
                            });
                        }
                    };
                    for glyph in &run.glyphs {
                        let gid = subset.remapper.get(glyph.gid).unwrap_or(0);
                        let width = subset.widths.get(&glyph.gid).copied().unwrap_or(0.0);
                        let advance_pt = glyph.advance * scale + finite(*extra);
                        let desired = advance_pt * 1000.0 / size;
                        let text = run.glyph_text(glyph).to_owned();
                        if glyph.y_offset != 0.0 {
                            // A mark placed above or below: its own position.
                            flush(&mut ops, &mut items, &mut glyphs, run_start, baseline);
                            ops.push(Op::SetTextMatrix {
                                matrix: TextMatrix::Translate(
                                    Pt(finite(pen + glyph.x_offset * scale)),
                                    Pt(finite(baseline + glyph.y_offset * scale)),
                                ),
                            });
                            ops.push(Op::ShowText {
                                items: vec![TextItem::GlyphIds(vec![Codepoint {
                                    gid,
                                    offset: 0.0,
                                    cid: Some(text),
                                }])],
                            });
                            pen += advance_pt;
                            run_start = pen;
                            continue;
                        }
                        let shift = glyph.x_offset * 1000.0 / subset.upm;
                        if shift != 0.0 {
                            if !glyphs.is_empty() {
                                items.push(TextItem::GlyphIds(std::mem::take(&mut glyphs)));
                            }
                            items.push(TextItem::Offset(finite(-shift)));
                        }
                        glyphs.push(Codepoint {
                            gid,
                            offset: finite(width - desired + shift),
                            cid: Some(text),
                        });
                        pen += advance_pt;
                    }
                    flush(&mut ops, &mut items, &mut glyphs, run_start, baseline);
                }
                Item::Rect {
                    x,
                    y,
                    w,
                    h,
                    fill: c,
                } => {
                    ops.push(Op::SetFillColor { col: colour(*c) });
                    fill = Some(*c);
                    ops.push(Op::DrawRectangle {
                        rectangle: Rect {
                            x: Pt(finite(*x)),
                            y: Pt(finite(page_h - y - h)),
                            width: Pt(finite(*w)),
                            height: Pt(finite(*h)),
                            mode: Some(PaintMode::Fill),
                            winding_order: None,
                        },
                    });
                }
                Item::Line {
                    x1,
                    y1,
                    x2,
                    y2,
                    width,
                    color,
                    dash,
                } => {
                    ops.push(Op::SetOutlineColor {
                        col: colour(*color),
                    });
                    ops.push(Op::SetOutlineThickness {
                        pt: Pt(finite(*width)),
                    });
                    ops.push(Op::SetLineDashPattern {
                        dash: if *dash {
                            LineDashPattern::new(0.0, &[2.0, 1.5])
                        } else {
                            LineDashPattern::new(0.0, &[])
                        },
                    });
                    ops.push(Op::DrawLine {
                        line: Line {
                            points: vec![
                                LinePoint {
                                    p: Point {
                                        x: Pt(finite(*x1)),
                                        y: Pt(finite(page_h - y1)),
                                    },
                                    bezier: false,
                                },
                                LinePoint {
                                    p: Point {
                                        x: Pt(finite(*x2)),
                                        y: Pt(finite(page_h - y2)),
                                    },
                                    bezier: false,
                                },
                            ],
                            is_closed: false,
                        },
                    });
                }
                Item::Link { x, y, w, h, target } => {
                    let actions = match target {
                        Target::Uri(uri) => Actions::Uri(uri.clone()),
                        Target::Anchor(anchor) => match paginated.anchors.get(anchor) {
                            // printpdf pages are 1-based; a destination past
                            // the last page is never made.
                            Some(spot) if spot.page < paginated.pages.len() => {
                                Actions::Goto(Destination::Xyz {
                                    page: spot.page + 1,
                                    left: Some(0.0),
                                    top: Some(finite(page_h - spot.y + 6.0)),
                                    zoom: None,
                                })
                            }
                            _ => continue,
                        },
                    };
                    ops.push(Op::LinkAnnotation {
                        link: LinkAnnotation::new(
                            Rect {
                                x: Pt(finite(*x)),
                                y: Pt(finite(page_h - y - h)),
                                width: Pt(finite(*w)),
                                height: Pt(finite(*h)),
                                mode: None,
                                winding_order: None,
                            },
                            actions,
                            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                            None,
                            None,
                        ),
                    });
                }
            }
        }
        if in_text {
            ops.push(Op::EndTextSection);
        }
        let mut pdf_page = PdfPage::new(printpdf::Mm(10.0), printpdf::Mm(10.0), ops);
        let media = Rect::from_wh(Pt(geometry.width), Pt(geometry.height));
        pdf_page.media_box = media.clone();
        pdf_page.trim_box = media.clone();
        pdf_page.crop_box = media;
        pages.push(pdf_page);
    }
    doc.pages = pages;

    let when = OffsetDateTime::from_unix_timestamp(info.timestamp.clamp(0, 253_402_300_799))
        .map_err(|e| PdfError::Date(e.to_string()))?;
    let meta = &mut doc.metadata.info;
    meta.document_title.clone_from(&info.title);
    meta.author.clone_from(&info.author);
    meta.subject.clone_from(&info.subject);
    meta.keywords.clone_from(&info.keywords);
    meta.creator = "brief".to_owned();
    meta.producer = format!("brief {} (printpdf)", env!("CARGO_PKG_VERSION"));
    meta.creation_date = when;
    meta.modification_date = when;
    meta.metadata_date = when;

    let options = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let lodoc = doc.to_lopdf_document(&options, &mut warnings);
    outline::finish(lodoc, paginated, geometry, info)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::render::pdf::layout::{Page, Spot};
    use crate::render::pdf::shape::Shaper;

    /// printpdf writes non-finite numbers as `NaN` and panics on a
    /// destination past the last page: neither may reach it.
    #[test]
    fn non_finite_coordinates_and_dangling_links_are_neutralised() {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let run = shaper.shape("Hello", FaceId::SerifRegular, false).remove(0);
        let page = Page {
            items: vec![
                Item::Rect {
                    x: f32::NAN,
                    y: 10.0,
                    w: f32::INFINITY,
                    h: 5.0,
                    fill: Rgb::BLACK,
                },
                Item::Text {
                    run,
                    size: 10.0,
                    color: Rgb::TEXT,
                    x: f32::NAN,
                    y: f32::NEG_INFINITY,
                    extra: f32::NAN,
                },
                Item::Link {
                    x: 0.0,
                    y: 0.0,
                    w: 10.0,
                    h: 10.0,
                    target: Target::Anchor("gone".to_owned()),
                },
                Item::Link {
                    x: 0.0,
                    y: 0.0,
                    w: 10.0,
                    h: 10.0,
                    target: Target::Anchor("beyond".to_owned()),
                },
            ],
        };
        let mut anchors = BTreeMap::new();
        anchors.insert("beyond".to_owned(), Spot { page: 7, y: 0.0 });
        let paginated = Paginated {
            pages: vec![page],
            anchors,
            outline: Vec::new(),
        };
        let info = Info {
            title: "t".to_owned(),
            author: String::new(),
            subject: String::new(),
            keywords: Vec::new(),
            timestamp: 0,
        };
        let bytes = emit(&fonts, Geometry::a4(), &paginated, &info).expect("emits");
        let doc = lopdf::Document::load_mem(&bytes).expect("parses");
        let page = *doc.get_pages().values().next().expect("a page");
        let content = doc.get_page_content(page);
        let text = String::from_utf8_lossy(&content);
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
        assert!(!String::from_utf8_lossy(&bytes).contains("/GoTo"));
    }
}
