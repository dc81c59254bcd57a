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
mod indexing;
mod navigate;
mod position;
mod project;
mod schema;
mod server;

use std::path::PathBuf;

use serde_json::Value;

use jiff::civil::Date;
use lsp_server::{Connection, ErrorCode, Message, ProtocolError, RequestId, Response};
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
    /// The editor hung up before the session began.
    #[error("the editor hung up before `initialize`")]
    HungUp,
    /// The connection to the editor failed.
    #[error("could not talk to the editor: {0}")]
    Io(#[from] std::io::Error),
}

/// How the session with the editor ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `exit` (or a hang-up) after `shutdown`: exit code 0.
    AfterShutdown,
    /// `exit` (or a hang-up) without `shutdown` first: exit code 1, as
    /// the protocol asks, so a supervisor can tell a crash of the editor.
    WithoutShutdown,
}

/// Serves `connection` until the editor says `exit` or hangs up.
pub fn serve(connection: Connection, options: LspOptions) -> Result<Ended, LspError> {
    let Some((id, init)) = await_initialize(&connection)? else {
        return Ok(Ended::WithoutShutdown);
    };
    let params: lsp_types::InitializeParams = serde_json::from_value(init).unwrap_or_default();
    let result = lsp_types::InitializeResult {
        capabilities: server::capabilities(),
        server_info: Some(lsp_types::ServerInfo {
            name: "brief".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let answer = Response::new_ok(id, serde_json::to_value(result).unwrap_or_default());
    send(&connection, answer.into())?;
    // No wait for `initialized`: the main loop ignores it when it comes,
    // and a client that sends `shutdown` (or anything else) first is
    // answered rather than dropped (lsp-server's `initialize_finish`
    // treats that as a protocol error).
    let mut server = server::Server::new(&connection, options, &params);
    server.run()
}

/// Waits for `initialize`, answering other requests with
/// `ServerNotInitialized` and dropping notifications, as the protocol
/// asks. `None` when the editor says `exit` first.
fn await_initialize(connection: &Connection) -> Result<Option<(RequestId, Value)>, LspError> {
    loop {
        let message = connection.receiver.recv().map_err(|_| LspError::HungUp)?;
        match message {
            Message::Request(request) if request.method == "initialize" => {
                return Ok(Some((request.id, request.params)));
            }
            Message::Request(request) => {
                let refusal = Response::new_err(
                    request.id,
                    ErrorCode::ServerNotInitialized as i32,
                    format!("`{}` before `initialize`", request.method),
                );
                send(connection, refusal.into())?;
            }
            Message::Notification(notification) if notification.method == "exit" => {
                return Ok(None);
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// Queues `message` for the editor; fails only when the writer thread is
/// gone (the editor hung up).
fn send(connection: &Connection, message: Message) -> Result<(), LspError> {
    connection
        .sender
        .send(message)
        .map_err(|_| LspError::HungUp)
}
