//! Finding the workspace and its notes on disk (SPEC §1).
//!
//! With `write`, the only module that touches the file system. Walks are
//! sorted, hidden entries skipped, symlinks followed with loop detection,
//! and notes read with a size cap so no file can exhaust memory.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;
use walkdir::WalkDir;

use crate::diag::{Code, Diagnostic};
use crate::note::NoteFile;

/// The config file that marks a workspace.
pub const CONFIG_FILE: &str = "brief.yaml";
/// The folder of notes inside a workspace.
pub const NOTES_DIR: &str = "briefs";
/// A note larger than this is refused unread: no honest note comes close.
pub const MAX_NOTE_BYTES: u64 = 8 * 1024 * 1024;

/// Problems that stop the run before any note is read (exit 2).
#[derive(Debug, Error)]
pub enum WorkspaceError {
    #[error("could not find `{CONFIG_FILE}` in {start} or any parent directory")]
    NotFound { start: PathBuf },
    #[error("`{root}` has no `{CONFIG_FILE}`")]
    NoConfig { root: PathBuf },
    // The cause is the error source: `main` prints the chain (`{:#}`), so
    // naming it here too printed it twice.
    #[error("could not read {path}")]
    Read { path: PathBuf, source: io::Error },
}

/// Walks up from `start` to the first folder holding `brief.yaml`.
pub fn find_root(start: &Path) -> Result<PathBuf, WorkspaceError> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
        .ok_or_else(|| WorkspaceError::NotFound {
            start: start.to_path_buf(),
        })
}

/// Checks that an explicit `--root` is a workspace.
pub fn check_root(root: &Path) -> Result<PathBuf, WorkspaceError> {
    if root.join(CONFIG_FILE).is_file() {
        Ok(root.to_path_buf())
    } else {
        Err(WorkspaceError::NoConfig {
            root: root.to_path_buf(),
        })
    }
}

/// Reads brief.yaml (small, so no cap beyond the note cap).
pub fn read_config(root: &Path) -> Result<Arc<str>, WorkspaceError> {
    let path = root.join(CONFIG_FILE);
    let bytes = read_capped(&path).map_err(|source| WorkspaceError::Read {
        path: path.clone(),
        source,
    })?;
    match bytes {
        // Decoded strictly, like notes: a lossy decode would carry U+FFFD
        // into every title without a word.
        Capped::Whole(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Arc::from(text)),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.as_bytes();
                let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
                let byte = bytes.get(valid).copied().unwrap_or(0);
                Err(WorkspaceError::Read {
                    path,
                    source: io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!(
                            "line {line} is not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"
                        ),
                    ),
                })
            }
        },
        Capped::TooLarge(_) => Err(WorkspaceError::Read {
            path,
            source: io::Error::new(io::ErrorKind::InvalidData, "file is larger than 8 MiB"),
        }),
    }
}

/// Every `.md` file under `briefs/`, sorted by path, plus a diagnostic for
/// each entry that could not be walked (a symlink loop, say).
pub fn discover_notes(root: &Path) -> (Vec<NoteFile>, Vec<Diagnostic>) {
    let notes_dir = root.join(NOTES_DIR);
    let mut files = Vec::new();
    let mut diagnostics = Vec::new();
    if !notes_dir.is_dir() {
        return (files, diagnostics);
    }
    let walker = WalkDir::new(&notes_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_note = entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|ext| ext == "md");
                if is_note {
                    files.push(note_file(root, entry.path()));
                }
            }
            Err(error) => diagnostics.push(walk_error(root, &error)),
        }
    }
    files.sort();
    (files, diagnostics)
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn note_file(root: &Path, path: &Path) -> NoteFile {
    note_file_at(relative_to(root, path))
}

