//! The CommonMark dialect notes are written in (SPEC §2): one set of
//! pulldown-cmark options, so the note parser and both renderers read a
//! note's body the same way. A leaf.

use pulldown_cmark::Options;

/// The markdown extensions notes may use: tables, footnotes,
/// strikethrough and task lists.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}
