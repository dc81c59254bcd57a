//! `brief schema`: the JSON Schema of note front matter or of brief.yaml.

use crate::{config, note};

/// Pretty-printed schema text, with a final newline.
pub fn text(of_config: bool) -> String {
    let schema = if of_config {
        config::schema()
    } else {
        note::frontmatter::schema()
    };
    let mut text = serde_json::to_string_pretty(schema.as_value()).unwrap_or_default();
    text.push('\n');
    text
}
