//! Text into lines: words at line-break opportunities, shaped fragments
//! per style and bidi level, greedy line filling with emergency breaks,
//! alignment and justification, and a paragraph's lines as units.

use std::collections::VecDeque;
use std::rc::Rc;

use unicode_bidi::{BidiInfo, Level, ParagraphBidiInfo};
use unicode_linebreak::{BreakClass, BreakOpportunity, break_property, linebreaks};

use super::super::shape::ShapedRun;
use super::block::{Align, Para, Rgb, Span, Tag, Target};
use super::layouter::Layouter;
use super::unit::{Item, Unit};

/// The hanging space a list or endnote marker is right-aligned in, in
/// points (it ends 5 pt before the text).
const MARKER_SPACE: f32 = 20.0;

/// A shaped piece of a line: one face, one style, one bidi level.
#[derive(Debug, Clone)]
pub(super) struct Frag {
    pub(super) run: Rc<ShapedRun>,
    span: usize,
    pub(super) level: Level,
    pub(super) width: f32,
    pub(super) size: f32,
    pub(super) space: bool,
}

/// What lies between two break opportunities.
#[derive(Debug, Clone, Default)]
pub(super) struct Word {
    pub(super) frags: Vec<Frag>,
    pub(super) mandatory_after: bool,
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
    pub(super) fn content_bytes(&self) -> usize {
        self.frags
            .iter()
            .filter(|f| !f.space)
            .map(|f| f.run.text.len())
            .sum()
    }
}

/// A laid-out line: frags in logical order, the last word's spaces dropped.
pub(super) struct LineOut {
    pub(super) frags: Vec<Frag>,
    /// The spaces the line was broken at, drawn past its end where they
    /// take no room, so that text extraction keeps the words apart.
    pub(super) trailing: Vec<Frag>,
    /// Whether its spaces stretch (or shrink) to the measure when the
    /// paragraph is justified.
    pub(super) justify: bool,
    /// Whether it ends with a hyphen the breaker added.
    pub(super) hyphenated: bool,
}

/// The most bytes of text one line holds, however narrow they are set:
/// zero-width characters would otherwise put a whole note on one line. A
/// full line of ordinary text is a few hundred bytes.
pub(super) const MAX_LINE_BYTES: usize = 8 * 1024;

/// The most combining marks (and joiners) kept in a row. Unicode's
/// Stream-Safe Text Format (UAX #15) allows 30 non-starters in a row;
/// past that the rest are dropped and one "…" shows the cut, so that a
/// letter under a million accents neither stacks them off the page nor
/// makes one cluster that no line break can part.
const MAX_MARKS: usize = 30;

/// How many times a cut moves back when the piece it makes, shaped alone,
/// is wider than its room.
const MAX_REFITS: usize = 4;

/// Whether `c` clusters with the character before it: a combining mark
/// or a joiner (UAX #14 never breaks before them). ASCII control
/// characters, combining marks to UAX #14, are left out.
fn joins_previous(c: char) -> bool {
    !c.is_ascii()
        && matches!(
            break_property(u32::from(c)),
            BreakClass::CombiningMark | BreakClass::ZeroWidthJoiner
        )
}

/// Appends `s` to `text`, keeping at most [`MAX_MARKS`] marks in a row;
/// `marks` counts those at the end of `text`, across spans.
fn push_capped(text: &mut String, s: &str, marks: &mut usize) {
    if s.is_ascii() {
        text.push_str(s);
        if !s.is_empty() {
            *marks = 0;
        }
        return;
    }
    for c in s.chars() {
        if !joins_previous(c) {
            *marks = 0;
        } else {
            *marks += 1;
            if *marks == MAX_MARKS + 1 {
                text.push('…');
            }
            if *marks > MAX_MARKS {
                continue;
            }
        }
        text.push(c);
    }
}

/// The line being filled while a word is broken.
#[derive(Default)]
struct Filling {
    word: Word,
    /// Width of every frag so far, spaces included.
    used: f32,
    /// Bytes of content so far.
    bytes: usize,
}

impl Filling {
    fn fits(&self, width: f32, bytes: usize, line_width: f32) -> bool {
        self.used + width <= line_width && self.bytes + bytes <= MAX_LINE_BYTES
    }
    fn push(&mut self, frag: Frag) {
        self.used += frag.width;
        if !frag.space {
            self.bytes += frag.run.text.len();
        }
        self.word.frags.push(frag);
    }
}

