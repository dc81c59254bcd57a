//! `brief build`: aggregate every brief and write its outputs atomically.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::aggregate::Aggregated;
use crate::commands::Outcome;
use crate::config::{Config, Since};
use crate::diag::{self, Code, Diagnostic, Format};
use crate::error::AppError;
use crate::load::Loaded;
use crate::model::{Brief, Packet};
use crate::note::Note;
use crate::packet;
use crate::pipeline::{self, OutputFailure, Outputs, Settings, TemplatesFailed};
use crate::progress::Progress;
use crate::render;
use crate::status::Status;
use crate::write::{OutputDir, Staged};

/// What to build and how to report it.
#[derive(Debug, Clone)]
pub(crate) struct BuildOptions {
    pub out: PathBuf,
    pub formats: Vec<render::Format>,
    pub briefs: Vec<String>,
    pub packets: Vec<String>,
    pub as_of: Option<Date>,
    /// `--since`: open every brief with what changed since then (overrides
    /// `since:` in brief.yaml).
    pub since: Option<Since>,
    /// `--window`: build every brief over the notes of this many days
    /// (overrides `window_days` in brief.yaml).
    pub window: Option<u32>,
    pub strict: bool,
    /// `--pdf-standard` (overrides `pdf_standard:` in brief.yaml).
    pub pdf_standard: Option<crate::vocab::PdfStandard>,
    /// `SOURCE_DATE_EPOCH`: the date written into PDFs (else each as-of date).
    pub source_date_epoch: Option<i64>,
    pub quiet: bool,
    pub verbose: bool,
    pub color: bool,
}

impl BuildOptions {
    /// What the command line asks of every brief.
    fn asked(&self) -> pipeline::Asked {
        pipeline::Asked {
            as_of: self.as_of,
            since: self.since,
            window: self.window,
        }
    }
}

fn status(options: &BuildOptions) -> Status {
    Status {
        quiet: options.quiet,
        color: options.color,
    }
}

