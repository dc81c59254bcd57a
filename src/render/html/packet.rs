//! Packet pages: each brief's section rendered on its own (so `brief
//! serve` can cache it), and the page around them cut at markers so the
//! sections are written in pieces rather than copied through the template.

use std::borrow::Cow;

use serde::Serialize;
use tera::Context;

use super::site::Site;
use super::templates::{TemplateError, Templates};
use super::views::BriefView;
use crate::model::{Brief, Packet};
use crate::render::format::long_date;

/// Everything `packet.html` reads besides each brief's view.
#[derive(Debug, Serialize)]
struct PacketView {
    name: String,
    title: String,
    organization: Option<String>,
    audience: &'static str,
    marking: &'static str,
    as_of: Option<String>,
    as_of_text: Option<String>,
    contents: Vec<PacketContentsEntry>,
    empty: Vec<String>,
}

#[derive(Debug, Serialize)]
struct PacketContentsEntry {
    title: String,
    anchor: String,
    marking: &'static str,
    as_of: String,
    notes: usize,
}

/// Renders `packets/<name>.html`: a cover, a table of contents, then each
/// brief as on its own page (ids prefixed by the brief's slug), with the
/// packet's marking on the page.
pub fn render_packet(
    templates: &Templates,
    packet: &Packet,
    site: &Site,
) -> Result<Vec<u8>, TemplateError> {
    let sections = packet
        .briefs
        .iter()
        .map(|brief| render_packet_section(templates, brief, site))
        .collect::<Result<Vec<String>, _>>()?;
    let sections: Vec<&str> = sections.iter().map(String::as_str).collect();
    Ok(render_packet_parts(templates, packet, &sections)?
        .concat()
        .into_bytes())
}

/// One brief of a packet (`partials/packet_brief.html`). It depends only on
/// the brief and the site, so `brief serve` keeps it until the brief changes.
pub fn render_packet_section(
    templates: &Templates,
    brief: &Brief,
    site: &Site,
) -> Result<String, TemplateError> {
    let view = BriefView::new(brief, site, &format!("{}--", brief.slug));
    let mut context = Context::new();
    context.insert("b", &view);
    templates.render("partials/packet_brief.html", &context)
}

/// The packet page around its rendered `sections` (one per brief of
/// `packet.briefs`, in order), as pieces to write one after another.
///
/// A large packet's sections run to tens of megabytes, so they are not
/// copied through the template: `packet.html` is rendered with a marker in
/// place of each section and the page is cut at the markers. That is
/// only done with the built-in `packet.html`, which prints each section
/// as it is: an override may filter a section (`striptags`, `truncate`,
/// `length`…), which would act on the marker, so a workspace that
/// overrides `packet.html` has its page rendered whole.
pub fn render_packet_parts<'s>(
    templates: &Templates,
    packet: &Packet,
    sections: &[&'s str],
) -> Result<Vec<Cow<'s, str>>, TemplateError> {
    if templates.is_overridden("packet.html") {
        return Ok(vec![Cow::Owned(render_packet_page(
            templates, packet, sections,
        )?)]);
    }
    let markers: Vec<String> = (0..sections.len()).map(section_marker).collect();
    let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
    let frame = render_packet_page(templates, packet, &markers)?;
    if let Some(pieces) = cut_at_markers(&frame, &markers) {
        let mut parts = Vec::with_capacity(2 * sections.len() + 1);
        for (piece, section) in pieces.iter().zip(sections) {
            parts.push(Cow::Owned((*piece).to_owned()));
            parts.push(Cow::Borrowed(*section));
        }
        parts.extend(pieces.last().map(|tail| Cow::Owned((*tail).to_owned())));
        return Ok(parts);
    }
    Ok(vec![Cow::Owned(render_packet_page(
        templates, packet, sections,
    )?)])
}

/// A marker no rendered text contains: control characters are not valid
/// in HTML text and every other value is escaped or markdown.
fn section_marker(index: usize) -> String {
    format!("\u{1}brief-packet-section-{index}\u{1}")
}

/// `page` split at each of `markers`, when each occurs exactly once, in
/// order, and no other marker-like text does.
fn cut_at_markers<'p>(page: &'p str, markers: &[&str]) -> Option<Vec<&'p str>> {
    if page.matches("\u{1}brief-packet-section-").count() != markers.len() {
        return None;
    }
    let mut pieces = Vec::with_capacity(markers.len() + 1);
    let mut rest = page;
    for marker in markers {
        let (before, after) = rest.split_once(marker)?;
        pieces.push(before);
        rest = after;
    }
    pieces.push(rest);
    Some(pieces)
}

/// The packet page with `sections` printed where `packet.html` puts them.
fn render_packet_page(
    templates: &Templates,
    packet: &Packet,
    sections: &[&str],
) -> Result<String, TemplateError> {
    let view = PacketView {
        name: packet.name.clone(),
        title: packet.title.clone(),
        organization: packet.organization.clone(),
        audience: packet.audience.label(),
        marking: packet.marking.label(),
        as_of: packet.as_of.map(|d| d.to_string()),
        as_of_text: packet.as_of.map(long_date),
        contents: packet
            .briefs
            .iter()
            .map(|b| PacketContentsEntry {
                title: b.title.clone(),
                anchor: format!("{}--top", b.slug),
                marking: b.marking.label(),
                as_of: b.as_of.to_string(),
                notes: b.note_count(),
            })
            .collect(),
        empty: packet.empty.iter().map(|e| e.title.clone()).collect(),
    };
    let mut context = Context::new();
    context.insert(
        "page_title",
        &format!("{} — {}", packet.title, packet.marking.label()),
    );
    context.insert("marking", packet.marking.label());
    context.insert("marking_colour", packet.marking.colour());
    context.insert("packet", &view);
    context.insert("sections", sections);
    templates.render("packet.html", &context)
}
