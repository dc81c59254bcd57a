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
use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use rayon::prelude::*;

use printpdf::{
    Actions, BorderArray, Codepoint, Destination, FontId, LinkAnnotation, OffsetDateTime, Op,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, Rect, TextItem,
};
use rustybuzz::ttf_parser::GlyphId;
use subsetter::GlyphRemapper;

use super::PdfError;
use super::compress::deflate;
use super::fonts::{FaceId, Fonts};
use super::hash::Fnv;
use super::images::Images;
use super::layout::{Geometry, Item, Paginated, Rgb, Tag, Target};
use super::outline::{self, Info};
use super::structure::{self, Marks};
use super::tags::Tree;

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

fn font_id(face: FaceId) -> FontId {
    FontId(format!("F{}", face.index()))
}

/// Six capital letters naming a subset, from the glyphs it holds.
fn subset_tag(name: &str, glyphs: &BTreeSet<u16>) -> String {
    let mut hash = Fnv::new();
    hash.write(name.as_bytes());
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

/// Writes the document. The pages' items are taken (and dropped) as their
/// content streams are written, so the laid-out pages, their uncompressed
/// streams and the lopdf document are never all held at once.
pub(super) fn emit(
    fonts: &Fonts,
    geometry: Geometry,
    paginated: &mut Paginated,
    tree: &Tree,
    info: &Info,
) -> Result<Vec<u8>, PdfError> {
    let tagged = info.standard.tagged();
    let mut marks = Marks::default();
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
        let name = fonts.postscript_name(*face);
        let bytes =
            subsetter::subset(fonts.data(*face), 0, &remapper).map_err(|e| PdfError::Font {
                name: name.to_owned(),
                reason: format!("subsetting failed: {e:?}"),
            })?;
        let mut warnings = Vec::new();
        let mut parsed =
            ParsedFont::from_bytes(&bytes, 0, &mut warnings).ok_or(PdfError::Font {
                name: name.to_owned(),
                reason: "the subset font cannot be read back".to_owned(),
            })?;
        parsed.font_name = Some(format!("{}+{}", subset_tag(name, glyphs), name));
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

    // The text each glyph stands for, last use winning (what printpdf's
    // ToUnicode map is built from), keyed by subset glyph id.
    let mut unicode: BTreeMap<FaceId, BTreeMap<u16, String>> = BTreeMap::new();
    for page in &paginated.pages {
        for item in &page.items {
            if let Item::Text { run, .. } = item
                && let Some(subset) = subsets.get(&run.face)
            {
                let map = unicode.entry(run.face).or_default();
                for glyph in &run.glyphs {
                    let gid = subset.remapper.get(glyph.gid).unwrap_or(0);
                    let text = run.glyph_text(glyph);
                    match map.get_mut(&gid) {
                        Some(known) if known == text => {}
                        Some(known) => text.clone_into(known),
                        None => {
                            map.insert(gid, text.to_owned());
                        }
                    }
                }
            }
        }
    }

    // Content streams are written here, byte by byte; printpdf only lays
    // out the document around them (fonts, pages, links), from pages whose
    // operations are the links alone. The first page also shows every used
    // glyph once, so printpdf's font dictionaries and ToUnicode maps cover
    // them; its content stream is replaced like every other.
    let page_h = geometry.height;
    let images = Images::collect(&paginated.pages);
    let mut pages = Vec::with_capacity(paginated.pages.len());
    for (index, page) in paginated.pages.iter().enumerate() {
        let mut ops = Vec::new();
        let mut links = Vec::new();
        if index == 0 {
            for (face, map) in &unicode {
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(font_id(*face)),
                    size: Pt(10.0),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(
                        map.iter()
                            .map(|(gid, text)| Codepoint {
                                gid: *gid,
                                offset: 0.0,
                                cid: Some(text.clone()),
                            })
                            .collect(),
                    )],
                });
                ops.push(Op::EndTextSection);
            }
        }
        for item in &page.items {
            let Item::Link {
                x,
                y,
                w,
                h,
                target,
                node,
            } = item
            else {
                continue;
            };
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
            links.push(*node);
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
        let mut pdf_page = PdfPage::new(printpdf::Mm(10.0), printpdf::Mm(10.0), ops);
        let media = Rect::from_wh(Pt(geometry.width), Pt(geometry.height));
        pdf_page.media_box = media.clone();
        pdf_page.trim_box = media.clone();
        pdf_page.crop_box = media;
        pages.push(pdf_page);
        marks.links.push(links);
    }
    doc.pages = pages;

    // Each page's content stream, compressed, its items dropped as soon as
    // it is written. Items share shaped runs through `Rc`, so streams are
    // written here, a few pages at a time, and only compressed in parallel.
    let mut streams = Vec::with_capacity(paginated.pages.len());
    for chunk in paginated.pages.chunks_mut(STREAM_CHUNK) {
        let contents: Vec<Vec<u8>> = chunk
            .iter_mut()
            .map(|page| {
                let (content, mcids) =
                    content_stream(page, &subsets, &images, page_h, tree, tagged);
                marks.pages.push(mcids);
                page.items = Vec::new();
                content
            })
            .collect();
        streams.par_extend(contents.into_par_iter().map(|content| {
            let mut stream = Stream::new(Dictionary::new(), content);
            deflate(&mut stream);
            stream
        }));
    }
    drop(subsets);
    drop(unicode);

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
    let mut lodoc = doc.to_lopdf_document(&options, &mut warnings);
    drop(doc);
    replace_contents(&mut lodoc, streams)?;
    super::images::embed(&mut lodoc, &images)?;
    drop(images);
    if tagged {
        structure::prepare(&mut lodoc, tree, &marks, &info.lang)?;
    }
    let structure = tagged.then_some((tree, &marks));
    outline::finish(lodoc, paginated, geometry, info, structure)
}

