//! The structure tree written into the document once printpdf has saved
//! it, in two steps around pruning and renumbering ([`prepare`],
//! [`serialise`]): a `StructElem` per node of [`Tree`] under one `Document` element,
//! each element's kids (elements, marked content by MCID, link
//! annotations by `OBJR`) in reading order, the `ParentTree` that maps
//! each page's MCIDs and each annotation back to its element, and the
//! tagged-PDF entries of the catalog, the pages and the annotations.

use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use rayon::prelude::*;

use super::PdfError;
use super::save::{self, text_string};
use super::tags::{Kind, Tree};

/// What the content streams marked: per page, the element of each MCID
/// (in order), and the element of each link annotation (in the order of
/// the page's `/Annots`).
#[derive(Debug, Default)]
pub(super) struct Marks {
    pub pages: Vec<Vec<u32>>,
    pub links: Vec<Vec<Option<u32>>>,
}

/// A kid of a structure element.
enum Kid {
    Node(u32),
    Content { page: usize, mcid: usize },
    Annotation { page: usize, annotation: ObjectId },
}

fn name(text: &str) -> Object {
    Object::Name(text.as_bytes().to_vec())
}

/// Before the document is pruned and renumbered, the tagged-PDF entries
/// of the catalog (`/Lang` `lang`, `/MarkInfo`, `/ViewerPreferences`),
/// the pages (`/StructParents`, `/Tabs /S`) and the link annotations
/// (made indirect, with `/StructParent`, `/Contents` and the print
/// flag). The tree itself is written by [`serialise`] once the rest is
/// numbered for good, so that neither pruning nor renumbering walks its
/// thousands of elements.
pub(super) fn prepare(
    doc: &mut Document,
    tree: &Tree,
    marks: &Marks,
    lang: &str,
) -> Result<(), PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut next_key = pages.len() as i64;
    for (page, &page_id) in pages.iter().enumerate() {
        let annots = match doc
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Annots"))
            .and_then(Object::as_array)
        {
            Ok(annots) => annots.clone(),
            Err(_) => Vec::new(),
        };
        let links = marks.links.get(page).map_or(&[][..], Vec::as_slice);
        if annots.len() != links.len() {
            return Err(PdfError::Pdf(format!(
                "page {}: {} annotations written for {} links",
                page + 1,
                annots.len(),
                links.len()
            )));
        }
        let mut refs = Vec::with_capacity(annots.len());
        for (annot, node) in annots.into_iter().zip(links) {
            let mut dict = match annot {
                Object::Dictionary(dict) => dict,
                Object::Reference(id) => doc
                    .get_dictionary(id)
                    .map_err(|e| PdfError::Pdf(format!("annotation: {e}")))?
                    .clone(),
                _ => return Err(PdfError::Pdf("an annotation that is no dictionary".into())),
            };
            // Printed (PDF/A), and described (PDF/UA).
            dict.set("F", Object::Integer(4));
            if let Some(node) = tagged_link(tree, *node) {
                let text = tree.nodes[node as usize]
                    .alt
                    .clone()
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| "Link".to_owned());
                dict.set("Contents", text_string(&text));
                dict.set("StructParent", Object::Integer(next_key));
                next_key += 1;
            }
            refs.push(Object::Reference(doc.add_object(Object::Dictionary(dict))));
        }
        let page_dict = doc
            .get_object_mut(page_id)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Pdf(format!("page: {e}")))?;
        if !refs.is_empty() {
            page_dict.set("Annots", Object::Array(refs));
        }
        page_dict.set("StructParents", Object::Integer(page as i64));
        page_dict.set("Tabs", name("S"));
    }

    let catalog = catalog(doc)?;
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    catalog.set(
        "Lang",
        Object::String(lang.as_bytes().to_vec(), StringFormat::Literal),
    );
    let mut viewer = Dictionary::new();
    viewer.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(viewer));
    Ok(())
}

