//! The one build pipeline, shared by `brief build` and `brief serve`:
//! a brief's notes into its model (aggregate, timeline, changes, with the
//! `since` precedence decided here once), a packet's members from the notes
//! its audience may see, and the models into staged output files in the
//! requested formats, plus the index.
//!
//! Commands decide *what* to build and how to report it; `serve::cache`
//! decides what is stale. Neither aggregates or renders on its own.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use jiff::civil::Date;
use thiserror::Error;

use crate::aggregate::{self, Aggregated};
use crate::config::{Config, PacketConfig, Since};
use crate::diag::{Code, Diagnostic};
use crate::model::{Brief, EmptyBrief, Packet};
use crate::note::Note;
use crate::packet::{self, Assembled, Member};
use crate::progress::Progress;
use crate::render::html::{self, IndexEntry, IndexLink, Override, PacketIndexEntry, Templates};
use crate::render::{Document, Format, RenderContext, RenderError, SectionCache};
use crate::typefaces::WorkspaceFonts;
use crate::workspace::{self, WorkspaceError};
use crate::write::{OutputDir, OutputError, Staged};

/// Which `since` opens a brief: the one asked for on the command line,
/// else the packet's `since:` (inside a packet), else the brief's own
/// `since:` in brief.yaml.
pub fn since_for(
    config: &Config,
    slug: &str,
    packet: Option<&PacketConfig>,
    requested: Option<Since>,
) -> Option<Since> {
    requested
        .or_else(|| packet.and_then(|p| p.since))
        .or_else(|| config.briefs.get(slug).and_then(|b| b.since))
}

/// Which window a brief is built over: the one asked for on the command
/// line, else the packet's `window_days` (inside a packet), else the
/// brief's own, else brief.yaml's top-level one; `None`: every note.
pub fn window_for(
    config: &Config,
    slug: &str,
    packet: Option<&PacketConfig>,
    requested: Option<u32>,
) -> Option<u32> {
    requested
        .or_else(|| packet.and_then(|p| p.window_days))
        .or_else(|| config.briefs.get(slug).and_then(|b| b.window_days))
        .or(config.window_days)
}

/// What a command asks of the briefs it builds: `--as-of`, `--since` and
/// `--window` (each `None` when not given).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Asked {
    /// The as-of date; else each brief's newest note's.
    pub as_of: Option<Date>,
    /// Open each brief with what changed since then.
    pub since: Option<Since>,
    /// Build each brief over the notes of this many days.
    pub window: Option<u32>,
}

impl Asked {
    /// What brief `slug` is built with (inside `packet`, if any): the
    /// command line's choices over brief.yaml's.
    pub fn for_brief(self, config: &Config, slug: &str, packet: Option<&PacketConfig>) -> Asked {
        Asked {
            as_of: self.as_of,
            since: since_for(config, slug, packet, self.since),
            window: window_for(config, slug, packet, self.window),
        }
    }
}

/// Brief `slug` from its valid `notes`, built as `view` says (already
/// resolved against brief.yaml, see [`Asked::for_brief`]): aggregated as
/// of its as-of date (else its newest note's) over the notes of its
/// window, with its timeline and, when `since` is set, what changed since
/// then. `context` prefixes the warnings (`packet `p`: `). `None` when no
/// note is left.
pub fn brief(
    slug: &str,
    notes: &[&Note],
    config: &Config,
    view: Asked,
    context: &str,
) -> Option<Aggregated> {
    let as_of = view
        .as_of
        .or_else(|| notes.iter().map(|n| n.date()).max())?;
    // Outside the window a note takes no part in anything the brief shows:
    // it is left out before aggregation, and only counted.
    let (kept, window) = match view.window {
        Some(days) => {
            let kept: Vec<&Note> = notes
                .iter()
                .copied()
                .filter(|n| crate::names::age_days(n.date(), as_of) < i64::from(days))
                .collect();
            let earlier_notes = notes.len() - kept.len();
            (
                std::borrow::Cow::Owned(kept),
                Some(crate::model::Window {
                    days,
                    earlier_notes,
                }),
            )
        }
        None => (std::borrow::Cow::Borrowed(notes), None),
    };
    let mut aggregated = aggregate::aggregate(slug, &kept, config, Some(as_of))?;
    aggregated.brief.window = window;
    aggregated.diagnostics.extend(crate::changes::annotate(
        &mut aggregated.brief,
        &kept,
        config,
        view.since,
        context,
    ));
    Some(aggregated)
}

