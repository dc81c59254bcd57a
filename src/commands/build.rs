//! `brief build`: aggregate every brief and write its outputs atomically.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::aggregate::{self, Aggregated};
use crate::app::AppError;
use crate::cli::OutputFormat;
use crate::commands::Outcome;
use crate::config::{Config, Since};
use crate::diag::{self, Code, Diagnostic, Format};
use crate::load::Loaded;
use crate::model::{Brief, Packet};
use crate::note::Note;
use crate::packet;
use crate::progress::Progress;
use crate::render::{
    self,
    html::{self, IndexEntry, IndexLink, Site, TemplateError, Templates},
};
use crate::status::Status;
use crate::workspace;
use crate::write::{OutputDir, OutputError, Staged};

/// Formats this version can write.
pub const IMPLEMENTED: [OutputFormat; 3] =
    [OutputFormat::Html, OutputFormat::Pdf, OutputFormat::Json];

/// What to build and how to report it.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub out: PathBuf,
    pub formats: Vec<OutputFormat>,
    pub briefs: Vec<String>,
    pub packets: Vec<String>,
    pub as_of: Option<Date>,
    /// `--since`: open every brief with what changed since then (overrides
    /// `since:` in brief.yaml).
    pub since: Option<Since>,
    pub strict: bool,
    /// `SOURCE_DATE_EPOCH`: the date written into PDFs (else each as-of date).
    pub source_date_epoch: Option<i64>,
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
}

fn status(options: &BuildOptions) -> Status {
    Status {
        quiet: options.quiet,
        color: options.color,
    }
}

/// Refuses formats and options that are not built yet, before any work.
pub fn check_supported(options: &BuildOptions) -> Result<(), AppError> {
    for format in &options.formats {
        if !IMPLEMENTED.contains(format) {
            let name = match format {
                OutputFormat::Html => "HTML",
                OutputFormat::Pdf => "PDF",
                OutputFormat::Json => "JSON",
            };
            return Err(AppError::Usage(format!(
                "{name} output is not implemented yet; this version writes: --format json"
            )));
        }
    }
    Ok(())
}

