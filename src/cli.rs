//! Command-line interface: clap types, checked once into plain options.

use std::io::IsTerminal;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCandidates;

pub use crate::commands::complete::COMPLETE_ENV;
use crate::commands::complete::{brief_candidates, packet_candidates};
use crate::diag;

const EXAMPLES: &str = "\
Examples:
  brief check                      validate every note in the workspace
  brief build                      write every brief to out/
  brief build --brief hormuz-shipping --format html,json --out /tmp/briefs
  brief new us-iran-talks --title \"Doha round four opens\"
  brief serve --open               rebuild and reload in the browser on every save";

/// Turns analysts' markdown notes into structured briefs (HTML, PDF, JSON).
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, after_long_help = EXAMPLES)]
pub struct Cli {
    /// Workspace folder (holding brief.yaml); default: search upwards from here.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print only problems, no summaries.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Say more about what is being done.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to colour output: auto colours only a terminal, and never with NO_COLOR set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// What to do; `app::run` dispatches on it.
    #[command(subcommand)]
    pub command: Command,
}

/// `--color`: when diagnostics and `brief diff` are coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
// clap prints a value's doc comment in `--help`, which has never listed
// these three; their meaning is in `for_stream`.
#[allow(missing_docs)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour stderr (ripgrep's rule: a terminal, `NO_COLOR`
    /// unset or empty, `TERM` not `dumb`).
    pub fn for_stderr(self) -> bool {
        self.for_stream(std::io::stderr().is_terminal())
    }

    /// Whether to colour stdout (`brief diff`), by the same rule.
    pub fn for_stdout(self) -> bool {
        self.for_stream(std::io::stdout().is_terminal())
    }

    fn for_stream(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
                let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
                is_terminal && !no_color && !dumb
            }
        }
    }
}

/// The subcommands, each with its own arguments.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the notes and write briefs (HTML, PDF, JSON) into the output folder.
    #[command(after_long_help = "\
Examples:
  brief build
  brief build --format json --out public/
  brief build --brief us-iran-talks --as-of 2026-11-20 --strict
  brief build --since 7d          # open each brief with what changed in a week")]
    Build(BuildArgs),
    /// Show what changed in each brief between two dates, like a diff.
    #[command(after_long_help = "\
Examples:
  brief diff --from 2026-11-13 --to 2026-11-20
  brief diff --from 2w --brief us-iran-talks
  brief diff --from 7d --format json | jq '.[].changes.moved'")]
    Diff(DiffArgs),
    /// Validate brief.yaml and every note, reporting all problems.
    #[command(after_long_help = "\
Examples:
  brief check
  brief check --format json | jq .
  brief check --format github     # annotations in a GitHub Actions run
  brief check --format sarif > brief.sarif     # for GitHub code scanning
  brief check --format gitlab > gl-code-quality-report.json")]
    Check(CheckArgs),
    /// Create a new note with today's date and placeholders to fill in.
    #[command(after_long_help = "\
Examples:
  brief new us-iran-talks
  brief new hormuz-shipping --title \"Tanker released off Fujairah\"")]
    New(NewArgs),
    /// Create a new workspace with a config, a sample note and editor schemas.
    #[command(after_long_help = "\
Examples:
  brief init                # in the current folder
  brief init gulf-briefs")]
    Init(InitArgs),
    /// List the workspace's briefs or packets (for scripts and CI matrices).
    #[command(after_long_help = "\
Examples:
  brief list packets
  brief list briefs --json      # [\"hormuz-shipping\",\"us-iran-talks\"]")]
    List(ListArgs),
    /// Print the JSON Schema of note front matter (or of brief.yaml).
    #[command(after_long_help = "\
Examples:
  brief schema > schemas/note.schema.json
  brief schema --config > schemas/brief.schema.json
  brief schema --output > schemas/output.schema.json")]
    Schema(SchemaArgs),
    /// Build, serve the output on 127.0.0.1, and rebuild and reload the page on every save.
    #[command(after_long_help = "\
Examples:
  brief serve                   # http://127.0.0.1:8000/, or the next free port
  brief serve --port 9000 --open
  brief serve --format html,json,pdf --out /tmp/briefs")]
    Serve(ServeArgs),
    /// Run the language server over stdio: diagnostics as you type, quick
    /// fixes, completion, hover and definitions for notes in your editor.
    #[command(after_long_help = "\
