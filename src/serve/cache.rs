//! Incremental builds for `brief serve`.
//!
//! The engine keeps every parsed note by path with a hash of its text, the
//! aggregated briefs and assembled packets. A change re-reads only the
//! paths it names; a note whose text hashes the same is not parsed again.
//! Only the briefs a changed note belonged to (before or after the change)
//! are re-aggregated, only the packets listing them re-assembled, and only
//! those outputs (plus `index.html`) rendered and written. brief.yaml or
//! templates changing makes everything stale.
//!
//! An invalid workspace writes nothing: the last good outputs stay, and
//! what was stale stays pending until a build succeeds.
//!
//! `brief build` is the reference: `tests/it/serve.rs` checks that a full
//! build here, and an incremental one after an edit, write the same bytes.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::aggregate::Aggregated;
use crate::config::{self, Config};
use crate::diag::{Code, Diagnostic};
use crate::model::{Brief, Packet};
use crate::note::{self, Note, NoteFile};
use crate::packet::{self, Assembled, Member};
use crate::pipeline::{self, OutputFailure, OutputFile, Outputs, TemplatesFailed};
use crate::render::html::{self, Templates};
use crate::render::{Format, SectionCache};
use crate::typefaces::WorkspaceFonts;
use crate::workspace::{self, CONFIG_FILE, NOTES_DIR, NoteText, TEMPLATES_DIR};
use crate::write::{OutputDir, Superseded};

pub use crate::pipeline::Settings;

/// What changed since the last update.
#[derive(Debug, Clone)]
pub enum Changed {
    /// Read everything (the first build, or lost events).
    Everything,
    /// These paths (absolute, or relative to the root) changed, appeared
    /// or disappeared.
    Paths(Vec<PathBuf>),
}

/// A failure that stops an update (as opposed to invalid notes, which
/// are diagnostics): the pipeline's own, as `build` meets it.
pub type EngineError = OutputFailure;

/// The outcome of one update.
#[derive(Debug, Default)]
pub struct Report {
    /// The problems to show, sorted: every one in the workspace after
    /// `Changed::Everything`; otherwise every error and the warnings about
    /// the changed paths (the rest were shown before, and a large
    /// workspace has thousands).
    pub diagnostics: Vec<Diagnostic>,
    /// True when errors kept this update from writing anything.
    pub blocked: bool,
    /// Output files written, relative to the output folder.
    pub written: Vec<String>,
    /// How many briefs were rendered.
    pub briefs: usize,
    /// How many packets were rendered.
    pub packets: usize,
    /// Note files re-parsed.
    pub parsed: usize,
    /// The outputs this update replaced: dropping it removes them. `serve`
    /// drops it after telling the browsers to reload, since freeing a large
    /// file takes a while.
    pub superseded: Option<Superseded>,
}

/// A packet's name and one of its briefs.
type MemberKey = (String, String);

/// The packets, kept per member brief: an edit re-aggregates and
/// re-renders only the members it touched.
#[derive(Debug, Default)]
struct PacketCache {
    /// Each packet's briefs, aggregated for its audience.
    members: BTreeMap<MemberKey, Member>,
    /// Each member's HTML section, while the member is unchanged.
    sections: SectionCache,
    /// Each packet, collected from its members.
    assembled: BTreeMap<String, Assembled>,
}

