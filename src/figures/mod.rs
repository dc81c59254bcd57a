//! Figures in notes (SPEC §9, Figures): `![alt](path "caption")` with a
//! path relative to the note, a PNG, JPEG or SVG file inside the
//! workspace.
//!
//! Pure, beside validation: [`check`] finds a body's images with
//! pulldown-cmark's offsets, has a reader (the `workspace` module's, which
//! confines the path and caps the size) fetch each file, and inspects the
//! bytes — the magic numbers against the extension, the dimensions from
//! the header before anything is decoded (the pixel cap), then a bounded
//! decode — into [`Figure`]s and diagnostics at the image's position.
//! Renderers take figures from the model and embed [`Image::data`]; the
//! PDF decodes PNGs again through [`png_pixels`]. A leaf besides `diag`,
//! `markdown` and `typefaces`.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

use crate::diag::{Code, Diagnostic};
use crate::markdown::markdown_options;

mod raster;
mod svg;

pub use raster::{Pixels, png_pixels};
pub(crate) use svg::parse as svg_tree;

/// An image file larger than this is refused unread.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// An image with more pixels than this is refused before it is decoded
/// (a decompression bomb declares a huge canvas in a few bytes).
pub const MAX_PIXELS: u64 = 40_000_000;
/// The longest side an image may declare, in pixels.
pub const MAX_SIDE: u32 = 20_000;

/// The formats a figure may be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ImageKind {
    /// Portable Network Graphics.
    Png,
    /// JPEG (JFIF or Exif), baseline or progressive DCT.
    Jpeg,
    /// Scalable Vector Graphics.
    Svg,
}

impl ImageKind {
    /// The kind a file name's extension says, if it is one of the three.
    pub fn from_extension(path: &str) -> Option<ImageKind> {
        let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "png" => Some(ImageKind::Png),
            "jpg" | "jpeg" => Some(ImageKind::Jpeg),
            "svg" => Some(ImageKind::Svg),
            _ => None,
        }
    }

    /// The media type, as a `data:` URI names it.
    pub fn mime(self) -> &'static str {
        match self {
            ImageKind::Png => "image/png",
            ImageKind::Jpeg => "image/jpeg",
            ImageKind::Svg => "image/svg+xml",
        }
    }

    /// The format's name with its article: `a PNG`, `a JPEG`, `an SVG`.
    pub fn article(self) -> &'static str {
        match self {
            ImageKind::Png => "a PNG",
            ImageKind::Jpeg => "a JPEG",
            ImageKind::Svg => "an SVG",
        }
    }

    /// The format's name, as messages and JSON give it.
    pub fn name(self) -> &'static str {
        match self {
            ImageKind::Png => "PNG",
            ImageKind::Jpeg => "JPEG",
            ImageKind::Svg => "SVG",
        }
    }
}

/// How a JPEG's colours are stored, which the PDF names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JpegColour {
    /// One component: `/DeviceGray`.
    Gray,
    /// Three components (YCbCr): `/DeviceRGB`.
    Rgb,
    /// Four components: `/DeviceCMYK`; `inverted` when an Adobe APP14
    /// marker says the values are stored inverted (Photoshop's CMYK).
    Cmyk {
        /// Stored inverted: the PDF needs `/Decode [1 0 1 0 1 0 1 0]`.
        inverted: bool,
    },
}

/// An image file, inspected: what renderers embed.
#[derive(Clone, PartialEq, Eq)]
pub struct Image {
    /// Its format.
    pub kind: ImageKind,
    /// Width in pixels (an SVG's in CSS pixels, rounded up).
    pub width: u32,
    /// Height in pixels (an SVG's in CSS pixels, rounded up).
    pub height: u32,
    /// SHA-256 of the file's bytes, in lowercase hex.
    pub sha256: String,
    /// What is embedded: the file's bytes for PNG and JPEG; for SVG, the
    /// file as usvg rewrote it (text as paths in the shipped fonts, no
    /// scripts, no references to other files), so every reader draws it
    /// alike.
    pub data: Arc<[u8]>,
    /// A JPEG's colour space.
    pub jpeg: Option<JpegColour>,
}

impl fmt::Debug for Image {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Image")
            .field("kind", &self.kind)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("sha256", &self.sha256)
            .field("bytes", &self.data.len())
            .finish()
    }
}

