//! `brief list`: names of briefs or packets, for scripts and CI matrices.

use crate::cli::ListWhat;
use crate::load::Loaded;

/// Sorted names; `None` when brief.yaml is invalid (nothing can be listed).
pub(crate) fn names(loaded: &Loaded, what: ListWhat) -> Option<Vec<String>> {
    let config = loaded.config.as_ref()?;
    let mut names: Vec<String> = match what {
        ListWhat::Packets => config.packets.keys().cloned().collect(),
        // What `build --brief` takes: a brief with valid notes.
        ListWhat::Briefs => loaded.briefs().into_iter().map(str::to_owned).collect(),
    };
    names.sort();
    names.dedup();
    Some(names)
}

/// One name per line, or a compact JSON array (for `fromJson` in a workflow).
pub(crate) fn print(names: &[String], json: bool) -> String {
    if json {
        let mut text = serde_json::to_string(names).unwrap_or_else(|_| "[]".to_owned());
        text.push('\n');
        text
    } else {
        names.iter().map(|n| format!("{n}\n")).collect()
    }
}