/// A note file from its path relative to the workspace root
/// (`briefs/<brief>/…`): the folder under `briefs/` names its brief.
pub fn note_file_at(relative: PathBuf) -> NoteFile {
    let mut components = relative.components().skip(1);
    let first = components.next();
    let is_nested = components.next().is_some();
    let folder = first
        .filter(|_| is_nested)
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    NoteFile {
        path: relative,
        folder,
    }
}

/// `path` relative to `root` when inside it (for messages), else as is.
pub fn relative_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

fn walk_error(root: &Path, error: &walkdir::Error) -> Diagnostic {
    let path = error
        .path()
        .map_or_else(|| PathBuf::from(NOTES_DIR), |p| relative_to(root, p));
    if let Some(ancestor) = error.loop_ancestor() {
        let target = relative_to(root, ancestor);
        return Diagnostic::error(
            Code::SymlinkLoop,
            path,
            format!(
                "symbolic link loops back to `{}`; not followed",
                target.display()
            ),
        )
        .with_help("remove the link, or point it outside its own parent folders");
    }
    // walkdir follows links, so a link to nothing reads as "not found".
    if let Some(full) = error.path()
        && full.is_symlink()
        && !full.exists()
    {
        let target = fs::read_link(full).unwrap_or_default();
        return Diagnostic::error(
            Code::Io,
            path,
            format!(
                "broken symbolic link: `{}` does not exist",
                target.display()
            ),
        )
        .with_help("remove the link, or restore what it points to");
    }
    let cause = error
        .io_error()
        .map_or_else(|| error.to_string(), ToString::to_string);
    Diagnostic::error(Code::Io, path, format!("could not read: {cause}"))
}

/// What came of reading a note file.
#[derive(Debug)]
pub enum NoteText {
    Text(Arc<str>),
    /// The file cannot be a note; the diagnostic says why.
    Unreadable(Diagnostic),
}

/// Reads a note, refusing files that are too large, binary or not UTF-8.
pub fn read_note(root: &Path, file: &NoteFile) -> NoteText {
    let full = root.join(&file.path);
    let path = file.path.clone();
    let bytes = match read_capped(&full) {
        Ok(Capped::Whole(bytes)) => bytes,
        Ok(Capped::TooLarge(size)) => {
            return NoteText::Unreadable(
                Diagnostic::error(
                    Code::TooLarge,
                    path,
                    format!(
                        "the note is {}, larger than the {} limit",
                        human_size(size),
                        human_size(MAX_NOTE_BYTES)
                    ),
                )
                .with_help("split it into several notes, one development each"),
            );
        }
        Err(error) => {
            return NoteText::Unreadable(Diagnostic::error(
                Code::Io,
                path,
                format!("could not read the note: {error}"),
            ));
        }
    };
    decode_text(path, bytes)
}

/// Bytes into text, with a positioned diagnostic for binary or non-UTF-8 files.
pub fn decode_text(path: PathBuf, bytes: Vec<u8>) -> NoteText {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let text: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes[..nul]).as_ref());
        let at = text.len();
        return NoteText::Unreadable(
            Diagnostic::error(
                Code::Binary,
                path,
                "this is a binary file, not a markdown note",
            )
            .at(&text, at..at)
            .with_help("notes are UTF-8 text; move other files out of `briefs/`"),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => NoteText::Text(Arc::from(text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let byte = bytes.get(valid).copied().unwrap_or(0);
            let text: Arc<str> = Arc::from(String::from_utf8_lossy(&bytes).as_ref());
            NoteText::Unreadable(
                Diagnostic::error(
                    Code::NotUtf8,
                    path,
                    format!("the note is not valid UTF-8 (byte 0x{byte:02X})"),
                )
                .at(&text, valid..valid)
                .with_help("save the file as UTF-8 (it may be Latin-1 or Windows-1252)"),
            )
        }
    }
}

enum Capped {
    Whole(Vec<u8>),
    TooLarge(u64),
}

