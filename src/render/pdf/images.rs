//! A note's images in the PDF: each stored once however often it is drawn
//! (by its file's SHA-256), as an image XObject or, for an SVG, a form
//! XObject of vector graphics.
//!
//! - JPEG: the file's bytes passed through (`/DCTDecode`), its colour
//!   space from its frame header (an Adobe CMYK one with `/Decode`
//!   inverted);
//! - PNG: decoded (bounded, see `figures`) to 8-bit grey or RGB, deflated,
//!   its alpha (when it has any) a soft mask;
//! - SVG: converted by svg2pdf from usvg's tree (text already as paths in
//!   the shipped fonts), its page imported as a form whose `/Matrix` maps
//!   it onto the unit square, so every image is drawn the same way.
//!
//! The content stream draws each with `q w 0 0 h x y cm /ImN Do Q`.

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::sync::Arc;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};
use rayon::prelude::*;

use super::PdfError;
use super::compress::deflate;
use super::layout::{Item, Page};
use crate::figures::{Image, ImageKind, JpegColour, png_pixels, svg_tree};

/// The images a document draws, each once, numbered in order of first use.
pub(super) struct Images {
    list: Vec<Arc<Image>>,
    index: HashMap<String, usize>,
    /// For each page, the images it draws.
    pages: Vec<BTreeSet<usize>>,
}

impl Images {
    /// The images `pages` draw.
    pub(super) fn collect(pages: &[Page]) -> Images {
        let mut images = Images {
            list: Vec::new(),
            index: HashMap::new(),
            pages: Vec::with_capacity(pages.len()),
        };
        for page in pages {
            let mut used = BTreeSet::new();
            for item in &page.items {
                if let Item::Image { image, .. } = item {
                    let next = images.list.len();
                    let n = *images.index.entry(image.sha256.clone()).or_insert(next);
                    if n == next {
                        images.list.push(Arc::clone(image));
                    }
                    used.insert(n);
                }
            }
            images.pages.push(used);
        }
        images
    }

    /// Writes the operators that draw `image` into the box with top left
    /// (x, y) from the page top, `w` × `h` points.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn draw(
        &self,
        out: &mut Vec<u8>,
        image: &Image,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        page_h: f64,
    ) {
        let Some(n) = self.index.get(&image.sha256) else {
            return;
        };
        let bottom = page_h - f64::from(finite(y)) - f64::from(finite(h));
        let _ = write!(
            out,
            "q\n{} 0 0 {} {} {} cm\n/Im{n} Do\nQ\n",
            num(f64::from(finite(w))),
            num(f64::from(finite(h))),
            num(f64::from(finite(x))),
            num(bottom)
        );
    }
}

fn finite(v: f32) -> f32 {
    if v.is_finite() { v } else { 0.0 }
}

/// A number with at most three decimals and no trailing zeros.
fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let text = format!("{:.3}", v);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// An image ready to add: its stream and, for a PNG with alpha, its mask;
/// or an SVG's one-page PDF to import. Few, and short-lived: their sizes
/// do not matter.
#[allow(clippy::large_enum_variant)]
enum Built {
    Raster { image: Stream, mask: Option<Stream> },
    Vector(Document),
}

fn image_dict(width: u32, height: u32, colour_space: &str) -> Dictionary {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Image".to_vec()));
    dict.set("Width", i64::from(width));
    dict.set("Height", i64::from(height));
    dict.set("ColorSpace", Object::Name(colour_space.as_bytes().to_vec()));
    dict.set("BitsPerComponent", 8);
    dict
}

