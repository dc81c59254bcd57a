//! `<brief>.html` and `index.html` through Tera templates.
//!
//! The built-in templates are embedded in the binary; a workspace may
//! override any of them with a file of the same name in its `templates/`.
//! Templates receive a read-only view built here from the model: numbers
//! formatted, markdown already turned into safe HTML (the only values
//! templates print with `| safe`), chart geometry computed. Autoescaping
//! is on for everything else.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use tera::{Context, Tera};
use thiserror::Error;

use crate::diag::{Code, Diagnostic};
use crate::model::{Brief, NoteRef};
use crate::render::format::{credibility, fixed2, long_date, signed2};
use crate::render::markdown::{clean_url, to_html, to_html_linked};
use crate::vocab::{Marking, SectionKind};

/// The built-in templates: name and text.
pub const BUILTIN: [(&str, &str); 19] = [
    ("base.html", include_str!("../../templates/base.html")),
    ("style.css", include_str!("../../templates/style.css")),
    ("brief.html", include_str!("../../templates/brief.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("packet.html", include_str!("../../templates/packet.html")),
    (
        "partials/brief_body.html",
        include_str!("../../templates/partials/brief_body.html"),
    ),
    (
        "partials/passages.html",
        include_str!("../../templates/partials/passages.html"),
    ),
    (
        "partials/chronology.html",
        include_str!("../../templates/partials/chronology.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../../templates/partials/chart.html"),
    ),
    (
        "partials/changes.html",
        include_str!("../../templates/partials/changes.html"),
    ),
    (
        "partials/timeline.html",
        include_str!("../../templates/partials/timeline.html"),
    ),
    (
        "partials/actors.html",
        include_str!("../../templates/partials/actors.html"),
    ),
    (
        "partials/mechanisms.html",
        include_str!("../../templates/partials/mechanisms.html"),
    ),
    (
        "partials/stakes.html",
        include_str!("../../templates/partials/stakes.html"),
    ),
    (
        "partials/watch.html",
        include_str!("../../templates/partials/watch.html"),
    ),
    (
        "partials/scenarios.html",
        include_str!("../../templates/partials/scenarios.html"),
    ),
    (
        "partials/sources.html",
        include_str!("../../templates/partials/sources.html"),
    ),
    (
        "partials/packet_brief.html",
        include_str!("../../templates/partials/packet_brief.html"),
    ),
    (
        "partials/note.html",
        include_str!("../../templates/partials/note.html"),
    ),
];

/// A workspace's replacement for a built-in template.
#[derive(Debug, Clone)]
pub struct Override {
    /// Template name, e.g. `brief.html` or `partials/chart.html`.
    pub name: String,
    /// Path shown in diagnostics, e.g. `templates/brief.html`.
    pub path: PathBuf,
    pub text: Arc<str>,
}

/// A template could not be loaded or rendered; the diagnostics say where.
#[derive(Debug, Error)]
#[error("template error in {}", .diagnostics.first().map(|d| d.path.display().to_string()).unwrap_or_default())]
pub struct TemplateError {
    pub diagnostics: Vec<Diagnostic>,
}

/// The loaded template set.
pub struct Templates {
    tera: Tera,
    overrides: Vec<Override>,
}

impl Templates {
    /// Whether the workspace overrides the built-in template `name`.
    pub fn is_overridden(&self, name: &str) -> bool {
        self.overrides.iter().any(|o| o.name == name)
    }

    /// Built-ins layered with the workspace's overrides.
    pub fn load(overrides: Vec<Override>) -> Result<Templates, TemplateError> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".css"]);
        let mut sources: BTreeMap<&str, &str> = BUILTIN.iter().copied().collect();
        for template in &overrides {
            sources.insert(template.name.as_str(), &template.text);
        }
        let mut templates = Templates {
            tera,
            overrides: overrides.clone(),
        };
        if let Err(error) = templates.tera.add_raw_templates(sources) {
            return Err(templates.error(&error));
        }
        Ok(templates)
    }

    fn render(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera.render(name, context).map_err(|e| self.error(&e))
    }

    /// A Tera error as a diagnostic at the template's file and line.
    fn error(&self, error: &tera::Error) -> TemplateError {
        let (message, file, line, column) = describe(error);
        let override_file = self.overrides.iter().find(|o| o.name == file);
        let mut diagnostic = match override_file {
            Some(template) => {
                let offset = offset_of(&template.text, line, column);
                Diagnostic::error(Code::Template, template.path.clone(), message)
                    .at(&template.text, offset..offset)
            }
            None => Diagnostic::error(
                Code::Template,
                PathBuf::from(format!("(built-in) {file}")),
                message,
            ),
        };
        diagnostic.help = Some(
            "fix the template, or delete it from templates/ to use the built-in one".to_owned(),
        );
        TemplateError {
            diagnostics: vec![diagnostic],
        }
    }
}

