//! Text into positioned glyphs: per-character font fallback, then
//! rustybuzz shaping of each same-font run (ligatures, kerning, Arabic
//! joining, marks). Bidi levels are decided by the caller; a run is shaped
//! left-to-right or right-to-left as told and its glyphs come out in visual
//! order.

use std::collections::HashMap;
use std::rc::Rc;

use rustybuzz::{BufferClusterLevel, Direction, Script, ShapePlan, UnicodeBuffer, script};

use super::fonts::{FaceId, Fonts};

/// One glyph of a shaped run, in font units of its face.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Glyph {
    pub gid: u16,
    pub advance: f32,
    pub x_offset: f32,
    pub y_offset: f32,
    /// Byte range of the run's text this glyph stands for (for copy and
    /// search); empty for the second and later glyphs of a cluster.
    pub text: (u32, u32),
}

/// A shaped run of one face and direction; glyphs in visual order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ShapedRun {
    pub face: FaceId,
    pub rtl: bool,
    pub text: Rc<str>,
    pub glyphs: Vec<Glyph>,
    /// Σ advance, in font units.
    pub advance: f32,
}

impl ShapedRun {
    pub(crate) fn glyph_text(&self, glyph: &Glyph) -> &str {
        self.text
            .get(glyph.text.0 as usize..glyph.text.1 as usize)
            .unwrap_or("")
    }
}

/// Shapes text, remembering what it has shaped: a long note repeats its
/// words, and shaping is most of the cost of laying it out.
pub(crate) struct Shaper<'f> {
    pub fonts: &'f Fonts,
    cache: HashMap<(FaceId, bool, Box<str>), Rc<ShapedRun>>,
    /// [`Fonts::face_for`] of non-ASCII characters seen so far.
    faces: HashMap<(FaceId, char), FaceId>,
    /// Whether each non-ASCII character seen so far lacks a glyph in every face.
    missing: HashMap<char, bool>,
    /// Shaping plans by face, direction and script: building one reads the
    /// font's layout tables, which `rustybuzz::shape` did for every run.
    plans: HashMap<(FaceId, bool, Option<Script>), ShapePlan>,
}

const CACHE_LIMIT: usize = 100_000;

impl<'f> Shaper<'f> {
    pub(crate) fn new(fonts: &'f Fonts) -> Self {
        Shaper {
            fonts,
            cache: HashMap::new(),
            faces: HashMap::new(),
            missing: HashMap::new(),
            plans: HashMap::new(),
        }
    }

    /// `text` (all of one style and bidi level) as runs of one face each,
    /// in logical order. A character no face has is set as U+FFFD, so that
    /// the page and its text layer show a replacement, not an empty box
    /// read back as another character (`check` warns at the note's line).
    pub(crate) fn shape(&mut self, text: &str, primary: FaceId, rtl: bool) -> Vec<Rc<ShapedRun>> {
        let replaced: String;
        let text = if text.chars().any(|c| self.is_missing(c)) {
            replaced = text
                .chars()
                .map(|c| if self.is_missing(c) { '\u{fffd}' } else { c })
                .collect();
            replaced.as_str()
        } else {
            text
        };
        let mut runs = Vec::new();
        let mut start = 0;
        let mut current: Option<FaceId> = None;
        for (i, c) in text.char_indices() {
            let face = match current {
                Some(face) if inherits_face(c) => face,
                _ => self.face_for(primary, c),
            };
            match current {
                Some(f) if f != face => {
                    runs.push(self.shape_one(&text[start..i], f, rtl));
                    start = i;
                    current = Some(face);
                }
                None => current = Some(face),
                Some(_) => {}
            }
        }
        if let Some(face) = current {
            runs.push(self.shape_one(&text[start..], face, rtl));
        }
        runs
    }

    /// Whether `c` is drawn but no face has a glyph for it.
    fn is_missing(&mut self, c: char) -> bool {
        if c.is_ascii() || !crate::typefaces::is_drawn(c) {
            return false;
        }
        let fonts = self.fonts;
        *self.missing.entry(c).or_insert_with(|| !fonts.covers(c))
    }

    fn face_for(&mut self, primary: FaceId, c: char) -> FaceId {
        if c.is_ascii() {
            return self.fonts.face_for(primary, c);
        }
        let fonts = self.fonts;
        *self
            .faces
            .entry((primary, c))
            .or_insert_with(|| fonts.face_for(primary, c))
    }

