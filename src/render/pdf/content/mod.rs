//! The model into blocks, in the order the HTML brief shows it (SPEC §5),
//! then laid out, given running heads and emitted.
//!
//! `brief` holds the parts of one brief in order (title block, bottom
//! line, scenarios, sources, appendix), `sections` the five sections,
//! `since` the what-changed box, `packet` a packet's cover and contents,
//! and `style` the headings, captions, tables and styles they share.

mod analysis;
mod brief;
mod packet;
mod sections;
mod since;
mod style;

use std::collections::BTreeMap;

use super::emit;
use super::fonts::Fonts;
use super::layout::{
    Block, Geometry, Laid, Layouter, Paginated, Rgb, RunningHead, anchor_pages, language, paginate,
    running_heads,
};
use super::outline::Info;
use super::shape::Shaper;
use super::tags::Tree;
use super::{PdfError, PdfSite};
use crate::model::{Brief, Packet};
use crate::render::format::org_title_line;
use crate::vocab::PageSize;
use brief::brief_blocks;
use packet::{packet_body, packet_front};

/// What a PDF is made of: one brief, or a packet of them.
pub(super) enum Document<'a> {
    Brief(&'a Brief),
    Packet(&'a Packet),
}

/// Lays out, heads and emits `document`.
pub(super) fn render(document: Document<'_>, site: &PdfSite) -> Result<Vec<u8>, PdfError> {
    let fonts = Fonts::load_with(&site.fonts)?;
    let mut typesetter = Typesetter {
        shaper: Shaper::new(&fonts),
        geometry: match site.page_size {
            PageSize::A4 => Geometry::a4(),
            PageSize::Letter => Geometry::letter(),
        },
        hyphenation: language(&site.lang),
        tree: Tree::default(),
    };
    let (mut paginated, head, info) = match document {
        Document::Brief(brief) => (
            typesetter.brief(brief, site),
            brief_head(brief, site),
            brief_info(brief, site),
        ),
        Document::Packet(packet) => (
            typesetter.packet(packet, site),
            packet_head(packet, site),
            packet_info(packet, site),
        ),
    };
    let geometry = typesetter.geometry;
    running_heads(
        &mut typesetter.shaper,
        geometry,
        &mut paginated.pages,
        &head,
    );
    emit::emit(&fonts, geometry, &mut paginated, &typesetter.tree, &info)
}

/// The shaper (and its caches) and the page, for every layout of one
/// document.
struct Typesetter<'f> {
    shaper: Shaper<'f>,
    geometry: Geometry,
    hyphenation: Option<hypher::Lang>,
    /// The structure tree the blocks' elements are made in.
    tree: Tree,
}

impl Typesetter<'_> {
    fn units(&mut self, blocks: &[Block]) -> Laid {
        let mut layouter = Layouter::new(&mut self.shaper, self.geometry);
        layouter.hyphenation = self.hyphenation;
        for block in blocks {
            layouter.push(block);
        }
        layouter.finish()
    }

    fn brief(&mut self, brief: &Brief, site: &PdfSite) -> Paginated {
        let mut blocks = Vec::new();
        brief_blocks(brief, site, 1, &mut blocks);
        self.tree.top = self.tree.assign(&mut blocks);
        paginate(self.units(&blocks), self.geometry)
    }

    /// The contents need the pages the briefs land on. Each brief starts a
    /// page, so the briefs are laid out once, on their own; the front
    /// matter is laid out twice, first with placeholder numbers to count
    /// its pages.
    fn packet(&mut self, packet: &Packet, site: &PdfSite) -> Paginated {
        let mut body = packet_body(packet, site);
        let body_top = self.tree.assign(&mut body);
        let mut body = self.units(&body);
        let mut front = self.units(&packet_front(packet, site, &BTreeMap::new()));
        let (_, front_pages) = anchor_pages(&mut front, self.geometry);
        let (body_pages, _) = anchor_pages(&mut body, self.geometry);
        let pages = body_pages
            .into_iter()
            .map(|(anchor, page)| (anchor, page + front_pages))
            .collect();
        let mut front = packet_front(packet, site, &pages);
        self.tree.top = self.tree.assign(&mut front);
        self.tree.top.extend(body_top);
        let mut laid = self.units(&front);
        laid.append(body);
        paginate(laid, self.geometry)
    }
}

fn brief_head(brief: &Brief, site: &PdfSite) -> RunningHead {
    RunningHead {
        left: org_title_line(site.organization.as_deref(), &site.title),
        title: brief.title.clone(),
        marking: brief.marking.label().to_owned(),
        colour: Rgb::hex(brief.marking.colour()),
        draft: brief.is_draft(),
    }
}

fn packet_head(packet: &Packet, site: &PdfSite) -> RunningHead {
    RunningHead {
        left: org_title_line(site.organization.as_deref(), &site.title),
        title: packet.title.clone(),
        marking: packet.marking.label().to_owned(),
        colour: Rgb::hex(packet.marking.colour()),
        // Packets never hold a draft: they leave drafts out.
        draft: false,
    }
}

/// The document information of a brief; its keywords name the top six
/// actors.
fn brief_info(brief: &Brief, site: &PdfSite) -> Info {
    let mut keywords = vec![
        brief.slug.clone(),
        brief.marking.label().to_owned(),
        "brief".to_owned(),
    ];
    keywords.extend(brief.actors.iter().take(6).map(|a| a.name.clone()));
    Info {
        title: brief.title.clone(),
        author: site
            .organization
            .clone()
            .unwrap_or_else(|| site.title.clone()),
        subject: format!(
            "{} brief as of {} ({})",
            brief.title,
            brief.as_of,
            brief.marking.label()
        ),
        keywords,
        timestamp: site.timestamp,
        lang: site.lang.clone(),
        standard: site.standard,
    }
}

/// The document information of a packet; its keywords name its briefs.
fn packet_info(packet: &Packet, site: &PdfSite) -> Info {
    let mut keywords = vec![
        packet.name.clone(),
        packet.marking.label().to_owned(),
        "packet".to_owned(),
    ];
    keywords.extend(packet.briefs.iter().map(|b| b.slug.clone()));
    Info {
        title: packet.title.clone(),
        author: packet
            .organization
            .clone()
            .or_else(|| site.organization.clone())
            .unwrap_or_else(|| site.title.clone()),
        subject: format!(
            "Briefing packet for {} audiences ({})",
            packet.audience.label(),
            packet.marking.label()
        ),
        keywords,
        timestamp: site.timestamp,
        lang: site.lang.clone(),
        standard: site.standard,
    }
}

#[cfg(test)]
mod tests;