/// Message, template name, 1-based line and 0-based column of a Tera error.
fn describe(error: &tera::Error) -> (String, String, usize, usize) {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
            lowercase_first(report.message()),
            report.filename().to_owned(),
            report.span().start_line,
            report.span().start_col,
        ),
        // Reference checks (unknown filter, test, function or include, a
        // block missing from the parent) arrive as Tera's formatted report.
        ErrorKind::Msg(text) => {
            parse_report(text).unwrap_or_else(|| (lowercase_first(text), String::new(), 0, 0))
        }
        ErrorKind::MissingParent { current: file, .. }
        | ErrorKind::CircularExtend { tpl: file, .. }
        | ErrorKind::CircularInclude { tpl: file, .. } => (
            lowercase_first(&error.kind().to_string()),
            file.clone(),
            0,
            0,
        ),
        other => (lowercase_first(&other.to_string()), String::new(), 0, 0),
    }
}

/// The first problem of a Tera report: `error: MESSAGE` then
/// `--> NAME:LINE:COLUMN` (1-based column).
fn parse_report(text: &str) -> Option<(String, String, usize, usize)> {
    let mut lines = text.lines();
    let message = lines.next()?.strip_prefix("error: ")?;
    let locus = lines.next()?.trim_start().strip_prefix("--> ")?;
    let mut parts = locus.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    let file = parts.next()?;
    Some((
        lowercase_first(message),
        file.to_owned(),
        line,
        column.saturating_sub(1),
    ))
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1)
    };
    let rest = &text[line_start..];
    line_start
        + rest
            .char_indices()
            .nth(column)
            .map_or(rest.len(), |(i, _)| i)
}

/// Workspace-level facts every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub title: String,
    pub organization: Option<String>,
    pub contested_range: u8,
}

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

/// One row of the index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub title: String,
    pub marking: String,
    pub as_of: String,
    pub notes: usize,
    pub actors: usize,
    pub html: Option<String>,
    pub outputs: Vec<IndexLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexLink {
    pub label: String,
    pub href: String,
}

/// One packet row of the index.
#[derive(Debug, Clone, Serialize)]
pub struct PacketIndexEntry {
    pub title: String,
    pub audience: String,
    pub marking: String,
    pub as_of: String,
    pub briefs: usize,
    pub empty: usize,
    pub outputs: Vec<IndexLink>,
}

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
    packet: &crate::model::Packet,
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
    packet: &crate::model::Packet,
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
    packet: &crate::model::Packet,
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

/// Everything `brief.html` reads.
#[derive(Debug, Serialize)]
struct BriefView {
    /// Prefix of every id in the brief: empty on its own page, `<slug>--`
    /// inside a packet, so ids stay unique.
    p: String,
    page_title: String,
    workspace_title: String,
    organization: Option<String>,
    marking: &'static str,
    marking_colour: &'static str,
    contested_range: u8,
    brief: BriefHeader,
    bottom_line: BottomLineView,
    actors: Vec<ActorView>,
    stakes: Vec<StakesView>,
    chart: Chart,
    changes: Option<ChangesView>,
    timeline: Option<TimelineChart>,
    mechanisms: Vec<MechanismView>,
    watch: Vec<WatchView>,
    scenarios: Vec<ScenarioView>,
    sources: Vec<SourceView>,
    sections: BTreeMap<&'static str, SectionView>,
    notes: Vec<NoteView>,
}

#[derive(Debug, Serialize)]
struct BriefHeader {
    slug: String,
    title: String,
    summary: Option<String>,
    as_of: String,
    as_of_text: String,
    note_count_text: String,
}

