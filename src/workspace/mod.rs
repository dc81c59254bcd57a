//! Finding the workspace and its notes on disk (SPEC §1).
//!
//! With `write`, the only module that touches the file system. Walks are
//! sorted, hidden entries skipped, and symbolic links followed only while
//! they stay inside the workspace (with loop detection). Devices, FIFOs and
//! sockets are reported, never opened, and notes are read with a size cap,
//! so no file can exhaust memory, block the run or leak what lies outside.

use std::fmt;
use std::fs::{self, File, FileType};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use thiserror::Error;

use crate::diag::{Code, Diagnostic};
use crate::note::NoteFile;

mod fonts;
mod images;
mod walk;
pub(crate) mod watch;

pub use fonts::read_fonts;
pub use images::read_image;

use walk::{Reading, WalkProblem, walk};

/// The config file that marks a workspace.
pub const CONFIG_FILE: &str = "brief.yaml";
/// The folder of notes inside a workspace.
pub const NOTES_DIR: &str = "briefs";
/// A note larger than this is refused unread: no honest note comes close.
pub const MAX_NOTE_BYTES: u64 = 8 * 1024 * 1024;

/// Problems that stop the run before any note is read (exit 2).
#[derive(Debug, Error)]
pub enum WorkspaceError {
    /// No folder from the current one up holds a `brief.yaml`.
    #[error("could not find `{CONFIG_FILE}` in {start} or any parent directory")]
    NotFound {
        /// The folder the search started from.
        start: PathBuf,
    },
    /// The folder given as `--root` holds no `brief.yaml`.
    #[error("`{root}` has no `{CONFIG_FILE}`")]
    NoConfig {
        /// The root as given.
        root: PathBuf,
    },
    // The cause is the error source: `main` prints the chain (`{:#}`), so
    // naming it here too printed it twice.
    /// `brief.yaml` or a template could not be read, or is too large, not
    /// UTF-8, or behind a broken or looping link.
    #[error("could not read {path}")]
    Read {
        /// The file that could not be read.
        path: PathBuf,
        /// Why, as the file system (or the size and encoding check) said.
        source: io::Error,
    },
    /// `path` is relative to the workspace; what it points to is not named,
    /// since a link's target can itself be sensitive.
    #[error("not read: `{}` {}", path.display(), link_refusal(*hidden))]
    Outside {
        /// The link, relative to the workspace.
        path: PathBuf,
        /// It points at a hidden file or folder inside the workspace
        /// (`.env`, `.git/config`), not outside it.
        hidden: bool,
    },
    /// `brief.yaml` or a template is a FIFO, socket or device, left unopened.
    #[error("not read: `{}` is {kind}, not a file", path.display())]
    Special {
        /// The file, relative to the workspace.
        path: PathBuf,
        /// What kind of special file it is.
        kind: SpecialKind,
    },
}

/// Why [`confine`] refused a path.
#[derive(Debug, Error)]
pub enum ConfineError {
    /// The resolved path lies outside the workspace (`path` is as shown to
    /// the user, relative to the workspace).
    #[error("{} {}", path.display(), link_refusal(*hidden))]
    Outside {
        /// The refused path, relative to the workspace.
        path: PathBuf,
        /// It resolves inside the workspace, but to a hidden file or
        /// folder, which the walk never reads either.
        hidden: bool,
    },
    /// The path could not be resolved: it does not exist, or a link in it
    /// is broken or loops.
    #[error("could not resolve {}", path.display())]
    Resolve {
        /// The path, relative to the workspace when inside it.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
}

/// `path` with every symbolic link resolved, if that lies inside the
/// workspace at `root`; else an error, without reading anything at `path`.
/// Every file the tool reads from a workspace (notes, templates, figures,
/// brief.yaml) goes through here first, so a link committed to a shared
/// repository cannot make it print `/etc/passwd` or a secrets file.
pub fn confine(root: &Path, path: &Path) -> Result<PathBuf, ConfineError> {
    let real_root = fs::canonicalize(root).map_err(|source| ConfineError::Resolve {
        path: root.to_path_buf(),
        source,
    })?;
    confine_in(&real_root, root, path)
}

/// [`confine`] with the workspace root already resolved (`real_root`), for
/// walks that check many paths.
fn confine_in(real_root: &Path, root: &Path, path: &Path) -> Result<PathBuf, ConfineError> {
    let resolved = fs::canonicalize(path).map_err(|source| ConfineError::Resolve {
        path: relative_to(root, path),
        source,
    })?;
    match resolved.strip_prefix(real_root) {
        Ok(inside) if !is_hidden_path(inside) => Ok(resolved),
        Ok(_) => Err(ConfineError::Outside {
            path: relative_to(root, path),
            hidden: true,
        }),
        Err(_) => Err(ConfineError::Outside {
            path: relative_to(root, path),
            hidden: false,
        }),
    }
}

/// Whether a path below the workspace root passes through a hidden entry
/// (`.git/config`, `.env`): those hold credentials and are never walked,
/// so no link may lead there either.
fn is_hidden_path(inside: &Path) -> bool {
    inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
}

/// How a refused link is described: it is not named where it points.
fn link_refusal(hidden: bool) -> &'static str {
    if hidden {
        "links to a hidden file or folder of the workspace"
    } else {
        "links outside the workspace"
    }
}

