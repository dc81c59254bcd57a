//! Writing files: new files that must not clobber anything, and outputs
//! replaced atomically (temporary file in the output folder's hidden
//! staging folder, then rename), never through a symbolic link nor into
//! what the workspace reads.

use std::fmt;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use thiserror::Error;

use crate::status::Status;
use crate::workspace::{CONFIG_FILE, NOTES_DIR, TEMPLATES_DIR};

/// A file could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    /// The file to be created is already there; it is left as it was.
    #[error("{path} already exists; not overwriting it")]
    Exists {
        /// The existing file.
        path: PathBuf,
    },
    /// The file or one of its parent folders could not be created or written.
    #[error("could not create {path}: {source}")]
    Create {
        /// The file being created.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
}

/// Creates `path` with `contents`, making parent folders; fails if it exists.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let error = |source| WriteError::Create {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(error)?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(error(e)),
    };
    file.write_all(contents).map_err(error)
}

/// Why the output folder could not be written. Paths are shown relative
/// to the workspace when inside it.
#[derive(Debug, Error)]
pub enum OutputError {
    /// `--out` names a file, not a folder.
    #[error("output path {path} exists and is not a directory")]
    NotADirectory {
        /// The output path as given.
        path: PathBuf,
    },
    /// The output folder, a folder inside it or its staging folder could
    /// not be created.
    #[error("could not create output directory {path}: {source}")]
    CreateDir {
        /// The folder that could not be created.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// An output name would leave the output folder (`../x`, an absolute
    /// path) or land in its staging folder.
    #[error("refusing to write {name}: outputs stay inside the output directory")]
    Outside {
        /// The output name as asked for.
        name: String,
    },
    /// An output could not be staged or renamed over its target.
    #[error("could not write {path}: {source}")]
    Write {
        /// The output file that was not written.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// A link committed in place of `out/`, `out/packets/` or an output
    /// would send outputs anywhere (`../victim/index.html`).
    #[error(
        "`{}` is a symbolic link; refusing to write through it (outputs are written only into real folders)",
        path.display()
    )]
    Symlink {
        /// The link, relative to the workspace when inside it.
        path: PathBuf,
    },
    /// `--out` would overwrite what the workspace reads: a page written
    /// into `templates/` becomes a template on the next build.
    #[error(
        "refusing to write outputs into {}: {overlap}; choose another --out (the default is `out`)",
        shown_as(given, resolved)
    )]
    Sources {
        /// The output folder as given, relative to the workspace when inside it.
        given: PathBuf,
        /// The same folder with its links resolved.
        resolved: PathBuf,
        /// What of the workspace's it would overwrite.
        overlap: Overlap,
    },
    /// The workspace or output folder could not be resolved to a real path
    /// (to compare it with the workspace's sources).
    #[error("could not resolve the output folder {}: {source}", path.display())]
    Resolve {
        /// The folder that could not be resolved.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
    /// The output folder's lock file could not be opened or locked.
    #[error("could not lock the output folder (`{}`): {source}", path.display())]
    Lock {
        /// The lock file, relative to the workspace when inside it.
        path: PathBuf,
        /// What the file system said.
        source: io::Error,
    },
}

/// `` `given` ``, and what it resolves to when that reads differently.
fn shown_as(given: &Path, resolved: &Path) -> String {
    if given == resolved {
        format!("`{}`", given.display())
    } else {
        format!("`{}` (that is `{}`)", given.display(), resolved.display())
    }
}

/// How an output folder would overlap what a workspace reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlap {
    /// The output folder is the workspace's own folder.
    WorkspaceRoot,
    /// The output folder is a parent of the workspace.
    ContainsWorkspace,
    /// The output folder holds a `brief.yaml`: it is some workspace's root.
    HoldsConfig,
    /// The notes or templates folder (`folder`, as shown), or inside it.
    SourceFolder {
        /// `notes` or `templates`, as the message names the folder.
        what: &'static str,
        /// The source folder, relative to the workspace when inside it.
        folder: PathBuf,
        /// Whether the output folder lies inside it rather than being it.
        inside: bool,
    },
}

