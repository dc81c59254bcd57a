//! A note's markdown into layout blocks.
//!
//! The same safety rules as the HTML renderer: raw HTML is shown as text;
//! only `http`, `https` and `mailto` links are kept (other links keep their
//! text); an image the model holds as a figure becomes a figure block
//! (the text around it split into paragraphs before and after), other
//! images a link to the image. Footnotes are endnotes of
//! their note: a reference links to the note's endnotes in the appendix
//! ([`Footnotes::Linked`], [`endnotes`]).

use pulldown_cmark::{Alignment, CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};

use super::fonts::Family;
use super::hash::Fnv;
use super::layout::{
    Align, Block, Column, Figure, Group, Para, Rgb, Role, Span, Style, Table, TableTags, Target,
};
use crate::markdown::markdown_options;
use crate::model;
use crate::render::markdown::is_safe_url;

pub(super) const BODY_SIZE: f32 = 10.0;
pub(super) const BODY_LEADING: f32 = 14.2;
const MAX_INDENT: f32 = 140.0;
/// How far a footnote's text is set in: its number hangs right-aligned in
/// the 20 pt before the text, 5 pt clear of it, so the number stays inside
/// the text block rather than in the margin.
const NOTE_INDENT: f32 = 25.0;
/// The marks of a task list's items, for an open and a done task.
const TASK_OPEN: &str = "☐";
const TASK_DONE: &str = "☑";

/// The longest URL made a link in a PDF. Every line a link's text takes
/// carries the whole URL in its annotation, so a 3 MB URL set on 35,000
/// lines would be written 35,000 times (100 GB); a longer one keeps its
/// text, unlinked. Real URLs stay far below (browsers and servers commonly
/// refuse ones past 8 KiB).
const MAX_LINK_BYTES: usize = 4 * 1024;

/// A link target kept in a PDF: absolute `http`, `https` or `mailto` only,
/// at most [`MAX_LINK_BYTES`] long.
pub(super) fn pdf_link(url: &str) -> Option<Target> {
    if url.trim().len() > MAX_LINK_BYTES {
        return None;
    }
    let lower = url.trim().to_ascii_lowercase();
    let absolute = lower.starts_with("http://")
        || lower.starts_with("https://")
        || lower.starts_with("mailto:");
    (absolute && is_safe_url(url)).then(|| Target::Uri(url.trim().to_owned()))
}

#[derive(Debug)]
enum Container {
    Quote,
    List { next: Option<u64> },
    Item,
}

/// Where the footnotes of a piece of a note's markdown go.
#[derive(Debug, Clone, Copy)]
pub(super) enum Footnotes<'a> {
    /// After the text, which holds their definitions.
    Here,
    /// In the note's endnotes ([`endnotes`]): a reference links to the
    /// anchor `{prefix}{label}`, and definitions in the text are left out.
    Linked(&'a str),
}

/// A figure being read: its alt text gathers until its end.
struct PendingImage {
    figure: model::Figure,
    title: String,
    alt: String,
    /// Images nested in its description.
    depth: usize,
}

struct Builder<'f> {
    /// The note's figures, by the destination the markdown writes.
    figures: &'f [model::Figure],
    image: Option<PendingImage>,
    blocks: Vec<Block>,
    notes: Vec<Block>,
    /// How many footnote definitions are open: one may hold another.
    in_note: usize,
    /// The anchor for the next paragraph (an endnote's first).
    anchor: Option<String>,
    /// `{prefix}` of endnote anchors: set for references ([`Footnotes::Linked`])
    /// and for the definitions of [`endnotes`].
    note_anchors: Option<String>,
    indent: f32,
    containers: Vec<Container>,
    /// Each open container's number, and each open footnote's, for the
    /// structure tree ([`Group`]); numbered from a hash of the markdown,
    /// so the lists of two notes set one after the other stay apart.
    ids: Vec<u32>,
    note_ids: Vec<u32>,
    next_id: u32,
    inline: Vec<Span>,
    styles: Vec<Style>,
    links: Vec<Option<Target>>,
    marker: Option<Vec<Span>>,
    heading: Option<HeadingLevel>,
    code: Option<String>,
    table: Option<Table>,
    row: Vec<Vec<Span>>,
    in_head: bool,
    tight: bool,
    first_in_item: bool,
}