/// What a file is when it is neither a regular file, a folder nor a link:
/// opening one can block forever (a FIFO) or read without end (a device).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecialKind {
    /// A named pipe: opening it waits for a writer.
    Fifo,
    /// A Unix domain socket.
    Socket,
    /// A block device (a disk).
    BlockDevice,
    /// A character device (`/dev/zero`, a terminal).
    CharDevice,
    /// Anything else that is not a file, folder or link (or any of these
    /// where the platform cannot tell them apart).
    Other,
}

impl SpecialKind {
    /// `None` for the kinds a walk handles: files, folders and links.
    fn of(file_type: &FileType) -> Option<SpecialKind> {
        if file_type.is_file() || file_type.is_dir() || file_type.is_symlink() {
            return None;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if file_type.is_fifo() {
                return Some(SpecialKind::Fifo);
            }
            if file_type.is_socket() {
                return Some(SpecialKind::Socket);
            }
            if file_type.is_block_device() {
                return Some(SpecialKind::BlockDevice);
            }
            if file_type.is_char_device() {
                return Some(SpecialKind::CharDevice);
            }
        }
        Some(SpecialKind::Other)
    }
}

impl fmt::Display for SpecialKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SpecialKind::Fifo => "a FIFO (named pipe)",
            SpecialKind::Socket => "a socket",
            SpecialKind::BlockDevice => "a block device",
            SpecialKind::CharDevice => "a character device",
            SpecialKind::Other => "a special file",
        })
    }
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

/// Reads brief.yaml (small, so no cap beyond the note cap), refusing one
/// that links outside the workspace.
pub fn read_config(root: &Path) -> Result<Arc<str>, WorkspaceError> {
    let path = root.join(CONFIG_FILE);
    let read_error = |source| WorkspaceError::Read {
        path: path.clone(),
        source,
    };
    let bytes = match read_confined(root, &path)? {
        Capped::Whole(bytes) => bytes,
        Capped::TooLarge(_) => {
            return Err(read_error(io::Error::new(
                io::ErrorKind::InvalidData,
                "file is larger than 8 MiB",
            )));
        }
        Capped::Special(kind) => {
            return Err(WorkspaceError::Special {
                path: PathBuf::from(CONFIG_FILE),
                kind,
            });
        }
    };
    if let Some(order) = utf16_byte_order(&bytes) {
        return Err(read_error(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("the file is UTF-16 ({order}), not UTF-8; save it as UTF-8"),
        )));
    }
    // Decoded strictly, like notes: a lossy decode would carry U+FFFD
    // into every title without a word.
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Arc::from(text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.as_bytes();
            let before = bytes.get(..valid).unwrap_or_default();
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let byte = bytes.get(valid).copied().unwrap_or(0);
            Err(read_error(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "line {line} is not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"
                ),
            )))
        }
    }
}

