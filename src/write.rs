//! Writing files: new files that must not clobber anything, and outputs
//! replaced atomically (temporary file in the same folder, then rename).

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// A file could not be written.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("{path} already exists; not overwriting it")]
    Exists { path: PathBuf },
    #[error("could not create {path}: {source}")]
    Create { path: PathBuf, source: io::Error },
}

/// Creates `path` with `contents`, making parent folders; fails if it exists.
pub fn create_new(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let error = |source| WriteError::Create {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(error)?;
    }
    let mut file = match OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(WriteError::Exists {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(error(e)),
    };
    file.write_all(contents).map_err(error)
}