/// Brief `slug` of packet `name`, aggregated on its own from the notes the
/// packet's audience may see, so that a change to one brief (`brief
/// serve`) re-aggregates only that member.
pub fn packet_member(
    name: &str,
    packet: &PacketConfig,
    slug: &str,
    notes: &[Note],
    config: &Config,
    asked: Asked,
) -> Member {
    let visible = packet::releasable(notes, slug, packet);
    let drafts_left_out = packet::drafts_held(notes, slug, packet);
    let view = asked.for_brief(config, slug, Some(packet));
    // `visible` was filtered, so every warning is about a note the
    // audience may see.
    let context = format!("packet `{name}`: ");
    match self::brief(slug, &visible, config, view, &context) {
        Some(aggregated) => Member::Brief {
            brief: std::sync::Arc::new(aggregated.brief),
            diagnostics: aggregated.diagnostics,
            drafts_left_out,
        },
        None => Member::Empty {
            empty: EmptyBrief {
                slug: slug.to_owned(),
                title: config.brief_title(slug),
            },
            warning: Diagnostic::warning(
                Code::EmptyPacketBrief,
                PathBuf::from("brief.yaml"),
                format!(
                    "packet `{name}`: brief `{slug}` has no notes releasable to {}; the packet says so",
                    packet.audience
                ),
            ),
            drafts_left_out,
        },
    }
}

/// Whether a packet's `briefs:` entry names a brief: one brief.yaml
/// declares or a valid note belongs to. An entry that does not is an error
/// at its line in brief.yaml (`load`), and is left out of the packet rather
/// than shown as withheld.
pub fn names_a_brief(slug: &str, notes: &[Note], config: &Config) -> bool {
    config.briefs.contains_key(slug) || notes.iter().any(|n| n.brief == slug)
}

/// Packet `name` from all valid notes of the workspace, each brief built
/// by [`packet_member`] (entries naming no brief left out).
pub fn packet(
    name: &str,
    packet: &PacketConfig,
    notes: &[Note],
    config: &Config,
    asked: Asked,
) -> Assembled {
    let members: Vec<Member> = packet
        .briefs
        .iter()
        .filter(|slug| names_a_brief(slug, notes, config))
        .map(|slug| packet_member(name, packet, slug, notes, config, asked))
        .collect();
    packet::collect(name, packet, config, members)
}

/// How outputs are rendered.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The formats to write.
    pub formats: Vec<Format>,
    /// `SOURCE_DATE_EPOCH`: the date written into PDFs (else each as-of date).
    pub source_date_epoch: Option<i64>,
    /// `--pdf-standard`, over brief.yaml's `pdf_standard:`.
    pub pdf_standard: Option<crate::vocab::PdfStandard>,
}

impl Settings {
    /// Whether `format` is among those to write.
    pub fn wants(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }
}

/// The built-in templates with the workspace's overrides, when HTML is
/// among the formats (`None` otherwise: nothing reads them).
pub fn load_templates(
    root: &Path,
    settings: &Settings,
) -> Result<Option<Templates>, TemplatesFailed> {
    if !settings.wants(Format::Html) {
        return Ok(None);
    }
    let overrides = workspace::read_template_overrides(root)?
        .into_iter()
        .map(|file| Override {
            name: file.name,
            path: file.path,
            text: file.text,
        })
        .collect();
    Ok(Some(
        Templates::load(overrides).map_err(|e| TemplatesFailed::Invalid(e.diagnostics))?,
    ))
}

