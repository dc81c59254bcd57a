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

/// One embedded face. The discriminant is its index in [`FaceId::ALL`] and
/// fixes its PDF resource name (`F0`…), so output never depends on ids
/// made up at run time.
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
        self as usize
    }

    /// The font program, compiled into the binary.
    pub(crate) fn data(self) -> &'static [u8] {
        match self {
            FaceId::SerifRegular => {
                include_bytes!("../../../assets/fonts/NotoSerif-Regular.ttf")
            }
            FaceId::SerifBold => include_bytes!("../../../assets/fonts/NotoSerif-Bold.ttf"),
            FaceId::SerifItalic => include_bytes!("../../../assets/fonts/NotoSerif-Italic.ttf"),
            FaceId::SansRegular => include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf"),
            FaceId::SansBold => include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf"),
            FaceId::Naskh => include_bytes!("../../../assets/fonts/NotoNaskhArabic-Regular.ttf"),
            FaceId::Mono => include_bytes!("../../../assets/fonts/NotoMono-Regular.ttf"),
            FaceId::Symbols => {
                include_bytes!("../../../assets/fonts/NotoSansSymbols-Regular.ttf")
            }
            FaceId::Symbols2 => {
                include_bytes!("../../../assets/fonts/NotoSansSymbols2-Subset.ttf")
            }
            FaceId::SerifHebrew => {
                include_bytes!("../../../assets/fonts/NotoSerifHebrew-Regular.ttf")
            }
            FaceId::SerifHebrewBold => {
                include_bytes!("../../../assets/fonts/NotoSerifHebrew-Bold.ttf")
            }
            FaceId::SansHebrew => {
                include_bytes!("../../../assets/fonts/NotoSansHebrew-Regular.ttf")
            }
            FaceId::SansHebrewBold => {
                include_bytes!("../../../assets/fonts/NotoSansHebrew-Bold.ttf")
            }
        }
    }

    /// PostScript name, written after the subset tag in `/BaseFont`.
    pub(crate) fn postscript_name(self) -> &'static str {
        match self {
            FaceId::SerifRegular => "NotoSerif-Regular",
            FaceId::SerifBold => "NotoSerif-Bold",
            FaceId::SerifItalic => "NotoSerif-Italic",
            FaceId::SansRegular => "NotoSans-Regular",
            FaceId::SansBold => "NotoSans-Bold",
            FaceId::Naskh => "NotoNaskhArabic-Regular",
            FaceId::Mono => "NotoMono-Regular",
            FaceId::Symbols => "NotoSansSymbols-Regular",
            FaceId::Symbols2 => "NotoSansSymbols2-Regular",
            FaceId::SerifHebrew => "NotoSerifHebrew-Regular",
            FaceId::SerifHebrewBold => "NotoSerifHebrew-Bold",
            FaceId::SansHebrew => "NotoSansHebrew-Regular",
            FaceId::SansHebrewBold => "NotoSansHebrew-Bold",
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
    faces: Vec<Face<'static>>,
    /// [`Fonts::face_for`] of every ASCII character, per primary face:
    /// most text is ASCII, and a cmap lookup per character and face is
    /// most of the cost of choosing a face.
    ascii: Vec<[FaceId; 128]>,
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts, PdfError> {
        let mut faces = Vec::with_capacity(FaceId::ALL.len());
        for id in FaceId::ALL {
            let face = Face::from_slice(id.data(), 0).ok_or(PdfError::Font {
                name: id.postscript_name(),
                reason: "the font program cannot be parsed".to_owned(),
            })?;
            faces.push(face);
        }
        let mut fonts = Fonts {
            faces,
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
        // `faces` holds one entry per `FaceId::ALL`, in order.
        &self.faces[id.index()]
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
            .iter()
            .copied()
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
