//! A response of `brief serve`: status, headers, and a body held in memory
//! or streamed from a file with the reload snippet spliced in, so that
//! serving a large page costs a buffer, not the page.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// A whole response, sent with `Connection: close`. Never any
/// `Access-Control-*` header: no other origin may read what is served.
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    /// Names and values are constants or checked paths: no CR or LF.
    headers: Vec<(&'static str, String)>,
    body: Body,
}

#[derive(Debug)]
enum Body {
    Bytes(Vec<u8>),
    /// `len` bytes of `file`, with `insert` written before byte `at`.
    File {
        file: File,
        len: u64,
        at: u64,
        insert: Vec<u8>,
    },
}

impl Response {
    /// `bytes` as `kind`, never cached nor sniffed.
    pub(crate) fn bytes(status: u16, bytes: Vec<u8>, kind: &str) -> Response {
        Response {
            status,
            headers: vec![
                ("Content-Type", kind.to_owned()),
                ("Cache-Control", "no-store".to_owned()),
                ("X-Content-Type-Options", "nosniff".to_owned()),
            ],
            body: Body::Bytes(bytes),
        }
    }

    pub(crate) fn text(status: u16, text: &str) -> Response {
        Response::bytes(
            status,
            text.as_bytes().to_vec(),
            "text/plain; charset=utf-8",
        )
    }

    /// `file` as `kind`, streamed when written; `insert`, if any, goes
    /// before the last `before` in the file, or at its end.
    pub(crate) fn file(
        status: u16,
        mut file: File,
        kind: &str,
        insert: Option<Vec<u8>>,
        before: &[u8],
    ) -> io::Result<Response> {
        let len = file.metadata()?.len();
        let (at, insert) = match insert {
            Some(insert) => (rfind(&mut file, len, before)?.unwrap_or(len), insert),
            None => (len, Vec::new()),
        };
        let mut response = Response::bytes(status, Vec::new(), kind);
        response.body = Body::File {
            file,
            len,
            at,
            insert,
        };
        Ok(response)
    }

    pub(crate) fn with(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.replace(['\r', '\n'], "")));
        self
    }

    /// A header's value, for tests of what is answered.
    #[cfg(test)]
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body, when it is held in memory.
    #[cfg(test)]
    pub(crate) fn body(&self) -> Option<&[u8]> {
        match &self.body {
            Body::Bytes(bytes) => Some(bytes),
            Body::File { .. } => None,
        }
    }

    fn body_len(&self) -> u64 {
        match &self.body {
            Body::Bytes(bytes) => bytes.len() as u64,
            Body::File { len, insert, .. } => len + insert.len() as u64,
        }
    }

    /// Writes the status line, headers (with the body's length, for HEAD
    /// too) and, unless `head_only`, the body.
    pub(crate) fn write_to(&self, out: &mut impl Write, head_only: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!(
            "Content-Length: {}\r\nConnection: close\r\n\r\n",
            self.body_len()
        ));
        let mut head = head.into_bytes();
        match &self.body {
            _ if head_only => out.write_all(&head)?,
            Body::Bytes(bytes) => {
                head.extend_from_slice(bytes);
                out.write_all(&head)?;
            }
            Body::File {
                file,
                len,
                at,
                insert,
            } => {
                out.write_all(&head)?;
                let mut file = file;
                file.seek(SeekFrom::Start(0))?;
                copy_exactly(&mut file, *at, out)?;
                out.write_all(insert)?;
                copy_exactly(&mut file, len - at, out)?;
            }
        }
        out.flush()
    }
}

/// Copies `count` bytes; an error if the file ends first (it was cut
/// short while served: the length sent would be a lie).
fn copy_exactly(file: &mut &File, count: u64, out: &mut impl Write) -> io::Result<()> {
    let copied = io::copy(&mut file.take(count), out)?;
    if copied == count {
        Ok(())
    } else {
        Err(io::ErrorKind::UnexpectedEof.into())
    }
}

/// Where the last `needle` in the first `len` bytes of `file` starts,
/// reading it backwards a chunk at a time.
fn rfind(file: &mut File, len: u64, needle: &[u8]) -> io::Result<Option<u64>> {
    const CHUNK: u64 = 64 * 1024;
    if needle.is_empty() {
        return Ok(None);
    }
    let overlap = needle.len() as u64 - 1;
    let mut buffer = Vec::new();
    let mut end = len;
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        // Past `end` by one needle less a byte: a match straddling the
        // chunks is seen here.
        let window_end = (end + overlap).min(len);
        buffer.resize((window_end - start) as usize, 0);
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buffer)?;
        if let Some(i) = buffer.windows(needle.len()).rposition(|w| w == needle) {
            return Ok(Some(start + i as u64));
        }
        end = start;
    }
    Ok(None)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_responses_carry_the_length_but_no_body() {
        let response = Response::text(200, "hello\n").with("Location", "/a\r\nX: y");
        let mut head = Vec::new();
        response.write_to(&mut head, true).unwrap();
        assert_eq!(
            String::from_utf8(head).unwrap(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n\
Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nLocation: /aX: y\r\n\
Content-Length: 6\r\nConnection: close\r\n\r\n"
        );
    }

    fn served(text: &[u8], insert: Option<&str>) -> String {
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(text).unwrap();
        let response = Response::file(
            200,
            file,
            "text/html",
            insert.map(|i| i.as_bytes().to_vec()),
            b"</body>",
        )
        .unwrap();
        let mut bytes = Vec::new();
        response.write_to(&mut bytes, false).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(
            head.contains(&format!("\r\nContent-Length: {}\r\n", body.len())),
            "{head}"
        );
        body.to_owned()
    }

    #[test]
    fn a_file_is_streamed_with_the_insert_before_the_last_body_end() {
        assert_eq!(
            served(b"<body>a</body>b</body>c", Some("<s>")),
            "<body>a</body>b<s></body>c"
        );
        assert_eq!(served(b"<p>no end", Some("<s>")), "<p>no end<s>");
        assert_eq!(served(b"<body></body>", None), "<body></body>");
        assert_eq!(served(b"", Some("<s>")), "<s>");
    }

    #[test]
    fn the_last_body_end_is_found_across_chunks() {
        // `</body>` at every offset around the 64 KiB chunk boundary, in a
        // file longer than one chunk.
        let total = 64 * 1024 + 100;
        for at in (total - 64 * 1024 - 10)..(total - 64 * 1024 + 10) {
            let mut text = vec![b'x'; total];
            text[at..at + 7].copy_from_slice(b"</body>");
            let mut file = tempfile::tempfile().unwrap();
            file.write_all(&text).unwrap();
            let found = rfind(&mut file, total as u64, b"</body>").unwrap();
            assert_eq!(found, Some(at as u64), "at {at}");
        }
        let mut file = tempfile::tempfile().unwrap();
        file.write_all(&vec![b'x'; 3 * 64 * 1024]).unwrap();
        assert_eq!(rfind(&mut file, 3 * 64 * 1024, b"</body>").unwrap(), None);
    }
}