impl PacketCache {
    /// Re-aggregates the members whose brief is in `touched` (every member
    /// when `all`, or of a packet not built yet), forgets packets and
    /// members brief.yaml no longer lists, and re-collects the packets that
    /// changed. Returns their names.
    fn refresh(
        &mut self,
        config: &Config,
        notes: &[Note],
        touched: &BTreeSet<String>,
        all: bool,
        asked: pipeline::Asked,
    ) -> BTreeSet<String> {
        let stale: Vec<(&String, &String)> = config
            .packets
            .iter()
            .flat_map(|(name, packet)| {
                let whole = all || !self.assembled.contains_key(name);
                packet
                    .briefs
                    .iter()
                    .filter(move |slug| whole || touched.contains(*slug))
                    .filter(|slug| pipeline::names_a_brief(slug, notes, config))
                    .map(move |slug| (name, slug))
            })
            .collect();
        let members: Vec<(MemberKey, Member)> = stale
            .par_iter()
            .map(|(name, slug)| {
                let packet = &config.packets[*name];
                let member = pipeline::packet_member(name, packet, slug, notes, config, asked);
                (((*name).clone(), (*slug).clone()), member)
            })
            .collect();
        let mut changed = BTreeSet::new();
        for (key, member) in members {
            self.sections.remove(&key);
            changed.insert(key.0.clone());
            self.members.insert(key, member);
        }
        // Members brief.yaml no longer lists, or whose brief is gone (its
        // last note deleted): their packets are collected again without them.
        self.members.retain(|(name, slug), _| {
            let kept = config
                .packets
                .get(name)
                .is_some_and(|p| p.briefs.contains(slug))
                && pipeline::names_a_brief(slug, notes, config);
            if !kept && config.packets.contains_key(name) {
                changed.insert(name.clone());
            }
            kept
        });
        let members = &self.members;
        self.sections.retain(|key, _| members.contains_key(key));
        self.assembled
            .retain(|name, _| config.packets.contains_key(name));
        for name in &changed {
            let Some(packet) = config.packets.get(name) else {
                continue;
            };
            let collected = packet
                .briefs
                .iter()
                .filter_map(|slug| self.members.get(&(name.clone(), slug.clone())).cloned())
                .collect();
            let assembled = packet::collect(name, packet, config, collected);
            self.assembled.insert(name.clone(), assembled);
        }
        changed
    }
}

#[derive(Debug)]
struct FileEntry {
    hash: u64,
    diagnostics: Vec<Diagnostic>,
    /// The brief of the note, when valid.
    brief: Option<String>,
}

#[derive(Debug, Default)]
struct Pending {
    all: bool,
    briefs: BTreeSet<String>,
    packets: BTreeSet<String>,
}

impl Pending {
    fn is_empty(&self) -> bool {
        !self.all && self.briefs.is_empty() && self.packets.is_empty()
    }
}

/// The folders under `briefs/` that hold files (each a brief by its
/// folder), from the paths of the files read.
fn brief_folders<'p>(paths: impl Iterator<Item = &'p PathBuf>) -> Vec<String> {
    let mut folders: Vec<String> = paths
        .filter_map(|path| {
            let mut inside = path.strip_prefix(workspace::NOTES_DIR).ok()?.components();
            let folder = inside.next()?;
            inside.next()?;
            Some(folder.as_os_str().to_string_lossy().into_owned())
        })
        .collect();
    folders.dedup();
    folders
}

/// The incremental builder.
pub struct Engine {
    root: PathBuf,
    settings: Settings,
    config_hash: Option<u64>,
    config: Option<Config>,
    config_diagnostics: Vec<Diagnostic>,
    walk_diagnostics: Vec<Diagnostic>,
    /// The workspace's `fonts/`, read once when serving starts.
    fonts: WorkspaceFonts,
    /// What `serve`'s command line asks of every brief (`--window`).
    asked: pipeline::Asked,
    /// Fonts that could not be used, with why.
    font_diagnostics: Vec<Diagnostic>,
    files: BTreeMap<PathBuf, FileEntry>,
    /// Valid notes, sorted by path.
    notes: Vec<Note>,
    templates: Option<Templates>,
    template_diagnostics: Vec<Diagnostic>,
    /// Disjoint-estimate warnings, by brief.
    estimates: BTreeMap<String, Vec<Diagnostic>>,
    /// Misspelt-name warnings, across the workspace.
    names: Vec<Diagnostic>,
    /// brief.yaml's text, to position errors about its packets.
    config_text: Option<std::sync::Arc<str>>,
    /// Packet entries naming no brief, as `check` reports them.
    packet_errors: Vec<Diagnostic>,
    briefs: BTreeMap<String, Aggregated>,
    packets: PacketCache,
    pending: Pending,
}

