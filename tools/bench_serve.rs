//! `brief serve`'s incremental rebuild against a full build of the same
//! workspace, in one process (no watcher, no HTTP: the rebuild alone).
//!
//! ```sh
//! cargo run --release --example bench-serve -- DIR [RUNS] [FORMATS]
//! ```
//!
//! Builds `DIR` in full with the incremental engine (`brief::serve::cache`)
//! into `DIR/out-bench`, RUNS times from a cold engine; then edits one note
//! RUNS times (its title, as an analyst would) and times the rebuild the
//! engine makes for that one path. FORMATS is a comma-separated list
//! (default `html,json`, what `serve` writes). Prints the times in
//! milliseconds and the ratio of the median edit to the median full build.
//! The note is restored afterwards. See tools/bench-serve.sh, BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use brief::render::Format;
use brief::serve::cache::{Changed, Engine, Settings};
use brief::write::OutputDir;

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: bench-serve DIR [RUNS] [FORMATS]");
        return ExitCode::from(2);
    };
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    let formats: Vec<Format> = args
        .next()
        .unwrap_or_else(|| "html,json".to_owned())
        .split(',')
        .map(|f| match f {
            "html" => Format::Html,
            "pdf" => Format::Pdf,
            _ => Format::Json,
        })
        .collect();
    let settings = Settings {
        formats,
        source_date_epoch: Some(0),
        pdf_standard: None,
    };
    let out = OutputDir::prepare_quietly(&root, &root.join("out-bench")).expect("output folder");

    let mut full = Vec::new();
    let mut engine = None;
    for _ in 0..runs {
        let mut fresh = Engine::new(&root, settings.clone());
        let started = Instant::now();
        let report = fresh
            .update(&Changed::Everything, &out)
            .expect("full build");
        full.push(started.elapsed().as_secs_f64() * 1000.0);
        assert!(!report.blocked, "the corpus has errors");
        engine = Some(fresh);
    }
    let mut engine = engine.expect("at least one run");

    let note = first_note(&root.join("briefs")).expect("a note");
    let relative = note.strip_prefix(&root).expect("inside").to_path_buf();
    let original = std::fs::read_to_string(&note).expect("read the note");
    let mut edits = Vec::new();
    let mut rendered = (0, 0);
    for run in 0..runs {
        let edited = original.replacen("title: ", &format!("title: Edit {run} — "), 1);
        std::fs::write(&note, edited).expect("edit the note");
        let started = Instant::now();
        let report = engine
            .update(&Changed::Paths(vec![relative.clone()]), &out)
            .expect("rebuild");
        edits.push(started.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(report.parsed, 1);
        rendered = (report.briefs, report.packets);
    }
    std::fs::write(&note, &original).expect("restore the note");

    let full_median = median(&mut full);
    let edit_median = median(&mut edits);
    println!("note edited: {}", relative.display());
    println!(
        "full build ({} briefs, {} packets): median {full_median:.1} ms, min {:.1} ms",
        engine.brief_count(),
        engine.packet_count(),
        full[0]
    );
    println!(
        "one-note edit (re-rendered {} brief, {} packets, index): median {edit_median:.1} ms, min {:.1} ms",
        rendered.0, rendered.1, edits[0]
    );
    println!(
        "ratio edit / full: {:.1}%",
        edit_median / full_median * 100.0
    );
    ExitCode::SUCCESS
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn first_note(dir: &Path) -> Option<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            if let Some(note) = first_note(&path) {
                return Some(note);
            }
        } else if path.extension().is_some_and(|e| e == "md") {
            return Some(path);
        }
    }
    None
}