/// Builds from an already loaded workspace. Takes it by value: once the
/// briefs and packets are aggregated and the diagnostics printed, the notes
/// are dropped, so rendering does not hold every note of the workspace.
pub fn run(
    loaded: Loaded,
    options: &BuildOptions,
    progress: &Progress,
    stderr: &mut dyn Write,
) -> Result<Outcome, AppError> {
    let started = Instant::now();
    check_supported(options)?;
    let invalid_input = loaded.has_errors();
    let Some(config) = &loaded.config else {
        print_diagnostics(&loaded.diagnostics, options, stderr)?;
        status(options).error(stderr, "brief.yaml is invalid; nothing built")?;
        return Ok(Outcome::Invalid);
    };
    let selection = Selection::new(config, options)?;
    let by_brief = if selection.briefs {
        group_by_brief(&loaded.notes, config, &options.briefs)?
    } else {
        BTreeMap::new()
    };

    if options.strict && invalid_input {
        print_diagnostics(&loaded.diagnostics, options, stderr)?;
        status(options).error(stderr, "invalid notes; nothing written (--strict)")?;
        return Ok(Outcome::Invalid);
    }

    let aggregated: Vec<(String, Option<Aggregated>)> = by_brief
        .par_iter()
        .map(|(slug, notes)| {
            let result = aggregate::aggregate(slug, notes, config, options.as_of).map(|mut a| {
                let since = options
                    .since
                    .or_else(|| config.briefs.get(slug).and_then(|b| b.since));
                a.diagnostics.extend(crate::changes::annotate(
                    &mut a.brief,
                    notes,
                    config,
                    since,
                    "",
                ));
                a
            });
            (slug.clone(), result)
        })
        .collect();

    drop(by_brief);
    let Loaded {
        root,
        notes,
        diagnostics,
        ..
    } = loaded;
    let mut diagnostics = diagnostics;
    let mut briefs = Vec::new();
    for (slug, result) in aggregated {
        match result {
            Some(result) => {
                diagnostics.extend(result.diagnostics);
                briefs.push(result.brief);
            }
            None => diagnostics.push(Diagnostic::warning(
                Code::AfterAsOf,
                PathBuf::from(format!("briefs/{slug}")),
                format!("brief `{slug}` has no notes on or before the as-of date; not built"),
            )),
        }
    }
    // Each packet filters the notes by audience before aggregating.
    let assembled: Vec<packet::Assembled> = selection
        .packets
        .par_iter()
        .map(|name| {
            packet::assemble(
                name,
                &config.packets[name],
                &notes,
                config,
                options.as_of,
                options.since,
            )
        })
        .collect();
    let mut packets = Vec::with_capacity(assembled.len());
    for result in assembled {
        diagnostics.extend(result.diagnostics);
        packets.push(result.packet);
    }
    Diagnostic::sort(&mut diagnostics);
    progress.clear();
    print_diagnostics(&diagnostics, options, stderr)?;
    // Rendering needs the aggregated models only: free the notes (their
    // text and bodies) and the diagnostics (which hold note text too).
    drop(diagnostics);
    drop(notes);
    crate::memory::return_freed_to_the_system();

    // Stage each output in its temporary file as soon as it is rendered,
    // and rename them all only once every one is staged: a render or write
    // failure leaves the previous outputs untouched (and removes the
    // temporaries), without holding every output in memory.
    let out = OutputDir::prepare(&root, &options.out, status(options), stderr)?;
    progress.phase("Rendering", briefs.len() + packets.len());
    let staged = match render_and_stage(&briefs, &packets, config, options, &root, &out, progress) {
        Ok(staged) => staged,
        Err(RenderFailure::Template(error)) => {
            print_diagnostics(&error.diagnostics, options, stderr)?;
            status(options).error(stderr, "a template failed; nothing written")?;
            return Ok(Outcome::Invalid);
        }
        Err(RenderFailure::Workspace(error)) => return Err(error.into()),
        Err(RenderFailure::Output(error)) => return Err(error.into()),
        Err(RenderFailure::Pdf(name, error)) => {
            return Err(AppError::Render {
                name,
                source: error,
            });
        }
    };
    let status = status(options);
    for path in OutputDir::commit(staged)? {
        if options.verbose {
            status.line(stderr, "Wrote", &path.display().to_string())?;
        }
    }
    progress.clear();
    let built = format!(
        "{}{} ({}) into {} in {:.2}s",
        diag::plural(briefs.len(), "brief"),
        if packets.is_empty() {
            String::new()
        } else {
            format!(" and {}", diag::plural(packets.len(), "packet"))
        },
        format_names(&options.formats),
        display_dir(&options.out),
        started.elapsed().as_secs_f64(),
    );
    if invalid_input {
        status.failure(
            stderr,
            "Finished",
            &format!("{built}; invalid notes were skipped"),
        )?;
    } else {
        status.line(stderr, "Finished", &built)?;
    }
    Ok(if invalid_input {
        Outcome::Invalid
    } else {
        Outcome::Ok
    })
}

enum RenderFailure {
    Template(TemplateError),
    Pdf(String, render::pdf::PdfError),
    Workspace(crate::workspace::WorkspaceError),
    Output(OutputError),
}

