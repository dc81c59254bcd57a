//! The HTTP side of `brief serve`: which hosts are answered, which file a
//! URL names (never one outside the output folder), its content type, the
//! reload snippet and diagnostics banner injected into served pages, and
//! the server-sent events that tell open pages to reload.
//!
//! Nothing here writes to the output folder: what is injected exists only
//! in responses.

use std::io::{self, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::limits;
use super::request::Request;
use super::response::Response;

/// The path of the event stream pages listen to; no output has it, since
/// output names never start with `_`.
pub(crate) const EVENTS_PATH: &str = "/__brief/events";

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
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
pub(crate) fn resolve(root: &Path, target: &str) -> Resolved {
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
pub(crate) fn content_type(path: &Path) -> &'static str {
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
pub(crate) struct PageState {
    /// Increases with every rebuild, good or not.
    pub generation: u64,
    /// Diagnostics (plain text) of the last rebuild, when it failed.
    pub banner: Option<String>,
}

/// Where the reload script goes: before the last of these, or at the end.
const BODY_END: &str = "</body>";

/// Inserts the reload script, and the banner if any, before `</body>`
/// (or at the end when there is none).
pub(crate) fn inject(html: &str, state: &PageState) -> String {
    let snippet = snippet(state);
    match html.rfind(BODY_END) {
        Some(at) => format!("{}{snippet}{}", &html[..at], &html[at..]),
        None => format!("{html}{snippet}"),
    }
}

/// The reload script, after the banner of a failed rebuild if any. The
/// banner scrolls when long, so it takes keyboard focus (`tabindex`).
fn snippet(state: &PageState) -> String {
    let mut snippet = String::new();
    if let Some(banner) = &state.banner {
        snippet.push_str(
            "<div id=\"brief-serve-banner\" role=\"alert\" tabindex=\"0\" style=\"position:fixed;top:0;left:0;\
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
    snippet
}

/// Open event streams, told of every rebuild; at most `limits::STREAMS`.
#[derive(Default)]
pub(crate) struct Clients {
    streams: Mutex<Vec<TcpStream>>,
}

impl Clients {
    /// Tells every open page the build generation; drops closed streams.
    pub(crate) fn broadcast(&self, generation: u64) {
        let event = reload_event(generation);
        let mut streams = self.lock();
        streams.retain_mut(|stream| send(stream, event.as_bytes()));
    }

    /// A comment line, so streams whose page has gone are noticed and dropped.
    pub(crate) fn keep_alive(&self) {
        let mut streams = self.lock();
        streams.retain_mut(|stream| send(stream, PING));
    }

    /// Starts an event stream on `stream` (the response head and the
    /// current generation) and keeps it, unless `limits::STREAMS` are
    /// open even after dropping those whose page has gone: then `stream`
    /// is handed back untouched, to be refused. New streams are the ones
    /// refused, so no client can push an open page off the list.
    pub(crate) fn open(&self, mut stream: TcpStream, generation: u64) -> Result<(), TcpStream> {
        let mut streams = self.lock();
        if streams.len() >= limits::STREAMS {
            streams.retain(|stream| !peer_closed(stream));
        }
        if streams.len() >= limits::STREAMS {
            return Err(stream);
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 500\n\n{}",
            reload_event(generation)
        );
        if send(&mut stream, head.as_bytes()) {
            streams.push(stream);
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<TcpStream>> {
        self.streams.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Whether the page of an event stream has closed it. Pages send nothing
/// on the stream, so anything but "nothing to read yet" means it is gone.
fn peer_closed(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0];
    let open = matches!(stream.peek(&mut byte), Err(e) if e.kind() == io::ErrorKind::WouldBlock);
    stream.set_nonblocking(false).is_err() || !open
}

const PING: &[u8] = b": ping\n\n";

/// Writes to an event stream; false once its page has gone.
fn send(stream: &mut TcpStream, bytes: &[u8]) -> bool {
    stream.write_all(bytes).is_ok() && stream.flush().is_ok()
}

fn reload_event(generation: u64) -> String {
    format!("event: reload\ndata: {generation}\n\n")
}

/// Everything a request handler reads.
pub(crate) struct Site {
    /// The canonical output folder.
    pub root: PathBuf,
    /// The port the server listens on: the only one `Host` may name.
    pub port: u16,
    pub state: Mutex<PageState>,
    pub clients: Clients,
}

impl Site {
    pub(crate) fn page_state(&self) -> PageState {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Whether a request's `Host` names this server: `127.0.0.1`, `localhost`
/// or `[::1]` (any case) with its port. This is what defeats DNS
/// rebinding: a page that rebinds its own name to 127.0.0.1 still sends
/// that name. The port must be written, and be this server's: the one
/// form every browser and HTTP client sends for a port other than 80.
pub(crate) fn host_is_served(host: Option<&str>, port: u16) -> bool {
    let Some((name, given_port)) = host.and_then(|host| host.rsplit_once(':')) else {
        return false;
    };
    let named = ["127.0.0.1", "localhost", "[::1]"]
        .iter()
        .any(|served| name.eq_ignore_ascii_case(served));
    named && given_port == port.to_string()
}

/// The body of a 421: which hosts are served.
fn misdirected(port: u16) -> Response {
    Response::text(
        421,
        &format!(
            "misdirected request: this server answers only Host 127.0.0.1:{port}, \
localhost:{port} or [::1]:{port}\n"
        ),
    )
}

/// What to do with a request.
#[derive(Debug)]
pub(crate) enum Answer {
    /// Send this response (without its body for HEAD), then close.
    Respond { response: Response, head_only: bool },
    /// Keep the connection as a reload event stream (`Clients::open`).
    Events,
}

/// Answers one request: a file, the event stream, or an error page.
/// Requests whose `Host` is not this server's get 421 whatever they ask,
/// the event stream included.
pub(crate) fn answer(site: &Site, request: &Request) -> Answer {
    let respond = |response, head_only| Answer::Respond {
        response,
        head_only,
    };
    if !host_is_served(request.host.as_deref(), site.port) {
        return respond(misdirected(site.port), false);
    }
    // Another site's page cannot read a response (no CORS headers), but it
    // could still hold reload streams or make the server work: only a
    // navigation (a link followed, a URL typed) is answered across sites.
    if request.cross_site {
        return respond(Response::text(403, "cross-site request refused\n"), false);
    }
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            let response = Response::text(405, "method not allowed\n").with("Allow", "GET, HEAD");
            return respond(response, false);
        }
    };
    let url = request.target.as_str();
    if url.split('?').next() == Some(EVENTS_PATH) {
        if head_only {
            let response = Response::bytes(200, Vec::new(), "text/event-stream");
            return respond(response, true);
        }
        return Answer::Events;
    }
    let response = match resolve(&site.root, url) {
        Resolved::File(path) => file_response(site, &path),
        Resolved::Redirect(location) => Response::text(301, "moved\n").with("Location", &location),
        Resolved::NotFound => {
            let state = site.page_state();
            let page = inject(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
<body><h1>Not found</h1><p><a href=\"/\">Index of briefs</a></p></body></html>",
                &state,
            );
            Response::bytes(404, page.into_bytes(), "text/html; charset=utf-8")
        }
        Resolved::Forbidden => Response::text(403, "forbidden\n"),
        Resolved::BadRequest => Response::text(400, "bad request\n"),
    };
    respond(response, head_only)
}

fn file_response(site: &Site, path: &Path) -> Response {
    let kind = content_type(path);
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        // Renamed over between resolving and opening: ask again.
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Response::text(404, "not found\n");
        }
        Err(_) => return Response::text(500, "could not read the file\n"),
    };
    // Streamed, never read whole: a packet page can be 60 MB, and every
    // worker may be sending one.
    let snippet = kind
        .starts_with("text/html")
        .then(|| snippet(&site.page_state()).into_bytes());
    Response::file(200, file, kind, snippet, BODY_END.as_bytes())
        .unwrap_or_else(|_| Response::text(500, "could not read the file\n"))
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

    #[test]
    fn only_loopback_names_with_this_port_are_served() {
        for host in [
            "127.0.0.1:8123",
            "localhost:8123",
            "LOCALHOST:8123",
            "LocalHost:8123",
            "[::1]:8123",
            "LocalHost:8123",
        ] {
            assert!(host_is_served(Some(host), 8123), "{host}");
        }
        for host in [
            "evil.example:8123",
            "127.0.0.1.evil.example",
            "127.0.0.1.evil.example:8123",
            "localhost.:8123",
            "localhost:8124",
            "localhost:08123",
            "localhost:",
            "localhost:8123.evil.example",
            "[::1]:8123@evil.example",
            "[::2]:8123",
            "127.0.0.2:8123",
            "0.0.0.0:8123",
            "",
            ":8123",
            // No port: only ever sent for port 80.
            "127.0.0.1",
            "localhost",
            "[::1]",
        ] {
            assert!(!host_is_served(Some(host), 8123), "{host}");
        }
        assert!(!host_is_served(None, 8123));
    }

    fn request(method: &str, target: &str, host: Option<&str>) -> Request {
        Request {
            method: method.into(),
            target: target.into(),
            host: host.map(str::to_owned),
            cross_site: false,
        }
    }

    fn answered(site: &Site, request: &Request) -> Response {
        match answer(site, request) {
            Answer::Respond { response, .. } => response,
            Answer::Events => panic!("an event stream for {request:?}"),
        }
    }

    #[test]
    fn a_foreign_host_gets_421_whatever_it_asks_and_no_cors_headers() {
        let (_dir, root) = site();
        let site = Site {
            root,
            port: 8123,
            state: Mutex::new(PageState::default()),
            clients: Clients::default(),
        };
        for target in ["/", "/a.json", EVENTS_PATH, "/../secret.txt"] {
            for method in ["GET", "HEAD", "POST"] {
                let response = answered(&site, &request(method, target, Some("evil.example:8123")));
                assert_eq!(response.status, 421, "{method} {target}");
                assert_eq!(
                    String::from_utf8_lossy(response.body().unwrap()),
                    "misdirected request: this server answers only Host 127.0.0.1:8123, \
localhost:8123 or [::1]:8123\n"
                );
            }
        }
        let good = Some("127.0.0.1:8123");
        assert!(matches!(
            answer(&site, &request("GET", "/__brief/events?x", good)),
            Answer::Events
        ));
        let response = answered(&site, &request("GET", "/a.json", good));
        assert_eq!(response.status, 200);
        assert_eq!(response.header("Content-Type"), Some("application/json"));
        let post = answered(&site, &request("POST", "/a.json", good));
        assert_eq!(
            (post.status, post.header("Allow")),
            (405, Some("GET, HEAD"))
        );
        for response in [response, post] {
            let mut bytes = Vec::new();
            response.write_to(&mut bytes, false).unwrap();
            let text = String::from_utf8_lossy(&bytes).to_ascii_lowercase();
            assert!(!text.contains("access-control-"), "{text}");
        }
    }
}
