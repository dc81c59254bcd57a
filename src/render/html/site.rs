//! Workspace-level facts every page shows, and the rows of the index.

use serde::Serialize;

/// Workspace-level facts every page shows.
#[derive(Debug, Clone, Serialize)]
pub struct Site {
    /// The workspace's title (brief.yaml `title`), in every page's header.
    pub title: String,
    /// The organization named beside the title, if brief.yaml gives one.
    pub organization: Option<String>,
    /// The leverage range that marks an actor contested, named in the chart's caption.
    pub contested_range: u8,
}

/// One row of the index.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The brief's title.
    pub title: String,
    /// The brief's marking (the highest among its notes), as its label (`TLP:AMBER`).
    pub marking: String,
    /// The brief's as-of date, `YYYY-MM-DD`.
    pub as_of: String,
    /// How many notes the brief is built from.
    pub notes: usize,
    /// How many actors the brief scores.
    pub actors: usize,
    /// Whether a note of it awaits review: the row says DRAFT.
    pub draft: bool,
    /// The brief's HTML page, which the title links, if HTML was written.
    pub html: Option<String>,
    /// A link for each format written for the brief.
    pub outputs: Vec<IndexLink>,
}

/// A link from an index row to one output of its brief or packet.
#[derive(Debug, Clone, Serialize)]
pub struct IndexLink {
    /// The format's name as the link reads (`HTML`, `PDF`, `JSON`).
    pub label: String,
    /// The output's path relative to the index (`packets/weekly.pdf`).
    pub href: String,
}

/// One packet row of the index.
#[derive(Debug, Clone, Serialize)]
pub struct PacketIndexEntry {
    /// The packet's title.
    pub title: String,
    /// The highest marking the packet's audience may receive, as its label.
    pub audience: String,
    /// The highest marking among the packet's briefs, as its label.
    pub marking: String,
    /// The latest as-of date among its briefs, `YYYY-MM-DD`; empty if none.
    pub as_of: String,
    /// How many briefs the packet includes.
    pub briefs: usize,
    /// How many listed briefs have no note releasable to the audience.
    pub empty: usize,
    /// A link for each format written for the packet.
    pub outputs: Vec<IndexLink>,
}
