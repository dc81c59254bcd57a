//! One request head read off a connection: the request line and headers,
//! never more than `limits::HEAD_BYTES` of them, and all of them before a
//! deadline. Bodies are never read: `serve` answers GET and HEAD only.

use std::io::{self, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use super::limits;

/// What `serve` needs of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub method: String,
    /// The request target as sent (`/a.html?x`), not decoded.
    pub target: String,
    /// The `Host` header, when there is exactly one.
    pub host: Option<String>,
    /// Sent by a page of another site other than as a navigation (browsers'
    /// `Sec-Fetch-Site` and `Sec-Fetch-Mode`): a script, image or event
    /// stream another site's page asks for.
    pub cross_site: bool,
}

/// Why no request could be read.
#[derive(Debug)]
pub(crate) enum HeadError {
    /// The client closed the connection, or sent nothing before the
    /// deadline: nothing to answer.
    Idle,
    /// Part of a head arrived, the rest not before the deadline.
    TimedOut,
    /// More than `limits::HEAD_BYTES` without the end of the head.
    TooLarge,
    /// Not an HTTP/1.x request head.
    Malformed,
    /// The connection failed; nothing can be answered on it.
    Io,
}

/// A connection whose reads can be given a time limit.
pub(crate) trait TimedRead: Read {
    fn set_read_limit(&mut self, limit: Duration) -> io::Result<()>;
}

impl TimedRead for TcpStream {
    fn set_read_limit(&mut self, limit: Duration) -> io::Result<()> {
        self.set_read_timeout(Some(limit))
    }
}

/// Reads and parses one request head. At most `limits::HEAD_BYTES` are
/// ever held, whatever the client sends; bytes after the head (a body, a
/// pipelined request) are left unread or ignored.
pub(crate) fn read(source: &mut impl TimedRead, deadline: Instant) -> Result<Request, HeadError> {
    let mut buffer = vec![0; limits::HEAD_BYTES];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            return Err(HeadError::TooLarge);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(timed_out(filled));
        }
        source.set_read_limit(left).map_err(|_| HeadError::Io)?;
        let read = match source.read(&mut buffer[filled..]) {
            Ok(0) if filled == 0 => return Err(HeadError::Idle),
            Ok(0) => return Err(HeadError::Malformed),
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(timed_out(filled));
            }
            Err(_) => return Err(HeadError::Io),
        };
        // The end may straddle the previous read.
        let from = filled.saturating_sub(2);
        filled += read;
        if let Some(end) = head_end(&buffer[..filled], from) {
            return parse(&buffer[..end]);
        }
    }
}

fn timed_out(filled: usize) -> HeadError {
    if filled == 0 {
        HeadError::Idle
    } else {
        HeadError::TimedOut
    }
}

/// Where the empty line ending the head ends, searching from `from`; bare
/// LF line ends are accepted, as RFC 9112 allows.
fn head_end(bytes: &[u8], from: usize) -> Option<usize> {
    (from..bytes.len()).find_map(|i| {
        let rest = &bytes[i..];
        if rest.starts_with(b"\n\r\n") {
            Some(i + 3)
        } else if rest.starts_with(b"\n\n") {
            Some(i + 2)
        } else {
            None
        }
    })
}

