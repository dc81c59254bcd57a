//! Status lines in cargo's style, shared by every command: a verb right-
//! aligned in twelve columns (bold green, or bold red for a failure), then
//! what it is about, e.g. `    Finished 2 briefs in 0.42s`.

use std::io::{self, Write};

use crate::diag::escape_controls;

/// Where and how status lines are printed.
#[derive(Debug, Clone, Copy)]
pub struct Status {
    /// `--quiet`: no status lines, only problems.
    pub quiet: bool,
    pub color: bool,
}

impl Status {
    /// A step or result, unless quiet.
    pub fn line(&self, out: &mut dyn Write, verb: &str, what: &str) -> io::Result<()> {
        self.print(out, "32", verb, what)
    }

    /// A result that is a failure (e.g. a check that found errors), unless
    /// quiet; the problems themselves were printed as diagnostics.
    pub fn failure(&self, out: &mut dyn Write, verb: &str, what: &str) -> io::Result<()> {
        self.print(out, "31", verb, what)
    }

    /// `error: message`, printed even when quiet.
    pub fn error(&self, out: &mut dyn Write, message: &str) -> io::Result<()> {
        let message = escape_controls(message);
        if self.color {
            writeln!(out, "\x1b[1;31merror\x1b[0m: {message}")
        } else {
            writeln!(out, "error: {message}")
        }
    }

    fn print(&self, out: &mut dyn Write, colour: &str, verb: &str, what: &str) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        // What a line is about may be a note's path: escaped like diagnostics.
        let what = escape_controls(what);
        if self.color {
            writeln!(out, "\x1b[1;{colour}m{verb:>12}\x1b[0m {what}")
        } else {
            writeln!(out, "{verb:>12} {what}")
        }
    }
}

/// An error and its causes, joined by `: `, each cause shown once: a cause
/// whose words the message already carries (`could not create out: No such
/// file or directory`) is not repeated.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let words = cause.to_string();
        if !text.contains(&words) {
            text.push_str(": ");
            text.push_str(&words);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(status: Status, f: impl Fn(&Status, &mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        f(&status, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn verbs_line_up_like_cargo() {
        let plain = Status {
            quiet: false,
            color: false,
        };
        assert_eq!(
            printed(plain, |s, o| s.line(o, "Finished", "2 briefs in 0.42s")),
            "    Finished 2 briefs in 0.42s\n"
        );
        let coloured = Status {
            quiet: false,
            color: true,
        };
        assert_eq!(
            printed(coloured, |s, o| s.failure(o, "Checked", "1 note: 1 error")),
            "\x1b[1;31m     Checked\x1b[0m 1 note: 1 error\n"
        );
    }

    #[test]
    fn control_characters_in_what_a_line_is_about_are_escaped() {
        let plain = Status {
            quiet: false,
            color: true,
        };
        assert_eq!(
            printed(plain, |s, o| s.line(
                o,
                "Rebuilding",
                "briefs/x/\x1b]0;PWNED\x07.md"
            )),
            "\x1b[1;32m  Rebuilding\x1b[0m briefs/x/\\u{1b}]0;PWNED\\u{7}.md\n"
        );
        assert_eq!(
            printed(plain, |s, o| s.error(o, "bad \u{9b}2J")),
            "\x1b[1;31merror\x1b[0m: bad \\u{9b}2J\n"
        );
    }

    #[test]
    fn quiet_keeps_only_errors() {
        let quiet = Status {
            quiet: true,
            color: false,
        };
        assert_eq!(printed(quiet, |s, o| s.line(o, "Finished", "x")), "");
        assert_eq!(
            printed(quiet, |s, o| s.error(o, "no workspace")),
            "error: no workspace\n"
        );
    }
}