/// The element of a link annotation, when it has one.
fn tagged_link(tree: &Tree, node: Option<u32>) -> Option<u32> {
    node.filter(|&node| (node as usize) < tree.nodes.len())
}

fn catalog(doc: &mut Document) -> Result<&mut Dictionary, PdfError> {
    let catalog = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Pdf(format!("no catalog: {e}")))?;
    doc.get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Pdf(format!("catalog: {e}")))
}

/// After pruning and renumbering (and [`prepare`]): the structure tree
/// root, the `Document` element, an element per node of `tree` and the
/// parent tree, serialised, numbered after the document's last object;
/// the catalog's `/StructTreeRoot` points at them. Written as bytes, not
/// as lopdf dictionaries: building, walking and dropping those was most of
/// what tagging cost.
pub(super) fn serialise(
    doc: &mut Document,
    tree: &Tree,
    marks: &Marks,
) -> Result<Vec<(u32, Vec<u8>)>, PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let count = tree.nodes.len() as u32;
    let first = doc.max_id + 1;
    let root = first;
    let document = first + 1;
    let element = |node: u32| first + 2 + node;
    let parent_tree_id = first + 2 + count;

    let mut kids: Vec<Vec<Kid>> = (0..count).map(|_| Vec::new()).collect();
    let mut placed = vec![false; count as usize];
    for (index, node) in tree.nodes.iter().enumerate() {
        let id = index as u32;
        if let Some(parent) = node.parent
            && !tree.inline(id)
            && let Some(kids) = kids.get_mut(parent as usize)
        {
            kids.push(Kid::Node(id));
        }
        placed[index] = !tree.inline(id);
    }
    // An inline element (a link) takes its place in its parent where its
    // content first appears.
    let mut place = |kids: &mut Vec<Vec<Kid>>, node: u32| {
        let index = node as usize;
        if placed.get(index) == Some(&false) {
            placed[index] = true;
            if let Some(parent) = tree.nodes[index].parent {
                kids[parent as usize].push(Kid::Node(node));
            }
        }
    };

    // The parent tree's `/Nums`: each page's MCIDs' elements, then each
    // tagged link annotation's element, under the keys `prepare` gave.
    let mut nums = Vec::new();
    for (page, nodes) in marks.pages.iter().enumerate() {
        let _ = write!(nums, "{page} [");
        for (mcid, &node) in nodes.iter().enumerate() {
            if node >= count {
                return Err(PdfError::Pdf(format!(
                    "marked content of no element {node}"
                )));
            }
            place(&mut kids, node);
            kids[node as usize].push(Kid::Content { page, mcid });
            let _ = write!(
                nums,
                "{}{} 0 R",
                if mcid > 0 { " " } else { "" },
                element(node)
            );
        }
        nums.extend_from_slice(b"] ");
    }
    let mut next_key = pages.len();
    for (page, &page_id) in pages.iter().enumerate() {
        let annots: Vec<ObjectId> = doc
            .get_dictionary(page_id)
            .and_then(|d| d.get(b"Annots"))
            .and_then(Object::as_array)
            .map(|annots| {
                annots
                    .iter()
                    .filter_map(|a| a.as_reference().ok())
                    .collect()
            })
            .unwrap_or_default();
        let links = marks.links.get(page).map_or(&[][..], Vec::as_slice);
        for (&annotation, &node) in annots.iter().zip(links) {
            let Some(node) = tagged_link(tree, node) else {
                continue;
            };
            let _ = write!(nums, "{next_key} {} 0 R ", element(node));
            next_key += 1;
            place(&mut kids, node);
            kids[node as usize].push(Kid::Annotation { page, annotation });
        }
    }

    let mut objects: Vec<(u32, Vec<u8>)> = (0..count)
        .into_par_iter()
        .map(|node| {
            let parent = tree.nodes[node as usize].parent.map_or(document, element);
            let bytes = element_bytes(tree, node, parent, &kids[node as usize], &pages, &element);
            (element(node), bytes)
        })
        .collect();

    let mut top = Vec::new();
    let _ = write!(top, "<</Type /StructElem /S /Document /P {root} 0 R /K [");
    for (position, &node) in tree.top.iter().filter(|&&t| t < count).enumerate() {
        let separator = if position > 0 { " " } else { "" };
        let _ = write!(top, "{separator}{} 0 R", element(node));
    }
    top.extend_from_slice(b"]>>");
    objects.push((document, top));
    nums.pop_if(|b| *b == b' ');
    let mut parent_tree = b"<</Nums [".to_vec();
    parent_tree.extend_from_slice(&nums);
    parent_tree.extend_from_slice(b"]>>");
    objects.push((parent_tree_id, parent_tree));
    let tree_root = format!(
        "<</Type /StructTreeRoot /K {document} 0 R /ParentTree {parent_tree_id} 0 R /ParentTreeNextKey {next_key}>>"
    );
    objects.push((root, tree_root.into_bytes()));
    objects.sort_unstable_by_key(|(number, _)| *number);
    doc.max_id = parent_tree_id;

    catalog(doc)?.set("StructTreeRoot", Object::Reference((root, 0)));
    Ok(objects)
}

