//! `brief check`: validate everything, print every problem, exit 1 on errors.

use std::io::Write;

use crate::commands::Outcome;
use crate::diag::{self, Format, Tally, plural};
use crate::load::Loaded;
use crate::status::Status;

/// What to print and how.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CheckOptions {
    /// `--format`: human, JSON lines or GitHub annotations.
    pub format: Format,
    /// Whether human output is coloured.
    pub color: bool,
    /// `--quiet`: problems only, no summary line.
    pub quiet: bool,
}

/// Prints the diagnostics of a loaded workspace and the summary line.
/// Human output goes to stderr; JSON and GitHub output are the command's
/// result and go to stdout.
pub(crate) fn report(
    loaded: &Loaded,
    options: CheckOptions,
    stdout: &mut dyn Write,
    stderr: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let rendered = diag::render(&loaded.diagnostics, options.format, options.color);
    match options.format {
        Format::Human => stderr.write_all(rendered.as_bytes())?,
        Format::Json | Format::Github => stdout.write_all(rendered.as_bytes())?,
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
