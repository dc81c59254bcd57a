//! A justified paragraph's lines: its words as boxes, glue and penalties
//! (hyphenation points from `hyphenate`), broken by total fit
//! (`linebreak`), each hyphenated word cut and its head shaped with the
//! hyphen. Hard line breaks and words wider than the measure (cut by
//! `break_word` as before) split the paragraph into parts broken one
//! after another, each ending with a line of natural spaces.
//!
//! When no breaks keep every line's spaces within bounds (a narrow
//! measure, a long unbreakable word), the whole paragraph is set ragged
//! rather than with one gappy line in it. When too many breaks fit in one
//! line to try them all (thousands of zero-width pieces), it is filled
//! greedily, as every paragraph was before. Ragged paragraphs (headings,
//! table cells, captions) are filled greedily too (`inline`).

use std::collections::VecDeque;

use super::super::fonts::FaceId;
use super::hyphenate::hyphenation_points;
use super::inline::{LineOut, MAX_LINE_BYTES, Word};
use super::layouter::Layouter;
use super::linebreak::{Item, Outcome, Params, total_fit};

/// How far a space stretches at an adjustment ratio of 1, as a share of
/// its width: a third, as in TeX, so a space 1.5 times its width is a
/// ratio of 1.5 (badness 100 r³ ≈ 340).
const STRETCH: f64 = 1.0 / 3.0;
/// How far a space shrinks at most, as a share of its width (a third, as
/// in TeX; at a quarter, 1.3% of the generated corpus's lines came out
/// looser than 1.6×, at a third 0.7%).
const SHRINK: f64 = 1.0 / 3.0;
/// The most a line stretches, as an adjustment ratio: spaces up to 1.95
/// times their width, never twice.
const MAX_STRETCH: f64 = 2.85;
/// The cost of a break at a hyphenation point or after a hyphen in the
/// text (TeX's `\hyphenpenalty` is 50). At 500, 12% of the sample's lines
/// and 8% of the corpus's end in a hyphen (at 200, 23% and 16%) for
/// spaces a few hundredths wider at the median.
const HYPHEN_COST: f64 = 500.0;

/// Where a break item leaves the text.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// After word `n`, its spaces dropped.
    After(usize),
    /// Inside word `n`'s one frag, at this byte, with a hyphen.
    Hyphen(usize, usize),
}

/// Why total fit did not set a paragraph.
enum Unset {
    /// Some line would stretch or shrink too far.
    Ragged,
    /// Too many breaks within a line.
    Greedy,
}

impl Layouter<'_, '_> {
    /// The lines of a justified paragraph `width` points wide.
    pub(super) fn justified_lines(&mut self, words: Vec<Word>, width: f32) -> Vec<LineOut> {
        let width = width.max(20.0);
        let whole = words.clone();
        match self.total_fit_lines(words, width) {
            Ok(lines) => lines,
            Err(Unset::Greedy) => self.lines(whole, width),
            Err(Unset::Ragged) => {
                let mut lines = self.lines(whole, width);
                for line in &mut lines {
                    line.justify = false;
                }
                lines
            }
        }
    }

    fn total_fit_lines(&mut self, words: Vec<Word>, width: f32) -> Result<Vec<LineOut>, Unset> {
        let mut lines = Vec::new();
        let mut part = Vec::new();
        let mut queue: VecDeque<Word> = words.into();
        while let Some(word) = queue.pop_front() {
            if word.content_width() > width + 0.01 || word.content_bytes() > MAX_LINE_BYTES {
                self.set_part(std::mem::take(&mut part), width, &mut lines)?;
                let (full, rest) = self.break_word(word, width);
                for line in full {
                    lines.push(self.line_out(vec![line], false));
                }
                if let Some(rest) = rest {
                    queue.push_front(rest);
                }
                continue;
            }
            let mandatory = word.mandatory_after;
            part.push(word);
            if mandatory {
                self.set_part(std::mem::take(&mut part), width, &mut lines)?;
            }
        }
        self.set_part(part, width, &mut lines)?;
        Ok(lines)
    }

