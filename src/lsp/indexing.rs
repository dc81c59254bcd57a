//! Workspaces read on threads of their own: the server answers the editor
//! while a large workspace is indexed, and checks the notes opened
//! meanwhile on their own (see `Project::provisional`).

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use crossbeam_channel::{Receiver, Sender};

use super::project::Project;
use crate::workspace::WorkspaceError;

/// A workspace read, or why not.
pub(super) struct Indexed {
    pub root: PathBuf,
    /// `None` when reading it panicked (a bug, told to the editor).
    pub project: Option<Result<Project, WorkspaceError>>,
}

/// The workspaces being read, and where each arrives when it is.
pub(super) struct Indexing {
    roots: BTreeSet<PathBuf>,
    sender: Sender<Indexed>,
    receiver: Receiver<Indexed>,
}

impl Default for Indexing {
    fn default() -> Indexing {
        let (sender, receiver) = crossbeam_channel::unbounded();
        Indexing {
            roots: BTreeSet::new(),
            sender,
            receiver,
        }
    }
}

impl Indexing {
    /// Starts reading the workspace at `root`, unless it is being read.
    pub(super) fn start(&mut self, root: &Path) {
        if !self.roots.insert(root.to_path_buf()) {
            return;
        }
        let root = root.to_path_buf();
        let (task_root, sender) = (root.clone(), self.sender.clone());
        let spawned = std::thread::Builder::new()
            .name("brief-index".to_owned())
            .spawn(move || read(task_root, &sender));
        if spawned.is_err() {
            // No thread to be had: read it here, and wait.
            read(root, &self.sender);
        }
    }

    /// Where finished workspaces arrive.
    pub(super) fn arrivals(&self) -> Receiver<Indexed> {
        self.receiver.clone()
    }

    /// Marks `root` read.
    pub(super) fn finish(&mut self, root: &Path) {
        self.roots.remove(root);
    }

    /// The workspace being read that holds `path`.
    pub(super) fn root_of(&self, path: &Path) -> Option<&Path> {
        self.roots
            .iter()
            .filter(|root| path.starts_with(root))
            .max_by_key(|root| root.components().count())
            .map(PathBuf::as_path)
    }

    /// Whether no workspace is being read.
    pub(super) fn is_idle(&self) -> bool {
        self.roots.is_empty()
    }

    /// Waits for the next workspace to be read.
    pub(super) fn next(&self) -> Option<Indexed> {
        if self.is_idle() {
            return None;
        }
        self.receiver.recv().ok()
    }
}

/// Reads the workspace at `root` and sends it; a panic is sent as `None`.
fn read(root: PathBuf, sender: &Sender<Indexed>) {
    let project = catch_unwind(AssertUnwindSafe(|| Project::load(&root))).ok();
    // The server may have gone (the editor said `exit`).
    let _ = sender.send(Indexed { root, project });
}
