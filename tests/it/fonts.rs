//! Scripts and fonts (issue 17): Hebrew is shipped; a script no shipped
//! face covers (CJK here) is set from the workspace's `fonts/`, and without
//! one `check` says which character has no font, where, instead of the
//! PDF drawing an empty box that copies as another character.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::util::Workspace;

const CJK_NOTE: &str = "---\ntitle: 北京 talks\ndate: 2026-11-20\nactors:\n  - name: China\n    leverage: 1\n    stakes: 3\n---\nDelegates met in 北京 and 上海 this week.\n";

fn cjk_font() -> Vec<u8> {
    fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/NotoSansCJKjp-Subset.otf"),
    )
    .expect("the test font")
}

/// The `/BaseFont` names of every font a PDF embeds.
fn embedded_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    doc.objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter(|dict| dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font"))
        .filter_map(|dict| dict.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect()
}

#[test]
fn a_character_no_font_has_is_warned_at_its_place_in_the_note() {
    let out = Workspace::new()
        .note("briefs/t/n.md", CJK_NOTE)
        .run_with(["check"]);
    assert_eq!(out.status, 0, "a warning, not an error: {}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/t/n.md:2:8: warning[no-font]: no font for 北 (U+5317); add one to fonts/",
            "briefs/t/n.md:2:9: warning[no-font]: no font for 京 (U+4EAC); add one to fonts/",
            "briefs/t/n.md:9:25: warning[no-font]: no font for 上 (U+4E0A); add one to fonts/",
            "briefs/t/n.md:9:26: warning[no-font]: no font for 海 (U+6D77); add one to fonts/",
        ]
    );
}

#[test]
fn a_font_in_fonts_covers_its_script_in_check_and_in_the_pdf() {
    let ws = Workspace::new()
        .note("briefs/t/n.md", CJK_NOTE)
        .file("fonts/NotoSansCJKjp-Subset.otf", cjk_font());
    let out = ws.run_with(["check"]);
    assert!(out.diagnostic_lines().is_empty(), "{}", out.stderr);
    let out = ws.run_with(["build", "--format", "pdf"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let fonts = embedded_fonts(&fs::read(ws.path().join("out/t.pdf")).unwrap());
    assert!(
        fonts.iter().any(|f| f.ends_with("+NotoSansCJKjp-Regular")),
        "the workspace font is embedded (subset): {fonts:?}"
    );
}

#[test]
fn a_file_in_fonts_that_is_no_font_is_an_error_at_the_file() {
    let out = Workspace::new()
        .note("briefs/t/n.md", CJK_NOTE)
        .file("fonts/fake.ttf", "not a font at all")
        .run_with(["check"]);
    assert_eq!(out.status, 1);
    assert!(
        out.diagnostic_lines().contains(
            &"fonts/fake.ttf:1:1: error[bad-font]: this is not a font brief can read (TrueType or OpenType)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn hebrew_is_set_in_the_shipped_hebrew_faces() {
    let ws = Workspace::new().note(
        "briefs/t/n.md",
        "---\ntitle: Mixed\ndate: 2026-11-20\n---\nThe cabinet in ירושלים objected.\n\n**הממשלה דוחה את ההצעה.**\n",
    );
    let out = ws.run_with(["build", "--format", "pdf"]);
    assert!(out.diagnostic_lines().is_empty(), "{}", out.stderr);
    let fonts = embedded_fonts(&fs::read(ws.path().join("out/t.pdf")).unwrap());
    for face in ["NotoSerifHebrew-Regular", "NotoSerifHebrew-Bold"] {
        assert!(fonts.iter().any(|f| f.ends_with(face)), "{face}: {fonts:?}");
    }
}

/// What the PDF's text layer says, by pdftotext.
fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn the_text_layer_reads_what_the_note_says_or_a_replacement_never_another_character() {
    let ws = Workspace::new().note("briefs/t/n.md", CJK_NOTE);
    ws.run_with(["build", "--format", "pdf"]);
    let text = pdf_text(&ws.path().join("out/t.pdf"));
    assert!(
        text.contains("Delegates met in \u{fffd}\u{fffd} and \u{fffd}\u{fffd} this week."),
        "{text}"
    );
    let ws = ws.file("fonts/NotoSansCJKjp-Subset.otf", cjk_font());
    ws.run_with(["build", "--format", "pdf"]);
    let text = pdf_text(&ws.path().join("out/t.pdf"));
    assert!(
        text.contains("Delegates met in 北京 and 上海 this week."),
        "{text}"
    );
    let ws = Workspace::new().note(
        "briefs/t/n.md",
        "---\ntitle: Mixed\ndate: 2026-11-20\n---\nThe cabinet in ירושלים objected.\n",
    );
    ws.run_with(["build", "--format", "pdf"]);
    assert!(pdf_text(&ws.path().join("out/t.pdf")).contains("ירושלים"));
}
