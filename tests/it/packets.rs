//! Packets must never show a withheld note: not its words, not its scores,
//! not its file name, in any output. Every field of every note carries a
//! canary naming its marking; each packet's outputs are searched for the
//! canaries of every marking above its audience.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// Marking labels with the token that names them in canaries. No token is a
/// prefix of another, so `zqkamber` never matches inside `zqkastrict…`.
const LEVELS: [(&str, &str); 5] = [
    ("TLP:CLEAR", "kclear"),
    ("TLP:GREEN", "kgreen"),
    ("TLP:AMBER", "kamber"),
    ("TLP:AMBER+STRICT", "kastrict"),
    ("TLP:RED", "kred"),
];

fn canary(token: &str, field: &str) -> String {
    format!("zq{token}{field}zq")
}

/// A note in which every field carries the canary of its marking.
fn canary_note(marking: &str, token: &str, day: u32) -> String {
    let c = |field: &str| canary(token, field);
    format!(
        "---\n\
title: Development {title}\n\
date: 2026-11-{day:02}\n\
author: Analyst {author}\n\
marking: {marking}\n\
confidence: high\n\
tags: [{tag}]\n\
sources:\n  - title: Report {source}\n    url: https://example.org/{url}\n    reliability: B\n    credibility: 2\n\
actors:\n  - name: Actor {actor}\n    leverage: 4\n    stakes: 5\n    mechanism: mechanism {mechanism}\n    rationale: Because {rationale}\n  - name: Iran\n    leverage: {leverage}\n    stakes: 3\n    mechanism: shared mechanism\n\
watch:\n  - indicator: Indicator {indicator}\n    due: 2026-12-01\n\
scenarios:\n  - name: Scenario {scenario}\n    likelihood: likely\n\
---\n\
Lede {lede}.\n\n\
## What happened\n\nEvents {happened}.\n\n\
![Alt {alt}](img/{token}.png \"Caption {caption}\")\n\n\
![Photo {photo}](img/{token}.jpg)\n\n\
## Who gains leverage\n\nGains {gains}.\n\n\
## Mechanism\n\nMechanism text {mechtext}.\n\n\
## Why it matters\n\nStakes {matters}.\n\n\
## What to watch next\n\nWatch {watchtext}.\n\n\
## Background\n\nOther {other}.\n",
        title = c("title"),
        author = c("author"),
        tag = c("tag"),
        source = c("source"),
        url = c("url"),
        actor = c("actor"),
        mechanism = c("mechanism"),
        rationale = c("rationale"),
        leverage = (day % 5) as i32 - 2,
        indicator = c("indicator"),
        scenario = c("scenario"),
        lede = c("lede"),
        happened = c("happened"),
        gains = c("gains"),
        mechtext = c("mechtext"),
        matters = c("matters"),
        watchtext = c("watchtext"),
        other = c("other"),
        alt = c("alt"),
        caption = c("caption"),
        photo = c("photo"),
    )
}

/// A grey PNG whose pixels spell the canary `zq{token}pixelszq`: decoded
/// into the PDF, its bytes are that text.
fn canary_png(token: &str) -> Vec<u8> {
    let pixels = canary(token, "pixels").into_bytes();
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, pixels.len() as u32, 1);
        encoder.set_color(png::ColorType::Grayscale);
        let mut writer = encoder.write_header().unwrap();
        writer.write_image_data(&pixels).unwrap();
    }
    png
}

/// The test photo with a comment segment holding the canary
/// `zq{token}jpegzq`: passed through into the PDF as it is.
fn canary_jpeg(token: &str) -> Vec<u8> {
    let photo = include_bytes!("../figures/photo.jpg");
    let comment = canary(token, "jpeg").into_bytes();
    let mut jpeg = photo[..2].to_vec();
    jpeg.extend_from_slice(&[0xFF, 0xFE]);
    jpeg.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(&comment);
    jpeg.extend_from_slice(&photo[2..]);
    jpeg
}

/// Writes the images a canary note of `token` shows.
fn canary_images(root: &Path, token: &str) {
    let folder = root.join("briefs/talks/img");
    fs::create_dir_all(&folder).unwrap();
    fs::write(folder.join(format!("{token}.png")), canary_png(token)).unwrap();
    fs::write(folder.join(format!("{token}.jpg")), canary_jpeg(token)).unwrap();
}

fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn canary_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut config = String::from("title: Canary workspace\npackets:\n");
    for (label, token) in LEVELS {
        config.push_str(&format!(
            "  for-{token}:\n    title: Packet for {label}\n    audience: {label}\n    briefs: [talks]\n"
        ));
    }
    fs::write(root.join("brief.yaml"), config).unwrap();
    for (index, (label, token)) in LEVELS.iter().enumerate() {
        canary_images(root, token);
        let name = format!("{}.md", canary(token, "file"));
        // Higher markings are newer, so a leak of the as-of date would show too.
        let day = 10 + index as u32;
        fs::write(
            root.join("briefs/talks").join(name),
            canary_note(label, token, day),
        )
        .unwrap();
    }
    dir
}