    /// Breaks `words` (no hard break inside, none too wide) by total fit.
    fn set_part(
        &mut self,
        words: Vec<Word>,
        width: f32,
        lines: &mut Vec<LineOut>,
    ) -> Result<(), Unset> {
        if words.is_empty() {
            return Ok(());
        }
        let mut items = Vec::with_capacity(words.len() * 2);
        let mut places = Vec::with_capacity(words.len() * 2);
        for (n, word) in words.iter().enumerate() {
            self.word_items(n, word, &mut items, &mut places);
            if n + 1 == words.len() {
                break;
            }
            let space: f32 = word.frags.iter().filter(|f| f.space).map(|f| f.width).sum();
            if word.frags.iter().any(|f| f.space) {
                let space = f64::from(space);
                items.push(Item::Glue {
                    width: space,
                    stretch: space * STRETCH,
                    shrink: space * SHRINK,
                });
            } else {
                // A break after a hyphen or a slash in the text.
                let hyphen = word
                    .frags
                    .last()
                    .is_some_and(|f| f.run.text.ends_with(['-', '\u{2010}']));
                items.push(Item::Penalty {
                    width: 0.0,
                    cost: if hyphen { HYPHEN_COST } else { 0.0 },
                    flagged: hyphen,
                });
            }
            places.push(Some(Place::After(n)));
        }
        let params = Params {
            width: f64::from(width),
            max_stretch: MAX_STRETCH,
            max_bytes: MAX_LINE_BYTES,
        };
        match total_fit(&items, &params) {
            Outcome::Breaks(breaks) => {
                self.assemble(words, &breaks, &places, lines);
                Ok(())
            }
            Outcome::Infeasible => Err(Unset::Ragged),
            Outcome::TooComplex => Err(Unset::Greedy),
        }
    }

    /// Word `n`'s content: one box, or one per syllable with a hyphen's
    /// penalty between them.
    fn word_items(
        &mut self,
        n: usize,
        word: &Word,
        items: &mut Vec<Item>,
        places: &mut Vec<Option<Place>>,
    ) {
        let points = self.hyphenation(word);
        let Some(frag) = word.frags.first().filter(|_| !points.is_empty()) else {
            items.push(Item::Box {
                width: f64::from(word.content_width()),
                bytes: word.content_bytes(),
            });
            places.push(None);
            return;
        };
        let scale = frag.size / self.shaper.fonts.units_per_em(frag.run.face);
        let mut widths = vec![0.0f64; points.len() + 1];
        for glyph in &frag.run.glyphs {
            let syllable = points.partition_point(|&p| p <= glyph.text.0 as usize);
            if let Some(w) = widths.get_mut(syllable) {
                *w += f64::from(glyph.advance * scale);
            }
        }
        let hyphen: f32 = self.shape_like(frag, "-").iter().map(|f| f.width).sum();
        let mut from = 0;
        for (i, width) in widths.into_iter().enumerate() {
            let to = points.get(i).copied().unwrap_or(frag.run.text.len());
            if i > 0 {
                items.push(Item::Penalty {
                    width: f64::from(hyphen),
                    cost: HYPHEN_COST,
                    flagged: true,
                });
                places.push(Some(Place::Hyphen(n, from)));
            }
            items.push(Item::Box {
                width,
                bytes: to - from,
            });
            places.push(None);
            from = to;
        }
    }

    /// Where `word` may be hyphenated: only a word of one frag (one style,
    /// one face), left to right, not code, in a language with patterns.
    fn hyphenation(&self, word: &Word) -> Vec<usize> {
        let Some(lang) = self.hyphenation else {
            return Vec::new();
        };
        let Some((content, spaces)) = word.frags.split_first() else {
            return Vec::new();
        };
        if content.space
            || !spaces.iter().all(|f| f.space)
            || content.run.rtl
            || content.level.is_rtl()
            || content.run.face == FaceId::Mono
        {
            return Vec::new();
        }
        hyphenation_points(&content.run.text, lang)
    }