impl fmt::Display for Overlap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Overlap::WorkspaceRoot => f.write_str("it is the workspace folder itself"),
            Overlap::ContainsWorkspace => f.write_str("it contains the workspace"),
            Overlap::HoldsConfig => write!(f, "it holds a `{CONFIG_FILE}`"),
            Overlap::SourceFolder {
                what,
                folder,
                inside,
            } => {
                let relation = if *inside { "lies inside" } else { "is" };
                write!(f, "it {relation} the {what} folder `{}`", folder.display())
            }
        }
    }
}

/// The hidden folder inside the output folder that holds every temporary
/// file and the lock: one place for a killed build's leftovers, on the
/// output folder's file system so staged files are renamed, not copied.
pub const STAGING_DIR: &str = ".brief-staging";
/// The lock file inside [`STAGING_DIR`]. It is never removed: removing a
/// lock file another process has open lets two processes hold "the" lock.
const LOCK_FILE: &str = "lock";
/// Prefix of the temporary files earlier versions left beside their
/// targets; still removed, so an upgrade leaves no debris.
const LEGACY_TEMP_PREFIX: &str = ".brief-tmp-";

/// The output folder: every output is written to a temporary file in the
/// staging folder and renamed over its target, so a reader sees the old
/// file or the new one, never half of one. `stage` and `commit` do this for
/// many outputs at once: stage each as it is rendered, rename them all only
/// once every one is staged. While it exists it holds an advisory lock on
/// the folder, so two builds (or a build and `brief serve`) never interleave.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    /// The workspace root, for showing paths in messages.
    root: PathBuf,
    staging: PathBuf,
    /// Numbers the temporary files: two outputs may share a file name
    /// (`a.html`, `packets/a.html`).
    next_temporary: AtomicUsize,
    /// Held, not read: closing it releases the lock.
    _lock: File,
}

impl OutputDir {
    /// Checks and opens the output folder `path` of the workspace at
    /// `root`, creating it if needed: refuses a folder that is or holds
    /// the workspace's sources or any workspace (compared as resolved
    /// paths) and one reached through a symbolic link inside the workspace
    /// (or that is itself one); then takes the folder's lock, waiting for
    /// another build to finish (saying so once on `stderr`), and removes
    /// the temporary files a killed build left (saying how many).
    pub fn prepare(
        root: &Path,
        path: &Path,
        status: Status,
        stderr: &mut dyn Write,
    ) -> Result<OutputDir, OutputError> {
        let real_root = fs::canonicalize(root).map_err(|source| OutputError::Resolve {
            path: root.to_path_buf(),
            source,
        })?;
        check_output_folder(root, &real_root, path)?;
        if path.exists() && !path.is_dir() {
            return Err(OutputError::NotADirectory {
                path: path.to_path_buf(),
            });
        }
        fs::create_dir_all(path).map_err(|source| OutputError::CreateDir {
            path: path.to_path_buf(),
            source,
        })?;
        // Checked again now that it exists: the folders just created are
        // what was checked, not something swapped in meanwhile.
        check_output_folder(root, &real_root, path)?;
        let shown = shown_path(root, path);
        let staging = path.join(STAGING_DIR);
        ensure_real_folder(root, &staging)?;
        let lock = lock_output_folder(root, &staging, &shown, status, stderr)?;
        let removed = clear_staging(&staging) + remove_legacy_temporaries(path, 1);
        if removed > 0 {
            let files = if removed == 1 { "file" } else { "files" };
            // A status line that cannot be printed is no reason to stop.
            let _ = status.line(
                stderr,
                "Removed",
                &format!(
                    "{removed} temporary {files} left in `{}` by an interrupted build",
                    shown.display()
                ),
            );
        }
        Ok(OutputDir {
            path: path.to_path_buf(),
            root: root.to_path_buf(),
            staging,
            next_temporary: AtomicUsize::new(0),
            _lock: lock,
        })
    }

