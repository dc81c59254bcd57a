//! Stream compression: every PDF stream deflated the same way, in
//! parallel, so that the output does not depend on the machine.

use std::io::Write as _;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use lopdf::{Document, Object, Stream};
use rayon::prelude::*;

/// zlib's level for every stream. lopdf's own `compress` uses 9, which took
/// a third of a one-brief build; 6 (zlib's default) is 15% faster overall
/// for files under 1% larger. miniz_oxide, not zlib-rs: its output does not
/// depend on the CPU's features, so PDFs stay byte-identical everywhere.
const DEFLATE_LEVEL: u32 = 6;

/// `bytes` deflated (zlib) at [`DEFLATE_LEVEL`], or `None` should that
/// fail.
pub(super) fn deflate_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    deflate_bytes_at(bytes, DEFLATE_LEVEL)
}

/// `bytes` deflated (zlib) at `level`, or `None` should that fail.
pub(super) fn deflate_bytes_at(bytes: &[u8], level: u32) -> Option<Vec<u8>> {
    let mut encoder =
        ZlibEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::new(level));
    encoder.write_all(bytes).ok()?;
    encoder.finish().ok()
}

/// Deflates `stream` unless it is filtered already or would not shrink;
/// should deflating fail, the stream stays as it is, which is still valid.
pub(super) fn deflate(stream: &mut Stream) {
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
        return;
    }
    let Some(compressed) = deflate_bytes(&stream.content) else {
        return;
    };
    // `/Filter /FlateDecode` costs 19 bytes in the stream's dictionary.
    if compressed.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(compressed);
    }
}

/// Deflates every stream of `doc` (fonts, their ToUnicode maps…) that is
/// not compressed yet, in parallel: they are independent.
pub(super) fn deflate_all(doc: &mut Document) {
    doc.objects.par_iter_mut().for_each(|(_, object)| {
        if let Object::Stream(stream) = object {
            deflate(stream);
        }
    });
}