fn build(image: &Image) -> Result<Built, String> {
    match image.kind {
        ImageKind::Jpeg => {
            let (space, decode) = match image.jpeg {
                Some(JpegColour::Gray) => ("DeviceGray", false),
                Some(JpegColour::Cmyk { inverted }) => ("DeviceCMYK", inverted),
                Some(JpegColour::Rgb) | None => ("DeviceRGB", false),
            };
            let mut dict = image_dict(image.width, image.height, space);
            dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
            if decode {
                dict.set(
                    "Decode",
                    Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()),
                );
            }
            let mut stream = Stream::new(dict, image.data.to_vec());
            stream.allows_compression = false;
            Ok(Built::Raster {
                image: stream,
                mask: None,
            })
        }
        ImageKind::Png => {
            let pixels = png_pixels(&image.data)?;
            let space = if pixels.channels == 1 {
                "DeviceGray"
            } else {
                "DeviceRGB"
            };
            let mut stream = Stream::new(
                image_dict(pixels.width, pixels.height, space),
                pixels.colour,
            );
            deflate(&mut stream);
            let mask = pixels.alpha.map(|alpha| {
                let mut mask =
                    Stream::new(image_dict(pixels.width, pixels.height, "DeviceGray"), alpha);
                deflate(&mut mask);
                mask
            });
            Ok(Built::Raster {
                image: stream,
                mask,
            })
        }
        ImageKind::Svg => {
            let tree = svg_tree(&image.data)?;
            let pdf = svg2pdf::to_pdf(
                &tree,
                svg2pdf::ConversionOptions::default(),
                svg2pdf::PageOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            Document::load_mem(&pdf)
                .map(Built::Vector)
                .map_err(|e| e.to_string())
        }
    }
}

/// Adds the images `images` collected to `doc` (decoded in parallel,
/// added in order, so object numbers do not depend on scheduling) and
/// names them in the resources of the pages that draw them.
pub(super) fn embed(doc: &mut Document, images: &Images) -> Result<(), PdfError> {
    if images.list.is_empty() {
        return Ok(());
    }
    let built: Vec<Result<Built, String>> = images.list.par_iter().map(|i| build(i)).collect();
    let mut ids = Vec::with_capacity(built.len());
    for (image, built) in images.list.iter().zip(built) {
        let built = built.map_err(|e| PdfError::Pdf(format!("figure {}: {e}", image.sha256)))?;
        let id = match built {
            Built::Raster { mut image, mask } => {
                if let Some(mask) = mask {
                    let mask_id = doc.add_object(mask);
                    image.dict.set("SMask", Object::Reference(mask_id));
                }
                doc.add_object(image)
            }
            Built::Vector(source) => import_page(doc, &source)
                .map_err(|e| PdfError::Pdf(format!("figure {}: {e}", image.sha256)))?,
        };
        ids.push(id);
    }
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for (page, used) in pages.iter().zip(&images.pages) {
        if used.is_empty() {
            continue;
        }
        let mut xobjects = Dictionary::new();
        for &n in used {
            xobjects.set(format!("Im{n}"), Object::Reference(ids[n]));
        }
        add_xobjects(doc, *page, xobjects)?;
    }
    Ok(())
}

