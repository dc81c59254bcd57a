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