/// A shaped run measured for cutting.
struct Cutter<'r> {
    text: &'r str,
    /// In points, the advance of the glyphs of the cluster that starts at
    /// each byte.
    advance: Vec<f32>,
    total: f64,
    /// Σ `advance` before byte `measured`.
    before: f64,
    measured: usize,
}

impl<'r> Cutter<'r> {
    fn new(run: &'r ShapedRun, scale: f32) -> Self {
        let text: &str = &run.text;
        let mut advance = vec![0.0f32; text.len() + 1];
        for glyph in &run.glyphs {
            if let Some(slot) = advance.get_mut(glyph.text.0 as usize) {
                *slot += glyph.advance * scale;
            }
        }
        let total = advance.iter().map(|&a| f64::from(a)).sum();
        Cutter {
            text,
            advance,
            total,
            before: 0.0,
            measured: 0,
        }
    }

    /// Where the line that takes this run from byte `from` ends: the last
    /// cluster boundary within `room` points and `byte_room` bytes, or one
    /// after URL punctuation in the last 40% of the room; when none fits,
    /// `from` itself, or, on a line of its own (`alone`), the end of the
    /// first cluster; and the width up to it.
    fn cut(&self, from: usize, room: f32, byte_room: usize, alone: bool) -> (usize, f32) {
        let Some(text) = self.text.get(from..) else {
            return (self.text.len(), 0.0);
        };
        let mut acc = 0.0;
        let mut best = None;
        let mut preferred = None;
        let mut prev: Option<char> = None;
        for (offset, c) in text.char_indices() {
            if offset > 0 {
                if acc > room || offset > byte_room {
                    break;
                }
                if !joins_previous(c) {
                    best = Some((from + offset, acc));
                    if matches!(prev, Some('/' | '-' | '.' | '_' | '?' | '&' | '=' | '#'))
                        && acc >= room * 0.6
                    {
                        preferred = Some((from + offset, acc));
                    }
                }
            }
            acc += self.advance.get(from + offset).copied().unwrap_or(0.0);
            prev = Some(c);
        }
        match preferred.or(best) {
            Some(cut) => cut,
            None if alone => {
                let end = from + cluster_len(text);
                let width = self.advance.get(from..end).map_or(0.0, |a| a.iter().sum());
                (end, width)
            }
            None => (from, 0.0),
        }
    }

    /// The width and bytes of the run from byte `from` on; `from` never
    /// goes back between calls.
    fn rest(&mut self, from: usize) -> (f32, usize) {
        let to = from.min(self.text.len());
        if let Some(slice) = self.advance.get(self.measured..to) {
            self.before += slice.iter().map(|&a| f64::from(a)).sum::<f64>();
            self.measured = to;
        }
        ((self.total - self.before) as f32, self.text.len() - to)
    }
}

/// The length of `text`'s first character and the marks and joiners after
/// it.
fn cluster_len(text: &str) -> usize {
    text.char_indices()
        .skip(1)
        .find(|&(_, c)| !joins_previous(c))
        .map_or(text.len(), |(i, _)| i)
}

