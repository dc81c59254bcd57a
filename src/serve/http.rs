//! The HTTP side of `brief serve`: which file a URL names (never one
//! outside the output folder), its content type, the reload snippet and
//! diagnostics banner injected into served pages, and the server-sent
//! events that tell open pages to reload.
//!
//! Nothing here writes to the output folder: what is injected exists only
//! in responses.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tiny_http::{Header, Method, Request, Response, StatusCode};

/// The path of the event stream pages listen to; no output has it, since
/// output names never start with `_`.
pub const EVENTS_PATH: &str = "/__brief/events";

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A regular file inside the output folder.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect here so
    /// relative links in its index.html work.
    Redirect(String),
    NotFound,
    /// Traversal, encoded separators, hidden files or a link out of the
    /// output folder.
    Forbidden,
    BadRequest,
}

/// Resolves a request target against `root`, the canonical output folder.
///
/// Refuses `..` (plain or percent-encoded), encoded `/` and `\`, NUL,
/// hidden names (temporary files of a build in progress), targets that
/// are not origin-form (`http://…`, `*`), and anything whose canonical path
/// leaves `root` (a symbolic link out). Folders serve their `index.html`
/// only: there is no listing.
pub fn resolve(root: &Path, target: &str) -> Resolved {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let mut relative = PathBuf::new();
    let raw_segments: Vec<&str> = path[1..].split('/').collect();
    for (index, raw) in raw_segments.iter().enumerate() {
        let Some(segment) = percent_decode(raw) else {
            return Resolved::BadRequest;
        };
        if segment.is_empty() {
            // `//x` would read as an absolute path to some; only a final
            // empty segment (a trailing slash) is allowed.
            if index + 1 == raw_segments.len() {
                continue;
            }
            return Resolved::Forbidden;
        }
        let unsafe_segment =
            segment == "." || segment.starts_with('.') || segment.contains(['/', '\\', '\0', ':']);
        if unsafe_segment {
            return Resolved::Forbidden;
        }
        relative.push(segment);
    }
    let candidate = root.join(&relative);
    let Ok(canonical) = candidate.canonicalize() else {
        return Resolved::NotFound;
    };
    if !canonical.starts_with(root) {
        return Resolved::Forbidden;
    }
    if canonical.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        let index = canonical.join("index.html");
        return match index.canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Resolved::File(index),
            Ok(_) => Resolved::Forbidden,
            Err(_) => Resolved::NotFound,
        };
    }
    if canonical.is_file() {
        Resolved::File(canonical)
    } else {
        Resolved::NotFound
    }
}

/// `%XX` sequences decoded; `None` for a malformed sequence or a result
/// that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of an output, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "json" => "application/json",
        "pdf" => "application/pdf",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "woff2" => "font/woff2",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// What served pages show beyond the built file: the build generation
/// they belong to, and the diagnostics of a failed rebuild.
#[derive(Debug, Clone, Default)]
pub struct PageState {
    /// Increases with every rebuild, good or not.
    pub generation: u64,
    /// Diagnostics (plain text) of the last rebuild, when it failed.
    pub banner: Option<String>,
}

/// Inserts the reload script, and the banner if any, before `</body>`
/// (or at the end when there is none).
pub fn inject(html: &str, state: &PageState) -> String {
    let mut snippet = String::new();
    if let Some(banner) = &state.banner {
        snippet.push_str(
            "<div id=\"brief-serve-banner\" role=\"alert\" style=\"position:fixed;top:0;left:0;\
right:0;z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:0.75em 1em;\
background:#fff4f4;color:#8b0000;border-bottom:3px solid #c00;font:13px/1.4 monospace\">\
<strong>brief serve: the last change has problems; showing the last good build</strong>\
<pre style=\"white-space:pre-wrap;margin:0.5em 0 0\">",
        );
        snippet.push_str(&crate::render::markdown::escape(banner));
        snippet.push_str("</pre></div>");
    }
    snippet.push_str(&format!(
        "<script>(function(){{var g=\"{}\";var s=new EventSource(\"{EVENTS_PATH}\");\
s.addEventListener(\"reload\",function(e){{if(e.data!==g){{s.close();location.reload();}}}});}})();</script>",
        state.generation
    ));
    match html.rfind("</body>") {
        Some(at) => format!("{}{snippet}{}", &html[..at], &html[at..]),
        None => format!("{html}{snippet}"),
    }
}

