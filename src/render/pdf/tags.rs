//! The structure tree of a tagged PDF (PDF/UA-1), built from the blocks
//! before they are laid out: each block gets its structure elements here
//! and carries their numbers into layout ([`Tag`]), which marks what it
//! draws with them; `structure` writes the tree once the pages are out.
//!
//! One pass in reading order, one rule per kind of block: a heading is an
//! `H1`–`H3` by its outline level (a heading inside a note one level
//! below the heading it sits under), a paragraph with a marker a list
//! item (`LI` with `Lbl` and `LBody`), a note's containers `BlockQuote`,
//! `L`/`LI` and `Note` for its footnotes, a table `Table` with `THead`,
//! `TBody`, `TR`, `TH` and `TD`, a chart a `Figure` with its alternative
//! text, and a caption the `Caption` of the figure or table after it.
//! A new kind of block gets its element in [`Tree::assign`].
//! Pure.

use super::layout::{Block, Group, Para, Role, Table, TableTags, Tag, Target};

/// A standard structure type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    /// A header cell of the table's column.
    TH,
    TD,
    Link,
    BlockQuote,
    Note,
    Figure,
    Caption,
    Code,
}

impl Kind {
    /// Its name in the PDF (`/S`).
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::H(1) => "H1",
            Kind::H(2) => "H2",
            Kind::H(3) => "H3",
            Kind::H(4) => "H4",
            Kind::H(5) => "H5",
            Kind::H(_) => "H6",
            Kind::P => "P",
            Kind::L => "L",
            Kind::LI => "LI",
            Kind::Lbl => "Lbl",
            Kind::LBody => "LBody",
            Kind::Table => "Table",
            Kind::THead => "THead",
            Kind::TBody => "TBody",
            Kind::TR => "TR",
            Kind::TH => "TH",
            Kind::TD => "TD",
            Kind::Link => "Link",
            Kind::BlockQuote => "BlockQuote",
            Kind::Note => "Note",
            Kind::Figure => "Figure",
            Kind::Caption => "Caption",
            Kind::Code => "Code",
        }
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Node {
    pub kind: Kind,
    /// `None`: a child of the document element.
    pub parent: Option<u32>,
    /// A figure's alternative text; a link's description (its text).
    pub alt: Option<String>,
}

/// The structure elements of one document, in reading order.
#[derive(Debug, Default)]
pub(super) struct Tree {
    pub nodes: Vec<Node>,
    /// The document element's children, in reading order.
    pub top: Vec<u32>,
}

/// The longest link description written (a link's text).
const MAX_LINK_TEXT: usize = 200;

/// A group open while blocks are assigned: its element, and an item's body.
struct Open {
    group: Group,
    node: u32,
    body: Option<u32>,
}

/// What [`Tree::assign`] carries from one block to the next.
#[derive(Default)]
struct Pass {
    open: Vec<Open>,
    /// The top level of a list of paragraphs with markers made by the
    /// renderer itself (not from markdown): one `L`.
    list: Option<u32>,
    /// The last outline level: a heading in a note goes one below it.
    level: u8,
    /// A caption waiting for the figure or table it names.
    caption: Option<u32>,
}

impl Tree {
    /// A node is always a Link's child (`true`) or placed by its parent.
    fn add(&mut self, kind: Kind, parent: Option<u32>, top: &mut Vec<u32>) -> u32 {
        let id = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        self.nodes.push(Node {
            kind,
            parent,
            alt: None,
        });
        if parent.is_none() {
            top.push(id);
        }
        id
    }

    /// Gives `blocks` their structure elements, in order; returns the
    /// top-level ones (a packet's front matter and body are assigned apart
    /// and put in order by the caller, in [`Tree::top`]).
    pub(super) fn assign(&mut self, blocks: &mut [Block]) -> Vec<u32> {
        let mut top = Vec::new();
        let mut pass = Pass::default();
        for block in blocks {
            match block {
                Block::Para(para) => self.para(para, &mut pass, &mut top),
                Block::Table(table) => {
                    pass.open.clear();
                    pass.list = None;
                    let node = self.add(Kind::Table, None, &mut top);
                    self.adopt_caption(&mut pass, node, &mut top);
                    table.tags = self.table(table, node, &mut top);
                }
                Block::Figure(figure) => {
                    // No alternative text: the image is decoration.
                    if figure.alt.trim().is_empty() {
                        figure.tag = Tag::Artifact;
                        figure.caption_tag = Tag::Artifact;
                        continue;
                    }
                    let node = self.figure(&mut pass, &figure.alt, &mut top);
                    figure.tag = Tag::Node(node);
                    if figure
                        .caption
                        .as_deref()
                        .is_some_and(|c| !c.trim().is_empty())
                    {
                        let caption = self.add(Kind::Caption, Some(node), &mut top);
                        figure.caption_tag = Tag::Node(caption);
                    }
                }
                Block::Chart(chart) => {
                    let node = self.figure(&mut pass, &chart.alt, &mut top);
                    chart.tag = Tag::Node(node);
                }
                Block::LineChart(chart) => {
                    let node = self.figure(&mut pass, &chart.alt, &mut top);
                    chart.tag = Tag::Node(node);
                }
                Block::Code { tag, .. } => {
                    pass.list = None;
                    let parent = parent_of(&pass.open);
                    *tag = Tag::Node(self.add(Kind::Code, parent, &mut top));
                }
                Block::Rule { .. } | Block::PageBreak => {}
            }
        }
        top
    }