/// Names `xobjects` in the page's resources (its own dictionary, or the
/// one it refers to).
fn add_xobjects(doc: &mut Document, page: ObjectId, xobjects: Dictionary) -> Result<(), PdfError> {
    let bad = |e: lopdf::Error| PdfError::Pdf(format!("page resources: {e}"));
    let shared = match doc.get_dictionary(page).map_err(bad)?.get(b"Resources") {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let resources = match shared {
        Some(id) => doc.get_dictionary_mut(id).map_err(bad)?,
        None => {
            let dict = doc.get_dictionary_mut(page).map_err(bad)?;
            if !matches!(dict.get(b"Resources"), Ok(Object::Dictionary(_))) {
                dict.set("Resources", Dictionary::new());
            }
            dict.get_mut(b"Resources")
                .and_then(Object::as_dict_mut)
                .map_err(bad)?
        }
    };
    match resources.get_mut(b"XObject") {
        Ok(Object::Dictionary(existing)) => {
            for (name, value) in xobjects {
                existing.set(name, value);
            }
        }
        _ => resources.set("XObject", xobjects),
    }
    Ok(())
}

/// An SVG's one-page PDF (from svg2pdf) as a form XObject of `doc`: the
/// page's content and resources (their objects copied over), its media
/// box as the form's box, scaled onto the unit square.
fn import_page(doc: &mut Document, source: &Document) -> Result<ObjectId, String> {
    let page = *source.get_pages().values().next().ok_or("no page")?;
    let page = source.get_dictionary(page).map_err(|e| e.to_string())?;
    let media = page
        .get(b"MediaBox")
        .and_then(Object::as_array)
        .map_err(|e| e.to_string())?;
    let number = |o: &Object| o.as_float().or_else(|_| o.as_i64().map(|v| v as f32));
    let corners: Vec<f32> = media.iter().filter_map(|o| number(o).ok()).collect();
    let [x0, y0, x1, y1] = corners[..] else {
        return Err("no media box".to_owned());
    };
    let (w, h) = ((x1 - x0).max(1e-3), (y1 - y0).max(1e-3));
    let contents = page
        .get(b"Contents")
        .and_then(Object::as_reference)
        .and_then(|id| source.get_object(id))
        .and_then(Object::as_stream)
        .map_err(|e| e.to_string())?;
    let mut importer = Importer {
        source,
        map: HashMap::new(),
        queue: Vec::new(),
    };
    let resources = match page.get(b"Resources") {
        Ok(object) => importer.remap(doc, object),
        Err(_) => Object::Dictionary(Dictionary::new()),
    };
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set(
        "BBox",
        Object::Array(vec![x0.into(), y0.into(), x1.into(), y1.into()]),
    );
    dict.set(
        "Matrix",
        Object::Array(vec![
            (1.0 / w).into(),
            0.into(),
            0.into(),
            (1.0 / h).into(),
            (-x0 / w).into(),
            (-y0 / h).into(),
        ]),
    );
    dict.set("Resources", resources);
    if let Ok(filter) = contents.dict.get(b"Filter") {
        let filter = importer.remap(doc, filter);
        dict.set("Filter", filter);
    }
    let mut form = Stream::new(dict, contents.content.clone());
    form.allows_compression = contents.dict.get(b"Filter").is_err();
    let id = doc.add_object(form);
    importer.finish(doc);
    Ok(id)
}

/// Copies objects from one document into another, each once, breadth
/// first with its own queue (no recursion through references, however
/// deep the source's groups nest).
struct Importer<'s> {
    source: &'s Document,
    map: HashMap<ObjectId, ObjectId>,
    queue: Vec<ObjectId>,
}

impl Importer<'_> {
    /// `object` with its references renumbered into `doc` (the objects
    /// they name are queued for copying). Page links (`/Parent`) are left
    /// out.
    fn remap(&mut self, doc: &mut Document, object: &Object) -> Object {
        match object {
            Object::Reference(old) => {
                let new = match self.map.get(old) {
                    Some(new) => *new,
                    None => {
                        let new = doc.new_object_id();
                        self.map.insert(*old, new);
                        self.queue.push(*old);
                        new
                    }
                };
                Object::Reference(new)
            }
            Object::Array(items) => {
                Object::Array(items.iter().map(|o| self.remap(doc, o)).collect())
            }
            Object::Dictionary(dict) => Object::Dictionary(self.remap_dict(doc, dict)),
            Object::Stream(stream) => {
                let dict = self.remap_dict(doc, &stream.dict);
                let mut copy = Stream::new(dict, stream.content.clone());
                copy.allows_compression = stream.allows_compression;
                Object::Stream(copy)
            }
            other => other.clone(),
        }
    }

    fn remap_dict(&mut self, doc: &mut Document, dict: &Dictionary) -> Dictionary {
        let mut out = Dictionary::new();
        for (key, value) in dict {
            if key.as_slice() != b"Parent" {
                out.set(key.clone(), self.remap(doc, value));
            }
        }
        out
    }

    /// Copies every queued object.
    fn finish(mut self, doc: &mut Document) {
        let mut next = 0;
        while next < self.queue.len() {
            let old = self.queue[next];
            next += 1;
            let Some(new) = self.map.get(&old).copied() else {
                continue;
            };
            let copied = match self.source.get_object(old) {
                Ok(object) => self.remap(doc, object),
                Err(_) => Object::Null,
            };
            doc.objects.insert(new, copied);
        }
    }
}