impl Builder<'_> {
    fn id(&mut self) -> u32 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }

    fn open(&mut self, container: Container) {
        let id = self.id();
        self.containers.push(container);
        self.ids.push(id);
    }

    fn close(&mut self) {
        self.containers.pop();
        self.ids.pop();
    }

    /// The containers a paragraph set now sits in, outermost first.
    fn groups(&self) -> Vec<Group> {
        let notes = self.note_ids.iter().map(|&id| Group::Note(id));
        let containers = self
            .containers
            .iter()
            .zip(&self.ids)
            .map(|(c, &id)| match c {
                Container::Quote => Group::Quote(id),
                Container::List { .. } => Group::List(id),
                Container::Item => Group::Item(id),
            });
        notes.chain(containers).collect()
    }

    fn style(&self) -> Style {
        self.styles
            .last()
            .cloned()
            .unwrap_or_else(|| Style::new(Family::Serif, BODY_SIZE))
    }

    fn out(&mut self) -> &mut Vec<Block> {
        if self.in_note > 0 {
            &mut self.notes
        } else {
            &mut self.blocks
        }
    }

    fn depth_indent(&self) -> (f32, Option<f32>) {
        let mut indent = self.indent;
        if self.in_note > 0 {
            indent += NOTE_INDENT;
        }
        let mut bar = None;
        for c in &self.containers {
            match c {
                Container::Quote => {
                    bar = Some(indent + 2.0);
                    indent += 14.0;
                }
                Container::List { .. } => indent += 18.0,
                Container::Item => {}
            }
        }
        (
            indent.min(MAX_INDENT),
            bar.map(|b| b.min(MAX_INDENT - 10.0)),
        )
    }

    fn text(&mut self, text: &str) {
        if let Some(image) = &mut self.image {
            image.alt.push_str(text);
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(text);
            return;
        }
        let style = self.style();
        let link = self.links.iter().rev().find_map(Clone::clone);
        let span = Span::new(text, style).link(link);
        match self.inline.last_mut() {
            Some(last) if last.style == span.style && last.link == span.link => {
                last.text.push_str(&span.text);
            }
            _ => self.inline.push(span),
        }
    }

    fn flush(&mut self) {
        if self.inline.is_empty() {
            return;
        }
        let spans = std::mem::take(&mut self.inline);
        if self.table.is_some() {
            self.row.push(spans);
            return;
        }
        let (indent, bar) = self.depth_indent();
        let mut para = Para::new(spans, BODY_LEADING);
        para.indent = indent;
        para.bar = bar;
        para.align = Align::Justify;
        para.space_before = if self.first_in_item && self.tight {
            2.0
        } else {
            6.0
        };
        if let Some(level) = self.heading {
            para.keep_with_next = true;
            para.align = Align::Start;
            para.space_before = 10.0;
            para.leading = match level {
                HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => 16.0,
                _ => 14.0,
            };
        }
        para.marker = self.marker.take();
        para.anchor = self.anchor.take();
        para.groups = self.groups();
        if let Some(level) = self.heading {
            para.role = Role::Heading(level as u8);
        }
        self.first_in_item = false;
        self.out().push(Block::Para(para));
    }
}

/// A note's footnote `definitions` (their markdown, `[^label]: …`) as its
/// endnotes, each anchored at `{prefix}{label}` for the references that
/// [`Footnotes::Linked`] sets.
pub(super) fn endnotes(definitions: &[String], prefix: &str, indent: f32) -> Vec<Block> {
    build(
        &definitions.join("\n\n"),
        indent,
        Footnotes::Here,
        Some(prefix),
        &[],
    )
}

/// Markdown into blocks, set `indent` points in from the text block, with
/// its footnotes where `footnotes` says and the note's `figures` where it
/// shows them.
pub(super) fn blocks_with(
    markdown: &str,
    indent: f32,
    footnotes: Footnotes<'_>,
    figures: &[model::Figure],
) -> Vec<Block> {
    let prefix = match footnotes {
        Footnotes::Here => None,
        Footnotes::Linked(prefix) => Some(prefix),
    };
    build(markdown, indent, footnotes, prefix, figures)
}

