//! The structure tree written into the document once printpdf has saved
//! it: a `StructElem` per node of [`Tree`] under one `Document` element,
//! each element's kids (elements, marked content by MCID, link
//! annotations by `OBJR`) in reading order, the `ParentTree` that maps
//! each page's MCIDs and each annotation back to its element, and the
//! tagged-PDF entries of the catalog, the pages and the annotations.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::PdfError;
use super::outline::text_string;
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

/// Writes the tree, the parent tree and the tagged-PDF entries (`/Lang`
/// `lang`, `/MarkInfo`, `/ViewerPreferences`, `/Tabs /S`, annotations'
/// `/StructParent`, `/Contents` and print flag).
pub(super) fn write(
    doc: &mut Document,
    tree: &Tree,
    marks: &Marks,
    lang: &str,
) -> Result<(), PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let count = tree.nodes.len();
    let root = doc.new_object_id();
    let document = doc.new_object_id();
    let ids: Vec<ObjectId> = (0..count).map(|_| doc.new_object_id()).collect();
    let mut kids: Vec<Vec<Kid>> = (0..count).map(|_| Vec::new()).collect();
    let mut placed = vec![false; count];
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

    let mut parent_tree: Vec<Object> = Vec::new();
    for (page, nodes) in marks.pages.iter().enumerate() {
        let mut refs = Vec::with_capacity(nodes.len());
        for (mcid, &node) in nodes.iter().enumerate() {
            let Some(&id) = ids.get(node as usize) else {
                return Err(PdfError::Pdf(format!(
                    "marked content of no element {node}"
                )));
            };
            place(&mut kids, node);
            kids[node as usize].push(Kid::Content { page, mcid });
            refs.push(Object::Reference(id));
        }
        parent_tree.push(Object::Integer(page as i64));
        parent_tree.push(Object::Array(refs));
    }

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
            let id = doc.new_object_id();
            if let Some(node) = *node
                && let Some(&element) = ids.get(node as usize)
            {
                let text = tree.nodes[node as usize]
                    .alt
                    .clone()
                    .filter(|t| !t.trim().is_empty())
                    .unwrap_or_else(|| "Link".to_owned());
                dict.set("Contents", text_string(&text));
                dict.set("StructParent", Object::Integer(next_key));
                parent_tree.push(Object::Integer(next_key));
                parent_tree.push(Object::Reference(element));
                next_key += 1;
                place(&mut kids, node);
                kids[node as usize].push(Kid::Annotation {
                    page,
                    annotation: id,
                });
            }
            doc.objects.insert(id, Object::Dictionary(dict));
            refs.push(Object::Reference(id));
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

    for (index, node) in tree.nodes.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Type", name("StructElem"));
        dict.set("S", name(node.kind.name()));
        dict.set(
            "P",
            Object::Reference(node.parent.map_or(document, |p| ids[p as usize])),
        );
        // `/Pg`: the page of the element's first marked content, whose
        // MCIDs are then written as plain numbers.
        let first_page = kids[index].iter().find_map(|kid| match kid {
            Kid::Content { page, .. } | Kid::Annotation { page, .. } => Some(*page),
            Kid::Node(_) => None,
        });
        if let Some(page) = first_page
            && let Some(&page_id) = pages.get(page)
        {
            dict.set("Pg", Object::Reference(page_id));
        }
        let k: Vec<Object> = kids[index]
            .iter()
            .filter_map(|kid| match *kid {
                Kid::Node(child) => Some(Object::Reference(ids[child as usize])),
                Kid::Content { page, mcid } if Some(page) == first_page => {
                    Some(Object::Integer(mcid as i64))
                }
                Kid::Content { page, mcid } => {
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", name("MCR"));
                    mcr.set("Pg", Object::Reference(*pages.get(page)?));
                    mcr.set("MCID", Object::Integer(mcid as i64));
                    Some(Object::Dictionary(mcr))
                }
                Kid::Annotation { page, annotation } => {
                    let mut objr = Dictionary::new();
                    objr.set("Type", name("OBJR"));
                    objr.set("Pg", Object::Reference(*pages.get(page)?));
                    objr.set("Obj", Object::Reference(annotation));
                    Some(Object::Dictionary(objr))
                }
            })
            .collect();
        dict.set("K", Object::Array(k));
        if let Some(alt) = &node.alt
            && matches!(node.kind, Kind::Figure | Kind::Link)
        {
            dict.set("Alt", text_string(alt));
        }
        if node.kind == Kind::Note {
            // PDF/UA: a note has an ID.
            dict.set(
                "ID",
                Object::String(format!("note-{index}").into_bytes(), StringFormat::Literal),
            );
        }
        if node.kind == Kind::TH {
            let mut attributes = Dictionary::new();
            attributes.set("O", name("Table"));
            attributes.set("Scope", name("Column"));
            dict.set("A", Object::Dictionary(attributes));
        }
        doc.objects.insert(ids[index], Object::Dictionary(dict));
    }

    let mut element = Dictionary::new();
    element.set("Type", name("StructElem"));
    element.set("S", name("Document"));
    element.set("P", Object::Reference(root));
    element.set(
        "K",
        Object::Array(
            tree.top
                .iter()
                .filter_map(|&t| ids.get(t as usize).copied().map(Object::Reference))
                .collect(),
        ),
    );
    doc.objects.insert(document, Object::Dictionary(element));

    let mut nums = Dictionary::new();
    nums.set("Nums", Object::Array(parent_tree));
    let parent_tree = doc.add_object(Object::Dictionary(nums));
    let mut tree_root = Dictionary::new();
    tree_root.set("Type", name("StructTreeRoot"));
    tree_root.set("K", Object::Reference(document));
    tree_root.set("ParentTree", Object::Reference(parent_tree));
    tree_root.set("ParentTreeNextKey", Object::Integer(next_key));
    doc.objects.insert(root, Object::Dictionary(tree_root));

    let catalog = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Pdf(format!("no catalog: {e}")))?;
    let catalog = doc
        .get_object_mut(catalog)
        .and_then(Object::as_dict_mut)
        .map_err(|e| PdfError::Pdf(format!("catalog: {e}")))?;
    catalog.set("StructTreeRoot", Object::Reference(root));
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
