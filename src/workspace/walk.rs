//! The walk of `briefs/` (and `templates/`): every entry in file-name
//! order, links followed only inside the workspace and never twice into one
//! folder, special files reported by type and never opened.

use std::collections::HashMap;
use std::fs::{self, FileType};
use std::io;
use std::path::{Path, PathBuf};

use super::{ConfineError, SpecialKind, confine_in};

/// The regular files found under a folder (as reached, link names kept),
/// and what could not be walked.
#[derive(Debug, Default)]
pub(super) struct Walk {
    pub(super) files: Vec<PathBuf>,
    pub(super) problems: Vec<WalkProblem>,
}

/// An entry a walk did not follow or read. Paths are as reached from the
/// workspace root, so they name the link, not what it points to.
#[derive(Debug)]
pub(super) enum WalkProblem {
    /// A link to a folder the walk is already inside.
    Loop {
        path: PathBuf,
        ancestor: PathBuf,
    },
    Broken {
        path: PathBuf,
        target: PathBuf,
    },
    Outside {
        path: PathBuf,
        is_dir: bool,
        hidden: bool,
    },
    /// A link to a file or folder the walk reads by another path (`first`).
    LinkedTwice {
        path: PathBuf,
        first: PathBuf,
    },
    Special {
        path: PathBuf,
        kind: SpecialKind,
    },
    Unreadable {
        path: PathBuf,
        source: io::Error,
    },
}

/// A folder waiting to be listed, with the folders the walk went through to
/// reach it (resolved path, path as reached), for loop detection.
struct PendingDir {
    path: PathBuf,
    ancestors: Vec<(PathBuf, PathBuf)>,
    /// Reached through a link: its files yield to the same files reached
    /// without one.
    via_link: bool,
}

/// What a walk lists when links lead to one file or folder twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// Notes: each file once (a note counts once in its brief), each folder
    /// walked once, every other path reported as linked twice.
    EachFileOnce,
    /// Templates: every name, since each names its own template.
    EveryName,
}

/// A file the walk found: the path it was reached by, what it resolves to,
/// and whether a link led there.
struct Found {
    /// The folder under `briefs/` it was reached in: a note linked into
    /// two briefs belongs to both, but counts once in each.
    brief: PathBuf,
    path: PathBuf,
    real: PathBuf,
    via_link: bool,
}