Examples:
  brief lsp                     # started by the editor, which speaks to it on stdin/stdout
  brief lsp --root ~/briefs     # one workspace, whichever files the editor opens")]
    Lsp,
    /// Print a shell completion script; it completes commands, flags and the
    /// workspace's brief and packet names.
    #[command(after_long_help = "\
Examples:
  brief completions bash > ~/.local/share/bash-completion/completions/brief
  brief completions fish > ~/.config/fish/completions/brief.fish
  echo 'source <(brief completions zsh)' >> ~/.zshrc")]
    Completions(CompletionsArgs),
    /// Print a manual page (roff), or write every page into a folder.
    #[command(after_long_help = "\
Examples:
  brief man --dir ~/.local/share/man/man1     # brief.1, brief-build.1, brief-check.1 …
  brief man | man -l -
  brief man build | man -l -                  # brief-build(1)")]
    Man(ManArgs),
}

/// Options of `brief serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port on 127.0.0.1 [default: 8000, or the next free one]; 0 takes any free port.
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// Open the index in the browser once serving.
    #[arg(long)]
    pub open: bool,
    /// Output folder [default: out/ in the workspace].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated [default: html,json; PDFs make each rebuild slower].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<OutputFormat>,
    /// Build each brief over the notes of the last DAYS days before its
    /// as-of date [default: `window_days` in brief.yaml, else every note].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub window: Option<u32>,
}

/// Options of `brief man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print, e.g. `build` for brief-build(1)
    /// [default: brief(1)].
    #[arg(value_name = "COMMAND", conflicts_with = "dir")]
    pub command: Option<String>,
    /// Write every page (brief.1 and one per command) into DIR instead.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Options of `brief completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `brief build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Output folder [default: out/ in the workspace].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Formats to write, comma-separated [default: every implemented format].
    #[arg(long, value_enum, value_delimiter = ',')]
    pub format: Vec<OutputFormat>,
    /// Build only this brief (repeatable).
    #[arg(long = "brief", value_name = "SLUG", add = ArgValueCandidates::new(brief_candidates))]
    pub briefs: Vec<String>,
    /// Build only this packet (repeatable).
    #[arg(long = "packet", value_name = "NAME", add = ArgValueCandidates::new(packet_candidates))]
    pub packets: Vec<String>,
    /// Aggregate as of this date (YYYY-MM-DD) instead of the newest note's.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Option<jiff::civil::Date>,
    /// Open each brief with what changed since DATE, or since 7d or 2w
    /// before its as-of date [default: `since:` in brief.yaml].
    #[arg(long, value_name = "DATE", value_parser = parse_since_arg)]
    pub since: Option<crate::config::Since>,
    /// Build each brief over the notes of the last DAYS days before its
    /// as-of date [default: `window_days` in brief.yaml, else every note].
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(1..=36500))]
    pub window: Option<u32>,
    /// Write nothing when any note is invalid.
    #[arg(long)]
    pub strict: bool,
    /// The standard PDFs are written to: `ua-1` (tagged PDF/UA-1), `a-2b`
    /// (PDF/A-2b as well) or `none` (untagged) [default: `pdf_standard`
    /// in brief.yaml, else ua-1].
    #[arg(long, value_name = "STANDARD", value_parser = parse_pdf_standard_arg)]
    pub pdf_standard: Option<crate::vocab::PdfStandard>,
}

/// Options of `brief diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The earlier date (YYYY-MM-DD), or days or weeks before the later one (7d, 2w).
    #[arg(long, value_name = "DATE", value_parser = parse_since_arg)]
    pub from: crate::config::Since,
    /// The later date (YYYY-MM-DD) [default: each brief's newest note].
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub to: Option<jiff::civil::Date>,
    /// Only this brief (repeatable).
    #[arg(long = "brief", value_name = "SLUG", add = ArgValueCandidates::new(brief_candidates))]
    pub briefs: Vec<String>,
    /// How to print the changes.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