/// Reads at most `MAX_NOTE_BYTES`; a longer file is reported, not loaded.
fn read_capped(path: &Path) -> io::Result<Capped> {
    let file = File::open(path)?;
    let declared = file.metadata().map(|m| m.len()).unwrap_or(0);
    if declared > MAX_NOTE_BYTES {
        return Ok(Capped::TooLarge(declared));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    // `take` guards files whose size is not what metadata said (pipes, growing files).
    file.take(MAX_NOTE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_NOTE_BYTES {
        return Ok(Capped::TooLarge(bytes.len() as u64));
    }
    Ok(Capped::Whole(bytes))
}

fn human_size(bytes: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    let mib = bytes as f64 / MIB;
    if mib >= 1.0 {
        format!("{mib:.1} MiB")
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// The folder of template overrides inside a workspace.
pub const TEMPLATES_DIR: &str = "templates";

/// A workspace template (`templates/NAME`), read but not yet parsed.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Template name, e.g. `brief.html` or `partials/chart.html`.
    pub name: String,
    /// Path shown in diagnostics, e.g. `templates/brief.html`.
    pub path: PathBuf,
    /// The template's text.
    pub text: Arc<str>,
}

/// Every file under `templates/` (sorted), as template overrides named by
/// their path inside that folder (`partials/chart.html`).
pub fn read_template_overrides(root: &Path) -> Result<Vec<TemplateFile>, WorkspaceError> {
    let folder = root.join(TEMPLATES_DIR);
    let mut overrides = Vec::new();
    if !folder.is_dir() {
        return Ok(overrides);
    }
    let walker = WalkDir::new(&folder)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        let entry = entry.map_err(|error| WorkspaceError::Read {
            path: error
                .path()
                .map_or_else(|| folder.clone(), Path::to_path_buf),
            source: error
                .into_io_error()
                .unwrap_or_else(|| io::Error::other("symbolic link loop")),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let read_error = |source| WorkspaceError::Read {
            path: path.to_path_buf(),
            source,
        };
        let bytes = match read_capped(path).map_err(read_error)? {
            Capped::Whole(bytes) => bytes,
            Capped::TooLarge(_) => {
                return Err(read_error(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "template is larger than 8 MiB",
                )));
            }
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            read_error(io::Error::new(
                io::ErrorKind::InvalidData,
                "template is not UTF-8",
            ))
        })?;
        let name = relative_to(&folder, path)
            .to_string_lossy()
            .replace('\\', "/");
        overrides.push(TemplateFile {
            name,
            path: relative_to(root, path),
            text: Arc::from(text),
        });
    }
    Ok(overrides)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_name_briefs_and_top_level_notes_have_none() {
        let root = Path::new("/w");
        let nested = note_file(root, Path::new("/w/briefs/hormuz/2026-11/a.md"));
        assert_eq!(nested.folder.as_deref(), Some("hormuz"));
        assert_eq!(nested.path, PathBuf::from("briefs/hormuz/2026-11/a.md"));
        let loose = note_file(root, Path::new("/w/briefs/a.md"));
        assert_eq!(loose.folder, None);
    }

    #[test]
    fn latin1_bytes_are_reported_at_their_position() {
        let NoteText::Unreadable(d) = decode_text("n.md".into(), b"---\ntitle: Caf\xe9\n".to_vec())
        else {
            panic!("latin-1 accepted")
        };
        assert_eq!(d.code, Code::NotUtf8);
        assert_eq!(d.message, "the note is not valid UTF-8 (byte 0xE9)");
        assert_eq!(d.line_col(), Some((2, 11)));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let NoteText::Unreadable(d) = decode_text("n.md".into(), b"\x89PNG\r\n\x1a\n\0\0".to_vec())
        else {
            panic!("binary accepted")
        };
        assert_eq!(d.code, Code::Binary);
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(50 * 1024 * 1024), "50.0 MiB");
        assert_eq!(human_size(MAX_NOTE_BYTES), "8.0 MiB");
    }
}
