//! Text into lines: words at line-break opportunities, shaped fragments
//! per style and bidi level, greedy line filling with emergency breaks,
//! alignment and justification, and a paragraph's lines as units.

use std::rc::Rc;

use unicode_bidi::{BidiInfo, Level, ParagraphBidiInfo};
use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::super::shape::ShapedRun;
use super::block::{Align, Para, Rgb, Span, Target};
use super::layouter::Layouter;
use super::unit::{Item, Unit};

/// The hanging space a list or endnote marker is right-aligned in, in
/// points (it ends 5 pt before the text).
const MARKER_SPACE: f32 = 20.0;

/// A shaped piece of a line: one face, one style, one bidi level.
#[derive(Debug, Clone)]
struct Frag {
    run: Rc<ShapedRun>,
    span: usize,
    level: Level,
    width: f32,
    size: f32,
    space: bool,
}

/// What lies between two break opportunities.
#[derive(Debug, Clone, Default)]
pub(super) struct Word {
    frags: Vec<Frag>,
    mandatory_after: bool,
}

impl Word {
    pub(super) fn content_width(&self) -> f32 {
        self.frags
            .iter()
            .filter(|f| !f.space)
            .map(|f| f.width)
            .sum()
    }
    pub(super) fn width(&self) -> f32 {
        self.frags.iter().map(|f| f.width).sum()
    }
}

/// A laid-out line: frags in logical order, the last word's spaces dropped.
struct LineOut {
    frags: Vec<Frag>,
    justify: bool,
}

impl Layouter<'_, '_> {
    /// Cuts `spans` into words at line-break opportunities, each word into
    /// frags of one style and bidi level.
    pub(super) fn words(&mut self, spans: &[Span]) -> (Vec<Word>, bool) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(spans.len());
        for span in spans {
            starts.push(text.len());
            text.push_str(&span.text);
        }
        if text.is_empty() {
            return (Vec::new(), false);
        }
        // Like the HTML brief (left-to-right by default), a paragraph with
        // any Latin letter reads left to right; one wholly in Persian or
        // Arabic reads right to left.
        let base = text
            .chars()
            .any(|c| c.is_ascii_alphabetic())
            .then(Level::ltr);
        let bidi = ParagraphBidiInfo::new(&text, base);
        let base_rtl = bidi.paragraph_level.is_rtl();
        let span_at = |byte: usize| starts.partition_point(|&s| s <= byte).saturating_sub(1);