/// Every `.md` file under `briefs/`, sorted by path, plus a diagnostic for
/// each entry that could not be walked (a symlink loop, a link out of the
/// workspace) and a warning for each device, FIFO or socket skipped.
pub fn discover_notes(root: &Path) -> (Vec<NoteFile>, Vec<Diagnostic>) {
    let walked = walk(root, &root.join(NOTES_DIR), Reading::EachFileOnce);
    let mut files: Vec<NoteFile> = walked
        .files
        .iter()
        .filter(|path| path.extension().is_some_and(|ext| ext == "md"))
        .map(|path| note_file(root, path))
        .collect();
    files.sort();
    let diagnostics = walked
        .problems
        .iter()
        .map(|problem| walk_diagnostic(root, problem))
        .collect();
    (files, diagnostics)
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

/// Help for a note, template or figure that links outside the workspace.
const OUTSIDE_HELP: &str =
    "files are read only from inside the workspace; copy the file in instead of linking to it";

/// A file-level diagnostic at 1:1 (SPEC §9) that shows no line of the
/// file: the file was not, or could not usefully be, read.
fn at_start(diagnostic: Diagnostic) -> Diagnostic {
    diagnostic.at(&Arc::from(""), 0..0)
}

fn outside_diagnostic(path: PathBuf, is_dir: bool, hidden: bool) -> Diagnostic {
    let message = if is_dir {
        format!("not followed: the folder {}", link_refusal(hidden))
    } else {
        format!("not read: the file {}", link_refusal(hidden))
    };
    let help = if hidden {
        "hidden files and folders (`.git`, `.env`) are never read; link to a visible file"
    } else {
        OUTSIDE_HELP
    };
    at_start(Diagnostic::error(Code::OutsideWorkspace, path, message)).with_help(help)
}

fn special_diagnostic(path: PathBuf, kind: SpecialKind) -> Diagnostic {
    at_start(Diagnostic::warning(
        Code::SpecialFile,
        path,
        format!("skipped: this is {kind}, not a file"),
    ))
    .with_help(format!(
        "notes are regular files; remove it or move it out of `{NOTES_DIR}/`"
    ))
}

fn walk_diagnostic(root: &Path, problem: &WalkProblem) -> Diagnostic {
    match problem {
        WalkProblem::Loop { path, ancestor } => Diagnostic::error(
            Code::SymlinkLoop,
            relative_to(root, path),
            format!(
                "symbolic link loops back to `{}`; not followed",
                relative_to(root, ancestor).display()
            ),
        )
        .with_help("remove the link, or point it outside its own parent folders"),
        WalkProblem::LinkedTwice { path, first } => Diagnostic::warning(
            Code::LinkedTwice,
            relative_to(root, path),
            format!(
                "links to what is read already as `{}`; read once",
                relative_to(root, first).display()
            ),
        )
        .at(&Arc::from(""), 0..0)
        .with_help("a note counts once in its brief; remove the link"),
        WalkProblem::Broken { path, target } => Diagnostic::error(
            Code::Io,
            relative_to(root, path),
            format!(
                "broken symbolic link: `{}` does not exist",
                target.display()
            ),
        )
        .with_help("remove the link, or restore what it points to"),
        WalkProblem::Outside {
            path,
            is_dir,
            hidden,
        } => outside_diagnostic(relative_to(root, path), *is_dir, *hidden),
        WalkProblem::Special { path, kind } => special_diagnostic(relative_to(root, path), *kind),
        WalkProblem::Unreadable { path, source } => Diagnostic::error(
            Code::Io,
            relative_to(root, path),
            format!("could not read: {source}"),
        ),
    }
}

/// What came of reading a note file.
#[derive(Debug)]
pub enum NoteText {
    /// The note's whole text, as read (valid UTF-8, LF or CRLF lines).
    Text(Arc<str>),
    /// The file cannot be a note; the diagnostic says why.
    Unreadable(Diagnostic),
}

/// Reads a note, refusing files that link outside the workspace, special
/// files, and files too large, binary or not UTF-8.
pub fn read_note(root: &Path, file: &NoteFile) -> NoteText {
    match fs::canonicalize(root) {
        Ok(real_root) => read_note_in(&real_root, root, file),
        Err(error) => NoteText::Unreadable(Diagnostic::error(
            Code::Io,
            file.path.clone(),
            format!("could not read the note: {error}"),
        )),
    }
}

/// [`read_note`] with the root already resolved (`real_root`), for reading
/// a whole workspace: resolving the root again for each of 10,000 notes
/// costs a `readlink` per folder above it, each time.
pub fn read_note_in(real_root: &Path, root: &Path, file: &NoteFile) -> NoteText {
    let full = root.join(&file.path);
    let path = file.path.clone();
    let could_not_read = |error: io::Error| {
        NoteText::Unreadable(Diagnostic::error(
            Code::Io,
            path.clone(),
            format!("could not read the note: {error}"),
        ))
    };
    let resolved = match confine_in(real_root, root, &full) {
        Ok(resolved) => resolved,
        Err(ConfineError::Outside { hidden, .. }) => {
            return NoteText::Unreadable(outside_diagnostic(path, false, hidden));
        }
        Err(ConfineError::Resolve { source, .. }) => return could_not_read(source),
    };
    let bytes = match read_capped(&resolved) {
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
        Ok(Capped::Special(kind)) => return NoteText::Unreadable(special_diagnostic(path, kind)),
        Err(error) => return could_not_read(error),
    };
    decode_text(path, bytes)
}

/// Bytes into text, with a positioned diagnostic for binary, UTF-16 or
/// other non-UTF-8 files, and for old Mac (CR-only) line endings.
pub fn decode_text(path: PathBuf, bytes: Vec<u8>) -> NoteText {
    // Before the NUL check: UTF-16 text is full of NUL bytes, and calling
    // it binary sent people looking for the wrong problem.
    if let Some(order) = utf16_byte_order(&bytes) {
        let first_line: Arc<str> = Arc::from(utf16_first_line(&bytes, order));
        return NoteText::Unreadable(
            Diagnostic::error(
                Code::NotUtf8,
                path,
                format!("the note is UTF-16 ({order}), not UTF-8"),
            )
            .at(&first_line, 0..0)
            .with_help("save the file as UTF-8 (in most editors: Save As, encoding UTF-8)"),
        );
    }
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        let before = bytes.get(..nul).unwrap_or_default();
        let text: Arc<str> = Arc::from(String::from_utf8_lossy(before).as_ref());
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
        Ok(text) if has_cr_only_line_endings(&text) => {
            let first_line = text.split('\r').next().unwrap_or_default();
            NoteText::Unreadable(
                Diagnostic::error(
                    Code::CrLineEndings,
                    path,
                    "the note's lines end with CR only (old Mac line endings)",
                )
                .at(&Arc::from(first_line), 0..0)
                .with_help("save the file with LF (Unix) or CRLF (Windows) line endings"),
            )
        }
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

/// A file whose lines are broken by CR alone: no LF anywhere, yet CRs.
/// Nothing else in `brief` reads CR as a line break, so such a note would
/// otherwise be one long line with no front matter.
fn has_cr_only_line_endings(text: &str) -> bool {
    text.contains('\r') && !text.contains('\n')
}

/// Which end of a UTF-16 code unit comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ByteOrder {
    Little,
    Big,
}

impl fmt::Display for ByteOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ByteOrder::Little => "little-endian",
            ByteOrder::Big => "big-endian",
        })
    }
}

