//! Where in a note's front matter a position is: which key a line writes,
//! its value, and the keys it sits under. Read from the lines alone, never
//! from a parse, because what an analyst is typing rarely parses yet:
//! `  - na` under `actors:` is the start of an actor's key all the same.

use std::ops::Range;

/// One line of front matter around a position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineContext {
    /// The keys this line sits under, outermost first: empty at the top
    /// level, `["actors"]` inside an actor, `["watch", "supports"]` in a
    /// block list of a watch item's `supports:`.
    pub parents: Vec<String>,
    /// The key written on this line (before its colon, or the word being
    /// typed where a key goes), and where.
    pub key: Option<(String, Range<usize>)>,
    /// Whether the line has the colon ending its key.
    pub colon: bool,
    /// The value after the colon, or a block list item's text: trimmed,
    /// inside its quotes, before a comment. Empty (at its start) when none.
    pub value: Range<usize>,
    /// Whether the line is a list item (`- …`).
    pub dash: bool,
}

impl LineContext {
    /// The innermost parent key, `None` at the top level.
    pub(crate) fn parent(&self) -> Option<&str> {
        self.parents.last().map(String::as_str)
    }
}

/// The front matter's byte range: after the opening `---` line up to the
/// closing one, or to the end while it is still unclosed (a note being
/// started). `None` when the text does not open with `---`.
pub(crate) fn front_matter(text: &str) -> Option<Range<usize>> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    if text[start..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut at = yaml_start;
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if text[at..end].trim_end() == "---" {
            return Some(yaml_start..at);
        }
        at = end + 1;
    }
    Some(yaml_start..text.len())
}

/// The line of front matter holding `offset`, read as a key and value.
/// `None` outside the front matter.
pub(crate) fn at(text: &str, offset: usize) -> Option<LineContext> {
    let yaml = front_matter(text)?;
    // The closing `---` line is not front matter; the end of an unclosed one is.
    let closed = yaml.end < text.len();
    let past_end = if closed {
        offset >= yaml.end
    } else {
        offset > yaml.end
    };
    if offset < yaml.start || past_end || !text.is_char_boundary(offset) {
        return None;
    }
    let line = line_around(text, offset);
    let mut context = read_line(text, line.clone());
    context.parents = parents(
        text,
        yaml.start,
        line.start,
        column_of(text, &line, &context),
    );
    Some(context)
}

/// The bytes of the line holding `offset`, without its line break.
fn line_around(text: &str, offset: usize) -> Range<usize> {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let end = if text[start..end].ends_with('\r') {
        end - 1
    } else {
        end
    };
    start..end
}

/// Reads one line: indentation, dash, key, colon, value.
fn read_line(text: &str, line: Range<usize>) -> LineContext {
    let content = &text[line.clone()];
    let indent = content.len() - content.trim_start_matches(' ').len();
    let mut at = line.start + indent;
    let mut dash = false;
    if text[at..line.end].starts_with('-')
        && text[at + 1..line.end]
            .chars()
            .next()
            .is_none_or(|c| c == ' ')
    {
        dash = true;
        at += 1;
        at += text[at..line.end].len() - text[at..line.end].trim_start_matches(' ').len();
    }
    let rest = &text[at..line.end];
    let colon = key_colon(rest);
    let (key, value_start) = match colon {
        Some(colon_at) => {
            let key = rest[..colon_at].trim_end();
            (
                Some((key.to_owned(), at..at + key.len())),
                at + colon_at + 1,
            )
        }
        None if !rest.starts_with(['"', '\'', '[', '{', '#']) => {
            let word = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            let key = Some((rest[..word].to_owned(), at..at + word));
            (key, at)
        }
        None => (None, at),
    };
    LineContext {
        parents: Vec::new(),
        key,
        colon: colon.is_some(),
        value: value_in(text, value_start..line.end),
        dash,
    }
}

/// Where a line's key ends: the first colon followed by a space or the end
/// of the line, outside quotes (`marking: TLP:AMBER` has one).
fn key_colon(rest: &str) -> Option<usize> {
    if rest.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let bytes = rest.as_bytes();
    bytes.iter().enumerate().find_map(|(i, &b)| {
        (b == b':'
            && bytes
                .get(i + 1)
                .is_none_or(|&next| next == b' ' || next == b'\t'))
        .then_some(i)
    })
}

/// A value's text: trimmed, inside its quotes, before a ` #` comment.
fn value_in(text: &str, span: Range<usize>) -> Range<usize> {
    let raw = &text[span.clone()];
    let leading = raw.len() - raw.trim_start().len();
    let start = span.start + leading;
    let raw = &text[start..span.end];
    if let Some(quote) = raw.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let inner = &raw[1..];
        let end = inner.find(quote).unwrap_or(inner.len());
        return start + 1..start + 1 + end;
    }
    let end = raw.find(" #").unwrap_or(raw.len());
    let trimmed = raw[..end].trim_end();
    start..start + trimmed.len()
}

