//! `AppError`: the failures that stop a run (exit 2), as opposed to invalid
//! notes, which are diagnostics. Every command returns it; `main` prints it.

use std::io;

use thiserror::Error;

use crate::workspace::WorkspaceError;
use crate::write::WriteError;

/// Why a run stopped before finishing its job.
#[derive(Debug, Error)]
pub enum AppError {
    /// No workspace, or brief.yaml or the notes could not be read.
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    /// A file (a new note, `init`'s workspace) could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
    /// The output folder could not be prepared or written.
    #[error(transparent)]
    Output(#[from] crate::write::OutputError),
    /// The working directory, which finds the workspace and resolves `--root`, is unreadable.
    #[error("could not find the current directory: {0}")]
    CurrentDir(io::Error),
    /// Writing to stdout failed; `main` treats a broken pipe as success.
    #[error("could not print: {0}")]
    Print(#[from] io::Error),
    /// A bad argument or environment value, with the message to show.
    #[error("{0}")]
    Usage(String),
    /// `brief serve` could not start or keep serving.
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
    /// `brief lsp` lost its editor or was spoken to out of turn.
    #[error(transparent)]
    Lsp(#[from] crate::lsp::LspError),
    /// A renderer failed on an output (not a template error, which is a diagnostic).
    #[error("could not render {name}")]
    Render {
        /// The output, relative to the output folder.
        name: String,
        /// What the renderer reported.
        source: crate::render::RenderError,
    },
}

/// An error and its causes, as printed: see [`crate::status::error_chain`].
pub use crate::status::error_chain as chain;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let io = io::Error::new(io::ErrorKind::NotFound, "No such file or directory");
        let error = crate::write::OutputError::CreateDir {
            path: "/proc/x".into(),
            source: io,
        };
        let text = chain(&error);
        assert_eq!(
            text.matches("No such file or directory").count(),
            1,
            "{text}"
        );
        let wrapped = AppError::Render {
            name: "a.pdf".to_owned(),
            source: crate::render::RenderError::NoTemplates,
        };
        assert_eq!(
            chain(&wrapped),
            "could not render a.pdf: HTML cannot be rendered without templates"
        );
    }
}