/// One image of a note, as its body writes it and as the file is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The destination as written (`map.png`): how renderers find the
    /// figure for an image in the markdown.
    pub src: String,
    /// The file, relative to the workspace root, with `/` separators.
    pub path: String,
    /// The alternative text (the image's description, as plain text).
    pub alt: String,
    /// The title, when written: the caption.
    pub caption: Option<String>,
    /// The file's contents, shared by every use of it.
    pub image: Arc<Image>,
}

/// Finds the figure the markdown's image `src` names, if it is one.
pub fn find<'f>(figures: &'f [Figure], src: &str) -> Option<&'f Figure> {
    figures.iter().find(|f| f.src == src)
}

/// The figures of `figures` that `markdown` shows, in its order, once each.
pub fn used_in(figures: &[Figure], markdown: &str) -> Vec<Figure> {
    if figures.is_empty() {
        return Vec::new();
    }
    let mut used: Vec<Figure> = Vec::new();
    for reference in references(markdown) {
        if find(&used, &reference.src).is_none()
            && let Some(figure) = find(figures, &reference.src)
        {
            used.push(figure.clone());
        }
    }
    used
}

impl serde::Serialize for Figure {
    /// What a figure is, without its bytes.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut out = serializer.serialize_struct("Figure", 7)?;
        out.serialize_field("path", &self.path)?;
        out.serialize_field("alt", &self.alt)?;
        out.serialize_field("caption", &self.caption)?;
        out.serialize_field("format", self.image.kind.name())?;
        out.serialize_field("width", &self.image.width)?;
        out.serialize_field("height", &self.image.height)?;
        out.serialize_field("sha256", &self.image.sha256)?;
        out.end()
    }
}

/// Why a reader could not hand over an image's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No file there (or a broken link).
    NotFound,
    /// The path resolves outside the workspace, or to a hidden entry in it.
    Outside {
        /// It resolves to a hidden file or folder of the workspace.
        hidden: bool,
    },
    /// A folder, device or FIFO, never opened.
    NotAFile,
    /// Over [`MAX_IMAGE_BYTES`]; not read.
    TooLarge {
        /// Its size.
        bytes: u64,
    },
    /// Any other failure, as the system described it.
    Io(String),
}

/// An image reference in a note's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The destination as written.
    pub src: String,
    /// Alternative text, as plain text.
    pub alt: String,
    /// The title, if any.
    pub title: Option<String>,
    /// Where `![…](…)` is written, in bytes of the body.
    pub span: Range<usize>,
}

/// Every image in `body`, in order. An image whose destination has a
/// scheme (`https:`, `data:`) is not a figure: the brief fetches nothing,
/// and renderers show it as before, as a link.
pub fn references(body: &str) -> Vec<Reference> {
    let mut found = Vec::new();
    // Every image, inline or by reference, is written `![`; most notes
    // have none and need no second pass of the markdown parser.
    if !body.contains("![") {
        return found;
    }
    // The image being read: its reference and how deep inside it we are.
    let mut open: Option<(Reference, usize)> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        match (&mut open, event) {
            (
                None,
                Event::Start(Tag::Image {
                    dest_url, title, ..
                }),
            ) => {
                let title = title.trim();
                open = Some((
                    Reference {
                        src: dest_url.to_string(),
                        alt: String::new(),
                        title: (!title.is_empty()).then(|| title.to_owned()),
                        span: range,
                    },
                    0,
                ));
            }
            (Some((_, depth)), Event::Start(_)) => *depth += 1,
            (Some((reference, 0)), Event::End(TagEnd::Image)) => {
                if !has_scheme(&reference.src) {
                    reference.alt = reference.alt.trim().to_owned();
                    found.push(reference.clone());
                }
                open = None;
            }
            (Some((_, depth)), Event::End(_)) => *depth = depth.saturating_sub(1),
            (
                Some((reference, _)),
                Event::Text(text) | Event::Code(text) | Event::InlineMath(text),
            ) => reference.alt.push_str(&text),
            (Some((reference, _)), Event::SoftBreak | Event::HardBreak) => {
                reference.alt.push(' ');
            }
            _ => {}
        }
    }
    found
}

