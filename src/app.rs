//! Dispatch of a parsed command line to the commands, and the errors that
//! stop a run (exit 2).

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::cli::{Cli, Command};
use crate::commands::{self, Outcome, check::CheckOptions};
use crate::error::AppError;
use crate::load;
use crate::status::Status;
use crate::workspace;

/// Runs one command. `today` is the only clock reading the library sees.
pub fn run(cli: Cli, today: Date) -> Result<Outcome, AppError> {
    if let Command::Lsp = cli.command {
        // The server's writer thread owns stdout: it must not be locked here.
        let root = match cli.root.as_deref() {
            Some(root) => Some(workspace::check_root(&absolute(root)?)?),
            None => None,
        };
        return commands::lsp::run(crate::lsp::LspOptions { root, today });
    }
    let color = cli.color.for_stderr();
    let stdout = &mut io::stdout().lock();
    // Not locked for the whole run: the progress bar's ticker writes to
    // stderr from its own thread, and a held lock would deadlock it.
    let stderr = &mut io::stderr();
    let status = Status {
        quiet: cli.quiet,
        color,
    };
    match cli.command {
        Command::Check(args) => {
            let root = workspace_root(cli.root.as_deref())?;
            let wanted = inside_workspace(&root, &args.paths)?;
            let mut loaded = load::load(&root)?;
            let holds_notes = |w: &PathBuf| {
                w.as_path() == Path::new(workspace::CONFIG_FILE)
                    || loaded.paths.iter().any(|p| p.starts_with(w))
            };
            if let Some(stray) = wanted.iter().find(|w| !holds_notes(w)) {
                return Err(AppError::Usage(format!(
                    "{} holds no note of the workspace (notes are `briefs/**/*.md`)",
                    stray.display()
                )));
            }
            if !wanted.is_empty() {
                loaded.narrow_to(&wanted);
            }
            if args.deny_warnings {
                loaded.deny_warnings();
            }
            let format = args.format.into();
            let shown = commands::check::shown_from(format, &root).map_err(AppError::CurrentDir)?;
            let options = CheckOptions {
                format,
                shown: &shown,
                color,
                quiet: cli.quiet,
            };
            Ok(commands::check::report(&loaded, options, stdout, stderr)?)
        }
        Command::Build(args) => {
            let root = workspace_root(cli.root.as_deref())?;
            let out = match args.out {
                Some(out) => absolute(&out)?,
                None => root.join("out"),
            };
            let formats = if args.format.is_empty() {
                crate::render::Format::ALL.to_vec()
            } else {
                args.format.into_iter().map(Into::into).collect()
            };
            let options = commands::build::BuildOptions {
                out,
                formats,
                briefs: args.briefs,
                packets: args.packets,
                as_of: args.as_of,
                since: args.since,
                window: args.window,
                strict: args.strict,
                pdf_standard: args.pdf_standard,
                source_date_epoch: source_date_epoch()?,
                quiet: cli.quiet,
                verbose: cli.verbose,
                color,
            };
            let progress = crate::progress::Progress::for_stderr(!cli.quiet);
            let loaded = load::load_with_progress(&root, &progress)?;
            commands::build::run(loaded, &options, &progress, stderr)
        }
        Command::Diff(args) => {
            let root = workspace_root(cli.root.as_deref())?;
            let loaded = load::load(&root)?;
            let options = commands::diff::DiffOptions {
                from: args.from,
                to: args.to,
                briefs: args.briefs,
                json: args.format == crate::cli::DiffFormat::Json,
                color: cli.color.for_stdout(),
                diagnostics_color: color,
            };
            commands::diff::run(&loaded, &options, stdout, stderr)
        }
        Command::New(args) => {
            let root = workspace_root(cli.root.as_deref())?;
            let note = commands::new::NewNote {
                brief: &args.brief,
                title: args.title.as_deref(),
                date: args.date.unwrap_or(today),
                new_brief: args.new_brief,
                kind: args.kind.into(),
            };
            let path = commands::new::create(&root, &note)?;
            let shown = workspace::relative_to(&root, &path);
            writeln!(stdout, "{}", shown.display())?;
            status.line(
                stderr,
                "Created",
                &format!(
                    "{}: fill in the TODO placeholders, then run `brief check`",
                    shown.display()
                ),
            )?;
            Ok(Outcome::Ok)
        }
        Command::Init(args) => {
            let dir = absolute(&args.dir)?;
            let created = commands::init::create(&dir, today)?;
            for path in &created {
                let shown = workspace::relative_to(&dir, path);
                status.line(stderr, "Created", &shown.display().to_string())?;
            }
            status.line(
                stderr,
                "Ready",
                &format!("run `brief check` then `brief build` in {}", dir.display()),
            )?;
            Ok(Outcome::Ok)
        }
        Command::List(args) => {
            let root = workspace_root(cli.root.as_deref())?;
            let loaded = load::load(&root)?;
            let Some(names) = commands::list::names(&loaded, args.what) else {
                let format = crate::diag::Format::Human;
                let shown =
                    commands::check::shown_from(format, &root).map_err(AppError::CurrentDir)?;
                let options = CheckOptions {
                    format,
                    shown: &shown,
                    color,
                    quiet: true,
                };
                commands::check::report(&loaded, options, stdout, stderr)?;
                return Ok(Outcome::Invalid);
            };
            stdout.write_all(commands::list::print(&names, args.json).as_bytes())?;
            Ok(Outcome::Ok)
        }
        Command::Serve(args) => {
            let root = workspace_root(cli.root.as_deref())?;
            let out = match args.out {
                Some(out) => absolute(&out)?,
                None => root.join("out"),
            };
            let formats = if args.format.is_empty() {
                crate::serve::DEFAULT_FORMATS.to_vec()
            } else {
                args.format.into_iter().map(Into::into).collect()
            };
            let options = crate::serve::ServeOptions {
                root,
                out,
                formats,
                port: args.port,
                window: args.window,
                source_date_epoch: source_date_epoch()?,
                quiet: cli.quiet,
                verbose: cli.verbose,
                color,
            };
            commands::serve::run(&options, args.open, stderr)
        }
        // Answered above, before stdout was locked.
        Command::Lsp => Ok(Outcome::Ok),
        Command::Completions(args) => {
            commands::complete::write_registration(args.shell, stdout)?;
            Ok(Outcome::Ok)
        }
        Command::Man(args) => {
            let pages = commands::man::pages(<Cli as clap::CommandFactory>::command())?;
            if let Some(dir) = &args.dir {
                let written = commands::man::write_all(&pages, dir)?;
                let status = Status {
                    quiet: cli.quiet,
                    color,
                };
                status.line(
                    stderr,
                    "Finished",
                    &format!(
                        "{} in {}",
                        crate::diag::plural(written.len(), "manual page"),
                        dir.display()
                    ),
                )?;
                return Ok(Outcome::Ok);
            }
            let name = match &args.command {
                None => "brief".to_owned(),
                Some(command) => format!("brief-{command}"),
            };
            let Some(page) = commands::man::find(pages, &name) else {
                return Err(AppError::Usage(format!(
                    "no manual page for `{}`; `brief --help` lists the commands",
                    args.command.as_deref().unwrap_or_default()
                )));
            };
            stdout.write_all(&page.roff)?;
            Ok(Outcome::Ok)
        }
        Command::Schema(args) => {
            let which = if args.config {
                commands::schema::Which::Config
            } else if args.output {
                commands::schema::Which::Output
            } else {
                commands::schema::Which::Note
            };
            stdout.write_all(commands::schema::text(which).as_bytes())?;
            Ok(Outcome::Ok)
        }
    }
}