    fn figure(&mut self, pass: &mut Pass, alt: &str, top: &mut Vec<u32>) -> u32 {
        pass.open.clear();
        pass.list = None;
        let node = self.add(Kind::Figure, None, top);
        self.nodes[node as usize].alt = Some(alt.to_owned());
        self.adopt_caption(pass, node, top);
        node
    }

    /// Moves a caption set just before `node` into it.
    fn adopt_caption(&mut self, pass: &mut Pass, node: u32, top: &mut Vec<u32>) {
        if let Some(caption) = pass.caption.take() {
            self.nodes[caption as usize].parent = Some(node);
            top.retain(|&t| t != caption);
        }
    }

    fn para(&mut self, para: &mut Para, pass: &mut Pass, top: &mut Vec<u32>) {
        pass.caption = None;
        if para.spans.iter().all(|s| s.text.is_empty()) && para.marker.is_none() {
            return;
        }
        // Close the groups this paragraph is not in; open those it is.
        let common = pass
            .open
            .iter()
            .zip(&para.groups)
            .take_while(|(open, group)| open.group == **group)
            .count();
        pass.open.truncate(common);
        if !para.groups.is_empty() || para.marker.is_none() {
            pass.list = None;
        }
        let count = para.groups.len();
        for (index, group) in para.groups[common..].iter().enumerate() {
            let parent = parent_of(&pass.open);
            let kind = match group {
                Group::Quote(_) => Kind::BlockQuote,
                Group::List(_) => Kind::L,
                Group::Item(_) => Kind::LI,
                Group::Note(_) => Kind::Note,
            };
            let node = self.add(kind, parent, top);
            let mut body = None;
            if kind == Kind::LI {
                if para.marker.is_some() && common + index + 1 == count {
                    para.marker_tag = Tag::Node(self.add(Kind::Lbl, Some(node), top));
                }
                body = Some(self.add(Kind::LBody, Some(node), top));
            }
            pass.open.push(Open {
                group: *group,
                node,
                body,
            });
        }
        let mut parent = parent_of(&pass.open);
        if para.marker.is_some() && para.marker_tag == Tag::Artifact {
            match para.groups.last() {
                // A footnote's number.
                Some(Group::Note(_)) => {
                    para.marker_tag = Tag::Node(self.add(Kind::Lbl, parent, top));
                }
                Some(_) => {}
                // A list the renderer makes: one `L` for markers in a row.
                None => {
                    let list = match pass.list {
                        Some(list) => list,
                        None => *pass.list.insert(self.add(Kind::L, parent, top)),
                    };
                    let item = self.add(Kind::LI, Some(list), top);
                    para.marker_tag = Tag::Node(self.add(Kind::Lbl, Some(item), top));
                    parent = Some(self.add(Kind::LBody, Some(item), top));
                }
            }
        }
        let kind = match (&para.outline, para.role) {
            (Some(mark), _) => {
                pass.level = mark.level.clamp(1, 6);
                Kind::H(pass.level)
            }
            (None, Role::Heading(_)) => Kind::H((pass.level + 1).min(6)),
            (None, Role::Caption) => Kind::Caption,
            (None, Role::Auto) => Kind::P,
        };
        let node = self.add(kind, parent, top);
        if kind == Kind::Caption {
            pass.caption = Some(node);
        }
        para.tag = Tag::Node(node);
        self.links(para, node);
    }

    /// A `Link` element for each linked span (one for linked spans in a
    /// row with the same target), inside the paragraph's element.
    fn links(&mut self, para: &mut Para, node: u32) {
        let mut last: Option<(Target, u32)> = None;
        for span in &mut para.spans {
            let Some(target) = &span.link else {
                last = None;
                continue;
            };
            let link = match &last {
                Some((t, link)) if t == target => *link,
                _ => {
                    let mut unused = Vec::new();
                    let link = self.add(Kind::Link, Some(node), &mut unused);
                    last = Some((target.clone(), link));
                    link
                }
            };
            let alt = self.nodes[link as usize]
                .alt
                .get_or_insert_with(String::new);
            if alt.len() < MAX_LINK_TEXT {
                alt.push_str(&span.text);
                if alt.len() > MAX_LINK_TEXT {
                    let mut end = MAX_LINK_TEXT;
                    while !alt.is_char_boundary(end) {
                        end -= 1;
                    }
                    alt.truncate(end);
                    alt.push('…');
                }
            }
            span.node = Some(link);
        }
    }

