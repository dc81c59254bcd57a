//! The fonts shipped with the tool (`assets/fonts/`, SIL OFL 1.1) and the
//! per-character fallback between them.
//!
//! Text is set in Noto Serif, headings and tables in Noto Sans, code in
//! Noto Mono; characters a face lacks fall back along a fixed chain that
//! ends in Noto Naskh Arabic, Noto Serif or Sans Hebrew, and then Noto
//! Sans Symbols and Symbols 2, so curly quotes, dashes, accented Latin,
//! Greek, Persian/Arabic, Hebrew, the arrows
//! and flag of the actor table (↑ ↓ → ⚑) and the check marks, boxes,
//! stars and dingbats analysts type (✓ ✗ ☐ ☑ ★ ⚠) get a real glyph.

use rustybuzz::Face;

use super::PdfError;
use crate::typefaces::{SHIPPED, WorkspaceFonts};

/// One embedded face. Its index (its place in [`FaceId::ALL`], then the
/// workspace fonts in file-name order) fixes its PDF resource name
/// (`F0`…), so output never depends on ids made up at run time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum FaceId {
    SerifRegular,
    SerifBold,
    SerifItalic,
    SansRegular,
    SansBold,
    Naskh,
    Mono,
    Symbols,
    /// Noto Sans Symbols 2, cut to the symbols, arrows, dingbats and
    /// shapes of U+2100–27BF, U+2900–297F and U+2B00–2BFF that no other
    /// face has (98 KB instead of 657 KB; see `assets/fonts/OFL.txt`).
    Symbols2,
    /// Hebrew, the region's third script, in the serif of running text…
    SerifHebrew,
    SerifHebrewBold,
    /// …and in the sans of headings and tables.
    SansHebrew,
    SansHebrewBold,
    /// The workspace's `fonts/`, by their place there: after every
    /// shipped face in the fallback chain.
    Workspace(u8),
}

impl FaceId {
    pub(crate) const ALL: [FaceId; 13] = [
        FaceId::SerifRegular,
        FaceId::SerifBold,
        FaceId::SerifItalic,
        FaceId::SansRegular,
        FaceId::SansBold,
        FaceId::Naskh,
        FaceId::Mono,
        FaceId::Symbols,
        FaceId::Symbols2,
        FaceId::SerifHebrew,
        FaceId::SerifHebrewBold,
        FaceId::SansHebrew,
        FaceId::SansHebrewBold,
    ];

    pub(crate) fn index(self) -> usize {
        match self {
            FaceId::Workspace(n) => FaceId::ALL.len() + usize::from(n),
            shipped => FaceId::ALL
                .iter()
                .position(|&id| id == shipped)
                .unwrap_or_default(),
        }
    }
}

/// A typeface family as the layout asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Family {
    Serif,
    Sans,
    Mono,
}

/// The parsed faces of one render.
pub(crate) struct Fonts {
    /// The shipped faces in [`FaceId::ALL`] order, then the workspace's.
    faces: Vec<Face<'static>>,
    /// Data and PostScript name of each face, in the same order.
    programs: Vec<(&'static [u8], String)>,
    /// [`Fonts::face_for`] of every ASCII character, per primary face:
    /// most text is ASCII, and a cmap lookup per character and face is
    /// most of the cost of choosing a face.
    ascii: Vec<[FaceId; 128]>,
}

impl Fonts {
    /// The shipped faces.
    #[cfg(test)]
    pub(crate) fn load() -> Result<Fonts, PdfError> {
        Fonts::load_with(&WorkspaceFonts::default())
    }

    /// The shipped faces, then `workspace`'s (at most 255, already parsed
    /// once by `typefaces`).
    pub(crate) fn load_with(workspace: &WorkspaceFonts) -> Result<Fonts, PdfError> {
        let programs: Vec<(&'static [u8], String)> = SHIPPED
            .iter()
            .map(|s| (s.data, s.postscript.to_owned()))
            .chain(
                workspace
                    .fonts
                    .iter()
                    .take(usize::from(u8::MAX))
                    .map(|f| (f.data, f.postscript.clone())),
            )
            .collect();
        let mut faces = Vec::with_capacity(programs.len());
        for (data, name) in &programs {
            let face = Face::from_slice(data, 0).ok_or_else(|| PdfError::Font {
                name: name.clone(),
                reason: "the font program cannot be parsed".to_owned(),
            })?;
            faces.push(face);
        }
        let mut fonts = Fonts {
            faces,
            programs,
            ascii: Vec::new(),
        };
        let ascii = FaceId::ALL
            .iter()
            .map(|&primary| std::array::from_fn(|i| fonts.choose(primary, char::from(i as u8))))
            .collect();
        fonts.ascii = ascii;
        Ok(fonts)
    }

    pub(crate) fn face(&self, id: FaceId) -> &Face<'static> {
        // Every id handed out indexes `faces`: shipped ones by `ALL`,
        // workspace ones only up to how many were loaded.
        &self.faces[id.index().min(self.faces.len() - 1)]
    }

    /// The font program of `id`, for subsetting.
    pub(crate) fn data(&self, id: FaceId) -> &'static [u8] {
        self.programs.get(id.index()).map_or(&[][..], |p| p.0)
    }

    /// The PostScript name of `id`, written after the subset tag.
    pub(crate) fn postscript_name(&self, id: FaceId) -> &str {
        self.programs.get(id.index()).map_or("", |p| p.1.as_str())
    }

    /// The workspace's faces, in fallback order.
    fn workspace_faces(&self) -> impl Iterator<Item = FaceId> {
        (0..self.faces.len().saturating_sub(FaceId::ALL.len()))
            .map(|n| FaceId::Workspace(u8::try_from(n).unwrap_or(u8::MAX)))
    }