impl Engine {
    /// An engine with nothing read yet; the first `update` reads everything.
    pub fn new(root: &Path, settings: Settings) -> Engine {
        let (font_files, mut font_diagnostics) = workspace::read_fonts(root);
        let (fonts, bad_fonts) = WorkspaceFonts::from_files(font_files);
        font_diagnostics.extend(bad_fonts);
        Engine {
            fonts,
            font_diagnostics,
            asked: pipeline::Asked::default(),
            root: root.to_path_buf(),
            settings,
            config_hash: None,
            config: None,
            config_diagnostics: Vec::new(),
            config_text: None,
            packet_errors: Vec::new(),
            walk_diagnostics: Vec::new(),
            files: BTreeMap::new(),
            notes: Vec::new(),
            templates: None,
            template_diagnostics: Vec::new(),
            estimates: BTreeMap::new(),
            names: Vec::new(),
            briefs: BTreeMap::new(),
            packets: PacketCache::default(),
            pending: Pending::default(),
        }
    }

    /// Builds every brief over the notes of `window` days (`--window`),
    /// over brief.yaml's `window_days`.
    pub fn with_window(mut self, window: Option<u32>) -> Engine {
        self.asked.window = window;
        self
    }

    /// Brings the cache up to date with `changed`, then renders and writes
    /// what became stale, unless the workspace has errors.
    pub fn update(&mut self, changed: &Changed, out: &OutputDir) -> Result<Report, EngineError> {
        let mut report = Report::default();
        let mut rescan = false;
        let mut config_changed = false;
        let mut templates_changed = false;
        let mut note_paths = Vec::new();
        let mut gone_folders = Vec::new();
        match changed {
            Changed::Everything => {
                rescan = true;
                config_changed = true;
                templates_changed = true;
            }
            Changed::Paths(paths) => {
                for path in paths {
                    let relative = path.strip_prefix(&self.root).unwrap_or(path);
                    if relative == Path::new(CONFIG_FILE) {
                        config_changed = true;
                    } else if relative.starts_with(TEMPLATES_DIR) {
                        templates_changed = true;
                    } else if relative.starts_with(NOTES_DIR) && is_plain(relative) {
                        let full = self.root.join(relative);
                        if full.is_dir() {
                            // A folder created or renamed into place.
                            rescan = true;
                        } else if relative.extension().is_some_and(|e| e == "md") {
                            note_paths.push(relative.to_path_buf());
                        } else if !full.exists() {
                            // A folder removed or renamed away (or an
                            // editor's temporary file, gone after saving).
                            gone_folders.push(relative.to_path_buf());
                        }
                    }
                }
            }
        }
        if config_changed && self.reload_config() {
            // Notes are validated against the config (aliases, default
            // marking): every one must be checked again.
            self.files.clear();
            self.notes.clear();
            rescan = true;
            self.pending.all = true;
        }
        if templates_changed {
            self.reload_templates();
            self.pending.all = true;
        }
        let mut touched = BTreeSet::new();
        if self.config.is_some() {
            let files = if rescan {
                let (files, walk) = workspace::discover_notes(&self.root);
                self.walk_diagnostics = walk;
                let present: BTreeSet<&PathBuf> = files.iter().map(|f| &f.path).collect();
                let gone: Vec<PathBuf> = self
                    .files
                    .keys()
                    .filter(|p| !present.contains(p))
                    .cloned()
                    .collect();
                for path in gone {
                    self.forget(&path, &mut touched);
                }
                files
            } else {
                let gone: Vec<PathBuf> = self
                    .files
                    .keys()
                    .filter(|p| gone_folders.iter().any(|folder| p.starts_with(folder)))
                    .cloned()
                    .collect();
                for path in gone {
                    self.forget(&path, &mut touched);
                }
                let mut files = Vec::new();
                for path in note_paths {
                    if self.root.join(&path).is_file() {
                        files.push(crate::workspace::note_file_at(path));
                    } else {
                        self.forget(&path, &mut touched);
                    }
                }
                files
            };
            report.parsed = self.refresh(files, &mut touched);
        }
        let Some(config) = &self.config else {
            report.diagnostics = self.config_diagnostics.clone();
            report.blocked = true;
            return Ok(report);
        };
        if self.pending.all {
            touched.extend(self.notes.iter().map(|n| n.brief.clone()));
            touched.extend(self.briefs.keys().cloned());
        }
        // Re-aggregate the touched briefs, in parallel; tradecraft's
        // disjoint estimates are per brief too.
        let notes = &self.notes;
        let asked = self.asked;
        let aggregated: Vec<(String, Option<Aggregated>, Vec<Diagnostic>)> = touched
            .par_iter()
            .map(|slug| {
                let of_brief: Vec<&Note> = notes.iter().filter(|n| &n.brief == slug).collect();
                let mut estimates = crate::lint::disjoint_estimates(of_brief.iter().copied());
                estimates.extend(crate::lint::indicator_warnings(of_brief.iter().copied()));
                (
                    slug.clone(),
                    pipeline::brief(
                        slug,
                        &of_brief,
                        config,
                        asked.for_brief(config, slug, None),
                        "",
                    ),
                    estimates,
                )
            })
            .collect();
        for (slug, result, estimates) in aggregated {
            match result {
                Some(result) => self.briefs.insert(slug.clone(), result),
                None => self.briefs.remove(&slug),
            };
            if estimates.is_empty() {
                self.estimates.remove(&slug);
            } else {
                self.estimates.insert(slug.clone(), estimates);
            }
            self.pending.briefs.insert(slug);
        }
        // Names are compared across the whole workspace: cheap enough to redo.
        self.names = crate::lint::misspelt_names(notes, config);
        if let Some(text) = &self.config_text {
            let folders = brief_folders(self.files.keys());
            self.packet_errors = crate::load::packet_briefs_named(config, text, notes, &folders);
        }
        let refreshed = self
            .packets
            .refresh(config, notes, &touched, self.pending.all, self.asked);
        self.pending.packets.extend(refreshed);

        let shown_warnings = match changed {
            Changed::Everything => None,
            Changed::Paths(paths) => Some(
                paths
                    .iter()
                    .map(|p| p.strip_prefix(&self.root).unwrap_or(p))
                    .collect::<Vec<&Path>>(),
            ),
        };
        report.diagnostics = self.diagnostics(shown_warnings.as_deref());
        report.blocked = report.diagnostics.iter().any(Diagnostic::is_error);
        if report.blocked || self.pending.is_empty() {
            return Ok(report);
        }
        let rendered = self.render_missing_sections(config)?;
        self.packets.sections.extend(rendered);
        self.render_pending(config, out, &mut report)?;
        self.pending = Pending::default();
        Ok(report)
    }

