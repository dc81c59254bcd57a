//! `brief man`: the manual, one page per command (`brief(1)`,
//! `brief-build(1)` …), each with the sections a man page is expected to
//! have — EXAMPLES, EXIT STATUS, ENVIRONMENT, SEE ALSO — that clap's own
//! rendering leaves out.

use std::path::{Path, PathBuf};

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold, roman};

use crate::write::WriteError;

/// One manual page: `brief-build` and its roff source.
#[derive(Debug)]
pub(crate) struct Page {
    /// The page's name, e.g. `brief-build`; its file is `<name>.1`.
    pub(crate) name: String,
    /// The page in roff.
    pub(crate) roff: Vec<u8>,
}

impl Page {
    /// The page's file name, e.g. `brief-build.1`.
    pub(crate) fn file_name(&self) -> String {
        format!("{}.1", self.name)
    }
}

/// Every page: `brief` first, then each command's in the order `--help`
/// lists them.
pub(crate) fn pages(command: clap::Command) -> std::io::Result<Vec<Page>> {
    let mut command = command.disable_help_subcommand(true);
    // Propagates the global options into each command and names them
    // `brief-build` and so on.
    command.build();
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .cloned()
        .collect();
    let names: Vec<String> = subcommands
        .iter()
        .map(|s| s.get_display_name().unwrap_or(s.get_name()).to_owned())
        .collect();
    let mut pages = vec![page(&command, true, &names)?];
    for sub in &subcommands {
        pages.push(page(sub, false, &["brief".to_owned()])?);
    }
    Ok(pages)
}

/// The page named `name` (`brief` or `brief-build`), if there is one.
pub(crate) fn find(pages: Vec<Page>, name: &str) -> Option<Page> {
    pages.into_iter().find(|p| p.name == name)
}

/// Writes every page into `dir` (created if need be, pages there
/// replaced); the paths written.
pub(crate) fn write_all(pages: &[Page], dir: &Path) -> Result<Vec<PathBuf>, WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError::Create {
        path: dir.to_path_buf(),
        source,
    })?;
    pages
        .iter()
        .map(|page| {
            let path = dir.join(page.file_name());
            std::fs::write(&path, &page.roff).map_err(|source| WriteError::Create {
                path: path.clone(),
                source,
            })?;
            Ok(path)
        })
        .collect()
}

/// One command's page. `see_also` names the pages it points to; the
/// top-level page (`top`) lists every command's.
fn page(command: &clap::Command, top: bool, see_also: &[String]) -> std::io::Result<Page> {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let short = if top { "brief" } else { command.get_name() };
    // The examples get a section of their own, not clap's "EXTRA".
    let examples = command
        .get_after_long_help()
        .map(|text| text.to_string())
        .unwrap_or_default();
    let man = Man::new(command.clone().after_long_help(None::<&str>))
        .source(format!("brief {}", env!("CARGO_PKG_VERSION")))
        .manual("brief manual");

    let mut out = Vec::new();
    man.render_title(&mut out)?;
    append(&mut out, |w| man.render_name_section(w))?;
    append(&mut out, |w| man.render_synopsis_section(w))?;
    append(&mut out, |w| man.render_description_section(w))?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        append(&mut out, |w| man.render_options_section(w))?;
    }
    if top {
        append(&mut out, |w| man.render_subcommands_section(w))?;
    }
    let mut roff = Roff::new();
    examples_section(&mut roff, &examples);
    exit_status_section(&mut roff, short);
    environment_section(&mut roff, short);
    if top {
        files_section(&mut roff);
    }
    see_also_section(&mut roff, see_also);
    // clap renders VERSION only for the top-level command (and panics on
    // a subcommand's); every page names the release it documents.
    roff.control("SH", ["VERSION"]);
    roff.text([roman(concat!("v", env!("CARGO_PKG_VERSION")))]);
    append(&mut out, |w| roff.to_writer(w))?;
    Ok(Page { name, roff: out })
}

/// Appends one rendered section, without the apostrophe preamble roff
/// writes before each (the title already has it).
fn append(
    out: &mut Vec<u8>,
    render: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let preamble = Roff::new().render();
    let mut piece = Vec::new();
    render(&mut piece)?;
    let piece = piece.strip_prefix(preamble.as_bytes()).unwrap_or(&piece);
    out.extend_from_slice(piece);
    Ok(())
}

/// The `Examples:` block of `--help`, kept as it is laid out.
fn examples_section(roff: &mut Roff, after_help: &str) {
    let lines: Vec<&str> = after_help
        .lines()
        .filter(|line| line.trim() != "Examples:")
        .collect();
    if lines.iter().all(|line| line.trim().is_empty()) {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line.trim_start())]);
    }
    roff.control("fi", []);
}