/// Whether a destination names a scheme (`https:`, `data:`, `c:`): a
/// figure's path never does.
fn has_scheme(src: &str) -> bool {
    match src.find(':') {
        Some(colon) => {
            let scheme = &src[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// The workspace-relative path `src` names from the note at `note`
/// (itself workspace-relative), lexically: `None` when it is absolute or
/// climbs above the workspace root. Links are resolved by the reader.
pub fn resolve(note: &Path, src: &str) -> Option<PathBuf> {
    let decoded = percent_decode(src);
    let written = Path::new(&decoded);
    if decoded.starts_with('/') || decoded.starts_with('\\') || written.has_root() {
        return None;
    }
    let mut out = PathBuf::new();
    for component in note.parent().unwrap_or(Path::new("")).components() {
        if let Component::Normal(part) = component {
            out.push(part);
        }
    }
    for component in written.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// `%20` and the like decoded, as a browser would read the destination;
/// an invalid escape stays as written.
fn percent_decode(src: &str) -> String {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(Some(hi)), Some(Some(lo))) = (
                bytes.get(i + 1).map(|&b| hex(b)),
                bytes.get(i + 2).map(|&b| hex(b)),
            )
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| src.to_owned())
}

/// Why an image's bytes are not a figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Not the format the extension says (`said`), or no format at all.
    WrongType {
        /// The format the extension names.
        said: ImageKind,
        /// The format the bytes are, if one of the three.
        found: Option<ImageKind>,
    },
    /// More pixels or a longer side than the caps allow.
    TooManyPixels {
        /// Declared width.
        width: u64,
        /// Declared height.
        height: u64,
    },
    /// The bytes do not decode; why, in a few words.
    Undecodable(String),
}

/// What the bytes are, by their first bytes.
pub fn sniff(bytes: &[u8]) -> Option<ImageKind> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageKind::Jpeg)
    } else if svg::looks_like_svg(bytes) {
        Some(ImageKind::Svg)
    } else {
        None
    }
}

/// Inspects a file's bytes as the format its extension names: the magic
/// numbers, the declared size against the caps, then a bounded decode.
pub fn inspect(said: ImageKind, bytes: &[u8]) -> Result<Image, Problem> {
    let found = sniff(bytes);
    if found != Some(said) {
        return Err(Problem::WrongType { said, found });
    }
    let sha256 = hex(&Sha256::digest(bytes));
    match said {
        ImageKind::Png => {
            let (width, height) = raster::png_size(bytes)?;
            check_pixels(width, height)?;
            raster::png_pixels(bytes).map_err(Problem::Undecodable)?;
            Ok(Image {
                kind: said,
                width,
                height,
                sha256,
                data: Arc::from(bytes),
                jpeg: None,
            })
        }
        ImageKind::Jpeg => {
            let header = raster::jpeg_header(bytes)?;
            check_pixels(header.width, header.height)?;
            Ok(Image {
                kind: said,
                width: header.width,
                height: header.height,
                sha256,
                data: Arc::from(bytes),
                jpeg: Some(header.colour),
            })
        }
        ImageKind::Svg => {
            let clean = svg::normalise(bytes).map_err(Problem::Undecodable)?;
            check_pixels(clean.width, clean.height)?;
            Ok(Image {
                kind: said,
                width: clean.width,
                height: clean.height,
                sha256,
                data: Arc::from(clean.svg.into_bytes()),
                jpeg: None,
            })
        }
    }
}