/// One `StructElem`: its role, parent, page, kids in reading order (the
/// MCIDs of its first page as numbers, others as `MCR`s, link annotations
/// as `OBJR`s), and `/Alt`, `/ID` or table attributes where they apply.
fn element_bytes(
    tree: &Tree,
    node: u32,
    parent: u32,
    kids: &[Kid],
    pages: &[ObjectId],
    element: &impl Fn(u32) -> u32,
) -> Vec<u8> {
    let info = &tree.nodes[node as usize];
    let mut out = Vec::with_capacity(64 + kids.len() * 8);
    let _ = write!(
        out,
        "<</Type /StructElem /S /{} /P {parent} 0 R",
        info.kind.name()
    );
    // `/Pg`: the page of the element's first marked content, whose MCIDs
    // are then written as plain numbers.
    let first_page = kids.iter().find_map(|kid| match kid {
        Kid::Content { page, .. } | Kid::Annotation { page, .. } => Some(*page),
        Kid::Node(_) => None,
    });
    let first_page = first_page.filter(|&page| page < pages.len());
    if let Some(page) = first_page {
        let _ = write!(out, " /Pg {} 0 R", pages[page].0);
    }
    out.extend_from_slice(b" /K [");
    let mut separator = "";
    for kid in kids {
        match *kid {
            Kid::Node(child) => {
                let _ = write!(out, "{separator}{} 0 R", element(child));
            }
            Kid::Content { page, mcid } if Some(page) == first_page => {
                let _ = write!(out, "{separator}{mcid}");
            }
            Kid::Content { page, mcid } => {
                let Some(page) = pages.get(page) else {
                    continue;
                };
                let _ = write!(
                    out,
                    "{separator}<</Type /MCR /Pg {} 0 R /MCID {mcid}>>",
                    page.0
                );
            }
            Kid::Annotation { page, annotation } => {
                let Some(page) = pages.get(page) else {
                    continue;
                };
                let _ = write!(
                    out,
                    "{separator}<</Type /OBJR /Pg {} 0 R /Obj {} 0 R>>",
                    page.0, annotation.0
                );
            }
        }
        separator = " ";
    }
    out.push(b']');
    if let Some(alt) = &info.alt
        && matches!(info.kind, Kind::Figure | Kind::Link)
    {
        out.extend_from_slice(b" /Alt ");
        save::write_object(&mut out, &text_string(alt));
    }
    if info.kind == Kind::Note {
        // PDF/UA: a note has an ID.
        let _ = write!(out, " /ID (note-{node})");
    }
    if info.kind == Kind::TH {
        out.extend_from_slice(b" /A <</O /Table /Scope /Column>>");
    }
    out.extend_from_slice(b">>");
    out
}
