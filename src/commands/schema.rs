//! `brief schema`: the JSON Schema of note front matter, brief.yaml, or the
//! JSON output.

use crate::{config, note, render};

/// Which document a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    Note,
    Config,
    Output,
}

/// Pretty-printed schema text, with a final newline.
pub(crate) fn text(which: Which) -> String {
    let schema = match which {
        Which::Note => note::frontmatter::schema(),
        Which::Config => config::schema(),
        Which::Output => render::json::schema(),
    };
    let mut text = serde_json::to_string_pretty(schema.as_value()).unwrap_or_default();
    text.push('\n');
    text
}