    /// Every brief currently aggregated (for tests and messages).
    pub fn brief_count(&self) -> usize {
        self.briefs.len()
    }

    /// Every packet currently assembled (for tests and messages).
    pub fn packet_count(&self) -> usize {
        self.packets.assembled.len()
    }

    /// Re-reads brief.yaml; true when its text changed.
    fn reload_config(&mut self) -> bool {
        let text = match workspace::read_config(&self.root) {
            Ok(text) => text,
            Err(error) => {
                // Mid-save (renamed away) or unreadable: report and wait.
                let message = match &error {
                    workspace::WorkspaceError::Read { source, .. } => {
                        format!("could not read: {source}")
                    }
                    other => other.to_string(),
                };
                self.config = None;
                self.config_hash = None;
                self.config_diagnostics = vec![Diagnostic::error(Code::Io, CONFIG_FILE, message)];
                return true;
            }
        };
        let hash = hash_of(&text);
        if self.config_hash == Some(hash) {
            return false;
        }
        let loaded = config::parse(Path::new(CONFIG_FILE), &text);
        self.config_text = Some(std::sync::Arc::clone(&text));
        self.config_hash = Some(hash);
        self.config = loaded.config;
        self.config_diagnostics = loaded.diagnostics;
        true
    }

    fn reload_templates(&mut self) {
        self.templates = None;
        self.template_diagnostics.clear();
        match pipeline::load_templates(&self.root, &self.settings) {
            Ok(templates) => self.templates = templates,
            Err(TemplatesFailed::Invalid(diagnostics)) => self.template_diagnostics = diagnostics,
            Err(TemplatesFailed::Read(error)) => {
                self.template_diagnostics = vec![Diagnostic::error(
                    Code::Io,
                    TEMPLATES_DIR,
                    format!("{error:#}"),
                )];
            }
        }
    }