/// How many bytes of a file without a byte-order mark are sampled.
const UTF16_SAMPLE_BYTES: usize = 4096;

/// The byte order of UTF-16 text: from its byte-order mark, or, without
/// one, when nine in ten code units of the first 4 KiB are ASCII with a
/// zero high byte (what Windows tools write for Latin-script text) and the
/// sample decodes as UTF-16. UTF-8 text never has those zero bytes.
fn utf16_byte_order(bytes: &[u8]) -> Option<ByteOrder> {
    match bytes {
        [0xFF, 0xFE, ..] => return Some(ByteOrder::Little),
        [0xFE, 0xFF, ..] => return Some(ByteOrder::Big),
        _ => {}
    }
    let sample = bytes.get(..bytes.len().min(UTF16_SAMPLE_BYTES) & !1)?;
    // UTF-16 text is mostly zero bytes; UTF-8 text has none (a note with
    // a NUL is refused as binary right after), so most notes stop here.
    if !sample.contains(&0) {
        return None;
    }
    let units = sample.len() / 2;
    if units < 2 {
        return None;
    }
    let ascii_with = |zero: usize| {
        sample
            .chunks_exact(2)
            .filter(|pair| {
                let (high, low) = match (zero, pair) {
                    (0, [high, low]) => (*high, *low),
                    (_, [low, high]) => (*high, *low),
                    _ => return false,
                };
                high == 0 && low != 0 && low.is_ascii()
            })
            .count()
    };
    let order = if ascii_with(1) * 10 >= units * 9 {
        ByteOrder::Little
    } else if ascii_with(0) * 10 >= units * 9 {
        ByteOrder::Big
    } else {
        return None;
    };
    let decodes = char::decode_utf16(code_units(sample, order)).all(|unit| unit.is_ok());
    decodes.then_some(order)
}

