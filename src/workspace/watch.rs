//! Watching a workspace: debounced file events, reduced to the paths a
//! build reads (brief.yaml, notes, templates).
//!
//! Editors save in many ways: writing in place, writing a temporary file
//! and renaming it over the note (vim, JetBrains, VS Code's atomic save),
//! or leaving lock and swap files beside it (`.#a.md`, `.a.md.swp`,
//! `a.md~`, vim's `4913` probe). A burst of events is folded into one batch
//! once the workspace is quiet for `DEBOUNCE`; `relevant` keeps the paths a build reads, whatever the event
//! kind, so a rename over a note is seen as a change to the note and the
//! temporary files are never seen at all.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use super::{CONFIG_FILE, NOTES_DIR, TEMPLATES_DIR};

/// How long the workspace must be quiet before a batch is reported.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(100);

/// What the watcher reports.
#[derive(Debug)]
pub enum Change {
    /// Paths (absolute) a build reads, changed, created or removed.
    Paths(Vec<PathBuf>),
    /// Events were lost (queue overflow, say): rebuild everything.
    Rescan,
}

/// Keeps the watch alive; dropping it stops watching (and its thread).
pub(crate) struct Watch {
    _watcher: RecommendedWatcher,
}

/// Watches `root` (brief.yaml, briefs/ and templates/), sending a `Change`
/// for each quiet-ended burst of events touching something a build reads.
/// `out` (the output folder) is ignored, so writing outputs never
/// triggers a rebuild; so are reads (a build reading notes would
/// otherwise trigger the next one).
pub(crate) fn watch(
    root: &Path,
    out: &Path,
    send: impl Fn(Change) + Send + 'static,
) -> notify::Result<Watch> {
    let root_owned = root.to_path_buf();
    let out_owned = out.to_path_buf();
    let (events, batches) = mpsc::channel::<Option<Vec<PathBuf>>>();
    let mut watcher = notify::recommended_watcher(move |result: notify::Result<notify::Event>| {
        let paths = match result {
            Ok(event) if is_read(&event.kind) => return,
            Ok(event) if event.need_rescan() => None,
            Ok(event) => {
                let paths: Vec<PathBuf> = event
                    .paths
                    .into_iter()
                    .filter(|p| relevant(&root_owned, &out_owned, p))
                    .collect();
                if paths.is_empty() {
                    return;
                }
                Some(paths)
            }
            Err(_) => None,
        };
        let _ = events.send(paths);
    })?;
    // The debouncer: wait for a first event, then gather until quiet.
    std::thread::spawn(move || {
        while let Ok(first) = batches.recv() {
            let mut gathered = first;
            loop {
                match batches.recv_timeout(DEBOUNCE) {
                    Ok(more) => {
                        gathered = match (gathered, more) {
                            (Some(mut a), Some(b)) => {
                                a.extend(b);
                                Some(a)
                            }
                            _ => None,
                        }
                    }
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            match gathered {
                Some(mut paths) => {
                    paths.sort();
                    paths.dedup();
                    send(Change::Paths(paths));
                }
                None => send(Change::Rescan),
            }
        }
    });
    // The root itself only shallowly (brief.yaml is replaced by rename, so
    // its folder is watched): a workspace may hold much else, `target/` say.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for folder in [NOTES_DIR, TEMPLATES_DIR] {
        let folder = root.join(folder);
        if folder.is_dir() {
            watcher.watch(&folder, RecursiveMode::Recursive)?;
        }
    }
    Ok(Watch { _watcher: watcher })
}

/// Opening, reading or closing without writing changes nothing.
fn is_read(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => false,
        EventKind::Access(_) => true,
        _ => false,
    }
}

/// Whether a build reads `path`: brief.yaml, anything under templates/,
/// and under briefs/ notes (`.md`) or folders; never hidden or backup
/// files, nor the output folder.
pub(crate) fn relevant(root: &Path, out: &Path, path: &Path) -> bool {
    if path.starts_with(out) {
        return false;
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<&str> = relative
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .collect();
    let Some((first, rest)) = names.split_first() else {
        return false;
    };
    if names.iter().any(|n| n.starts_with('.')) {
        return false;
    }
    match *first {
        CONFIG_FILE => rest.is_empty(),
        TEMPLATES_DIR => true,
        NOTES_DIR => match rest.last() {
            None => true,
            Some(last) => {
                let backup = last.ends_with('~') || last.ends_with(".swp") || *last == "4913";
                // A name without an extension may be a folder (created,
                // removed or renamed): the build rescans for those.
                !backup && (last.ends_with(".md") || !last.contains('.'))
            }
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_build_reads_is_relevant() {
        let root = Path::new("/w");
        let out = Path::new("/w/out");
        let yes = [
            "/w/brief.yaml",
            "/w/briefs/x/a.md",
            "/w/briefs/x",
            "/w/briefs",
            "/w/templates/brief.html",
        ];
        let no = [
            "/w/out/x.html",
            "/w/briefs/x/.a.md.swp",
            "/w/briefs/x/.#a.md",
            "/w/briefs/x/a.md~",
            "/w/briefs/x/4913",
            "/w/briefs/x/a.md.tmp.123",
            "/w/briefs/.hidden/a.md",
            "/w/.git/index",
            "/w/README.md",
            "/elsewhere/brief.yaml",
        ];
        for path in yes {
            assert!(relevant(root, out, Path::new(path)), "{path}");
        }
        for path in no {
            assert!(!relevant(root, out, Path::new(path)), "{path}");
        }
    }
}