    /// As [`OutputDir::prepare`], printing nothing (for tools and tests).
    pub fn prepare_quietly(root: &Path, path: &Path) -> Result<OutputDir, OutputError> {
        let quiet = Status {
            quiet: true,
            color: false,
        };
        OutputDir::prepare(root, path, quiet, &mut io::sink())
    }

    /// The output folder, as given to [`OutputDir::prepare`].
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` to `name` (a file name, or `folder/file`) atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let staged = self.stage(name, bytes)?;
        let mut written = OutputDir::commit(vec![staged])?;
        Ok(written.pop().unwrap_or_default())
    }

    /// Writes `bytes` to a temporary file in the staging folder, leaving
    /// `name`'s target (a file name, or `folder/file`) untouched. The caller
    /// can drop `bytes` at once; `commit` later renames every staged file
    /// over its target. A `Staged` dropped without being committed removes
    /// its temporary file, so a failed build leaves the previous outputs
    /// alone.
    pub fn stage(&self, name: &str, bytes: &[u8]) -> Result<Staged, OutputError> {
        self.stage_parts(name, &[bytes])
    }

    /// As [`OutputDir::stage`], for an output made of `parts` written one
    /// after another (a packet page and its briefs' sections, which need
    /// not be copied into one buffer first).
    pub fn stage_parts(&self, name: &str, parts: &[&[u8]]) -> Result<Staged, OutputError> {
        let relative = Path::new(name);
        let plain = relative
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        let Some(file_name) = relative.file_name().filter(|_| plain) else {
            return Err(OutputError::Outside {
                name: name.to_owned(),
            });
        };
        if relative.starts_with(STAGING_DIR) {
            return Err(OutputError::Outside {
                name: name.to_owned(),
            });
        }
        let target = self.path.join(relative);
        // Every folder between the output folder and the target is a real
        // folder, and the target is not a link: the rename must land here.
        let mut folder = self.path.clone();
        for component in relative.parent().into_iter().flat_map(Path::components) {
            folder.push(component);
            ensure_real_folder(&self.root, &folder)?;
        }
        if fs::symlink_metadata(&target).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(OutputError::Symlink {
                path: shown_path(&self.root, &target),
            });
        }
        let number = self.next_temporary.fetch_add(1, Ordering::Relaxed);
        let temporary = self
            .staging
            .join(format!("{number}-{}", file_name.to_string_lossy()));
        // Created before writing, so a failed write still removes the file.
        let staged = Staged {
            temporary,
            target,
            committed: false,
        };
        write_temporary(&staged.temporary, &staged.target, parts).map_err(|source| {
            OutputError::Write {
                path: staged.target.clone(),
                source,
            }
        })?;
        Ok(staged)
    }

    /// Renames every staged file over its target, in order, and returns the
    /// targets. Call it only once everything has been staged. If a rename
    /// fails, the outputs already renamed stay new, the rest keep their old
    /// content, and the remaining temporaries are removed.
    pub fn commit(staged: Vec<Staged>) -> Result<Vec<PathBuf>, OutputError> {
        OutputDir::commit_keeping_old(staged).map(|(written, _superseded)| written)
    }

    /// As [`OutputDir::commit`], but the replaced files are kept (in the
    /// staging folder) until the returned [`Superseded`] is dropped.
    /// Renaming over a large file frees its pages then and there (about
    /// 18 ms for 60 MB here); `brief serve` drops `Superseded` once the
    /// browsers have been told to reload.
    pub fn commit_keeping_old(
        staged: Vec<Staged>,
    ) -> Result<(Vec<PathBuf>, Superseded), OutputError> {
        let mut written = Vec::with_capacity(staged.len());
        let mut superseded = Superseded(Vec::new());
        for mut file in staged {
            let old = old_name(&file.temporary);
            // Where hard links are not supported, or an earlier build's
            // superseded file is still being removed, simply rename over.
            if fs::hard_link(&file.target, &old).is_ok() {
                superseded.0.push(old);
            }
            fs::rename(&file.temporary, &file.target).map_err(|source| OutputError::Write {
                path: file.target.clone(),
                source,
            })?;
            file.committed = true;
            written.push(std::mem::take(&mut file.target));
        }
        Ok((written, superseded))
    }
}

/// Refuses an output folder that overlaps the workspace's sources, or is
/// reached through a symbolic link.
fn check_output_folder(root: &Path, real_root: &Path, path: &Path) -> Result<(), OutputError> {
    let resolved = resolve_ahead(path).map_err(|source| OutputError::Resolve {
        path: shown_path(root, path),
        source,
    })?;
    if let Some(overlap) = source_overlap(root, real_root, &resolved) {
        return Err(OutputError::Sources {
            given: shown_path(root, path),
            resolved: shown_path(real_root, &resolved),
            overlap,
        });
    }
    refuse_symlinks(root, real_root, path)
}

/// `path` resolved as far as it exists, the rest (folders yet to be
/// created) appended as written.
fn resolve_ahead(path: &Path) -> io::Result<PathBuf> {
    let components: Vec<Component> = path.components().collect();
    for existing in (0..=components.len()).rev() {
        let (head, rest) = components.split_at(existing);
        let prefix: PathBuf = head.iter().collect();
        let start = if prefix.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            prefix
        };
        match fs::canonicalize(&start) {
            Ok(mut resolved) => {
                for component in rest {
                    match component {
                        Component::ParentDir => {
                            resolved.pop();
                        }
                        Component::Normal(name) => resolved.push(name),
                        _ => {}
                    }
                }
                return Ok(resolved);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound && existing > 0 => continue,
            Err(error) => return Err(error),
        }
    }
    Err(io::Error::from(io::ErrorKind::NotFound))
}

/// How the resolved output folder overlaps what a workspace reads: this
/// workspace's root, notes or templates (as resolved, should `briefs/`
/// itself be a link), or any folder holding `brief.yaml` and its
/// `briefs/` and `templates/` (another workspace, or this one by another
/// path).
fn source_overlap(root: &Path, real_root: &Path, resolved: &Path) -> Option<Overlap> {
    if resolved == real_root {
        return Some(Overlap::WorkspaceRoot);
    }
    if real_root.starts_with(resolved) {
        return Some(Overlap::ContainsWorkspace);
    }
    if resolved.join(CONFIG_FILE).is_file() {
        return Some(Overlap::HoldsConfig);
    }
    let sources = [(NOTES_DIR, "notes"), (TEMPLATES_DIR, "templates")];
    let ours = sources.iter().filter_map(|&(name, what)| {
        let folder = fs::canonicalize(root.join(name)).ok()?;
        Some((folder, PathBuf::from(name), what))
    });
    let any_workspace = resolved
        .ancestors()
        .filter(|dir| dir.join(CONFIG_FILE).is_file())
        .flat_map(|dir| {
            sources.iter().map(move |&(name, what)| {
                let folder = dir.join(name);
                let shown = shown_path(real_root, &folder);
                (folder, shown, what)
            })
        });
    ours.chain(any_workspace)
        .find(|(folder, _, _)| resolved.starts_with(folder))
        .map(|(folder, shown, what)| Overlap::SourceFolder {
            what,
            folder: shown,
            inside: resolved != folder,
        })
}

/// Refuses `path` if it is a symbolic link, or if any folder on the way to
/// it that lies inside the workspace is one. Links outside the workspace
/// on the way (`/tmp` on macOS, a linked home folder) are the user's own.
fn refuse_symlinks(root: &Path, real_root: &Path, path: &Path) -> Result<(), OutputError> {
    let mut prefix = PathBuf::new();
    for component in path.components() {
        prefix.push(component);
        let metadata = match fs::symlink_metadata(&prefix) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(source) => {
                return Err(OutputError::Resolve {
                    path: shown_path(root, &prefix),
                    source,
                });
            }
        };
        if !metadata.file_type().is_symlink() {
            continue;
        }
        let is_output_folder = prefix == path;
        let lies_in_workspace = prefix
            .parent()
            .and_then(|parent| fs::canonicalize(parent).ok())
            .is_some_and(|parent| parent.starts_with(real_root));
        if is_output_folder || lies_in_workspace {
            return Err(OutputError::Symlink {
                path: shown_path(root, &prefix),
            });
        }
    }
    Ok(())
}

/// Makes sure `folder` is a real folder, creating it if missing.
fn ensure_real_folder(root: &Path, folder: &Path) -> Result<(), OutputError> {
    let create_error = |source| OutputError::CreateDir {
        path: folder.to_path_buf(),
        source,
    };
    let metadata = match fs::symlink_metadata(folder) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            match fs::create_dir(folder) {
                // Outputs are staged in parallel: another may have made it.
                Ok(()) => return Ok(()),
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    fs::symlink_metadata(folder).map_err(create_error)?
                }
                Err(error) => return Err(create_error(error)),
            }
        }
        Err(error) => return Err(create_error(error)),
    };
    if metadata.file_type().is_symlink() {
        return Err(OutputError::Symlink {
            path: shown_path(root, folder),
        });
    }
    if !metadata.is_dir() {
        return Err(OutputError::NotADirectory {
            path: folder.to_path_buf(),
        });
    }
    Ok(())
}

/// Opens the lock file in `staging` and takes its lock, waiting for the
/// process that holds it. The wait has no deadline, as cargo's has none:
/// the kernel releases the lock when its holder exits, killed or not, so
/// the wait lasts exactly as long as another build or `brief serve` is
/// writing into the folder, and the status line says what it waits for.
fn lock_output_folder(
    root: &Path,
    staging: &Path,
    shown: &Path,
    status: Status,
    stderr: &mut dyn Write,
) -> Result<File, OutputError> {
    let path = staging.join(LOCK_FILE);
    let lock_error = |source| OutputError::Lock {
        path: shown_path(root, &path),
        source,
    };
    if fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(OutputError::Symlink {
            path: shown_path(root, &path),
        });
    }
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(lock_error)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            // A status line that cannot be printed is no reason to stop.
            let _ = status.line(
                stderr,
                "Blocking",
                &format!(
                    "waiting for another brief writing into `{}` (a build, or `brief serve`)",
                    shown.display()
                ),
            );
            file.lock().map_err(lock_error)?;
        }
        // A file system without locks (some network mounts) still gets
        // its outputs; only concurrent builds into it are unguarded.
        Err(TryLockError::Error(error)) if error.kind() == io::ErrorKind::Unsupported => {}
        Err(TryLockError::Error(error)) => return Err(lock_error(error)),
    }
    Ok(file)
}

/// Empties the staging folder but for its lock file; the count removed.
/// Only called with the lock held, so nothing removed is in use.
fn clear_staging(staging: &Path) -> usize {
    let Ok(entries) = fs::read_dir(staging) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        if entry.file_name() == LOCK_FILE {
            continue;
        }
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        // Neither follows links: a link left here is removed, not its target.
        let gone = if is_folder {
            fs::remove_dir_all(entry.path())
        } else {
            fs::remove_file(entry.path())
        };
        if gone.is_ok() {
            removed += 1;
        }
    }
    removed
}

/// `path` relative to the workspace `root` when inside it (`.` for the
/// root itself), else as is.
fn shown_path(root: &Path, path: &Path) -> PathBuf {
    match path.strip_prefix(root) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) => path.to_path_buf(),
    }
}

/// Outputs replaced by a commit, removed when this is dropped.
#[derive(Debug)]
#[must_use = "dropping it at once removes the replaced files at once"]
pub struct Superseded(Vec<PathBuf>);

impl Drop for Superseded {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = fs::remove_file(path);
        }
    }
}

/// The name a replaced output is kept under: in the staging folder beside
/// its successor's temporary file (so `OutputDir::prepare` removes it should
/// the process die first).
fn old_name(temporary: &Path) -> PathBuf {
    let name = temporary
        .file_name()
        .map(|n| format!("old-{}", n.to_string_lossy()))
        .unwrap_or_default();
    temporary.with_file_name(name)
}

/// An output written to its temporary file, waiting for `OutputDir::commit`.
/// Dropping it uncommitted removes the temporary file.
#[derive(Debug)]
#[must_use = "a staged output is discarded unless committed"]
pub struct Staged {
    temporary: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staged {
    /// Where the output will be once committed.
    pub fn target(&self) -> &Path {
        &self.target
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.temporary);
        }
    }
}

fn write_temporary(temporary: &Path, target: &Path, parts: &[&[u8]]) -> io::Result<()> {
    // `create_new`: never opens what is already there, a link included.
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temporary)?;
    let bytes = parts.first().copied().unwrap_or_default();
    if let Some(failing) = injected_failure() {
        // Test hook: fail half-way through writing the named output.
        if target
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == failing)
        {
            file.write_all(bytes.get(..bytes.len() / 2).unwrap_or_default())?;
            return Err(io::Error::other(
                "injected write failure (BRIEF_FAIL_WRITE)",
            ));
        }
    }
    parts.iter().try_for_each(|part| file.write_all(part))
}

/// `BRIEF_FAIL_WRITE=<file name>` makes writing that output fail, so tests
/// can show a failed build leaves earlier outputs intact.
fn injected_failure() -> Option<String> {
    std::env::var("BRIEF_FAIL_WRITE")
        .ok()
        .filter(|v| !v.is_empty())
}

/// Removes the temporary files earlier versions staged beside their
/// targets, in `folder` and, `depth` levels down, its subfolders (outputs
/// are at most `packets/<name>`; symbolic links are not followed); the
/// count removed.
fn remove_legacy_temporaries(folder: &Path, depth: usize) -> usize {
    let Ok(entries) = fs::read_dir(folder) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if depth > 0 && entry.file_name() != STAGING_DIR {
                removed += remove_legacy_temporaries(&entry.path(), depth - 1);
            }
        } else if file_type.is_file()
            && entry
                .file_name()
                .to_string_lossy()
                .starts_with(LEGACY_TEMP_PREFIX)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Status = Status {
        quiet: false,
        color: false,
    };

    /// A workspace folder (with `brief.yaml`) and its `out/` prepared.
    fn workspace() -> (tempfile::TempDir, OutputDir) {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(CONFIG_FILE), "title: T\n").unwrap();
        let out = prepare_in(dir.path(), &dir.path().join("out")).unwrap();
        (dir, out)
    }

    fn prepare_in(root: &Path, out: &Path) -> Result<OutputDir, OutputError> {
        OutputDir::prepare(root, out, PLAIN, &mut Vec::new())
    }

    /// What `prepare` printed on stderr.
    fn prepare_printing(root: &Path, out: &Path) -> String {
        let mut printed = Vec::new();
        let _ = OutputDir::prepare(root, out, PLAIN, &mut printed).unwrap();
        String::from_utf8(printed).unwrap()
    }

    /// Entries of `folder` but the staging folder, sorted.
    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != STAGING_DIR)
            .collect();
        names.sort();
        names
    }

    fn staged_names(out: &OutputDir) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(out.path().join(STAGING_DIR))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n != LOCK_FILE)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn writes_replace_files_and_leave_no_temporaries() {
        let (_dir, out) = workspace();
        out.write("a.json", b"old").unwrap();
        out.write("a.json", b"new").unwrap();
        out.write("packets/p.html", b"x").unwrap();
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"new");
        assert_eq!(names_in(out.path()), ["a.json", "packets"]);
        assert!(staged_names(&out).is_empty(), "{:?}", staged_names(&out));
    }

    #[test]
    fn names_cannot_escape_the_output_directory() {
        let (_dir, out) = workspace();
        for name in [
            "../x.json",
            "/etc/x",
            "",
            "a/../../x",
            ".brief-staging/lock",
        ] {
            assert!(
                matches!(out.write(name, b""), Err(OutputError::Outside { .. })),
                "{name}"
            );
        }
    }

    #[test]
    fn an_output_path_that_is_a_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out");
        fs::write(&file, b"").unwrap();
        assert!(matches!(
            prepare_in(dir.path(), &file),
            Err(OutputError::NotADirectory { .. })
        ));
    }

    #[test]
    fn temporaries_are_staged_in_one_hidden_folder() {
        let (_dir, out) = workspace();
        let staged = vec![
            out.stage("a.html", b"a").unwrap(),
            out.stage("packets/a.html", b"p").unwrap(),
        ];
        assert_eq!(names_in(out.path()), ["packets"]);
        assert!(names_in(&out.path().join("packets")).is_empty());
        assert_eq!(staged_names(&out), ["0-a.html", "1-a.html"]);
        OutputDir::commit(staged).unwrap();
        assert_eq!(fs::read(out.path().join("packets/a.html")).unwrap(), b"p");
    }

    #[test]
    fn leftovers_of_a_killed_build_are_removed_and_counted() {
        let (dir, out) = workspace();
        let path = out.path().to_path_buf();
        drop(out);
        fs::write(path.join(STAGING_DIR).join("3-a.json"), b"half").unwrap();
        fs::write(path.join(".brief-tmp-1-a.json"), b"half").unwrap();
        fs::create_dir_all(path.join("packets")).unwrap();
        fs::write(path.join("packets/.brief-tmp-1-p.pdf"), b"half").unwrap();
        fs::write(path.join("packets/p.pdf"), b"old").unwrap();
        fs::write(path.join("keep.txt"), b"mine").unwrap();
        assert_eq!(
            prepare_printing(dir.path(), &path),
            "     Removed 3 temporary files left in `out` by an interrupted build\n"
        );
        assert_eq!(names_in(&path), ["keep.txt", "packets"]);
        assert_eq!(names_in(&path.join("packets")), ["p.pdf"]);
        assert_eq!(
            prepare_printing(dir.path(), &path),
            "",
            "nothing left twice"
        );
    }

    #[test]
    fn staging_then_failing_leaves_old_files_and_no_temporaries() {
        let (_dir, out) = workspace();
        out.write("a.json", b"old a").unwrap();
        out.write("packets/p.html", b"old p").unwrap();
        let staged = vec![
            out.stage("a.json", b"new a").unwrap(),
            out.stage("packets/p.html", b"new p").unwrap(),
            out.stage("b.json", b"new b").unwrap(),
        ];
        assert_eq!(staged_names(&out).len(), 3);
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"old a");
        // A later output fails to render or stage: drop what was staged.
        assert!(matches!(
            out.stage("../x", b""),
            Err(OutputError::Outside { .. })
        ));
        drop(staged);
        assert_eq!(names_in(out.path()), ["a.json", "packets"]);
        assert_eq!(names_in(&out.path().join("packets")), ["p.html"]);
        assert!(staged_names(&out).is_empty());
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"old a");
        assert_eq!(
            fs::read(out.path().join("packets/p.html")).unwrap(),
            b"old p"
        );
    }

    #[test]
    fn commit_replaces_every_staged_output() {
        let (_dir, out) = workspace();
        out.write("a.json", b"old a").unwrap();
        let staged = vec![
            out.stage("a.json", b"new a").unwrap(),
            out.stage("packets/p.html", b"new p").unwrap(),
        ];
        assert_eq!(staged[1].target(), out.path().join("packets/p.html"));
        let written = OutputDir::commit(staged).unwrap();
        assert_eq!(
            written,
            [out.path().join("a.json"), out.path().join("packets/p.html")]
        );
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"new a");
        assert_eq!(
            fs::read(out.path().join("packets/p.html")).unwrap(),
            b"new p"
        );
        assert_eq!(names_in(out.path()), ["a.json", "packets"]);
        assert_eq!(names_in(&out.path().join("packets")), ["p.html"]);
    }

    #[test]
    fn superseded_outputs_go_when_dropped() {
        let (_dir, out) = workspace();
        out.write("a.json", b"old a").unwrap();
        let staged = vec![
            out.stage("a.json", b"new a").unwrap(),
            out.stage("b.json", b"new b").unwrap(),
        ];
        let (_, superseded) = OutputDir::commit_keeping_old(staged).unwrap();
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"new a");
        let kept = staged_names(&out);
        assert_eq!(kept.len(), 1, "the old a.json, in the staging folder");
        let old = out.path().join(STAGING_DIR).join(&kept[0]);
        assert_eq!(fs::read(old).unwrap(), b"old a");
        drop(superseded);
        assert!(staged_names(&out).is_empty());
        assert_eq!(names_in(out.path()), ["a.json", "b.json"]);
    }

    #[test]
    fn a_second_output_dir_waits_for_the_first_and_says_so() {
        let (dir, out) = workspace();
        let root = dir.path().to_path_buf();
        let path = out.path().to_path_buf();
        let second = std::thread::spawn(move || prepare_printing(&root, &path));
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!second.is_finished(), "the second did not wait");
        drop(out);
        assert_eq!(
            second.join().unwrap(),
            "    Blocking waiting for another brief writing into `out` (a build, or `brief serve`)\n"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinked_folders_and_targets_are_refused() {
        use std::os::unix::fs::symlink;
        let (dir, out) = workspace();
        let victim = tempfile::tempdir().unwrap();
        symlink(victim.path(), out.path().join("packets")).unwrap();
        symlink(victim.path().join("i.html"), out.path().join("index.html")).unwrap();
        let refused = |name: &str, shown: &str| match out.write(name, b"x") {
            Err(OutputError::Symlink { path }) => assert_eq!(path, Path::new(shown)),
            other => panic!("{name}: {other:?}"),
        };
        refused("packets/p.html", "out/packets");
        refused("index.html", "out/index.html");
        assert!(names_in(victim.path()).is_empty());
        drop(out);
        let linked_out = dir.path().join("linked");
        symlink(victim.path(), &linked_out).unwrap();
        assert!(matches!(
            prepare_in(dir.path(), &linked_out),
            Err(OutputError::Symlink { .. })
        ));
    }

    #[test]
    fn output_folders_over_sources_are_refused_and_others_allowed() {
        let (dir, out) = workspace();
        drop(out);
        let root = dir.path();
        fs::create_dir_all(root.join("briefs/x")).unwrap();
        fs::create_dir_all(root.join("templates")).unwrap();
        let overlap = |out: &str| match prepare_in(root, &root.join(out)) {
            Err(OutputError::Sources { overlap, .. }) => overlap.to_string(),
            other => panic!("{out}: {other:?}"),
        };
        assert_eq!(overlap("."), "it is the workspace folder itself");
        assert_eq!(
            overlap("briefs/../templates"),
            "it is the templates folder `templates`"
        );
        assert_eq!(
            overlap("briefs/x/new"),
            "it lies inside the notes folder `briefs`"
        );
        assert_eq!(overlap(".."), "it contains the workspace");
        fs::create_dir_all(root.join("other")).unwrap();
        fs::write(root.join("other/brief.yaml"), "title: O\n").unwrap();
        assert_eq!(overlap("other"), "it holds a `brief.yaml`");
        assert_eq!(
            overlap("other/templates/x"),
            "it lies inside the templates folder `other/templates`"
        );
        assert!(!root.join("briefs/x/new").exists(), "nothing created");
        let elsewhere = tempfile::tempdir().unwrap();
        prepare_in(root, &elsewhere.path().join("site")).unwrap();
        prepare_in(root, &root.join("out/nested")).unwrap();
    }
}