#[derive(Debug, Serialize)]
struct Figure {
    name: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct NextDueView {
    indicator: String,
    due: String,
    due_text: String,
}

#[derive(Debug, Serialize)]
struct BottomLineView {
    top_gainer: Option<Figure>,
    dominant_mechanism: Option<Figure>,
    highest_stakes: Option<Figure>,
    next_due: Option<NextDueView>,
}

#[derive(Debug, Serialize)]
struct ActorView {
    name: String,
    leverage: String,
    leverage_class: &'static str,
    stakes: String,
    range: u8,
    contested: bool,
    trend: &'static str,
    trend_arrow: &'static str,
    notes: usize,
    spark: Option<Sparkline>,
}

#[derive(Debug, Serialize)]
struct StakesView {
    name: String,
    stakes: String,
}

#[derive(Debug, Serialize)]
struct MechanismView {
    name: String,
    weight: String,
    actors: String,
}

#[derive(Debug, Serialize)]
struct WatchView {
    indicator: String,
    due: Option<String>,
    status: &'static str,
    overdue: bool,
    notes: usize,
}

#[derive(Debug, Serialize)]
struct ScenarioView {
    name: String,
    likelihood: String,
    note_title: String,
    anchor: String,
    estimates: usize,
}

#[derive(Debug, Serialize)]
struct SourceView {
    title: String,
    url: Option<String>,
    code: String,
    meaning: String,
    notes: Vec<NoteLink>,
}

#[derive(Debug, Serialize)]
struct NoteLink {
    title: String,
    anchor: String,
}

#[derive(Debug, Serialize)]
struct SectionView {
    passages: Vec<PassageView>,
}

#[derive(Debug, Serialize)]
struct PassageView {
    title: String,
    date: String,
    confidence: &'static str,
    anchor: String,
    html: String,
}

#[derive(Debug, Serialize)]
struct NoteView {
    anchor: String,
    title: String,
    date: String,
    confidence: &'static str,
    marking: &'static str,
    weight: String,
    author: Option<String>,
    tags: String,
    path: String,
    lede_html: String,
    actors: Vec<NoteActorView>,
    other_sections: Vec<OtherSectionView>,
    /// The note's footnotes, referenced from its passages and appendix entry.
    endnotes_html: String,
}

#[derive(Debug, Serialize)]
struct NoteActorView {
    name: String,
    leverage: String,
    stakes: u8,
    mechanism: String,
    rationale: String,
}

#[derive(Debug, Serialize)]
struct OtherSectionView {
    heading: String,
    html: String,
}

impl BriefView {
    fn new(brief: &Brief, site: &Site, p: &str) -> Self {
        let anchor = |a: &str| format!("{p}{a}");
        let bottom = &brief.bottom_line;
        let figure = |f: &crate::model::NamedFigure, signed: bool| Figure {
            name: f.name.clone(),
            value: if signed {
                signed2(f.value)
            } else {
                fixed2(f.value)
            },
        };
        let mut by_stakes: Vec<&crate::model::ActorScore> = brief.actors.iter().collect();
        by_stakes.sort_by(|a, b| {
            b.stakes
                .total_cmp(&a.stakes)
                .then_with(|| a.name.cmp(&b.name))
        });
        BriefView {
            p: p.to_owned(),
            page_title: format!("{} — {}", brief.title, brief.marking.label()),
            workspace_title: site.title.clone(),
            organization: site.organization.clone(),
            marking: brief.marking.label(),
            marking_colour: brief.marking.colour(),
            contested_range: site.contested_range,
            brief: BriefHeader {
                slug: brief.slug.clone(),
                title: brief.title.clone(),
                summary: brief.summary.clone(),
                as_of: brief.as_of.to_string(),
                as_of_text: long_date(brief.as_of),
                note_count_text: crate::diag::plural(brief.note_count(), "note"),
            },
            bottom_line: BottomLineView {
                top_gainer: bottom.top_gainer.as_ref().map(|f| figure(f, true)),
                dominant_mechanism: bottom.dominant_mechanism.as_ref().map(|f| figure(f, false)),
                highest_stakes: bottom.highest_stakes.as_ref().map(|f| figure(f, false)),
                next_due: bottom.next_due.as_ref().map(|n| NextDueView {
                    indicator: n.indicator.clone(),
                    due: n.due.to_string(),
                    due_text: long_date(n.due),
                }),
            },
            actors: brief
                .actors
                .iter()
                .map(|a| ActorView {
                    name: a.name.clone(),
                    leverage: signed2(a.leverage),
                    leverage_class: if a.leverage > 0.0 {
                        "gain"
                    } else if a.leverage < 0.0 {
                        "loss"
                    } else {
                        ""
                    },
                    stakes: fixed2(a.stakes),
                    range: a.range,
                    contested: a.contested,
                    trend: a.trend.as_str(),
                    trend_arrow: a.trend.arrow(),
                    notes: a.notes,
                    spark: Sparkline::new(brief, &a.name),
                })
                .collect(),
            stakes: by_stakes
                .into_iter()
                .map(|a| StakesView {
                    name: a.name.clone(),
                    stakes: fixed2(a.stakes),
                })
                .collect(),
            chart: Chart::new(brief),
            changes: brief.changes.as_ref().map(ChangesView::new),
            timeline: TimelineChart::new(brief),
            mechanisms: brief
                .mechanisms
                .iter()
                .map(|m| MechanismView {
                    name: m.name.clone(),
                    weight: fixed2(m.weight),
                    actors: m.actors.join(", "),
                })
                .collect(),
            watch: brief
                .watch
                .iter()
                .map(|w| WatchView {
                    indicator: w.indicator.clone(),
                    due: w.due.map(|d| d.to_string()),
                    status: w.status.as_str(),
                    overdue: w.overdue,
                    notes: w.notes,
                })
                .collect(),
            scenarios: brief
                .scenarios
                .iter()
                .map(|s| ScenarioView {
                    name: s.name.clone(),
                    likelihood: crate::vocab::Likelihood {
                        term: s.likelihood,
                        percent: s.percent,
                    }
                    .describe(),
                    note_title: s.note.title.clone(),
                    anchor: anchor(&s.note.anchor),
                    estimates: s.estimates,
                })
                .collect(),
            sources: brief
                .sources
                .iter()
                .map(|s| SourceView {
                    title: s.title.clone(),
                    // Validation let only web and mail addresses through;
                    // one a browser cannot parse is shown without a link.
                    url: s.url.as_deref().and_then(clean_url),
                    code: s.admiralty(),
                    meaning: admiralty_meaning(s),
                    notes: s.notes.iter().map(|n| note_link(n, p)).collect(),
                })
                .collect(),
            sections: SectionKind::ALL
                .into_iter()
                .map(|kind| {
                    let passages = brief
                        .passages(kind)
                        .iter()
                        .map(|passage| PassageView {
                            title: passage.note.title.clone(),
                            date: passage.note.date.to_string(),
                            confidence: passage.note.confidence.as_str(),
                            anchor: anchor(&passage.note.anchor),
                            html: to_html_linked(
                                &passage.markdown,
                                &format!("{p}{}-{}", kind.id(), passage.note.anchor),
                                &endnotes_prefix(p, &passage.note.anchor),
                            ),
                        })
                        .collect();
                    (section_key(kind), SectionView { passages })
                })
                .collect(),
            notes: brief
                .notes
                .iter()
                .map(|n| NoteView {
                    anchor: anchor(&n.note.anchor),
                    title: n.note.title.clone(),
                    date: n.note.date.to_string(),
                    confidence: n.note.confidence.as_str(),
                    marking: n.note.marking.label(),
                    weight: fixed2(n.weight),
                    author: n.author.clone(),
                    tags: n.tags.join(", "),
                    path: n.path.clone(),
                    lede_html: to_html_linked(
                        &n.lede,
                        &format!("{p}lede-{}", n.note.anchor),
                        &endnotes_prefix(p, &n.note.anchor),
                    ),
                    actors: n
                        .actors
                        .iter()
                        .map(|a| NoteActorView {
                            name: a.name.clone(),
                            leverage: signed_int(f64::from(a.leverage)),
                            stakes: a.stakes,
                            mechanism: a.mechanism.clone().unwrap_or_default(),
                            rationale: a.rationale.clone().unwrap_or_default(),
                        })
                        .collect(),
                    other_sections: n
                        .other_sections
                        .iter()
                        .enumerate()
                        .map(|(i, s)| OtherSectionView {
                            heading: s.heading.clone(),
                            html: to_html_linked(
                                &s.markdown,
                                &format!("{p}other{i}-{}", n.note.anchor),
                                &endnotes_prefix(p, &n.note.anchor),
                            ),
                        })
                        .collect(),
                    endnotes_html: to_html(
                        &n.footnotes.join("\n\n"),
                        &endnotes_prefix(p, &n.note.anchor),
                    ),
                })
                .collect(),
        }
    }
}

/// Id prefix of a note's endnotes, which every reference to one of its
/// footnotes (in a passage or in the appendix) points at.
fn endnotes_prefix(p: &str, anchor: &str) -> String {
    format!("{p}endnotes-{anchor}")
}

fn section_key(kind: SectionKind) -> &'static str {
    match kind {
        SectionKind::WhatHappened => "what_happened",
        SectionKind::WhoGains => "who_gains",
        SectionKind::Mechanism => "mechanism",
        SectionKind::WhyItMatters => "why_it_matters",
        SectionKind::WhatToWatch => "what_to_watch",
    }
}

