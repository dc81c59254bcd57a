//! A finished tagged document into bytes: every object that is not a
//! stream (the structure tree's thousands of small dictionaries, the
//! pages, the annotations) serialised once into compressed object streams
//! (PDF 1.5), the streams written as they are, and a compressed
//! cross-reference stream whose `/ID` is a hash of everything before it.
//!
//! lopdf's own object-stream writer clones every object, serialises each
//! three times and deflates its streams of 100 objects on one thread; here
//! the object streams are cut by size, serialised and deflated in
//! parallel, and the output is the same however many threads run.

use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use rayon::prelude::*;

use super::PdfError;
use super::compress::{deflate_bytes, deflate_bytes_at};
use super::hash::Fnv;

/// How many bytes of serialised objects one object stream holds before
/// the next begins: large enough that deflate finds the structure tree's
/// repetitions, small enough that a file has streams to deflate in
/// parallel.
const STREAM_BYTES: usize = 48 * 1024;

/// zlib's level for object streams, below the content streams' 6: their
/// dictionaries repeat so much that level 3 finds nearly all of it. 3
/// against 6: 2.6% fewer instructions for the sample's PDFs (callgrind),
/// 4% more bytes for a 12,000-note workspace's; 1 took 4.8% fewer for 18%
/// more bytes, too close to issue 18's bound of 30% per page for tagging.
const OBJECT_STREAM_LEVEL: u32 = 3;

/// At most this many objects in one object stream (an object's index in
/// its stream is written in two bytes of the cross-reference stream).
const STREAM_OBJECTS: usize = 4096;

/// Writes `doc` with its non-stream objects in object streams and a
/// cross-reference stream, followed in them by `serialised`: objects
/// written already, numbered after `doc`'s, in order (the structure tree).
/// The trailer's `/Root` and `/Info` are kept.
pub(super) fn save(doc: &Document, serialised: Vec<(u32, Vec<u8>)>) -> Result<Vec<u8>, PdfError> {
    let mut direct: Vec<(ObjectId, &Object)> = Vec::new();
    let mut packed: Vec<(u32, Vec<u8>)> = Vec::new();
    for (&id, object) in &doc.objects {
        if matches!(object, Object::Stream(_)) || id.1 != 0 {
            direct.push((id, object));
        } else {
            packed.push((id.0, Vec::new()));
        }
    }
    // Each object serialised once, in parallel.
    packed.par_iter_mut().for_each(|(number, bytes)| {
        if let Some(object) = doc.objects.get(&(*number, 0)) {
            write_object(bytes, object);
        }
    });
    let max_id = serialised
        .last()
        .map_or(0, |(number, _)| *number)
        .max(doc.objects.keys().map(|id| id.0).max().unwrap_or(0));
    packed.extend(serialised);
    let mut groups: Vec<&[(u32, Vec<u8>)]> = Vec::new();
    let mut start = 0;
    let mut size = 0;
    for (index, (_, bytes)) in packed.iter().enumerate() {
        size += bytes.len() + 1;
        if size >= STREAM_BYTES || index + 1 - start >= STREAM_OBJECTS {
            groups.push(&packed[start..=index]);
            start = index + 1;
            size = 0;
        }
    }
    if start < packed.len() {
        groups.push(&packed[start..]);
    }
    // Each object stream: its bytes, where its first object starts, and
    // whether it is deflated.
    let streams: Vec<(Vec<u8>, usize, bool)> = groups
        .par_iter()
        .map(|group| {
            let mut header = Vec::with_capacity(group.len() * 10);
            let mut offset = 0;
            for (number, bytes) in *group {
                let _ = write!(header, "{number} {offset} ");
                offset += bytes.len() + 1;
            }
            let first = header.len();
            let mut content = header;
            content.reserve(offset);
            for (_, bytes) in *group {
                content.extend_from_slice(bytes);
                content.push(b'\n');
            }
            match deflate_bytes_at(&content, OBJECT_STREAM_LEVEL) {
                Some(compressed) => (compressed, first, true),
                None => (content, first, false),
            }
        })
        .collect();

    let mut out = Vec::with_capacity(streams.iter().map(|s| s.0.len()).sum::<usize>() + 64 * 1024);
    out.extend_from_slice(format!("%PDF-{}\n", doc.version).as_bytes());
    out.extend_from_slice(b"%\xBB\xAD\xC0\xDE\n");
    // Cross-reference entries: type, field 2, field 3.
    let size = max_id as usize + 1 + streams.len() + 1;
    let mut xref: Vec<(u8, u64, u16)> = vec![(0, 0, 0); size];
    xref[0] = (0, 0, 65535);
    for (id, object) in direct {
        xref[id.0 as usize] = (1, out.len() as u64, id.1);
        let _ = writeln!(out, "{} {} obj", id.0, id.1);
        if let Object::Stream(stream) = object {
            let mut dict = stream.dict.clone();
            dict.set("Length", Object::Integer(stream.content.len() as i64));
            write_dictionary(&mut out, &dict);
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&stream.content);
            out.extend_from_slice(b"\nendstream");
        } else {
            write_object(&mut out, object);
        }
        out.extend_from_slice(b"\nendobj\n");
    }
    for (index, ((content, first, deflated), group)) in streams.iter().zip(&groups).enumerate() {
        let number = max_id + 1 + index as u32;
        for (position, (member, _)) in group.iter().enumerate() {
            xref[*member as usize] = (2, u64::from(number), position as u16);
        }
        xref[number as usize] = (1, out.len() as u64, 0);
        let filter = if *deflated {
            " /Filter /FlateDecode"
        } else {
            ""
        };
        let _ = write!(
            out,
            "{number} 0 obj\n<</Type /ObjStm /N {} /First {first} /Length {}{filter}>>\nstream\n",
            group.len(),
            content.len()
        );
        out.extend_from_slice(content);
        out.extend_from_slice(b"\nendstream\nendobj\n");
    }

    // The cross-reference stream, which is its own last entry.
    let xref_number = size - 1;
    let xref_at = out.len() as u64;
    xref[xref_number] = (1, xref_at, 0);
    let offset_bytes = (8 - xref_at.leading_zeros() / 8).max(1) as usize;
    let mut table = Vec::with_capacity(size * (offset_bytes + 3));
    for &(kind, field, generation) in &xref {
        table.push(kind);
        table.extend_from_slice(&field.to_be_bytes()[8 - offset_bytes..]);
        table.extend_from_slice(&generation.to_be_bytes());
    }
    let (table, filter) = match deflate_bytes(&table) {
        Some(compressed) => (compressed, " /Filter /FlateDecode"),
        None => (table, ""),
    };

    // The ID: a hash of everything before the cross-reference stream.
    let mut a = Fnv::new();
    let mut b = Fnv::with_basis(0x6c62_272e_07bb_0142);
    a.write(&out);
    b.write(&out);
    b.write(&a.finish().to_be_bytes());
    let id = format!("{:016x}{:016x}", a.finish(), b.finish());

    let mut trailer = Dictionary::new();
    for key in [&b"Root"[..], b"Info"] {
        if let Ok(value) = doc.trailer.get(key) {
            trailer.set(key, value.clone());
        }
    }
    let _ = write!(
        out,
        "{xref_number} 0 obj\n<</Type /XRef /Size {size} /W [1 {offset_bytes} 2]"
    );
    for (key, value) in &trailer {
        out.push(b'/');
        out.extend_from_slice(key);
        out.push(b' ');
        write_object(&mut out, value);
    }
    let _ = write!(
        out,
        " /ID [({id}) ({id})] /Length {}{filter}>>\nstream\n",
        table.len()
    );
    out.extend_from_slice(&table);
    let _ = write!(out, "\nendstream\nendobj\nstartxref\n{xref_at}\n%%EOF");
    Ok(out)
}

