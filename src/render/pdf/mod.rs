//! `<brief>.pdf` and packet PDFs: the model typeset with a small layout
//! engine of our own and written with printpdf's low-level operations.
//!
//! Stages, each its own module: [`content`] turns the model into blocks
//! (headings, paragraphs of styled spans, tables, the chart), [`md`] does
//! the same for a note's markdown, [`layout`] breaks blocks into lines and
//! pages and adds the running header and footer (`layout/page.rs`; pure
//! and unit-tested), [`emit`] writes the pages through printpdf with subset
//! fonts, and [`outline`] finishes the file in lopdf (nested outline,
//! metadata, a content-derived document ID). `compress` and `hash` are the
//! leaves both of those share.
//!
//! Pure: no I/O and no clock. Fonts are compiled in; the date comes from
//! [`PdfSite::timestamp`].

mod compress;
mod content;
mod emit;
pub(crate) mod fonts;
mod hash;
mod images;
pub(crate) mod layout;
mod md;
mod outline;
mod prune;
mod save;
pub(crate) mod shape;
mod structure;
mod tags;
mod xmp;

use thiserror::Error;

pub use crate::typefaces::WorkspaceFonts;

use crate::model::{Brief, Packet};
use crate::vocab::{PageSize, PdfStandard};

/// Workspace-level facts and settings a PDF needs besides the model.
#[derive(Debug, Clone)]
pub struct PdfSite {
    /// The workspace's title (brief.yaml `title`), above each title and in the running head.
    pub title: String,
    /// The organization named beside the title, if brief.yaml gives one.
    pub organization: Option<String>,
    /// The paper size every page is laid out on.
    pub page_size: PageSize,
    /// The notes' language, a BCP 47 tag: justified paragraphs are
    /// hyphenated by its patterns (none for languages hypher lacks).
    pub lang: String,
    /// The leverage range that marks an actor contested, named in the chart's caption.
    pub contested_range: u8,
    /// Seconds since the epoch for CreationDate/ModDate; the caller passes
    /// SOURCE_DATE_EPOCH or the brief's as-of date at 00:00 UTC.
    pub timestamp: i64,
    /// The workspace's `fonts/`, after the shipped faces in the fallback chain.
    pub fonts: WorkspaceFonts,
    /// Tagged PDF/UA-1, PDF/A-2b as well, or untagged.
    pub standard: PdfStandard,
}

/// A PDF could not be made.
#[derive(Debug, Error)]
pub enum PdfError {
    /// A bundled font could not be parsed or subset (a bug, not bad input).
    #[error("font {name}: {reason}")]
    Font {
        /// The font's PostScript name.
        name: String,
        /// What went wrong with it.
        reason: String,
    },
    /// The timestamp cannot be written as a PDF date.
    #[error("invalid document date: {0}")]
    Date(String),
    /// The PDF's objects could not be put together or written out.
    #[error("cannot assemble the PDF: {0}")]
    Pdf(String),
}

/// Renders one brief.
pub fn render_brief(brief: &Brief, site: &PdfSite) -> Result<Vec<u8>, PdfError> {
    content::render(
        content::Document::Brief(&crate::render::display::brief(brief)),
        site,
    )
}

/// Renders a packet: a cover, a table of contents, then each brief as
/// [`render_brief`] lays it out, under the packet's marking.
pub fn render_packet(packet: &Packet, site: &PdfSite) -> Result<Vec<u8>, PdfError> {
    content::render(
        content::Document::Packet(&crate::render::display::packet(packet)),
        site,
    )
}
