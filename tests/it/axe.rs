//! Accessibility: axe-core, in the installed Chromium, finds nothing on any
//! page `brief` makes — every rule it runs by default (WCAG 2.0–2.2 A and
//! AA, and best practices), at a desktop and a phone width
//! (`tests/axe/run.mjs`). The pages: the sample's briefs (one a draft),
//! packets and index; the same built `--since 4w --window 30`; and pages as
//! `brief serve` serves them after a failed rebuild (reload script and
//! diagnostics banner). Ignored unless node, Chromium and the script's npm
//! packages (`npm ci` in tests/axe, as `.ci/run` does) are there.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::util::{self, Workspace};

/// The repository is itself a workspace: its sample is what gets checked.
const SAMPLE: &str = env!("CARGO_MANIFEST_DIR");

/// A copy of the sample workspace: brief.yaml, its notes and their figures.
fn sample() -> Workspace {
    let root = Path::new(SAMPLE);
    let mut ws = Workspace::bare().config(&fs::read_to_string(root.join("brief.yaml")).unwrap());
    for note in files(&root.join("briefs"), "md") {
        let relative = note
            .strip_prefix(root)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        ws = ws.note(&relative, &fs::read_to_string(&note).unwrap());
    }
    for extension in ["png", "jpg", "jpeg", "svg"] {
        for figure in files(&root.join("briefs"), extension) {
            let copy = ws.path().join(figure.strip_prefix(root).unwrap());
            fs::create_dir_all(copy.parent().unwrap()).unwrap();
            fs::copy(&figure, copy).unwrap();
        }
    }
    ws
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    paths.sort();
    paths
}

/// Every file under `dir` whose name ends `.<extension>`, sorted.
fn files(dir: &Path, extension: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for path in sorted(dir) {
        if path.is_dir() {
            found.extend(files(&path, extension));
        } else if path.extension().is_some_and(|e| e == extension) {
            found.push(path);
        }
    }
    found
}

/// `brief build --format html --out OUT EXTRA…` in `ws`, which must succeed.
fn build(ws: &Workspace, out: &str, extra: &[&str]) -> Vec<PathBuf> {
    let mut args = vec!["build", "--quiet", "--format", "html", "--out", out];
    args.extend_from_slice(extra);
    let output = ws.run_with(&args);
    assert_eq!(output.status, 0, "brief build: {}", output.stderr);
    files(&ws.path().join(out), "html")
}

/// A `brief serve` this test started, stopped when dropped.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the axe script on `pages` (files or URLs); fails with its report.
fn axe(pages: &[String]) {
    let folder = Path::new(SAMPLE).join("tests/axe");
    assert!(
        folder.join("node_modules/axe-core").is_dir()
            && folder.join("node_modules/puppeteer-core").is_dir(),
        "axe-core and puppeteer-core missing: run `npm ci` in {}",
        folder.display()
    );
    let output = Command::new("node")
        .arg(folder.join("run.mjs"))
        .args(pages)
        .output()
        .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "axe-core found violations:\n{report}"
    );
    // Each page at both widths, and nothing skipped.
    let checked = report.matches(" rules violated, ").count();
    assert_eq!(checked, pages.len() * 2, "{report}");
}

#[test]
#[ignore = "needs node and chromium"]
fn every_page_has_no_axe_core_violation_at_desktop_and_phone_widths() {
    let ws = sample();
    let mut built = build(&ws, "out", &[]);
    // 2 briefs (one a draft), 2 packets, the index.
    assert_eq!(built.len(), 5, "{built:?}");
    let draft = fs::read_to_string(ws.path().join("out/hormuz-shipping.html")).unwrap();
    assert!(draft.contains("class=\"draft-banner\""), "no draft brief");
    let since = build(&ws, "since", &["--since", "4w", "--window", "30"]);
    for page in &since {
        let html = fs::read_to_string(page).unwrap();
        let brief = !page.ends_with("index.html");
        assert!(!brief || html.contains("class=\"since\""), "{page:?}");
    }
    built.extend(since);
    let mut pages: Vec<String> = built.iter().map(|p| p.display().to_string()).collect();

    // Served after a failed rebuild: the last good pages, with the script
    // and a banner long enough to scroll.
    for note in files(&ws.path().join("briefs/us-iran-talks"), "md") {
        let text = fs::read_to_string(&note).unwrap();
        fs::write(&note, text.replacen("\ndate: ", "\ndate: 20260-", 1)).unwrap();
    }
    let mut child = Command::new(util::binary())
        .args(["serve", "--port", "0", "--out", "out"])
        .current_dir(ws.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("brief serve starts");
    let port = util::served_port(&mut child);
    // Kept open to the end, so that serve never writes to a closed pipe.
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let served = Served(child);
    // The first build's report ends when serve starts watching.
    let mut line = String::new();
    while !line.contains("Watching") {
        line.clear();
        assert!(stderr.read_line(&mut line).unwrap() > 0, "serve stopped");
    }
    let banner = get(port, "/us-iran-talks.html");
    assert!(banner.contains("brief-serve-banner"), "no banner");
    for page in ["/", "/us-iran-talks.html", "/packets/weekly-green.html"] {
        pages.push(format!("http://127.0.0.1:{port}{page}"));
    }
    axe(&pages);
    drop(served);
    drop(stderr);
}

/// The body of `GET path` from the server on `port` (no HTTP client among
/// the dependencies; one request per connection).
fn get(port: u16, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}
