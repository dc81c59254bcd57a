//! SVG figures through usvg: parsed with the shipped fonts alone (never the
//! system's, so every machine draws the same), with no access to other
//! files or embedded images, and written back out with text as paths. The
//! rewritten file is what both renderers embed.

use std::sync::{Arc, OnceLock};

use usvg::{ImageHrefResolver, Options, Tree, WriteOptions};

use crate::typefaces::SHIPPED;

/// An SVG as usvg rewrote it, and its size in CSS pixels.
pub(super) struct Clean {
    pub svg: String,
    pub width: u32,
    pub height: u32,
}

/// Whether the bytes look like an SVG document: UTF-8 text that opens
/// with markup and has an `<svg` element near its start. Compressed SVG
/// (`.svgz`) is not accepted: inflating it would be unbounded.
pub(super) fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The head may cut a character in two.
        Err(error) if error.error_len().is_none() => {
            std::str::from_utf8(&head[..error.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return false,
    };
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with('<') && text.contains("<svg")
}

/// The database of the shipped faces, built once.
fn fontdb() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        for face in &SHIPPED {
            db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(face.data)));
        }
        db.set_serif_family("Noto Serif");
        db.set_sans_serif_family("Noto Sans");
        db.set_monospace_family("Noto Mono");
        db.set_cursive_family("Noto Serif");
        db.set_fantasy_family("Noto Serif");
        Arc::new(db)
    }))
}

/// usvg's options for a figure: the shipped fonts, Noto Sans by default,
/// and every `href` to an image (a file, a URL, a `data:` URI) refused.
fn options() -> Options<'static> {
    Options {
        resources_dir: None,
        font_family: "Noto Sans".to_owned(),
        fontdb: fontdb(),
        image_href_resolver: ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..Options::default()
    }
}

/// The most XML nodes an SVG figure may hold (elements, attributes' text
/// aside): a chart or map needs a few thousand.
const MAX_NODES: u32 = 200_000;
/// The most characters of text an SVG figure may hold: laying out text is
/// the slow part of reading one, and a figure's labels need a few hundred.
const MAX_TEXT_CHARS: usize = 20_000;

/// Parses an SVG figure (checked to look like one), within bounds on its
/// nodes and its text, so that no file makes reading it slow.
pub(crate) fn parse(bytes: &[u8]) -> Result<Tree, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_owned())?;
    let xml = usvg::roxmltree::Document::parse_with_options(
        text,
        usvg::roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: MAX_NODES,
        },
    )
    .map_err(|why| match why {
        usvg::roxmltree::Error::NodesLimitReached => {
            format!("it has over {MAX_NODES} XML nodes")
        }
        why => format!("it is not well-formed XML: {why}"),
    })?;
    let chars: usize = xml
        .descendants()
        .filter(|n| n.is_text())
        .filter(|n| n.ancestors().any(|a| a.has_tag_name("text")))
        .map(|n| n.text().map_or(0, |t| t.chars().count()))
        .sum();
    if chars > MAX_TEXT_CHARS {
        return Err(format!(
            "it holds {chars} characters of text, over the {MAX_TEXT_CHARS} a figure may"
        ));
    }
    Tree::from_xmltree(&xml, &options()).map_err(|error| match error {
        usvg::Error::ParsingFailed(why) => format!("it is not well-formed XML: {why}"),
        usvg::Error::NotAnUtf8Str => "it is not UTF-8 text".to_owned(),
        usvg::Error::ElementsLimitReached => "it has over a million elements".to_owned(),
        usvg::Error::InvalidSize => "it has no valid width and height".to_owned(),
        usvg::Error::MalformedGZip => "it is compressed".to_owned(),
    })
}

/// Parses an SVG and writes it back with its text as paths.
pub(super) fn normalise(bytes: &[u8]) -> Result<Clean, String> {
    let tree = parse(bytes)?;
    let size = tree.size();
    let svg = tree.to_string(&WriteOptions {
        preserve_text: false,
        coordinates_precision: 2,
        transforms_precision: 4,
        indent: usvg::Indent::None,
        ..WriteOptions::default()
    });
    Ok(Clean {
        svg,
        width: size.width().ceil() as u32,
        height: size.height().ceil() as u32,
    })
}
