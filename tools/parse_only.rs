//! The baseline for `brief check`: merely parse a workspace's notes.
//!
//! ```sh
//! cargo run --release --example parse-only -- DIR
//! ```
//!
//! Walks `DIR/briefs` as `brief` does (walkdir, symlinks followed, sorted,
//! hidden entries skipped, `.md` files only), then in parallel (rayon) reads
//! each file, splits the front matter at its `---` lines, parses the YAML
//! with `serde_saphyr::from_str::<serde_json::Value>` and iterates every
//! pulldown-cmark event of the body (tables, footnotes, strikethrough and
//! task lists on). `DIR/brief.yaml` is parsed too, since `check` reads it.
//! No validation, no spans, no diagnostics: this is the floor that
//! `brief check` is measured against (BENCHMARKS.md).
//!
//! With `--render`, each note's body is also rendered to HTML with
//! pulldown-cmark's own `push_html` and its front matter written as JSON
//! with serde_json, every output dropped: the floor for
//! `brief build --format html,json` (run both with `RAYON_NUM_THREADS=1`
//! to compare them on one core).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use walkdir::WalkDir;

fn main() -> ExitCode {
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let render = args.iter().any(|a| a == "--render");
    args.retain(|a| a != "--render");
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: parse-only [--render] DIR");
        return ExitCode::from(2);
    };
    let config = match std::fs::read_to_string(root.join("brief.yaml")) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("parse-only: cannot read brief.yaml: {error}");
            return ExitCode::from(2);
        }
    };
    let config_ok = serde_saphyr::from_str::<serde_json::Value>(&config).is_ok();

    let files = discover(&root.join("briefs"));
    let parsed: Vec<Parsed> = files.par_iter().map(|path| parse(path, render)).collect();

    let yaml_ok = parsed.iter().filter(|p| p.yaml_ok).count();
    let events: usize = parsed.iter().map(|p| p.events).sum();
    let rendered: usize = parsed.iter().map(|p| p.rendered).sum();
    println!(
        "parsed {} notes ({yaml_ok} with valid YAML, {events} markdown events, {rendered} bytes rendered); brief.yaml {}",
        files.len(),
        if config_ok { "ok" } else { "invalid" }
    );
    ExitCode::SUCCESS
}

/// Every `.md` file under `dir`, sorted, as `brief`'s workspace walk finds them.
fn discover(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        })
        .filter_map(Result::ok)
        .filter(|entry| {
            entry.file_type().is_file() && entry.path().extension().is_some_and(|ext| ext == "md")
        })
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
}

struct Parsed {
    yaml_ok: bool,
    events: usize,
    /// Bytes of HTML and JSON written (`--render`).
    rendered: usize,
}

fn parse(path: &Path, render: bool) -> Parsed {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Parsed {
            yaml_ok: false,
            events: 0,
            rendered: 0,
        };
    };
    let (yaml, body) = split(&text);
    let front = serde_saphyr::from_str::<serde_json::Value>(yaml);
    let yaml_ok = front.is_ok();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS;
    let events = Parser::new_ext(body, options).count();
    let rendered = if render {
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, Parser::new_ext(body, options));
        let json = front.map(|v| serde_json::to_string(&v).unwrap_or_default());
        html.len() + json.map_or(0, |j| j.len())
    } else {
        0
    };
    Parsed {
        yaml_ok,
        events,
        rendered,
    }
}

/// Front matter and body: the text between the first line `---` and the next
/// line `---`, and what follows. A note without front matter is all body.
fn split(text: &str) -> (&str, &str) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return ("", text);
    };
    if first.trim_end() != "---" {
        return ("", text);
    }
    let yaml_start = first.len();
    let mut pos = yaml_start;
    for line in lines {
        if line.trim_end() == "---" {
            return (&text[yaml_start..pos], &text[pos + line.len()..]);
        }
        pos += line.len();
    }
    ("", text)
}