/// The column a line's key starts at (after `- `), or where the cursor's
/// indentation puts it on a line with no key yet.
fn column_of(text: &str, line: &Range<usize>, context: &LineContext) -> usize {
    let content = &text[line.clone()];
    let indent = content.len() - content.trim_start_matches(' ').len();
    if context.dash {
        // A list item belongs to the key above its dash.
        indent
    } else {
        match &context.key {
            Some((_, span)) if !span.is_empty() => span.start - line.start,
            _ => indent,
        }
    }
}

/// The keys above a line starting at `line_start` whose key is at `column`:
/// each line above with a key further left that opens a block (nothing
/// after its colon), outermost first.
fn parents(text: &str, yaml_start: usize, line_start: usize, column: usize) -> Vec<String> {
    let mut parents = Vec::new();
    let mut column = column;
    let mut end = line_start;
    while end > yaml_start && column > 0 {
        let above_end = end - 1;
        let start = text[..above_end]
            .rfind('\n')
            .map_or(0, |i| i + 1)
            .max(yaml_start);
        end = start;
        let line = start..above_end;
        let content = text[line.clone()].trim_end_matches('\r');
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let above = read_line(text, start..start + content.len());
        let key_column = match &above.key {
            Some((_, span)) => span.start - start,
            None => content.len() - trimmed.len(),
        };
        if key_column >= column {
            continue;
        }
        let indent = content.len() - content.trim_start_matches(' ').len();
        if above.colon && above.value.is_empty() {
            if let Some((key, _)) = above.key {
                parents.push(key);
            }
            column = if above.dash { indent } else { key_column };
        } else if above.dash {
            // A sibling key in the same list item (`- name: X` above
            // `  leverage: 2`): the item's own parent comes next.
            column = indent;
        } else {
            // A scalar spilling over lines: no key context to offer.
            break;
        }
    }
    parents.reverse();
    parents
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTE: &str = "---\ntitle: Tëst 😀\nconfidence: mod\nmarking: TLP:AM # restricted\nactors:\n  - name: Isreal\n    lev\n  - na\nwatch:\n  - indicator: \"Funds move\"\n    supports:\n      - Ceasefire ho\n    undermines: [Talks coll\n---\nbody\n";

    fn context_after(needle: &str) -> LineContext {
        let offset = NOTE.find(needle).unwrap() + needle.len();
        at(NOTE, offset).unwrap()
    }

    fn value(context: &LineContext) -> &str {
        &NOTE[context.value.clone()]
    }

    #[test]
    fn top_level_values_and_keys_are_found() {
        let c = context_after("confidence: mo");
        assert_eq!(c.key.as_ref().unwrap().0, "confidence");
        assert!(c.colon && c.parents.is_empty());
        assert_eq!(value(&c), "mod");
        let c = context_after("marking: TLP:A");
        assert_eq!(value(&c), "TLP:AM", "the comment is not the value");
        let c = context_after("tit");
        assert_eq!(c.key.as_ref().unwrap().0, "title");
    }

    #[test]
    fn keys_in_list_items_know_their_section() {
        let c = context_after("    lev");
        assert_eq!(c.parents, ["actors"]);
        assert_eq!(c.key.as_ref().unwrap().0, "lev");
        assert!(!c.colon);
        let c = context_after("  - na");
        assert_eq!(c.parents, ["actors"]);
        assert!(c.dash);
        let c = context_after("name: Isr");
        assert_eq!(c.parents, ["actors"]);
        assert_eq!(value(&c), "Isreal");
    }

    #[test]
    fn quoted_values_and_nested_lists() {
        let c = context_after("indicator: \"Fun");
        assert_eq!(value(&c), "Funds move");
        assert_eq!(c.parents, ["watch"]);
        let c = context_after("- Ceasefire h");
        assert_eq!(c.parents, ["watch", "supports"]);
        assert!(c.dash && !c.colon);
        let c = context_after("undermines: [Talks c");
        assert_eq!(c.parents, ["watch"]);
        assert_eq!(c.key.as_ref().unwrap().0, "undermines");
    }

    #[test]
    fn the_body_and_texts_without_front_matter_have_no_context() {
        assert_eq!(at(NOTE, NOTE.len() - 2), None);
        assert_eq!(at("no front matter", 3), None);
        assert_eq!(at("", 0), None);
        // Unclosed front matter is still front matter.
        let typing = "---\ntitle: x\nconf";
        assert_eq!(at(typing, typing.len()).unwrap().key.unwrap().0, "conf");
        // A position inside a character is no position.
        assert_eq!(at(NOTE, NOTE.find('😀').unwrap() + 1), None);
    }
}