    /// Drops a note that no longer exists.
    fn forget(&mut self, path: &Path, touched: &mut BTreeSet<String>) {
        if let Some(entry) = self.files.remove(path) {
            touched.extend(entry.brief);
        }
        if let Ok(at) = self.notes.binary_search_by(|n| n.path.as_path().cmp(path)) {
            self.notes.remove(at);
        }
    }

    /// Reads `files`, parses those whose text changed (in parallel), and
    /// records the briefs they belonged to before and after. Returns how
    /// many were parsed.
    fn refresh(&mut self, files: Vec<NoteFile>, touched: &mut BTreeSet<String>) -> usize {
        let Some(config) = &self.config else {
            return 0;
        };
        let root = &self.root;
        let cached = &self.files;
        let checker = note::Checker::with_fonts(config, &self.fonts);
        let checked: Vec<(NoteFile, u64, note::Checked)> = files
            .into_par_iter()
            .filter_map(|file| {
                let text = workspace::read_note(root, &file);
                let hash = match &text {
                    NoteText::Text(text) => hash_of(text),
                    NoteText::Unreadable(d) => hash_of(&d.message),
                };
                if cached.get(&file.path).is_some_and(|e| e.hash == hash) {
                    return None;
                }
                let result = crate::load::check_note(&checker, root, &file, text);
                Some((file, hash, result))
            })
            .collect();
        let parsed = checked.len();
        for (file, hash, result) in checked {
            let before = self.files.get(&file.path).and_then(|e| e.brief.clone());
            let at = self
                .notes
                .binary_search_by(|n| n.path.as_path().cmp(&file.path));
            let after = result.note.as_ref().map(|n| n.brief.clone());
            match (at, result.note) {
                (Ok(at), Some(note)) => self.notes[at] = note,
                (Ok(at), None) => {
                    self.notes.remove(at);
                }
                (Err(at), Some(note)) => self.notes.insert(at, note),
                (Err(_), None) => {}
            }
            touched.extend(before);
            touched.extend(after.clone());
            self.files.insert(
                file.path,
                FileEntry {
                    hash,
                    diagnostics: result.diagnostics,
                    brief: after,
                },
            );
        }
        parsed
    }

