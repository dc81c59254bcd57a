//! The typefaces a brief can be set in: those shipped inside the binary
//! (`assets/fonts/`, SIL OFL 1.1) and those a workspace adds in `fonts/`,
//! and which characters they cover — so `check` can say which character
//! no font can show, at its place in the note, before the PDF would draw
//! an empty box for it. A leaf: the PDF renderer takes its faces from here.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use rustybuzz::ttf_parser::Face;

use crate::diag::{Code, Diagnostic};

/// A face compiled into the binary.
pub(crate) struct Shipped {
    /// Its PostScript name, after the subset tag in the PDF's `/BaseFont`.
    pub postscript: &'static str,
    /// The font program.
    pub data: &'static [u8],
}

macro_rules! shipped {
    ($postscript:literal, $file:literal) => {
        Shipped {
            postscript: $postscript,
            data: include_bytes!(concat!("../assets/fonts/", $file)),
        }
    };
}

/// The shipped faces, in the order of the PDF renderer's `FaceId::ALL`.
pub(crate) static SHIPPED: [Shipped; 13] = [
    shipped!("NotoSerif-Regular", "NotoSerif-Regular.ttf"),
    shipped!("NotoSerif-Bold", "NotoSerif-Bold.ttf"),
    shipped!("NotoSerif-Italic", "NotoSerif-Italic.ttf"),
    shipped!("NotoSans-Regular", "NotoSans-Regular.ttf"),
    shipped!("NotoSans-Bold", "NotoSans-Bold.ttf"),
    shipped!("NotoNaskhArabic-Regular", "NotoNaskhArabic-Regular.ttf"),
    shipped!("NotoMono-Regular", "NotoMono-Regular.ttf"),
    shipped!("NotoSansSymbols-Regular", "NotoSansSymbols-Regular.ttf"),
    shipped!("NotoSansSymbols2-Regular", "NotoSansSymbols2-Subset.ttf"),
    shipped!("NotoSerifHebrew-Regular", "NotoSerifHebrew-Regular.ttf"),
    shipped!("NotoSerifHebrew-Bold", "NotoSerifHebrew-Bold.ttf"),
    shipped!("NotoSansHebrew-Regular", "NotoSansHebrew-Regular.ttf"),
    shipped!("NotoSansHebrew-Bold", "NotoSansHebrew-Bold.ttf"),
];

/// The folder of a workspace whose fonts extend the shipped ones.
pub const FONTS_DIR: &str = "fonts";

/// The most fonts read from `fonts/`, and the largest one (a CJK font is
/// 15–20 MB); others are reported and left out.
pub(crate) const MAX_WORKSPACE_FONTS: usize = 16;
/// See [`MAX_WORKSPACE_FONTS`].
pub(crate) const MAX_FONT_BYTES: u64 = 64 * 1024 * 1024;

/// The fonts a workspace adds, in file-name order: after every shipped
/// face in the fallback chain.
#[derive(Debug, Clone, Default)]
pub struct WorkspaceFonts {
    pub(crate) fonts: Vec<WorkspaceFont>,
}

/// One font read from `fonts/`.
#[derive(Debug, Clone)]
pub(crate) struct WorkspaceFont {
    /// A PostScript name safe in a PDF name: the font's own, letters,
    /// digits and hyphens only, else `WorkspaceFont-N`.
    pub postscript: String,
    /// The font program, kept for the life of the process (see [`intern`]).
    pub data: &'static [u8],
}

impl WorkspaceFonts {
    /// The fonts among `files` (path relative to the root, bytes) that
    /// parse as fonts, and an error at each file that does not.
    pub fn from_files(files: Vec<(PathBuf, Vec<u8>)>) -> (WorkspaceFonts, Vec<Diagnostic>) {
        let mut fonts = Vec::new();
        let mut diagnostics = Vec::new();
        for (path, bytes) in files {
            let Ok(face) = Face::parse(&bytes, 0) else {
                diagnostics.push(
                    Diagnostic::error(
                        Code::BadFont,
                        path,
                        "this is not a font brief can read (TrueType or OpenType)",
                    )
                    .with_help("put .ttf, .otf or .ttc files in fonts/, or remove this one"),
                );
                continue;
            };
            let postscript = postscript_name(&face, fonts.len());
            fonts.push(WorkspaceFont {
                postscript,
                data: intern(bytes),
            });
        }
        (WorkspaceFonts { fonts }, diagnostics)
    }

    /// Whether the workspace adds no font.
    pub fn is_empty(&self) -> bool {
        self.fonts.is_empty()
    }
}