/// Open event streams, told of every rebuild.
#[derive(Default)]
pub struct Clients {
    streams: Mutex<Vec<Box<dyn Write + Send>>>,
}

impl Clients {
    /// Tells every open page the build generation; drops closed streams.
    pub fn broadcast(&self, generation: u64) {
        let event = reload_event(generation);
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams.retain_mut(|stream| {
            stream.write_all(event.as_bytes()).is_ok() && stream.flush().is_ok()
        });
    }

    /// A comment line, so streams whose page has gone are noticed and dropped.
    pub fn keep_alive(&self) {
        let mut streams = self.streams.lock().unwrap_or_else(|e| e.into_inner());
        streams
            .retain_mut(|stream| stream.write_all(b": ping\n\n").is_ok() && stream.flush().is_ok());
    }

    pub fn len(&self) -> usize {
        self.streams.lock().map_or(0, |s| s.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn add(&self, stream: Box<dyn Write + Send>) {
        self.streams
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(stream);
    }
}

fn reload_event(generation: u64) -> String {
    format!("event: reload\ndata: {generation}\n\n")
}

/// Everything a request handler reads.
pub struct Site {
    /// The canonical output folder.
    pub root: PathBuf,
    pub state: Mutex<PageState>,
    pub clients: Clients,
}

impl Site {
    pub fn page_state(&self) -> PageState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Answers one request: a file, the event stream, or an error page.
pub fn handle(site: &Arc<Site>, request: Request) -> io::Result<()> {
    let head = match request.method() {
        Method::Get => false,
        Method::Head => true,
        _ => {
            let response = text_response(405, "method not allowed\n")
                .with_header(header("Allow", "GET, HEAD"));
            return request.respond(response);
        }
    };
    let url = request.url().to_owned();
    if url.split('?').next() == Some(EVENTS_PATH) {
        return open_stream(site, request);
    }
    let response = match resolve(&site.root, &url) {
        Resolved::File(path) => file_response(site, &path)?,
        Resolved::Redirect(location) => {
            text_response(301, "moved\n").with_header(header("Location", &location))
        }
        Resolved::NotFound => {
            let state = site.page_state();
            let page = inject(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p><a href=\"/\">Index of briefs</a></p></body></html>",
                &state,
            );
            bytes_response(404, page.into_bytes(), "text/html; charset=utf-8")
        }
        Resolved::Forbidden => text_response(403, "forbidden\n"),
        Resolved::BadRequest => text_response(400, "bad request\n"),
    };
    if head {
        let status = response.status_code();
        let headers = response.headers().to_vec();
        let mut empty = Response::empty(status);
        for h in headers {
            empty.add_header(h);
        }
        return request.respond(empty);
    }
    request.respond(response)
}

fn file_response(site: &Site, path: &Path) -> io::Result<Response<io::Cursor<Vec<u8>>>> {
    let kind = content_type(path);
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        // Renamed over between resolving and reading: ask again.
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Ok(text_response(404, "not found\n"));
        }
        Err(error) => return Err(error),
    };
    let bytes = if kind.starts_with("text/html") {
        inject(&String::from_utf8_lossy(&bytes), &site.page_state()).into_bytes()
    } else {
        bytes
    };
    Ok(bytes_response(200, bytes, kind))
}

fn open_stream(site: &Arc<Site>, request: Request) -> io::Result<()> {
    let generation = site.page_state().generation;
    let mut stream = request.into_writer();
    // Written by hand: tiny_http buffers chunked bodies, and events must
    // reach the page as they happen.
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n{}",
        reload_event(generation)
    )?;
    stream.flush()?;
    site.clients.add(stream);
    Ok(())
}

fn header(name: &str, value: &str) -> Header {
    // Names and values here are ASCII constants or validated paths.
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|()| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("ascii"))
}

