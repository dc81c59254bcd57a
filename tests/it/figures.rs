//! Figures in notes (issue 19): every bad image is an error at its line
//! and column with the whole diagnostic asserted, an empty alt text a
//! warning; good ones are embedded in the HTML as `data:` URIs, listed in
//! the JSON, and placed in the PDF (pixel sizes by `pdfimages`, each file
//! stored once).

use std::fs;

use crate::util::{Output, Workspace, assert_text, unindent};

const PHOTO: &[u8] = include_bytes!("../figures/photo.jpg");
const DOT: &[u8] = include_bytes!("../figures/dot.png");
const CHART: &[u8] = include_bytes!("../figures/chart.svg");

/// A valid note whose body is `body`.
fn note(body: &str) -> String {
    format!("---\ntitle: Figures\ndate: 2026-11-20\n---\n{body}")
}

/// A workspace with the three test images under `briefs/x/img/` and the
/// note `briefs/x/n.md` showing `body`.
fn workspace(body: &str) -> Workspace {
    Workspace::new()
        .file("briefs/x/img/photo.jpg", PHOTO)
        .file("briefs/x/img/dot.png", DOT)
        .file("briefs/x/img/chart.svg", CHART)
        .note("briefs/x/n.md", &note(body))
}

fn check(ws: Workspace) -> Output {
    ws.args(["check"]).run()
}

/// `brief check` exits 1 with exactly `expected` before the summary.
#[track_caller]
fn assert_errors(out: &Output, expected: &str) {
    assert_eq!(out.status, 1, "stderr:\n{}", out.stderr);
    let body = out.stderr.trim_end_matches('\n');
    let cut = body.rfind('\n').map_or(0, |i| i + 1);
    assert_text(&out.stderr[..cut], &unindent(expected));
}

#[test]
fn a_missing_image_is_an_error_at_its_position() {
    let out = check(workspace("Lede.\n\nSee ![The strait](img/nope.png).\n"));
    assert_errors(
        &out,
        "
        briefs/x/n.md:7:5: error[image-not-found]: image `img/nope.png` not found
          |
        7 | See ![The strait](img/nope.png).
          |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^
          |
          = help: the path is relative to the note; there is no file `briefs/x/img/nope.png`
        ",
    );
}

#[test]
fn a_path_leaving_the_workspace_is_an_error_and_is_not_read() {
    let out = check(workspace("![Passwords](../../../../../etc/passwd.png)\n"));
    assert_errors(
        &out,
        "
        briefs/x/n.md:5:1: error[image-outside-workspace]: image `../../../../../etc/passwd.png` is outside the workspace
          |
        5 | ![Passwords](../../../../../etc/passwd.png)
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          |
          = help: a figure's path is relative to the note and stays inside the workspace
        ",
    );
    let absolute = check(workspace("![Root](/etc/x.png)\n"));
    assert!(
        absolute.first_stderr_line().ends_with(
            "error[image-outside-workspace]: image `/etc/x.png` is outside the workspace"
        ),
        "{}",
        absolute.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_workspace_is_an_error_and_its_target_is_not_named() {
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("secret.png"), DOT).unwrap();
    let target = outside.path().join("secret.png");
    // Outside briefs/, so the walk's own link check does not see it.
    let ws = workspace("![Linked](../../media/linked.png)\n")
        .symlink(target.to_str().unwrap(), "media/linked.png");
    let out = check(ws);
    assert_errors(
        &out,
        "
        briefs/x/n.md:5:1: error[image-outside-workspace]: image `../../media/linked.png` links outside the workspace
          |
        5 | ![Linked](../../media/linked.png)
          | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          |
          = help: copy the image into the workspace
        ",
    );
    assert!(!out.stderr.contains("secret"), "{}", out.stderr);
}

#[test]
fn a_file_that_is_not_what_its_extension_says_is_an_error() {
    let ws = workspace("![Photo](img/photo.png)\n\n![Text](img/notes.svg)\n")
        .file("briefs/x/img/photo.png", PHOTO)
        .file("briefs/x/img/notes.svg", "just some text\n");
    assert_errors(
        &check(ws),
        "
        briefs/x/n.md:5:1: error[image-type]: image `img/photo.png` is a JPEG file, not PNG as its extension says
          |
        5 | ![Photo](img/photo.png)
          | ^^^^^^^^^^^^^^^^^^^^^^^
          |
          = help: export the image again as PNG, JPEG or SVG, with the matching extension
        briefs/x/n.md:7:1: error[image-type]: image `img/notes.svg` is not an SVG file, nor any other image brief reads
          |
        7 | ![Text](img/notes.svg)
          | ^^^^^^^^^^^^^^^^^^^^^^
          |
          = help: export the image again as PNG, JPEG or SVG, with the matching extension
        ",
    );
    let gif = check(workspace("![Animated](img/a.gif)\n").file("briefs/x/img/a.gif", "GIF89a"));
    assert!(
        gif.first_stderr_line()
            .ends_with("error[image-type]: image `img/a.gif` is not a PNG, JPEG or SVG file"),
        "{}",
        gif.stderr
    );
}

/// A PNG header declaring `width` × `height` pixels, and nothing after it.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    png
}