    /// A table's rows and cells; the header row's cells head their columns.
    fn table(&mut self, table: &mut Table, node: u32, top: &mut Vec<u32>) -> TableTags {
        let mut tags = TableTags::default();
        if !table.header.is_empty() {
            let head = self.add(Kind::THead, Some(node), top);
            let row = self.add(Kind::TR, Some(head), top);
            tags.header = (0..table.header.len())
                .map(|_| Tag::Node(self.add(Kind::TH, Some(row), top)))
                .collect();
            for (spans, tag) in table.header.iter_mut().zip(&tags.header) {
                self.cell_links(spans, *tag);
            }
        }
        if !table.rows.is_empty() {
            let body = self.add(Kind::TBody, Some(node), top);
            for cells in &mut table.rows {
                let row = self.add(Kind::TR, Some(body), top);
                let width = cells.len().max(table.columns.len());
                let row_tags: Vec<Tag> = (0..width)
                    .map(|_| Tag::Node(self.add(Kind::TD, Some(row), top)))
                    .collect();
                for (spans, tag) in cells.iter_mut().zip(&row_tags) {
                    self.cell_links(spans, *tag);
                }
                tags.rows.push(row_tags);
            }
        }
        tags
    }

    fn cell_links(&mut self, spans: &mut Vec<super::layout::Span>, cell: Tag) {
        let Tag::Node(cell) = cell else {
            return;
        };
        let mut para = Para::new(std::mem::take(spans), 1.0);
        self.links(&mut para, cell);
        *spans = para.spans;
    }

    /// Whether `node` is placed in its parent where its content first
    /// appears (a link, inside its paragraph's text) rather than in order
    /// of making.
    pub(super) fn inline(&self, node: u32) -> bool {
        self.nodes
            .get(node as usize)
            .is_some_and(|n| n.kind == Kind::Link)
    }
}

/// Where a block opened now goes: in the innermost open group (an item's
/// body), else at the top.
fn parent_of(open: &[Open]) -> Option<u32> {
    open.last().map(|o| o.body.unwrap_or(o.node))
}

#[cfg(test)]
mod tests {
    use super::super::fonts::Family;
    use super::super::layout::{OutlineMark, Span, Style};
    use super::super::md::{Footnotes, blocks_with};
    use super::*;

    fn kinds(tree: &Tree, parent: Option<u32>) -> Vec<&'static str> {
        let ids: Vec<u32> = match parent {
            None => tree.top.clone(),
            Some(p) => (0..tree.nodes.len() as u32)
                .filter(|&i| tree.nodes[i as usize].parent == Some(p))
                .collect(),
        };
        ids.iter()
            .map(|&i| tree.nodes[i as usize].kind.name())
            .collect()
    }

    #[test]
    fn a_notes_lists_quotes_and_headings_become_their_elements() {
        let mut blocks = vec![Block::Para({
            let mut p = Para::new(
                vec![Span::new("Sources", Style::new(Family::Sans, 12.0))],
                14.0,
            );
            p.outline = Some(OutlineMark {
                level: 2,
                title: "Sources".to_owned(),
                anchor: "s".to_owned(),
            });
            p
        })];
        blocks.extend(blocks_with(
            "### Detail\n\n- one\n- two [x](https://example.org)\n\n> quoted\n\n1. first\n",
            0.0,
            Footnotes::Here,
            &[],
        ));
        let mut tree = Tree::default();
        tree.top = tree.assign(&mut blocks);
        assert_eq!(kinds(&tree, None), ["H2", "H3", "L", "BlockQuote", "L"]);
        let list = tree.top[2];
        assert_eq!(kinds(&tree, Some(list)), ["LI", "LI"]);
        let item = (0..tree.nodes.len() as u32)
            .find(|&i| tree.nodes[i as usize].parent == Some(list))
            .expect("an item");
        assert_eq!(kinds(&tree, Some(item)), ["Lbl", "LBody"]);
        let link = tree
            .nodes
            .iter()
            .find(|n| n.kind == Kind::Link)
            .expect("a link");
        assert_eq!(link.alt.as_deref(), Some("x"));
    }

    #[test]
    fn a_caption_goes_into_the_figure_after_it() {
        let mut blocks = vec![
            Block::Para({
                let mut p = Para::new(vec![Span::new("Chart", Style::new(Family::Sans, 8.0))], 9.0);
                p.role = Role::Caption;
                p
            }),
            Block::Chart(super::super::layout::Chart {
                bars: Vec::new(),
                space_before: 0.0,
                alt: "Leverage by actor: Iran +1.00.".to_owned(),
                tag: Tag::Artifact,
            }),
        ];
        let mut tree = Tree::default();
        tree.top = tree.assign(&mut blocks);
        assert_eq!(kinds(&tree, None), ["Figure"]);
        assert_eq!(kinds(&tree, Some(tree.top[0])), ["Caption"]);
        assert!(matches!(&blocks[1], Block::Chart(c) if c.tag == Tag::Node(tree.top[0])));
    }
}