    /// Every error, and the warnings about `paths` (all, when `None`).
    fn diagnostics(&self, paths: Option<&[&Path]>) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = self
            .config_diagnostics
            .iter()
            .chain(&self.walk_diagnostics)
            .chain(&self.font_diagnostics)
            .chain(&self.template_diagnostics)
            .chain(self.files.values().flat_map(|e| &e.diagnostics))
            .chain(self.estimates.values().flatten())
            .chain(&self.names)
            .chain(&self.packet_errors)
            .chain(self.briefs.values().flat_map(|a| &a.diagnostics))
            .chain(self.packets.assembled.values().flat_map(|a| &a.diagnostics))
            .cloned()
            .collect();
        match &self.config {
            Some(config) => crate::policy::apply(&mut all, config),
            None => crate::policy::once(&mut all),
        }
        all.retain(|d| d.is_error() || paths.is_none_or(|paths| paths.contains(&d.path.as_path())));
        all
    }

    /// The HTML sections of pending packets' briefs that are not cached.
    fn render_missing_sections(
        &self,
        config: &Config,
    ) -> Result<Vec<(MemberKey, String)>, EngineError> {
        let Some(templates) = self
            .templates
            .as_ref()
            .filter(|_| self.settings.wants(Format::Html))
        else {
            return Ok(Vec::new());
        };
        let pending = &self.pending;
        let missing: Vec<(MemberKey, &Brief)> = self
            .packets
            .assembled
            .iter()
            .filter(|(name, _)| pending.all || pending.packets.contains(*name))
            .flat_map(|(name, assembled)| {
                assembled
                    .packet
                    .briefs
                    .iter()
                    .map(move |brief| ((name.clone(), brief.slug.clone()), &**brief))
            })
            .filter(|(key, _)| !self.packets.sections.contains_key(key))
            .collect();
        let site = Outputs::context(config, &self.settings, None, None, &self.fonts).html_site();
        missing
            .into_par_iter()
            .map(|(key, brief)| {
                html::render_packet_section(templates, brief, &site)
                    .map(|section| (key, section))
                    .map_err(|e| EngineError::Template(e.diagnostics))
            })
            .collect()
    }

    /// Renders what is pending (in parallel), writes it, and clears it.
    fn render_pending(
        &self,
        config: &Config,
        out: &OutputDir,
        report: &mut Report,
    ) -> Result<(), EngineError> {
        let pending = &self.pending;
        let briefs: Vec<&Brief> = self
            .briefs
            .iter()
            .filter(|(slug, _)| pending.all || pending.briefs.contains(*slug))
            .map(|(_, a)| &a.brief)
            .collect();
        let packets: Vec<&Packet> = self
            .packets
            .assembled
            .iter()
            .filter(|(name, _)| pending.all || pending.packets.contains(*name))
            .map(|(_, a)| &a.packet)
            .collect();
        let outputs = Outputs {
            context: Outputs::context(
                config,
                &self.settings,
                self.templates.as_ref(),
                Some(&self.packets.sections),
                &self.fonts,
            ),
            settings: &self.settings,
            out,
        };
        let mut files: Vec<OutputFile> =
            outputs.all(&briefs, &packets, &crate::progress::Progress::hidden())?;
        let all_briefs: Vec<&Brief> = self.briefs.values().map(|a| &a.brief).collect();
        let all_packets: Vec<&Packet> = config
            .packets
            .keys()
            .filter_map(|name| self.packets.assembled.get(name).map(|a| &a.packet))
            .collect();
        files.extend(outputs.index(&all_briefs, &all_packets)?);
        let (names, staged): (Vec<String>, Vec<_>) = files.into_iter().unzip();
        let (_, superseded) = OutputDir::commit_keeping_old(staged)?;
        report.superseded = Some(superseded);
        report.briefs = briefs.len();
        report.packets = packets.len();
        report.written = names;
        Ok(())
    }
}