/// Writes `v` rounded to `decimals` (at most 4) places, without trailing
/// zeros: `12`, `-0.5`, `595.28`.
fn number(out: &mut Vec<u8>, v: f64, decimals: u32) {
    let v = if v.is_finite() { v } else { 0.0 };
    let scale = 10i64.pow(decimals);
    let scaled = (v * scale as f64).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let magnitude = scaled.unsigned_abs();
    let scale = scale.unsigned_abs();
    let whole = magnitude / scale;
    let mut fraction = magnitude % scale;
    let _ = write!(out, "{whole}");
    if fraction != 0 {
        out.push(b'.');
        let mut digits = decimals;
        while fraction.is_multiple_of(10) {
            fraction /= 10;
            digits -= 1;
        }
        let _ = write!(out, "{fraction:0width$}", width = digits as usize);
    }
}

fn colour_op(out: &mut Vec<u8>, c: Rgb, op: &str) {
    for v in [c.0, c.1, c.2] {
        number(out, f64::from(finite(v).clamp(0.0, 1.0)), 3);
        out.push(b' ');
    }
    out.extend_from_slice(op.as_bytes());
    out.push(b'\n');
}

/// The smallest pen correction written in a `TJ` array, in thousandths
/// of an em.
const MIN_KERN: f64 = 0.5;

/// A glyph id as the two bytes of a literal string: half the size of hex,
/// so there is half as much to deflate. `(`, `)` and `\` are escaped, and
/// so are CR and LF, which a reader would otherwise normalise.
fn glyph_id(out: &mut Vec<u8>, gid: u16) {
    for byte in gid.to_be_bytes() {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(byte),
        }
    }
}

/// A `TJ` array being written: its baseline, face and size, and where the
/// viewer's pen stands (in points) after what it holds.
struct OpenRun {
    baseline: f64,
    pen: f64,
    /// Inside a `(…)` glyph string.
    in_string: bool,
}

/// Writes the stroke state only when it changes.
#[derive(Default)]
struct Graphics {
    font: Option<(FaceId, f32)>,
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
    dash: Option<bool>,
}