fn build(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn level_index(token: &str) -> usize {
    LEVELS.iter().position(|(_, t)| *t == token).unwrap()
}

/// Every packet output file, as text (HTML) or as bytes searched for ASCII.
fn packet_outputs(out: &Path, token: &str) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for extension in ["html", "pdf"] {
        let path = out.join(format!("packets/for-{token}.{extension}"));
        if let Ok(bytes) = fs::read(&path) {
            files.push((path.display().to_string(), bytes));
        }
    }
    files
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn no_packet_shows_a_note_above_its_audience() {
    assert_no_packet_leaks(&[]);
}

/// The "Since" box, the timeline and the sparklines are computed from the
/// packet's releasable notes only.
#[test]
fn no_packet_changes_or_timeline_show_a_note_above_its_audience() {
    assert_no_packet_leaks(&["--since", "2026-11-03"]);
    assert_no_packet_leaks(&["--since", "2d"]);
}

fn assert_no_packet_leaks(extra: &[&str]) {
    let dir = canary_workspace();
    let output = build(dir.path(), extra);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = dir.path().join("out");
    for (audience, token) in LEVELS {
        let files = packet_outputs(&out, token);
        assert!(!files.is_empty(), "packet for {audience} was written");
        let allowed = level_index(token);
        for (path, raw) in &files {
            let bytes = if path.ends_with(".pdf") {
                pdf_bytes_decompressed(raw)
            } else {
                raw.clone()
            };
            for (level, (_, other)) in LEVELS.iter().enumerate() {
                let prefix = format!("zq{other}");
                // A figure's bytes as the HTML embeds them.
                let images = [base64(&canary_png(other)), base64(&canary_jpeg(other))];
                if level > allowed {
                    assert!(
                        !contains(&bytes, &prefix),
                        "{path} (audience {audience}) leaks a {other} note"
                    );
                    for image in &images {
                        assert!(
                            !contains(&bytes, image),
                            "{path} (audience {audience}) leaks a {other} note's image"
                        );
                    }
                } else if path.ends_with(".html") {
                    // Positive control: releasable notes do appear.
                    assert!(
                        contains(&bytes, &canary(other, "title")),
                        "{path} misses a {other} note"
                    );
                    for image in &images {
                        assert!(
                            contains(&bytes, image),
                            "{path} misses a {other} note's image"
                        );
                    }
                } else {
                    // The PDF: the PNG's pixels, the JPEG passed through.
                    assert!(
                        contains(&bytes, &canary(other, "pixels"))
                            && contains(&bytes, &canary(other, "jpeg")),
                        "{path} misses a {other} note's images"
                    );
                }
            }
        }
    }
}

/// A workspace whose brief has one approved note and two drafts (a
/// scored note and key judgments), every field of the drafts carrying the
/// `kdraft` canary, and a packet cleared for everything (so only review
/// keeps the drafts out).
fn draft_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("brief.yaml"),
        "title: Drafts\npackets:\n  all:\n    audience: TLP:RED\n    briefs: [talks]\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("briefs/talks")).unwrap();
    canary_images(root, "kclear");
    canary_images(root, "kdraft");
    fs::write(
        root.join("briefs/talks/approved.md"),
        canary_note("TLP:CLEAR", "kclear", 10),
    )
    .unwrap();
    let draft =
        canary_note("TLP:CLEAR", "kdraft", 12).replace("confidence:", "review: draft\nconfidence:");
    fs::write(root.join("briefs/talks/zqkdraftfilezq.md"), draft).unwrap();
    let judgments = format!(
        "---\ntitle: Judgments {}\ndate: 2026-11-13\nkind: judgments\nreview: draft\njudgments:\n  - text: Judgment {}\n    likelihood: likely\n---\nSummary {}.\n",
        canary("kdraft", "jtitle"),
        canary("kdraft", "judgment"),
        canary("kdraft", "summary"),
    );
    fs::write(root.join("briefs/talks/judgments.md"), judgments).unwrap();
    dir
}