fn hash_of(text: &str) -> u64 {
    // SipHash with fixed keys: stable within a run, which is all a cache needs.
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Only plain names: no `..`, no hidden files (editors' temporaries).
fn is_plain(relative: &Path) -> bool {
    relative.components().all(|c| match c {
        Component::Normal(name) => !name.to_string_lossy().starts_with('.'),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    /// A workspace with two briefs and a packet holding one of them.
    fn workspace() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(
            root.join(CONFIG_FILE),
            "title: T\npackets:\n  green: { audience: TLP:GREEN, briefs: [talks] }\n",
        )
        .unwrap();
        for (brief, name) in [("talks", "a"), ("talks", "b"), ("shipping", "c")] {
            write_note(root, brief, name, "first");
        }
        dir
    }

    fn write_note(root: &Path, brief: &str, name: &str, title: &str) {
        let folder = root.join(NOTES_DIR).join(brief);
        fs::create_dir_all(&folder).unwrap();
        fs::write(
            folder.join(format!("{name}.md")),
            format!(
                "---\ntitle: {title}\ndate: 2026-11-20\nactors:\n  - name: Iran\n    leverage: 1\n    stakes: 2\n---\nBody.\n"
            ),
        )
        .unwrap();
    }

    fn engine(root: &Path) -> (Engine, OutputDir) {
        let settings = Settings {
            formats: vec![Format::Html, Format::Json],
            source_date_epoch: Some(0),
            pdf_standard: None,
        };
        let out = OutputDir::prepare_quietly(root, &root.join("out")).unwrap();
        (Engine::new(root, settings), out)
    }

    fn changed(paths: &[&str]) -> Changed {
        Changed::Paths(paths.iter().map(PathBuf::from).collect())
    }

    #[test]
    fn the_first_update_builds_everything() {
        let dir = workspace();
        let (mut engine, out) = engine(dir.path());
        let report = engine.update(&Changed::Everything, &out).unwrap();
        assert!(!report.blocked, "{:?}", report.diagnostics);
        assert_eq!((report.parsed, report.briefs, report.packets), (3, 2, 1));
        assert!(report.written.contains(&"index.html".to_owned()));
    }

    #[test]
    fn an_edit_rebuilds_only_its_brief_and_the_packets_holding_it() {
        let dir = workspace();
        let (mut engine, out) = engine(dir.path());
        engine.update(&Changed::Everything, &out).unwrap();
        write_note(dir.path(), "shipping", "c", "edited");
        let report = engine
            .update(&changed(&["briefs/shipping/c.md"]), &out)
            .unwrap();
        assert_eq!((report.parsed, report.briefs, report.packets), (1, 1, 0));
        assert_eq!(
            report.written,
            ["shipping.html", "shipping.json", "index.html"]
        );
        write_note(dir.path(), "talks", "a", "edited");
        let report = engine
            .update(&changed(&["briefs/talks/a.md"]), &out)
            .unwrap();
        assert_eq!((report.briefs, report.packets), (1, 1), "green holds talks");
    }

    #[test]
    fn a_save_with_the_same_text_parses_nothing() {
        let dir = workspace();
        let (mut engine, out) = engine(dir.path());
        engine.update(&Changed::Everything, &out).unwrap();
        let report = engine
            .update(&changed(&["briefs/talks/a.md"]), &out)
            .unwrap();
        assert_eq!((report.parsed, report.briefs), (0, 0));
        assert!(report.written.is_empty());
    }

    #[test]
    fn brief_yaml_or_a_template_changing_rebuilds_everything() {
        let dir = workspace();
        let (mut engine, out) = engine(dir.path());
        engine.update(&Changed::Everything, &out).unwrap();
        let config = dir.path().join(CONFIG_FILE);
        let text = fs::read_to_string(&config).unwrap();
        fs::write(&config, text.replace("title: T", "title: Retitled")).unwrap();
        let report = engine.update(&changed(&[CONFIG_FILE]), &out).unwrap();
        assert_eq!((report.parsed, report.briefs, report.packets), (3, 2, 1));
        fs::create_dir_all(dir.path().join(TEMPLATES_DIR)).unwrap();
        let report = engine
            .update(&changed(&["templates/brief.html"]), &out)
            .unwrap();
        assert_eq!((report.parsed, report.briefs, report.packets), (0, 2, 1));
    }

    #[test]
    fn an_invalid_note_blocks_writing_until_it_is_fixed() {
        let dir = workspace();
        let (mut engine, out) = engine(dir.path());
        engine.update(&Changed::Everything, &out).unwrap();
        let path = dir.path().join("briefs/talks/b.md");
        fs::write(&path, "---\ntitle: T\n---\n").unwrap();
        let report = engine
            .update(&changed(&["briefs/talks/b.md"]), &out)
            .unwrap();
        assert!(report.blocked);
        assert!(report.written.is_empty());
        write_note(dir.path(), "talks", "b", "fixed");
        let report = engine
            .update(&changed(&["briefs/talks/b.md"]), &out)
            .unwrap();
        assert!(!report.blocked);
        assert!(report.written.contains(&"talks.html".to_owned()));
    }

    #[test]
    fn a_deleted_note_leaves_its_brief() {
        let dir = workspace();
        let (mut engine, out) = engine(dir.path());
        engine.update(&Changed::Everything, &out).unwrap();
        fs::remove_file(dir.path().join("briefs/shipping/c.md")).unwrap();
        engine
            .update(&changed(&["briefs/shipping/c.md"]), &out)
            .unwrap();
        assert_eq!(engine.brief_count(), 1, "shipping had only c.md");
    }

    #[test]
    fn a_packet_entry_naming_no_brief_is_an_error_in_serve_too() {
        let dir = workspace();
        let config = dir.path().join(CONFIG_FILE);
        let text = fs::read_to_string(&config).unwrap();
        fs::write(&config, text.replace("briefs: [talks]", "briefs: [talk]")).unwrap();
        let (mut engine, out) = engine(dir.path());
        let report = engine.update(&Changed::Everything, &out).unwrap();
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert!(codes.contains(&"unknown-brief"), "{codes:?}");
        assert!(
            !codes.contains(&"empty-packet-brief"),
            "not shown as withheld: {codes:?}"
        );
    }
}
