//! The house style every part of a brief is built with: fonts and sizes,
//! headings, captions, tables, the gain and loss colours, and anchors.

use super::super::fonts::Family;
use super::super::layout::{
    Align, Block, Column, OutlineMark, Para, Rgb, Role, Span, Style, Table, TableTags, Target,
};
use crate::model::NoteRef;

pub(super) fn sans(size: f32) -> Style {
    Style::new(Family::Sans, size)
}

pub(super) fn muted(size: f32) -> Style {
    sans(size).color(Rgb::MUTED)
}

pub(super) fn para(spans: Vec<Span>, leading: f32, space_before: f32) -> Para {
    let mut p = Para::new(spans, leading);
    p.space_before = space_before;
    p
}

/// A section heading with its anchor and outline entry.
pub(super) fn heading(text: &str, anchor: String, level: u8) -> Block {
    let (size, leading, space, rule) = match level {
        1 => (20.0, 25.0, 0.0, false),
        2 => (13.5, 18.0, 18.0, true),
        _ => (11.0, 14.5, 14.0, false),
    };
    let mut p = para(vec![Span::new(text, sans(size).bold())], leading, space);
    p.keep_with_next = true;
    p.rule_below = rule;
    p.outline = Some(OutlineMark {
        level,
        title: text.to_owned(),
        anchor: anchor.clone(),
    });
    p.anchor = Some(anchor);
    Block::Para(p)
}

pub(super) fn caption(text: &str) -> Block {
    let mut p = para(vec![Span::new(text, muted(8.0))], 11.0, 8.0);
    p.keep_with_next = true;
    p.role = Role::Caption;
    Block::Para(p)
}

pub(super) fn empty(text: &str) -> Block {
    Block::Para(para(
        vec![Span::new(
            text,
            Style::new(Family::Serif, 10.0).italic().color(Rgb::MUTED),
        )],
        14.0,
        6.0,
    ))
}

pub(super) fn cell(text: impl Into<String>) -> Vec<Span> {
    vec![Span::new(text, sans(8.5))]
}

pub(super) fn table(headers: &[(&str, Align)], rows: Vec<Vec<Vec<Span>>>) -> Block {
    Block::Table(Table {
        columns: headers
            .iter()
            .map(|(_, align)| Column { align: *align })
            .collect(),
        header: headers
            .iter()
            .map(|(h, _)| vec![Span::new(*h, sans(8.5).bold())])
            .collect(),
        rows,
        size: 8.5,
        indent: 0.0,
        space_before: 4.0,
        sparks: None,
        tags: TableTags::default(),
    })
}

/// Names anchors of one brief, unique within a packet.
pub(super) struct Anchors<'a> {
    pub(super) prefix: &'a str,
}

impl Anchors<'_> {
    pub(super) fn of(&self, id: &str) -> String {
        format!("{}:{id}", self.prefix)
    }
    pub(super) fn note(&self, note: &NoteRef) -> Target {
        Target::Anchor(self.of(&format!("note-{}", note.anchor)))
    }
    /// Prefix of the anchors of a note's endnotes (then the label).
    pub(super) fn endnotes(&self, note: &NoteRef) -> String {
        self.of(&format!("note-{}-fn-", note.anchor))
    }
}

pub(super) fn note_link(note: &NoteRef, anchors: &Anchors<'_>, style: Style) -> Span {
    Span::new(note.title.clone(), style).link(Some(anchors.note(note)))
}

/// Bars, signs and sparklines of actors that gain and lose leverage.
pub(super) const GAIN: Rgb = Rgb(0.16, 0.47, 0.33);
pub(super) const LOSS: Rgb = Rgb(0.72, 0.22, 0.2);
