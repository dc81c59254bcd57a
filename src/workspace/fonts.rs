//! `fonts/`: the TrueType and OpenType files a workspace adds for scripts
//! the shipped faces do not cover (CJK, Devanagari, Thai…). Read like
//! templates — never through a link out of the workspace or into a hidden
//! path, never a device — each under a size cap, at most a few of them.

use std::path::{Path, PathBuf};

use super::walk::{Reading, walk};
use super::{Capped, read_capped_to, relative_to, walk_diagnostic};
use crate::diag::{Code, Diagnostic};
use crate::typefaces::{FONTS_DIR, MAX_FONT_BYTES, MAX_WORKSPACE_FONTS};

/// The font files under `fonts/` (path relative to the root, bytes), in
/// path order, and a diagnostic for each one left out.
pub fn read_fonts(root: &Path) -> (Vec<(PathBuf, Vec<u8>)>, Vec<Diagnostic>) {
    let walked = walk(root, &root.join(FONTS_DIR), Reading::EveryName);
    let mut diagnostics: Vec<Diagnostic> = walked
        .problems
        .iter()
        .map(|problem| walk_diagnostic(root, problem))
        .collect();
    let mut paths: Vec<PathBuf> = walked
        .files
        .into_iter()
        .filter(|p| is_font_file(p))
        .collect();
    paths.sort();
    let mut fonts = Vec::new();
    for path in paths {
        let shown = relative_to(root, &path);
        if fonts.len() == MAX_WORKSPACE_FONTS {
            diagnostics.push(
                Diagnostic::error(
                    Code::BadFont,
                    shown,
                    format!(
                        "more than {MAX_WORKSPACE_FONTS} fonts in fonts/; this one is left out"
                    ),
                )
                .with_help("keep the fonts for the scripts your notes use"),
            );
            continue;
        }
        match read_capped_to(&path, MAX_FONT_BYTES) {
            Ok(Capped::Whole(bytes)) => fonts.push((shown, bytes)),
            Ok(Capped::TooLarge(size)) => diagnostics.push(Diagnostic::error(
                Code::BadFont,
                shown,
                format!(
                    "the font is {} MiB, more than the {} MiB a font may be; it is left out",
                    size / (1024 * 1024),
                    MAX_FONT_BYTES / (1024 * 1024)
                ),
            )),
            Ok(Capped::Special(kind)) => diagnostics.push(Diagnostic::error(
                Code::SpecialFile,
                shown,
                format!("{kind} named like a font; not opened"),
            )),
            Err(error) => diagnostics.push(Diagnostic::error(
                Code::Io,
                shown,
                format!("could not read the font: {error}"),
            )),
        }
    }
    (fonts, diagnostics)
}

/// `.ttf`, `.otf` or `.ttc`, in any case.
fn is_font_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "ttf" | "otf" | "ttc"))
}
