//! Line and column of byte offsets, for printers that place thousands of
//! diagnostics in one file: an index per file, built once.

use std::collections::HashMap;

use super::{Diagnostic, floor_char_boundary};

/// Bytes between two marks of [`LineIndex`]'s character counts: a column
/// costs at most this many bytes of counting.
const CHAR_COUNT_STRIDE: usize = 256;

/// Where each line of a text starts, and how many characters come before
/// every [`CHAR_COUNT_STRIDE`]-th byte. Built once per file, it turns an
/// offset into line and column with a binary search and one stride of
/// counting, so a file with 20,000 diagnostics is not read 20,000 times.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<usize>,
    /// Characters in `text[..i * CHAR_COUNT_STRIDE]`, for each `i`.
    chars_before_mark: Vec<usize>,
}

/// The byte offset of the start of each line of `bytes`; the first is 0.
pub(crate) fn line_starts(bytes: &[u8]) -> Vec<usize> {
    let newlines = bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n');
    std::iter::once(0)
        .chain(newlines.map(|(i, _)| i + 1))
        .collect()
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`'s line starts, once for all its diagnostics.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let line_starts = line_starts(bytes);
        let mut chars_before_mark = Vec::with_capacity(bytes.len() / CHAR_COUNT_STRIDE + 1);
        let mut chars = 0;
        chars_before_mark.push(0);
        for chunk in bytes.chunks(CHAR_COUNT_STRIDE) {
            chars += count_char_starts(chunk);
            chars_before_mark.push(chars);
        }
        LineIndex {
            text,
            line_starts,
            chars_before_mark,
        }
    }

    /// 1-based line and column (in characters) of a byte offset, as
    /// [`line_col`] computes them.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        (line + 1, column)
    }

    /// The 0-based line holding `offset`.
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.line_starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1)
    }

    pub(super) fn line_start(&self, line: usize) -> usize {
        self.line_starts.get(line).copied().unwrap_or(0)
    }

    /// Where `line` ends: before its `\n`, or at the end of the text.
    pub(super) fn line_end(&self, line: usize) -> usize {
        self.line_starts
            .get(line + 1)
            .map_or(self.text.len(), |next| next - 1)
    }

    /// Characters in `text[..offset]`; `offset` is a character boundary.
    fn chars_before(&self, offset: usize) -> usize {
        let mark = offset / CHAR_COUNT_STRIDE;
        let counted = self.chars_before_mark.get(mark).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(mark * CHAR_COUNT_STRIDE..offset)
            .unwrap_or_default();
        counted + count_char_starts(rest)
    }
}

/// Characters that start in `bytes`: every byte but UTF-8 continuations.
fn count_char_starts(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .filter(|&&b| b & 0b1100_0000 != 0b1000_0000)
        .count()
}

/// The line indexes of the files `diagnostics` point into, one per file
/// (diagnostics of a file share its text), keyed by the text's address.
pub(super) struct LineIndexes<'a> {
    by_text: HashMap<usize, LineIndex<'a>>,
}

impl<'a> LineIndexes<'a> {
    pub(super) fn of(diagnostics: &'a [Diagnostic]) -> Self {
        let mut by_text = HashMap::new();
        for source in diagnostics.iter().filter_map(|d| d.source.as_ref()) {
            by_text
                .entry(source.text.as_ptr().addr())
                .or_insert_with(|| LineIndex::new(&source.text));
        }
        LineIndexes { by_text }
    }

    /// How many files' indexes were built.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.by_text.len()
    }

    pub(super) fn get(&self, diagnostic: &Diagnostic) -> Option<&LineIndex<'a>> {
        let source = diagnostic.source.as_ref()?;
        self.by_text.get(&source.text.as_ptr().addr())
    }
}
