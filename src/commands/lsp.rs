//! `brief lsp`: the language server on stdin and stdout, until the editor
//! shuts it down. The work is in `crate::lsp`.

use crate::commands::Outcome;
use crate::error::AppError;
use crate::lsp::{self, LspOptions};

/// Serves the editor on stdio; exits 0 once it says `exit`.
pub(crate) fn run(options: LspOptions) -> Result<Outcome, AppError> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    lsp::serve(connection, options)?;
    io_threads.join()?;
    Ok(Outcome::Ok)
}
