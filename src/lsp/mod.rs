//! `brief lsp`: a Language Server over stdio for notes and brief.yaml.
//!
//! One thread reads the editor's messages and answers them. A change to a
//! document is only recorded; the check runs once no change has come for
//! [`DEBOUNCE`], on the latest text of every document changed meanwhile,
//! so typing never queues checks of versions already gone. A long check
//! (every note again, after brief.yaml changed) gives up as soon as
//! another message waits, and runs again after it.
//!
//! Each workspace (the folder holding brief.yaml, found from the editor's
//! root or from the file's folder, like `check`) is a [`Project`]: notes
//! checked through `load::check_note`, the checks across notes after them,
//! the `lints:` policy on top; diagnostics go to every open document of
//! the workspace whose diagnostics changed.

mod actions;
mod completion;
mod context;
mod diagnostics;
mod documents;
mod hover;
mod navigate;
mod position;
mod project;
mod schema;
mod server;

use std::path::PathBuf;

use jiff::civil::Date;
use lsp_server::{Connection, ProtocolError};
use thiserror::Error;

/// How long the server waits after a change for the next one before
/// checking.
pub const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(60);

/// How the server was started.
#[derive(Debug, Clone)]
pub struct LspOptions {
    /// `--root`: the one workspace, instead of finding them from files.
    pub root: Option<PathBuf>,
    /// Today, for dates offered in completions and quick fixes.
    pub today: Date,
}

/// Why the server stopped before the editor asked it to.
#[derive(Debug, Error)]
pub enum LspError {
    /// The editor broke the protocol (no `initialize` first, say), or hung up.
    #[error("language server protocol: {0}")]
    Protocol(#[from] ProtocolError),
    /// The connection to the editor failed.
    #[error("could not talk to the editor: {0}")]
    Io(#[from] std::io::Error),
}

/// Serves `connection` until the editor shuts the server down.
pub fn serve(connection: Connection, options: LspOptions) -> Result<(), LspError> {
    let (id, init) = connection.initialize_start()?;
    let params: lsp_types::InitializeParams = serde_json::from_value(init).unwrap_or_default();
    let result = lsp_types::InitializeResult {
        capabilities: server::capabilities(),
        server_info: Some(lsp_types::ServerInfo {
            name: "brief".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result).unwrap_or_default())?;
    let mut server = server::Server::new(&connection, options, &params);
    server.run()
}
