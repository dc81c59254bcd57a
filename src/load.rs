//! Discover → parse → validate → lint: a workspace's config and every
//! note, read and checked in parallel, with all their diagnostics.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Code, Diagnostic};
use crate::figures;
use crate::lint;
use crate::names::{is_reserved_brief_name, is_slug};
use crate::note::{self, Note, NoteFile};
use crate::progress::Progress;
use crate::typefaces::WorkspaceFonts;
use crate::workspace::{self, CONFIG_FILE, NoteText, WorkspaceError};

/// Everything read from a workspace.
#[derive(Debug)]
pub struct Loaded {
    /// The workspace folder holding brief.yaml; note paths are relative to it.
    pub root: PathBuf,
    /// `None` when brief.yaml is invalid (its diagnostics say why).
    pub config: Option<Config>,
    /// Valid notes, sorted by path.
    pub notes: Vec<Note>,
    /// How many note files were found, valid or not.
    pub files: usize,
    /// Every note file found, relative to the root, sorted.
    pub paths: Vec<PathBuf>,
    /// Every problem, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Folders under `briefs/` holding at least one note file, valid or not.
    pub folders: Vec<String>,
    /// The fonts `fonts/` adds to the shipped ones.
    pub fonts: WorkspaceFonts,
}

impl Loaded {
    /// Whether any diagnostic is an error: `check` exits 1 and `build --strict` writes nothing.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// `--deny-warnings`: every warning becomes an error.
    pub fn deny_warnings(&mut self) {
        for diagnostic in &mut self.diagnostics {
            diagnostic.severity = crate::diag::Severity::Error;
        }
    }

    /// `brief check PATH…`: keeps only what concerns `paths` (files or
    /// folders relative to the root; brief.yaml too) — their diagnostics,
    /// notes and counts — after the whole workspace was read for context.
    pub fn narrow_to(&mut self, paths: &[PathBuf]) {
        let wanted = |path: &Path| paths.iter().any(|p| path.starts_with(p));
        self.diagnostics.retain(|d| wanted(&d.path));
        self.notes.retain(|n| wanted(&n.path));
        self.paths.retain(|p| wanted(p));
        self.files = self.paths.len();
        self.folders.retain(|folder| {
            let folder = Path::new(crate::workspace::NOTES_DIR).join(folder);
            self.paths.iter().any(|p| p.starts_with(&folder))
        });
    }

    /// The briefs `build` can build: those of valid notes, sorted.
    pub fn briefs(&self) -> Vec<&str> {
        let mut briefs: Vec<&str> = self.notes.iter().map(|n| n.brief.as_str()).collect();
        briefs.sort_unstable();
        briefs.dedup();
        briefs
    }

    /// Number of distinct briefs: those of valid notes and the folders of
    /// invalid ones (a brief whose notes are all broken still counts).
    pub fn brief_count(&self) -> usize {
        let mut briefs: Vec<&str> = self
            .notes
            .iter()
            .map(|n| n.brief.as_str())
            .chain(
                self.folders
                    .iter()
                    .map(String::as_str)
                    // A folder that cannot name a brief has its own error.
                    .filter(|f| is_slug(f) && !is_reserved_brief_name(f)),
            )
            .collect();
        briefs.sort_unstable();
        briefs.dedup();
        briefs.len()
    }
}

/// One note file checked: parsed and validated, its figures read from the
/// workspace at `root` and inspected, then linted when valid (tradecraft
/// warnings). `brief serve` and `brief lsp` check notes through here too.
pub fn check_note(
    checker: &note::Checker,
    root: &Path,
    file: &NoteFile,
    text: NoteText,
) -> note::Checked {
    let mut checked = check_note_unlinted(checker, root, file, text);
    if let Some(note) = &checked.note {
        checked.diagnostics.extend(lint_note(checker, note));
        Diagnostic::sort(&mut checked.diagnostics);
    }
    checked
}

/// The warnings on one valid note alone: tradecraft and characters no font
/// has. `brief lsp` leaves them for when a note is opened.
pub fn lint_note(checker: &note::Checker, note: &Note) -> Vec<Diagnostic> {
    let mut warnings = lint::note_warnings(note);
    warnings.extend(lint::missing_glyphs(note, checker.coverage()));
    warnings
}

/// [`check_note`] without [`lint_note`].
pub fn check_note_unlinted(
    checker: &note::Checker,
    root: &Path,
    file: &NoteFile,
    text: NoteText,
) -> note::Checked {
    match text {
        NoteText::Text(text) => {
            let mut checked = checker.check(file, Arc::clone(&text));
            add_figures(&mut checked, root, file, &text);
            checked
        }
        NoteText::Unreadable(diagnostic) => note::Checked {
            note: None,
            diagnostics: vec![diagnostic],
        },
    }
}