/// What a command's exit code means. `command` is the short name
/// (`build`), or `brief` for the top-level page.
fn exit_status_section(roff: &mut Roff, command: &str) {
    let invalid = match command {
        "brief" => {
            Some("some input was invalid: a note or brief.yaml has errors (see each command).")
        }
        "check" => {
            Some("a note or brief.yaml has errors, or a warning was raised with --deny-warnings.")
        }
        "build" => Some(
            "brief.yaml or a template is invalid (nothing is written), or some notes are invalid: the briefs are built without them, or nothing is written with --strict.",
        ),
        "diff" => Some(
            "brief.yaml or some notes are invalid; the changes are computed without those notes.",
        ),
        "list" => Some("brief.yaml is invalid, so there is nothing to list."),
        "lsp" => Some(
            "the editor said exit, or hung up, without asking for shutdown first (as the Language Server Protocol asks).",
        ),
        _ => None,
    };
    roff.control("SH", ["EXIT STATUS"]);
    item(roff, "0", "success.");
    if let Some(invalid) = invalid {
        item(roff, "1", invalid);
    }
    item(
        roff,
        "2",
        "a usage error (a wrong flag or value), no workspace found, or a file that could not be read or written.",
    );
}

/// One entry of a tagged list: `term` in bold, `meaning` below it
/// (`roman` escapes roff's specials, hyphens included).
fn item(roff: &mut Roff, term: &str, meaning: &str) {
    roff.control("TP", []);
    roff.text([bold(term)]);
    roff.text([roman(meaning)]);
}

/// The environment variables a command reads.
fn environment_section(roff: &mut Roff, command: &str) {
    let top = command == "brief";
    // The commands that print status lines or diagnostics on stderr.
    let colour = matches!(
        command,
        "check" | "build" | "diff" | "serve" | "list" | "new" | "init" | "man"
    );
    let mut vars: Vec<(&str, &str)> = Vec::new();
    if top || colour {
        vars.push((
            "NO_COLOR",
            "When set and not empty, output is never coloured (with --color auto, the default).",
        ));
        vars.push(("TERM", "When dumb, output is not coloured."));
    }
    if top || matches!(command, "build" | "serve") {
        vars.push((
            "SOURCE_DATE_EPOCH",
            "Seconds since 1970 to stamp outputs with (the PDF's creation date), for reproducible builds; otherwise the as-of date is used.",
        ));
    }
    if top || command == "check" {
        vars.push((
            "GITHUB_WORKSPACE, CI_PROJECT_DIR",
            "The repository root that paths in the github, sarif and gitlab formats start from (GitHub Actions, then GitLab CI); without either, the nearest folder upwards holding .git, else the current folder.",
        ));
    }
    if top
        || matches!(
            command,
            "check" | "build" | "serve" | "diff" | "lsp" | "list"
        )
    {
        vars.push((
            "RAYON_NUM_THREADS",
            "How many threads check and render notes [default: one per core].",
        ));
    }
    if top || command == "completions" {
        vars.push((
            super::complete::COMPLETE_ENV,
            "Set by the scripts of brief completions when the shell asks for completions; brief then prints candidates instead of running.",
        ));
    }
    roff.control("SH", ["ENVIRONMENT"]);
    if vars.is_empty() {
        roff.text([roman(format!(
            "brief {command} reads no environment variables."
        ))]);
    }
    for (name, meaning) in vars {
        item(roff, name, meaning);
    }
}

/// The files `brief` reads in a workspace (top-level page only).
fn files_section(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    for (file, meaning) in [
        (
            "brief.yaml",
            "The workspace's configuration: briefs, packets, actors, mechanisms, markings; brief looks for it in the current folder and upwards, or in --root.",
        ),
        (
            "briefs/<brief>/*.md",
            "The notes, one development each: YAML front matter and a markdown body.",
        ),
        (
            "templates/",
            "Tera templates overriding the built-in HTML templates.",
        ),
        ("fonts/", "Fonts extending the PDF's fallback chain."),
        (
            "out/",
            "Where build and serve write briefs, packets and index.html by default.",
        ),
    ] {
        item(roff, file, meaning);
    }
}

/// The related pages, as `brief-build(1), brief-check(1)`.
fn see_also_section(roff: &mut Roff, pages: &[String]) {
    if pages.is_empty() {
        return;
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut inlines = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if i > 0 {
            inlines.push(roman(", "));
        }
        inlines.push(bold(page.as_str()));
        inlines.push(roman("(1)"));
    }
    roff.text(inlines);
}