    fn shape_one(&mut self, text: &str, face: FaceId, rtl: bool) -> Rc<ShapedRun> {
        let key = (face, rtl, Box::<str>::from(text));
        if let Some(run) = self.cache.get(&key) {
            return Rc::clone(run);
        }
        let run = Rc::new(shape_uncached(self.fonts, &mut self.plans, text, face, rtl));
        if self.cache.len() >= CACHE_LIMIT {
            self.cache.clear();
        }
        self.cache.insert(key, Rc::clone(&run));
        run
    }
}

/// Characters that stay in the face of what precedes them: joiners and
/// combining marks must be shaped with their base.
fn inherits_face(c: char) -> bool {
    matches!(c,
        '\u{200C}' | '\u{200D}' | '\u{0300}'..='\u{036F}' | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}'
        | '\u{FE00}'..='\u{FE0F}')
}

fn shape_uncached(
    fonts: &Fonts,
    plans: &mut HashMap<(FaceId, bool, Option<Script>), ShapePlan>,
    text: &str,
    face: FaceId,
    rtl: bool,
) -> ShapedRun {
    let mut buffer = UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.guess_segment_properties();
    let direction = if rtl {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    };
    buffer.set_direction(direction);
    buffer.set_cluster_level(BufferClusterLevel::Characters);
    // The plan `rustybuzz::shape` would build: no language is ever set, and
    // a script is only guessed from a letter that has one.
    let guessed = Some(buffer.script()).filter(|s| *s != script::UNKNOWN);
    let plan = plans
        .entry((face, rtl, guessed))
        .or_insert_with(|| ShapePlan::new(fonts.face(face), direction, guessed, None, &[]));
    let output = rustybuzz::shape_with_plan(fonts.face(face), plan, buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();

    let mut clusters: Vec<u32> = infos.iter().map(|i| i.cluster).collect();
    clusters.sort_unstable();
    clusters.dedup();
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    let end_of = |cluster: u32| -> u32 {
        match clusters.binary_search(&cluster) {
            Ok(i) => clusters.get(i + 1).copied().unwrap_or(len),
            Err(_) => len,
        }
    };

    let mut seen: Vec<u32> = Vec::new();
    let mut glyphs = Vec::with_capacity(infos.len());
    let mut advance = 0.0;
    for (info, pos) in infos.iter().zip(positions) {
        let first = !seen.contains(&info.cluster);
        if first {
            seen.push(info.cluster);
        }
        let range = if first {
            (info.cluster, end_of(info.cluster))
        } else {
            (info.cluster, info.cluster)
        };
        let gid = u16::try_from(info.glyph_id).unwrap_or(0);
        glyphs.push(Glyph {
            gid,
            advance: pos.x_advance as f32,
            x_offset: pos.x_offset as f32,
            y_offset: pos.y_offset as f32,
            text: range,
        });
        advance += pos.x_advance as f32;
        // Keep the membership list short: clusters arrive monotonically.
        if seen.len() > 8 {
            seen.remove(0);
        }
    }
    ShapedRun {
        face,
        rtl,
        text: Rc::from(text),
        glyphs,
        advance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_is_joined_and_right_to_left() {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let runs = shaper.shape("سلام", FaceId::SerifRegular, true);
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        assert_eq!(run.face, FaceId::Naskh);
        // Joined forms differ from the isolated ones the cmap gives.
        let face = fonts.face(FaceId::Naskh);
        let isolated: Vec<u16> = "سلام"
            .chars()
            .map(|c| face.glyph_index(c).map_or(0, |g| g.0))
            .collect();
        let shaped: Vec<u16> = run.glyphs.iter().map(|g| g.gid).collect();
        assert_ne!(shaped, isolated.iter().rev().copied().collect::<Vec<_>>());
        // Visual order: the first letter (sīn) is drawn last, at the right.
        let last = run.glyphs.last().expect("glyphs");
        assert_eq!(run.glyph_text(last), "س");
    }

    #[test]
    fn fallback_splits_runs_by_face() {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let runs = shaper.shape("Iran (ایران)", FaceId::SerifRegular, false);
        let faces: Vec<FaceId> = runs.iter().map(|r| r.face).collect();
        assert_eq!(
            faces,
            [FaceId::SerifRegular, FaceId::Naskh, FaceId::SerifRegular]
        );
        let text: String = runs
            .iter()
            .flat_map(|r| r.glyphs.iter().map(|g| r.glyph_text(g).to_owned()))
            .collect();
        assert_eq!(text, "Iran (ایران)");
    }
}