#[test]
fn an_image_over_the_caps_is_an_error_before_it_is_decoded() {
    let ws = workspace("![Bomb](img/bomb.png)\n\n![Huge](img/huge.jpg)\n")
        .file("briefs/x/img/bomb.png", png_header(100_000, 100_000));
    // 21 MB, sparse: refused by its size before a byte is read.
    let huge = fs::File::create(ws.path().join("briefs/x/img/huge.jpg")).unwrap();
    huge.set_len(21 * 1024 * 1024).unwrap();
    let started = std::time::Instant::now();
    let out = check(ws);
    assert!(
        started.elapsed().as_secs() < 5,
        "the caps apply before decoding"
    );
    assert_errors(
        &out,
        "
        briefs/x/n.md:5:1: error[image-too-large]: image `img/bomb.png` is 100000 × 100000 pixels, over the limit of 40 megapixels (20,000 a side)
          |
        5 | ![Bomb](img/bomb.png)
          | ^^^^^^^^^^^^^^^^^^^^^
          |
          = help: scale it down; a page or a screen shows no more than a few megapixels
        briefs/x/n.md:7:1: error[image-too-large]: image `img/huge.jpg` is 21 MB, over the 20 MB limit
          |
        7 | ![Huge](img/huge.jpg)
          | ^^^^^^^^^^^^^^^^^^^^^
          |
          = help: export it smaller (a figure needs no more than a few megabytes)
        ",
    );
}

#[test]
fn an_undecodable_image_is_an_error() {
    let mut truncated = DOT.to_vec();
    truncated.truncate(DOT.len() - 30);
    let ws = workspace("![Cut](img/cut.png)\n\n![Header only](img/empty.png)\n\n![Broken](img/broken.jpg)\n\n![Bad](img/bad.svg)\n")
        .file("briefs/x/img/cut.png", truncated)
        .file("briefs/x/img/empty.png", png_header(10, 10))
        .file("briefs/x/img/broken.jpg", &PHOTO[..20])
        .file("briefs/x/img/bad.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect></svg>");
    let out = check(ws);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/x/n.md:5:1: error[image-undecodable]: image `img/cut.png` cannot be decoded: its data ends early",
            "briefs/x/n.md:7:1: error[image-undecodable]: image `img/empty.png` cannot be decoded: its data is damaged",
            "briefs/x/n.md:9:1: error[image-undecodable]: image `img/broken.jpg` cannot be decoded: its markers are damaged or it ends early",
            "briefs/x/n.md:11:1: error[image-undecodable]: image `img/bad.svg` cannot be decoded: it is not well-formed XML: expected 'rect' tag, not 'svg' at 1:47",
        ],
        "{}",
        out.stderr
    );
}

#[test]
fn an_empty_alt_text_is_a_warning_and_the_note_stays_valid() {
    let out = check(workspace("![](img/dot.png)\n"));
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_text(
        &out.stderr,
        &unindent(
            "
            briefs/x/n.md:5:1: warning[image-no-alt]: image `img/dot.png` has no alternative text
              |
            5 | ![](img/dot.png)
              | ^^^^^^^^^^^^^^^^
              |
              = help: describe the image between the brackets, `![Map of the strait](…)`, for readers who cannot see it
                 Checked 1 note in 1 brief: all valid, 1 warning
            ",
        ),
    );
}

