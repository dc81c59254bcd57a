//! The documents the editor has open, and the translation between the
//! protocol's `file:` URIs and paths inside a workspace.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::position::LineMap;

/// One open document: the editor's text, which replaces the file's on disk
/// while it is open.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// The text as the editor has it now.
    pub text: Arc<str>,
    /// The editor's version number of that text.
    pub version: i32,
}

/// Open documents by URI.
#[derive(Debug, Default)]
pub(crate) struct Documents {
    open: BTreeMap<String, (Uri, Document)>,
}

impl Documents {
    /// The editor opened `uri` with `text`.
    pub(crate) fn open(&mut self, uri: Uri, text: String, version: i32) {
        let document = Document {
            text: Arc::from(text),
            version,
        };
        self.open.insert(uri.as_str().to_owned(), (uri, document));
    }

    /// Applies the editor's changes in order: a change without a range is
    /// the whole new text; one with a range replaces that range (clamped,
    /// whatever positions the editor sends). Unknown documents are ignored.
    pub(crate) fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) {
        let Some((_, document)) = self.open.get_mut(uri.as_str()) else {
            return;
        };
        let mut text: String = document.text.to_string();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let span = LineMap::new(&text).span(range);
                    text.replace_range(span, &change.text);
                }
            }
        }
        document.text = Arc::from(text);
        document.version = version;
    }

    /// The editor closed `uri`.
    pub(crate) fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.open.remove(uri.as_str()).map(|(_, document)| document)
    }

    /// The open document at `uri`.
    pub(crate) fn get(&self, uri: &Uri) -> Option<&Document> {
        self.open.get(uri.as_str()).map(|(_, document)| document)
    }

    /// Every open document with its URI.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Uri, &Document)> {
        self.open.values().map(|(uri, document)| (uri, document))
    }
}

/// The local path of a `file:` URI, percent-decoded; `None` for other
/// schemes, relative or undecodable paths, and paths with `..` in them
/// (a URI that climbs out of a folder names nothing the server reads).
pub(crate) fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text
        .strip_prefix("file://")
        .or_else(|| text.strip_prefix("FILE://"))?;
    // `file://host/path`: only the local host is ours.
    let path = match rest.find('/') {
        Some(0) => rest,
        Some(at) if &rest[..at] == "localhost" => &rest[at..],
        _ => return None,
    };
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    let path = PathBuf::from(decoded);
    let climbs = path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::CurDir));
    (path.is_absolute() && !climbs).then_some(path)
}

/// The `file:` URI of an absolute path, with everything outside the
/// unreserved set and `/` percent-encoded.
pub(crate) fn path_to_uri(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::from("file://");
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                uri.push(char::from(byte));
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    Uri::from_str(&uri).ok()
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte == b'%' {
            let hex = text.get(at + 1..at + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            at += 3;
        } else {
            out.push(byte);
            at += 1;
        }
    }
    let decoded = String::from_utf8(out).ok()?;
    (!decoded.contains('\0')).then_some(decoded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> Uri {
        Uri::from_str(text).unwrap()
    }

    #[test]
    fn file_uris_round_trip_with_spaces_and_non_ascii() {
        let path = Path::new("/tmp/ws/briefs/us-iran/Doha talks é.md");
        let uri = path_to_uri(path).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/ws/briefs/us-iran/Doha%20talks%20%C3%A9.md"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
    }

    #[test]
    fn other_schemes_hosts_and_climbing_paths_name_no_file() {
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(uri_to_path(&uri("file://server/share/a.md")), None);
        assert_eq!(
            uri_to_path(&uri("file:///ws/briefs/../../etc/passwd")),
            None
        );
        assert_eq!(uri_to_path(&uri("file:///ws/%2E%2E/etc/passwd")), None);
        assert_eq!(uri_to_path(&uri("file:///ws/a%00.md")), None);
        assert_eq!(percent_decode("/ws/a%ZZ.md"), None);
        assert_eq!(percent_decode("/ws/a%C3"), None, "not UTF-8");
        assert_eq!(
            uri_to_path(&uri("file://localhost/ws/a.md")),
            Some(PathBuf::from("/ws/a.md"))
        );
    }

    #[test]
    fn range_changes_apply_even_with_positions_past_the_end() {
        let mut documents = Documents::default();
        let u = uri("file:///ws/a.md");
        documents.open(u.clone(), "title: Isreal\n".to_owned(), 1);
        let change = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(lsp_types::Range {
                start: lsp_types::Position {
                    line,
                    character: from,
                },
                end: lsp_types::Position {
                    line,
                    character: to,
                },
            }),
            range_length: None,
            text: text.to_owned(),
        };
        documents.change(
            &u,
            2,
            vec![change(0, 7, 13, "Israel"), change(9, 99, 99, "tail")],
        );
        let document = documents.get(&u).unwrap();
        assert_eq!(&*document.text, "title: Israel\ntail");
        assert_eq!(document.version, 2);
    }
}
