//! The content blocks as a reader of the PDF meets them: which parts a
//! brief or packet has, in which order, and what they say. The model comes
//! from real notes through `aggregate` and `packet`, as in a build.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use super::super::PdfSite;
use super::super::layout::Block;
use super::brief::brief_blocks;
use super::packet::{packet_body, packet_front};
use crate::config::{Config, PacketConfig};
use crate::model::{Brief, Packet};
use crate::note::{Note, NoteFile};
use crate::vocab::Marking;

fn config() -> Config {
    crate::config::parse(
        std::path::Path::new("brief.yaml"),
        &Arc::from(
            "title: Gulf desk\norganization: Ministry\nbriefs:\n  talks:\n    title: Doha talks\n  shipping:\n    title: Strait shipping\n",
        ),
    )
    .config
    .expect("a valid config")
}

fn site() -> PdfSite {
    let config = config();
    PdfSite {
        title: config.title,
        organization: config.organization,
        page_size: config.page_size,
        lang: config.lang,
        contested_range: config.contested_range,
        timestamp: 0,
        fonts: Default::default(),
        standard: config.pdf_standard,
    }
}

/// A note of brief `folder` with front matter `extra` (YAML lines).
fn note(folder: &str, name: &str, marking: &str, extra: &str) -> Note {
    let text = format!(
        "---\ntitle: {name}\ndate: 2026-11-10\nmarking: {marking}\n{extra}---\nBody of {name}.\n"
    );
    let file = NoteFile {
        path: PathBuf::from(format!("briefs/{folder}/{name}.md")),
        folder: Some(folder.to_owned()),
    };
    crate::note::check(&file, Arc::from(text), &config())
        .note
        .expect("a valid note")
}

const ACTORS: &str = "actors:\n  - name: Iran\n    leverage: 2\n    stakes: 4\n    mechanism: hedging\n  - name: Oman\n    leverage: -1\n    stakes: 2\n";
const SCENARIO: &str =
    "scenarios:\n  - name: Talks resume before December\n    likelihood: likely\n";

fn brief(notes: &[Note]) -> Brief {
    let refs: Vec<&Note> = notes.iter().collect();
    crate::aggregate::aggregate("talks", &refs, &config(), None)
        .expect("a brief")
        .brief
}

fn blocks(brief: &Brief) -> Vec<Block> {
    let mut out = Vec::new();
    brief_blocks(brief, &site(), 1, &mut out);
    out
}

/// What a block reads as: a paragraph's text, a table's rows (cells
/// joined by ` | `, rows by newlines, the header first).
fn text(block: &Block) -> String {
    let spans = |spans: &[super::super::layout::Span]| -> String {
        spans.iter().map(|s| s.text.as_str()).collect()
    };
    match block {
        Block::Para(p) => spans(&p.spans),
        Block::Table(t) => std::iter::once(&t.header)
            .chain(&t.rows)
            .map(|row| row.iter().map(|c| spans(c)).collect::<Vec<_>>().join(" | "))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The headings at outline `level`, in order.
fn headings(blocks: &[Block], level: u8) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) => p.outline.as_ref().filter(|o| o.level == level),
            _ => None,
        })
        .map(|o| o.title.clone())
        .collect()
}

/// The text of the blocks after heading `title`, up to the next heading
/// at the same level or above.
fn part(blocks: &[Block], title: &str) -> Vec<String> {
    let level_of = |b: &Block| match b {
        Block::Para(p) => p.outline.as_ref().map(|o| (o.level, o.title.clone())),
        _ => None,
    };
    let start = blocks
        .iter()
        .position(|b| level_of(b).is_some_and(|(_, t)| t == title))
        .unwrap_or_else(|| panic!("no heading {title}"));
    let level = level_of(&blocks[start]).map_or(0, |(l, _)| l);
    blocks[start + 1..]
        .iter()
        .take_while(|b| level_of(b).is_none_or(|(l, _)| l > level))
        .map(text)
        .collect()
}

#[test]
fn a_brief_reads_title_bottom_line_five_sections_sources_appendix_in_order() {
    let brief = brief(&[note("talks", "Doha round", "TLP:GREEN", ACTORS)]);
    let blocks = blocks(&brief);
    assert_eq!(headings(&blocks, 1), ["Doha talks"], "the title, once");
    assert_eq!(
        headings(&blocks, 2),
        [
            "Bottom line",
            "What happened",
            "Who gains leverage",
            "What mechanism is operating",
            "Why it matters",
            "What to watch next",
            "Sources",
            "Appendix: the notes",
        ]
    );
    assert_eq!(text(&blocks[0]), "Ministry · Gulf desk");
    assert!(
        text(&blocks[2]).starts_with("TLP:GREEN · As of 10 November 2026 · 1 note"),
        "{}",
        text(&blocks[2])
    );
    assert_eq!(
        headings(&blocks, 3),
        ["Doha round"],
        "the note, in the appendix"
    );
}