        let mut words = Vec::new();
        let mut start = 0;
        for (end, opportunity) in linebreaks(&text) {
            if end <= start {
                continue;
            }
            let segment = &text[start..end];
            let mandatory = opportunity == BreakOpportunity::Mandatory;
            // Trailing whitespace (and the newline of a hard break) is the
            // word's spacing, not its content.
            let content_len = segment.trim_end().len();
            let mut word = Word {
                frags: Vec::new(),
                mandatory_after: mandatory && end < text.len(),
            };
            let ws_end = if mandatory {
                start
                    + segment
                        .trim_end_matches(['\n', '\r', '\u{2028}', '\u{2029}', '\u{0B}', '\u{0C}'])
                        .len()
            } else {
                end
            };
            self.frags_into(
                &text,
                start,
                start + content_len,
                &bidi.levels,
                spans,
                &span_at,
                false,
                &mut word.frags,
            );
            if ws_end > start + content_len {
                self.frags_into(
                    &text,
                    start + content_len,
                    ws_end,
                    &bidi.levels,
                    spans,
                    &span_at,
                    true,
                    &mut word.frags,
                );
            }
            words.push(word);
            start = end;
        }
        (words, base_rtl)
    }

    #[allow(clippy::too_many_arguments)]
    fn frags_into(
        &mut self,
        text: &str,
        from: usize,
        to: usize,
        levels: &[Level],
        spans: &[Span],
        span_at: &dyn Fn(usize) -> usize,
        space: bool,
        out: &mut Vec<Frag>,
    ) {
        let mut piece_start = from;
        let mut current: Option<(usize, Level)> = None;
        let mut flush = |this: &mut Self, a: usize, b: usize, span: usize, level: Level| {
            if a >= b {
                return;
            }
            let Some(style) = spans.get(span).map(|s| &s.style) else {
                return;
            };
            let size = if style.rise > 0.0 {
                style.size * 0.7
            } else {
                style.size
            };
            for run in this.shaper.shape(&text[a..b], style.face(), level.is_rtl()) {
                let width = run.advance * size / this.shaper.fonts.units_per_em(run.face);
                out.push(Frag {
                    run,
                    span,
                    level,
                    width,
                    size,
                    space,
                });
            }
        };
        for (i, _) in text[from..to].char_indices() {
            let at = from + i;
            let key = (span_at(at), levels.get(at).copied().unwrap_or(Level::ltr()));
            match current {
                Some(k) if k != key => {
                    flush(self, piece_start, at, k.0, k.1);
                    piece_start = at;
                    current = Some(key);
                }
                None => current = Some(key),
                Some(_) => {}
            }
        }
        if let Some((span, level)) = current {
            flush(self, piece_start, to, span, level);
        }
    }

    /// Greedy line filling with emergency breaks inside words too wide for
    /// a line.
    fn lines(&mut self, words: Vec<Word>, width: f32) -> Vec<LineOut> {
        let width = width.max(20.0);
        let mut lines = Vec::new();
        let mut current: Vec<Word> = Vec::new();
        let mut used = 0.0f32;
        let mut queue: std::collections::VecDeque<Word> = words.into();
        while let Some(word) = queue.pop_front() {
            let content = word.content_width();
            if !current.is_empty() && used + content > width + 0.01 {
                lines.push(self.line_out(std::mem::take(&mut current), true));
                used = 0.0;
            }
            if current.is_empty() && content > width + 0.01 {
                let (head, tail) = self.split_word(word, width);
                lines.push(self.line_out(vec![head], false));
                if let Some(tail) = tail {
                    queue.push_front(tail);
                }
                continue;
            }
            used += word.width();
            let mandatory = word.mandatory_after;
            current.push(word);
            if mandatory {
                lines.push(self.line_out(std::mem::take(&mut current), false));
                used = 0.0;
            }
        }
        if !current.is_empty() {
            lines.push(self.line_out(current, false));
        }
        lines
    }

    fn line_out(&self, words: Vec<Word>, justify: bool) -> LineOut {
        let count = words.len();
        let mut frags = Vec::new();
        for (i, word) in words.into_iter().enumerate() {
            for frag in word.frags {
                if i + 1 == count && frag.space {
                    continue;
                }
                frags.push(frag);
            }
        }
        LineOut { frags, justify }
    }

    /// The longest head of `word` that fits `width` (at least one
    /// character), preferring to break after URL punctuation; the rest
    /// becomes a new word.
    fn split_word(&mut self, word: Word, width: f32) -> (Word, Option<Word>) {
        let mut head = Word::default();
        let mut used = 0.0;
        let mut frags = word.frags.into_iter();
        while let Some(frag) = frags.next() {
            if frag.space || used + frag.width <= width {
                used += frag.width;
                head.frags.push(frag);
                continue;
            }
            let run = Rc::clone(&frag.run);
            let scale = frag.size / self.shaper.fonts.units_per_em(run.face);
            // Width of each text prefix, by cluster.
            let text: &str = &run.text;
            let mut per_byte = vec![0.0f32; text.len() + 1];
            for glyph in &run.glyphs {
                if let Some(slot) = per_byte.get_mut(glyph.text.0 as usize) {
                    *slot += glyph.advance * scale;
                }
            }
            let room = width - used;
            let mut acc = 0.0;
            let mut best = None;
            let mut preferred = None;
            let mut prev_char: Option<char> = None;
            for (i, c) in text.char_indices() {
                if i > 0 && acc <= room {
                    best = Some(i);
                    if matches!(
                        prev_char,
                        Some('/' | '-' | '.' | '_' | '?' | '&' | '=' | '#')
                    ) && acc >= room * 0.6
                    {
                        preferred = Some(i);
                    }
                }
                acc += per_byte.get(i).copied().unwrap_or(0.0);
                prev_char = Some(c);
            }
            let cut = match (preferred.or(best), head.frags.is_empty()) {
                (Some(cut), _) => cut,
                (None, true) => text.chars().next().map_or(text.len(), char::len_utf8),
                (None, false) => 0,
            };
            let mut tail = Word {
                frags: Vec::new(),
                mandatory_after: word.mandatory_after,
            };
            let (a, b) = text.split_at(cut.min(text.len()));
            for (part, into_head) in [(a, true), (b, false)] {
                if part.is_empty() {
                    continue;
                }
                for piece in self.shaper.shape(part, run.face, run.rtl) {
                    let w = piece.advance * frag.size / self.shaper.fonts.units_per_em(piece.face);
                    let f = Frag {
                        run: piece,
                        width: w,
                        ..frag.clone()
                    };
                    if into_head {
                        head.frags.push(f);
                    } else {
                        tail.frags.push(f);
                    }
                }
            }
            tail.frags.extend(frags);
            if head.frags.is_empty() {
                return (tail, None);
            }
            return (head, Some(tail));
        }
        (head, None)
    }

    /// A paragraph's units: one per line.
    pub(super) fn para_units(&mut self, para: &Para, left: f32, width: f32) -> Vec<Unit> {
        if let Some(marker) = &para.marker
            && self.text_width(marker) > MARKER_SPACE
        {
            // A marker too wide to hang (a long footnote label) starts the
            // paragraph's first line instead of being cut.
            let mut inline = para.clone();
            inline.marker = None;
            inline.spans = marker.clone();
            if let Some(last) = marker.last() {
                inline.spans.push(Span::new(" ", last.style.clone()));
            }
            inline.spans.extend(para.spans.iter().cloned());
            return self.para_units(&inline, left, width);
        }
        let x0 = left + para.indent;
        let avail = (width - para.indent - para.right_indent).max(20.0);
        let (words, rtl) = self.words(&para.spans);
        let lines = self.lines(words, avail);
        let count = lines.len();
        let mut units = Vec::with_capacity(count.max(1));
        for (i, line) in lines.into_iter().enumerate() {
            let mut unit = self.line_unit(&para.spans, line, para, x0, avail, rtl);
            if i == 0 {
                unit.space_before = para.space_before;
                if let Some(marker) = &para.marker {
                    let marker_units = self.para_units(
                        &Para::new(marker.clone(), para.leading),
                        x0 - 24.0,
                        MARKER_SPACE,
                    );
                    if let Some(first) = marker_units.into_iter().next() {
                        let max_x = first
                            .items
                            .iter()
                            .filter_map(|it| match it {
                                Item::Text { x, run, size, .. } => Some(
                                    x + run.advance * size
                                        / self.shaper.fonts.units_per_em(run.face),
                                ),
                                _ => None,
                            })
                            .fold(0.0f32, f32::max);
                        // Right-align the marker 5 pt before the text.
                        let dx = (x0 - 5.0) - max_x;
                        for mut item in first.items {
                            if let Item::Text { x, .. } = &mut item {
                                *x += dx;
                            }
                            unit.items.push(item);
                        }
                    }
                }
                if let Some(anchor) = &para.anchor {
                    unit.anchors.push(anchor.clone());
                }
                unit.outline.clone_from(&para.outline);
            }
            // Orphans and widows: the first line keeps with the second,
            // the last-but-one with the last.
            unit.keep_with_next =
                (i == 0 && count > 1) || (count > 2 && i + 2 == count) || para.keep_with_next;
            if i + 1 == count && !para.keep_with_next {
                unit.keep_with_next = false;
            }
            if let Some(bar_x) = para.bar {
                unit.items.push(Item::Rect {
                    x: left + bar_x,
                    y: 0.0,
                    w: 2.0,
                    h: unit.height,
                    fill: Rgb::HAIRLINE,
                });
            }
            if para.rule_below && i + 1 == count {
                unit.height += 4.0;
                unit.items.push(Item::Line {
                    x1: left,
                    y1: unit.height - 1.0,
                    x2: left + width,
                    y2: unit.height - 1.0,
                    width: 0.75,
                    color: Rgb::RULE,
                    dash: false,
                });
            }
            units.push(unit);
        }
        if units.is_empty() && (para.anchor.is_some() || para.outline.is_some()) {
            units.push(Unit {
                space_before: para.space_before,
                anchors: para.anchor.iter().cloned().collect(),
                outline: para.outline.clone(),
                keep_with_next: true,
                ..Unit::default()
            });
        }
        units
    }

    /// Places one line's frags: visual order, alignment, justification,
    /// decorations and links.
    fn line_unit(
        &self,
        spans: &[Span],
        line: LineOut,
        para: &Para,
        x0: f32,
        avail: f32,
        rtl: bool,
    ) -> Unit {
        let max_size = line
            .frags
            .iter()
            .map(|f| spans.get(f.span).map_or(f.size, |s| s.style.size))
            .fold(0.0f32, f32::max);
        let base_size = para.spans.first().map_or(10.0, |s| s.style.size).max(1.0);
        let height = if max_size > base_size {
            para.leading * max_size / base_size
        } else {
            para.leading
        };
        let glyph_size = if max_size > 0.0 { max_size } else { base_size };
        let baseline = (height - glyph_size * 1.36) / 2.0 + glyph_size * 1.07;

        let natural: f32 = line.frags.iter().map(|f| f.width).sum();
        let spaces: usize = line
            .frags
            .iter()
            .filter(|f| f.space)
            .map(|f| f.run.glyphs.len())
            .sum();
        let slack = (avail - natural).max(0.0);
        let justify = para.align == Align::Justify && line.justify && spaces > 0;
        let extra = if justify && slack / spaces as f32 <= glyph_size * 0.8 {
            slack / spaces as f32
        } else {
            0.0
        };
        let used = natural + extra * spaces as f32;
        let start_x = match (para.align, rtl) {
            (Align::Center, _) => x0 + (avail - used) / 2.0,
            (Align::Start | Align::Justify, false) | (Align::End, true) => x0,
            (Align::Start | Align::Justify, true) | (Align::End, false) => x0 + avail - used,
        };

        let levels: Vec<Level> = line.frags.iter().map(|f| f.level).collect();
        let order = BidiInfo::reorder_visual(&levels);
        let mut unit = Unit {
            height,
            ..Unit::default()
        };
        let mut x = start_x;
        let mut links: Vec<(f32, f32, Target)> = Vec::new();
        for index in order {
            let Some(frag) = line.frags.get(index) else {
                continue;
            };
            let span = spans.get(frag.span);
            let style = span.map(|s| &s.style);
            let frag_extra = if frag.space { extra } else { 0.0 };
            let w = frag.width + frag_extra * frag.run.glyphs.len() as f32;
            let rise = style.map_or(0.0, |s| s.rise);
            let color = style.map_or(Rgb::TEXT, |s| s.color);
            if !frag.space {
                unit.items.push(Item::Text {
                    run: Rc::clone(&frag.run),
                    size: frag.size,
                    color,
                    x,
                    y: baseline - rise,
                    extra: 0.0,
                });
            } else if frag_extra == 0.0 || !frag.run.glyphs.is_empty() {
                // Spaces are drawn too, so that copied text keeps them.
                unit.items.push(Item::Text {
                    run: Rc::clone(&frag.run),
                    size: frag.size,
                    color,
                    x,
                    y: baseline - rise,
                    extra: frag_extra,
                });
            }
            if let Some(style) = style {
                if style.underline && !frag.space {
                    unit.items.push(Item::Line {
                        x1: x,
                        y1: baseline + 1.5,
                        x2: x + w,
                        y2: baseline + 1.5,
                        width: 0.5,
                        color: style.color,
                        dash: false,
                    });
                }
                if style.strike && !frag.space {
                    let y = baseline - frag.size * 0.3;
                    unit.items.push(Item::Line {
                        x1: x,
                        y1: y,
                        x2: x + w,
                        y2: y,
                        width: 0.6,
                        color: style.color,
                        dash: false,
                    });
                }
            }
            if let Some(target) = span.and_then(|s| s.link.clone()) {
                match links.last_mut() {
                    Some((_, end, last)) if *last == target && (*end - x).abs() < 0.5 => {
                        *end = x + w;
                    }
                    _ => links.push((x, x + w, target)),
                }
            }
            x += w;
        }
        for (from, to, target) in links {
            unit.items.push(Item::Link {
                x: from,
                y: 0.0,
                w: (to - from).max(1.0),
                h: height,
                target,
            });
        }
        unit
    }

    /// The width of `spans` set on one line, trailing spaces left out.
    pub(super) fn text_width(&mut self, spans: &[Span]) -> f32 {
        let (words, _) = self.words(spans);
        let count = words.len();
        words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                if i + 1 == count {
                    w.content_width()
                } else {
                    w.width()
                }
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::super::block::{Block, Para, Span};
    use super::super::testing::{body, lay, text_extents};
    use super::*;
    use crate::render::pdf::fonts::Fonts;

    #[test]
    fn an_unbroken_string_is_broken_to_fit() {
        let text = "x".repeat(2000);
        let (out, g) = lay(&[Block::Para(Para::new(
            vec![Span::new(text, body(10.0))],
            14.0,
        ))]);
        let fonts = Fonts::load().expect("fonts");
        let extents: Vec<_> = out
            .pages
            .iter()
            .flat_map(|p| text_extents(p, &fonts))
            .collect();
        assert!(extents.len() > 10);
        for (x1, x2, _) in extents {
            assert!(
                x1 >= g.left - 0.01 && x2 <= g.width - g.right + 0.5,
                "{x1}..{x2}"
            );
        }
    }

    #[test]
    fn a_marker_too_wide_to_hang_starts_its_line_whole() {
        let fonts = Fonts::load().expect("fonts");
        for (label, hangs) in [("a.", true), ("ministry-source.", false)] {
            let mut note = Para::new(vec![Span::new("The source said so.", body(10.0))], 14.0);
            note.indent = 18.0;
            note.marker = Some(vec![Span::new(label, body(8.5))]);
            let (paginated, geometry) = lay(&[Block::Para(note)]);
            let page = &paginated.pages[0];
            let text: String = page
                .items
                .iter()
                .filter_map(|item| match item {
                    Item::Text { run, .. } => Some(run.text.to_string()),
                    _ => None,
                })
                .collect();
            assert!(text.contains(label), "{label} is set whole: {text}");
            let extents = text_extents(page, &fonts);
            let leftmost = extents.iter().map(|e| e.0).fold(f32::MAX, f32::min);
            assert!(
                leftmost >= geometry.left - 0.01,
                "{label} inside the margin"
            );
            let text_x = geometry.left + 18.0;
            assert_eq!(leftmost < text_x - 0.01, hangs, "{label}: {leftmost}");
        }
    }
}