fn code_units(bytes: &[u8], order: ByteOrder) -> impl Iterator<Item = u16> + '_ {
    bytes.chunks_exact(2).map(move |pair| match (order, pair) {
        (ByteOrder::Little, [low, high]) => u16::from_le_bytes([*low, *high]),
        (ByteOrder::Big, [high, low]) => u16::from_be_bytes([*high, *low]),
        _ => 0,
    })
}

/// The first line of UTF-16 text (without its byte-order mark), decoded
/// for display, at most 200 characters.
fn utf16_first_line(bytes: &[u8], order: ByteOrder) -> String {
    char::decode_utf16(code_units(bytes, order))
        .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
        .skip_while(|&c| c == '\u{feff}')
        .take_while(|&c| c != '\n' && c != '\r')
        .take(200)
        .collect()
}

enum Capped {
    Whole(Vec<u8>),
    TooLarge(u64),
    /// A device, FIFO or socket: not opened.
    Special(SpecialKind),
}

/// Reads at most `MAX_NOTE_BYTES`; a longer file is reported, not loaded,
/// and a special file is reported by its type before it is opened (opening
/// a FIFO blocks until something writes to it).
fn read_capped(path: &Path) -> io::Result<Capped> {
    read_capped_to(path, MAX_NOTE_BYTES)
}