/// The note's images, each read (confined to the workspace, capped) and
/// inspected once: on the note when all are sound; an error among them
/// makes the note invalid, like any other.
fn add_figures(checked: &mut note::Checked, root: &Path, file: &NoteFile, text: &Arc<str>) {
    let Ok(parts) = note::parse::split(text) else {
        return;
    };
    let read = |relative: &Path| workspace::read_image(root, relative);
    let (found, problems) = figures::check(&file.path, text, parts.body, &read);
    if problems.iter().any(Diagnostic::is_error) {
        checked.note = None;
    } else if let Some(note) = &mut checked.note {
        note.figures = found;
    }
    checked.diagnostics.extend(problems);
    Diagnostic::sort(&mut checked.diagnostics);
}

/// An error for each packet `briefs:` entry that names no brief: no folder
/// under `briefs/`, no `briefs:` entry in brief.yaml, no note's `brief:`.
/// Reported at the entry in brief.yaml, with a did-you-mean.
pub(crate) fn packet_briefs_named(
    config: &Config,
    config_text: &Arc<str>,
    notes: &[Note],
    folders: &[String],
) -> Vec<Diagnostic> {
    let mut known: Vec<&str> = notes
        .iter()
        .map(|n| n.brief.as_str())
        .chain(folders.iter().map(String::as_str))
        .chain(config.briefs.keys().map(String::as_str))
        .collect();
    known.sort_unstable();
    known.dedup();
    let mut errors = Vec::new();
    for (name, packet) in &config.packets {
        for (slug, span) in packet.briefs.iter().zip(&packet.brief_spans) {
            if known.binary_search(&slug.as_str()).is_ok() {
                continue;
            }
            let near = crate::decode::did_you_mean(slug, known.iter().copied());
            let otherwise = || match known.is_empty() {
                true => "there are no briefs yet".to_owned(),
                false => format!("briefs: {}", known.join(", ")),
            };
            errors.push(
                Diagnostic::error(
                    Code::UnknownBrief,
                    CONFIG_FILE,
                    format!("packet `{name}` lists `{slug}`, which names no brief"),
                )
                .at(config_text, span.clone())
                .with_suggestion_or(near, otherwise),
            );
        }
    }
    errors
}

/// Reads brief.yaml and every note under `briefs/`. Only I/O failures that
/// stop everything (no readable brief.yaml) are errors; problems in files
/// are diagnostics.
pub fn load(root: &Path) -> Result<Loaded, WorkspaceError> {
    load_with_progress(root, &Progress::hidden())
}

/// A workspace read and each note checked on its own, before the checks
/// across notes: what `brief lsp` keeps, re-checking one note as it
/// changes and the checks across notes after it ([`across_notes`]).
#[derive(Debug)]
pub struct Checkout {
    /// brief.yaml's text, which its diagnostics point into.
    pub config_text: Arc<str>,
    /// brief.yaml read, with its own diagnostics.
    pub config: config::Loaded,
    /// Problems of the walk and of `fonts/`, apart from any one note.
    pub workspace_diagnostics: Vec<Diagnostic>,
    /// Every note file found, sorted, each with what checking it found.
    pub notes: Vec<(NoteFile, note::Checked)>,
    /// The fonts `fonts/` adds to the shipped ones.
    pub fonts: WorkspaceFonts,
}

impl Checkout {
    /// The config notes are checked against: brief.yaml's, else the
    /// defaults, so an invalid brief.yaml still leaves every note checked.
    pub fn config_for_notes(&self) -> std::borrow::Cow<'_, Config> {
        match &self.config.config {
            Some(config) => std::borrow::Cow::Borrowed(config),
            None => std::borrow::Cow::Owned(fallback_config()),
        }
    }
}

/// The defaults notes are checked against while brief.yaml is invalid.
pub fn fallback_config() -> Config {
    Config {
        title: String::new(),
        organization: None,
        marking: None,
        page_size: config::PageSize::A4,
        lang: "en".to_owned(),
        pdf_standard: config::PdfStandard::Ua1,
        half_life_days: 30,
        window_days: None,
        contested_range: 3,
        briefs: Default::default(),
        actors: Default::default(),
        mechanisms: Default::default(),
        packets: Default::default(),
        names: Default::default(),
        review: Default::default(),
        lints: Default::default(),
    }
}

/// Whether [`checkout`] lints each note (`check`, `build`), or leaves that
/// to whoever shows a note's warnings (`lsp`, for the notes opened).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linting {
    /// Every valid note linted.
    Now,
    /// Notes checked, not linted, their bodies left unsplit: whoever shows
    /// one calls `Note::split_body` and [`lint_note`] first.
    Later,
}

/// Reads brief.yaml, the fonts and every note, checking each note on its own.
pub fn checkout(root: &Path, progress: &Progress) -> Result<Checkout, WorkspaceError> {
    checkout_linting(root, progress, Linting::Now)
}

