//! The `brief` binary: parse arguments, run, turn the outcome into an exit code.

use std::process::ExitCode;

use clap::Parser;

use brief::cli::Cli;

fn main() -> ExitCode {
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