/// A filled path (non-zero winding, as glyph outlines are drawn).
fn path(out: &mut Vec<u8>, ops: &[super::layout::PathOp], page_h: f64) {
    use super::layout::PathOp;
    let point = |out: &mut Vec<u8>, x: f32, y: f32| {
        number(out, f64::from(finite(x)), 2);
        out.push(b' ');
        number(out, page_h - f64::from(finite(y)), 2);
        out.push(b' ');
    };
    for op in ops {
        match *op {
            PathOp::Move(x, y) => {
                point(out, x, y);
                out.extend_from_slice(b"m\n");
            }
            PathOp::Line(x, y) => {
                point(out, x, y);
                out.extend_from_slice(b"l\n");
            }
            PathOp::Cubic(x1, y1, x2, y2, x, y) => {
                point(out, x1, y1);
                point(out, x2, y2);
                point(out, x, y);
                out.extend_from_slice(b"c\n");
            }
            PathOp::Close => out.extend_from_slice(b"h\n"),
        }
    }
    if !ops.is_empty() {
        out.extend_from_slice(b"f\n");
    }
}

fn close_run(out: &mut Vec<u8>, run: &mut Option<OpenRun>) {
    if let Some(open) = run.take() {
        if open.in_string {
            out.push(b')');
        }
        out.extend_from_slice(b"]TJ\n");
    }
}

