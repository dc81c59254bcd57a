//! One workspace as the server holds it: brief.yaml, every note file with
//! what checking it found, and the checks across notes. A note the editor
//! changes is checked again through `load::check_note`, the one door for
//! a note; the checks across notes then run again — those within a brief
//! over the notes of the briefs that changed, the others over every valid
//! note — so a misspelt name or a disjoint estimate appears (or goes) in
//! the other notes it concerns too.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Config};
use crate::diag::{Code, Diagnostic};
use crate::load::{self, Linting};
use crate::note::{self, Note, NoteFile};
use crate::progress::Progress;
use crate::typefaces::WorkspaceFonts;
use crate::workspace::{self, CONFIG_FILE, MAX_NOTE_BYTES, NOTES_DIR, NoteText, WorkspaceError};

/// Notes checked between two looks at whether the work is still wanted.
const CHUNK: usize = 512;

/// A workspace: its config, its notes, their diagnostics.
#[derive(Debug)]
pub(crate) struct Project {
    /// The folder holding brief.yaml.
    pub root: PathBuf,
    /// brief.yaml's text: the editor's while it is open, else the file's.
    pub config_text: Arc<str>,
    /// brief.yaml read, with its own diagnostics.
    pub config: config::Loaded,
    /// Problems of the walk and of `fonts/`.
    workspace_diagnostics: Vec<Diagnostic>,
    fonts: WorkspaceFonts,
    /// Every note file, by path relative to the root, with its own diagnostics.
    files: BTreeMap<PathBuf, (NoteFile, Vec<Diagnostic>)>,
    /// The valid notes, sorted by path.
    pub notes: Vec<Note>,
    /// The diagnostics of the checks within one brief, by brief.
    within_briefs: BTreeMap<String, Vec<Diagnostic>>,
    /// The briefs whose checks within must run again; `None`: all of them.
    stale_briefs: Option<BTreeSet<String>>,
    /// The diagnostics of all the checks across notes, by path.
    across: BTreeMap<PathBuf, Vec<Diagnostic>>,
    /// Valid notes read at start-up and not linted yet, their bodies not
    /// split: their warnings are only shown once the note is opened, and
    /// nothing the server tells needs a body, so start-up leaves both.
    unlinted: BTreeSet<PathBuf>,
}

impl Project {
    /// Reads the workspace at `root` and checks everything once.
    pub(crate) fn load(root: &Path) -> Result<Project, WorkspaceError> {
        let checkout = load::checkout_linting(root, &Progress::hidden(), Linting::Later)?;
        let mut project = Project {
            root: root.to_path_buf(),
            config_text: checkout.config_text,
            config: checkout.config,
            workspace_diagnostics: checkout.workspace_diagnostics,
            fonts: checkout.fonts,
            files: BTreeMap::new(),
            notes: Vec::new(),
            within_briefs: BTreeMap::new(),
            stale_briefs: None,
            across: BTreeMap::new(),
            unlinted: BTreeSet::new(),
        };
        // The walk lists files sorted by path, so the map below is built in
        // one pass and the notes need no sorting: comparing paths component
        // by component was a tenth of start-up on 10,000 notes.
        let mut files = Vec::with_capacity(checkout.notes.len());
        let mut unlinted = Vec::with_capacity(checkout.notes.len());
        for (file, checked) in checkout.notes {
            if let Some(note) = checked.note {
                unlinted.push(file.path.clone());
                project.notes.push(note);
            }
            files.push((file.path.clone(), (file, checked.diagnostics)));
        }
        project.files = files.into_iter().collect();
        project.unlinted = unlinted.into_iter().collect();
        if !project.notes.is_sorted_by(|a, b| a.path <= b.path) {
            project.notes.sort_by(|a, b| a.path.cmp(&b.path));
        }
        project.refresh_across();
        Ok(project)
    }

