//! Byte offsets ↔ LSP positions. The protocol counts a line's characters
//! in UTF-16 code units (an `é` is one, an emoji two); the tool's spans
//! are bytes of UTF-8. Built once per text version, a [`LineMap`] converts
//! either way with a binary search and at most one stride of counting, so
//! a note with thousands of diagnostics on one long line stays linear.

use lsp_types::{Position, Range};

/// Bytes between two marks of UTF-16 counts.
const STRIDE: usize = 256;

/// Where each line of a text starts and how many UTF-16 code units come
/// before every [`STRIDE`]-th byte.
#[derive(Debug)]
pub(crate) struct LineMap<'t> {
    text: &'t str,
    /// Byte offset of each line's start; the first is 0. Lines end at `\n`.
    line_starts: Vec<usize>,
    /// UTF-16 units in `text[..i * STRIDE]`, for each `i`.
    units_before_mark: Vec<u32>,
}

/// UTF-16 code units a UTF-8 byte stands for when counted alone: a lead
/// byte of a four-byte sequence starts a surrogate pair (2), other lead
/// and ASCII bytes one unit, continuation bytes none.
fn units_of_byte(byte: u8) -> u32 {
    match byte {
        0x80..=0xBF => 0,
        0xF0..=0xFF => 2,
        _ => 1,
    }
}

fn units_in(bytes: &[u8]) -> u32 {
    bytes.iter().map(|&b| units_of_byte(b)).sum()
}

impl<'t> LineMap<'t> {
    /// Indexes `text` once for all conversions of this version.
    pub(crate) fn new(text: &'t str) -> LineMap<'t> {
        let bytes = text.as_bytes();
        let line_starts = crate::diag::line_starts(bytes);
        let mut units_before_mark = Vec::with_capacity(bytes.len() / STRIDE + 2);
        let mut units = 0u32;
        units_before_mark.push(0);
        for chunk in bytes.chunks(STRIDE) {
            units = units.saturating_add(units_in(chunk));
            units_before_mark.push(units);
        }
        LineMap {
            text,
            line_starts,
            units_before_mark,
        }
    }

    /// UTF-16 units in `text[..offset]`.
    fn units_before(&self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        let mark = offset / STRIDE;
        let counted = self.units_before_mark.get(mark).copied().unwrap_or(0);
        counted + units_in(&self.text.as_bytes()[mark * STRIDE..offset])
    }

    /// The end of line `line`'s content: before its `\n` (and a `\r` before that).
    fn line_end(&self, line: usize) -> usize {
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1);
        let start = self.line_starts.get(line).copied().unwrap_or(end);
        if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to the
    /// start of a character it falls inside).
    pub(crate) fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            character: self.units_before(offset) - self.units_before(start),
        }
    }

    /// The byte offset of `position`. A client may send anything: a line
    /// past the end is the end of the text, a character past the line's
    /// end is its end, and one inside a surrogate pair is the character's
    /// start.
    pub(crate) fn offset(&self, position: Position) -> usize {
        let line = position.line as usize;
        let Some(&start) = self.line_starts.get(line) else {
            return self.text.len();
        };
        let end = self.line_end(line);
        let wanted = self.units_before(start).saturating_add(position.character);
        if self.units_before(end) <= wanted {
            return end;
        }
        // The last mark at or before the wanted count, within the line.
        let first_mark = start.div_ceil(STRIDE);
        let last_mark = end / STRIDE;
        let marks = self
            .units_before_mark
            .get(first_mark..=last_mark)
            .unwrap_or_default();
        let from = match marks.partition_point(|&units| units <= wanted) {
            0 => start,
            n => (first_mark + n - 1) * STRIDE,
        };
        let mut units = self.units_before(from);
        let mut at = from;
        while at < end {
            // Step over a whole character, or stop before one that would overshoot.
            let width = utf8_width(self.text.as_bytes()[at]);
            let next_units = units + units_of_byte(self.text.as_bytes()[at]);
            if next_units > wanted {
                break;
            }
            units = next_units;
            at = (at + width).min(end);
            if units == wanted && self.text.is_char_boundary(at) {
                break;
            }
        }
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    /// The LSP range of a byte range.
    pub(crate) fn range(&self, span: std::ops::Range<usize>) -> Range {
        Range {
            start: self.position(span.start),
            end: self.position(span.end.max(span.start)),
        }
    }

    /// The byte range of an LSP range, start never after end.
    pub(crate) fn span(&self, range: Range) -> std::ops::Range<usize> {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        start.min(end)..end.max(start)
    }
}

/// Bytes in the UTF-8 sequence a lead byte opens (1 for a stray continuation byte).
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn ascii_offsets_and_positions_agree() {
        let text = "ab\ncd\n";
        let map = LineMap::new(text);
        assert_eq!(map.position(0), pos(0, 0));
        assert_eq!(map.position(4), pos(1, 1));
        assert_eq!(map.position(6), pos(2, 0));
        assert_eq!(map.offset(pos(1, 1)), 4);
    }

    #[test]
    fn non_ascii_text_counts_utf16_units() {
        // é: 2 bytes, 1 unit; 😀: 4 bytes, 2 units; ש: 2 bytes, 1 unit.
        let text = "title: é😀ש x\nnext";
        let map = LineMap::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(map.position(x), pos(0, 12));
        assert_eq!(map.offset(pos(0, 12)), x);
        let after_emoji = text.find('ש').unwrap();
        assert_eq!(map.position(after_emoji), pos(0, 10));
        assert_eq!(map.offset(pos(0, 10)), after_emoji);
        assert_eq!(map.offset(pos(1, 2)), text.len() - 2);
    }

    #[test]
    fn a_position_inside_a_surrogate_pair_falls_to_its_character() {
        let text = "a😀b";
        let map = LineMap::new(text);
        assert_eq!(map.offset(pos(0, 2)), 1);
        assert_eq!(map.offset(pos(0, 3)), 5);
        // A byte inside the emoji maps to the emoji's start.
        assert_eq!(map.position(3), pos(0, 1));
    }

    #[test]
    fn hostile_positions_are_clamped() {
        let text = "one\r\ntwo";
        let map = LineMap::new(text);
        assert_eq!(map.offset(pos(0, 99)), 3, "before the CR");
        assert_eq!(map.offset(pos(7, 0)), text.len());
        assert_eq!(map.offset(pos(u32::MAX, u32::MAX)), text.len());
        assert_eq!(map.position(usize::MAX), pos(1, 3));
        let empty = LineMap::new("");
        assert_eq!(empty.offset(pos(3, 3)), 0);
        assert_eq!(empty.position(5), pos(0, 0));
    }

    #[test]
    fn long_lines_convert_across_strides_both_ways() {
        let line: String = "ä😀x".repeat(500);
        let text = format!("---\n{line}\n");
        let map = LineMap::new(&text);
        for (offset, _) in text.char_indices() {
            let position = map.position(offset);
            assert_eq!(map.offset(position), offset, "at byte {offset}");
        }
    }
}