/// One page's content stream. Text is set with one `Tm` per baseline and
/// one `TJ` array whose numbers move the viewer's pen (advancing by the
/// `/W` widths) to where the layout put each glyph.
///
/// Tagged (`tagged`), every painting operator is inside marked content:
/// the element's (`/P <</MCID n>> BDC`) or an artifact's, as the items'
/// marks say; right-to-left text also in a `/Span` with its `/Lang`.
/// Returns the element of each MCID, in order.
fn content_stream(
    page: &super::layout::Page,
    subsets: &BTreeMap<FaceId, Subset>,
    images: &Images,
    page_h: f32,
    tree: &Tree,
    tagged: bool,
) -> (Vec<u8>, Vec<u32>) {
    let mut out = Vec::with_capacity(8 * 1024);
    let mut in_text = false;
    let mut run: Option<OpenRun> = None;
    let mut state = Graphics::default();
    let page_h = f64::from(page_h);
    let mut wanted = Tag::Artifact;
    let mut open: Option<(Tag, Option<&'static str>)> = None;
    let mut mcids = Vec::new();
    for item in &page.items {
        match item {
            Item::Mark(tag) => {
                wanted = *tag;
                continue;
            }
            Item::Link { .. } => continue,
            _ => {}
        }
        if tagged {
            let lang = match item {
                Item::Text { run, .. } if run.rtl => {
                    right_to_left_lang(run.glyphs.iter().map(|g| run.glyph_text(g)))
                }
                _ => None,
            };
            if open != Some((wanted, lang)) {
                if in_text {
                    close_run(&mut out, &mut run);
                    out.extend_from_slice(b"ET\n");
                    in_text = false;
                }
                close_marks(&mut out, open);
                open_marks(&mut out, wanted, lang, tree, &mut mcids);
                open = Some((wanted, lang));
            }
        }
        let is_text = matches!(item, Item::Text { .. });
        if !is_text && in_text {
            close_run(&mut out, &mut run);
            out.extend_from_slice(b"ET\n");
            in_text = false;
        }
        match item {
            Item::Text {
                run: shaped,
                size,
                color,
                x,
                y,
                extra,
            } => {
                let Some(subset) = subsets.get(&shaped.face) else {
                    continue;
                };
                if !in_text {
                    out.extend_from_slice(b"BT\n");
                    in_text = true;
                }
                let size = finite(*size).max(0.1);
                if state.font != Some((shaped.face, size)) {
                    close_run(&mut out, &mut run);
                    let _ = write!(out, "/F{} ", shaped.face.index());
                    number(&mut out, f64::from(size), 2);
                    out.extend_from_slice(b" Tf\n");
                    state.font = Some((shaped.face, size));
                }
                if state.fill != Some(*color) {
                    close_run(&mut out, &mut run);
                    colour_op(&mut out, *color, "rg");
                    state.fill = Some(*color);
                }
                let size = f64::from(size);
                let baseline = page_h - f64::from(finite(*y));
                let scale = size / f64::from(subset.upm);
                let extra = f64::from(finite(*extra));
                let mut pen = f64::from(finite(*x));
                for glyph in &shaped.glyphs {
                    let gid = subset.remapper.get(glyph.gid).unwrap_or(0);
                    let width = f64::from(subset.widths.get(&glyph.gid).copied().unwrap_or(0.0));
                    let gx = pen + f64::from(glyph.x_offset) * scale;
                    let gy = baseline + f64::from(glyph.y_offset) * scale;
                    let joins = run.as_ref().is_some_and(|r| r.baseline == gy);
                    if joins {
                        let open = run.as_mut().expect("an open run");
                        // TJ numbers move the pen by -n/1000 em.
                        let kern = ((open.pen - gx) * 1000.0 / size * 100.0).round() / 100.0;
                        // Drift under half a thousandth of an em (0.005 pt
                        // at 10 pt) is left to build up until it shows;
                        // writing each one split the glyph strings.
                        if kern.abs() >= MIN_KERN {
                            if open.in_string {
                                out.push(b')');
                                open.in_string = false;
                            }
                            number(&mut out, kern, 2);
                            open.pen -= kern * size / 1000.0;
                        }
                    } else {
                        close_run(&mut out, &mut run);
                        out.extend_from_slice(b"1 0 0 1 ");
                        number(&mut out, gx, 2);
                        out.push(b' ');
                        number(&mut out, gy, 2);
                        out.extend_from_slice(b" Tm\n[");
                        // The pen starts where the matrix put it (rounded).
                        run = Some(OpenRun {
                            baseline: gy,
                            pen: (gx * 100.0).round() / 100.0,
                            in_string: false,
                        });
                    }
                    let open = run.as_mut().expect("an open run");
                    if !open.in_string {
                        out.push(b'(');
                        open.in_string = true;
                    }
                    glyph_id(&mut out, gid);
                    open.pen += width * size / 1000.0;
                    pen += f64::from(glyph.advance) * scale + extra;
                }
            }
            Item::Rect {
                x,
                y,
                w,
                h,
                fill: c,
            } => {
                if state.fill != Some(*c) {
                    colour_op(&mut out, *c, "rg");
                    state.fill = Some(*c);
                }
                for v in [
                    f64::from(finite(*x)),
                    page_h - f64::from(finite(*y)) - f64::from(finite(*h)),
                    f64::from(finite(*w)),
                    f64::from(finite(*h)),
                ] {
                    number(&mut out, v, 2);
                    out.push(b' ');
                }
                out.extend_from_slice(b"re\nf\n");
            }
            Item::Path { ops, fill } => {
                if state.fill != Some(*fill) {
                    colour_op(&mut out, *fill, "rg");
                    state.fill = Some(*fill);
                }
                path(&mut out, ops, page_h);
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
                if state.stroke != Some(*color) {
                    colour_op(&mut out, *color, "RG");
                    state.stroke = Some(*color);
                }
                let width = finite(*width);
                if state.width != Some(width) {
                    number(&mut out, f64::from(width), 2);
                    out.extend_from_slice(b" w\n");
                    state.width = Some(width);
                }
                if state.dash != Some(*dash) {
                    out.extend_from_slice(if *dash { b"[2 1.5] 0 d\n" } else { b"[] 0 d\n" });
                    state.dash = Some(*dash);
                }
                for (v, end) in [
                    (f64::from(finite(*x1)), " "),
                    (page_h - f64::from(finite(*y1)), " m\n"),
                    (f64::from(finite(*x2)), " "),
                    (page_h - f64::from(finite(*y2)), " l\nS\n"),
                ] {
                    number(&mut out, v, 2);
                    out.extend_from_slice(end.as_bytes());
                }
            }
            Item::Image {
                x, y, w, h, image, ..
            } => images.draw(&mut out, image, *x, *y, *w, *h, page_h),
            Item::Link { .. } | Item::Mark(_) => {}
        }
    }
    if in_text {
        close_run(&mut out, &mut run);
        out.extend_from_slice(b"ET\n");
    }
    close_marks(&mut out, open);
    (out, mcids)
}

/// Opens the marked content of `tag` (and a `/Span` for `lang` in it).
fn open_marks(out: &mut Vec<u8>, tag: Tag, lang: Option<&str>, tree: &Tree, mcids: &mut Vec<u32>) {
    match tag {
        Tag::Node(node) if (node as usize) < tree.nodes.len() => {
            let kind = tree.nodes[node as usize].kind.name();
            let _ = writeln!(out, "/{kind} <</MCID {}>> BDC", mcids.len());
            mcids.push(node);
        }
        Tag::Pagination => out.extend_from_slice(b"/Artifact <</Type /Pagination>> BDC\n"),
        Tag::Node(_) | Tag::Artifact => out.extend_from_slice(b"/Artifact BMC\n"),
    }
    if let Some(lang) = lang {
        let _ = writeln!(out, "/Span <</Lang ({lang})>> BDC");
    }
}

fn close_marks(out: &mut Vec<u8>, open: Option<(Tag, Option<&str>)>) {
    if let Some((_, lang)) = open {
        if lang.is_some() {
            out.extend_from_slice(b"EMC\n");
        }
        out.extend_from_slice(b"EMC\n");
    }
}

/// The language of a right-to-left run (its glyphs' text) in Hebrew or
/// Arabic script, for its `/Lang`: `he`, or `ar` (Persian and Urdu share
/// the script and cannot be told from it alone). Looks no further than
/// the first letter.
fn right_to_left_lang<'t>(texts: impl Iterator<Item = &'t str>) -> Option<&'static str> {
    let letter = texts.flat_map(str::chars).find(|c| c.is_alphabetic())?;
    match u32::from(letter) {
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some("he"),
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some("ar")
        }
        _ => None,
    }
}

