//! Finishing the document in lopdf: a nested outline in document order
//! (printpdf's bookmarks are flat and re-sorted within a page), the
//! information dictionary, and a document ID derived from the content so
//! that the same inputs give the same bytes.

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};

use super::PdfError;
use super::compress::deflate_all;
use super::hash::Fnv;
use super::layout::{Geometry, OutlineMark, Paginated, Spot};
use super::save::{self, text_string};
use super::structure::Marks;
use super::tags::Tree;
use super::xmp::{self, Metadata};
use crate::vocab::PdfStandard;

/// Document information.
#[derive(Debug, Clone)]
pub(super) struct Info {
    pub title: String,
    pub author: String,
    pub subject: String,
    pub keywords: Vec<String>,
    pub timestamp: i64,
    /// The document's language (brief.yaml `lang:`), a BCP 47 tag.
    pub lang: String,
    pub standard: PdfStandard,
}

/// The placeholder the ID is written as before the bytes are hashed.
const ID_PLACEHOLDER: &[u8; 32] = b"00000000000000000000000000000000";

/// `D:YYYYMMDDHHmmSSZ` for a Unix timestamp (UTC).
pub(super) fn pdf_date(timestamp: i64) -> String {
    let ts = timestamp.clamp(0, 253_402_300_799);
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

pub(super) fn finish(
    mut doc: Document,
    paginated: &Paginated,
    geometry: Geometry,
    info: &Info,
    structure: Option<(&Tree, &Marks)>,
) -> Result<Vec<u8>, PdfError> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| PdfError::Pdf(format!("no catalog: {e}")))?;

    let outline = write_outline(&mut doc, &paginated.outline, &pages, geometry);
    {
        let catalog = doc
            .get_object_mut(root)
            .and_then(Object::as_dict_mut)
            .map_err(|e| PdfError::Pdf(format!("catalog: {e}")))?;
        catalog.remove(b"Outlines");
        if let Some(outline) = outline {
            catalog.set("Outlines", Object::Reference(outline));
            catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        } else {
            catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
        }
    }

    let date = pdf_date(info.timestamp);
    let producer = format!("brief {} (printpdf, lopdf)", env!("CARGO_PKG_VERSION"));
    let keywords = info.keywords.join(", ");
    if info.standard.tagged() {
        doc.version = "1.7".to_owned();
        let xmp_date = format!(
            "{}-{}-{}T{}:{}:{}Z",
            &date[2..6],
            &date[6..8],
            &date[8..10],
            &date[10..12],
            &date[12..14],
            &date[14..16]
        );
        let meta = Metadata {
            title: &info.title,
            author: &info.author,
            subject: &info.subject,
            keywords: &keywords,
            producer: &producer,
            date: &xmp_date,
            lang: &info.lang,
            standard: info.standard,
        };
        let mut catalog = doc
            .get_dictionary(root)
            .map_err(|e| PdfError::Pdf(format!("catalog: {e}")))?
            .clone();
        xmp::add(&mut doc, &mut catalog, &meta);
        doc.set_object(root, Object::Dictionary(catalog));
    }
    let mut dict = Dictionary::new();
    dict.set("Title", text_string(&info.title));
    if !info.author.is_empty() {
        dict.set("Author", text_string(&info.author));
    }
    dict.set("Subject", text_string(&info.subject));
    dict.set("Keywords", text_string(&keywords));
    dict.set("Creator", text_string("brief"));
    dict.set("Producer", text_string(&producer));
    dict.set(
        "CreationDate",
        Object::String(date.clone().into_bytes(), StringFormat::Literal),
    );
    dict.set(
        "ModDate",
        Object::String(date.into_bytes(), StringFormat::Literal),
    );
    let info_id = doc.add_object(Object::Dictionary(dict));
    doc.trailer.set("Info", Object::Reference(info_id));
    super::prune::unreachable_objects(&mut doc);
    super::prune::renumber(&mut doc);
    deflate_all(&mut doc);
    if let Some((tree, marks)) = structure {
        // The structure tree's thousands of small dictionaries go into
        // compressed object streams (PDF 1.5; PDF/A-2 allows them).
        let serialised = super::structure::serialise(&mut doc, tree, marks)?;
        return save::save(&doc, serialised);
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Literal);
    doc.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));

    let mut bytes = Vec::new();
    let options = lopdf::SaveOptions::builder().compression_level(6).build();
    doc.save_with_options(&mut bytes, options)
        .map_err(|e| PdfError::Pdf(format!("cannot write the document: {e}")))?;

    // The ID: a hash of everything else, written over the placeholder.
    let mut a = Fnv::new();
    let mut b = Fnv::with_basis(0x6c62_272e_07bb_0142);
    a.write(&bytes);
    b.write(&bytes);
    b.write(&a.finish().to_be_bytes());
    let id = format!("{:016x}{:016x}", a.finish(), b.finish());
    // lopdf writes the placeholder as a literal string: `(000…0)`.
    let mut pattern = Vec::with_capacity(34);
    pattern.push(b'(');
    pattern.extend_from_slice(ID_PLACEHOLDER);
    pattern.push(b')');
    let mut at = 0;
    while let Some(pos) = bytes[at..]
        .windows(pattern.len())
        .position(|w| w == pattern.as_slice())
    {
        let start = at + pos + 1;
        bytes[start..start + 32].copy_from_slice(id.as_bytes());
        at = start + 32;
    }
    Ok(bytes)
}

