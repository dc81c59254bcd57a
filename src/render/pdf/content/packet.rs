//! A packet's blocks: the cover, the table of contents and what was left
//! out, then each brief from a new page.

use std::collections::BTreeMap;

use super::super::PdfSite;
use super::super::fonts::Family;
use super::super::layout::{Align, Block, Span, Style, Target};
use super::brief::brief_blocks;
use super::style::{caption, cell, empty, heading, muted, para, sans, table};
use crate::model::Packet;
use crate::render::format::long_date;
use crate::render::format::org_title_line;

/// The cover and the table of contents, whose page numbers come from
/// `pages` (anchor → 0-based page).
pub(super) fn packet_front(
    packet: &Packet,
    site: &PdfSite,
    pages: &BTreeMap<String, usize>,
) -> Vec<Block> {
    let mut out = Vec::new();
    cover(packet, site, &mut out);
    // The contents follow the cover facts on the first page: a list of the
    // briefs there as well would only repeat them.
    contents(packet, pages, &mut out);
    not_included(packet, &mut out);
    out
}

/// The packet's briefs, each from a new page, after its front matter.
pub(super) fn packet_body(packet: &Packet, site: &PdfSite) -> Vec<Block> {
    let mut out = Vec::new();
    for brief in &packet.briefs {
        out.push(Block::PageBreak);
        brief_blocks(brief, site, 1, &mut out);
    }
    out
}

/// The workspace line, the packet's title, its audience, marking and date.
fn cover(packet: &Packet, site: &PdfSite, out: &mut Vec<Block>) {
    let organization = packet.organization.as_ref().or(site.organization.as_ref());
    let context = org_title_line(organization.map(String::as_str), &site.title);
    out.push(Block::Para(para(
        vec![Span::new(context, muted(9.0))],
        13.0,
        60.0,
    )));
    out.push(heading(&packet.title, "packet:cover".to_owned(), 1));
    let line = |label: &str, value: String| {
        Block::Para(para(
            vec![
                Span::new(format!("{label} "), muted(10.0)),
                Span::new(value, sans(10.0).bold()),
            ],
            15.0,
            4.0,
        ))
    };
    out.push(line("Audience:", packet.audience.label().to_owned()));
    out.push(line("Packet marking:", packet.marking.label().to_owned()));
    out.push(line(
        "As of:",
        packet.as_of.map_or("—".to_owned(), long_date),
    ));
    if packet.drafts_left_out > 0 {
        out.push(Block::Para(para(
            vec![Span::new(
                crate::render::format::drafts_left_out(packet.drafts_left_out),
                muted(9.0),
            )],
            13.0,
            6.0,
        )));
    }
}

/// The contents: one row per brief, with the page it starts on.
fn contents(packet: &Packet, pages: &BTreeMap<String, usize>, out: &mut Vec<Block>) {
    out.push(heading("Contents", "packet:contents".to_owned(), 2));
    if packet.briefs.is_empty() {
        out.push(empty("No brief has notes releasable to this audience."));
        return;
    }
    let rows = packet
        .briefs
        .iter()
        .map(|b| {
            let anchor = format!("{}:top", b.slug);
            let page = pages
                .get(&anchor)
                .map_or("0".to_owned(), |p| (p + 1).to_string());
            vec![
                vec![Span::new(b.title.clone(), sans(9.5)).link(Some(Target::Anchor(anchor)))],
                cell(b.marking.label()),
                cell(long_date(b.as_of)),
                cell(b.note_count().to_string()),
                vec![Span::new(page, sans(9.5))],
            ]
        })
        .collect();
    out.push(caption(
        "Each brief is built only from notes releasable to this audience and starts a new page",
    ));
    out.push(table(
        &[
            ("Brief", Align::Start),
            ("Marking", Align::Start),
            ("As of", Align::Start),
            ("Notes", Align::End),
            ("Page", Align::End),
        ],
        rows,
    ));
}

/// The packet's briefs that had nothing this audience may see, by name.
fn not_included(packet: &Packet, out: &mut Vec<Block>) {
    if packet.empty.is_empty() {
        return;
    }
    let mut p = para(
        vec![Span::new("Not included", sans(11.0).bold())],
        15.0,
        14.0,
    );
    p.keep_with_next = true;
    out.push(Block::Para(p));
    for brief in &packet.empty {
        let mut p = para(
            vec![
                Span::new(brief.title.clone(), Style::new(Family::Serif, 10.0)),
                Span::new(": no notes releasable to this audience", muted(9.0)),
            ],
            14.5,
            3.0,
        );
        p.indent = 16.0;
        p.marker = Some(vec![Span::new("•", Style::new(Family::Serif, 10.0))]);
        out.push(Block::Para(p));
    }
}
