//! Fuzz-style properties of parsing (SPEC §8: no input makes `brief` panic):
//! `note::check`, `workspace::decode_text`, `yaml::parse` and `config::parse`
//! on arbitrary text and bytes, on YAML-shaped noise, and on mutations of a
//! valid note. Besides not panicking, every result must be printable in all
//! three formats, and a note comes back exactly when it has no errors.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proptest::prelude::*;

use brief::config::{self, Config};
use brief::diag::{self, Diagnostic, Format};
use brief::note::{self, NoteFile};
use brief::workspace::{self, NoteText};
use brief::yaml;

/// A note with every field set, valid against `config()`.
const VALID: &str = "\u{feff}---\r
title: Doha round three ends with a verification working group
date: 2026-11-20
brief: us-iran-talks
author: J. Okafor
confidence: high
marking: amber
tags: [doha, verification]
sources:
  - title: Qatari statement
    url: https://example.org/statement
    reliability: A
    credibility: 2
actors:
  - name: Iran
    leverage: 3
    stakes: 5
    mechanism: step-for-step bargaining
    rationale: Has a forum on verification.
  - name: U.S.
    leverage: -1
    stakes: 4
watch:
  - indicator: Funds transferred
    due: 2026-12-10
    status: open
scenarios:
  - name: Ceasefire holds
    likelihood: \"65%\"
  - name: Talks collapse
    likelihood: unlikely
---
A lede paragraph with *emphasis*, a [link](https://example.org) and `code`.

## Summary

> A quote
> > nested

- a list
  - nested

## Who gains?

| actor | leverage |
| --- | --- |
| Iran | 3 |

## Background[^1]

[^1]: A footnote.
";

fn config() -> Config {
    let text: Arc<str> = Arc::from(
        "title: Test\nmarking: green\nactors:\n  United States: { aliases: [U.S.] }\n  Iran:\n",
    );
    config::parse(Path::new("brief.yaml"), &text)
        .config
        .expect("the test config is valid")
}

fn file() -> NoteFile {
    NoteFile {
        path: PathBuf::from("briefs/x/fuzz.md"),
        folder: Some("x".to_owned()),
    }
}

/// Checks `text` and asserts what must hold whatever the input.
fn check_and_print(text: &str, config: &Config) {
    let checked = note::check(&file(), Arc::from(text), config);
    let has_errors = checked.diagnostics.iter().any(Diagnostic::is_error);
    assert_eq!(
        checked.note.is_some(),
        !has_errors,
        "a note must come back exactly when it has no errors: {:?}",
        checked.diagnostics
    );
    assert_printable(&checked.diagnostics);
    let keys: Vec<_> = checked
        .diagnostics
        .iter()
        .map(Diagnostic::sort_key)
        .collect();
    assert!(keys.is_sorted(), "diagnostics must be sorted by position");
}

/// Every format prints every diagnostic: one JSON object per line, and a
/// human form starting with the path.
fn assert_printable(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        assert_eq!(diagnostic.path, Path::new("briefs/x/fuzz.md"));
        if let Some(source) = &diagnostic.source {
            assert!(source.span.start <= source.span.end && source.span.end <= source.text.len());
        }
        let human = diag::render_human(diagnostic, false);
        assert!(human.starts_with("briefs/x/fuzz.md"), "{human}");
        let json: serde_json::Value = serde_json::from_str(&diag::render_json(diagnostic))
            .expect("the JSON form is valid JSON");
        assert_eq!(json["path"], "briefs/x/fuzz.md");
        let github = diag::render_github(diagnostic);
        assert!(!github.contains('\n'), "one workflow command per line");
    }
    let _ = diag::render(diagnostics, Format::Human, true);
}