fn note_link(note: &NoteRef, prefix: &str) -> NoteLink {
    NoteLink {
        title: note.title.clone(),
        anchor: format!("{prefix}{}", note.anchor),
    }
}

fn admiralty_meaning(source: &crate::model::Source) -> String {
    let reliability = source
        .reliability
        .map_or("reliability not graded", |r| r.meaning());
    format!("{reliability}; {}", credibility(source.credibility))
}

/// The leverage bar chart's geometry: bars left (loss) and right (gain) of
/// a zero line on a fixed −5..5 scale, one row per ranked actor.
#[derive(Debug, Serialize)]
struct Chart {
    width: u32,
    height: u32,
    top: u32,
    bottom: u32,
    zero_x: f64,
    label_x: u32,
    tick_label_y: u32,
    ticks: Vec<Tick>,
    bars: Vec<Bar>,
    description: String,
}

#[derive(Debug, Serialize)]
struct Tick {
    x: f64,
    label: String,
}

#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    title: String,
    class: &'static str,
    x: f64,
    y: u32,
    width: f64,
    height: u32,
    text_y: u32,
    value: String,
    value_x: f64,
    value_anchor: &'static str,
}

const CHART_WIDTH: u32 = 640;
const LABEL_WIDTH: u32 = 190;
const ROW: u32 = 26;
const BAR: u32 = 16;
const TOP: u32 = 8;
const PLOT_PAD: u32 = 36;