/// `--format` of `brief diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Lines marked + and -, coloured on a terminal.
    Human,
    /// A JSON array: one object per brief, `changes` as in <brief>.json.
    Json,
}

/// `--format` of `build` and `serve`: the renderers' formats, named for clap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum OutputFormat {
    /// Self-contained HTML pages and index.html.
    Html,
    /// Paginated PDF.
    Pdf,
    /// The aggregate as JSON (briefs only).
    Json,
}

impl From<OutputFormat> for crate::render::Format {
    fn from(format: OutputFormat) -> Self {
        match format {
            OutputFormat::Html => crate::render::Format::Html,
            OutputFormat::Pdf => crate::render::Format::Pdf,
            OutputFormat::Json => crate::render::Format::Json,
        }
    }
}

/// Options of `brief check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check only these notes or folders (the rest of the workspace is still
    /// read, for aliases and cross-note warnings) [default: everything].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// How to print problems.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Treat tradecraft warnings as errors (exit 1), e.g. in CI.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `--format` of `brief check`, mapped to `diag::Format` at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// path:line:col: error: message, with the line and a caret.
    Human,
    /// One JSON object per line: path, line, column, severity, code, message.
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// A SARIF 2.1.0 log, for GitHub code scanning (`upload-sarif`).
    Sarif,
    /// A GitLab Code Quality report (`artifacts: reports: codequality`).
    Gitlab,
}

impl From<CheckFormat> for diag::Format {
    fn from(format: CheckFormat) -> Self {
        match format {
            CheckFormat::Human => diag::Format::Human,
            CheckFormat::Json => diag::Format::Json,
            CheckFormat::Github => diag::Format::Github,
            CheckFormat::Sarif => diag::Format::Sarif,
            CheckFormat::Gitlab => diag::Format::Gitlab,
        }
    }
}

/// Options of `brief new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The brief (folder under briefs/) the note belongs to.
    #[arg(add = ArgValueCandidates::new(brief_candidates))]
    pub brief: String,
    /// Title of the note; a placeholder if omitted.
    #[arg(long)]
    pub title: Option<String>,
    /// Date of the development (YYYY-MM-DD), in the file name and the
    /// front matter [default: today].
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub date: Option<jiff::civil::Date>,
    /// Start a new brief even if its name is close to an existing one's.
    #[arg(long)]
    pub new_brief: bool,
    /// What to scaffold: a note scoring one development, or the brief's
    /// key judgments.
    #[arg(long, value_enum, default_value_t = NewKind::Note)]
    pub kind: NewKind,
}

/// `--kind` of `brief new`, mapped to `vocab::NoteKind` at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// One development: sources, scored actors, indicators, the five sections.
    Note,
    /// Key judgments (`kind: judgments`), each with confidence and likelihood.
    Judgments,
}

impl From<NewKind> for crate::vocab::NoteKind {
    fn from(kind: NewKind) -> Self {
        match kind {
            NewKind::Note => crate::vocab::NoteKind::Note,
            NewKind::Judgments => crate::vocab::NoteKind::Judgments,
        }
    }
}

/// Options of `brief init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to create the workspace in.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
}

/// Options of `brief list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: ListWhat,
    /// Print a JSON array instead of one name per line.
    #[arg(long)]
    pub json: bool,
}

/// What `brief list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    /// Briefs with at least one valid note, and briefs named in brief.yaml.
    Briefs,
    /// Packets defined in brief.yaml.
    Packets,
}

/// Options of `brief schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of brief.yaml instead of note front matter.
    #[arg(long, conflicts_with = "output")]
    pub config: bool,
    /// Print the schema of the `<brief>.json` output instead.
    #[arg(long)]
    pub output: bool,
}

fn parse_date_arg(text: &str) -> Result<jiff::civil::Date, String> {
    crate::decode::parse_date(text)
}

fn parse_pdf_standard_arg(text: &str) -> Result<crate::vocab::PdfStandard, String> {
    crate::vocab::PdfStandard::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a PDF standard; use one of {}",
            crate::vocab::PdfStandard::NAMES.join(", ")
        )
    })
}

fn parse_since_arg(text: &str) -> Result<crate::config::Since, String> {
    crate::config::Since::parse(text)
}
