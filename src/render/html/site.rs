//! Workspace-level facts every page shows, and the rows of the index.

use serde::Serialize;

/// Workspace-level facts every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    pub title: String,
    pub organization: Option<String>,
    pub contested_range: u8,
}

/// One row of the index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    pub title: String,
    pub marking: String,
    pub as_of: String,
    pub notes: usize,
    pub actors: usize,
    pub html: Option<String>,
    pub outputs: Vec<IndexLink>,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndexLink {
    pub label: String,
    pub href: String,
}

/// One packet row of the index.
#[derive(Debug, Clone, Serialize)]
pub struct PacketIndexEntry {
    pub title: String,
    pub audience: String,
    pub marking: String,
    pub as_of: String,
    pub briefs: usize,
    pub empty: usize,
    pub outputs: Vec<IndexLink>,
}
