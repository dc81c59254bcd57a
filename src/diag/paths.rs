//! Where printed paths start from. A diagnostic's path is stored relative
//! to the workspace root; a person reads it from the current folder (as
//! rustc and ruff print paths), and CI attaches an annotation only to a
//! path from the repository's root. Which folder that is is decided at the
//! edge (`commands::check`); turning one path into the other is pure and
//! lexical here.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// How printers write a diagnostic's path.
#[derive(Debug, Clone, Default)]
pub struct ShownFrom {
    /// The workspace root and the folder paths are shown from, both
    /// absolute and lexically normal; `None` shows paths as stored.
    folders: Option<(PathBuf, PathBuf)>,
}

impl ShownFrom {
    /// Paths as stored: relative to the workspace root.
    pub fn workspace() -> Self {
        ShownFrom::default()
    }

    /// Paths relative to the absolute folder `base`, for a workspace whose
    /// root is the absolute folder `root`: `briefs/a.md` of a workspace in
    /// `examples/ci` is `examples/ci/briefs/a.md` from the folder above it,
    /// `../a.md` from `briefs/b`. A file that shares nothing with `base`
    /// but the file system's root is shown by its absolute path.
    pub fn folder(root: &Path, base: &Path) -> Self {
        ShownFrom {
            folders: Some((lexically_normal(root), lexically_normal(base))),
        }
    }

    /// `path` (relative to the workspace root) as printers show it.
    pub fn show<'a>(&self, path: &'a Path) -> Cow<'a, Path> {
        let Some((root, base)) = &self.folders else {
            return Cow::Borrowed(path);
        };
        let full = lexically_normal(&root.join(path));
        match relative(&full, base) {
            Some(relative) => Cow::Owned(relative),
            None => Cow::Owned(full),
        }
    }
}

/// `path` from `base` (both absolute and normal), climbing with `..` where
/// needed; `None` when they share no folder but the root.
fn relative(path: &Path, base: &Path) -> Option<PathBuf> {
    let path: Vec<Component<'_>> = path.components().collect();
    let base: Vec<Component<'_>> = base.components().collect();
    let common = path.iter().zip(&base).take_while(|(a, b)| a == b).count();
    let roots = path
        .iter()
        .take_while(|c| matches!(c, Component::Prefix(_) | Component::RootDir))
        .count();
    if common <= roots && base.len() > roots {
        return None;
    }
    let mut out = PathBuf::new();
    for _ in common..base.len() {
        out.push("..");
    }
    for component in &path[common..] {
        out.push(component);
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    Some(out)
}

/// `path` with `.` dropped and `..` taken back a component, without
/// following links (the paths printed are those the user named).
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(root: &str, base: &str, path: &str) -> String {
        ShownFrom::folder(Path::new(root), Path::new(base))
            .show(Path::new(path))
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn paths_are_shown_from_the_folder_above_below_or_beside_the_workspace() {
        let note = "briefs/b/a.md";
        assert_eq!(shown("/repo/ws", "/repo", note), "ws/briefs/b/a.md");
        assert_eq!(shown("/repo", "/repo", note), "briefs/b/a.md");
        assert_eq!(shown("/repo", "/repo/briefs/b", note), "a.md");
        assert_eq!(shown("/repo", "/repo/briefs/c", note), "../b/a.md");
        assert_eq!(
            shown("/home/u/ws", "/home/u/other", note),
            "../ws/briefs/b/a.md"
        );
        assert_eq!(shown("/repo/x/../ws", "/repo/.", note), "ws/briefs/b/a.md");
    }

    #[test]
    fn a_workspace_unrelated_to_the_folder_is_shown_by_its_absolute_path() {
        assert_eq!(
            shown("/tmp/ws", "/work/repo", "brief.yaml"),
            "/tmp/ws/brief.yaml"
        );
        assert_eq!(
            shown("/tmp/ws", "/", "brief.yaml"),
            "tmp/ws/brief.yaml",
            "from the root itself, the path is relative"
        );
    }

    #[test]
    fn stored_paths_are_shown_as_they_are_by_default() {
        let path = Path::new("briefs/b/a.md");
        assert_eq!(ShownFrom::workspace().show(path), path);
    }
}
