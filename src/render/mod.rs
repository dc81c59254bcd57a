//! Renderers: the aggregated model into bytes, one module per format.
//!
//! Each renderer takes a [`Document`] (a `&model::Brief` or a
//! `&model::Packet`, never notes) and a [`RenderContext`] (the workspace
//! facts and settings it needs besides the model). [`Format`] names the
//! formats and dispatches to them: a new output format is one new module
//! plus its arm in each `match` below.

pub(crate) mod alt;
pub(crate) mod display;
pub(crate) mod format;
pub mod html;
pub(crate) mod json;
pub(crate) mod linechart;
pub(crate) mod markdown;
pub mod pdf;

use std::borrow::Cow;
use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;
use thiserror::Error;

use crate::model::{Brief, Packet};
use crate::typefaces::WorkspaceFonts;
use crate::vocab::PageSize;
use html::{TemplateError, Templates};

/// An output format: what `--format` names and the extension it writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Format {
    /// Self-contained HTML pages, and `index.html`.
    Html,
    /// Paginated PDF.
    Pdf,
    /// The aggregate as JSON (briefs only).
    Json,
}

impl Format {
    /// Every format, in the order the index links them.
    pub const ALL: [Format; 3] = [Format::Html, Format::Pdf, Format::Json];

    /// The lower-case name `--format` takes and messages print: `html`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Json => "json",
        }
    }

    /// The label of links to this format: `HTML`.
    pub fn label(self) -> &'static str {
        match self {
            Format::Html => "HTML",
            Format::Pdf => "PDF",
            Format::Json => "JSON",
        }
    }

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.name()
    }

    /// Whether this format writes `document` at all (JSON is per brief).
    pub fn writes(self, document: Document<'_>) -> bool {
        match document {
            Document::Brief(_) => true,
            Document::Packet(_) => self.writes_packets(),
        }
    }

    /// Whether this format has a file for packets (JSON does not).
    pub fn writes_packets(self) -> bool {
        self != Format::Json
    }

    /// Where `document` goes, relative to the output folder:
    /// `<brief>.<ext>` or `packets/<packet>.<ext>`.
    pub fn file_name(self, document: Document<'_>) -> String {
        match document {
            Document::Brief(brief) => format!("{}.{}", brief.slug, self.extension()),
            Document::Packet(packet) => format!("packets/{}.{}", packet.name, self.extension()),
        }
    }

    /// Renders `document` and hands its bytes, in one or more pieces, to
    /// `sink` (which writes them). Large documents are passed in pieces so
    /// that the whole file need not sit in one buffer.
    pub fn render<T>(
        self,
        document: Document<'_>,
        context: &RenderContext<'_>,
        sink: impl FnOnce(&[&[u8]]) -> T,
    ) -> Result<T, RenderError> {
        match (self, document) {
            (Format::Html, Document::Brief(brief)) => {
                let bytes = html::render_brief(context.templates()?, brief, &context.html_site())?;
                Ok(sink(&[&bytes]))
            }
            (Format::Html, Document::Packet(packet)) => html_packet(packet, context, sink),
            (Format::Pdf, Document::Brief(brief)) => {
                let bytes = pdf::render_brief(brief, &context.pdf_site(Some(brief.as_of)))?;
                Ok(sink(&[&bytes]))
            }
            (Format::Pdf, Document::Packet(packet)) => {
                let bytes = pdf::render_packet(packet, &context.pdf_site(packet.as_of))?;
                Ok(sink(&[&bytes]))
            }
            (Format::Json, Document::Brief(brief)) => Ok(sink(&[&json::render(brief)])),
            (Format::Json, Document::Packet(packet)) => Err(RenderError::NotWritten {
                format: self,
                name: packet.name.clone(),
            }),
        }
    }
}

