//! The model as readers see it: the plain text notes contribute (titles,
//! indicators, scenario names, source titles, rationales, judgments,
//! authors) set with typographic punctuation, as pulldown-cmark's smart
//! punctuation sets their bodies — so a title typed `Tehran's "offer"`
//! reads “Tehran’s ‘offer’” beside its passage. HTML and PDF render this
//! copy; the JSON keeps every value as written. Actor and mechanism names
//! are identifiers and stay as they are.

use std::borrow::Cow;
use std::sync::Arc;

use crate::model::{Brief, NoteRef, Packet};

/// `text` with straight quotes and apostrophes curled, `--`/`---` as en and
/// em dashes and `...` as an ellipsis; borrowed when nothing changes.
pub(crate) fn typographic(text: &str) -> Cow<'_, str> {
    if !text.contains(['"', '\'', '-', '.']) {
        return Cow::Borrowed(text);
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = out.chars().next_back();
        let next = |k: usize| chars.get(i + k).copied();
        match c {
            '-' if next(1) == Some('-') && next(2) == Some('-') => {
                out.push('—');
                i += 3;
                continue;
            }
            '-' if next(1) == Some('-') => {
                out.push('–');
                i += 2;
                continue;
            }
            '.' if next(1) == Some('.') && next(2) == Some('.') => {
                out.push('…');
                i += 3;
                continue;
            }
            '"' => out.push(if opens(prev, next(1)) { '“' } else { '”' }),
            '\'' => out.push(if opens(prev, next(1)) { '‘' } else { '’' }),
            other => out.push(other),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// A quote opens at the start, after a space or an opening bracket, dash
/// or quote, or between other punctuation and a letter (`="x`); after a
/// letter or digit (an apostrophe) or before a space it closes.
fn opens(prev: Option<char>, next: Option<char>) -> bool {
    match prev {
        None => true,
        Some(p) if p.is_whitespace() || "([{–—‘“/".contains(p) => true,
        Some(p) if p.is_alphanumeric() => false,
        Some(_) => next.is_some_and(char::is_alphanumeric),
    }
}

fn set(text: &mut String) {
    if let Cow::Owned(changed) = typographic(text) {
        *text = changed;
    }
}

fn set_ref(note: &mut NoteRef) {
    set(&mut note.title);
}

/// A copy of `brief` with its note text typographic.
pub(crate) fn brief(brief: &Brief) -> Brief {
    let mut b = brief.clone();
    set(&mut b.title);
    if let Some(summary) = &mut b.summary {
        set(summary);
    }
    if let Some(next) = &mut b.bottom_line.next_due {
        set(&mut next.indicator);
    }
    for item in &mut b.watch {
        set(&mut item.indicator);
    }
    for scenario in &mut b.scenarios {
        set(&mut scenario.name);
        set_ref(&mut scenario.note);
        for indicator in &mut scenario.indicators {
            set(&mut indicator.indicator);
        }
    }
    for source in &mut b.sources {
        set(&mut source.title);
        source.notes.iter_mut().for_each(set_ref);
    }
    for section in &mut b.sections {
        for passage in &mut section.passages {
            set_ref(&mut passage.note);
        }
    }
    for entry in &mut b.notes {
        set_ref(&mut entry.note);
        if let Some(author) = &mut entry.author {
            set(author);
        }
        for actor in &mut entry.actors {
            if let Some(rationale) = &mut actor.rationale {
                set(rationale);
            }
        }
        for other in &mut entry.other_sections {
            set(&mut other.heading);
        }
    }
    if let Some(judgments) = &mut b.judgments {
        set_ref(&mut judgments.note);
        for item in &mut judgments.items {
            set(&mut item.text);
        }
    }
    if let Some(changes) = &mut b.changes {
        for item in &mut changes.watch {
            set(&mut item.indicator);
        }
        changes.notes_added.iter_mut().for_each(set_ref);
    }
    b
}

/// A copy of `packet` whose briefs are [`brief`]'s.
pub(crate) fn packet(packet: &Packet) -> Packet {
    let mut p = packet.clone();
    set(&mut p.title);
    p.briefs = packet.briefs.iter().map(|b| Arc::new(brief(b))).collect();
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_punctuation_is_curled_as_in_note_bodies() {
        assert_eq!(
            typographic(r#"Tehran's "offer" -- a 'test' --- or not..."#),
            "Tehran’s “offer” – a ‘test’ — or not…"
        );
        assert_eq!(typographic("(\"quoted\")"), "(“quoted”)");
        assert_eq!(typographic("src=\"x\" end.\""), "src=“x” end.”");
        assert_eq!(
            typographic("U.S. role in the 1990s"),
            "U.S. role in the 1990s"
        );
        assert!(matches!(typographic("No change"), Cow::Borrowed(_)));
    }

    #[test]
    fn only_the_shown_copy_changes() {
        let mut original = crate::render::html::fixture::brief();
        original.notes[0].note.title = "Iran's \"reply\"".to_owned();
        let shown = brief(&original);
        assert_eq!(shown.notes[0].note.title, "Iran’s “reply”");
        assert_eq!(
            original.notes[0].note.title, "Iran's \"reply\"",
            "the model is untouched"
        );
    }
}
