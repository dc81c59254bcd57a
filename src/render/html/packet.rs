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
    /// How many drafts were left out pending review, in words; none when
    /// no draft was.
    drafts_left_out: Option<String>,
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
        drafts_left_out: (packet.drafts_left_out > 0)
            .then(|| crate::render::format::drafts_left_out(packet.drafts_left_out)),
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use crate::render::html::fixture::{brief, site};
    use crate::render::html::templates::Override;
    use crate::vocab::Marking;

    fn packet() -> Packet {
        let mut second = brief();
        second.slug = "levant".to_owned();
        second.title = "Levant".to_owned();
        Packet {
            name: "partners".to_owned(),
            title: "Partner read-out".to_owned(),
            organization: None,
            audience: Marking::Green,
            marking: Marking::Green,
            as_of: Some(second.as_of),
            briefs: vec![Arc::new(brief()), Arc::new(second)],
            empty: Vec::new(),
            drafts_left_out: 0,
        }
    }

    fn sections(templates: &Templates, packet: &Packet) -> Vec<String> {
        packet
            .briefs
            .iter()
            .map(|b| render_packet_section(templates, b, &site()).expect("a section renders"))
            .collect()
    }

    #[test]
    fn the_page_is_cut_around_each_section_and_reads_as_the_whole() {
        let templates = Templates::load(Vec::new()).expect("built-ins load");
        let packet = packet();
        let sections = sections(&templates, &packet);
        let borrowed: Vec<&str> = sections.iter().map(String::as_str).collect();
        let parts = render_packet_parts(&templates, &packet, &borrowed).expect("renders");
        assert_eq!(parts.len(), 2 * sections.len() + 1);
        // The sections are handed back as they are, not copied.
        assert!(matches!(&parts[1], Cow::Borrowed(s) if std::ptr::eq(*s, borrowed[0])));
        let whole = render_packet_page(&templates, &packet, &borrowed).expect("renders");
        assert_eq!(parts.concat(), whole);
        assert!(whole.contains("id=\"levant--top\""));
        assert!(!whole.contains('\u{1}'));
    }

    #[test]
    fn an_overridden_packet_page_is_rendered_whole() {
        let templates = Templates::load(vec![Override {
            name: "packet.html".to_owned(),
            path: PathBuf::from("templates/packet.html"),
            text: Arc::from("{% for s in sections %}[{{ s | length }}]{% endfor %}"),
        }])
        .expect("the override loads");
        let packet = packet();
        let sections = sections(&templates, &packet);
        let borrowed: Vec<&str> = sections.iter().map(String::as_str).collect();
        let parts = render_packet_parts(&templates, &packet, &borrowed).expect("renders");
        // A filter sees each real section, never a marker.
        let expected: String = sections
            .iter()
            .map(|s| format!("[{}]", s.chars().count()))
            .collect();
        assert_eq!(parts.concat(), expected);
    }

    #[test]
    fn a_page_is_only_cut_where_each_marker_appears_once_in_order() {
        let markers = [section_marker(0), section_marker(1)];
        let markers: Vec<&str> = markers.iter().map(String::as_str).collect();
        let page = format!("a{}b{}c", markers[0], markers[1]);
        assert_eq!(cut_at_markers(&page, &markers), Some(vec!["a", "b", "c"]));
        let swapped = format!("a{}b{}c", markers[1], markers[0]);
        assert_eq!(cut_at_markers(&swapped, &markers), None);
        let repeated = format!("a{}b{}c{}", markers[0], markers[1], markers[1]);
        assert_eq!(cut_at_markers(&repeated, &markers), None);
    }
}