/// Builds from an already loaded workspace. Takes it by value: once the
/// briefs and packets are aggregated and the diagnostics printed, the notes
/// are dropped, so rendering does not hold every note of the workspace.
pub(crate) fn run(
    loaded: Loaded,
    options: &BuildOptions,
    progress: &Progress,
    stderr: &mut dyn Write,
) -> Result<Outcome, AppError> {
    let started = Instant::now();
    let invalid_input = loaded.has_errors();
    let Some(config) = &loaded.config else {
        print_diagnostics(&loaded.diagnostics, options, stderr)?;
        status(options).error(stderr, "brief.yaml is invalid; nothing built")?;
        return Ok(Outcome::Invalid);
    };
    let selection = Selection::new(config, options)?;
    let by_brief = if selection.briefs {
        group_by_brief(&loaded.notes, &options.briefs)?
    } else {
        BTreeMap::new()
    };

    if options.strict && invalid_input {
        print_diagnostics(&loaded.diagnostics, options, stderr)?;
        let what = what_is_invalid(&loaded.diagnostics);
        status(options).error(stderr, &format!("{what}; nothing written (--strict)"))?;
        return Ok(Outcome::Invalid);
    }

    progress.phase("Aggregating", by_brief.len() + selection.packets.len());
    let aggregated: Vec<(String, Option<Aggregated>)> = by_brief
        .par_iter()
        .map(|(slug, notes)| {
            let view = options.asked().for_brief(config, slug, None);
            progress.begin(slug);
            let built = pipeline::brief(slug, notes, config, view, "");
            progress.end(slug);
            (slug.clone(), built)
        })
        .collect();

    drop(by_brief);
    let Loaded {
        root,
        notes,
        diagnostics,
        fonts,
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
            progress.begin(name);
            let packet =
                pipeline::packet(name, &config.packets[name], &notes, config, options.asked());
            progress.end(name);
            packet
        })
        .collect();
    let mut packets = Vec::with_capacity(assembled.len());
    for result in assembled {
        diagnostics.extend(result.diagnostics);
        packets.push(result.packet);
    }
    crate::policy::apply(&mut diagnostics, config);
    let invalid_input = invalid_input || diagnostics.iter().any(Diagnostic::is_error);
    let invalid_what = what_is_invalid(&diagnostics);
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
    let settings = Settings {
        formats: options.formats.clone(),
        source_date_epoch: options.source_date_epoch,
        pdf_standard: options.pdf_standard,
    };
    let rendered = pipeline::load_templates(&root, &settings).map_err(RenderFailure::from);
    let staged = rendered.and_then(|templates| {
        let context = Outputs::context(config, &settings, templates.as_ref(), None, &fonts);
        let outputs = Outputs {
            context,
            settings: &settings,
            out: &out,
        };
        let briefs: Vec<&Brief> = briefs.iter().collect();
        let packets: Vec<&Packet> = packets.iter().collect();
        progress.phase("Rendering", outputs.count(&briefs, &packets));
        let mut files = outputs.all(&briefs, &packets, progress)?;
        files.extend(outputs.index(&briefs, &packets)?);
        Ok(files)
    });
    let staged: Vec<Staged> = match staged {
        Ok(files) => files.into_iter().map(|(_, staged)| staged).collect(),
        Err(RenderFailure::Template(diagnostics)) => {
            print_diagnostics(&diagnostics, options, stderr)?;
            status(options).error(stderr, "a template failed; nothing written")?;
            return Ok(Outcome::Invalid);
        }
        Err(RenderFailure::Stop(error)) => return Err(error),
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
            &format!("{built}; {invalid_what} (left out)"),
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

/// What the errors are in, for the closing line: `invalid notes`, `errors
/// in brief.yaml`, or both.
fn what_is_invalid<'d>(diagnostics: impl IntoIterator<Item = &'d Diagnostic>) -> &'static str {
    let (mut notes, mut config) = (false, false);
    for d in diagnostics.into_iter().filter(|d| d.is_error()) {
        if d.path == Path::new(crate::workspace::CONFIG_FILE) {
            config = true;
        } else {
            notes = true;
        }
    }
    match (notes, config) {
        (true, true) => "invalid notes and errors in brief.yaml",
        (false, true) => "errors in brief.yaml",
        _ => "invalid notes",
    }
}

/// Why rendering stopped: a template's diagnostics (exit 1, like
/// invalid notes) or an error that stops the run (exit 2).
enum RenderFailure {
    Template(Vec<Diagnostic>),
    Stop(AppError),
}

impl From<TemplatesFailed> for RenderFailure {
    fn from(failed: TemplatesFailed) -> Self {
        match failed {
            TemplatesFailed::Invalid(diagnostics) => RenderFailure::Template(diagnostics),
            TemplatesFailed::Read(error) => RenderFailure::Stop(error.into()),
        }
    }
}

impl From<OutputFailure> for RenderFailure {
    fn from(failure: OutputFailure) -> Self {
        match failure {
            OutputFailure::Template(diagnostics) => RenderFailure::Template(diagnostics),
            OutputFailure::Render { name, source } => {
                RenderFailure::Stop(AppError::Render { name, source })
            }
            OutputFailure::Output(error) => RenderFailure::Stop(error.into()),
        }
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
        let writes_packets = options.formats.iter().any(|f| f.writes_packets());
        if !options.packets.is_empty() && !writes_packets {
            return Err(AppError::Usage(
                "--packet needs a format with packet files: add html or pdf to --format".to_owned(),
            ));
        }
        let everything = options.briefs.is_empty() && options.packets.is_empty();
        // A build whose formats have no packet file (`--format json`)
        // assembles no packet, so it warns about none.
        let packets = if !writes_packets {
            Vec::new()
        } else if everything {
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
            // The briefs `brief list briefs` prints: those with valid notes.
            let known: Vec<&str> = by_brief.keys().map(String::as_str).collect();
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

fn format_names(formats: &[render::Format]) -> String {
    let mut names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
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
