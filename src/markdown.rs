//! The CommonMark dialect notes are written in (SPEC §2): one set of
//! pulldown-cmark options, so the note parser and both renderers read a
//! note's body the same way. A leaf.

use pulldown_cmark::Options;

/// The markdown extensions notes may use: tables, footnotes,
/// strikethrough and task lists; and smart punctuation, so that straight
/// quotes, `--`, `---` and `...` typed in a plain-text editor reach the
/// brief as “ ” ‘ ’ – — … (inline code keeps what was typed).
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
}