/// `SOURCE_DATE_EPOCH` (reproducible-builds.org): read here, at the edge,
/// so the library never looks at the environment for dates.
fn source_date_epoch() -> Result<Option<i64>, AppError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => value.trim().parse().map(Some).map_err(|_| {
            AppError::Usage(format!(
                "SOURCE_DATE_EPOCH must be a number of seconds, not `{value}`"
            ))
        }),
        _ => Ok(None),
    }
}

fn absolute(path: &Path) -> Result<PathBuf, AppError> {
    if path.is_absolute() {
        return Ok(path.to_path_buf());
    }
    let cwd = std::env::current_dir().map_err(AppError::CurrentDir)?;
    Ok(cwd.join(path))
}

/// `check PATH…` paths as the workspace names them (relative to its root);
/// each must exist and lie inside the workspace. A path is taken as written
/// first (`briefs/gulf/a.md` where `gulf` is a link: the walk names the note
/// so), else with its links resolved.
fn inside_workspace(root: &Path, paths: &[PathBuf]) -> Result<Vec<PathBuf>, AppError> {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let lexical_root = lexically_normal(root);
    paths
        .iter()
        .map(|path| {
            let shown = path.display();
            let absolute = absolute(path)?;
            let resolved = std::fs::canonicalize(&absolute)
                .map_err(|error| AppError::Usage(format!("cannot check {shown}: {error}")))?;
            lexically_normal(&absolute)
                .strip_prefix(&lexical_root)
                .or_else(|_| resolved.strip_prefix(&canonical_root))
                .map(Path::to_path_buf)
                .map_err(|_| AppError::Usage(format!("{shown} is outside the workspace")))
        })
        .collect()
}

/// `path` with `.` dropped and `..` taken back a component, without
/// following links.
fn lexically_normal(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `--root` if given (it must hold brief.yaml), else the nearest ancestor that does.
fn workspace_root(root: Option<&Path>) -> Result<PathBuf, AppError> {
    match root {
        Some(root) => Ok(workspace::check_root(&absolute(root)?)?),
        None => {
            let cwd = std::env::current_dir().map_err(AppError::CurrentDir)?;
            Ok(workspace::find_root(&cwd)?)
        }
    }
}