/// Renders every output (in parallel) and stages each in its temporary file
/// as soon as it is rendered, dropping its bytes; returns them in order
/// (briefs, packets, index), ready to commit. On failure the staged files
/// are dropped, which removes their temporaries.
fn render_and_stage(
    briefs: &[Brief],
    packets: &[Packet],
    config: &Config,
    options: &BuildOptions,
    root: &Path,
    out: &OutputDir,
    progress: &Progress,
) -> Result<Vec<Staged>, RenderFailure> {
    let stage = |name: &str, bytes: Vec<u8>| out.stage(name, &bytes).map_err(RenderFailure::Output);
    let wants = |format| options.formats.contains(&format);
    let templates = if wants(OutputFormat::Html) {
        let overrides =
            workspace::read_template_overrides(root).map_err(RenderFailure::Workspace)?;
        Some(Templates::load(overrides).map_err(RenderFailure::Template)?)
    } else {
        None
    };
    let site = Site {
        title: config.title.clone(),
        organization: config.organization.clone(),
        contested_range: config.contested_range,
    };
    let pdf_site = |as_of: Option<jiff::civil::Date>| render::pdf::PdfSite {
        title: config.title.clone(),
        organization: config.organization.clone(),
        page_size: config.page_size,
        contested_range: config.contested_range,
        timestamp: options
            .source_date_epoch
            .unwrap_or_else(|| as_of.map_or(0, midnight_utc)),
    };
    let per_brief: Vec<Result<Vec<Staged>, RenderFailure>> = briefs
        .par_iter()
        .map(|brief| {
            let mut files = Vec::new();
            if let Some(templates) = &templates {
                let bytes =
                    html::render_brief(templates, brief, &site).map_err(RenderFailure::Template)?;
                files.push(stage(&format!("{}.html", brief.slug), bytes)?);
            }
            if wants(OutputFormat::Pdf) {
                let name = format!("{}.pdf", brief.slug);
                let bytes = render::pdf::render_brief(brief, &pdf_site(Some(brief.as_of)))
                    .map_err(|e| RenderFailure::Pdf(name.clone(), e))?;
                files.push(stage(&name, bytes)?);
            }
            if wants(OutputFormat::Json) {
                let bytes = render::json::render(brief);
                files.push(stage(&format!("{}.json", brief.slug), bytes)?);
            }
            progress.step();
            Ok(files)
        })
        .collect();
    let mut outputs = Vec::new();
    for files in per_brief {
        outputs.extend(files?);
    }
    let per_packet: Vec<Result<Vec<Staged>, RenderFailure>> = packets
        .par_iter()
        .map(|packet| {
            let mut files = Vec::new();
            if let Some(templates) = &templates {
                // A packet can hold dozens of briefs: render them in parallel
                // and write the page in pieces rather than one buffer.
                let sections = packet
                    .briefs
                    .par_iter()
                    .map(|brief| html::render_packet_section(templates, brief, &site))
                    .collect::<Result<Vec<String>, _>>()
                    .map_err(RenderFailure::Template)?;
                let sections: Vec<&str> = sections.iter().map(String::as_str).collect();
                let parts = html::render_packet_parts(templates, packet, &sections)
                    .map_err(RenderFailure::Template)?;
                let parts: Vec<&[u8]> = parts.iter().map(|part| part.as_bytes()).collect();
                let name = format!("packets/{}.html", packet.name);
                files.push(
                    out.stage_parts(&name, &parts)
                        .map_err(RenderFailure::Output)?,
                );
            }
            if wants(OutputFormat::Pdf) {
                let name = format!("packets/{}.pdf", packet.name);
                let bytes = render::pdf::render_packet(packet, &pdf_site(packet.as_of))
                    .map_err(|e| RenderFailure::Pdf(name.clone(), e))?;
                files.push(stage(&name, bytes)?);
            }
            progress.step();
            Ok(files)
        })
        .collect();
    for files in per_packet {
        outputs.extend(files?);
    }
    if let Some(templates) = &templates {
        let entries: Vec<IndexEntry> = briefs
            .iter()
            .map(|b| index_entry(b, &options.formats))
            .collect();
        let packet_entries: Vec<html::PacketIndexEntry> = packets
            .iter()
            .map(|p| packet_index_entry(p, &options.formats))
            .collect();
        let marking = briefs
            .iter()
            .map(|b| b.marking)
            .chain(packets.iter().map(|p| p.marking))
            .max()
            .unwrap_or_default();
        let index = html::render_index(templates, &entries, &packet_entries, marking, &site)
            .map_err(RenderFailure::Template)?;
        outputs.push(stage("index.html", index)?);
    }
    Ok(outputs)
}

/// Seconds since the epoch at the start of `date`, in UTC.
pub fn midnight_utc(date: jiff::civil::Date) -> i64 {
    date.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map_or(0, |zoned| zoned.timestamp().as_second())
}

/// The index row of a packet, linking the formats written.
pub fn packet_index_entry(packet: &Packet, formats: &[OutputFormat]) -> html::PacketIndexEntry {
    let mut outputs = Vec::new();
    for (format, label) in [(OutputFormat::Html, "HTML"), (OutputFormat::Pdf, "PDF")] {
        if formats.contains(&format) {
            outputs.push(IndexLink {
                label: label.to_owned(),
                href: format!("packets/{}.{}", packet.name, label.to_ascii_lowercase()),
            });
        }
    }
    html::PacketIndexEntry {
        title: packet.title.clone(),
        audience: packet.audience.label().to_owned(),
        marking: packet.marking.label().to_owned(),
        as_of: packet.as_of.map(|d| d.to_string()).unwrap_or_default(),
        briefs: packet.briefs.len(),
        empty: packet.empty.len(),
        outputs,
    }
}