fn check_pixels(width: u32, height: u32) -> Result<(), Problem> {
    let (w, h) = (u64::from(width), u64::from(height));
    if w * h > MAX_PIXELS || width > MAX_SIDE || height > MAX_SIDE {
        return Err(Problem::TooManyPixels {
            width: w,
            height: h,
        });
    }
    if width == 0 || height == 0 {
        return Err(Problem::Undecodable("it has no pixels".to_owned()));
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A note's figures and the problems with them. `body` starts at byte
/// `base` of `text` (the note's whole text, which diagnostics point
/// into); `note` is the note's workspace-relative path; `read` fetches a
/// workspace-relative file's bytes (confined, size-capped). Each file is
/// read and inspected once however often the note shows it.
pub fn check(
    note: &Path,
    text: &Arc<str>,
    body: Range<usize>,
    read: &dyn Fn(&Path) -> Result<Vec<u8>, ReadError>,
) -> (Vec<Figure>, Vec<Diagnostic>) {
    let mut figures = Vec::new();
    let mut diagnostics = Vec::new();
    let Some(body_text) = text.get(body.clone()) else {
        return (figures, diagnostics);
    };
    let mut inspected: BTreeMap<PathBuf, Result<Arc<Image>, Refusal>> = BTreeMap::new();
    for reference in references(body_text) {
        let span = body.start + reference.span.start..body.start + reference.span.end;
        let shown = crate::diag::escape_controls(&reference.src).into_owned();
        let outcome = match resolve(note, &reference.src) {
            None => Err((
                Code::ImageOutsideWorkspace,
                format!("image `{shown}` is outside the workspace"),
                "a figure's path is relative to the note and stays inside the workspace".to_owned(),
            )),
            Some(path) => inspected
                .entry(path.clone())
                .or_insert_with(|| load(&path, &shown, read))
                .clone()
                .map(|image| (path, image)),
        };
        match outcome {
            Ok((path, image)) => {
                if reference.alt.is_empty() {
                    diagnostics.push(
                        Diagnostic::warning(
                            Code::ImageNoAlt,
                            note,
                            format!("image `{shown}` has no alternative text"),
                        )
                        .at(text, span.clone())
                        .with_help(
                            "describe the image between the brackets, `![Map of the strait](…)`, for readers who cannot see it",
                        ),
                    );
                }
                if find(&figures, &reference.src).is_none() {
                    figures.push(Figure {
                        src: reference.src,
                        path: path_string(&path),
                        alt: reference.alt,
                        caption: reference.title,
                        image,
                    });
                }
            }
            Err((code, message, help)) => diagnostics.push(
                Diagnostic::error(code, note, message)
                    .at(text, span)
                    .with_help(help),
            ),
        }
    }
    (figures, diagnostics)
}

fn path_string(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Why a file is no figure: the code, the message and the help.
type Refusal = (Code, String, String);

/// Reads and inspects one file, the outcome as (code, message, help).
fn load(
    path: &Path,
    shown: &str,
    read: &dyn Fn(&Path) -> Result<Vec<u8>, ReadError>,
) -> Result<Arc<Image>, Refusal> {
    let Some(said) = ImageKind::from_extension(&path.to_string_lossy()) else {
        return Err((
            Code::ImageType,
            format!("image `{shown}` is not a PNG, JPEG or SVG file"),
            "figures are .png, .jpg (.jpeg) or .svg files".to_owned(),
        ));
    };
    let bytes = read(path).map_err(|error| match error {
        ReadError::NotFound => (
            Code::ImageNotFound,
            format!("image `{shown}` not found"),
            format!(
                "the path is relative to the note; there is no file `{}`",
                path_string(path)
            ),
        ),
        ReadError::Outside { hidden } => (
            Code::ImageOutsideWorkspace,
            if hidden {
                format!("image `{shown}` links to a hidden file or folder of the workspace")
            } else {
                format!("image `{shown}` links outside the workspace")
            },
            "copy the image into the workspace".to_owned(),
        ),
        ReadError::NotAFile => (
            Code::ImageType,
            format!("image `{shown}` is not a file"),
            "a figure names a PNG, JPEG or SVG file".to_owned(),
        ),
        ReadError::TooLarge { bytes } => (
            Code::ImageTooLarge,
            format!(
                "image `{shown}` is {} MB, over the 20 MB limit",
                bytes.div_ceil(1024 * 1024)
            ),
            "export it smaller (a figure needs no more than a few megabytes)".to_owned(),
        ),
        ReadError::Io(why) => (
            Code::Io,
            format!("image `{shown}` could not be read: {why}"),
            "check the file's permissions".to_owned(),
        ),
    })?;
    inspect(said, &bytes).map(Arc::new).map_err(|problem| match problem {
        Problem::WrongType { said, found } => (
            Code::ImageType,
            match found {
                Some(found) => format!(
                    "image `{shown}` is a {} file, not {} as its extension says",
                    found.name(),
                    said.name()
                ),
                None => format!(
                    "image `{shown}` is not {} file, nor any other image brief reads",
                    said.article()
                ),
            },
            "export the image again as PNG, JPEG or SVG, with the matching extension".to_owned(),
        ),
        Problem::TooManyPixels { width, height } => (
            Code::ImageTooLarge,
            format!(
                "image `{shown}` is {width} × {height} pixels, over the limit of 40 megapixels (20,000 a side)"
            ),
            "scale it down; a page or a screen shows no more than a few megapixels".to_owned(),
        ),
        Problem::Undecodable(why) => (
            Code::ImageUndecodable,
            format!("image `{shown}` cannot be decoded: {why}"),
            "the file is damaged or truncated; export it again".to_owned(),
        ),
    })
}

#[cfg(test)]
mod tests;
