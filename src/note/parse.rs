//! Splitting a note's text into front matter and body.

use std::ops::Range;

/// Where the parts of a note are, as byte ranges of its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Parts {
    /// The opening `---` line (for pointing at the note as a whole).
    pub opening: Range<usize>,
    /// The YAML between the `---` lines.
    pub yaml: Range<usize>,
    /// Everything after the closing `---` line.
    pub body: Range<usize>,
}

/// Why a note has no usable front matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// Nothing but whitespace (or a byte-order mark).
    Empty,
    /// The first line is not `---`; the range is that line.
    NoOpening(Range<usize>),
    /// No closing `---` line; the range is the opening line.
    Unclosed(Range<usize>),
}

/// Finds the front matter: a first line `---` (after an optional UTF-8 BOM),
/// then YAML, then a line `---`. CRLF line endings and trailing spaces on the
/// fence lines are accepted.
pub(crate) fn split(text: &str) -> Result<Parts, SplitError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if text[start..].trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = LineIter { text, pos: start };
    let Some(first) = lines.next() else {
        return Err(SplitError::Empty);
    };
    if !is_fence(&text[first.content.clone()]) {
        return Err(SplitError::NoOpening(first.content));
    }
    let yaml_start = first.full.end;
    for line in lines {
        if is_fence(&text[line.content.clone()]) {
            return Ok(Parts {
                opening: first.content,
                yaml: yaml_start..line.full.start,
                body: line.full.end..text.len(),
            });
        }
    }
    Err(SplitError::Unclosed(first.content))
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches(['\r', ' ', '\t']) == "---"
}

struct Line {
    /// The line without its `\n`.
    content: Range<usize>,
    /// The line including its `\n`, if any.
    full: Range<usize>,
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl Iterator for LineIter<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let (content_end, full_end) = match self.text[start..].find('\n') {
            Some(i) => (start + i, start + i + 1),
            None => (self.text.len(), self.text.len()),
        };
        self.pos = full_end;
        Some(Line {
            content: start..content_end,
            full: start..full_end,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: x\n---\nBody\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.yaml], "title: x\n");
        assert_eq!(&text[parts.body], "Body\n");
    }

    #[test]
    fn accepts_bom_and_crlf() {
        let text = "\u{feff}---\r\ntitle: x\r\n---\r\nBody\r\n";
        let parts = split(text).unwrap();
        assert_eq!(&text[parts.yaml], "title: x\r\n");
        assert_eq!(&text[parts.body], "Body\r\n");
        assert_eq!(parts.opening.start, 3);
    }

    #[test]
    fn empty_front_matter_and_no_body_are_fine() {
        let parts = split("---\n---").unwrap();
        assert!(parts.yaml.is_empty() && parts.body.is_empty());
    }

    #[test]
    fn reports_missing_and_unclosed_fences() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("\u{feff}\n  \n"), Err(SplitError::Empty));
        assert_eq!(split("# Title\n"), Err(SplitError::NoOpening(0..7)));
        assert_eq!(split("---\ntitle: x\n"), Err(SplitError::Unclosed(0..3)));
    }

    #[test]
    fn a_longer_rule_is_not_a_fence() {
        assert_eq!(
            split("---\ntitle: x\n-----\n"),
            Err(SplitError::Unclosed(0..3))
        );
    }
}
