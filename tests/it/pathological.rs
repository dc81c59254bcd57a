//! Notes no analyst writes on purpose, but a paste or a script can: one
//! enormous word, URL or title, a letter under 200,000 accents, half a
//! million `&amp;` in a row (issue 16). Each builds as PDF, and the PDF is
//! whole. How long they take is in BENCHMARKS.md ("Pathological notes"),
//! never asserted here; that each line fits its measure is asserted by the
//! unit tests of `render/pdf/layout/inline.rs`.

use std::process::Command;

use crate::util::Workspace;

/// A word of `n` letters, a to z over and over.
fn letters(n: usize) -> String {
    ('a'..='z').cycle().take(n).collect()
}

fn note(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2026-11-20\n---\n{body}\n")
}

/// Builds `note` as the one note of a brief, as PDF only; returns the
/// workspace and the PDF.
fn build_pdf(note: &str) -> (Workspace, Vec<u8>) {
    let ws = Workspace::new()
        .note("briefs/talks/a.md", note)
        .args(["build", "--format", "pdf", "--quiet"]);
    let out = ws.run();
    assert_eq!(out.status, 0, "stderr:\n{}", out.stderr);
    let pdf = std::fs::read(ws.path().join("out/talks.pdf")).expect("the brief's PDF");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let tail = pdf.trim_ascii_end();
    assert!(tail.ends_with(b"%%EOF"), "the PDF is cut short");
    let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads the PDF back");
    assert!(!doc.get_pages().is_empty());
    (ws, pdf)
}

fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .expect("lopdf reads the PDF back")
        .get_pages()
        .len()
}

#[test]
fn an_80000_letter_word_builds() {
    let word = letters(80_000);
    let (_, pdf) = build_pdf(&note("Long word", &format!("Before {word} after.")));
    // About 85 letters a line, 50 lines a page.
    assert!(
        (10..100).contains(&page_count(&pdf)),
        "{}",
        page_count(&pdf)
    );
}

#[test]
fn a_1_mb_url_builds() {
    let url = format!("https://example.com/{}", letters(1_000_000));
    build_pdf(&note("Long URL", &format!("See <{url}> for more.")));
}

#[test]
fn a_letter_under_200000_accents_builds_like_a_letter_without() {
    let accents = "\u{301}".repeat(200_000);
    let (_, plain) = build_pdf(&note("Accents", "One a only."));
    let (_, pdf) = build_pdf(&note("Accents", &format!("One a{accents} only.")));
    // All but 30 of the marks are dropped: no page more.
    assert_eq!(page_count(&pdf), page_count(&plain));
}

#[test]
fn half_a_million_ampersands_build() {
    let amps = "&amp;".repeat(500_000);
    build_pdf(&note("Ampersands", &format!("Here: {amps} end.")));
}

#[test]
fn a_1_mb_title_builds() {
    build_pdf(&note(&letters(1_000_000), "Lede."));
}

#[test]
fn a_1_mb_brief_title_builds_into_every_running_head() {
    let ws = Workspace::new()
        .config(&format!(
            "title: Test\nbriefs:\n  talks:\n    title: {}\n",
            letters(1_000_000)
        ))
        .note("briefs/talks/a.md", &note("Short", "Lede."))
        .args(["build", "--format", "pdf", "--quiet"]);
    let out = ws.run();
    assert_eq!(out.status, 0, "stderr:\n{}", out.stderr);
    let pdf = std::fs::read(ws.path().join("out/talks.pdf")).expect("the brief's PDF");
    assert!(pdf.trim_ascii_end().ends_with(b"%%EOF"));
    assert!(page_count(&pdf) > 100);
}

/// The text of `page` (1-based) of `pdf`, by pdftotext.
fn pdftotext(ws: &Workspace, page: usize) -> String {
    let path = ws.path().join("out/talks.pdf");
    let out = Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string(), "-raw"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(out.status.success());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs pdftotext"]
fn the_broken_word_reads_back_whole() {
    let word = letters(20_000);
    let (ws, pdf) = build_pdf(&note("Long word", &format!("Before {word} after.")));
    let text: String = (1..=page_count(&pdf))
        .map(|page| pdftotext(&ws, page))
        .collect();
    // The word's lines, between the running heads of each page.
    let joined: String = text
        .lines()
        .map(|line| {
            line.trim_start_matches("Before ")
                .trim_end_matches(" after.")
        })
        .filter(|line| !line.is_empty() && line.bytes().all(|b| b.is_ascii_lowercase()))
        .collect();
    assert!(
        joined.contains(&word),
        "the word's pieces, joined, are not it"
    );
}