/// The templates could not be loaded.
#[derive(Debug, Error)]
pub enum TemplatesFailed {
    /// A template file could not be read.
    #[error(transparent)]
    Read(#[from] WorkspaceError),
    /// A template does not parse; the diagnostics say where.
    #[error("a template is invalid")]
    Invalid(Vec<Diagnostic>),
}

/// An output's name (relative to the output folder), staged for commit.
pub type OutputFile = (String, Staged);

/// An output could not be rendered or staged.
#[derive(Debug, Error)]
pub enum OutputFailure {
    /// A template failed while rendering; its diagnostics say where.
    #[error("a template failed")]
    Template(Vec<Diagnostic>),
    /// The PDF (or another output) could not be made.
    #[error("could not render {name}")]
    Render {
        /// The output, relative to the output folder.
        name: String,
        /// Why.
        source: RenderError,
    },
    /// The rendered bytes could not be staged.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// Renders models into the output folder: each output staged in its
/// temporary file as soon as it is rendered, ready to commit together.
pub struct Outputs<'a> {
    /// What every renderer is given besides the model.
    pub context: RenderContext<'a>,
    /// The formats to write.
    pub settings: &'a Settings,
    /// Where.
    pub out: &'a OutputDir,
}

impl<'a> Outputs<'a> {
    /// The render context for `config`'s workspace.
    pub fn context(
        config: &'a Config,
        settings: &'a Settings,
        templates: Option<&'a Templates>,
        sections: Option<&'a SectionCache>,
        fonts: &'a WorkspaceFonts,
    ) -> RenderContext<'a> {
        RenderContext {
            fonts,
            title: &config.title,
            organization: config.organization.as_deref(),
            page_size: config.page_size,
            lang: &config.lang,
            contested_range: config.contested_range,
            source_date_epoch: settings.source_date_epoch,
            pdf_standard: settings.pdf_standard.unwrap_or(config.pdf_standard),
            templates,
            sections,
        }
    }

    /// Every file of `document` in the requested formats (in their
    /// order: HTML, PDF, JSON).
    /// `progress` is told of each file as it begins and ends.
    pub fn document(
        &self,
        document: Document<'_>,
        progress: &Progress,
    ) -> Result<Vec<OutputFile>, OutputFailure> {
        let mut files = Vec::new();
        for format in self.formats_of(document) {
            let name = format.file_name(document);
            progress.begin(&name);
            let staged = format
                .render(document, &self.context, |parts| {
                    self.out.stage_parts(&name, parts)
                })
                .map_err(|error| failure(&name, error))??;
            progress.end(&name);
            files.push((name, staged));
        }
        Ok(files)
    }

    /// The requested formats `document` is written in.
    fn formats_of(&self, document: Document<'_>) -> Vec<Format> {
        Format::ALL
            .into_iter()
            .filter(|&format| self.settings.wants(format) && format.writes(document))
            .collect()
    }

    /// How many files [`Outputs::all`] writes for `briefs` and `packets`.
    pub fn count(&self, briefs: &[&Brief], packets: &[&Packet]) -> usize {
        documents(briefs, packets)
            .into_iter()
            .map(|document| self.formats_of(document).len())
            .sum()
    }