#[test]
fn no_packet_shows_a_draft_and_says_how_many_it_left_out() {
    let dir = draft_workspace();
    let output = build(dir.path(), &[]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = dir.path().join("out");
    let html = fs::read(out.join("packets/all.html")).unwrap();
    let pdf = pdf_bytes_decompressed(&fs::read(out.join("packets/all.pdf")).unwrap());
    for (name, bytes) in [("html", &html), ("pdf", &pdf)] {
        assert!(
            !contains(bytes, "zqkdraft"),
            "the packet's {name} shows a draft"
        );
    }
    assert!(
        contains(&html, &canary("kclear", "title")),
        "positive control"
    );
    assert!(contains(
        &html,
        "2 draft notes were left out pending review."
    ));
    // The brief itself shows them, marked DRAFT.
    let brief = fs::read_to_string(out.join("talks.html")).unwrap();
    assert!(brief.contains(&canary("kdraft", "title")));
    assert!(brief.contains(&canary("kdraft", "judgment")));
    assert!(brief.contains("<strong>DRAFT</strong> 2 notes in this brief await review"));
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("talks.json")).unwrap()).unwrap();
    assert_eq!(json["draft"], true);
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn no_packet_pdf_text_shows_a_draft() {
    let dir = draft_workspace();
    let output = build(dir.path(), &["--format", "pdf"]);
    assert!(output.status.success());
    let text = |path: &str| {
        let text = Command::new("pdftotext")
            .args([dir.path().join(path).to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext runs (apt-get install poppler-utils)");
        String::from_utf8_lossy(&text.stdout).replace(['\n', ' ', '\u{ad}', '-'], "")
    };
    let packet = text("out/packets/all.pdf");
    assert!(!packet.contains("zqkdraft"), "the packet PDF shows a draft");
    assert!(packet.contains(&canary("kclear", "title")));
    let brief = text("out/talks.pdf");
    assert!(
        brief.contains(&canary("kdraft", "judgment")),
        "the brief shows its drafts"
    );
    assert!(brief.contains("DRAFT·"), "DRAFT leads the running header");
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn no_packet_pdf_text_shows_a_note_above_its_audience() {
    let dir = canary_workspace();
    let output = build(dir.path(), &["--format", "pdf"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for (audience, token) in LEVELS {
        let pdf = dir.path().join(format!("out/packets/for-{token}.pdf"));
        let text = Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .expect("pdftotext runs (apt-get install poppler-utils)");
        assert!(text.status.success());
        let text = String::from_utf8_lossy(&text.stdout).replace(['\n', ' ', '\u{ad}', '-'], "");
        let allowed = level_index(token);
        for (level, (_, other)) in LEVELS.iter().enumerate() {
            let found = text.contains(&format!("zq{other}"));
            if level > allowed {
                assert!(!found, "PDF for {audience} shows a {other} note");
            } else {
                assert!(
                    text.contains(&canary(other, "title")),
                    "PDF for {audience} misses its {other} note"
                );
            }
        }
    }
}

#[test]
fn packet_figures_and_marking_come_from_releasable_notes() {
    let dir = canary_workspace();
    build(dir.path(), &["--format", "html"]);
    let green = fs::read_to_string(dir.path().join("out/packets/for-kgreen.html")).unwrap();
    assert!(green.contains("TLP:GREEN"), "packet marking");
    assert!(
        !green.contains("TLP:AMBER"),
        "no higher marking is even named"
    );
    assert!(
        green.contains("2026-11-11"),
        "as-of is the newest releasable note"
    );
    assert!(
        !green.contains("2026-11-14"),
        "the RED note's date does not leak"
    );
    let red = fs::read_to_string(dir.path().join("out/packets/for-kred.html")).unwrap();
    assert!(red.contains("TLP:RED"));
}

#[test]
fn packet_flag_builds_only_that_packet_and_index_lists_packets() {
    let dir = canary_workspace();
    let output = build(dir.path(), &["--packet", "for-kamber"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out = dir.path().join("out");
    assert!(out.join("packets/for-kamber.html").exists());
    assert!(!out.join("packets/for-kred.html").exists());
    assert!(!out.join("talks.html").exists(), "--packet builds no brief");
    let index = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("Packet for TLP:AMBER"), "{index}");
    let unknown = build(dir.path(), &["--packet", "for-kambr"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("did you mean `for-kamber`?"));
}

#[test]
fn an_empty_packet_brief_is_stated_and_warned() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(
        root.join("brief.yaml"),
        "title: T\npackets:\n  public:\n    audience: TLP:CLEAR\n    briefs: [talks]\n",
    )
    .unwrap();
    fs::create_dir_all(root.join("briefs/talks")).unwrap();
    canary_images(root, "kred");
    fs::write(
        root.join("briefs/talks/a.md"),
        canary_note("TLP:RED", "kred", 10),
    )
    .unwrap();
    let output = build(root, &["--format", "html"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("packet `public`: brief `talks` has no notes releasable to TLP:CLEAR"),
        "{stderr}"
    );
    let html = fs::read_to_string(root.join("out/packets/public.html")).unwrap();
    assert!(
        html.contains("no notes are releasable to this audience"),
        "{html}"
    );
    assert!(!contains(html.as_bytes(), "zqkred"));
}

mod property {
    //! For any workspace of randomly marked notes, a packet's model and
    //! HTML carry nothing of a note above its audience.

    use std::path::PathBuf;
    use std::sync::Arc;

    use brief::config::{Config, PacketConfig};
    use brief::note::{Note, NoteFile};
    use brief::vocab::Marking;
    use proptest::prelude::*;

    use super::{LEVELS, canary_note};

    /// `talks` is declared, so that it names a brief whatever notes the
    /// packet is built from.
    fn config() -> Config {
        let text = "title: T\nbriefs:\n  talks: {}\n";
        brief::config::parse(std::path::Path::new("brief.yaml"), &Arc::from(text))
            .config
            .unwrap()
    }

    fn note(index: usize, level: usize) -> Note {
        let (label, _) = LEVELS[level];
        let token = format!("n{index}x");
        let text = canary_note(label, &token, 1 + (index as u32 % 28));
        let file = NoteFile {
            path: PathBuf::from(format!("briefs/talks/{token}.md")),
            folder: Some("talks".into()),
        };
        brief::note::check(&file, Arc::from(text), &config())
            .note
            .expect("valid")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn withheld_notes_leave_no_trace(levels in proptest::collection::vec(0usize..5, 1..8), audience in 0usize..5) {
            let notes: Vec<Note> = levels.iter().enumerate().map(|(i, &l)| note(i, l)).collect();
            let audience_marking = Marking::ALL[audience];
            // `since:` makes every brief carry changes and a timeline too.
            let packet = PacketConfig { title: None, audience: audience_marking, briefs: vec!["talks".into()], brief_spans: Vec::new(), since: Some(brief::config::Since::Days(7)), window_days: None };
            let assembled = brief::pipeline::packet("p", &packet, &notes, &config(), Default::default()).packet;
            // A withheld note changes no figure: the packet is the one built
            // from the releasable notes alone.
            let releasable: Vec<Note> = notes.iter().filter(|n| n.marking.releasable_to(audience_marking)).cloned().collect();
            let alone = brief::pipeline::packet("p", &packet, &releasable, &config(), Default::default()).packet;
            prop_assert_eq!(&assembled, &alone);
            let site = brief::render::html::Site { title: "T".into(), organization: None, contested_range: 3 };
            let templates = brief::render::html::Templates::load(Vec::new()).unwrap();
            let html = String::from_utf8(brief::render::html::render_packet(&templates, &assembled, &site).unwrap()).unwrap();
            let model = serde_json::to_string(&assembled).unwrap();
            prop_assert!(assembled.marking <= audience_marking);
            for (index, &level) in levels.iter().enumerate() {
                let token = format!("zqn{index}x");
                let visible = Marking::ALL[level].releasable_to(audience_marking);
                prop_assert_eq!(model.contains(&token), visible, "model, note {} at {}", index, LEVELS[level].0);
                prop_assert_eq!(html.contains(&token), visible, "html, note {} at {}", index, LEVELS[level].0);
            }
        }
    }
}

/// Everything a PDF carries as bytes once its streams are decompressed:
/// content streams, fonts' ToUnicode maps, and every string (outline
/// titles, metadata, link targets), UTF-16 strings decoded.
fn pdf_bytes_decompressed(bytes: &[u8]) -> Vec<u8> {
    let mut document = lopdf::Document::load_mem(bytes).expect("a readable PDF");
    document.decompress();
    let mut out = Vec::new();
    for object in document.objects.values() {
        collect_pdf_bytes(object, &mut out);
    }
    out
}

fn collect_pdf_bytes(object: &lopdf::Object, out: &mut Vec<u8>) {
    use lopdf::Object;
    match object {
        Object::String(text, _) => {
            if let Some(utf16) = text.strip_prefix(&[0xFE, 0xFF]) {
                let units: Vec<u16> = utf16
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                    .collect();
                out.extend(String::from_utf16_lossy(&units).into_bytes());
            } else {
                out.extend_from_slice(text);
            }
            out.push(b'\n');
        }
        Object::Name(name) => out.extend_from_slice(name),
        Object::Array(items) => items.iter().for_each(|i| collect_pdf_bytes(i, out)),
        Object::Dictionary(dict) => dict.iter().for_each(|(_, v)| collect_pdf_bytes(v, out)),
        Object::Stream(stream) => {
            stream
                .dict
                .iter()
                .for_each(|(_, v)| collect_pdf_bytes(v, out));
            out.extend_from_slice(&stream.content);
        }
        _ => {}
    }
}