    /// The lines `breaks` make of `words`, a hyphenated word's head shaped
    /// with its hyphen and its tail on its own.
    fn assemble(
        &mut self,
        mut words: Vec<Word>,
        breaks: &[usize],
        places: &[Option<Place>],
        lines: &mut Vec<LineOut>,
    ) {
        let count = words.len();
        // The first word not yet set whole, and how many bytes of its
        // first frag are set already.
        let (mut next, mut from) = (0, 0);
        for (k, &at) in breaks.iter().enumerate() {
            let (end, cut) = match places.get(at).copied().flatten() {
                Some(Place::After(n)) => (n, None),
                Some(Place::Hyphen(n, byte)) => (n, Some(byte)),
                None => (count.saturating_sub(1), None),
            };
            let mut line = Vec::new();
            for n in next..=end {
                let Some(word) = words.get_mut(n) else { break };
                let head = if n == next { from } else { 0 };
                let cut_here = if n == end { cut } else { None };
                match (cut_here, word.frags.first()) {
                    (Some(byte), Some(frag)) => {
                        let text = frag.run.text.get(head..byte).unwrap_or_default();
                        let frags = self.shape_like(frag, &format!("{text}-"));
                        line.push(Word {
                            frags,
                            mandatory_after: false,
                        });
                    }
                    (None, Some(frag)) if head > 0 => {
                        let mut frags = self.reshape(frag, head, frag.run.text.len());
                        let tail = std::mem::take(word);
                        frags.extend(tail.frags.into_iter().skip(1));
                        line.push(Word {
                            frags,
                            mandatory_after: tail.mandatory_after,
                        });
                    }
                    _ => line.push(std::mem::take(word)),
                }
            }
            (next, from) = match cut {
                Some(byte) => (end, byte),
                None => (end + 1, 0),
            };
            let mut out = self.line_out(line, k + 1 < breaks.len());
            out.hyphenated = cut.is_some();
            lines.push(out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::Span;
    use super::super::testing::body;
    use super::super::unit::Geometry;
    use super::*;
    use crate::render::pdf::fonts::Fonts;
    use crate::render::pdf::shape::Shaper;

    /// Each line's text and whether it is justified.
    fn set(text: &str, measure: f32, lang: Option<hypher::Lang>) -> Vec<(String, bool)> {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let mut layouter = Layouter::new(&mut shaper, Geometry::a4());
        layouter.hyphenation = lang;
        let (words, _) = layouter.words(&[Span::new(text, body(10.0))]);
        layouter
            .justified_lines(words, measure)
            .into_iter()
            .map(|line| {
                let text: String = line.frags.iter().map(|f| &*f.run.text).collect();
                (text, line.justify)
            })
            .collect()
    }

    /// The body width of an A4 page.
    const MEASURE: f32 = 467.0;

    const TEXT: &str = "Negotiators from both delegations reconvened in Muscat on \
        Thursday, signalling that the sequencing of sanctions relief against \
        verifiable enrichment limits remains the central obstacle to an interim \
        arrangement that either government could present domestically as a gain. \
        Shipping insurers, meanwhile, reported that war-risk premiums for tankers \
        transiting the strait had fallen for the third consecutive week, although \
        underwriters cautioned that the decline reflected competition among \
        syndicates rather than any reassessment of the underlying threat.";

    #[test]
    fn hyphenated_lines_end_in_a_hyphen_and_lose_no_letter() {
        let lines = set(TEXT, MEASURE, Some(hypher::Lang::English));
        let hyphenated: Vec<&str> = lines
            .iter()
            .map(|(t, _)| t.as_str())
            .filter(|t| t.ends_with('-'))
            .collect();
        assert!(!hyphenated.is_empty(), "{lines:?}");
        let rejoined: String = lines
            .iter()
            .map(|(t, _)| t.strip_suffix('-').unwrap_or(t).to_owned())
            .map(|t| if t.ends_with(' ') { t } else { t + "\u{0}" })
            .collect::<String>()
            .replace('\u{0}', "");
        assert_eq!(rejoined.replace(' ', ""), TEXT.replace(' ', ""));
    }

    #[test]
    fn every_line_but_the_last_is_justified() {
        let lines = set(TEXT, MEASURE, Some(hypher::Lang::English));
        assert!(lines.len() > 3);
        let (last, rest) = lines.split_last().expect("lines");
        assert!(!last.1);
        assert!(rest.iter().all(|(_, justify)| *justify), "{lines:?}");
    }

    #[test]
    fn without_a_language_no_word_is_hyphenated() {
        let lines = set(TEXT, MEASURE, None);
        assert!(lines.iter().all(|(t, _)| !t.ends_with('-')), "{lines:?}");
    }

    #[test]
    fn a_paragraph_that_cannot_be_justified_is_set_ragged_throughout() {
        // 60 points hold "a" and little else beside the long words.
        let lines = set(
            "a incomprehensibilities b internationalisation c",
            60.0,
            None,
        );
        assert!(lines.iter().all(|(_, justify)| !justify), "{lines:?}");
    }

    #[test]
    fn a_hard_break_ends_a_line_of_natural_spaces() {
        let lines = set(
            "First part of the text that runs on\nsecond part",
            400.0,
            Some(hypher::Lang::English),
        );
        let texts: Vec<&str> = lines.iter().map(|(t, _)| t.trim_end()).collect();
        assert_eq!(
            texts,
            ["First part of the text that runs on", "second part"]
        );
        assert!(lines.iter().all(|(_, justify)| !justify));
    }
}