    /// Every file of `briefs` then `packets`, rendered in parallel; each
    /// is counted on `progress` (a bar naming the files in flight).
    pub fn all(
        &self,
        briefs: &[&Brief],
        packets: &[&Packet],
        progress: &Progress,
    ) -> Result<Vec<OutputFile>, OutputFailure> {
        let documents = documents(briefs, packets);
        // Largest first, each worker taking the next when it is free: a
        // packet of every brief started last would run alone at the end
        // (longest-processing-time-first scheduling). Results keep the
        // documents' order.
        let mut order: Vec<usize> = (0..documents.len()).collect();
        order.sort_by_key(|&index| std::cmp::Reverse(notes_in(&documents[index])));
        let next = AtomicUsize::new(0);
        let rendered: Mutex<Vec<Option<Rendered>>> =
            Mutex::new((0..documents.len()).map(|_| None).collect());
        rayon::scope(|scope| {
            for _ in 0..rayon::current_num_threads().min(documents.len()) {
                scope.spawn(|_| {
                    while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let result = self.document(documents[index], progress);
                        let mut slots = rendered.lock().unwrap_or_else(PoisonError::into_inner);
                        slots[index] = Some(result);
                    }
                });
            }
        });
        let rendered = rendered
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        let mut files = Vec::new();
        for result in rendered.into_iter().flatten() {
            files.extend(result?);
        }
        Ok(files)
    }

    /// `index.html`, listing `briefs` and `packets` (when HTML is written).
    pub fn index(
        &self,
        briefs: &[&Brief],
        packets: &[&Packet],
    ) -> Result<Option<OutputFile>, OutputFailure> {
        let Some(templates) = self
            .context
            .templates
            .filter(|_| self.settings.wants(Format::Html))
        else {
            return Ok(None);
        };
        let formats = &self.settings.formats;
        let entries: Vec<IndexEntry> = briefs.iter().map(|b| index_entry(b, formats)).collect();
        let packet_entries: Vec<PacketIndexEntry> = packets
            .iter()
            .map(|p| packet_index_entry(p, formats))
            .collect();
        let marking = briefs
            .iter()
            .map(|b| b.marking)
            .chain(packets.iter().map(|p| p.marking))
            .max()
            .unwrap_or_default();
        let site = self.context.html_site();
        let bytes = html::render_index(templates, &entries, &packet_entries, marking, &site)
            .map_err(|e| OutputFailure::Template(e.diagnostics))?;
        let name = "index.html".to_owned();
        let staged = self.out.stage(&name, &bytes)?;
        Ok(Some((name, staged)))
    }
}

/// One document's output files, or why not.
type Rendered = Result<Vec<OutputFile>, OutputFailure>;

/// How many notes `document` shows: what its rendering costs, roughly.
fn notes_in(document: &Document) -> usize {
    match document {
        Document::Brief(brief) => brief.notes.len(),
        Document::Packet(packet) => packet.briefs.iter().map(|b| b.notes.len()).sum(),
    }
}