/// Walks `folder` (inside the workspace at `root`) in file-name order,
/// skipping hidden entries. A link is followed only when its resolved path
/// stays inside the workspace, and only to a folder not already being
/// walked; nothing outside is listed, opened or read, and special files are
/// reported by type without being opened.
pub(super) fn walk(root: &Path, folder: &Path, reading: Reading) -> Walk {
    let mut walked = Walk::default();
    let Ok(real_root) = fs::canonicalize(root) else {
        walked.problems.push(WalkProblem::Unreadable {
            path: folder.to_path_buf(),
            source: io::Error::other("could not resolve the workspace folder"),
        });
        return walked;
    };
    let real_folder = match confine_in(&real_root, root, folder) {
        Ok(real) if real.is_dir() => real,
        // No folder (or a file by that name): nothing to walk, as before.
        Ok(_) => return walked,
        Err(ConfineError::Resolve { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            if folder.is_symlink() {
                walked.problems.push(broken_link(folder));
            }
            return walked;
        }
        Err(ConfineError::Resolve { source, .. }) => {
            walked.problems.push(WalkProblem::Unreadable {
                path: folder.to_path_buf(),
                source,
            });
            return walked;
        }
        Err(ConfineError::Outside { hidden, .. }) => {
            walked.problems.push(WalkProblem::Outside {
                path: folder.to_path_buf(),
                is_dir: true,
                hidden,
            });
            return walked;
        }
    };
    let mut pending = vec![PendingDir {
        path: folder.to_path_buf(),
        ancestors: vec![(real_folder.clone(), folder.to_path_buf())],
        via_link: false,
    }];
    // Each folder is walked once per brief folder, however many links lead
    // to it: links fanning out to one folder would otherwise repeat its
    // notes, doubling with every level. (A folder linked into two briefs
    // belongs to both.)
    let top = |path: &Path| -> PathBuf {
        let inside = path.strip_prefix(folder).unwrap_or(path);
        inside
            .components()
            .next()
            .map(|c| PathBuf::from(c.as_os_str()))
            .unwrap_or_default()
    };
    let mut folders_seen: HashMap<(PathBuf, PathBuf), PathBuf> =
        HashMap::from([((real_folder, PathBuf::new()), folder.to_path_buf())]);
    let mut found = Vec::new();
    while let Some(dir) = pending.pop() {
        let entries = match sorted_entries(&dir.path) {
            Ok(entries) => entries,
            Err(source) => {
                walked.problems.push(WalkProblem::Unreadable {
                    path: dir.path,
                    source,
                });
                continue;
            }
        };
        let mut subfolders = Vec::new();
        for (name, file_type) in entries {
            let path = dir.path.join(&name);
            let real_here = || {
                dir.ancestors
                    .last()
                    .map_or_else(|| path.clone(), |(real_parent, _)| real_parent.join(&name))
            };
            if file_type.is_symlink() {
                match follow_link(&real_root, root, &path, &dir.ancestors) {
                    Followed::File(real) => found.push(Found {
                        brief: top(&path),
                        path,
                        real,
                        via_link: true,
                    }),
                    Followed::Folder(real) => match folders_seen.get(&(real.clone(), top(&path))) {
                        Some(first) if reading == Reading::EachFileOnce => {
                            walked.problems.push(WalkProblem::LinkedTwice {
                                path,
                                first: first.clone(),
                            })
                        }
                        _ => {
                            folders_seen
                                .entry((real.clone(), top(&path)))
                                .or_insert_with(|| path.clone());
                            subfolders.push(dir.child(path, real, true));
                        }
                    },
                    Followed::Refused(problem) => walked.problems.push(problem),
                }
            } else if file_type.is_dir() {
                let real = real_here();
                folders_seen
                    .entry((real.clone(), top(&path)))
                    .or_insert_with(|| path.clone());
                subfolders.push(dir.child(path, real, dir.via_link));
            } else if file_type.is_file() {
                let real = real_here();
                found.push(Found {
                    brief: top(&path),
                    path,
                    real,
                    via_link: dir.via_link,
                });
            } else if let Some(kind) = SpecialKind::of(&file_type) {
                walked.problems.push(WalkProblem::Special { path, kind });
            }
        }
        // Reversed so the first subfolder is listed next: a depth-first
        // walk in name order, like walkdir's.
        pending.extend(subfolders.into_iter().rev());
    }
    match reading {
        Reading::EachFileOnce => read_each_once(found, &mut walked),
        Reading::EveryName => walked.files.extend(found.into_iter().map(|f| f.path)),
    }
    walked
}

/// Keeps each file once per brief folder, in walk order, by the path
/// reached without a link when there is one; every other path to it is
/// reported.
fn read_each_once(found: Vec<Found>, walked: &mut Walk) {
    let mut kept: HashMap<(&Path, &Path), &Path> = HashMap::new();
    for file in found.iter().filter(|f| !f.via_link) {
        kept.entry((&file.real, &file.brief)).or_insert(&file.path);
    }
    for file in found.iter().filter(|f| f.via_link) {
        kept.entry((&file.real, &file.brief)).or_insert(&file.path);
    }
    for file in &found {
        match kept.get(&(file.real.as_path(), file.brief.as_path())) {
            Some(first) if *first == file.path.as_path() => walked.files.push(file.path.clone()),
            Some(first) => walked.problems.push(WalkProblem::LinkedTwice {
                path: file.path.clone(),
                first: first.to_path_buf(),
            }),
            None => {}
        }
    }
}

impl PendingDir {
    fn child(&self, path: PathBuf, real: PathBuf, via_link: bool) -> PendingDir {
        let mut ancestors = self.ancestors.clone();
        ancestors.push((real, path.clone()));
        PendingDir {
            path,
            ancestors,
            via_link,
        }
    }
}

/// The entries of `dir` that are not hidden, sorted by name, with their
/// own type (a link is a link here, not what it points to).
fn sorted_entries(dir: &Path) -> io::Result<Vec<(std::ffi::OsString, FileType)>> {
    let mut entries = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if is_hidden(&name) {
            continue;
        }
        entries.push((name, entry.file_type()?));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(entries)
}

/// Where following a symbolic link led.
enum Followed {
    /// A file, with its resolved path.
    File(PathBuf),
    Folder(PathBuf),
    Refused(WalkProblem),
}

/// Resolves the link at `path` and decides whether the walk may go there:
/// only inside the workspace, only to a file or a folder, and never back
/// into a folder it is already inside. Only the resolved path's metadata is
/// looked at, so a link to `/` or `/proc/kmsg` costs two system calls.
fn follow_link(
    real_root: &Path,
    root: &Path,
    path: &Path,
    ancestors: &[(PathBuf, PathBuf)],
) -> Followed {
    let real = match confine_in(real_root, root, path) {
        Ok(real) => real,
        Err(ConfineError::Resolve { source, .. }) if source.kind() == io::ErrorKind::NotFound => {
            return Followed::Refused(broken_link(path));
        }
        Err(ConfineError::Resolve { source, .. }) => {
            return Followed::Refused(WalkProblem::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(ConfineError::Outside { hidden, .. }) => {
            // Only the type, to word the message; the target is not opened.
            let is_dir = fs::metadata(path).is_ok_and(|m| m.is_dir());
            return Followed::Refused(WalkProblem::Outside {
                path: path.to_path_buf(),
                is_dir,
                hidden,
            });
        }
    };
    let file_type = match fs::metadata(&real) {
        Ok(metadata) => metadata.file_type(),
        Err(source) => {
            return Followed::Refused(WalkProblem::Unreadable {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if file_type.is_dir() {
        if let Some((_, ancestor)) = ancestors.iter().find(|(resolved, _)| *resolved == real) {
            return Followed::Refused(WalkProblem::Loop {
                path: path.to_path_buf(),
                ancestor: ancestor.clone(),
            });
        }
        return Followed::Folder(real);
    }
    match SpecialKind::of(&file_type) {
        Some(kind) => Followed::Refused(WalkProblem::Special {
            path: path.to_path_buf(),
            kind,
        }),
        None => Followed::File(real),
    }
}

pub(super) fn broken_link(path: &Path) -> WalkProblem {
    WalkProblem::Broken {
        path: path.to_path_buf(),
        target: fs::read_link(path).unwrap_or_default(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}
