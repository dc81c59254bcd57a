//! PDF output: every generated file is parsed back (lopdf) and checked for
//! pages, markings, outline, links, fonts and metadata; outside programs
//! (pdftotext, qpdf) check text order and structure where installed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use brief::config::PageSize;
use brief::model::{Brief, Packet};
use brief::render::pdf::{PdfSite, render_brief, render_packet};
use lopdf::{Dictionary, Document, Object};

const TIMESTAMP: i64 = 1_795_219_200; // 2026-11-21T00:00:00Z

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The sample workspace's briefs, aggregated.
fn sample() -> (Vec<Brief>, PdfSite) {
    let loaded = brief::load::load(&root()).expect("sample workspace");
    let config = loaded.config.as_ref().expect("valid brief.yaml");
    let mut by_brief: BTreeMap<String, Vec<&brief::note::Note>> = BTreeMap::new();
    for note in &loaded.notes {
        by_brief.entry(note.brief.clone()).or_default().push(note);
    }
    let briefs = by_brief
        .iter()
        .filter_map(|(slug, notes)| brief::aggregate::aggregate(slug, notes, config, None))
        .map(|a| a.brief)
        .collect();
    let site = PdfSite {
        title: config.title.clone(),
        organization: config.organization.clone(),
        page_size: config.page_size,
        lang: config.lang.clone(),
        contested_range: config.contested_range,
        timestamp: TIMESTAMP,
        fonts: Default::default(),
        standard: config.pdf_standard,
    };
    (briefs, site)
}

fn packet_of(briefs: &[Brief]) -> Packet {
    Packet {
        name: "weekly".to_owned(),
        title: "Weekly packet — Gulf security".to_owned(),
        organization: Some("Example Analysis Unit".to_owned()),
        audience: brief::vocab::Marking::Amber,
        marking: briefs.iter().map(|b| b.marking).max().unwrap_or_default(),
        as_of: briefs.iter().map(|b| b.as_of).max(),
        briefs: briefs.iter().cloned().map(std::sync::Arc::new).collect(),
        empty: vec![brief::model::EmptyBrief {
            slug: "red-sea".to_owned(),
            title: "Red Sea shipping".to_owned(),
        }],
        drafts_left_out: 0,
    }
}

/// Where a test writes its PDFs for a look (`pdftoppm -png`):
/// `target/pdf-sample/<test>/`, one folder per test, so tests running in
/// parallel never write the file another is reading.
fn out_dir(test: &str) -> PathBuf {
    let dir = root().join("target").join("pdf-sample").join(test);
    std::fs::create_dir_all(&dir).expect("target/pdf-sample");
    dir
}

fn parse(bytes: &[u8]) -> Document {
    Document::load_mem(bytes).expect("the PDF parses")
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    match object {
        Object::Reference(id) => doc
            .get_object(*id)
            .and_then(Object::as_dict)
            .expect("a dictionary"),
        Object::Dictionary(d) => d,
        other => panic!("not a dictionary: {other:?}"),
    }
}

fn text_string(object: &Object) -> String {
    match object {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        other => panic!("not a string: {other:?}"),
    }
}

/// The outline as (depth, title), in order.
fn outline(doc: &Document) -> Vec<(usize, String)> {
    let catalog = doc.catalog().expect("catalog");
    let Ok(root) = catalog.get(b"Outlines") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    fn walk(doc: &Document, node: &Dictionary, depth: usize, out: &mut Vec<(usize, String)>) {
        let mut next = node.get(b"First").ok().cloned();
        while let Some(item) = next {
            let entry = dict(doc, &item);
            out.push((depth, text_string(entry.get(b"Title").expect("title"))));
            walk(doc, entry, depth + 1, out);
            next = entry.get(b"Next").ok().cloned();
        }
    }
    walk(doc, dict(doc, root), 0, &mut out);
    out
}

fn annotations(doc: &Document) -> Vec<Dictionary> {
    let mut out = Vec::new();
    for (_, page) in doc.get_pages() {
        let page = doc
            .get_object(page)
            .and_then(Object::as_dict)
            .expect("page");
        let Ok(annots) = page.get(b"Annots") else {
            continue;
        };
        let annots = match annots {
            Object::Reference(id) => doc
                .get_object(*id)
                .and_then(Object::as_array)
                .expect("array"),
            Object::Array(a) => a,
            other => panic!("{other:?}"),
        };
        for annot in annots {
            out.push(dict(doc, annot).clone());
        }
    }
    out
}

fn info(doc: &Document) -> BTreeMap<String, String> {
    let info = dict(doc, doc.trailer.get(b"Info").expect("info"));
    info.iter()
        .map(|(k, v)| (String::from_utf8_lossy(k).into_owned(), text_string(v)))
        .collect()
}