/// YAML- and markdown-shaped noise: the tokens that steer the parsers.
fn noise() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("---\n".to_owned()),
        Just("---\r\n".to_owned()),
        Just("\n".to_owned()),
        Just("title: ".to_owned()),
        Just("date: 2026-11-20".to_owned()),
        Just("actors:\n  - name: Iran\n    leverage: ".to_owned()),
        Just("  - ".to_owned()),
        Just("- ".to_owned()),
        Just(": ".to_owned()),
        Just("[".to_owned()),
        Just("]".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just(", ".to_owned()),
        Just("&a ".to_owned()),
        Just("*a".to_owned()),
        Just("<<: ".to_owned()),
        Just("!!str ".to_owned()),
        Just("? ".to_owned()),
        Just("|\n".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("# ".to_owned()),
        Just("...\n".to_owned()),
        Just("\t".to_owned()),
        Just("\u{feff}".to_owned()),
        Just("## Summary\n".to_owned()),
        Just("> ".to_owned()),
        Just("TODO".to_owned()),
        Just("é“”".to_owned()),
        "[a-z0-9.%-]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(token, 0..48).prop_map(|tokens| tokens.concat())
}

/// One edit to a note's text.
#[derive(Debug, Clone)]
enum Mutation {
    /// Insert a character before the character at this index (mod length).
    Insert(usize, char),
    /// Delete this many characters from an index.
    Delete(usize, usize),
    /// Repeat a line (index mod line count).
    DuplicateLine(usize),
    /// Remove a line.
    DropLine(usize),
    /// Keep only the first part (index mod length).
    Truncate(usize),
    /// Swap a byte for an ASCII one, keeping the text UTF-8.
    Replace(usize, u8),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<char>()).prop_map(|(i, c)| Mutation::Insert(i, c)),
        (any::<usize>(), 1..20usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0x20u8..0x7f).prop_map(|(i, b)| Mutation::Replace(i, b)),
    ]
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let chars: Vec<char> = text.chars().collect();
    let at = |i: usize| if chars.is_empty() { 0 } else { i % chars.len() };
    match *mutation {
        Mutation::Insert(i, c) => {
            let mut chars = chars.clone();
            chars.insert(at(i), c);
            chars.into_iter().collect()
        }
        Mutation::Delete(i, n) => {
            let start = at(i);
            let end = (start + n).min(chars.len());
            chars[..start].iter().chain(&chars[end..]).collect()
        }
        Mutation::DuplicateLine(i) | Mutation::DropLine(i) => {
            let mut lines: Vec<&str> = text.split_inclusive('\n').collect();
            if lines.is_empty() {
                return text.to_owned();
            }
            let index = i % lines.len();
            if matches!(mutation, Mutation::DuplicateLine(_)) {
                lines.insert(index, lines[index]);
            } else {
                lines.remove(index);
            }
            lines.concat()
        }
        Mutation::Truncate(i) => chars[..at(i)].iter().collect(),
        Mutation::Replace(i, byte) => {
            let mut chars = chars.clone();
            if !chars.is_empty() {
                let index = at(i);
                chars[index] = char::from(byte);
            }
            chars.into_iter().collect()
        }
    }
}

#[test]
fn the_valid_note_is_valid() {
    // Guards the mutation property: it must start from a valid note.
    let checked = note::check(&file(), Arc::from(VALID), &config());
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    assert!(checked.note.is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn check_never_panics_on_arbitrary_text(text in any::<String>()) {
        check_and_print(&text, &config());
    }

    #[test]
    fn check_never_panics_on_arbitrary_front_matter(yaml in noise(), body in noise()) {
        check_and_print(&format!("---\n{yaml}\n---\n{body}"), &config());
    }

    #[test]
    fn check_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        match workspace::decode_text(PathBuf::from("briefs/x/fuzz.md"), bytes.clone()) {
            NoteText::Text(text) => {
                prop_assert_eq!(text.as_bytes(), &bytes[..]);
                check_and_print(&text, &config());
            }
            NoteText::Unreadable(diagnostic) => {
                // Binary, not UTF-8, or lines broken by CR alone.
                let cr_only = bytes.contains(&b'\r') && !bytes.contains(&b'\n');
                prop_assert!(bytes.contains(&0) || std::str::from_utf8(&bytes).is_err() || cr_only);
                assert_printable(&[diagnostic]);
            }
        }
    }

    #[test]
    fn check_never_panics_on_mutations_of_a_valid_note(
        mutations in prop::collection::vec(mutation(), 1..8)
    ) {
        let mut text = VALID.to_owned();
        for mutation in &mutations {
            text = apply(&text, mutation);
        }
        check_and_print(&text, &config());
    }

    #[test]
    fn yaml_parse_never_panics(text in any::<String>(), shaped in noise()) {
        for input in [&text, &shaped] {
            match yaml::parse(input) {
                Ok(node) => prop_assert!(node.span.end <= input.len()),
                Err(error) => {
                    prop_assert!(error.offset.is_none_or(|o| o <= input.len()));
                    prop_assert!(!error.message.is_empty());
                }
            }
        }
    }

    #[test]
    fn config_parse_never_panics(text in noise()) {
        let loaded = config::parse(Path::new("brief.yaml"), &Arc::from(text.as_str()));
        let has_errors = loaded.diagnostics.iter().any(Diagnostic::is_error);
        prop_assert_eq!(loaded.config.is_some(), !has_errors);
    }
}