/// Builds the workspace into `out/` (every format), insisting on exit 0.
fn build(ws: &Workspace) -> Output {
    let out = ws.run_with(["build"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    out
}

/// A note showing each test image once, the photo twice.
const ALL_THREE: &str = "Lede.\n\n![A photo of the harbour](img/photo.jpg \"The harbour at dawn\")\n\nText between.\n\n![A red dot](img/dot.png)\n\n![A bar chart of transits](img/chart.svg \"Transits\")\n\n## Why it matters\n\nThe same photo again: ![The harbour](img/photo.jpg)\n";

#[test]
fn figures_are_embedded_in_the_html_as_data_uris_and_listed_in_the_json() {
    use base64::Engine as _;
    let ws = workspace(ALL_THREE);
    build(&ws);
    let html = ws.read("out/x.html");
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    assert!(html.contains(&format!(
        "<figure class=\"figure\"><img class=\"figure-image\" src=\"data:image/jpeg;base64,{}\" alt=\"A photo of the harbour\" width=\"64\" height=\"48\"><figcaption dir=\"auto\">The harbour at dawn</figcaption></figure>",
        b64(PHOTO)
    )));
    assert!(html.contains(&format!(
        "src=\"data:image/png;base64,{}\" alt=\"A red dot\" width=\"40\" height=\"30\"></figure>",
        b64(DOT)
    )));
    // Inside a paragraph: an inline image, no caption.
    assert!(html.contains(
        "The same photo again: <img class=\"figure-image\" src=\"data:image/jpeg;base64,"
    ));
    // The SVG as an image of usvg's rewrite: its text as paths.
    let svg_start = html.find("data:image/svg+xml;base64,").expect("the SVG") + 26;
    let svg_end = svg_start + html[svg_start..].find('"').unwrap();
    let svg = base64::engine::general_purpose::STANDARD
        .decode(&html[svg_start..svg_end])
        .unwrap();
    let svg = String::from_utf8(svg).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("<path") && !svg.contains("<text"),
        "{svg}"
    );
    assert!(
        !html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\""),
        "never inline"
    );

    let json: serde_json::Value = serde_json::from_str(&ws.read("out/x.json")).unwrap();
    let figures = json["figures"].as_array().unwrap();
    assert_eq!(figures.len(), 3, "each file once per note: {figures:?}");
    assert_eq!(
        figures[0],
        serde_json::json!({
            "note": "briefs/x/n.md",
            "path": "briefs/x/img/photo.jpg",
            "alt": "A photo of the harbour",
            "caption": "The harbour at dawn",
            "format": "JPEG",
            "width": 64,
            "height": 48,
            "sha256": figures[0]["sha256"],
        })
    );
    assert_eq!(figures[0]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(figures[2]["format"], "SVG");
    assert_eq!(
        (figures[2]["width"].as_u64(), figures[2]["height"].as_u64()),
        (Some(200), Some(100))
    );
}

#[test]
#[ignore = "needs pdfimages (poppler-utils)"]
fn pdfimages_lists_the_png_and_jpeg_at_their_pixel_sizes_each_stored_once() {
    let ws = workspace(ALL_THREE);
    build(&ws);
    let pdf = ws.path().join("out/x.pdf");
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .expect("pdfimages runs");
    let list = String::from_utf8_lossy(&list.stdout);
    let rows: Vec<Vec<&str>> = list
        .lines()
        .skip(2)
        .map(|l| l.split_whitespace().collect())
        .collect();
    // page num type width height color comp bpc enc interp object …
    // Each row is one drawing (the lede is shown as "What happened" and
    // again in the appendix); the object number says what is stored.
    let mut stored: Vec<(&str, &str, &str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r[2], r[3], r[4], r[5], r[8], r[10]))
        .collect();
    assert!(rows.len() >= 4, "{list}");
    stored.sort_unstable();
    stored.dedup();
    assert_eq!(
        stored.len(),
        3,
        "the photo, the PNG and its mask, once each: {list}"
    );
    assert_eq!(
        (
            stored[0].0,
            stored[0].1,
            stored[0].2,
            stored[0].3,
            stored[0].4
        ),
        ("image", "40", "30", "rgb", "image"),
        "{list}"
    );
    assert_eq!(
        (
            stored[1].0,
            stored[1].1,
            stored[1].2,
            stored[1].3,
            stored[1].4
        ),
        ("image", "64", "48", "rgb", "jpeg"),
        "the JPEG passed through (DCT): {list}"
    );
    assert_eq!(
        (stored[2].0, stored[2].1, stored[2].2, stored[2].3),
        ("smask", "40", "30", "gray"),
        "the PNG's alpha as a soft mask: {list}"
    );
    // The SVG is vector graphics, no image; its text became outlines.
    let text = std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("The harbour at dawn") && text.contains("Transits"),
        "{text}"
    );
}

#[test]
fn the_same_inputs_give_the_same_pdf_with_figures() {
    let ws = workspace(ALL_THREE);
    build(&ws);
    let first = fs::read(ws.path().join("out/x.pdf")).unwrap();
    build(&ws);
    assert_eq!(first, fs::read(ws.path().join("out/x.pdf")).unwrap());
    // The photo's JPEG bytes are in the file once, passed through.
    let found = first.windows(PHOTO.len()).filter(|w| *w == PHOTO).count();
    assert_eq!(found, 1);
}