/// What a renderer renders.
#[derive(Debug, Clone, Copy)]
pub enum Document<'a> {
    /// One brief.
    Brief(&'a Brief),
    /// A packet of briefs for one audience.
    Packet(&'a Packet),
}

/// A packet's brief sections already rendered as HTML, by (packet, brief
/// slug): `brief serve` keeps them while a brief is unchanged.
pub type SectionCache = BTreeMap<(String, String), String>;

/// Workspace facts and settings a renderer needs besides the model.
#[derive(Clone, Copy)]
pub struct RenderContext<'a> {
    /// The workspace's title (brief.yaml `title`).
    pub title: &'a str,
    /// The organization shown beside it.
    pub organization: Option<&'a str>,
    /// Paper size of PDFs.
    pub page_size: PageSize,
    /// The notes' language (brief.yaml `lang:`), which PDF hyphenation follows.
    pub lang: &'a str,
    /// The leverage range that marks an actor contested.
    pub contested_range: u8,
    /// `SOURCE_DATE_EPOCH`: the date written into PDFs; else each
    /// document's as-of date at 00:00 UTC.
    pub source_date_epoch: Option<i64>,
    /// The HTML templates (built-ins with the workspace's overrides);
    /// needed only to render HTML.
    pub templates: Option<&'a Templates>,
    /// Packet sections rendered earlier, reused instead of rendered again.
    pub sections: Option<&'a SectionCache>,
    /// The workspace's `fonts/`, for the PDF.
    pub fonts: &'a WorkspaceFonts,
    /// The standard PDFs are written to.
    pub pdf_standard: crate::vocab::PdfStandard,
}

impl RenderContext<'_> {
    fn templates(&self) -> Result<&Templates, RenderError> {
        self.templates.ok_or(RenderError::NoTemplates)
    }

    /// The workspace facts HTML templates print.
    pub fn html_site(&self) -> html::Site {
        html::Site {
            title: self.title.to_owned(),
            organization: self.organization.map(str::to_owned),
            contested_range: self.contested_range,
        }
    }

    fn pdf_site(&self, as_of: Option<jiff::civil::Date>) -> pdf::PdfSite {
        pdf::PdfSite {
            title: self.title.to_owned(),
            organization: self.organization.map(str::to_owned),
            page_size: self.page_size,
            lang: self.lang.to_owned(),
            contested_range: self.contested_range,
            timestamp: self
                .source_date_epoch
                .unwrap_or_else(|| as_of.map_or(0, midnight_utc)),
            fonts: self.fonts.clone(),
            standard: self.pdf_standard,
        }
    }
}

/// Seconds since the epoch at the start of `date`, in UTC.
fn midnight_utc(date: jiff::civil::Date) -> i64 {
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_or(0, |zoned| zoned.timestamp().as_second())
}

/// The HTML page of a packet: each brief's section (cached, or rendered
/// here in parallel) inside `packet.html`, handed to `sink` in pieces.
fn html_packet<T>(
    packet: &Packet,
    context: &RenderContext<'_>,
    sink: impl FnOnce(&[&[u8]]) -> T,
) -> Result<T, RenderError> {
    let templates = context.templates()?;
    let site = context.html_site();
    let sections: Vec<Cow<'_, str>> = packet
        .briefs
        .par_iter()
        .map(|brief| {
            let key = (packet.name.clone(), brief.slug.clone());
            match context.sections.and_then(|cache| cache.get(&key)) {
                Some(section) => Ok(Cow::Borrowed(section.as_str())),
                None => html::render_packet_section(templates, brief, &site).map(Cow::Owned),
            }
        })
        .collect::<Result<_, _>>()?;
    let sections: Vec<&str> = sections.iter().map(|s| s.as_ref()).collect();
    let parts = html::render_packet_parts(templates, packet, &sections)?;
    let parts: Vec<&[u8]> = parts.iter().map(|part| part.as_bytes()).collect();
    Ok(sink(&parts))
}

/// A document could not be rendered.
#[derive(Debug, Error)]
pub enum RenderError {
    /// A template failed; its diagnostics say where.
    #[error("a template failed")]
    Template(#[from] TemplateError),
    /// The PDF could not be made.
    #[error(transparent)]
    Pdf(#[from] pdf::PdfError),
    /// HTML was asked for without loading the templates (a caller's bug).
    #[error("HTML cannot be rendered without templates")]
    NoTemplates,
    /// The format writes no such document (JSON has no packets).
    #[error("{} output has no file for packet `{name}`", format.label())]
    NotWritten {
        /// The format asked for.
        format: Format,
        /// The packet.
        name: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_match_the_cli() {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["html", "pdf", "json"]);
        assert_eq!(Format::Pdf.label(), "PDF");
        assert_eq!(Format::Json.extension(), "json");
    }

    #[test]
    fn midnight_utc_is_the_start_of_the_day() {
        let date = jiff::civil::date(2026, 11, 20);
        assert_eq!(midnight_utc(date), 1_795_132_800);
    }
}
