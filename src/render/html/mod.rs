//! `<brief>.html`, `packets/<name>.html` and `index.html` through Tera
//! templates.
//!
//! The built-in templates are embedded in the binary; a workspace may
//! override any of them with a file of the same name in its `templates/`
//! (`templates`). Templates receive a read-only view built from the model
//! (`views`): numbers formatted, markdown already turned into safe HTML
//! (the only values templates print with `| safe`), chart geometry
//! computed (`svg`). Autoescaping is on for everything else. A packet page
//! is rendered around its briefs' sections and written in pieces
//! (`packet`).

mod packet;
mod site;
mod svg;
mod templates;
mod views;

use tera::Context;

use crate::model::Brief;
use crate::vocab::Marking;

pub use self::packet::{render_packet, render_packet_parts, render_packet_section};
pub use self::site::{IndexEntry, IndexLink, PacketIndexEntry, Site};
pub use self::templates::{BUILTIN, Override, TemplateError, Templates};
use self::views::BriefView;

/// Renders one brief's page.
pub fn render_brief(
    templates: &Templates,
    brief: &Brief,
    site: &Site,
) -> Result<Vec<u8>, TemplateError> {
    let view = BriefView::new(brief, site, "");
    let mut context = Context::new();
    context.insert("page_title", &view.page_title);
    context.insert("marking", brief.marking.label());
    context.insert("marking_colour", brief.marking.colour());
    context.insert("b", &view);
    templates
        .render("brief.html", &context)
        .map(String::into_bytes)
}

/// Renders `index.html`; its marking is the highest of the briefs and
/// packets listed.
pub fn render_index(
    templates: &Templates,
    briefs: &[IndexEntry],
    packets: &[PacketIndexEntry],
    marking: Marking,
    site: &Site,
) -> Result<Vec<u8>, TemplateError> {
    let mut context = Context::new();
    context.insert("page_title", &site.title);
    context.insert("workspace_title", &site.title);
    context.insert("organization", &site.organization);
    context.insert("marking", marking.label());
    context.insert("marking_colour", marking.colour());
    context.insert("briefs", briefs);
    context.insert("packets", packets);
    templates
        .render("index.html", &context)
        .map(String::into_bytes)
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::fixture::{actor, brief, site};
    use super::*;

    fn page(brief: &Brief) -> String {
        let templates = Templates::load(Vec::new()).expect("built-ins load");
        String::from_utf8(render_brief(&templates, brief, &site()).expect("renders"))
            .expect("UTF-8")
    }

    /// The leverage chart's `<svg>…</svg>`, if the page has one.
    fn chart_svg(page: &str) -> Option<&str> {
        let start = page.find("<svg class=\"chart\"")?;
        let end = start + page[start..].find("</svg>")? + "</svg>".len();
        Some(&page[start..end])
    }

    /// Whether `xml` nests its tags properly and every `&` starts a
    /// character reference: what a browser's XML parser needs of an SVG.
    fn well_formed(xml: &str) -> bool {
        let mut open: Vec<&str> = Vec::new();
        let mut rest = xml;
        while let Some(start) = rest.find('<') {
            let Some(len) = rest[start..].find('>') else {
                return false;
            };
            let tag = &rest[start + 1..start + len];
            let text = &rest[..start];
            let bare_ampersand = text.split('&').skip(1).any(|after| {
                !after
                    .split_once(';')
                    .is_some_and(|(name, _)| (1..8).contains(&name.len()))
            });
            if bare_ampersand {
                return false;
            }
            if let Some(name) = tag.strip_prefix('/') {
                if open.pop() != Some(name) {
                    return false;
                }
            } else if !tag.ends_with('/') {
                open.push(tag.split_whitespace().next().unwrap_or(""));
            }
            rest = &rest[start + len + 1..];
        }
        open.is_empty()
    }

    #[test]
    fn the_bottom_line_reads_as_four_sentences() {
        let html = page(&brief());
        for sentence in [
            "<strong>Iran</strong> gains most leverage (+1.50).",
            "Dominant mechanism: <strong>step-for-step bargaining</strong> (weight 2.25).",
            "Most at stake: <strong>Oman</strong> (stakes 4.50 of 5).",
            "Next due: <strong>Second round</strong> by <time datetime=\"2026-12-01\">1 December 2026</time>.",
        ] {
            assert!(html.contains(sentence), "missing {sentence}");
        }
        let mut quiet = brief();
        quiet.bottom_line.top_gainer = None;
        assert!(page(&quiet).contains("No actor gains leverage on balance."));
    }

    #[test]
    fn the_page_marks_the_overdue_item_and_attributes_each_passage() {
        let page = page(&brief());
        assert!(page.contains("<td>Sanctions waiver</td><td><time datetime=\"2026-11-15\">2026-11-15</time></td><td><span class=\"overdue\">overdue</span></td>"));
        assert!(page.contains("<a href=\"#note-talks-resume\">Talks resume in Muscat</a> · <time datetime=\"2026-11-18\">2026-11-18</time> · high confidence"));
    }

    #[test]
    fn the_chart_is_well_formed_for_one_actor_and_absent_for_none() {
        let mut one = brief();
        one.actors.truncate(1);
        let page_one = page(&one);
        let svg = chart_svg(&page_one).expect("one actor has a chart");
        assert!(well_formed(svg), "{svg}");
        assert_eq!(svg.matches("<rect ").count(), 1);
        let mut none = brief();
        none.actors.clear();
        assert_eq!(chart_svg(&page(&none)), None);
    }

    #[test]
    fn an_actors_name_is_escaped_in_the_chart() {
        let mut brief = brief();
        brief.actors = vec![actor("Sons & <Daughters> \"Co\"", -1.0, 1.0, true)];
        let page = page(&brief);
        let svg = chart_svg(&page).expect("a chart");
        assert!(well_formed(svg), "{svg}");
        assert!(svg.contains("⚑ Sons &amp; &lt;Daughters&gt; &quot;Co&quot;"));
        assert!(!svg.contains("<Daughters>"));
    }
}