/// Pages whose content streams are written before they are compressed (in
/// parallel: they are independent).
const STREAM_CHUNK: usize = 8;

/// Puts the content streams written here in place of printpdf's.
fn replace_contents(doc: &mut Document, streams: Vec<Stream>) -> Result<(), PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.len() != streams.len() {
        return Err(PdfError::Pdf(format!(
            "{} pages written for {} laid out",
            pages.len(),
            streams.len()
        )));
    }
    for (page, stream) in pages.iter().zip(streams) {
        let id = doc
            .get_dictionary(*page)
            .and_then(|d| d.get(b"Contents"))
            .and_then(Object::as_reference)
            .map_err(|e| PdfError::Pdf(format!("page contents: {e}")))?;
        doc.set_object(id, Object::Stream(stream));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::render::pdf::layout::{Page, Spot};
    use crate::render::pdf::shape::Shaper;

    #[test]
    fn glyph_ids_that_look_like_syntax_survive_a_literal_string() {
        // `(` `)` `\` CR LF, and a NUL: as bytes of glyph ids.
        let gids = [0x2928_u16, 0x5c0d, 0x0a00, 0x0d41];
        let mut stream = b"BT [(".to_vec();
        for gid in gids {
            glyph_id(&mut stream, gid);
        }
        stream.extend_from_slice(b")] TJ ET");
        let content = lopdf::content::Content::decode(&stream).expect("parses");
        let tj = content
            .operations
            .iter()
            .find(|op| op.operator == "TJ")
            .expect("a TJ");
        let Some(Object::Array(items)) = tj.operands.first() else {
            panic!("{tj:?}")
        };
        let Some(Object::String(bytes, _)) = items.first() else {
            panic!("{items:?}")
        };
        let expected: Vec<u8> = gids.iter().flat_map(|g| g.to_be_bytes()).collect();
        assert_eq!(bytes, &expected);
    }

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
                    node: None,
                },
                Item::Link {
                    x: 0.0,
                    y: 0.0,
                    w: 10.0,
                    h: 10.0,
                    target: Target::Anchor("beyond".to_owned()),
                    node: None,
                },
            ],
        };
        let mut anchors = BTreeMap::new();
        anchors.insert("beyond".to_owned(), Spot { page: 7, y: 0.0 });
        let mut paginated = Paginated {
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
            lang: "en".to_owned(),
            standard: crate::vocab::PdfStandard::Ua1,
        };
        let bytes = emit(
            &fonts,
            Geometry::a4(),
            &mut paginated,
            &Tree::default(),
            &info,
        )
        .expect("emits");
        let doc = lopdf::Document::load_mem(&bytes).expect("parses");
        let page = *doc.get_pages().values().next().expect("a page");
        let content = doc.get_page_content(page);
        let text = String::from_utf8_lossy(&content);
        assert!(!text.contains("NaN") && !text.contains("inf"), "{text}");
        assert!(!String::from_utf8_lossy(&bytes).contains("/GoTo"));
    }
}
