//! `brief lsp`: the language server on stdin and stdout, until the editor
//! shuts it down. The work is in `crate::lsp`.

use crate::commands::Outcome;
use crate::error::AppError;
use crate::lsp::{self, Ended, LspOptions};

/// Serves the editor on stdio; exits 0 once it says `exit` after
/// `shutdown`, 1 when it says `exit` (or hangs up) without `shutdown`.
pub(crate) fn run(options: LspOptions) -> Result<Outcome, AppError> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    let ended = lsp::serve(connection, options)?;
    io_threads.join()?;
    Ok(match ended {
        Ended::AfterShutdown => Outcome::Ok,
        Ended::WithoutShutdown => Outcome::Invalid,
    })
}