/// The font's PostScript name (name ID 6) when it is plain ASCII letters,
/// digits and hyphens, so it can be written into a PDF name as it is.
fn postscript_name(face: &Face<'_>, index: usize) -> String {
    face.names()
        .into_iter()
        .filter(|name| name.name_id == rustybuzz::ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|name| name.to_string())
        .filter(|name| {
            !name.is_empty()
                && name.len() <= 63
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        .unwrap_or_else(|| format!("WorkspaceFont-{}", index + 1))
}

/// Keeps a font program for the rest of the process and returns it: the
/// shaper and the PDF writer hold faces as `'static`, like the shipped
/// ones. The same bytes are kept once however often they are read (a
/// `brief serve` session rebuilding a hundred times holds each font once).
fn intern(bytes: Vec<u8>) -> &'static [u8] {
    /// The programs kept, by a hash of their bytes.
    type Kept = HashMap<u64, Vec<&'static [u8]>>;
    static KEPT: OnceLock<Mutex<Kept>> = OnceLock::new();
    let key = {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut hasher = DefaultHasher::new();
        bytes.hash(&mut hasher);
        hasher.finish()
    };
    let kept = KEPT.get_or_init(Default::default);
    let mut kept = kept
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let same = kept.entry(key).or_default();
    if let Some(found) = same.iter().find(|data| **data == bytes.as_slice()) {
        return found;
    }
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    same.push(leaked);
    leaked
}

/// The characters some face covers, as sorted, merged ranges of code points.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    ranges: Vec<(u32, u32)>,
}

impl Coverage {
    /// What the shipped faces and `workspace`'s fonts cover together.
    pub fn of(workspace: &WorkspaceFonts) -> Coverage {
        static SHIPPED_COVERAGE: OnceLock<Vec<u32>> = OnceLock::new();
        let shipped = SHIPPED_COVERAGE.get_or_init(|| {
            let mut points = Vec::new();
            for face in &SHIPPED {
                code_points(face.data, &mut points);
            }
            points
        });
        let mut points = shipped.clone();
        for font in &workspace.fonts {
            code_points(font.data, &mut points);
        }
        points.sort_unstable();
        points.dedup();
        let mut ranges: Vec<(u32, u32)> = Vec::new();
        for point in points {
            match ranges.last_mut() {
                Some((_, end)) if *end + 1 == point => *end = point,
                _ => ranges.push((point, point)),
            }
        }
        Coverage { ranges }
    }

    /// Whether some face has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        let point = u32::from(c);
        let at = self.ranges.partition_point(|(_, end)| *end < point);
        self.ranges
            .get(at)
            .is_some_and(|(start, _)| *start <= point)
    }
}

/// Every Unicode code point `data`'s cmap maps to a glyph.
fn code_points(data: &[u8], out: &mut Vec<u32>) {
    let Ok(face) = Face::parse(data, 0) else {
        return;
    };
    let Some(cmap) = face.tables().cmap else {
        return;
    };
    for subtable in cmap.subtables {
        if subtable.is_unicode() {
            subtable.codepoints(|point| {
                if subtable.glyph_index(point).is_some_and(|g| g.0 != 0) {
                    out.push(point);
                }
            });
        }
    }
}

/// Whether `c` is drawn at all: spaces, controls, joiners, direction
/// marks and variation selectors shape to nothing, so need no glyph.
pub(crate) fn is_drawn(c: char) -> bool {
    !(c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{e0100}'..='\u{e01ef}'
            | '\u{00ad}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_faces_cover_latin_arabic_hebrew_and_symbols_but_not_cjk() {
        let coverage = Coverage::of(&WorkspaceFonts::default());
        for c in "aZ“—éλسلامשלום↑☑⚠\u{fffd}".chars() {
            assert!(coverage.covers(c), "{c}");
        }
        for c in "中文ก😀".chars() {
            assert!(!coverage.covers(c), "{c} is not shipped");
        }
    }

    #[test]
    fn a_file_that_is_no_font_is_an_error_and_left_out() {
        let (fonts, diagnostics) = WorkspaceFonts::from_files(vec![(
            PathBuf::from("fonts/x.ttf"),
            b"not a font".to_vec(),
        )]);
        assert!(fonts.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, Code::BadFont);
    }

    #[test]
    fn the_same_bytes_are_kept_once() {
        let a = intern(vec![1, 2, 3]);
        let b = intern(vec![1, 2, 3]);
        assert!(std::ptr::eq(a, b));
    }

    #[test]
    fn invisible_characters_need_no_glyph() {
        for c in [' ', '\u{200d}', '\u{200c}', '\u{fe0f}', '\u{202e}', '\t'] {
            assert!(!is_drawn(c), "{c:?}");
        }
        assert!(is_drawn('中'));
    }
}