    /// What checking note `relative` alone finds in the editor's `text`,
    /// against brief.yaml on disk: told while the workspace at `root` is
    /// still being read. Tradecraft and font warnings and the checks
    /// across notes come with the workspace.
    pub(crate) fn provisional(root: &Path, relative: &Path, text: &str) -> Vec<Diagnostic> {
        let Ok(config_text) = workspace::read_config(root) else {
            return Vec::new();
        };
        let loaded = config::parse(Path::new(CONFIG_FILE), &config_text);
        let config = loaded.config.unwrap_or_else(load::fallback_config);
        let checker = note::Checker::new(&config).leaving_bodies();
        let file = workspace::note_file_at(relative.to_path_buf());
        let text = Project::note_text(relative, text);
        let mut diagnostics = load::check_note_unlinted(&checker, root, &file, text).diagnostics;
        crate::policy::apply(&mut diagnostics, &config);
        diagnostics
    }

    /// brief.yaml's config, when it is valid.
    pub(crate) fn config(&self) -> Option<&Config> {
        self.config.config.as_ref()
    }

    /// `path` relative to the root, when it lies inside the workspace
    /// (compared as written: the editor's path, not resolved links).
    pub(crate) fn relative(&self, path: &Path) -> Option<PathBuf> {
        let inside = path.strip_prefix(&self.root).ok()?;
        (!inside.as_os_str().is_empty()).then(|| inside.to_path_buf())
    }

    /// Whether `relative` names brief.yaml.
    pub(crate) fn is_config(relative: &Path) -> bool {
        relative == Path::new(CONFIG_FILE)
    }

    /// Whether `relative` is where a note lives: `briefs/**/*.md`, no
    /// hidden folder on the way (the walk never reads those).
    pub(crate) fn is_note_path(relative: &Path) -> bool {
        relative.starts_with(NOTES_DIR)
            && relative.extension().is_some_and(|e| e == "md")
            && !relative
                .components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    }

    /// The valid note at `relative`.
    pub(crate) fn note(&self, relative: &Path) -> Option<&Note> {
        let at = self
            .notes
            .binary_search_by(|n| n.path.as_path().cmp(relative))
            .ok()?;
        self.notes.get(at)
    }

    /// The editor's text of note `relative`, checked as `check` would read
    /// the file: refused when too large, binary or not text.
    pub(crate) fn note_text(relative: &Path, text: &str) -> NoteText {
        if text.len() as u64 > MAX_NOTE_BYTES {
            return NoteText::Unreadable(
                Diagnostic::error(
                    Code::TooLarge,
                    relative,
                    format!(
                        "the note is {} bytes, larger than the {} MiB limit",
                        text.len(),
                        MAX_NOTE_BYTES / (1024 * 1024)
                    ),
                )
                .with_help("split it into several notes, one development each"),
            );
        }
        workspace::decode_text(relative.to_path_buf(), text.as_bytes().to_vec())
    }

    /// Whether `text` is what the valid note `relative` was checked from
    /// (a note opened as it is on disk): checking it again would change
    /// nothing, here or across notes.
    pub(crate) fn holds(&self, relative: &Path, text: &str) -> bool {
        self.notes
            .binary_search_by(|n| n.path.as_path().cmp(relative))
            .is_ok_and(|at| &*self.notes[at].text == text)
    }

    /// Checks note `relative` from `text` (the editor's, or the file's)
    /// and puts the result in place of what was known of it.
    pub(crate) fn set_note(&mut self, relative: &Path, text: NoteText) {
        let file = workspace::note_file_at(relative.to_path_buf());
        let config = self.config_for_notes();
        let checker = note::Checker::with_fonts(&config, &self.fonts);
        let checked = load::check_note(&checker, &self.root, &file, text);
        drop(checker);
        drop(config);
        self.replace(file, checked);
    }