impl Layouter<'_, '_> {
    /// Cuts `spans` into words at line-break opportunities, each word into
    /// frags of one style and bidi level.
    pub(super) fn words(&mut self, spans: &[Span]) -> (Vec<Word>, bool) {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(spans.len());
        let mut marks = 0;
        for span in spans {
            starts.push(text.len());
            push_capped(&mut text, &span.text, &mut marks);
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
        let (levels, base_rtl) = bidi_levels(&text, base);
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
                &levels,
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
                    &levels,
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

    /// Greedy line filling with emergency breaks inside words too wide (or
    /// too long) for a line: ragged paragraphs (headings, table cells),
    /// and justified ones total fit cannot set (`justify`).
    pub(super) fn lines(&mut self, words: Vec<Word>, width: f32) -> Vec<LineOut> {
        let width = width.max(20.0);
        let mut lines = Vec::new();
        let mut current: Vec<Word> = Vec::new();
        let mut used = 0.0f32;
        let mut bytes = 0;
        let mut queue: VecDeque<Word> = words.into();
        while let Some(word) = queue.pop_front() {
            let content = word.content_width();
            let word_bytes = word.content_bytes();
            if !current.is_empty()
                && (used + content > width + 0.01 || bytes + word_bytes > MAX_LINE_BYTES)
            {
                lines.push(self.line_out(std::mem::take(&mut current), true));
                used = 0.0;
                bytes = 0;
            }
            if current.is_empty() && (content > width + 0.01 || word_bytes > MAX_LINE_BYTES) {
                let (full, rest) = self.break_word(word, width);
                for line in full {
                    lines.push(self.line_out(vec![line], false));
                }
                if let Some(rest) = rest {
                    queue.push_front(rest);
                }
                continue;
            }
            used += word.width();
            bytes += word_bytes;
            let mandatory = word.mandatory_after;
            current.push(word);
            if mandatory {
                lines.push(self.line_out(std::mem::take(&mut current), false));
                used = 0.0;
                bytes = 0;
            }
        }
        if !current.is_empty() {
            lines.push(self.line_out(current, false));
        }
        lines
    }

    pub(super) fn line_out(&self, words: Vec<Word>, justify: bool) -> LineOut {
        let count = words.len();
        let mut frags = Vec::new();
        let mut trailing = Vec::new();
        for (i, word) in words.into_iter().enumerate() {
            for frag in word.frags {
                if i + 1 == count && frag.space {
                    trailing.push(frag);
                    continue;
                }
                frags.push(frag);
            }
        }
        LineOut {
            frags,
            trailing,
            justify,
            hyphenated: false,
        }
    }

    /// Emergency breaks in a word too wide (or too long) for a line: the
    /// pieces that fill whole lines, then the rest, which may share its
    /// line with the words after it. Each cut takes the longest head that
    /// fits, preferring one after URL punctuation; a character is never
    /// parted from the marks and joiners after it, and a cluster wider
    /// than the line stands alone on one.
    ///
    /// Linear in the word: cuts are found on the glyphs `words` shaped
    /// once, and only each piece (about a line of text) is shaped again,
    /// so that its ends join and kern as the text they keep. (Shaping and
    /// measuring the whole rest after every cut made an 80,000-letter word
    /// take 20 s and 1 GB.)
    pub(super) fn break_word(&mut self, word: Word, width: f32) -> (Vec<Word>, Option<Word>) {
        let mandatory_after = word.mandatory_after;
        // Content width and bytes of the frags from each index on.
        let mut after = vec![(0.0f32, 0usize); word.frags.len() + 1];
        for (i, frag) in word.frags.iter().enumerate().rev() {
            let (w, b) = after[i + 1];
            after[i] = if frag.space {
                (w, b)
            } else {
                (w + frag.width, b + frag.run.text.len())
            };
        }
        let mut queue: VecDeque<(usize, Frag)> = word.frags.into_iter().enumerate().collect();
        let mut lines: Vec<Word> = Vec::new();
        let mut line = Filling::default();
        while let Some((index, frag)) = queue.pop_front() {
            if frag.space || line.fits(frag.width, frag.run.text.len(), width) {
                line.push(frag);
                continue;
            }
            let scale = frag.size / self.shaper.fonts.units_per_em(frag.run.face);
            let mut cutter = Cutter::new(&frag.run, scale);
            let mut from = 0;
            loop {
                let (cut, pieces) = self.cut_fitting(&cutter, &frag, from, &line, width);
                for piece in pieces {
                    line.push(piece);
                }
                lines.push(std::mem::take(&mut line).word);
                from = cut;
                if from == frag.run.text.len() {
                    // The spaces after a cluster that filled the line end it.
                    while queue.front().is_some_and(|(_, f)| f.space) {
                        if let (Some((_, space)), Some(last)) =
                            (queue.pop_front(), lines.last_mut())
                        {
                            last.frags.push(space);
                        }
                    }
                    break;
                }
                let (rest_width, rest_bytes) = cutter.rest(from);
                if rest_width > width * 1.25 + 1.0 || rest_bytes > MAX_LINE_BYTES {
                    continue;
                }
                // About a line is left: shape it as it will be set.
                for piece in self
                    .reshape(&frag, from, frag.run.text.len())
                    .into_iter()
                    .rev()
                {
                    queue.push_front((index, piece));
                }
                break;
            }
            // What is left may share its line with the words after it.
            let (rest_width, rest_bytes) = queue
                .iter()
                .take_while(|(i, _)| *i == index)
                .fold((0.0f32, 0), |(w, b), (_, f)| {
                    (w + f.width, b + f.run.text.len())
                });
            let (later_width, later_bytes) = after[index + 1];
            if rest_width + later_width <= width + 0.01
                && rest_bytes + later_bytes <= MAX_LINE_BYTES
            {
                let frags: Vec<Frag> = queue.into_iter().map(|(_, f)| f).collect();
                let rest = (!frags.is_empty()).then_some(Word {
                    frags,
                    mandatory_after,
                });
                return (lines, rest);
            }
        }
        if !line.word.frags.is_empty() {
            lines.push(line.word);
        }
        (lines, None)
    }

    /// The cut for the line `line` holds so far, and the piece of `frag`
    /// from `from` to it, shaped anew. Shaped alone, a piece may come out
    /// wider than measured in the whole run (a kern or a joining form at
    /// its end changes); the cut then moves back by as much, a few times
    /// at most.
    fn cut_fitting(
        &mut self,
        cutter: &Cutter<'_>,
        frag: &Frag,
        from: usize,
        line: &Filling,
        width: f32,
    ) -> (usize, Vec<Frag>) {
        let room = width - line.used;
        let byte_room = MAX_LINE_BYTES.saturating_sub(line.bytes);
        let alone = line.word.frags.is_empty();
        let (mut cut, mut measured) = cutter.cut(from, room, byte_room, alone);
        for _ in 0..MAX_REFITS {
            if cut == from {
                break;
            }
            let pieces = self.reshape(frag, from, cut);
            let over = pieces.iter().map(|p| p.width).sum::<f32>() - room;
            if over <= 0.0 {
                return (cut, pieces);
            }
            let (shorter, shorter_measured) =
                cutter.cut(from, measured - over - 0.01, byte_room, alone);
            if shorter >= cut {
                return (cut, pieces);
            }
            (cut, measured) = (shorter, shorter_measured);
        }
        let pieces = if cut > from {
            self.reshape(frag, from, cut)
        } else {
            Vec::new()
        };
        (cut, pieces)
    }

    /// `frag`'s text from byte `from` to `to`, shaped anew in its face.
    pub(super) fn reshape(&mut self, frag: &Frag, from: usize, to: usize) -> Vec<Frag> {
        let Some(text) = frag.run.text.get(from..to) else {
            return Vec::new();
        };
        self.shape_like(frag, text)
    }

    /// `text` shaped in `frag`'s face, style and direction.
    pub(super) fn shape_like(&mut self, frag: &Frag, text: &str) -> Vec<Frag> {
        self.shaper
            .shape(text, frag.run.face, frag.run.rtl)
            .into_iter()
            .map(|run| {
                let width = run.advance * frag.size / self.shaper.fonts.units_per_em(run.face);
                Frag {
                    run,
                    width,
                    ..frag.clone()
                }
            })
            .collect()
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
        let lines = if para.align == Align::Justify {
            self.justified_lines(words, avail)
        } else {
            self.lines(words, avail)
        };
        let count = lines.len();
        let mut units = Vec::with_capacity(count.max(1));
        for (i, line) in lines.into_iter().enumerate() {
            let hyphenated = line.hyphenated;
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
                        unit.items.push(Item::Mark(para.marker_tag));
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
            // A page never ends on a hyphen either.
            unit.keep_with_next = (i == 0 && count > 1)
                || (count > 2 && i + 2 == count)
                || hyphenated
                || para.keep_with_next;
            if i + 1 == count && !para.keep_with_next {
                unit.keep_with_next = false;
            }
            if para.bar.is_some() || (para.rule_below && i + 1 == count) {
                unit.items.push(Item::Mark(Tag::Artifact));
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
        // Negative when total fit shrinks the line's spaces.
        let slack = avail - natural;
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
            tag: para.tag,
            ..Unit::default()
        };
        let mut x = start_x;
        let mut links: Vec<(f32, f32, Target, Option<u32>)> = Vec::new();
        // A linked span's text goes to its `Link` element.
        let mut tag = para.tag;
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
            let wanted = span.and_then(|s| s.node).map_or(para.tag, Tag::Node);
            if wanted != tag {
                unit.items.push(Item::Mark(wanted));
                tag = wanted;
            }
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
                let node = span.and_then(|s| s.node);
                match links.last_mut() {
                    Some((_, end, last, last_node))
                        if *last == target && *last_node == node && (*end - x).abs() < 0.5 =>
                    {
                        *end = x + w;
                    }
                    _ => links.push((x, x + w, target, node)),
                }
            }
            x += w;
        }
        // The spaces the line broke at: past its end (before its start
        // when it runs right to left), at their natural width. Invisible,
        // they take no room; readers and copy find the word boundary.
        let mut x = if rtl { start_x } else { x };
        for frag in &line.trailing {
            if frag.run.glyphs.is_empty() {
                continue;
            }
            let span = spans.get(frag.span);
            let wanted = span.and_then(|s| s.node).map_or(para.tag, Tag::Node);
            if wanted != tag {
                unit.items.push(Item::Mark(wanted));
                tag = wanted;
            }
            if rtl {
                x -= frag.width;
            }
            unit.items.push(Item::Text {
                run: Rc::clone(&frag.run),
                size: frag.size,
                color: span.map_or(Rgb::TEXT, |s| s.style.color),
                x,
                y: baseline - span.map_or(0.0, |s| s.style.rise),
                extra: 0.0,
            });
            if !rtl {
                x += frag.width;
            }
        }
        for (from, to, target, node) in links {
            unit.items.push(Item::Link {
                x: from,
                y: 0.0,
                w: (to - from).max(1.0),
                h: height,
                target,
                node,
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

/// Each byte's embedding level in `text`, and whether the paragraph reads
/// right to left. A left-to-right paragraph holding no right-to-left
/// letter, Arabic digit or explicit embedding resolves to level 0
/// throughout (UAX #9, rules W7 and I1), so it skips classifying each
/// character, a table search that was a twentieth of a build's time.
fn bidi_levels(text: &str, base: Option<Level>) -> (Vec<Level>, bool) {
    let ltr_only = |c: char| {
        let c = u32::from(c);
        // Latin to Armenian; dashes, quotes and bullets; per mille to the
        // last punctuation before the invisible operators; currency signs.
        c < 0x0590
            || (0x2010..0x2028).contains(&c)
            || (0x2030..0x205F).contains(&c)
            || (0x20A0..0x20D0).contains(&c)
    };
    if base.is_some_and(|level| level.is_ltr()) && text.chars().all(ltr_only) {
        return (vec![Level::ltr(); text.len()], false);
    }
    let bidi = ParagraphBidiInfo::new(text, base);
    (bidi.levels, bidi.paragraph_level.is_rtl())
}

#[cfg(test)]
mod tests {
    use super::super::block::{Block, Para, Span};
    use super::super::testing::{body, lay, text_extents};
    use super::super::unit::Geometry;
    use super::*;
    use crate::render::pdf::fonts::Fonts;
    use crate::render::pdf::shape::Shaper;

    #[test]
    fn the_left_to_right_shortcut_gives_what_the_full_algorithm_gives() {
        for text in [
            "Tehran’s “offer” — 60% by 2027, €4.5bn (see ¶3) • done…",
            "Numbers 1,234.5 and 10–12 % after words, ‰ and ½.",
            "Ça va: naïve café, Ünïcödé, Ελληνικά, Кириллица, Հայերեն",
        ] {
            let (fast, rtl) = bidi_levels(text, Some(Level::ltr()));
            let full = ParagraphBidiInfo::new(text, Some(Level::ltr()));
            assert_eq!(fast, full.levels, "{text}");
            assert_eq!(rtl, full.paragraph_level.is_rtl());
        }
        // Hebrew or Arabic in the paragraph takes the full algorithm.
        let text = "Talks in قطر resume";
        let (levels, _) = bidi_levels(text, Some(Level::ltr()));
        assert!(levels.iter().any(|l| l.is_rtl()));
    }

    /// One set line: its text (logical order, trailing spaces dropped) and
    /// the width of its content.
    #[derive(Debug)]
    struct SetLine {
        text: String,
        width: f32,
    }

    /// `spans` broken into lines `measure` points wide.
    fn set(spans: &[Span], measure: f32) -> Vec<SetLine> {
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let mut layouter = Layouter::new(&mut shaper, Geometry::a4());
        let (words, _) = layouter.words(spans);
        layouter
            .lines(words, measure)
            .into_iter()
            .map(|line| SetLine {
                text: line.frags.iter().map(|f| &*f.run.text).collect(),
                width: line
                    .frags
                    .iter()
                    .filter(|f| !f.space)
                    .map(|f| f.width)
                    .sum(),
            })
            .collect()
    }

    fn joined(lines: &[SetLine]) -> String {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    fn assert_fit(lines: &[SetLine], measure: f32) {
        for (i, line) in lines.iter().enumerate() {
            assert!(
                line.width <= measure + 0.01,
                "line {i} is {} wide: {:?}",
                line.width,
                line.text
            );
        }
    }

    #[test]
    fn an_overlong_word_fills_each_line_and_gives_itself_back() {
        let word: String = ('a'..='z').cycle().take(80_000).collect();
        let lines = set(&[Span::new(word.clone(), body(10.0))], 300.0);
        assert_fit(&lines, 300.0);
        assert_eq!(joined(&lines), word);
        // Greedy: no line but the last has room for one more letter.
        let widest_letter = 10.0;
        for line in &lines[..lines.len() - 1] {
            assert!(line.width > 300.0 - widest_letter, "{}", line.width);
        }
        assert!((1_000..2_000).contains(&lines.len()), "{}", lines.len());
    }

    #[test]
    fn a_long_url_is_cut_after_its_punctuation() {
        let url: String = std::iter::once("https://example.com".to_owned())
            .chain((0..400).map(|i| format!("/segment{i}-of?q=v&x")))
            .collect();
        let lines = set(&[Span::new(url.clone(), body(10.0))], 300.0);
        assert_fit(&lines, 300.0);
        assert_eq!(joined(&lines), url);
        for line in &lines[..lines.len() - 1] {
            assert!(
                line.text.ends_with(['/', '-', '?', '&', '=']),
                "{:?}",
                line.text
            );
        }
    }

    #[test]
    fn the_rest_of_a_broken_word_shares_its_line_with_what_follows() {
        // 60 letters of 5.8 pt: 51 on the first line, 9 and the words after
        // them on the second.
        let word = "x".repeat(60);
        let lines = set(&[Span::new(format!("{word} and more"), body(10.0))], 300.0);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(lines[1].text.starts_with('x'), "{:?}", lines[1].text);
        assert!(lines[1].text.ends_with("x and more"), "{:?}", lines[1].text);
        assert_eq!(joined(&lines), format!("{word} and more"));
    }

    #[test]
    fn a_letter_is_never_parted_from_its_marks() {
        let word = "e\u{301}\u{323}".repeat(5_000);
        let lines = set(&[Span::new(word.clone(), body(10.0))], 200.0);
        assert!(lines.len() > 10);
        assert_fit(&lines, 200.0);
        assert_eq!(joined(&lines), word);
        for line in &lines {
            assert!(line.text.starts_with('e'), "{:?}", &line.text[..8]);
        }
    }

    #[test]
    fn a_cluster_wider_than_the_line_stands_alone() {
        let lines = set(&[Span::new("WWW", body(40.0))], 20.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["W", "W", "W"]);
    }

    #[test]
    fn past_30_marks_in_a_row_the_rest_become_one_ellipsis() {
        let marks = "\u{301}".repeat(200_000);
        let lines = set(&[Span::new(format!("a{marks}b"), body(10.0))], 300.0);
        let kept = "\u{301}".repeat(MAX_MARKS);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, [format!("a{kept}…b")]);
    }

    #[test]
    fn a_line_of_zero_width_characters_is_capped_in_bytes() {
        // U+2060 WORD JOINER: no break opportunity, no width.
        let word = "\u{2060}".repeat(20_000);
        let lines = set(&[Span::new(word.clone(), body(10.0))], 300.0);
        assert_eq!(joined(&lines), word);
        assert!(
            lines.len() >= word.len() / MAX_LINE_BYTES,
            "{}",
            lines.len()
        );
        for line in &lines {
            assert!(line.text.len() <= MAX_LINE_BYTES);
            assert_eq!(line.width, 0.0);
        }
    }

    #[test]
    fn a_word_of_many_styled_pieces_is_broken_in_one_pass() {
        // Half a million `&amp;` make one word; here 20,000 frags of
        // alternate weights.
        let spans: Vec<Span> = (0..20_000)
            .map(|i| {
                let style = if i % 2 == 0 {
                    body(10.0)
                } else {
                    body(10.0).bold()
                };
                Span::new("&", style)
            })
            .collect();
        let lines = set(&spans, 300.0);
        assert_fit(&lines, 300.0);
        assert_eq!(joined(&lines), "&".repeat(20_000));
    }

    #[test]
    fn a_right_to_left_word_is_broken_in_reading_order() {
        let word = "ایران".repeat(3_000);
        let lines = set(&[Span::new(word.clone(), body(10.0))], 250.0);
        assert!(lines.len() > 10);
        assert_fit(&lines, 250.0);
        assert_eq!(joined(&lines), word);
    }

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
