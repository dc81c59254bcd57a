//! `AppError`: the failures that stop a run (exit 2), as opposed to invalid
//! notes, which are diagnostics. Every command returns it; `main` prints it.

use std::io;

use thiserror::Error;

use crate::workspace::WorkspaceError;
use crate::write::WriteError;

/// Why a run stopped before finishing its job.
#[derive(Debug, Error)]
pub enum AppError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error(transparent)]
    Output(#[from] crate::write::OutputError),
    #[error("could not find the current directory: {0}")]
    CurrentDir(io::Error),
    #[error("could not print: {0}")]
    Print(#[from] io::Error),
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Serve(#[from] crate::serve::ServeError),
    #[error("could not render {name}")]
    Render {
        name: String,
        source: crate::render::RenderError,
    },
}