/// [`read_capped`] with another cap (fonts are larger than notes).
fn read_capped_to(path: &Path, cap: u64) -> io::Result<Capped> {
    if let Some(kind) = SpecialKind::of(&fs::metadata(path)?.file_type()) {
        return Ok(Capped::Special(kind));
    }
    let file = File::open(path)?;
    let metadata = file.metadata()?;
    // Checked again on what was opened, in case the file was swapped.
    if let Some(kind) = SpecialKind::of(&metadata.file_type()) {
        return Ok(Capped::Special(kind));
    }
    let declared = metadata.len();
    if declared > cap {
        return Ok(Capped::TooLarge(declared));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
    // `take` guards files whose size is not what metadata said (growing files).
    file.take(cap + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > cap {
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

/// The names of the folders directly under `briefs/` (unsorted; none when
/// it cannot be read): the briefs a workspace has begun.
pub fn brief_folders(root: &Path) -> Vec<String> {
    std::fs::read_dir(root.join(NOTES_DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect()
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
/// their path inside that folder (`partials/chart.html`). A template that
/// links outside the workspace, or is a device, FIFO or socket, stops the
/// run unread.
pub fn read_template_overrides(root: &Path) -> Result<Vec<TemplateFile>, WorkspaceError> {
    let folder = root.join(TEMPLATES_DIR);
    let walked = walk(root, &folder, Reading::EveryName);
    if let Some(problem) = walked.problems.into_iter().next() {
        return Err(template_walk_error(root, problem));
    }
    let mut overrides = Vec::new();
    for path in walked.files {
        let text = read_template(root, &path)?;
        let name = relative_to(&folder, &path)
            .to_string_lossy()
            .replace('\\', "/");
        overrides.push(TemplateFile {
            name,
            path: relative_to(root, &path),
            text,
        });
    }
    Ok(overrides)
}

fn template_walk_error(root: &Path, problem: WalkProblem) -> WorkspaceError {
    match problem {
        WalkProblem::Outside { path, hidden, .. } => WorkspaceError::Outside {
            path: relative_to(root, &path),
            hidden,
        },
        WalkProblem::Special { path, kind } => WorkspaceError::Special {
            path: relative_to(root, &path),
            kind,
        },
        WalkProblem::Loop { path, .. } => WorkspaceError::Read {
            path,
            source: io::Error::other("symbolic link loop"),
        },
        WalkProblem::Broken { path, .. } => WorkspaceError::Read {
            path,
            source: io::Error::from(io::ErrorKind::NotFound),
        },
        WalkProblem::Unreadable { path, source } => WorkspaceError::Read { path, source },
        // Templates are walked by every name: never reported.
        WalkProblem::LinkedTwice { path, .. } => WorkspaceError::Read {
            path,
            source: io::Error::other("linked twice"),
        },
    }
}

/// The bytes of `path` (at most the size cap), once `confine` has let it
/// through: brief.yaml and templates are read this way.
fn read_confined(root: &Path, path: &Path) -> Result<Capped, WorkspaceError> {
    let read_error = |source| WorkspaceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let resolved = match confine(root, path) {
        Ok(resolved) => resolved,
        Err(ConfineError::Outside { path, hidden }) => {
            return Err(WorkspaceError::Outside { path, hidden });
        }
        Err(ConfineError::Resolve { source, .. }) => return Err(read_error(source)),
    };
    read_capped(&resolved).map_err(read_error)
}

/// One template override's text, confined to the workspace.
fn read_template(root: &Path, path: &Path) -> Result<Arc<str>, WorkspaceError> {
    let read_error = |source| WorkspaceError::Read {
        path: path.to_path_buf(),
        source,
    };
    let invalid = |message: String| read_error(io::Error::new(io::ErrorKind::InvalidData, message));
    let bytes = match read_confined(root, path)? {
        Capped::Whole(bytes) => bytes,
        Capped::TooLarge(_) => return Err(invalid("template is larger than 8 MiB".to_owned())),
        Capped::Special(kind) => {
            return Err(WorkspaceError::Special {
                path: relative_to(root, path),
                kind,
            });
        }
    };
    if let Some(order) = utf16_byte_order(&bytes) {
        return Err(invalid(format!(
            "template is UTF-16 ({order}), not UTF-8; save it as UTF-8"
        )));
    }
    let text = String::from_utf8(bytes).map_err(|_| invalid("template is not UTF-8".to_owned()))?;
    Ok(Arc::from(text))
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
    fn utf16_is_recognised_with_or_without_a_byte_order_mark() {
        let le: Vec<u8> = "---\ntitle: x\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "---\ntitle: x\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(utf16_byte_order(&le), Some(ByteOrder::Little));
        assert_eq!(utf16_byte_order(&be), Some(ByteOrder::Big));
        assert_eq!(utf16_byte_order(b"\xFF\xFE\x00"), Some(ByteOrder::Little));
        assert_eq!(utf16_first_line(&le, ByteOrder::Little), "---");
        // UTF-8 text, and binary files with a few NULs, are not UTF-16.
        assert_eq!(utf16_byte_order("---\ntitle: x\n".as_bytes()), None);
        assert_eq!(utf16_byte_order(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), None);
    }

    #[test]
    fn cr_only_line_endings_are_named() {
        let NoteText::Unreadable(d) = decode_text("n.md".into(), b"---\rtitle: x\r---\r".to_vec())
        else {
            panic!("CR-only text accepted")
        };
        assert_eq!(d.code, Code::CrLineEndings);
        assert!(matches!(
            decode_text("n.md".into(), b"---\r\ntitle: x\r\n".to_vec()),
            NoteText::Text(_)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_confined_to_the_workspace() {
        let dir = tempfile::tempdir().unwrap();
        let secret = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::write(root.join("inside.md"), "x").unwrap();
        fs::write(secret.path().join("secret"), "x").unwrap();
        std::os::unix::fs::symlink("inside.md", root.join("ok.md")).unwrap();
        std::os::unix::fs::symlink(secret.path().join("secret"), root.join("leak.md")).unwrap();
        let real = fs::canonicalize(root.join("inside.md")).unwrap();
        assert_eq!(confine(root, &root.join("ok.md")).unwrap(), real);
        match confine(root, &root.join("leak.md")) {
            Err(ConfineError::Outside { path, hidden }) => {
                assert_eq!((path.as_path(), hidden), (Path::new("leak.md"), false));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            confine(root, &root.join("gone.md")),
            Err(ConfineError::Resolve { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn reading_a_fifo_reports_it_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("x.md"))
            .status()
            .unwrap();
        assert!(made.success());
        let root = dir.path().to_path_buf();
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(read_note(&root, &note_file_at(PathBuf::from("x.md"))));
        });
        let read = receiver
            .recv_timeout(std::time::Duration::from_secs(5))
            .expect("reading a FIFO blocked");
        let NoteText::Unreadable(d) = read else {
            panic!("a FIFO was read")
        };
        assert_eq!(d.code, Code::SpecialFile);
    }

    #[test]
    fn sizes_read_like_people_write_them() {
        assert_eq!(human_size(50 * 1024 * 1024), "50.0 MiB");
        assert_eq!(human_size(MAX_NOTE_BYTES), "8.0 MiB");
    }
}