    /// Reads note `relative` from disk again (the editor closed it, or
    /// saved it); forgets it when the file is gone.
    pub(crate) fn reread_note(&mut self, relative: &Path) {
        let full = self.root.join(relative);
        if !full.is_file() {
            self.files.remove(relative);
            if let Ok(at) = self
                .notes
                .binary_search_by(|n| n.path.as_path().cmp(relative))
            {
                let gone = self.notes.remove(at);
                if let Some(stale) = &mut self.stale_briefs {
                    stale.insert(gone.brief);
                }
            }
            return;
        }
        let file = workspace::note_file_at(relative.to_path_buf());
        let text = workspace::read_note(&self.root, &file);
        self.set_note(relative, text);
    }

    /// Lints note `relative` if start-up left it unlinted (it is being
    /// opened).
    pub(crate) fn lint_if_needed(&mut self, relative: &Path) {
        if !self.unlinted.remove(relative) {
            return;
        }
        let Ok(at) = self
            .notes
            .binary_search_by(|n| n.path.as_path().cmp(relative))
        else {
            return;
        };
        self.notes[at].split_body();
        let config = self.config_for_notes();
        let checker = note::Checker::with_fonts(&config, &self.fonts);
        let warnings = load::lint_note(&checker, &self.notes[at]);
        drop(checker);
        drop(config);
        if let Some((_, own)) = self.files.get_mut(relative) {
            own.extend(warnings);
            Diagnostic::sort(own);
        }
    }

    fn replace(&mut self, file: NoteFile, checked: note::Checked) {
        self.unlinted.remove(&file.path);
        let found = self
            .notes
            .binary_search_by(|n| n.path.as_path().cmp(&file.path));
        // The brief the note leaves and the one it joins.
        let old_brief = found.ok().map(|at| self.notes[at].brief.clone());
        let new_brief = checked.note.as_ref().map(|note| note.brief.clone());
        if let Some(stale) = &mut self.stale_briefs {
            stale.extend(old_brief.into_iter().chain(new_brief));
        }
        match (found, checked.note) {
            (Ok(at), Some(note)) => self.notes[at] = note,
            (Ok(at), None) => {
                self.notes.remove(at);
            }
            (Err(at), Some(note)) => self.notes.insert(at, note),
            (Err(_), None) => {}
        }
        self.files
            .insert(file.path.clone(), (file, checked.diagnostics));
    }

    /// Reads brief.yaml from `text` and checks every note against it
    /// again: open notes from `open` (path → the editor's text), the others
    /// from disk. Gives up, changing nothing, as soon as `stale` says a
    /// newer change is waiting; returns whether it finished.
    pub(crate) fn set_config(
        &mut self,
        text: Arc<str>,
        open: &BTreeMap<PathBuf, Arc<str>>,
        stale: &(dyn Fn() -> bool + Sync),
    ) -> bool {
        let loaded = config::parse(Path::new(CONFIG_FILE), &text);
        let config = loaded.config.clone().unwrap_or_else(load::fallback_config);
        let checker = note::Checker::with_fonts(&config, &self.fonts);
        let files: Vec<&NoteFile> = self.files.values().map(|(file, _)| file).collect();
        let mut checked = Vec::with_capacity(files.len());
        for chunk in files.chunks(CHUNK) {
            if stale() {
                return false;
            }
            checked.par_extend(chunk.par_iter().map(|file| {
                let text = match open.get(&file.path) {
                    Some(text) => Project::note_text(&file.path, text),
                    None => workspace::read_note(&self.root, file),
                };
                (
                    (*file).clone(),
                    load::check_note(&checker, &self.root, file, text),
                )
            }));
        }
        drop(checker);
        self.config_text = text;
        self.config = loaded;
        self.notes.clear();
        self.unlinted.clear();
        for (file, result) in checked {
            self.notes.extend(result.note);
            self.files
                .insert(file.path.clone(), (file, result.diagnostics));
        }
        self.notes.sort_by(|a, b| a.path.cmp(&b.path));
        self.stale_briefs = None;
        true
    }