fn pdftotext(pdf: &Path, page: Option<u32>) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    if let Some(page) = page {
        cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let output = cmd.arg(pdf).arg("-").output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn rendered_sample() -> Vec<(String, Vec<u8>, Brief)> {
    let (briefs, site) = sample();
    briefs
        .into_iter()
        .map(|b| {
            let bytes = render_brief(&b, &site).expect("renders");
            let path = out_dir("sample").join(format!("{}.pdf", b.slug));
            std::fs::write(&path, &bytes).expect("write sample");
            (b.slug.clone(), bytes, b)
        })
        .collect()
}

#[test]
fn sample_briefs_have_pages_outline_links_fonts_and_metadata() {
    for (slug, bytes, brief) in rendered_sample() {
        let doc = parse(&bytes);
        let pages = doc.get_pages();
        assert!(pages.len() >= 3, "{slug}: {} pages", pages.len());
        assert!(bytes.len() < 300_000, "{slug}: {} bytes", bytes.len());

        // Outline: the brief, its sections in order, the notes under the appendix.
        let entries = outline(&doc);
        let titles: Vec<&str> = entries.iter().map(|(_, t)| t.as_str()).collect();
        let mut expected = vec![brief.title.as_str()];
        if brief.judgments.is_some() {
            expected.push("Key judgments");
        }
        expected.extend([
            "Bottom line",
            "What happened",
            "Who gains leverage",
            "What mechanism is operating",
            "Why it matters",
            "What to watch next",
        ]);
        if !brief.scenarios.is_empty() {
            expected.push("Scenarios");
        }
        expected.extend(["Sources", "Appendix: the notes"]);
        expected.extend(brief.notes.iter().map(|n| n.note.title.as_str()));
        assert_eq!(titles, expected, "{slug}");
        assert_eq!(entries[0].0, 0);
        assert!(entries[1..].iter().all(|(d, _)| *d >= 1));
        let appendix = titles
            .iter()
            .position(|t| *t == "Appendix: the notes")
            .expect("appendix");
        assert!(
            entries[appendix + 1..].iter().all(|(d, _)| *d == 2),
            "{entries:?}"
        );

        // Links: external ones and internal ones (bottom line → section,
        // passage → appendix).
        let annots = annotations(&doc);
        let uris = annots
            .iter()
            .filter(|a| {
                a.get(b"A")
                    .ok()
                    .map(|a| dict(&doc, a))
                    .and_then(|a| a.get(b"URI").ok())
                    .is_some()
            })
            .count();
        let gotos = annots
            .iter()
            .filter(|a| {
                a.get(b"A")
                    .ok()
                    .map(|a| dict(&doc, a))
                    .and_then(|a| a.get(b"D").ok())
                    .is_some()
            })
            .count();
        assert!(uris >= 1, "{slug}: no external links");
        assert!(
            gotos >= 4 + brief.notes.len(),
            "{slug}: {gotos} internal links"
        );

        // Fonts: embedded, subset (tagged), Type0 with a ToUnicode map.
        let mut fonts = 0;
        for page in pages.values() {
            for (_, font) in doc.get_page_fonts(*page).expect("fonts") {
                fonts += 1;
                assert_eq!(font.get(b"Subtype").unwrap().as_name().unwrap(), b"Type0");
                let base = font.get(b"BaseFont").unwrap().as_name().unwrap();
                let base = String::from_utf8_lossy(base);
                assert!(
                    base.len() > 7 && base.as_bytes()[6] == b'+',
                    "untagged font {base}"
                );
                assert!(font.get(b"ToUnicode").is_ok(), "{base}: no ToUnicode");
                let descendants = font.get(b"DescendantFonts").unwrap().as_array().unwrap();
                let cid = dict(&doc, &descendants[0]);
                let descriptor = dict(&doc, cid.get(b"FontDescriptor").unwrap());
                let file = descriptor.get(b"FontFile2").expect("embedded font program");
                let stream = doc
                    .get_object(file.as_reference().unwrap())
                    .unwrap()
                    .as_stream()
                    .unwrap();
                assert!(stream.content.len() < 120_000, "{base} is not subset");
            }
        }
        assert!(fonts > 0);

        // Metadata.
        let info = info(&doc);
        assert_eq!(info["Title"], brief.title);
        assert_eq!(info["Author"], "Example Analysis Unit");
        assert!(info["Subject"].contains(brief.marking.label()));
        assert!(info["Keywords"].contains(&brief.slug));
        assert_eq!(info["CreationDate"], "D:20261121000000Z");
        assert_eq!(info["ModDate"], "D:20261121000000Z");
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let (briefs, site) = sample();
    for brief in &briefs {
        let a = render_brief(brief, &site).expect("first");
        let b = render_brief(brief, &site).expect("second");
        assert!(a == b, "{} differs between builds", brief.slug);
    }
    let packet = packet_of(&briefs);
    assert!(render_packet(&packet, &site).unwrap() == render_packet(&packet, &site).unwrap());
    // The timestamp is honoured, and only changes the dates and the ID.
    let later = PdfSite {
        timestamp: TIMESTAMP + 86_400,
        ..site.clone()
    };
    let doc = parse(&render_brief(&briefs[0], &later).unwrap());
    assert_eq!(info(&doc)["CreationDate"], "D:20261122000000Z");
}

#[test]
fn page_size_follows_brief_yaml() {
    let (briefs, site) = sample();
    for (size, expected) in [
        (PageSize::A4, [595.28, 841.89]),
        (PageSize::Letter, [612.0, 792.0]),
    ] {
        let site = PdfSite {
            page_size: size,
            ..site.clone()
        };
        let doc = parse(&render_brief(&briefs[0], &site).unwrap());
        for (_, page) in doc.get_pages() {
            let page = doc.get_object(page).unwrap().as_dict().unwrap();
            let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let w = media[2].as_float().unwrap();
            let h = media[3].as_float().unwrap();
            assert!(
                (w - expected[0]).abs() < 0.1 && (h - expected[1]).abs() < 0.1,
                "{w}x{h}"
            );
        }
    }
}

#[test]
fn packet_has_cover_contents_and_every_brief() {
    let (briefs, site) = sample();
    let packet = packet_of(&briefs);
    let bytes = render_packet(&packet, &site).expect("packet");
    std::fs::write(out_dir("packet").join("packet.pdf"), &bytes).unwrap();
    let doc = parse(&bytes);
    let titles: Vec<String> = outline(&doc).into_iter().map(|(_, t)| t).collect();
    assert_eq!(titles[0], packet.title);
    assert_eq!(titles[1], "Contents");
    for brief in &briefs {
        assert!(titles.contains(&brief.title), "{titles:?}");
    }
    let single: usize = briefs
        .iter()
        .map(|b| parse(&render_brief(b, &site).unwrap()).get_pages().len())
        .sum();
    // One page of cover and contents, then each brief from a new page.
    assert!(
        doc.get_pages().len() > single,
        "{} pages for briefs of {single}",
        doc.get_pages().len()
    );
}

/// A brief whose notes hold every CommonMark spec example, a note of
/// 100,000 words, a 300-row table and a 2,000-character unbroken string.
fn hostile_brief() -> Brief {
    let (briefs, _) = sample();
    let mut brief = briefs.into_iter().next().expect("a brief");
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/commonmark/spec.json"))
            .expect("tests/fixtures/commonmark/spec.json"),
    )
    .expect("spec.json");
    let examples: Vec<String> = spec
        .as_array()
        .expect("examples")
        .iter()
        .filter_map(|e| e["markdown"].as_str().map(str::to_owned))
        .collect();
    assert!(examples.len() > 600);
    let words = ["leverage", "Hormuz", "tanker", "escort", "premium", "Doha"];
    let long: String = (0..100_000)
        .map(|i| words[i % words.len()])
        .collect::<Vec<_>>()
        .join(" ");
    let mut table = String::from("| # | Item | Note |\n|---|---|---|\n");
    for i in 0..300 {
        table.push_str(&format!(
            "| {i} | row {i} of the table | a cell with some text |\n"
        ));
    }
    let unbroken = "x".repeat(2000);
    let template = brief.sections[0].passages[0].clone();
    let mut passages = Vec::new();
    for (i, md) in examples.into_iter().enumerate() {
        let mut p = template.clone();
        p.markdown = format!("Example {i}\n\n{md}");
        passages.push(p);
    }
    for md in [long, table, unbroken] {
        let mut p = template.clone();
        p.markdown = md;
        passages.push(p);
    }
    brief.sections[0].passages = passages;
    brief
}

#[test]
fn hostile_content_renders_without_panic_or_overflow() {
    let (_, site) = sample();
    let brief = hostile_brief();
    let started = std::time::Instant::now();
    let bytes = render_brief(&brief, &site).expect("renders");
    let doc = parse(&bytes);
    assert!(doc.get_pages().len() > 100);
    std::fs::write(out_dir("hostile").join("hostile.pdf"), &bytes).unwrap();
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn every_page_shows_the_marking_in_header_and_footer_and_page_n_of_m() {
    for (slug, bytes, brief) in rendered_sample() {
        let path = out_dir("marking").join(format!("{slug}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let total = parse(&bytes).get_pages().len();
        for page in 1..=total {
            let text = pdftotext(&path, Some(page as u32)).expect("pdftotext");
            let label = brief.marking.label();
            assert!(text.matches(label).count() >= 2, "{slug} p{page}: {text}");
            assert!(
                text.contains(&format!("page {page} of {total}")),
                "{slug} p{page}"
            );
        }
    }
}

/// Every word of every note body, Persian included, is found in reading
/// order in the extracted text. A note's sections are quoted as passages
/// under the brief's sections and the rest of it is in the appendix, so
/// each part of the note (lede, each section) is looked for on its own:
/// within each paragraph, heading, list item and table cell the words come
/// in order and close together (at most a running header and footer, or a
/// neighbouring table cell's line, in between), and the blocks of a part
/// start in order.
#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn text_round_trips_in_reading_order() {
    let loaded = brief::load::load(&root()).expect("sample");
    for (slug, bytes, _) in rendered_sample() {
        let path = out_dir("reading-order").join(format!("{slug}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let text = pdftotext(&path, None).expect("pdftotext");
        // pdftotext wraps right-to-left runs in embedding controls, with no
        // space where a run meets left-to-right text: they separate words.
        let words: Vec<String> = text
            .split(|c: char| c.is_whitespace() || ('\u{202a}'..='\u{202e}').contains(&c))
            .map(normalise)
            .filter(|w| !w.is_empty())
            .collect();
        let mut checked = 0;
        for note in loaded.notes.iter().filter(|n| n.brief == slug) {
            for part in std::iter::once(&note.body.lede)
                .chain(note.body.sections.iter().map(|s| &s.markdown))
            {
                let mut cursor = 0;
                for block in text_blocks(&note.body.with_footnotes(part)) {
                    let found = find_block(&words, &block, cursor);
                    cursor = found.unwrap_or_else(|| {
                        panic!(
                            "{slug}: `{}` is not in reading order after word {cursor}",
                            block.concat().join(" "),
                        )
                    });
                    checked += block.iter().map(Vec::len).sum::<usize>();
                }
            }
        }
        assert!(checked > 500, "{slug}: only {checked} words checked");
    }
}

#[test]
fn the_reading_order_check_rejects_what_is_out_of_order() {
    let words = |text: &str| -> Vec<String> { text.split(' ').map(str::to_owned).collect() };
    let page = words("the offer would keep enrichment below twenty percent ones1 for a year");
    assert_eq!(find_in_order(&page, &words("offer would keep"), 0), Some(1));
    assert_eq!(find_in_order(&page, &words("keep would offer"), 0), None);
    assert_eq!(
        find_in_order(&page, &words("percent ones"), 0),
        Some(7),
        "footnote mark"
    );
    assert_eq!(
        find_in_order(&page, &words("offer would"), 2),
        None,
        "before the cursor"
    );
    let far = format!("a {} b", vec!["x"; GAP + 1].join(" "));
    assert_eq!(
        find_in_order(&words(&far), &words("a b"), 0),
        None,
        "too far apart"
    );
    let mixed = text_blocks("«ما برای صلح، اما نه» — “We are ready.”");
    assert_eq!(mixed.len(), 1);
    assert_eq!(mixed[0].len(), 3, "{mixed:?}");
}

/// Where a block (its segments, see `text_blocks`) starts, at or after
/// `from`: every segment found in order, the later ones right after the
/// first (one direction) or all starting near each other (mixed).
fn find_block(words: &[String], block: &[Vec<String>], from: usize) -> Option<usize> {
    if let [single] = block {
        return find_in_order(words, single, from);
    }
    let span: usize = block.iter().map(Vec::len).sum::<usize>() + 2 * GAP;
    (from..words.len()).find(|&start| {
        block.iter().all(|segment| {
            let lowest = start.saturating_sub(span).max(from);
            let found = find_in_order(words, segment, lowest);
            found.is_some_and(|at| at <= start + span)
        })
    })
}

/// Words that may come between two neighbours of a block: a page's footer
/// and next header, or a wrapped neighbouring table cell.
const GAP: usize = 40;

/// Where `wanted` starts in `words`, at or after `from`: its first word,
/// then each next one within `GAP` words of the one before (a word broken
/// across lines matches its pieces joined). `None` if it is nowhere.
fn find_in_order(words: &[String], wanted: &[String], from: usize) -> Option<usize> {
    let Some((first, rest)) = wanted.split_first() else {
        return Some(from);
    };
    (from..words.len()).find(|&start| {
        let Some(mut at) = match_at(words, start, first) else {
            return false;
        };
        rest.iter().all(|word| {
            let end = (at + GAP).min(words.len());
            match (at..end).find_map(|i| match_at(words, i, word)) {
                Some(next) => {
                    at = next;
                    true
                }
                None => false,
            }
        })
    })
}

/// The index after `word` if it starts at `words[i]` (whole, or in pieces,
/// or with a footnote mark glued to it: `ones.¹` extracts as `ones1`).
fn match_at(words: &[String], i: usize, word: &str) -> Option<usize> {
    let mut joined = String::new();
    for (offset, piece) in words[i..].iter().enumerate() {
        joined.push_str(piece);
        let marked = joined
            .strip_prefix(word)
            .is_some_and(|mark| mark.chars().all(|c| c.is_ascii_digit()));
        if marked {
            return Some(i + offset + 1);
        }
        if !word.starts_with(joined.as_str()) {
            return None;
        }
    }
    None
}

/// The words of each block of `markdown` (paragraph, heading, list item,
/// table cell, code block), in order, cut into segments of one direction.
///
/// Text extraction cannot give the logical order of mixed-direction text:
/// pdftotext puts the right-to-left runs of a line in left-to-right order
/// and breaks a run at neutral punctuation such as the Arabic comma. So a
/// block's segments (a change of direction, or punctuation next to
/// right-to-left text, starts a new one) are each checked in order, and
/// only their starts are required to be close together.
fn text_blocks(markdown: &str) -> Vec<Vec<Vec<String>>> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut blocks = Vec::new();
    let mut raw: Vec<String> = Vec::new();
    // An image's description is its alternative text, not text on the page
    // (the page shows the image and its caption).
    let mut in_image = 0usize;
    for event in Parser::new_ext(markdown, brief::markdown::markdown_options()) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Text(_) | Event::Code(_) if in_image > 0 => {}
            Event::Text(t) | Event::Code(t) => {
                raw.extend(t.split_whitespace().map(str::to_owned));
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::CodeBlock,
            ) => blocks.extend(segments(&std::mem::take(&mut raw))),
            _ => {}
        }
    }
    blocks.extend(segments(&raw));
    blocks
}

fn segments(raw: &[String]) -> Option<Vec<Vec<String>>> {
    let is_rtl = |token: &str| {
        token
            .chars()
            .any(|c| ('\u{0590}'..='\u{08ff}').contains(&c))
    };
    let mut segments: Vec<Vec<String>> = Vec::new();
    let mut previous: Option<&str> = None;
    for token in raw {
        let word = normalise(token);
        let starts_segment = previous.is_none_or(|before| {
            let involves_rtl = is_rtl(before) || is_rtl(token);
            is_rtl(before) != is_rtl(token)
                || (involves_rtl && !before.ends_with(|c: char| c.is_alphanumeric()))
                || (involves_rtl && !token.starts_with(|c: char| c.is_alphanumeric()))
        });
        if starts_segment || segments.is_empty() {
            segments.push(Vec::new());
        }
        if !word.is_empty() {
            segments.last_mut().expect("pushed").push(word);
        }
        previous = Some(token);
    }
    segments.retain(|s| !s.is_empty());
    (!segments.is_empty()).then_some(segments)
}

fn normalise(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric() || *c == '\u{200c}')
        .collect()
}

/// Internal links of page `number` (1-based): the page each one goes to,
/// and the height there (PDF units, from the bottom).
fn goto_pages(doc: &Document, number: u32) -> Vec<(u32, f32)> {
    let pages = doc.get_pages();
    let number_of = |id: lopdf::ObjectId| pages.iter().find(|(_, p)| **p == id).map(|(n, _)| *n);
    let page = doc
        .get_object(pages[&number])
        .and_then(Object::as_dict)
        .expect("page");
    let Ok(annots) = page.get(b"Annots") else {
        return Vec::new();
    };
    let annots = match annots {
        Object::Reference(id) => doc
            .get_object(*id)
            .and_then(Object::as_array)
            .expect("array"),
        Object::Array(a) => a,
        other => panic!("{other:?}"),
    };
    annots
        .iter()
        .filter_map(|annot| {
            let action = dict(doc, annot).get(b"A").ok()?;
            let dest = dict(doc, action).get(b"D").ok()?.as_array().ok()?;
            let page = number_of(dest.first()?.as_reference().ok()?)?;
            let top = dest.get(3).and_then(|t| t.as_float().ok())?;
            Some((page, top))
        })
        .collect()
}

/// Where the word `word` first starts on `page`, in PDF units from the
/// bottom (pdftotext's bounding boxes count from the top).
fn word_top(pdf: &Path, page: u32, word: &str) -> Option<f32> {
    let output = Command::new("pdftotext")
        .args(["-bbox", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    let html = String::from_utf8_lossy(&output.stdout);
    let number = |line: &str, key: &str| -> Option<f32> {
        let start = line.find(&format!("{key}=\""))? + key.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    let height = html.lines().find_map(|l| number(l, "height"))?;
    let line = html
        .lines()
        .find(|l| l.contains(&format!(">{word}</word>")))?;
    Some(height - number(line, "yMin")?)
}

/// A footnote mark in a passage links to the footnote, set once as an
/// endnote of its note in the appendix (not after the passage).
#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn a_footnote_mark_links_to_its_notes_endnote() {
    let (slug, bytes, _) = rendered_sample()
        .into_iter()
        .find(|(slug, _, _)| slug == "us-iran-talks")
        .expect("the sample brief");
    let path = out_dir("footnotes").join(format!("{slug}-footnotes.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    let doc = parse(&bytes);
    let pages = doc.get_pages().len() as u32;
    let text_of = |page: u32| pdftotext(&path, Some(page)).expect("pdftotext");
    let marked: Vec<u32> = (1..=pages)
        .filter(|&p| text_of(p).contains("international ones.1"))
        .collect();
    let footnote = "Both accounts come from intermediaries";
    let endnoted: Vec<u32> = (1..=pages)
        .filter(|&p| text_of(p).contains(footnote))
        .collect();
    assert!(!marked.is_empty(), "no passage with the footnote mark");
    assert_eq!(
        endnoted.len(),
        1,
        "the footnote is set once: pages {endnoted:?}"
    );
    let appendix = (1..=pages)
        .find(|&p| text_of(p).contains("Appendix: the notes"))
        .expect("appendix");
    assert!(
        endnoted[0] >= appendix,
        "the footnote is not in the appendix"
    );
    // The endnote, not just its page (the note's heading is there too).
    let top = word_top(&path, endnoted[0], "Both").expect("the endnote's position");
    for page in marked.iter().filter(|&&p| p < appendix) {
        let links = goto_pages(&doc, *page);
        assert!(
            links
                .iter()
                .any(|&(to, y)| to == endnoted[0] && (y - top).abs() < 24.0),
            "page {page} has no link to the endnote at y {top} of page {}: {links:?}",
            endnoted[0]
        );
    }
}

#[test]
#[ignore = "needs qpdf"]
fn qpdf_check_passes() {
    let (briefs, site) = sample();
    let mut files = Vec::new();
    for brief in &briefs {
        let path = out_dir("qpdf").join(format!("qpdf-{}.pdf", brief.slug));
        std::fs::write(&path, render_brief(brief, &site).unwrap()).unwrap();
        files.push(path);
    }
    let path = out_dir("qpdf").join("qpdf-packet.pdf");
    std::fs::write(&path, render_packet(&packet_of(&briefs), &site).unwrap()).unwrap();
    files.push(path);
    for file in files {
        let output = Command::new("qpdf")
            .arg("--check")
            .arg(&file)
            .output()
            .expect("qpdf");
        assert!(
            output.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&output.stdout)
        );
    }
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn actor_table_shows_trend_arrows_flags_and_weekly_column() {
    for (slug, bytes, brief) in rendered_sample() {
        let path = out_dir("actors").join(format!("{slug}-actors.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let text = pdftotext(&path, None).expect("pdftotext");
        for a in &brief.actors {
            let trend = format!("{} {}", a.trend.arrow(), a.trend.as_str());
            assert!(text.contains(&trend), "{slug}: `{trend}` missing");
        }
        if brief.actors.iter().any(|a| a.contested) {
            assert!(text.contains("⚑ contested"), "{slug}: no contested flag");
        }
        if brief.timeline.dates.len() >= 2 && !brief.actors.is_empty() {
            assert!(text.contains("Weekly"), "{slug}: no Weekly column");
        }
        assert!(!text.contains('\u{fffd}'), "{slug}: a missing glyph");
    }
}

/// Justified lines set as a typesetter sets them (issue 17): a justified
/// line's mean word gap over the natural word gap of its size (the median
/// gap of paragraphs' last lines, which are set with natural spaces) has
/// a median of at most 1.15 and a 99th percentile of at most 1.6, and no
/// line's spaces are twice their width. The same measure as
/// `../shared/tools/typeset.py spacing`, on `pdftotext -bbox-layout`.
#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn justified_spaces_stay_close_to_their_natural_width() {
    let (briefs, site) = sample();
    let mut pdfs: Vec<PathBuf> = Vec::new();
    for (i, bytes) in briefs
        .iter()
        .map(|b| render_brief(b, &site).expect("renders"))
        .chain(std::iter::once(
            render_packet(&packet_of(&briefs), &site).expect("renders"),
        ))
        .enumerate()
    {
        let path = out_dir("spacing").join(format!("{i}.pdf"));
        std::fs::write(&path, bytes).unwrap();
        pdfs.push(path);
    }
    let ratios = spacing_ratios(&pdfs);
    assert!(ratios.len() > 100, "{} justified lines", ratios.len());
    let quantile = |q: f64| ratios[((q * ratios.len() as f64) as usize).min(ratios.len() - 1)];
    let (median, p99, max) = (quantile(0.5), quantile(0.99), quantile(1.0));
    assert!(median <= 1.15, "median {median:.2}");
    assert!(p99 <= 1.6, "99th percentile {p99:.2}");
    assert!(max <= 2.0, "widest {max:.2}");
}

/// One line of `pdftotext -bbox-layout`: its box and its words' boxes.
struct BoxLine {
    x0: f64,
    x1: f64,
    words: Vec<[f64; 4]>,
}

/// The attributes `xMin yMin xMax yMax` of a `<block>`, `<line>` or
/// `<word>` element.
fn bbox(element: &str) -> Option<[f64; 4]> {
    let mut out = [0.0; 4];
    for (slot, key) in out
        .iter_mut()
        .zip(["xMin=\"", "yMin=\"", "xMax=\"", "yMax=\""])
    {
        let start = element.find(key)? + key.len();
        let end = start + element[start..].find('"')?;
        *slot = element[start..end].parse().ok()?;
    }
    Some(out)
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The sorted ratios of justified lines' mean word gap to the natural gap.
fn spacing_ratios(pdfs: &[PathBuf]) -> Vec<f64> {
    // Blocks of lines, from every page of every PDF.
    let mut blocks: Vec<Vec<BoxLine>> = Vec::new();
    for pdf in pdfs {
        let output = Command::new("pdftotext")
            .args(["-bbox-layout"])
            .arg(pdf)
            .arg("-")
            .output()
            .expect("pdftotext");
        for row in String::from_utf8_lossy(&output.stdout).lines() {
            let row = row.trim_start();
            if row.starts_with("<block") {
                blocks.push(Vec::new());
            } else if row.starts_with("<line")
                && let (Some(block), Some([x0, _, x1, _])) = (blocks.last_mut(), bbox(row))
            {
                block.push(BoxLine {
                    x0,
                    x1,
                    words: Vec::new(),
                });
            } else if row.starts_with("<word")
                && let (Some(line), Some(word)) =
                    (blocks.last_mut().and_then(|b| b.last_mut()), bbox(row))
            {
                line.words.push(word);
            }
        }
    }
    // (size, mean gap) of justified lines; size → gaps of last lines.
    let mut justified: Vec<(i64, f64)> = Vec::new();
    let mut natural: BTreeMap<i64, Vec<f64>> = BTreeMap::new();
    for block in blocks.iter().filter(|b| b.len() >= 3) {
        let right = block.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
        let left = block.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        for (i, line) in block.iter().enumerate() {
            if line.words.len() < 4 {
                continue;
            }
            let size = median(&mut line.words.iter().map(|w| w[3] - w[1]).collect::<Vec<_>>())
                .round() as i64;
            let mut gaps: Vec<f64> = line.words.windows(2).map(|p| p[1][0] - p[0][2]).collect();
            let mean = gaps.iter().sum::<f64>() / gaps.len() as f64;
            if i + 1 == block.len() {
                if line.x1 < right - 20.0 {
                    natural.entry(size).or_default().push(median(&mut gaps));
                }
            } else if (line.x1 - right).abs() < 1.0 && (line.x0 - left).abs() < 15.0 {
                justified.push((size, mean));
            }
        }
    }
    let natural: BTreeMap<i64, f64> = natural
        .into_iter()
        .filter(|(_, gaps)| gaps.len() >= 3)
        .map(|(size, mut gaps)| (size, median(&mut gaps)))
        .collect();
    // The body size: the one with the most justified lines.
    let body = natural
        .keys()
        .copied()
        .max_by_key(|size| justified.iter().filter(|(s, _)| s == size).count())
        .expect("paragraph ends at some size");
    let mut ratios: Vec<f64> = justified
        .iter()
        .filter(|(size, _)| *size == body)
        .map(|(_, gap)| gap / natural[&body])
        .collect();
    ratios.sort_by(f64::total_cmp);
    ratios
}

/// Every word's box on every page (`pdftotext -bbox`): page, left, top,
/// right, bottom, text.
fn word_boxes(pdf: &Path) -> Option<Vec<(usize, [f32; 4], String)>> {
    let output = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    let html = String::from_utf8_lossy(&output.stdout);
    let number = |line: &str, key: &str| -> Option<f32> {
        let start = line.find(&format!("{key}=\""))? + key.len() + 2;
        line[start..].split('"').next()?.parse().ok()
    };
    let mut page = 0;
    let mut words = Vec::new();
    for line in html.lines() {
        if line.trim_start().starts_with("<page") {
            page += 1;
        }
        let Some(start) = line.find("<word ") else {
            continue;
        };
        let line = &line[start..];
        let text = line
            .split_once('>')
            .and_then(|(_, rest)| rest.split_once("</word>"))
            .map_or("", |(text, _)| text);
        let b = [
            number(line, "xMin")?,
            number(line, "yMin")?,
            number(line, "xMax")?,
            number(line, "yMax")?,
        ];
        words.push((page, b, text.to_owned()));
    }
    Some(words)
}

/// Pairs of words on one page whose boxes overlap: overprinted text (the
/// rule of `tools/typeset.py overlaps`).
fn overlapping_words(words: &[(usize, [f32; 4], String)]) -> Vec<String> {
    let mut found = Vec::new();
    for (i, (page, a, ta)) in words.iter().enumerate() {
        for (other, b, tb) in &words[i + 1..] {
            if other != page {
                continue;
            }
            let across = a[2].min(b[2]) - a[0].max(b[0]);
            let down = a[3].min(b[3]) - a[1].max(b[1]);
            if across > 0.5 && down > 0.5 * (a[3] - a[1]).min(b[3] - b[1]) {
                found.push(format!("p{page}: {ta:?} / {tb:?}"));
            }
        }
    }
    found
}

/// A note whose body holds a 20-column table of long cells (one word
/// wider than any column) and a task list.
fn wide_table_note() -> String {
    let columns = 20;
    let mut table = String::new();
    let header: Vec<String> = (1..=columns).map(|c| format!("Indicator {c}")).collect();
    table.push_str(&format!("| {} |\n", header.join(" | ")));
    table.push_str(&format!("|{}\n", "---|".repeat(columns)));
    for row in 1..=4 {
        let cells: Vec<String> = (1..=columns)
            .map(|c| {
                if row == 2 && c == 7 {
                    "Internationalisationsbestrebungen".to_owned()
                } else {
                    format!("reconsideration r{row}c{c} interdependency")
                }
            })
            .collect();
        table.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    format!(
        "---\ntitle: Wide table and tasks\ndate: 2026-11-10\nmarking: TLP:CLEAR\n---\nIndicators tracked this week, by region:\n\n{table}\nOpen tasks:\n\n- [x] Funds licence confirmed\n- [ ] Detainee list received\n"
    )
}

/// Issue 17: a table too wide for the page is set smaller and split into
/// parts that repeat its first column; no word is drawn over another; task
/// lists show ☐ and ☑.
#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn a_20_column_table_overprints_no_word_and_task_lists_show_boxes() {
    let ws = crate::util::Workspace::new().note("briefs/talks/wide.md", &wide_table_note());
    let out = ws.run_with(["build", "--format", "pdf"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let pdf = out_dir("wide-table").join("talks.pdf");
    std::fs::copy(ws.path().join("out/talks.pdf"), &pdf).expect("the PDF");
    let words = word_boxes(&pdf).expect("pdftotext");
    assert!(!words.is_empty(), "no text in {}", pdf.display());
    let overlaps = overlapping_words(&words);
    assert!(overlaps.is_empty(), "overprinted words: {overlaps:?}");
    let text: Vec<&str> = words.iter().map(|(_, _, t)| t.as_str()).collect();
    for c in 1..=20 {
        let cell = format!("r1c{c}");
        assert!(text.contains(&cell.as_str()), "{cell} is missing");
    }
    let part = |n: &str| text.windows(2).any(|w| w == ["Part", n]);
    assert!(part("1") && part("2"), "the table is split into parts");
    // Each part repeats the first column.
    let firsts = text.iter().filter(|t| **t == "r1c1").count();
    assert!(firsts >= 2, "the first column in every part: {firsts}");
    assert!(text.contains(&"☑") && text.contains(&"☐"), "task boxes");
    assert!(
        !text.contains(&"[x]") && !text.contains(&"[ ]"),
        "no brackets"
    );
}

/// The overlap check finds overprinted words (and only those).
#[test]
fn the_overlap_check_finds_words_drawn_over_each_other() {
    let word = |page, x: f32, text: &str| (page, [x, 100.0, x + 30.0, 110.0], text.to_owned());
    let apart = [word(1, 10.0, "a"), word(1, 45.0, "b"), word(2, 20.0, "c")];
    assert!(overlapping_words(&apart).is_empty());
    let over = [word(1, 10.0, "a"), word(1, 30.0, "b")];
    assert_eq!(overlapping_words(&over), [r#"p1: "a" / "b""#]);
}
