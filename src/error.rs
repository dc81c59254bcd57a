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

/// An error and its causes, joined by `: `, each cause shown once: a cause
/// whose words the message already carries (`could not create out: No such
/// file or directory`) is not repeated.
pub fn chain(error: &dyn std::error::Error) -> String {
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
