//! The `brief` binary: parse arguments, run, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use brief::cli::{COMPLETE_ENV, Cli};

fn main() -> ExitCode {
    // A shell asking for completions (the scripts of `brief completions`)
    // is answered here, before anything is parsed or printed.
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(COMPLETE_ENV)
        .complete();
    let cli = Cli::parse();
    // The clock is read here, once; everything below takes today as a value.
    let today = jiff::ZonedDateTime::now().date();
    match brief::app::run(cli, today) {
        Ok(outcome) => outcome.exit_code(),
        Err(error) => {
            if is_broken_pipe(&error) {
                return ExitCode::SUCCESS;
            }
            let message = brief::error::chain(&error);
            // Paths and names in it may come from a workspace's files.
            eprintln!("error: {}", brief::diag::escape_controls(&message));
            ExitCode::from(2)
        }
    }
}

/// `brief check --format json | head` is not an error.
fn is_broken_pipe(error: &brief::error::AppError) -> bool {
    matches!(error, brief::error::AppError::Print(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
}
