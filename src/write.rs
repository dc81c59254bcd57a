//! Writing files: new files that must not clobber anything, and outputs
//! replaced atomically (temporary file in the same folder, then rename).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// A file could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{path} already exists; not overwriting it")]
    Exists { path: PathBuf },
    #[error("could not create {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
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

/// Why the output folder could not be written.
#[derive(Debug, Error)]
pub enum OutputError {
    #[error("output path {path} exists and is not a directory")]
    NotADirectory { path: PathBuf },
    #[error("could not create output directory {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("refusing to write {name}: outputs stay inside the output directory")]
    Outside { name: String },
    #[error("could not write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// Prefix of temporary files; a build killed mid-write leaves only these,
/// and the next build removes them.
const TEMP_PREFIX: &str = ".brief-tmp-";

/// The output folder: every output is written to a temporary file beside
/// its target and renamed over it, so a reader sees the old file or the new
/// one, never half of one. `stage` and `commit` do this for many outputs at
/// once: stage each as it is rendered, rename them all only once every one
/// is staged.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
}

impl OutputDir {
    /// Creates the folder if needed and removes temporary files left by a
    /// killed build, in it and its subfolders. Nothing else is touched.
    pub fn prepare(path: &Path) -> Result<OutputDir, OutputError> {
        if path.exists() && !path.is_dir() {
            return Err(OutputError::NotADirectory {
                path: path.to_path_buf(),
            });
        }
        fs::create_dir_all(path).map_err(|source| OutputError::CreateDir {
            path: path.to_path_buf(),
            source,
        })?;
        remove_stale_temporaries(path, 1);
        Ok(OutputDir {
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `bytes` to `name` (a file name, or `folder/file`) atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, OutputError> {
        let staged = self.stage(name, bytes)?;
        let mut written = OutputDir::commit(vec![staged])?;
        Ok(written.pop().unwrap_or_default())
    }

    /// Writes `bytes` to a temporary file beside `name`'s target (a file
    /// name, or `folder/file`), leaving the target untouched. The caller can
    /// drop `bytes` at once; `commit` later renames every staged file over
    /// its target. A `Staged` dropped without being committed removes its
    /// temporary file, so a failed build leaves the previous outputs alone.
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
        if !plain || name.is_empty() {
            return Err(OutputError::Outside {
                name: name.to_owned(),
            });
        }
        let target = self.path.join(relative);
        let folder = target.parent().unwrap_or(&self.path).to_path_buf();
        if folder != self.path {
            // Stale temporaries in subfolders were removed by `prepare`;
            // removing them here would race with other outputs being staged.
            fs::create_dir_all(&folder).map_err(|source| OutputError::CreateDir {
                path: folder.clone(),
                source,
            })?;
        }
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = folder.join(format!("{TEMP_PREFIX}{}-{file_name}", std::process::id()));
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

    /// As [`OutputDir::commit`], but the replaced files are kept (under a
    /// temporary name) until the returned [`Superseded`] is dropped.
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

/// The name a replaced output is kept under: a temporary file's name (so
/// `OutputDir::prepare` removes it should the process die first).
fn old_name(temporary: &Path) -> PathBuf {
    let name = temporary
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .replacen(TEMP_PREFIX, &format!("{TEMP_PREFIX}old-"), 1)
        })
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
    let mut file = fs::File::create(temporary)?;
    let bytes = parts.first().copied().unwrap_or_default();
    if let Some(failing) = injected_failure() {
        // Test hook: fail half-way through writing the named output.
        if target
            .file_name()
            .is_some_and(|n| n.to_string_lossy() == failing)
        {
            file.write_all(&bytes[..bytes.len() / 2])?;
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

/// Removes temporary files in `folder` and, `depth` levels down, its
/// subfolders (outputs are at most `packets/<name>`; symbolic links are not
/// followed).
fn remove_stale_temporaries(folder: &Path, depth: usize) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_dir() {
            if depth > 0 {
                remove_stale_temporaries(&entry.path(), depth - 1);
            }
        } else if file_type.is_file()
            && entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX)
        {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_files_and_leave_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(&dir.path().join("out")).unwrap();
        out.write("a.json", b"old").unwrap();
        out.write("a.json", b"new").unwrap();
        out.write("packets/p.html", b"x").unwrap();
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"new");
        let names: Vec<_> = fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            names.iter().all(|n| !n.starts_with(TEMP_PREFIX)),
            "{names:?}"
        );
    }

    #[test]
    fn names_cannot_escape_the_output_directory() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path()).unwrap();
        for name in ["../x.json", "/etc/x", "", "a/../../x"] {
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
            OutputDir::prepare(&file),
            Err(OutputError::NotADirectory { .. })
        ));
    }

    #[test]
    fn stale_temporaries_are_cleaned_and_other_files_kept() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(".brief-tmp-1-a.json"), b"half").unwrap();
        fs::write(dir.path().join("keep.txt"), b"mine").unwrap();
        OutputDir::prepare(dir.path()).unwrap();
        assert!(!dir.path().join(".brief-tmp-1-a.json").exists());
        assert!(dir.path().join("keep.txt").exists());
    }

    fn names_in(folder: &Path) -> Vec<String> {
        let mut names: Vec<_> = fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn staging_then_failing_leaves_old_files_and_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path()).unwrap();
        out.write("a.json", b"old a").unwrap();
        out.write("packets/p.html", b"old p").unwrap();
        let staged = vec![
            out.stage("a.json", b"new a").unwrap(),
            out.stage("packets/p.html", b"new p").unwrap(),
            out.stage("b.json", b"new b").unwrap(),
        ];
        assert!(
            names_in(out.path())
                .iter()
                .any(|n| n.starts_with(TEMP_PREFIX))
        );
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"old a");
        // A later output fails to render or stage: drop what was staged.
        assert!(matches!(
            out.stage("../x", b""),
            Err(OutputError::Outside { .. })
        ));
        drop(staged);
        assert_eq!(names_in(out.path()), ["a.json", "packets"]);
        assert_eq!(names_in(&out.path().join("packets")), ["p.html"]);
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"old a");
        assert_eq!(
            fs::read(out.path().join("packets/p.html")).unwrap(),
            b"old p"
        );
    }

    #[test]
    fn commit_replaces_every_staged_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path()).unwrap();
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
        let dir = tempfile::tempdir().unwrap();
        let out = OutputDir::prepare(dir.path()).unwrap();
        out.write("a.json", b"old a").unwrap();
        let staged = vec![
            out.stage("a.json", b"new a").unwrap(),
            out.stage("b.json", b"new b").unwrap(),
        ];
        let (_, superseded) = OutputDir::commit_keeping_old(staged).unwrap();
        assert_eq!(fs::read(out.path().join("a.json")).unwrap(), b"new a");
        let kept: Vec<String> = names_in(out.path())
            .into_iter()
            .filter(|n| n.starts_with(TEMP_PREFIX))
            .collect();
        assert_eq!(kept.len(), 1, "the old a.json, under a temporary name");
        assert_eq!(fs::read(out.path().join(&kept[0])).unwrap(), b"old a");
        drop(superseded);
        assert_eq!(names_in(out.path()), ["a.json", "b.json"]);
    }

    #[test]
    fn stale_temporaries_in_subfolders_are_cleaned() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("packets")).unwrap();
        fs::write(dir.path().join("packets/.brief-tmp-1-p.pdf"), b"half").unwrap();
        fs::write(dir.path().join("packets/p.pdf"), b"old").unwrap();
        OutputDir::prepare(dir.path()).unwrap();
        assert_eq!(names_in(&dir.path().join("packets")), ["p.pdf"]);
    }
}