impl Chart {
    fn new(brief: &Brief) -> Chart {
        let plot_left = f64::from(LABEL_WIDTH + PLOT_PAD);
        let plot_right = f64::from(CHART_WIDTH - PLOT_PAD);
        let scale = (plot_right - plot_left) / 10.0;
        let zero_x = plot_left + 5.0 * scale;
        let rows = u32::try_from(brief.actors.len()).unwrap_or(u32::MAX / ROW);
        let bottom = TOP + rows.saturating_mul(ROW);
        let bars = brief
            .actors
            .iter()
            .zip(0u32..)
            .map(|(actor, row)| {
                let value = actor.leverage.clamp(-5.0, 5.0);
                let length = (value.abs() * scale).max(1.0);
                let positive = value >= 0.0;
                let x = if positive { zero_x } else { zero_x - length };
                let y = TOP + row * ROW + (ROW - BAR) / 2;
                Bar {
                    label: if actor.contested {
                        format!("⚑ {}", truncate(&actor.name, 26))
                    } else {
                        truncate(&actor.name, 28)
                    },
                    title: format!(
                        "{}: leverage {}{}",
                        actor.name,
                        signed2(actor.leverage),
                        if actor.contested { ", contested" } else { "" }
                    ),
                    class: if actor.contested {
                        if positive {
                            "bar-gain bar-contested"
                        } else {
                            "bar-loss bar-contested"
                        }
                    } else if positive {
                        "bar-gain"
                    } else {
                        "bar-loss"
                    },
                    x: round1(x),
                    y,
                    width: round1(length),
                    height: BAR,
                    text_y: y + BAR - 4,
                    value: signed2(actor.leverage),
                    value_x: round1(if positive { x + length + 4.0 } else { x - 4.0 }),
                    value_anchor: if positive { "start" } else { "end" },
                }
            })
            .collect();
        let ticks = (-5..=5)
            .map(|t: i32| Tick {
                x: round1(zero_x + f64::from(t) * scale),
                label: match t {
                    t if t % 5 != 0 => String::new(),
                    t if t > 0 => format!("+{t}"),
                    t if t < 0 => format!("−{}", -t),
                    _ => "0".to_owned(),
                },
            })
            .collect();
        let description = brief
            .actors
            .iter()
            .map(|a| {
                format!(
                    "{} {}{}",
                    a.name,
                    signed2(a.leverage),
                    if a.contested { " (contested)" } else { "" }
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        Chart {
            width: CHART_WIDTH,
            height: bottom + 22,
            top: TOP,
            bottom,
            zero_x: round1(zero_x),
            label_x: LABEL_WIDTH,
            tick_label_y: bottom + 16,
            ticks,
            bars,
            description,
        }
    }
}

fn round1(value: f64) -> f64 {
    if value.is_finite() {
        (value * 10.0).round() / 10.0
    } else {
        0.0
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

/// The "Since DATE" box: one line per change, signed like a diff.
#[derive(Debug, Serialize)]
struct ChangesView {
    since: String,
    since_text: String,
    items: Vec<ChangeItem>,
}

#[derive(Debug, Serialize)]
struct ChangeItem {
    /// `up`, `down`, `alert` or `` (neutral): the sign's colour.
    class: &'static str,
    /// `+`, `−`, `~` or `!`, shown before the line.
    sign: &'static str,
    /// What kind of change, e.g. `Leverage`.
    label: &'static str,
    /// The actor, mechanism, indicator or note it is about.
    name: String,
    detail: String,
}

impl ChangesView {
    fn new(c: &crate::model::Changes) -> ChangesView {
        use crate::model::WatchChangeKind;
        let mut items = Vec::new();
        let mut push = |class, sign, label, name: String, detail: String| {
            items.push(ChangeItem {
                class,
                sign,
                label,
                name,
                detail,
            });
        };
        for m in &c.moved {
            let (class, sign) = if m.delta > 0.0 {
                ("up", "+")
            } else {
                ("down", "−")
            };
            push(
                class,
                sign,
                "Leverage",
                m.name.clone(),
                format!(
                    "{} → {} ({}); rank {} → {}",
                    signed2(m.from),
                    signed2(m.to),
                    signed2(m.delta),
                    m.rank_from,
                    m.rank_to
                ),
            );
        }
        for a in &c.new_actors {
            push(
                "up",
                "+",
                "New actor",
                a.name.clone(),
                format!(
                    "leverage {}, rank {}{}",
                    signed2(a.leverage),
                    a.rank,
                    if a.contested { ", contested" } else { "" }
                ),
            );
        }
        for a in &c.contested {
            if a.contested {
                push(
                    "alert",
                    "!",
                    "Now contested",
                    a.name.clone(),
                    format!("scores range {}", a.range),
                );
            } else {
                push(
                    "",
                    "~",
                    "No longer contested",
                    a.name.clone(),
                    format!("scores range {}", a.range),
                );
            }
        }
        if let Some(m) = &c.dominant_mechanism {
            push(
                "",
                "~",
                "Dominant mechanism",
                m.to.clone().unwrap_or_else(|| "none".to_owned()),
                format!("was {}", m.from.as_deref().unwrap_or("none")),
            );
        }
        for w in &c.watch {
            let due = w.due.map(|d| format!("due {d}")).unwrap_or_default();
            let (class, sign, label) = match w.change {
                WatchChangeKind::New => ("up", "+", "New watch item"),
                WatchChangeKind::Observed => ("", "~", "Observed"),
                WatchChangeKind::Lapsed => ("down", "−", "Lapsed"),
                WatchChangeKind::Overdue => ("alert", "!", "Overdue"),
            };
            push(class, sign, label, w.indicator.clone(), due);
        }
        for n in &c.notes_added {
            push(
                "up",
                "+",
                "Note",
                n.title.clone(),
                format!("{} · {}", n.date, n.marking.label()),
            );
        }
        if let Some(m) = &c.marking {
            push(
                "",
                "~",
                "Marking",
                m.to.label().to_owned(),
                format!("was {}", m.from.map_or("none", |f| f.label())),
            );
        }
        ChangesView {
            since: c.since.to_string(),
            since_text: long_date(c.since),
            items,
        }
    }
}

/// A small line of one actor's weekly leverage for the actor table.
#[derive(Debug, Serialize)]
struct Sparkline {
    width: u32,
    height: u32,
    points: String,
    last_x: f64,
    last_y: f64,
    /// The zero line, when zero is within the drawn range.
    zero_y: Option<f64>,
    /// What it shows, in words (its accessible name).
    label: String,
}

const SPARK_WIDTH: u32 = 88;
const SPARK_HEIGHT: u32 = 20;

impl Sparkline {
    fn new(brief: &Brief, name: &str) -> Option<Sparkline> {
        let series = brief.timeline.actors.iter().find(|a| a.name == name)?;
        let points: Vec<(usize, f64)> = series
            .leverage
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|v| (i, v)))
            .collect();
        let count = brief.timeline.dates.len();
        if count < 2 || points.len() < 2 {
            return None;
        }
        let (low, high) = value_range(points.iter().map(|p| p.1), 1.0);
        let pad = 2.0;
        let x =
            |i: usize| pad + (f64::from(SPARK_WIDTH) - 2.0 * pad) * i as f64 / (count - 1) as f64;
        let y = |v: f64| pad + (f64::from(SPARK_HEIGHT) - 2.0 * pad) * (high - v) / (high - low);
        let (last_i, last_v) = *points.last()?;
        let (first_i, first_v) = points[0];
        Some(Sparkline {
            width: SPARK_WIDTH,
            height: SPARK_HEIGHT,
            points: points
                .iter()
                .map(|&(i, v)| format!("{},{}", round1(x(i)), round1(y(v))))
                .collect::<Vec<_>>()
                .join(" "),
            last_x: round1(x(last_i)),
            last_y: round1(y(last_v)),
            zero_y: (low < 0.0 && high > 0.0).then(|| round1(y(0.0))),
            label: format!(
                "{name}: leverage {} on {} to {} on {}",
                signed2(first_v),
                brief
                    .timeline
                    .dates
                    .get(first_i)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                signed2(last_v),
                brief
                    .timeline
                    .dates
                    .get(last_i)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
            ),
        })
    }
}

/// Low and high bounds around `values`, at least `min_span` apart.
fn value_range(values: impl Iterator<Item = f64>, min_span: f64) -> (f64, f64) {
    let (mut low, mut high) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
        (l.min(v), h.max(v))
    });
    if !low.is_finite() || !high.is_finite() {
        return (-1.0, 1.0);
    }
    if high - low < min_span {
        let middle = (high + low) / 2.0;
        low = middle - min_span / 2.0;
        high = middle + min_span / 2.0;
    }
    (low, high)
}

/// Lines the timeline chart draws at most (the top-ranked actors).
pub const TIMELINE_LINES: usize = 6;

/// Leverage over time: one line per top-ranked actor, a week per step.
#[derive(Debug, Serialize)]
struct TimelineChart {
    width: u32,
    height: u32,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
    y_ticks: Vec<Tick>,
    /// Dates shown under the axis (`x` is their position).
    x_ticks: Vec<Tick>,
    zero_y: Option<f64>,
    lines: Vec<TimelineLine>,
    legend_y: u32,
    description: String,
    /// "Top 6 of 9 actors shown", when some are left out.
    omitted: Option<String>,
}

#[derive(Debug, Serialize)]
struct TimelineLine {
    name: String,
    class: String,
    points: String,
    last_x: f64,
    last_y: f64,
    legend_x: u32,
    legend_y: u32,
}

const TIMELINE_WIDTH: u32 = 640;
const TIMELINE_PLOT_HEIGHT: u32 = 200;

impl TimelineChart {
    fn new(brief: &Brief) -> Option<TimelineChart> {
        let dates = &brief.timeline.dates;
        if dates.len() < 2 || brief.timeline.actors.is_empty() {
            return None;
        }
        let shown: Vec<&crate::model::ActorTimeline> =
            brief.timeline.actors.iter().take(TIMELINE_LINES).collect();
        let (low, high) = value_range(
            shown
                .iter()
                .flat_map(|a| a.leverage.iter().flatten().copied())
                .chain([0.0]),
            2.0,
        );
        let (low, high) = (low.floor(), high.ceil());
        let (left, right, top) = (44.0, f64::from(TIMELINE_WIDTH) - 28.0, 10.0);
        let bottom = top + f64::from(TIMELINE_PLOT_HEIGHT);
        let count = dates.len();
        let x = |i: usize| left + (right - left) * i as f64 / (count - 1) as f64;
        let y = |v: f64| top + (bottom - top) * (high - v) / (high - low);
        let step = ((high - low) / 5.0).ceil().max(1.0);
        let mut y_ticks = Vec::new();
        let mut value = low;
        while value <= high + 1e-9 {
            y_ticks.push(Tick {
                x: round1(y(value)),
                label: signed_int(value),
            });
            value += step;
        }
        // About six date labels, always the first and the last.
        let every = count.div_ceil(6).max(1);
        let x_ticks = (0..count)
            .filter(|i| (count - 1 - i).is_multiple_of(every))
            .map(|i| Tick {
                x: round1(x(i)),
                label: short_date(dates[i]),
            })
            .collect();
        let legend_top = bottom as u32 + 34;
        let lines: Vec<TimelineLine> = shown
            .iter()
            .enumerate()
            .filter_map(|(index, actor)| {
                let points: Vec<(usize, f64)> = actor
                    .leverage
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| v.map(|v| (i, v)))
                    .collect();
                let &(last_i, last_v) = points.last()?;
                let column = u32::try_from(index % 3).unwrap_or(0);
                let row = u32::try_from(index / 3).unwrap_or(0);
                Some(TimelineLine {
                    name: truncate(&actor.name, 24),
                    class: format!("series-{index}"),
                    points: points
                        .iter()
                        .map(|&(i, v)| format!("{},{}", round1(x(i)), round1(y(v))))
                        .collect::<Vec<_>>()
                        .join(" "),
                    last_x: round1(x(last_i)),
                    last_y: round1(y(last_v)),
                    legend_x: 44 + column * 200,
                    legend_y: legend_top + row * 18,
                })
            })
            .collect();
        let rows = u32::try_from(lines.len().div_ceil(3)).unwrap_or(1);
        let description = shown
            .iter()
            .map(|a| {
                let values: Vec<String> = a
                    .leverage
                    .iter()
                    .map(|v| v.map_or("–".to_owned(), signed2))
                    .collect();
                format!("{}: {}", a.name, values.join(", "))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let total = brief.timeline.actors.len();
        Some(TimelineChart {
            width: TIMELINE_WIDTH,
            height: legend_top + rows * 18,
            left,
            right,
            top,
            bottom,
            y_ticks,
            x_ticks,
            zero_y: (low < 0.0 && high > 0.0).then(|| round1(y(0.0))),
            lines,
            legend_y: legend_top,
            description: format!(
                "Weekly weighted leverage from {} to {}. {description}",
                dates[0],
                dates[count - 1]
            ),
            omitted: (total > TIMELINE_LINES)
                .then(|| format!("The {TIMELINE_LINES} top-ranked of {total} actors are shown.")),
        })
    }
}

/// `+2`, `−1`, `0`: a whole number with a real minus sign, as typeset.
fn signed_int(value: f64) -> String {
    if value > 0.0 {
        format!("+{value:.0}")
    } else if value < 0.0 {
        format!("−{:.0}", -value)
    } else {
        "0".to_owned()
    }
}

/// `20 Nov`.
fn short_date(date: jiff::civil::Date) -> String {
    let long = long_date(date);
    let mut parts = long.split(' ');
    let day = parts.next().unwrap_or("");
    let month: String = parts.next().unwrap_or("").chars().take(3).collect();
    format!("{day} {month}")
}
