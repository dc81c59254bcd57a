//! What the front matter's JSON Schema says of a key: its description,
//! range, values and default, for completion and hover. Read from the
//! same schema `brief schema` prints and the validator takes its keys
//! from, so the editor cannot describe a key the tool does not accept.

use serde_json::Value;

use crate::note::frontmatter;

/// The schema definition holding the keys of the list under `parent`
/// (`None`: the top level).
fn definition(parent: Option<&str>) -> Option<Option<&'static str>> {
    match parent {
        None => Some(None),
        Some("sources") => Some(Some("SourceEntry")),
        Some("actors") => Some(Some("ActorEntry")),
        Some("watch") => Some(Some("WatchEntry")),
        Some("scenarios") => Some(Some("ScenarioEntry")),
        Some("judgments") => Some(Some("JudgmentEntry")),
        Some(_) => None,
    }
}

/// The keys that may be written under `parent`, sorted; none under a key
/// that takes no keys.
pub(crate) fn keys(parent: Option<&str>) -> Vec<&'static str> {
    let keys = frontmatter::keys();
    let list = match parent {
        None => &keys.note,
        Some("sources") => &keys.source,
        Some("actors") => &keys.actor,
        Some("watch") => &keys.watch,
        Some("scenarios") => &keys.scenario,
        Some("judgments") => &keys.judgment,
        Some(_) => return Vec::new(),
    };
    let mut list: Vec<&'static str> = list.iter().map(String::as_str).collect();
    list.sort_unstable();
    list
}

/// One key as the schema describes it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct KeyInfo {
    /// What the key means.
    pub description: String,
    /// `−5 to 5` for a bounded number.
    pub range: Option<String>,
    /// The values it takes, when it takes a fixed set.
    pub values: Vec<String>,
    /// The default, when the key may be left out.
    pub default: Option<String>,
    /// Whether the value is a list.
    pub list: bool,
}

/// What the schema says of `key` under `parent`.
pub(crate) fn key_info(parent: Option<&str>, key: &str) -> Option<KeyInfo> {
    let root = frontmatter::schema().as_value();
    let object = match definition(parent)? {
        None => root,
        Some(name) => &root["$defs"][name],
    };
    let property = object["properties"].get(key)?;
    // A `$ref`, directly or as the first of an `anyOf` with null.
    let referenced = property["$ref"]
        .as_str()
        .or_else(|| property["anyOf"][0]["$ref"].as_str())
        .and_then(|r| r.strip_prefix("#/$defs/"))
        .map(|name| &root["$defs"][name]);
    let described = |value: &Value| value["description"].as_str().map(str::to_owned);
    let description = described(property)
        .or_else(|| referenced.and_then(described))
        .unwrap_or_default()
        .replace('\n', " ");
    let range = match (property["minimum"].as_i64(), property["maximum"].as_i64()) {
        (Some(min), Some(max)) => Some(format!("{} to {max}", signed(min))),
        _ => None,
    };
    let values = referenced
        .and_then(|r| r["enum"].as_array().or_else(|| r["examples"].as_array()))
        .map(|values| {
            values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let default = match &property["default"] {
        Value::String(text) => Some(text.clone()),
        _ => None,
    };
    let list = property["type"] == "array";
    Some(KeyInfo {
        description,
        range,
        values,
        default,
        list,
    })
}

/// A whole number with a real minus sign, as the outputs print them.
fn signed(number: i64) -> String {
    if number < 0 {
        format!("−{}", number.unsigned_abs())
    } else {
        number.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_with_their_meaning_range_and_values() {
        let leverage = key_info(Some("actors"), "leverage").unwrap();
        assert!(leverage.description.starts_with("Leverage gained"));
        assert_eq!(leverage.range.as_deref(), Some("−5 to 5"));
        let confidence = key_info(None, "confidence").unwrap();
        assert_eq!(confidence.values, ["low", "moderate", "high"]);
        assert_eq!(confidence.default.as_deref(), Some("moderate"));
        let marking = key_info(None, "marking").unwrap();
        assert!(marking.values.contains(&"TLP:AMBER+STRICT".to_owned()));
        assert!(key_info(None, "actors").unwrap().list);
        assert_eq!(key_info(None, "levarage"), None);
        assert_eq!(key_info(Some("tags"), "x"), None);
    }

    #[test]
    fn each_list_has_its_own_keys() {
        assert!(keys(None).contains(&"confidence"));
        assert_eq!(
            keys(Some("actors")),
            ["leverage", "mechanism", "name", "rationale", "stakes"]
        );
        assert!(keys(Some("tags")).is_empty());
    }
}