    /// Whether some face, shipped or the workspace's, has a glyph for `c`.
    pub(crate) fn covers(&self, c: char) -> bool {
        (0..self.faces.len()).any(|i| self.faces[i].glyph_index(c).is_some())
    }

    pub(crate) fn units_per_em(&self, id: FaceId) -> f32 {
        f32::from(
            u16::try_from(self.face(id).units_per_em())
                .unwrap_or(1000)
                .max(1),
        )
    }

    pub(crate) fn has_glyph(&self, id: FaceId, c: char) -> bool {
        self.face(id).glyph_index(c).is_some()
    }

    /// The face for `c` in a run asking for `primary`: the first of the
    /// fallback chain that has a glyph for it, else `primary` (its
    /// `.notdef`, for characters no shipped face covers).
    pub(crate) fn face_for(&self, primary: FaceId, c: char) -> FaceId {
        if c.is_ascii()
            && let Some(table) = self.ascii.get(primary.index())
        {
            return table[c as usize];
        }
        self.choose(primary, c)
    }

    fn choose(&self, primary: FaceId, c: char) -> FaceId {
        if self.has_glyph(primary, c) {
            return primary;
        }
        // Hebrew in the primary's family and weight.
        let hebrew = match primary {
            FaceId::SerifBold | FaceId::SerifHebrewBold => FaceId::SerifHebrewBold,
            FaceId::SansBold | FaceId::SansHebrewBold => FaceId::SansHebrewBold,
            FaceId::SansRegular | FaceId::SansHebrew | FaceId::Mono => FaceId::SansHebrew,
            _ => FaceId::SerifHebrew,
        };
        let chain: [FaceId; 7] = match primary {
            FaceId::SerifBold | FaceId::SansBold => [
                FaceId::SansBold,
                FaceId::SerifBold,
                FaceId::Naskh,
                hebrew,
                FaceId::SansRegular,
                FaceId::Symbols,
                FaceId::Symbols2,
            ],
            _ => [
                FaceId::SerifRegular,
                FaceId::SansRegular,
                FaceId::Naskh,
                hebrew,
                FaceId::Mono,
                FaceId::Symbols,
                FaceId::Symbols2,
            ],
        };
        chain
            .into_iter()
            .chain(self.workspace_faces())
            .find(|&id| self.has_glyph(id, c))
            .unwrap_or(primary)
    }
}

/// The primary face of a family and style.
pub(crate) fn primary_face(family: Family, bold: bool, italic: bool) -> FaceId {
    match (family, bold, italic) {
        (Family::Serif, true, _) => FaceId::SerifBold,
        (Family::Serif, false, true) => FaceId::SerifItalic,
        (Family::Serif, false, false) => FaceId::SerifRegular,
        (Family::Sans, true, _) => FaceId::SansBold,
        (Family::Sans, false, true) => FaceId::SerifItalic,
        (Family::Sans, false, false) => FaceId::SansRegular,
        (Family::Mono, _, _) => FaceId::Mono,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_face_parses() {
        let fonts = Fonts::load().expect("fonts");
        for id in FaceId::ALL {
            assert!(fonts.units_per_em(id) >= 1000.0, "{id:?}");
        }
    }

    #[test]
    fn fallback_covers_the_actor_table_symbols() {
        let fonts = Fonts::load().expect("fonts");
        for primary in [FaceId::SansRegular, FaceId::SansBold, FaceId::SerifRegular] {
            for c in "↑↓→⚑".chars() {
                assert_eq!(fonts.face_for(primary, c), FaceId::Symbols, "{c}");
            }
            for c in "•\u{fffd}".chars() {
                assert_eq!(fonts.face_for(primary, c), primary, "{c}");
            }
        }
    }

    #[test]
    fn fallback_covers_check_marks_boxes_and_dingbats() {
        let fonts = Fonts::load().expect("fonts");
        for primary in [FaceId::SerifRegular, FaceId::SansBold, FaceId::Mono] {
            for c in "✓✔✗✘☐☑☒★☆⚠⭐➜".chars() {
                assert_eq!(fonts.face_for(primary, c), FaceId::Symbols2, "{c}");
            }
        }
    }

    #[test]
    fn fallback_covers_typography_greek_and_persian() {
        let fonts = Fonts::load().expect("fonts");
        for c in "“”‘’–—…éøçÅΔλω".chars() {
            assert_eq!(
                fonts.face_for(FaceId::SerifRegular, c),
                FaceId::SerifRegular,
                "{c}"
            );
        }
        for c in "سلام ایران گفت‌وگو،"
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{200c}')
        {
            assert_eq!(
                fonts.face_for(FaceId::SerifRegular, c),
                FaceId::Naskh,
                "{c}"
            );
        }
        assert_eq!(fonts.face_for(FaceId::Mono, 'λ'), FaceId::Mono);
    }

    #[test]
    fn hebrew_is_set_in_the_family_and_weight_asked_for() {
        let fonts = Fonts::load().expect("fonts");
        for (primary, hebrew) in [
            (FaceId::SerifRegular, FaceId::SerifHebrew),
            (FaceId::SerifItalic, FaceId::SerifHebrew),
            (FaceId::SerifBold, FaceId::SerifHebrewBold),
            (FaceId::SansRegular, FaceId::SansHebrew),
            (FaceId::SansBold, FaceId::SansHebrewBold),
        ] {
            for c in "שלום ירושלים".chars().filter(|c| !c.is_whitespace()) {
                assert_eq!(fonts.face_for(primary, c), hebrew, "{primary:?} {c}");
            }
        }
    }
}