fn build(
    markdown: &str,
    indent: f32,
    footnotes: Footnotes<'_>,
    note_anchors: Option<&str>,
    figures: &[model::Figure],
) -> Vec<Block> {
    let mut b = Builder {
        figures,
        image: None,
        blocks: Vec::new(),
        notes: Vec::new(),
        in_note: 0,
        anchor: None,
        note_anchors: note_anchors.map(str::to_owned),
        indent,
        containers: Vec::new(),
        ids: Vec::new(),
        note_ids: Vec::new(),
        next_id: {
            let mut hash = Fnv::new();
            hash.write(markdown.as_bytes());
            (hash.finish() >> 32) as u32
        },
        inline: Vec::new(),
        styles: vec![Style::new(Family::Serif, BODY_SIZE)],
        links: Vec::new(),
        marker: None,
        heading: None,
        code: None,
        table: None,
        row: Vec::new(),
        in_head: false,
        tight: false,
        first_in_item: false,
    };
    let linked = matches!(footnotes, Footnotes::Linked(_));
    // Definitions nest (one may hold another), so count how deep we are.
    let mut left_out_depth = 0usize;
    for event in Parser::new_ext(markdown, markdown_options()) {
        // Linked: the definitions are set with the note's endnotes instead.
        match &event {
            Event::Start(Tag::FootnoteDefinition(_)) if linked => left_out_depth += 1,
            Event::End(TagEnd::FootnoteDefinition) if linked => {
                left_out_depth = left_out_depth.saturating_sub(1);
                continue;
            }
            _ => {}
        }
        if left_out_depth > 0 {
            continue;
        }
        match event {
            Event::Start(tag) => start(&mut b, tag),
            Event::End(tag) => end(&mut b, tag),
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => b.text(&text),
            Event::Code(text) => {
                let mut style = b.style();
                style.family = Family::Mono;
                style.size = (style.size * 0.88).max(6.0);
                b.styles.push(style);
                b.text(&text);
                b.styles.pop();
            }
            Event::InlineMath(text) | Event::DisplayMath(text) => b.text(&text),
            Event::SoftBreak => b.text(" "),
            Event::HardBreak => b.text("\n"),
            Event::Rule => {
                b.flush();
                let (indent, _) = b.depth_indent();
                b.out().push(Block::Rule {
                    indent,
                    space_before: 6.0,
                });
            }
            Event::FootnoteReference(label) => {
                let mut style = b.style();
                style.rise = style.size * 0.35;
                b.styles.push(style);
                let target = b
                    .note_anchors
                    .as_ref()
                    .filter(|_| linked)
                    .map(|prefix| Target::Anchor(format!("{prefix}{label}")));
                b.links.push(target);
                b.text(&label);
                b.links.pop();
                b.styles.pop();
            }
            Event::TaskListMarker(done) => {
                let mark = if done { TASK_DONE } else { TASK_OPEN };
                // The box takes the bullet's place; anywhere else (not
                // first in its item) it is set in the text.
                if b.inline.is_empty() && b.marker.is_some() {
                    b.marker = Some(vec![Span::new(mark, b.style())]);
                } else {
                    b.text(&format!("{mark} "));
                }
            }
        }
    }
    b.flush();
    let mut blocks = b.blocks;
    if !b.notes.is_empty() {
        blocks.push(Block::Rule {
            indent,
            space_before: 6.0,
        });
        blocks.extend(b.notes);
    }
    blocks
}

