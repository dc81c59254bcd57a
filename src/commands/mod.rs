//! The subcommands: each turns options into an outcome, printing results
//! to stdout and diagnostics to stderr.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod complete;
pub(crate) mod diff;
pub(crate) mod init;
pub(crate) mod list;
pub(crate) mod lsp;
pub(crate) mod man;
pub(crate) mod new;
pub(crate) mod schema;
pub(crate) mod serve;

use std::process::ExitCode;

/// How a command ended, when it ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything valid: exit 0.
    Ok,
    /// Some input was invalid (reported already): exit 1.
    Invalid,
}

impl Outcome {
    /// The process exit code: 0 when everything was valid, 1 when some input was not.
    pub fn exit_code(self) -> ExitCode {
        match self {
            Outcome::Ok => ExitCode::SUCCESS,
            Outcome::Invalid => ExitCode::from(1),
        }
    }
}