/// [`checkout`], linting each note now or later.
pub fn checkout_linting(
    root: &Path,
    progress: &Progress,
    linting: Linting,
) -> Result<Checkout, WorkspaceError> {
    let config_text = workspace::read_config(root)?;
    let loaded_config = config::parse(Path::new(CONFIG_FILE), &config_text);
    let (files, mut workspace_diagnostics) = workspace::discover_notes(root);
    let (font_files, font_diagnostics) = workspace::read_fonts(root);
    workspace_diagnostics.extend(font_diagnostics);
    let (fonts, bad_fonts) = WorkspaceFonts::from_files(font_files);
    workspace_diagnostics.extend(bad_fonts);
    let mut checkout = Checkout {
        config_text,
        config: loaded_config,
        workspace_diagnostics,
        notes: Vec::new(),
        fonts,
    };
    // Without a valid config notes are still checked, against the defaults,
    // so one run shows every problem.
    let config_for_notes = checkout.config_for_notes();
    let checker = note::Checker::with_fonts(&config_for_notes, &checkout.fonts);
    let checker = match linting {
        Linting::Now => checker,
        Linting::Later => checker.leaving_bodies(),
    };
    progress.phase("Checking", files.len());
    // read_config above has just read brief.yaml through this very root.
    let real_root = std::fs::canonicalize(root).ok();
    let read = |file: &NoteFile| match &real_root {
        Some(real_root) => workspace::read_note_in(real_root, root, file),
        None => workspace::read_note(root, file),
    };
    let checked: Vec<note::Checked> = files
        .par_iter()
        .inspect(|_| progress.step())
        .map(|file| match linting {
            Linting::Now => check_note(&checker, root, file, read(file)),
            Linting::Later => check_note_unlinted(&checker, root, file, read(file)),
        })
        .collect();
    drop(checker);
    drop(config_for_notes);
    checkout.notes = files.into_iter().zip(checked).collect();
    Ok(checkout)
}

/// The checks that need every valid note: disjoint estimates, indicators
/// against scenarios, misspelt names, and packets naming no brief. `config`
/// is `None` while brief.yaml is invalid: names are then not compared (against
/// no `actors:`, every declared name would look undeclared).
pub fn across_notes(
    notes: &[Note],
    config: Option<&Config>,
    config_text: &Arc<str>,
    folders: &[String],
) -> Vec<Diagnostic> {
    let mut diagnostics = within_briefs(notes);
    diagnostics.extend(across_workspace(notes, config, config_text, folders));
    diagnostics
}

/// The checks across notes that look within one brief at a time
/// (disjoint estimates, indicators): given one brief's notes, they find
/// what they would find among all of them.
pub fn within_briefs<'n>(notes: impl IntoIterator<Item = &'n Note> + Clone) -> Vec<Diagnostic> {
    let mut diagnostics = lint::disjoint_estimates(notes.clone());
    diagnostics.extend(lint::indicator_warnings(notes));
    diagnostics
}

/// The checks across notes that need the whole workspace: names spelt
/// against every note's, packets naming briefs.
pub fn across_workspace(
    notes: &[Note],
    config: Option<&Config>,
    config_text: &Arc<str>,
    folders: &[String],
) -> Vec<Diagnostic> {
    let Some(config) = config else {
        return Vec::new();
    };
    let mut diagnostics = lint::misspelt_names(notes, config);
    diagnostics.extend(packet_briefs_named(config, config_text, notes, folders));
    diagnostics
}

/// The folders under `briefs/` holding note files, sorted, once each.
pub fn note_folders<'f>(files: impl IntoIterator<Item = &'f NoteFile>) -> Vec<String> {
    let mut folders: Vec<String> = files.into_iter().filter_map(|f| f.folder.clone()).collect();
    folders.sort_unstable();
    folders.dedup();
    folders
}

/// `load`, counting each note read on `progress`.
pub fn load_with_progress(root: &Path, progress: &Progress) -> Result<Loaded, WorkspaceError> {
    let checkout = checkout(root, progress)?;
    let mut diagnostics = checkout.config.diagnostics;
    diagnostics.extend(checkout.workspace_diagnostics);
    let folders = note_folders(checkout.notes.iter().map(|(file, _)| file));
    let mut notes = Vec::with_capacity(checkout.notes.len());
    let mut paths = Vec::with_capacity(checkout.notes.len());
    for (file, result) in checkout.notes {
        diagnostics.extend(result.diagnostics);
        notes.extend(result.note);
        paths.push(file.path);
    }
    let config = checkout.config.config;
    diagnostics.extend(across_notes(
        &notes,
        config.as_ref(),
        &checkout.config_text,
        &folders,
    ));
    // Sorting makes output independent of thread scheduling.
    match &config {
        Some(config) => crate::policy::apply(&mut diagnostics, config),
        None => crate::policy::once(&mut diagnostics),
    }
    notes.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Loaded {
        fonts: checkout.fonts,
        folders,
        root: root.to_path_buf(),
        config,
        notes,
        files: paths.len(),
        paths,
        diagnostics,
    })
}