    fn config_for_notes(&self) -> std::borrow::Cow<'_, Config> {
        match &self.config.config {
            Some(config) => std::borrow::Cow::Borrowed(config),
            None => std::borrow::Cow::Owned(load::fallback_config()),
        }
    }

    /// Runs the checks across notes again: those within a brief for the
    /// briefs whose notes changed since, the others over every valid note.
    /// An edit of one note in 10,000 thus checks one brief's notes, not all.
    pub(crate) fn refresh_across(&mut self) {
        let stale = match self.stale_briefs.replace(BTreeSet::new()) {
            Some(stale) => stale,
            None => {
                self.within_briefs.clear();
                self.notes.iter().map(|note| note.brief.clone()).collect()
            }
        };
        let mut by_brief: BTreeMap<&str, Vec<&Note>> = stale
            .iter()
            .map(|brief| (brief.as_str(), Vec::new()))
            .collect();
        for note in &self.notes {
            if let Some(notes) = by_brief.get_mut(note.brief.as_str()) {
                notes.push(note);
            }
        }
        for (brief, notes) in by_brief {
            let found = load::within_briefs(notes.iter().copied());
            match found.is_empty() {
                true => self.within_briefs.remove(brief),
                false => self.within_briefs.insert(brief.to_owned(), found),
            };
        }
        let folders = load::note_folders(self.files.values().map(|(file, _)| file));
        let workspace =
            load::across_workspace(&self.notes, self.config(), &self.config_text, &folders);
        self.across.clear();
        let within = self.within_briefs.values().flatten().cloned();
        for diagnostic in within.chain(workspace) {
            self.across
                .entry(diagnostic.path.clone())
                .or_default()
                .push(diagnostic);
        }
    }

    /// Everything `check` would report for the file at `relative`, after
    /// the `lints:` policy; brief.yaml carries the workspace's own problems
    /// (the walk, the fonts) besides its own.
    pub(crate) fn diagnostics_for(&self, relative: &Path) -> Vec<Diagnostic> {
        let mut diagnostics: Vec<Diagnostic> = self
            .workspace_diagnostics
            .iter()
            .filter(|d| d.path.as_path() == relative)
            .cloned()
            .collect();
        if Project::is_config(relative) {
            diagnostics.extend(self.config.diagnostics.iter().cloned());
            // A file no editor opens (a font, a link loop) is reported
            // at brief.yaml's first line, naming the file.
            diagnostics.extend(
                self.workspace_diagnostics
                    .iter()
                    .filter(|d| d.path.as_path() != relative && d.source.is_none())
                    .map(|d| Diagnostic {
                        message: format!("{}: {}", d.path.display(), d.message),
                        ..d.clone()
                    }),
            );
        }
        if let Some((_, own)) = self.files.get(relative) {
            diagnostics.extend(own.iter().cloned());
        }
        diagnostics.extend(self.across.get(relative).into_iter().flatten().cloned());
        match self.config() {
            Some(config) => crate::policy::apply(&mut diagnostics, config),
            None => crate::policy::once(&mut diagnostics),
        }
        diagnostics
    }

    /// Every brief slug the workspace knows: brief.yaml's `briefs:`, the
    /// folders under `briefs/`, and the notes' `brief:`.
    pub(crate) fn brief_slugs(&self) -> Vec<String> {
        let mut slugs: Vec<String> = load::note_folders(self.files.values().map(|(f, _)| f));
        slugs.extend(self.notes.iter().map(|n| n.brief.clone()));
        if let Some(config) = self.config() {
            slugs.extend(config.briefs.keys().cloned());
        }
        slugs.sort_unstable();
        slugs.dedup();
        slugs.retain(|slug| crate::names::is_slug(slug));
        slugs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_markdown_under_briefs_outside_hidden_folders() {
        assert!(Project::is_note_path(Path::new("briefs/a/n.md")));
        assert!(Project::is_note_path(Path::new("briefs/n.md")));
        assert!(!Project::is_note_path(Path::new("README.md")));
        assert!(!Project::is_note_path(Path::new("briefs/a/n.txt")));
        assert!(!Project::is_note_path(Path::new("briefs/.git/n.md")));
        assert!(Project::is_config(Path::new("brief.yaml")));
    }

    fn note(scenario_likelihood: &str, brief: &str) -> String {
        format!(
            "---\ntitle: Talks\ndate: 2026-11-05\nbrief: {brief}\nscenarios:\n  - name: Deal holds\n    likelihood: \"{scenario_likelihood}\"\n---\nThe talks resumed.\n"
        )
    }

    /// What the checks across notes report, in an order-free form.
    fn across_of(project: &Project) -> BTreeSet<(PathBuf, Code, String)> {
        project
            .across
            .values()
            .flatten()
            .map(|d| (d.path.clone(), d.code, d.message.clone()))
            .collect()
    }

    /// What running every check across notes from scratch reports.
    fn across_from_scratch(project: &Project) -> BTreeSet<(PathBuf, Code, String)> {
        let folders = load::note_folders(project.files.values().map(|(file, _)| file));
        load::across_notes(
            &project.notes,
            project.config(),
            &project.config_text,
            &folders,
        )
        .into_iter()
        .map(|d| (d.path, d.code, d.message))
        .collect()
    }

    #[test]
    fn an_edit_rechecks_the_briefs_it_touches_and_finds_what_a_full_check_finds() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(CONFIG_FILE), "title: Talks\n").unwrap();
        for folder in ["briefs/a", "briefs/b"] {
            std::fs::create_dir_all(root.join(folder)).unwrap();
        }
        let earlier = note("70%", "a").replace("2026-11-05", "2026-11-01");
        std::fs::write(root.join("briefs/a/2026-11-01-one.md"), earlier).unwrap();
        std::fs::write(root.join("briefs/a/2026-11-05-two.md"), note("70%", "a")).unwrap();
        std::fs::write(root.join("briefs/b/2026-11-01-other.md"), note("10%", "b")).unwrap();
        let mut project = Project::load(root).unwrap();
        let later = Path::new("briefs/a/2026-11-05-two.md");
        let jumps = |project: &Project| {
            project
                .diagnostics_for(later)
                .iter()
                .filter(|d| d.code == Code::ScenarioJump)
                .count()
        };
        assert_eq!(jumps(&project), 0);

        // The later estimate no longer overlaps the earlier one.
        project.set_note(later, Project::note_text(later, &note("10%", "a")));
        project.refresh_across();
        assert_eq!(jumps(&project), 1);
        assert_eq!(across_of(&project), across_from_scratch(&project));

        // The note moves to brief `b`, where the estimate agrees; `a` is
        // checked again too, so its warning goes.
        project.set_note(later, Project::note_text(later, &note("10%", "b")));
        project.refresh_across();
        assert_eq!(jumps(&project), 0);
        assert_eq!(across_of(&project), across_from_scratch(&project));

        // Back, then deleted from disk: the brief it left is checked again.
        project.set_note(later, Project::note_text(later, &note("10%", "a")));
        project.refresh_across();
        assert_eq!(jumps(&project), 1);
        std::fs::remove_file(root.join(later)).unwrap();
        project.reread_note(later);
        project.refresh_across();
        assert!(across_of(&project).is_empty(), "{:?}", across_of(&project));
        assert_eq!(across_of(&project), across_from_scratch(&project));
    }

    #[test]
    fn an_editor_text_too_large_or_binary_is_refused_like_a_file() {
        let path = Path::new("briefs/a/n.md");
        let NoteText::Unreadable(d) = Project::note_text(path, "---\ntitle: \0\n---\n") else {
            panic!("binary text was read");
        };
        assert_eq!(d.code, Code::Binary);
        let huge = "x".repeat(MAX_NOTE_BYTES as usize + 1);
        let NoteText::Unreadable(d) = Project::note_text(path, &huge) else {
            panic!("a huge text was read");
        };
        assert_eq!(d.code, Code::TooLarge);
    }
}
