//! A note's image files: read through [`confine`](super::confine) (no
//! link out of the workspace or into a hidden entry), never opening a
//! folder, device or FIFO, and capped at
//! [`MAX_IMAGE_BYTES`](crate::figures::MAX_IMAGE_BYTES) before anything is
//! read.

use std::io;
use std::path::Path;

use crate::figures::{MAX_IMAGE_BYTES, ReadError};

use super::{Capped, ConfineError, confine, read_capped_to};

/// The bytes of the image at `relative` (workspace-relative, resolved
/// lexically from its note by `figures::resolve`).
pub fn read_image(root: &Path, relative: &Path) -> Result<Vec<u8>, ReadError> {
    let resolved = confine(root, &root.join(relative)).map_err(|error| match error {
        ConfineError::Outside { hidden, .. } => ReadError::Outside { hidden },
        ConfineError::Resolve { source, .. } => io_error(&source),
    })?;
    match read_capped_to(&resolved, MAX_IMAGE_BYTES) {
        Ok(Capped::Whole(bytes)) => Ok(bytes),
        Ok(Capped::TooLarge(bytes)) => Err(ReadError::TooLarge { bytes }),
        Ok(Capped::Special(_)) => Err(ReadError::NotAFile),
        Err(error) if error.kind() == io::ErrorKind::IsADirectory => Err(ReadError::NotAFile),
        Err(error) => Err(io_error(&error)),
    }
}

fn io_error(error: &io::Error) -> ReadError {
    match error.kind() {
        io::ErrorKind::NotFound | io::ErrorKind::NotADirectory => ReadError::NotFound,
        _ => ReadError::Io(error.to_string()),
    }
}