fn start(b: &mut Builder, tag: Tag<'_>) {
    match tag {
        Tag::Paragraph => b.flush(),
        Tag::Heading { level, .. } => {
            b.flush();
            b.heading = Some(level);
            let size = match level {
                HeadingLevel::H1 | HeadingLevel::H2 | HeadingLevel::H3 => 11.0,
                _ => 10.0,
            };
            b.styles.push(Style::new(Family::Sans, size).bold());
        }
        Tag::BlockQuote(_) => {
            b.flush();
            b.open(Container::Quote);
        }
        Tag::CodeBlock(kind) => {
            b.flush();
            let _ = matches!(kind, CodeBlockKind::Fenced(_));
            b.code = Some(String::new());
        }
        Tag::List(first) => {
            b.flush();
            b.open(Container::List { next: first });
        }
        Tag::Item => {
            b.flush();
            let marker = b.containers.iter_mut().rev().find_map(|c| match c {
                Container::List { next } => Some(match next {
                    Some(n) => {
                        let text = format!("{n}.");
                        *n = n.saturating_add(1);
                        text
                    }
                    None => "•".to_owned(),
                }),
                _ => None,
            });
            b.open(Container::Item);
            b.marker = marker.map(|m| vec![Span::new(m, b.style())]);
            b.tight = true;
            b.first_in_item = true;
        }
        Tag::FootnoteDefinition(label) => {
            b.flush();
            b.in_note += 1;
            let id = b.id();
            b.note_ids.push(id);
            b.anchor = b.note_anchors.as_ref().map(|p| format!("{p}{label}"));
            let mut style = b.style();
            style.size = 8.5;
            b.styles.push(style.clone());
            b.marker = Some(vec![Span::new(format!("{label}."), style)]);
        }
        Tag::Table(aligns) => {
            b.flush();
            let (indent, _) = b.depth_indent();
            b.table = Some(Table {
                columns: aligns
                    .iter()
                    .map(|a| Column {
                        align: match a {
                            Alignment::Right => Align::End,
                            Alignment::Center => Align::Center,
                            Alignment::Left | Alignment::None => Align::Start,
                        },
                    })
                    .collect(),
                header: Vec::new(),
                rows: Vec::new(),
                size: 8.5,
                indent,
                space_before: 8.0,
                sparks: None,
                tags: TableTags::default(),
            });
            let mut style = Style::new(Family::Sans, 8.5);
            style.color = Rgb::TEXT;
            b.styles.push(style);
        }
        Tag::TableHead => {
            b.in_head = true;
            b.row.clear();
            let style = b.style().bold();
            b.styles.push(style);
        }
        Tag::TableRow => b.row.clear(),
        Tag::TableCell => b.inline.clear(),
        Tag::Emphasis => {
            let style = b.style().italic();
            b.styles.push(style);
        }
        Tag::Strong => {
            let style = b.style().bold();
            b.styles.push(style);
        }
        Tag::Strikethrough => {
            let mut style = b.style();
            style.strike = true;
            b.styles.push(style);
        }
        Tag::Superscript | Tag::Subscript => {
            let style = b.style();
            b.styles.push(style);
        }
        Tag::Link { dest_url, .. } => b.links.push(pdf_link(&dest_url)),
        Tag::Image { .. } if b.image.is_some() => {
            if let Some(image) = &mut b.image {
                image.depth += 1;
            }
        }
        Tag::Image {
            dest_url, title, ..
        } if b.table.is_none() && crate::figures::find(b.figures, &dest_url).is_some() => {
            // The text before it is a paragraph of its own.
            b.flush();
            if let Some(figure) = crate::figures::find(b.figures, &dest_url) {
                b.image = Some(PendingImage {
                    figure: figure.clone(),
                    title: title.to_string(),
                    alt: String::new(),
                    depth: 0,
                });
            }
        }
        Tag::Image { dest_url, .. } => {
            b.links.push(pdf_link(&dest_url));
            b.text("[image: ");
        }
        Tag::HtmlBlock | Tag::MetadataBlock(_) | Tag::DefinitionList => {}
        Tag::DefinitionListTitle | Tag::DefinitionListDefinition => b.flush(),
    }
}

