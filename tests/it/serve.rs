//! `brief serve`: the real binary on an ephemeral port, edited notes seen
//! over HTTP and as reload events, paths that must not be served, the
//! incremental engine against `brief build`, and — ignored unless
//! Chromium is installed — a headless browser reloading by itself.

use crate::util;

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use brief::render::Format;
use brief::serve::cache::{Changed, Engine, Settings};
use brief::write::OutputDir;
use tempfile::TempDir;

const DEADLINE: Duration = Duration::from_secs(20);
const NOTE: &str = "briefs/hormuz-shipping/2026-11-19-aurora-crest-released.md";

/// A copy of the repository's sample workspace.
fn sample() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("brief-serve-")
        .tempdir()
        .unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(source.join("brief.yaml"), dir.path().join("brief.yaml")).unwrap();
    copy_dir(&source.join("briefs"), &dir.path().join("briefs"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Replaces the title of the sample note, as an editor would: a temporary
/// file renamed over it.
fn retitle(root: &Path, title: &str) {
    let path = root.join(NOTE);
    let text = fs::read_to_string(&path).unwrap();
    let edited: String = text
        .lines()
        .map(|line| {
            if line.starts_with("title:") {
                format!("title: {title}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let temporary = path.with_file_name(".aurora.md.tmp");
    fs::write(&temporary, edited).unwrap();
    fs::rename(&temporary, &path).unwrap();
}

/// A running `brief serve`, stopped with SIGINT when dropped.
struct Served {
    child: Option<Child>,
    port: u16,
    stderr: PathBuf,
}

impl Served {
    fn start(root: &Path, extra: &[&str]) -> Served {
        let stderr = root.join("serve-stderr.txt");
        let mut child = Command::new(util::binary())
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(fs::File::create(&stderr).unwrap())
            .spawn()
            .unwrap();
        let port = util::served_port(&mut child);
        Served {
            child: Some(child),
            port,
            stderr,
        }
    }

    fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Sends SIGINT and waits; the exit status.
    fn stop(&mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let _ = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < DEADLINE {
            if let Some(status) = child.try_wait().unwrap() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("serve did not stop on SIGINT");
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// A raw GET: status and body.
fn get(port: u16, target: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        stream,
        "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head.to_owned(), body.to_owned())
}

/// Polls `check` until it holds or the deadline passes.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let started = Instant::now();
    while started.elapsed() < DEADLINE {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out waiting for {what}");
}

/// The reload events of one open event stream.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        write!(
            stream,
            "GET /__brief/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        assert!(line.starts_with("HTTP/1.1 200"), "{line}");
        let mut head = String::new();
        while line != "\r\n" {
            line.clear();
            reader.read_line(&mut line).unwrap();
            head.push_str(&line);
        }
        assert!(head.contains("text/event-stream"), "{head}");
        Events { reader }
    }

    /// The generation of the next reload event.
    fn next_reload(&mut self) -> u64 {
        let mut line = String::new();
        let mut is_reload = false;
        loop {
            line.clear();
            let read = self.reader.read_line(&mut line).expect("an event in time");
            assert!(read > 0, "event stream closed");
            if line.trim() == "event: reload" {
                is_reload = true;
            } else if let Some(data) = line.trim().strip_prefix("data: ")
                && is_reload
            {
                return data.parse().unwrap();
            }
        }
    }
}

#[test]
fn an_edit_is_served_and_announced_and_files_stay_clean() {
    let dir = sample();
    let mut served = Served::start(dir.path(), &[]);
    let (status, head, page) = get(served.port, "/hormuz-shipping.html");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(page.contains("EventSource(\"/__brief/events\")"));

    let mut events = Events::open(served.port);
    let first = events.next_reload();
    retitle(dir.path(), "Aurora Crest released after talks EDITED-ONE");
    let second = events.next_reload();
    assert!(second > first, "{first} then {second}");
    let (_, _, page) = get(served.port, "/hormuz-shipping.html");
    assert!(page.contains("EDITED-ONE"), "the edit is not served");

    // An invalid note: the last good page, with a banner; then fixed.
    let path = dir.path().join(NOTE);
    let good = fs::read_to_string(&path).unwrap();
    fs::write(
        &path,
        good.replacen("date: 2026-11-19", "date: 2026-13-45", 1),
    )
    .unwrap();
    let third = events.next_reload();
    assert!(third > second);
    let (_, _, page) = get(served.port, "/hormuz-shipping.html");
    assert!(page.contains("brief-serve-banner"), "no banner");
    assert!(
        page.contains("2026-13-45"),
        "the banner lacks the diagnostic"
    );
    assert!(page.contains("EDITED-ONE"), "the last good build is gone");
    fs::write(&path, good.replace("EDITED-ONE", "EDITED-TWO")).unwrap();
    events.next_reload();
    let (_, _, page) = get(served.port, "/hormuz-shipping.html");
    assert!(!page.contains("brief-serve-banner"), "the banner stayed");
    assert!(page.contains("EDITED-TWO"));

    // What was injected is in responses only, never in files.
    for entry in walk(&dir.path().join("out")) {
        // Outputs an update replaced are removed just after the reload
        // event, so one may vanish while this runs.
        let Ok(bytes) = fs::read(&entry) else {
            assert!(entry.to_string_lossy().contains("staging/old-"));
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__brief/events") && !text.contains("brief-serve-banner"),
            "{} holds the injected snippet",
            entry.display()
        );
    }
    assert_eq!(served.stop(), Some(0), "{}", served.stderr());
    let stderr = served.stderr();
    assert!(stderr.contains("    Finished "), "{stderr}");
    assert!(stderr.contains("error[bad-date]: `date`"), "{stderr}");
    assert!(stderr.contains("     Stopped serving"), "{stderr}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[test]
fn only_the_output_folder_is_served() {
    let dir = sample();
    fs::write(dir.path().join("secret.txt"), "SECRET").unwrap();
    let served = Served::start(dir.path(), &[]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("out/leak.txt"),
    )
    .unwrap();
    for target in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/..%5Csecret.txt",
        "//secret.txt",
        "/%2Fetc%2Fpasswd",
        "/leak.txt",
    ] {
        let (status, head, body) = get(served.port, target);
        assert!(
            status == 403 || status == 400 || status == 404,
            "{target}: {head}"
        );
        assert!(!body.contains("SECRET"), "{target} leaked");
    }
    let (status, head, _) = get(served.port, "/hormuz-shipping.json");
    assert_eq!(status, 200);
    assert!(head.contains("Content-Type: application/json"), "{head}");
    // A folder without index.html is not listed.
    let (status, _, body) = get(served.port, "/packets/");
    assert_eq!(status, 404);
    assert!(!body.contains("weekly-green"), "{body}");
}

#[test]
fn an_asked_port_in_use_is_a_clear_error() {
    let dir = sample();
    let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let output = Command::new(util::binary())
        .args(["serve", "--port", &port, "--root"])
        .arg(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("error: port {port} on 127.0.0.1 is in use")),
        "{stderr}"
    );
    assert!(!dir.path().join("out").exists(), "built before binding");
}

/// The outputs of `dir`, by name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walk(dir)
        .into_iter()
        .map(|p| {
            let name = p.strip_prefix(dir).unwrap().display().to_string();
            (name, fs::read(&p).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn names(dir: &Path) -> Vec<String> {
    outputs(dir).into_iter().map(|(name, _)| name).collect()
}

fn build(root: &Path, out: &Path) {
    let status = Command::new(util::binary())
        .args(["build", "--quiet", "--format", "html,json", "--root"])
        .arg(root)
        .arg("--out")
        .arg(out)
        .env_remove("SOURCE_DATE_EPOCH")
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn incremental_builds_write_what_brief_build_writes() {
    let dir = sample();
    let settings = Settings {
        formats: vec![Format::Html, Format::Json],
        source_date_epoch: None,
        pdf_standard: None,
    };
    let mut engine = Engine::new(dir.path(), settings);
    let served = dir.path().join("served");
    let out = OutputDir::prepare_quietly(dir.path(), &served).unwrap();
    let report = engine.update(&Changed::Everything, &out).unwrap();
    assert!(!report.blocked, "{:?}", report.diagnostics);
    let built = dir.path().join("built");
    build(dir.path(), &built);
    assert_eq!(outputs(&served), outputs(&built), "a full build differs");

    retitle(dir.path(), "Retitled by the test");
    let mut report = engine
        .update(&Changed::Paths(vec![PathBuf::from(NOTE)]), &out)
        .unwrap();
    // The replaced outputs are kept until the caller lets them go.
    assert!(
        names(&served).iter().any(|n| n.contains("staging/old-")),
        "{:?}",
        names(&served)
    );
    drop(report.superseded.take());
    assert!(!names(&served).iter().any(|n| n.contains("staging/old-")));
    assert_eq!(report.parsed, 1, "only the edited note is parsed again");
    assert_eq!(report.briefs, 1, "only its brief is rendered");
    assert!(
        !report
            .written
            .iter()
            .any(|n| n.starts_with("us-iran-talks"))
    );
    build(dir.path(), &built);
    assert_eq!(
        outputs(&served),
        outputs(&built),
        "an incremental build differs"
    );

    // Unchanged text (a save without edits) parses nothing.
    let report = engine
        .update(&Changed::Paths(vec![PathBuf::from(NOTE)]), &out)
        .unwrap();
    assert_eq!((report.parsed, report.briefs), (0, 0));

    // A removed note.
    fs::remove_file(dir.path().join(NOTE)).unwrap();
    engine
        .update(&Changed::Paths(vec![PathBuf::from(NOTE)]), &out)
        .unwrap();
    build(dir.path(), &built);
    assert_eq!(outputs(&served), outputs(&built), "a removal differs");
}

#[test]
fn serve_help_has_examples() {
    let output = Command::new(util::binary())
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Examples:") && text.contains("--port"),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// Headless Chromium, driven over --remote-debugging-pipe (NUL-separated
// JSON on file descriptors 3 and 4, wired to FIFOs by bash).

struct Browser {
    child: Child,
    commands: fs::File,
    replies: BufReader<fs::File>,
    next_id: u64,
    _profile: TempDir,
}

impl Browser {
    fn start(dir: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let to_browser = dir.join("cdp-in");
        let from_browser = dir.join("cdp-out");
        for fifo in [&to_browser, &from_browser] {
            assert!(Command::new("mkfifo").arg(fifo).status().unwrap().success());
        }
        let script = format!(
            "exec chromium --headless --no-sandbox --disable-gpu --no-first-run \
             --disable-background-networking --disable-component-update --disable-sync \
             --user-data-dir='{}' --remote-debugging-pipe about:blank 3<'{}' 4>'{}'",
            profile.path().display(),
            to_browser.display(),
            from_browser.display()
        );
        let child = Command::new("bash")
            .args(["-c", &script])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        let commands = fs::OpenOptions::new()
            .write(true)
            .open(&to_browser)
            .unwrap();
        let replies = BufReader::new(fs::File::open(&from_browser).unwrap());
        Browser {
            child,
            commands,
            replies,
            next_id: 1,
            _profile: profile,
        }
    }

    fn call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: serde_json::Value,
    ) -> serde_json::Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = serde_json::json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            message["sessionId"] = session.into();
        }
        self.commands
            .write_all(format!("{message}\0").as_bytes())
            .unwrap();
        self.commands.flush().unwrap();
        loop {
            let mut bytes = Vec::new();
            self.replies.read_until(0, &mut bytes).unwrap();
            assert!(!bytes.is_empty(), "chromium closed the pipe");
            bytes.pop();
            let reply: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
            if reply["id"] == id {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
#[ignore = "needs chromium"]
fn a_browser_shows_an_edit_without_a_manual_reload() {
    let dir = sample();
    let served = Served::start(dir.path(), &[]);
    let mut browser = Browser::start(dir.path());
    let url = format!("http://127.0.0.1:{}/hormuz-shipping.html", served.port);
    let target = browser.call(None, "Target.createTarget", serde_json::json!({"url": url}));
    let target_id = target["targetId"].as_str().unwrap().to_owned();
    let attached = browser.call(
        None,
        "Target.attachToTarget",
        serde_json::json!({"targetId": target_id, "flatten": true}),
    );
    let session = attached["sessionId"].as_str().unwrap().to_owned();
    let page_text = |browser: &mut Browser| -> String {
        let result = browser.call(
            Some(&session),
            "Runtime.evaluate",
            serde_json::json!({
                "expression": "document.body ? document.body.innerText : ''",
                "returnByValue": true
            }),
        );
        result["result"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    eventually("the page to load", || {
        page_text(&mut browser).contains("Aurora Crest")
    });
    // Mark this document: a reload replaces it, a manual one never happens.
    browser.call(
        Some(&session),
        "Runtime.evaluate",
        serde_json::json!({"expression": "window.__briefMark = 1"}),
    );
    retitle(dir.path(), "Released in the browser EDITED-BY-TEST");
    eventually("the page to show the edit", || {
        page_text(&mut browser).contains("EDITED-BY-TEST")
    });
    let mark = browser.call(
        Some(&session),
        "Runtime.evaluate",
        serde_json::json!({"expression": "window.__briefMark === undefined", "returnByValue": true}),
    );
    assert_eq!(
        mark["result"]["value"], true,
        "the page did not reload itself"
    );
}