/// Parses a request head: `METHOD SP TARGET SP HTTP/1.x`, then `name:
/// value` lines up to an empty one.
pub(crate) fn parse(head: &[u8]) -> Result<Request, HeadError> {
    let text = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        // A client may send an empty line before the request line.
        .skip_while(|line| line.is_empty());
    let request_line = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    let is_token = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_graphic());
    if !is_token(method) || !is_token(target) || !version.starts_with("HTTP/1.") {
        return Err(HeadError::Malformed);
    }
    let mut hosts = Vec::new();
    let (mut other_site, mut navigation) = (false, false);
    for line in lines.take_while(|line| !line.is_empty()) {
        // Folded lines (obsolete) and spaces before the colon are refused:
        // RFC 9112 §5.1, §5.2.
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        if !is_token(name) {
            return Err(HeadError::Malformed);
        }
        let value = value.trim_matches([' ', '\t']);
        if name.eq_ignore_ascii_case("host") {
            hosts.push(value);
        } else if name.eq_ignore_ascii_case("sec-fetch-site") {
            other_site = matches!(value, "cross-site" | "same-site");
        } else if name.eq_ignore_ascii_case("sec-fetch-mode") {
            navigation = value == "navigate";
        }
    }
    let host = match hosts.as_slice() {
        [host] => Some((*host).to_owned()),
        _ => None,
    };
    Ok(Request {
        method: method.to_owned(),
        target: target.to_owned(),
        host,
        cross_site: other_site && !navigation,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes handed out in the given pieces, then end of file.
    struct Pieces(Vec<Vec<u8>>);

    impl Read for Pieces {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            let Some(piece) = self.0.first_mut() else {
                return Ok(0);
            };
            let n = piece.len().min(out.len());
            out[..n].copy_from_slice(&piece[..n]);
            piece.drain(..n);
            if piece.is_empty() {
                self.0.remove(0);
            }
            Ok(n)
        }
    }

    impl TimedRead for Pieces {
        fn set_read_limit(&mut self, _: Duration) -> io::Result<()> {
            Ok(())
        }
    }

    fn read_pieces(pieces: &[&[u8]]) -> Result<Request, HeadError> {
        let mut source = Pieces(pieces.iter().map(|p| p.to_vec()).collect());
        read(&mut source, Instant::now() + Duration::from_secs(5))
    }

    #[test]
    fn a_head_split_anywhere_is_read_whole() {
        let expected = Request {
            method: "GET".into(),
            target: "/a.html?x=1".into(),
            host: Some("127.0.0.1:8000".into()),
            cross_site: false,
        };
        let head = b"GET /a.html?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nAccept: */*\r\n\r\n";
        for split in 1..head.len() {
            let (a, b) = head.split_at(split);
            assert_eq!(read_pieces(&[a, b]).unwrap(), expected, "split at {split}");
        }
        let bare = read_pieces(&[b"GET /a.html?x=1 HTTP/1.0\nhost:127.0.0.1:8000\n\nbody"]);
        assert_eq!(bare.unwrap(), expected);
    }

    #[test]
    fn requests_of_another_sites_page_are_marked_but_navigations_are_not() {
        let cross = |headers: &str| {
            parse(format!("GET / HTTP/1.1\r\nHost: x:1\r\n{headers}\r\n").as_bytes())
                .unwrap()
                .cross_site
        };
        assert!(cross(
            "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: cors\r\n"
        ));
        assert!(cross("sec-fetch-site: same-site\r\n"));
        assert!(!cross(
            "Sec-Fetch-Site: cross-site\r\nSec-Fetch-Mode: navigate\r\n"
        ));
        assert!(!cross(
            "Sec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\n"
        ));
        assert!(!cross("Sec-Fetch-Site: none\r\n"));
        assert!(!cross(""), "clients that send no fetch metadata (curl)");
    }

    #[test]
    fn host_is_kept_only_when_there_is_exactly_one() {
        let host = |head: &[u8]| parse(head).unwrap().host;
        assert_eq!(
            host(b"GET / HTTP/1.1\r\nHOST:\t x:1 \r\n\r\n"),
            Some("x:1".into())
        );
        assert_eq!(host(b"GET / HTTP/1.1\r\n\r\n"), None);
        assert_eq!(host(b"GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"), None);
    }

    #[test]
    fn what_is_not_an_http1_head_is_malformed() {
        for head in [
            &b"GET /\r\n\r\n"[..],
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/2.0\r\n\r\n",
            b"GET / HTTP/1.1 x\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert!(
                matches!(parse(head), Err(HeadError::Malformed)),
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn a_head_past_the_cap_is_too_large_and_never_buffered_past_it() {
        let line = vec![b'a'; 10 * limits::HEAD_BYTES];
        let result = read_pieces(&[b"GET / HTTP/1.1\r\nX: ", &line]);
        assert!(matches!(result, Err(HeadError::TooLarge)), "{result:?}");
        let mut fits = b"GET / HTTP/1.1\r\nX: ".to_vec();
        fits.resize(limits::HEAD_BYTES - 4, b'a');
        fits.extend_from_slice(b"\r\n\r\n");
        assert!(read_pieces(&[&fits]).is_ok());
    }

    #[test]
    fn an_early_close_is_idle_or_malformed() {
        assert!(matches!(read_pieces(&[]), Err(HeadError::Idle)));
        assert!(matches!(
            read_pieces(&[b"GET / HTTP/1.1\r\n"]),
            Err(HeadError::Malformed)
        ));
    }

    #[test]
    fn a_passed_deadline_times_out() {
        let mut source = Pieces(vec![b"GET / HTTP/1.1\r\n".to_vec()]);
        let past = Instant::now();
        assert!(matches!(read(&mut source, past), Err(HeadError::Idle)));
    }
}