fn bytes_response(status: u16, bytes: Vec<u8>, kind: &str) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_data(bytes)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text_response(status: u16, text: &str) -> Response<io::Cursor<Vec<u8>>> {
    bytes_response(
        status,
        text.as_bytes().to_vec(),
        "text/plain; charset=utf-8",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("packets")).unwrap();
        std::fs::write(out.join("index.html"), "<html><body>i</body></html>").unwrap();
        std::fs::write(out.join("a.json"), "{}").unwrap();
        std::fs::write(out.join("packets/p.html"), "p").unwrap();
        std::fs::write(out.join(".brief-tmp-1-a.json"), "half").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = out.canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn files_inside_resolve() {
        let (_dir, root) = site();
        assert_eq!(
            resolve(&root, "/a.json"),
            Resolved::File(root.join("a.json"))
        );
        assert_eq!(
            resolve(&root, "/a.json?x=1#y"),
            Resolved::File(root.join("a.json"))
        );
        assert_eq!(resolve(&root, "/"), Resolved::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/packets/p.html"),
            Resolved::File(root.join("packets/p.html"))
        );
        assert_eq!(
            resolve(&root, "/%61.json"),
            Resolved::File(root.join("a.json"))
        );
        assert_eq!(resolve(&root, "/nope.html"), Resolved::NotFound);
    }

    #[test]
    fn traversal_is_refused() {
        let (_dir, root) = site();
        for target in [
            "/../secret.txt",
            "/packets/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/packets%2f..%2f..%2fsecret.txt",
            "/./a.json",
        ] {
            assert_eq!(resolve(&root, target), Resolved::Forbidden, "{target}");
        }
    }

    #[test]
    fn absolute_paths_are_refused() {
        let (dir, root) = site();
        let secret = dir.path().join("secret.txt");
        let encoded = secret.to_string_lossy().replace('/', "%2F");
        for target in [
            format!("/{encoded}"),
            format!("/{}", secret.display()),
            format!("/{encoded}").replace("%2F", "%2f"),
            "//etc/passwd".to_owned(),
            "/C:%5Cwindows".to_owned(),
        ] {
            let resolved = resolve(&root, &target);
            assert!(
                matches!(resolved, Resolved::Forbidden),
                "{target}: {resolved:?}"
            );
        }
        assert_eq!(
            resolve(&root, "http://127.0.0.1/a.json"),
            Resolved::BadRequest
        );
        assert_eq!(resolve(&root, "*"), Resolved::BadRequest);
        assert_eq!(resolve(&root, "/%zz"), Resolved::BadRequest);
        assert_eq!(resolve(&root, "/%ff"), Resolved::BadRequest);
        assert_eq!(resolve(&root, "/a%00.json"), Resolved::Forbidden);
    }

    #[test]
    fn hidden_and_temporary_files_are_refused() {
        let (_dir, root) = site();
        assert_eq!(resolve(&root, "/.brief-tmp-1-a.json"), Resolved::Forbidden);
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_folder_are_refused() {
        let (dir, root) = site();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        std::os::unix::fs::symlink(root.join("a.json"), root.join("inside.json")).unwrap();
        assert_eq!(resolve(&root, "/leak.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/up/secret.txt"), Resolved::Forbidden);
        assert_eq!(resolve(&root, "/up/"), Resolved::Forbidden);
        assert_eq!(
            resolve(&root, "/inside.json"),
            Resolved::File(root.join("a.json"))
        );
    }

    #[test]
    fn folders_redirect_then_serve_their_index_but_never_list() {
        let (_dir, root) = site();
        assert_eq!(
            resolve(&root, "/packets"),
            Resolved::Redirect("/packets/".to_owned())
        );
        assert_eq!(resolve(&root, "/packets/"), Resolved::NotFound);
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.json")), "application/json");
        assert_eq!(content_type(Path::new("a.PDF")), "application/pdf");
        assert_eq!(
            content_type(Path::new("style.css")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }

    #[test]
    fn the_snippet_goes_before_the_body_end_and_the_banner_is_escaped() {
        let state = PageState {
            generation: 7,
            banner: Some("a.md:1:1: error: <script>".to_owned()),
        };
        let page = inject("<html><body><p>x</p></body></html>", &state);
        assert!(page.ends_with("</script></body></html>"), "{page}");
        assert!(page.contains("var g=\"7\""));
        assert!(page.contains("error: &lt;script&gt;"));
        assert!(!page.contains("error: <script>"));
        let clean = inject("<p>x</p>", &PageState::default());
        assert!(!clean.contains("brief-serve-banner"));
        assert!(clean.starts_with("<p>x</p><script>"));
    }
}
