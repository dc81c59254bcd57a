//! `brief check`: validate everything, print every problem, exit 1 on errors.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::commands::Outcome;
use crate::diag::{self, Format, ShownFrom, Tally, plural};
use crate::load::Loaded;
use crate::status::Status;

/// What to print and how.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckOptions<'a> {
    /// `--format`: human, JSON lines, GitHub annotations, SARIF or GitLab
    /// Code Quality.
    pub format: Format,
    /// Where printed paths start from ([`shown_from`]).
    pub shown: &'a ShownFrom,
    /// Whether human output is coloured.
    pub color: bool,
    /// `--quiet`: problems only, no summary line.
    pub quiet: bool,
}

/// Prints the diagnostics of a loaded workspace and the summary line.
/// Human output goes to stderr; the other formats are the command's
/// result and go to stdout.
pub(crate) fn report(
    loaded: &Loaded,
    options: CheckOptions<'_>,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let rendered = diag::render_from(
        &loaded.diagnostics,
        options.format,
        options.color,
        options.shown,
    );
    match options.format {
        Format::Human => stderr.write_all(rendered.as_bytes())?,
        Format::Json | Format::Github | Format::Sarif | Format::Gitlab => {
            stdout.write_all(rendered.as_bytes())?;
        }
    }
    if options.format == Format::Human {
        let status = Status {
            quiet: options.quiet,
            color: options.color,
        };
        if loaded.has_errors() {
            status.failure(stderr, "Checked", &summary(loaded))?;
        } else {
            status.line(stderr, "Checked", &summary(loaded))?;
        }
    }
    Ok(if loaded.has_errors() {
        Outcome::Invalid
    } else {
        Outcome::Ok
    })
}

/// What was checked and what was found, e.g. `14 notes in 2 briefs: all
/// valid` (printed after `Checked`).
pub(crate) fn summary(loaded: &Loaded) -> String {
    let tally = Tally::of(&loaded.diagnostics);
    let checked = format!(
        "{} in {}",
        plural(loaded.files, "note"),
        plural(loaded.brief_count(), "brief")
    );
    let invalid = loaded.files - loaded.notes.len();
    match (tally.errors, tally.warnings) {
        (0, 0) => format!("{checked}: all valid"),
        (0, warnings) => format!("{checked}: all valid, {}", plural(warnings, "warning")),
        (errors, warnings) => {
            let mut line = format!("{checked}: {}", plural(errors, "error"));
            if warnings > 0 {
                line.push_str(&format!(", {}", plural(warnings, "warning")));
            }
            if invalid > 0 {
                line.push_str(&format!("; {} invalid", plural(invalid, "note")));
            }
            line
        }
    }
}

/// Where `format`'s paths start from, for the workspace at `root`
/// (absolute): a person's formats from the current folder, CI's from the
/// repository's root ([`repository_root`]), else the current folder too.
pub(crate) fn shown_from(format: Format, root: &Path) -> std::io::Result<ShownFrom> {
    let cwd = std::env::current_dir()?;
    let base = if format.is_for_ci() {
        let from_env = ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"].map(std::env::var_os);
        repository_root(root, &cwd, from_env)
    } else {
        None
    };
    Ok(match base {
        Some((root, base)) => ShownFrom::folder(&root, &base),
        None => ShownFrom::folder(root, &cwd),
    })
}

/// The root of the repository holding the workspace at `root`, with the
/// workspace root as compared to it: the first of the CI's checkout
/// folders named in `from_env` (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`; a
/// relative one is taken from `cwd`), then the nearest folder above the
/// workspace with a `.git` entry (a folder, or the file of a worktree or
/// submodule: no `git` program needed), that holds the workspace.
fn repository_root(
    root: &Path,
    cwd: &Path,
    from_env: [Option<OsString>; 2],
) -> Option<(PathBuf, PathBuf)> {
    let checkouts = from_env
        .into_iter()
        .flatten()
        .filter(|dir| !dir.is_empty())
        .map(|dir| cwd.join(dir));
    let git_top = root
        .ancestors()
        .find(|dir| dir.join(".git").symlink_metadata().is_ok())
        .map(Path::to_path_buf);
    checkouts
        .chain(git_top)
        .find_map(|base| holding(&base, root))
}

/// `root` and `base` as compared, when the folder `base` holds `root`:
/// as written, else with their links resolved (a checkout folder reached
/// through a link, as macOS's `/tmp` is).
fn holding(base: &Path, root: &Path) -> Option<(PathBuf, PathBuf)> {
    if root.starts_with(base) {
        return Some((root.to_path_buf(), base.to_path_buf()));
    }
    let base = std::fs::canonicalize(base).ok()?;
    let root = std::fs::canonicalize(root).ok()?;
    root.starts_with(&base).then_some((root, base))
}
