//! Shell completion: the registration scripts `brief completions` prints,
//! and the workspace's brief and packet names they offer for `--brief`,
//! `--packet` and `brief new`.
//!
//! The scripts call `brief` back at each TAB with `BRIEF_COMPLETE` set
//! (clap_complete's dynamic engine), so the names are read from the
//! workspace the user is in when they press it. Completion reads only
//! `brief.yaml` and the folder names under `briefs/`, never a note, so it
//! stays instant in a workspace of years; every name offered is a slug,
//! so nothing from a shared repository reaches the terminal as anything
//! but letters, digits and hyphens.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap_complete::engine::CompletionCandidate;
use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};

use crate::names::{is_reserved_brief_name, is_slug};
use crate::workspace;

/// Set by the scripts `brief completions` prints when the shell asks
/// `brief` for completions instead of running it (`main` answers). Not
/// clap's default `COMPLETE`, which a CI job or a shell might set for
/// reasons of its own.
pub const COMPLETE_ENV: &str = "BRIEF_COMPLETE";

/// Writes the script that registers `brief`'s completions in `shell`.
pub(crate) fn write_registration(
    shell: clap_complete::Shell,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Bash => &Bash,
        clap_complete::Shell::Elvish => &Elvish,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        clap_complete::Shell::Zsh => &Zsh,
        // `Shell` is non-exhaustive; clap has no other shell today.
        _ => &Bash,
    };
    completer.write_registration(COMPLETE_ENV, "brief", "brief", "brief", out)
}

/// The briefs to offer: folders under `briefs/` and briefs configured in
/// brief.yaml.
pub(crate) fn brief_candidates() -> Vec<CompletionCandidate> {
    candidates(|root| {
        let mut names = workspace::brief_folders(root);
        names.extend(configured(root, |config| {
            config.briefs.keys().cloned().collect()
        }));
        names.retain(|name| !is_reserved_brief_name(name));
        names
    })
}

/// The packets brief.yaml defines.
pub(crate) fn packet_candidates() -> Vec<CompletionCandidate> {
    candidates(|root| configured(root, |config| config.packets.keys().cloned().collect()))
}

/// Names found from the workspace of the command line being completed,
/// sorted, once each, slugs only; none outside a workspace.
fn candidates(find: impl Fn(&Path) -> Vec<String>) -> Vec<CompletionCandidate> {
    let Some(root) = workspace_root(std::env::args_os()) else {
        return Vec::new();
    };
    let mut names = find(&root);
    names.retain(|name| is_slug(name));
    names.sort();
    names.dedup();
    names.into_iter().map(CompletionCandidate::new).collect()
}

fn configured(root: &Path, names: impl Fn(&crate::config::Config) -> Vec<String>) -> Vec<String> {
    let Ok(text) = workspace::read_config(root) else {
        return Vec::new();
    };
    let loaded = crate::config::parse(Path::new(workspace::CONFIG_FILE), &text);
    loaded.config.as_ref().map(names).unwrap_or_default()
}

/// The workspace a completion is for: `--root DIR` on the line being
/// completed, else the one around the current folder.
fn workspace_root(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    let start = match root_flag(args) {
        Some(root) => here.join(root),
        None => here,
    };
    workspace::find_root(&start).ok()
}

/// The value of the last `--root DIR` or `--root=DIR` among `args`.
fn root_flag(args: impl IntoIterator<Item = OsString>) -> Option<PathBuf> {
    let mut root = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--root" {
            root = args.next().map(PathBuf::from);
        } else if let Some(value) = arg.to_str().and_then(|a| a.strip_prefix("--root=")) {
            root = Some(PathBuf::from(value));
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<OsString> {
        words.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_root_flag_is_read_from_the_line_being_completed() {
        let line = args(&[
            "brief", "--", "brief", "--root", "ws", "build", "--brief", "",
        ]);
        assert_eq!(root_flag(line), Some(PathBuf::from("ws")));
        assert_eq!(
            root_flag(args(&["brief", "--root=a/b", "new"])),
            Some(PathBuf::from("a/b"))
        );
        assert_eq!(root_flag(args(&["brief", "build"])), None);
    }

    #[test]
    fn each_shell_gets_a_script_that_calls_brief_back() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
            clap_complete::Shell::Elvish,
            clap_complete::Shell::PowerShell,
        ] {
            let mut script = Vec::new();
            write_registration(shell, &mut script).unwrap();
            let script = String::from_utf8(script).unwrap();
            assert!(script.contains(COMPLETE_ENV), "{shell:?}: {script}");
            assert!(script.contains("brief"), "{shell:?}");
        }
    }
}