/// The briefs, then the packets, as documents to render.
fn documents<'a>(briefs: &[&'a Brief], packets: &[&'a Packet]) -> Vec<Document<'a>> {
    briefs
        .iter()
        .map(|b| Document::Brief(b))
        .chain(packets.iter().map(|p| Document::Packet(p)))
        .collect()
}

fn failure(name: &str, error: RenderError) -> OutputFailure {
    match error {
        RenderError::Template(error) => OutputFailure::Template(error.diagnostics),
        source => OutputFailure::Render {
            name: name.to_owned(),
            source,
        },
    }
}

/// The links of an index row: the formats written for `document`.
fn index_links(document: Document<'_>, formats: &[Format]) -> Vec<IndexLink> {
    Format::ALL
        .into_iter()
        .filter(|format| formats.contains(format) && format.writes(document))
        .map(|format| IndexLink {
            label: format.label().to_owned(),
            href: format.file_name(document),
        })
        .collect()
}

/// The index row of a brief, linking the formats written.
pub fn index_entry(brief: &Brief, formats: &[Format]) -> IndexEntry {
    let document = Document::Brief(brief);
    IndexEntry {
        title: brief.title.clone(),
        marking: brief.marking.label().to_owned(),
        as_of: brief.as_of.to_string(),
        notes: brief.note_count(),
        actors: brief.actors.len(),
        draft: brief.is_draft(),
        html: formats
            .contains(&Format::Html)
            .then(|| Format::Html.file_name(document)),
        outputs: index_links(document, formats),
    }
}

/// The index row of a packet, linking the formats written.
pub fn packet_index_entry(packet: &Packet, formats: &[Format]) -> PacketIndexEntry {
    PacketIndexEntry {
        title: packet.title.clone(),
        audience: packet.audience.label().to_owned(),
        marking: packet.marking.label().to_owned(),
        as_of: packet.as_of.map(|d| d.to_string()).unwrap_or_default(),
        briefs: packet.briefs.len(),
        empty: packet.empty.len(),
        outputs: index_links(Document::Packet(packet), formats),
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::sync::Arc;

    use super::*;
    use crate::note::NoteFile;
    use crate::vocab::Marking;

    const CONFIG: &str = "\
title: Gulf briefs
briefs:
  talks: { since: 2026-11-01 }
  quiet: { title: A brief with no notes yet }
packets:
  green: { audience: TLP:GREEN, briefs: [talks, quiet], since: 2026-11-05 }
";

    fn config() -> Config {
        let loaded = crate::config::parse(Path::new("brief.yaml"), &Arc::from(CONFIG));
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.config.expect("valid config")
    }

    fn note(name: &str, date: &str, marking: &str, leverage: i8) -> Note {
        let text = format!(
            "---\ntitle: {name}\ndate: {date}\nmarking: {marking}\nactors:\n  - name: Iran\n    leverage: {leverage}\n    stakes: 3\n---\nWhat {name} says.\n"
        );
        let file = NoteFile {
            path: PathBuf::from(format!("briefs/talks/{name}.md")),
            folder: Some("talks".to_owned()),
        };
        crate::note::check(&file, Arc::from(text), &config())
            .note
            .expect("a valid note")
    }

    fn notes() -> Vec<Note> {
        vec![
            note("a", "2026-10-20", "TLP:GREEN", 1),
            note("b", "2026-11-10", "TLP:GREEN", 3),
            note("c", "2026-11-18", "TLP:RED", -2),
        ]
    }

    #[test]
    fn since_comes_from_the_command_line_then_the_packet_then_the_brief() {
        let config = config();
        let packet = &config.packets["green"];
        let days = Some(Since::Days(7));
        assert_eq!(since_for(&config, "talks", Some(packet), days), days);
        let packet_since = packet.since;
        assert!(packet_since.is_some());
        assert_eq!(
            since_for(&config, "talks", Some(packet), None),
            packet_since
        );
        let brief_since = config.briefs["talks"].since;
        assert!(brief_since.is_some() && brief_since != packet_since);
        assert_eq!(since_for(&config, "talks", None, None), brief_since);
        assert_eq!(since_for(&config, "quiet", None, None), None);
    }

    #[test]
    fn a_brief_gets_its_timeline_and_changes_once() {
        let config = config();
        let notes = notes();
        let of_brief: Vec<&Note> = notes.iter().collect();
        let view = Asked::default().for_brief(&config, "talks", None);
        let built = brief("talks", &of_brief, &config, view, "").expect("notes");
        assert_eq!(built.brief.as_of.to_string(), "2026-11-18");
        let changes = built.brief.changes.expect("since: opens it with changes");
        assert_eq!(changes.since.to_string(), "2026-11-01");
        assert!(
            built.brief.timeline.dates.len() > 1,
            "a month of notes spans weeks"
        );
        assert!(brief("talks", &[], &config, view, "").is_none());
    }

    #[test]
    fn a_since_after_the_as_of_date_warns_with_its_context() {
        let config = config();
        let notes = notes();
        let of_brief: Vec<&Note> = notes.iter().collect();
        let late = Some(Since::Date(jiff::civil::date(2026, 12, 1)));
        let view = Asked {
            since: late,
            ..Asked::default()
        };
        let built = brief("talks", &of_brief, &config, view, "packet `p`: ").unwrap();
        assert!(built.brief.changes.is_none());
        assert!(
            built
                .diagnostics
                .iter()
                .any(|d| d.code == Code::SinceAfterAsOf && d.message.starts_with("packet `p`: ")),
            "{:?}",
            built.diagnostics
        );
    }

    #[test]
    fn a_packet_member_sees_only_releasable_notes() {
        let config = config();
        let notes = notes();
        let green = &config.packets["green"];
        let Member::Brief { brief, .. } =
            packet_member("green", green, "talks", &notes, &config, Asked::default())
        else {
            panic!("talks has releasable notes");
        };
        assert_eq!(brief.marking, Marking::Green);
        assert_eq!(
            brief.as_of.to_string(),
            "2026-11-10",
            "the RED note sets nothing"
        );
        assert_eq!(brief.notes.len(), 2);
        let Member::Empty { warning, .. } =
            packet_member("green", green, "quiet", &notes, &config, Asked::default())
        else {
            panic!("quiet has no notes");
        };
        assert_eq!(warning.code, Code::EmptyPacketBrief);
        assert!(warning.message.contains("no notes releasable to TLP:GREEN"));
    }

    fn built_brief() -> Brief {
        let config = config();
        let notes = notes();
        let of_brief: Vec<&Note> = notes.iter().collect();
        brief("talks", &of_brief, &config, Asked::default(), "")
            .unwrap()
            .brief
    }

    #[test]
    fn index_rows_link_only_the_formats_written() {
        let brief = built_brief();
        let row = index_entry(&brief, &[Format::Pdf, Format::Json]);
        let links: Vec<(&str, &str)> = row
            .outputs
            .iter()
            .map(|l| (l.label.as_str(), l.href.as_str()))
            .collect();
        assert_eq!(links, [("PDF", "talks.pdf"), ("JSON", "talks.json")]);
        assert_eq!(row.html, None, "no page to link the title to");
        let config = config();
        let notes = notes();
        let packet = self::packet(
            "green",
            &config.packets["green"],
            &notes,
            &config,
            Asked::default(),
        );
        let row = packet_index_entry(&packet.packet, &Format::ALL);
        let hrefs: Vec<&str> = row.outputs.iter().map(|l| l.href.as_str()).collect();
        assert_eq!(
            hrefs,
            ["packets/green.html", "packets/green.pdf"],
            "no JSON for packets"
        );
        assert_eq!((row.briefs, row.empty), (1, 1));
    }

    #[test]
    fn outputs_stage_every_requested_format_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare_quietly(dir.path(), &dir.path().join("out")).unwrap();
        let config = config();
        let settings = Settings {
            formats: vec![Format::Json, Format::Html],
            source_date_epoch: Some(0),
            pdf_standard: None,
        };
        let templates = load_templates(dir.path(), &settings).unwrap();
        assert!(templates.is_some(), "HTML asks for templates");
        let fonts = WorkspaceFonts::default();
        let outputs = Outputs {
            context: Outputs::context(&config, &settings, templates.as_ref(), None, &fonts),
            settings: &settings,
            out: &out,
        };
        let brief = built_brief();
        let mut files = outputs.all(&[&brief], &[], &Progress::hidden()).unwrap();
        files.extend(outputs.index(&[&brief], &[]).unwrap());
        let names: Vec<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["talks.html", "talks.json", "index.html"]);
        let written = OutputDir::commit(files.into_iter().map(|(_, s)| s).collect()).unwrap();
        assert_eq!(written.len(), 3);
        let json = std::fs::read_to_string(dir.path().join("out/talks.json")).unwrap();
        assert!(json.contains("\"brief\": \"talks\""), "{json}");
        let pdf_only = Settings {
            formats: vec![Format::Pdf],
            source_date_epoch: None,
            pdf_standard: None,
        };
        assert!(load_templates(dir.path(), &pdf_only).unwrap().is_none());
    }
}