/// Which briefs and packets a build writes: `--brief` and `--packet` pick;
/// with neither, everything.
struct Selection {
    briefs: bool,
    packets: Vec<String>,
}

impl Selection {
    fn new(config: &Config, options: &BuildOptions) -> Result<Selection, AppError> {
        for name in &options.packets {
            if !config.packets.contains_key(name) {
                let known: Vec<&str> = config.packets.keys().map(String::as_str).collect();
                let suggestion = crate::decode::did_you_mean(name, known.iter().copied())
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                return Err(AppError::Usage(format!(
                    "no packet `{name}` in brief.yaml{suggestion}; packets: {}",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                )));
            }
        }
        let everything = options.briefs.is_empty() && options.packets.is_empty();
        let packets = if everything {
            config.packets.keys().cloned().collect()
        } else {
            options.packets.clone()
        };
        Ok(Selection {
            briefs: everything || !options.briefs.is_empty(),
            packets,
        })
    }
}

/// The index row of a brief, linking the formats written.
pub fn index_entry(brief: &Brief, formats: &[OutputFormat]) -> IndexEntry {
    let mut outputs = Vec::new();
    for (format, label) in [
        (OutputFormat::Html, "HTML"),
        (OutputFormat::Pdf, "PDF"),
        (OutputFormat::Json, "JSON"),
    ] {
        if formats.contains(&format) {
            let extension = label.to_ascii_lowercase();
            outputs.push(IndexLink {
                label: label.to_owned(),
                href: format!("{}.{extension}", brief.slug),
            });
        }
    }
    IndexEntry {
        title: brief.title.clone(),
        marking: brief.marking.label().to_owned(),
        as_of: brief.as_of.to_string(),
        notes: brief.note_count(),
        actors: brief.actors.len(),
        html: formats
            .contains(&OutputFormat::Html)
            .then(|| format!("{}.html", brief.slug)),
        outputs,
    }
}

fn print_diagnostics(
    diagnostics: &[Diagnostic],
    options: &BuildOptions,
    stderr: &mut dyn Write,
) -> std::io::Result<()> {
    stderr.write_all(diag::render(diagnostics, Format::Human, options.color).as_bytes())
}

/// Valid notes per brief, sorted by slug; `--brief` filters and must name
/// a known brief.
pub(crate) fn group_by_brief<'n>(
    notes: &'n [Note],
    config: &Config,
    wanted: &[String],
) -> Result<BTreeMap<String, Vec<&'n Note>>, AppError> {
    let mut by_brief: BTreeMap<String, Vec<&Note>> = BTreeMap::new();
    for note in notes {
        by_brief.entry(note.brief.clone()).or_default().push(note);
    }
    if wanted.is_empty() {
        return Ok(by_brief);
    }
    for slug in wanted {
        if !by_brief.contains_key(slug) {
            let mut known: Vec<&str> = by_brief.keys().map(String::as_str).collect();
            known.extend(config.briefs.keys().map(String::as_str));
            known.sort_unstable();
            known.dedup();
            let suggestion = crate::decode::did_you_mean(slug, known.iter().copied())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            return Err(AppError::Usage(format!(
                "no brief `{slug}` with valid notes{suggestion}; briefs: {}",
                known.join(", ")
            )));
        }
    }
    by_brief.retain(|slug, _| wanted.contains(slug));
    Ok(by_brief)
}

fn format_names(formats: &[OutputFormat]) -> String {
    let mut names: Vec<&str> = formats
        .iter()
        .map(|f| match f {
            OutputFormat::Html => "html",
            OutputFormat::Pdf => "pdf",
            OutputFormat::Json => "json",
        })
        .collect();
    names.sort_unstable();
    names.dedup();
    names.join(", ")
}

fn display_dir(path: &Path) -> String {
    let mut shown = path.display().to_string();
    if !shown.ends_with('/') {
        shown.push('/');
    }
    shown
}