fn end(b: &mut Builder, tag: TagEnd) {
    match tag {
        TagEnd::Paragraph => {
            b.tight = false;
            b.flush();
        }
        TagEnd::Heading(_) => {
            b.flush();
            b.heading = None;
            b.styles.pop();
        }
        TagEnd::BlockQuote(_) => {
            b.flush();
            b.close();
        }
        TagEnd::CodeBlock => {
            if let Some(text) = b.code.take() {
                let (indent, _) = b.depth_indent();
                b.out().push(Block::Code {
                    text,
                    indent,
                    space_before: 6.0,
                    tag: super::layout::Tag::Artifact,
                });
            }
        }
        TagEnd::List(_) => {
            b.flush();
            b.close();
        }
        TagEnd::Item => {
            b.flush();
            b.marker = None;
            b.close();
        }
        TagEnd::FootnoteDefinition => {
            b.flush();
            b.in_note = b.in_note.saturating_sub(1);
            b.note_ids.pop();
            b.marker = None;
            b.styles.pop();
        }
        TagEnd::Table => {
            if let Some(table) = b.table.take() {
                b.out().push(Block::Table(table));
            }
            b.styles.pop();
        }
        TagEnd::TableHead => {
            b.in_head = false;
            if let Some(table) = &mut b.table {
                table.header = std::mem::take(&mut b.row);
            }
            b.styles.pop();
        }
        TagEnd::TableRow => {
            if let Some(table) = &mut b.table {
                let row = std::mem::take(&mut b.row);
                table.rows.push(row);
            }
        }
        TagEnd::TableCell => {
            let spans = std::mem::take(&mut b.inline);
            b.row.push(spans);
        }
        TagEnd::Emphasis
        | TagEnd::Strong
        | TagEnd::Strikethrough
        | TagEnd::Superscript
        | TagEnd::Subscript => {
            b.styles.pop();
        }
        TagEnd::Link => {
            b.links.pop();
        }
        TagEnd::Image if b.image.as_ref().is_some_and(|i| i.depth > 0) => {
            if let Some(image) = &mut b.image {
                image.depth -= 1;
            }
        }
        TagEnd::Image if b.image.is_some() => {
            if let Some(image) = b.image.take() {
                let (indent, _) = b.depth_indent();
                let caption = Some(image.title.trim().to_owned()).filter(|t| !t.is_empty());
                b.out().push(Block::Figure(Figure {
                    image: image.figure.image,
                    alt: image.alt.trim().to_owned(),
                    caption,
                    indent,
                    space_before: 8.0,
                    tag: super::layout::Tag::default(),
                    caption_tag: super::layout::Tag::default(),
                }));
            }
        }
        TagEnd::Image => {
            b.text("]");
            b.links.pop();
        }
        TagEnd::HtmlBlock
        | TagEnd::MetadataBlock(_)
        | TagEnd::DefinitionList
        | TagEnd::DefinitionListTitle
        | TagEnd::DefinitionListDefinition => b.flush(),
    }
    if b.styles.is_empty() {
        b.styles.push(Style::new(Family::Serif, BODY_SIZE));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(markdown: &str, indent: f32) -> Vec<Block> {
        blocks_with(markdown, indent, Footnotes::Here, &[])
    }

    fn all_text(blocks: &[Block]) -> String {
        let mut out = String::new();
        for block in blocks {
            match block {
                Block::Para(p) => {
                    for s in p.marker.iter().flatten().chain(&p.spans) {
                        out.push_str(&s.text);
                    }
                    out.push('\n');
                }
                Block::Code { text, .. } => out.push_str(text),
                Block::Table(t) => {
                    for row in std::iter::once(&t.header).chain(&t.rows) {
                        for cell in row {
                            for s in cell {
                                out.push_str(&s.text);
                            }
                            out.push('|');
                        }
                        out.push('\n');
                    }
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn straight_punctuation_is_set_as_typographic() {
        let blocks = blocks("It's \"quoted\" -- and --- so...", 0.0);
        let Block::Para(p) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        let text: String = p.spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "It’s “quoted” – and — so…");
    }

    #[test]
    fn task_list_items_are_ticked_or_open_boxes_in_place_of_bullets() {
        let md = "- [x] Funds licensed\n- [ ] Detainees released\n- plain item\n\n1. [ ] numbered task\n";
        let markers: Vec<String> = blocks(md, 0.0)
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.marker.iter().flatten().map(|s| s.text.clone()).collect()),
                _ => None,
            })
            .collect();
        assert_eq!(markers, ["☑", "☐", "•", "☐"]);
        let text = all_text(&blocks(md, 0.0));
        assert!(!text.contains("[x]") && !text.contains("[ ]"), "{text}");
        assert!(text.contains("☑Funds licensed"), "{text}");
    }

    #[test]
    fn the_task_boxes_have_a_glyph_in_a_shipped_face() {
        let fonts = crate::render::pdf::fonts::Fonts::load().expect("fonts");
        let primary = crate::render::pdf::fonts::primary_face(Family::Serif, false, false);
        for mark in [TASK_OPEN, TASK_DONE] {
            let c = mark.chars().next().expect("a character");
            let face = fonts.face_for(primary, c);
            assert!(
                fonts.has_glyph(face, c),
                "{mark} falls back to {face:?} without a glyph"
            );
        }
    }

    #[test]
    fn endnote_numbers_stay_inside_the_text_block() {
        use crate::render::pdf::fonts::Fonts;
        use crate::render::pdf::layout::{Geometry, Item, Layouter, paginate};
        use crate::render::pdf::shape::Shaper;
        let definitions = [
            "[^1]: A short note.".to_owned(),
            "[^12]: Another, whose number is two digits wide.".to_owned(),
            "[^src]: A named one.\n\n    With a second paragraph.".to_owned(),
        ];
        let fonts = Fonts::load().expect("fonts");
        let mut shaper = Shaper::new(&fonts);
        let geometry = Geometry::a4();
        let mut layouter = Layouter::new(&mut shaper, geometry);
        for block in endnotes(&definitions, "n-", 0.0) {
            layouter.push(&block);
        }
        let out = paginate(layouter.finish(), geometry);
        let mut numbers = 0;
        for item in out.pages.iter().flat_map(|p| &p.items) {
            if let Item::Text { run, x, .. } = item {
                assert!(*x >= geometry.left - 0.01, "{:?} at {x}", run.text);
                numbers += usize::from(run.text.ends_with('.') && run.text.len() <= 4);
            }
        }
        assert!(numbers >= 3, "{numbers} numbers");
    }

    #[test]
    fn raw_html_is_text_and_unsafe_links_are_dropped() {
        let blocks = blocks("<b>x</b> [a](javascript:alert(1)) [b](https://e.org)", 0.0);
        let Block::Para(p) = &blocks[0] else {
            panic!("{blocks:?}")
        };
        assert!(all_text(&blocks).contains("<b>x</b>"));
        let links: Vec<_> = p.spans.iter().filter_map(|s| s.link.clone()).collect();
        assert_eq!(links, [Target::Uri("https://e.org".to_owned())]);
    }

    #[test]
    fn a_url_past_4_kib_keeps_its_text_but_is_no_link() {
        let path = "a".repeat(MAX_LINK_BYTES);
        for (url, linked) in [
            (format!("https://e.org/{}", &path[..100]), true),
            (format!("https://e.org/{path}"), false),
        ] {
            let blocks = blocks(&format!("See <{url}>."), 0.0);
            let Block::Para(p) = &blocks[0] else {
                panic!("{blocks:?}")
            };
            assert!(all_text(&blocks).contains(&url));
            let links = p.spans.iter().filter(|s| s.link.is_some()).count();
            assert_eq!(links > 0, linked, "{}", url.len());
        }
    }

    #[test]
    fn footnotes_become_endnotes_and_lists_get_markers() {
        let md = "Claim.[^1]\n\n- one\n- two\n\n3. three\n\n[^1]: The source.\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n";
        let blocks = blocks(md, 0.0);
        let text = all_text(&blocks);
        assert!(text.contains("•one"), "{text}");
        assert!(text.contains("3.three"), "{text}");
        assert!(text.contains("a|b|\n1|2|"), "{text}");
        assert!(text.trim_end().ends_with("1.The source."), "{text}");
    }

    #[test]
    fn linked_footnotes_point_at_the_notes_endnotes() {
        let md = "Claim.[^src]\n\n[^src]: The source.\n";
        let blocks = blocks_with(md, 0.0, Footnotes::Linked("b:note-x-fn-"), &[]);
        let text = all_text(&blocks);
        assert!(
            !text.contains("The source"),
            "the definition stays out: {text}"
        );
        let Some(Block::Para(p)) = blocks.first() else {
            panic!("{blocks:?}")
        };
        let mark = p.spans.iter().find(|s| s.text == "src").expect("the mark");
        assert_eq!(
            mark.link,
            Some(Target::Anchor("b:note-x-fn-src".to_owned()))
        );

        let notes = endnotes(&["[^src]: The source.".to_owned()], "b:note-x-fn-", 0.0);
        let anchored: Vec<_> = notes
            .iter()
            .filter_map(|b| match b {
                Block::Para(p) => p.anchor.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(anchored, ["b:note-x-fn-src"]);
        assert!(all_text(&notes).contains("src.The source."));
    }

    #[test]
    fn a_nested_definition_keeps_the_rest_of_its_outer_one_in_the_endnotes() {
        let definition = "[^a]: Outer.\n\n    > [^b]: Nested.\n\n    Rest of outer.".to_owned();
        let notes = endnotes(&[definition], "n-", 0.0);
        assert_eq!(all_text(&notes), "a.Outer.\nb.Nested.\nRest of outer.\n");
    }

    #[test]
    fn a_definition_nested_in_another_stays_out_with_it() {
        let md = "Claim[^a]\n\n[^a]: First.\n\n    > [^b]: Nested.\n\n    Leaked paragraph.\n";
        let text = all_text(&blocks_with(md, 0.0, Footnotes::Linked("n-"), &[]));
        assert_eq!(text.trim(), "Claima", "only the claim and its mark: {text}");
    }
}