/// PDF text string: UTF-16BE with a byte-order mark.
pub(super) fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Whether `object` is written with a space before it when it follows
/// another token (names, strings, arrays and dictionaries delimit
/// themselves).
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

pub(super) fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(true) => out.extend_from_slice(b"true"),
        Object::Boolean(false) => out.extend_from_slice(b"false"),
        Object::Integer(value) => {
            let _ = write!(out, "{value}");
        }
        Object::Real(value) => {
            let value = if value.is_finite() { *value } else { 0.0 };
            let _ = write!(out, "{value}");
        }
        Object::Name(name) => write_name(out, name),
        Object::String(text, StringFormat::Literal) => {
            out.push(b'(');
            for &byte in text {
                match byte {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(byte),
                }
            }
            out.push(b')');
        }
        Object::String(text, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for &byte in text {
                let _ = write!(out, "{byte:02X}");
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 && needs_space(item) {
                    out.push(b' ');
                }
                write_object(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => write_dictionary(out, dict),
        // A stream is never a direct object; `save` writes them itself.
        Object::Stream(stream) => write_dictionary(out, &stream.dict),
        Object::Reference((number, generation)) => {
            let _ = write!(out, "{number} {generation} R");
        }
    }
}

fn write_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b" \t\n\r\x0C()<>[]{}/%#".contains(&byte) || !(33..=126).contains(&byte) {
            let _ = write!(out, "#{byte:02X}");
        } else {
            out.push(byte);
        }
    }
}

fn write_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict {
        write_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        write_object(out, value);
    }
    out.extend_from_slice(b">>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document() -> Document {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let mut kids = Vec::new();
        for n in 0..1000 {
            let content = doc.add_object(lopdf::Stream::new(
                Dictionary::new(),
                format!("BT /F0 12 Tf ({n}) Tj ET").into_bytes(),
            ));
            let mut page = Dictionary::new();
            page.set("Type", Object::Name(b"Page".to_vec()));
            page.set("Parent", Object::Reference(pages));
            page.set("Contents", Object::Reference(content));
            page.set(
                "MediaBox",
                Object::Array(vec![0.into(), 0.into(), Object::Real(595.28), 842.into()]),
            );
            page.set(
                "Odd",
                Object::String(b"a(b\\c)\r)(".to_vec(), StringFormat::Literal),
            );
            page.set("Name#", Object::Name(b"with space".to_vec()));
            kids.push(Object::Reference(doc.add_object(page)));
        }
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"Pages".to_vec()));
        dict.set("Count", Object::Integer(kids.len() as i64));
        dict.set("Kids", Object::Array(kids));
        doc.objects.insert(pages, Object::Dictionary(dict));
        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference(pages));
        let root = doc.add_object(catalog);
        doc.trailer.set("Root", Object::Reference(root));
        doc
    }

    #[test]
    fn what_is_saved_reads_back_object_for_object() {
        let doc = document();
        let bytes = save(&doc, Vec::new()).expect("saves");
        assert_eq!(save(&doc, Vec::new()).expect("saves"), bytes);
        let back = Document::load_mem(&bytes).expect("reads back");
        assert_eq!(back.get_pages().len(), 1000);
        for (id, object) in &doc.objects {
            let read = back.get_object(*id).expect("every object");
            match (object, read) {
                (Object::Stream(a), Object::Stream(b)) => assert_eq!(a.content, b.content),
                (a, b) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
            }
        }
        assert!(back.trailer.get(b"ID").is_ok());
        // More than one object stream: they were cut by size.
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.matches("/Type /ObjStm").count() > 1, "{text}");
    }
}