#[test]
fn the_bottom_line_names_the_top_gainer_and_what_is_missing() {
    let brief = brief(&[note("talks", "Doha round", "TLP:GREEN", ACTORS)]);
    let bottom = part(&blocks(&brief), "Bottom line");
    assert_eq!(
        bottom,
        [
            "Iran gains most leverage (+2.00). › Who gains leverage",
            "Dominant mechanism: hedging (weight 0.50). › What mechanism is operating",
            "Most at stake: Iran (stakes 4.00 of 5). › Why it matters",
            "No open indicator falls due. › What to watch next",
        ]
    );
}

#[test]
fn a_brief_without_scores_or_sources_says_so_in_each_part() {
    let brief = brief(&[note("talks", "Doha round", "TLP:GREEN", "")]);
    let blocks = blocks(&brief);
    assert!(part(&blocks, "Bottom line").contains(&"No actor is scored.".to_owned()));
    assert_eq!(
        part(&blocks, "Who gains leverage"),
        ["No actor is scored in these notes."]
    );
    assert_eq!(part(&blocks, "Sources"), ["1 note, citing no source."]);
}

#[test]
fn only_a_brief_with_scenarios_has_the_scenarios_part_before_its_sources() {
    let with = blocks(&brief(&[note(
        "talks",
        "Doha round",
        "TLP:GREEN",
        &format!("{ACTORS}{SCENARIO}"),
    )]));
    let titles = headings(&with, 2);
    let at = |t: &str| titles.iter().position(|h| h == t);
    assert!(at("What to watch next") < at("Scenarios") && at("Scenarios") < at("Sources"));
    let scenarios = part(&with, "Scenarios").join("\n");
    assert!(
        scenarios.contains("Talks resume before December | likely"),
        "{scenarios}"
    );
    assert!(
        scenarios.contains("| Doha round"),
        "attributed: {scenarios}"
    );

    let without = blocks(&brief(&[note("talks", "Doha round", "TLP:GREEN", ACTORS)]));
    assert!(!headings(&without, 2).contains(&"Scenarios".to_owned()));
}

fn packet(audience: Marking, notes: &[Note]) -> Packet {
    let packet = PacketConfig {
        title: Some("Morning packet".to_owned()),
        audience,
        briefs: vec!["talks".to_owned(), "shipping".to_owned()],
        since: None,
        window_days: None,
        brief_spans: Vec::new(),
    };
    crate::pipeline::packet("morning", &packet, notes, &config(), Default::default()).packet
}

#[test]
fn a_packet_opens_with_a_cover_and_contents_giving_each_briefs_page() {
    let notes = [
        note("talks", "Doha round", "TLP:GREEN", ACTORS),
        note("shipping", "Convoy", "TLP:GREEN", ""),
    ];
    let packet = packet(Marking::Green, &notes);
    let pages = BTreeMap::from([("talks:top".to_owned(), 1), ("shipping:top".to_owned(), 4)]);
    let front = packet_front(&packet, &site(), &pages);
    assert_eq!(headings(&front, 1), ["Morning packet"]);
    assert_eq!(headings(&front, 2), ["Contents"]);
    let cover: Vec<String> = front.iter().take(5).map(text).collect();
    assert_eq!(
        cover[2..],
        [
            "Audience: TLP:GREEN",
            "Packet marking: TLP:GREEN",
            "As of: 10 November 2026"
        ]
    );
    let contents = part(&front, "Contents").join("\n");
    assert!(
        contents.contains("Doha talks | TLP:GREEN | 10 November 2026 | 1 | 2"),
        "{contents}"
    );
    assert!(contents.contains("Strait shipping | TLP:GREEN | 10 November 2026 | 1 | 5"));

    // Each brief starts a page and opens with its title.
    let body = packet_body(&packet, &site());
    let breaks = body.iter().filter(|b| **b == Block::PageBreak).count();
    assert_eq!(breaks, 2);
    assert_eq!(headings(&body, 1), ["Doha talks", "Strait shipping"]);
}

#[test]
fn a_brief_withheld_from_the_audience_is_named_and_an_empty_packet_says_so() {
    let notes = [
        note("talks", "Doha round", "TLP:GREEN", ACTORS),
        note("shipping", "Convoy", "TLP:RED", ""),
    ];
    let front = packet_front(&packet(Marking::Green, &notes), &site(), &BTreeMap::new());
    let texts: Vec<String> = front.iter().map(text).collect();
    let at = texts
        .iter()
        .position(|t| t == "Not included")
        .expect("a not-included list");
    assert_eq!(
        texts[at + 1],
        "Strait shipping: no notes releasable to this audience"
    );
    assert!(!texts.join("\n").contains("Convoy"), "no trace of the note");

    let front = packet_front(&packet(Marking::Clear, &notes), &site(), &BTreeMap::new());
    assert_eq!(
        part(&front, "Contents")[0],
        "No brief has notes releasable to this audience."
    );
    assert!(packet_body(&packet(Marking::Clear, &notes), &site()).is_empty());
}

#[test]
fn the_tools_own_wording_uses_curly_apostrophes() {
    let brief = brief(&[note("talks", "Doha round", "TLP:GREEN", ACTORS)]);
    let text = part(&blocks(&brief), "Who gains leverage").join("\n");
    assert!(text.contains("analysts’ scores differ"), "{text}");
    assert!(!text.contains("analysts' "), "{text}");
}