/// Writes the outline tree; `None` when there are no entries.
fn write_outline(
    doc: &mut Document,
    entries: &[(OutlineMark, Spot)],
    pages: &[ObjectId],
    geometry: Geometry,
) -> Option<ObjectId> {
    // Keep only entries whose page exists (a destination past the last page
    // must never be written).
    let entries: Vec<&(OutlineMark, Spot)> = entries
        .iter()
        .filter(|(_, spot)| spot.page < pages.len())
        .collect();
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    // Parent of each entry: the nearest earlier entry with a lower level.
    let mut parent: Vec<Option<usize>> = Vec::with_capacity(entries.len());
    let mut stack: Vec<usize> = Vec::new();
    for (i, (mark, _)) in entries.iter().enumerate() {
        while let Some(&top) = stack.last() {
            if entries[top].0.level >= mark.level {
                stack.pop();
            } else {
                break;
            }
        }
        parent.push(stack.last().copied());
        stack.push(i);
    }
    let children = |p: Option<usize>| -> Vec<usize> {
        (0..entries.len()).filter(|&i| parent[i] == p).collect()
    };
    // Descendant counts (all open).
    let mut descendants = vec![0i64; entries.len()];
    for i in (0..entries.len()).rev() {
        if let Some(p) = parent[i] {
            descendants[p] += 1 + descendants[i];
        }
    }
    for (i, (mark, spot)) in entries.iter().enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Title", text_string(&mark.title));
        dict.set(
            "Parent",
            Object::Reference(parent[i].map_or(root, |p| ids[p])),
        );
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        if pos > 0 {
            dict.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            dict.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            dict.set("First", Object::Reference(ids[first]));
            dict.set("Last", Object::Reference(ids[last]));
            dict.set("Count", Object::Integer(descendants[i]));
        }
        let top = (geometry.height - spot.y + 6.0).clamp(0.0, geometry.height);
        dict.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(pages[spot.page]),
                Object::Name(b"XYZ".to_vec()),
                Object::Real(0.0),
                Object::Real(top),
                Object::Null,
            ]),
        );
        doc.set_object(ids[i], Object::Dictionary(dict));
    }
    let top_level = children(None);
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Outlines".to_vec()));
    if let (Some(&first), Some(&last)) = (top_level.first(), top_level.last()) {
        dict.set("First", Object::Reference(ids[first]));
        dict.set("Last", Object::Reference(ids[last]));
    }
    dict.set("Count", Object::Integer(entries.len() as i64));
    doc.set_object(root, Object::Dictionary(dict));
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_civil_dates() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_795_219_200), "D:20261121000000Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }
}
