//! `brief new`, `brief init` and `brief schema` through the real binary, and
//! the repository's own sample workspace and schemas.

use crate::util;

use std::fs;
use std::path::Path;

use serde_json::Value;
use util::{Workspace, assert_text};

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// Runs `brief new` and returns the created note's path relative to the
/// workspace, checking it is `briefs/<brief>/<today>-<stem>.md`.
fn new_note(ws: &Workspace, args: &[&str], brief: &str, stem: &str) -> String {
    let before = today();
    let out = ws_run(ws, args);
    let after = today();
    assert_eq!(out.status, 0, "{}", out.stderr);
    let path = out.stdout.trim_end().to_owned();
    // The clock may pass midnight during the run.
    let expected: Vec<String> = [before, after]
        .iter()
        .map(|date| format!("briefs/{brief}/{date}-{stem}.md"))
        .collect();
    assert!(
        expected.contains(&path),
        "{path} is not one of {expected:?}"
    );
    assert_eq!(
        out.stderr,
        format!("     Created {path}: fill in the TODO placeholders, then run `brief check`\n")
    );
    assert!(ws.path().join(&path).is_file());
    path
}

fn ws_run(ws: &Workspace, args: &[&str]) -> util::Output {
    ws.run_with(args)
}

// ----- brief new ------------------------------------------------------------

#[test]
fn a_new_note_fails_only_on_placeholders_until_they_are_filled_in() {
    let ws = Workspace::new();
    let path = new_note(&ws, &["new", "talks"], "talks", "new-note");

    let out = ws_run(&ws, &["check", "--format", "json"]);
    assert_eq!(out.status, 1);
    let lines: Vec<Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty(), "a fresh note must not pass as is");
    for line in &lines {
        assert_eq!(line["code"], "placeholder", "{line}");
        assert_eq!(line["path"], path.as_str());
        assert!(
            line["help"]
                .as_str()
                .unwrap()
                .starts_with("replace it with ")
        );
    }
    // The title placeholder is among them, and so is the body's lede.
    assert!(
        lines
            .iter()
            .any(|l| l["line"] == 3 && l["message"] == "`title` is still a placeholder")
    );
    assert!(
        lines
            .iter()
            .any(|l| l["message"] == "placeholder text left in the body")
    );

    // Fill in every placeholder as an analyst would.
    let text = ws.read(&path);
    let filled: String = text
        .lines()
        .map(|line| fill_placeholder(line) + "\n")
        .collect();
    assert!(!filled.contains("TODO"), "{filled}");
    fs::write(ws.path().join(&path), filled).unwrap();

    let out = ws_run(&ws, &["check"]);
    assert_text(&out.stderr, "     Checked 1 note in 1 brief: all valid\n");
    assert_eq!(out.status, 0);
}

/// Replaces a `"TODO: …"` value or a `TODO:` body line with real text.
fn fill_placeholder(line: &str) -> String {
    if let Some(start) = line.find("\"TODO") {
        let value = if line.trim_start().starts_with("url:") {
            "\"https://example.org/report\""
        } else {
            "\"Filled in by the analyst\""
        };
        let end = line.rfind('"').unwrap();
        return format!("{}{value}{}", &line[..start], &line[end + 1..]);
    }
    if line.trim_start().starts_with("TODO") {
        return "Written by the analyst.".to_owned();
    }
    line.to_owned()
}

#[test]
fn new_kind_judgments_scaffolds_key_judgments_that_check_once_filled_in() {
    let ws = Workspace::new();
    let path = new_note(
        &ws,
        &["new", "talks", "--kind", "judgments"],
        "talks",
        "key-judgments",
    );
    let text = ws.read(&path);
    assert!(text.contains("\nkind: judgments\n"), "{text}");
    assert!(!text.contains("actors:"), "a judgments note scores nothing");
    let out = ws_run(&ws, &["check", "--format", "json"]);
    assert_eq!(out.status, 1, "placeholders first");
    let filled: String = text
        .lines()
        .map(|line| fill_placeholder(line) + "\n")
        .collect();
    fs::write(ws.path().join(&path), filled).unwrap();
    // Key judgments alone make a brief: the analyst can build it.
    let out = ws_run(&ws, &["build", "--format", "json"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let json: Value = serde_json::from_str(&ws.read("out/talks.json")).unwrap();
    assert_eq!(json["judgments"][0]["text"], "Filled in by the analyst");
    assert_eq!(json["notes"], 0);
}

#[test]
fn new_with_a_title_uses_it_for_the_title_and_the_file_name() {
    let ws = Workspace::new();
    let path = new_note(
        &ws,
        &["new", "talks", "--title", "Doha round four opens!"],
        "talks",
        "doha-round-four-opens",
    );
    assert!(
        ws.read(&path)
            .contains("\ntitle: \"Doha round four opens!\"\n")
    );
    let out = ws_run(&ws, &["check", "--format", "json"]);
    for line in out.stdout.lines() {
        let line: Value = serde_json::from_str(line).unwrap();
        assert_ne!(line["line"], 3, "the given title is no placeholder: {line}");
        assert_eq!(line["code"], "placeholder");
    }
}

#[test]
fn new_never_overwrites_a_note() {
    let ws = Workspace::new();
    let first = new_note(&ws, &["new", "talks"], "talks", "new-note");
    fs::write(ws.path().join(&first), "mine").unwrap();
    let second = new_note(&ws, &["new", "talks"], "talks", "new-note-2");
    assert_ne!(first, second);
    assert_eq!(ws.read(&first), "mine");
}

#[test]
fn new_takes_the_default_marking_from_brief_yaml() {
    let ws = Workspace::new().config("title: Test\nmarking: amber\n");
    let path = new_note(&ws, &["new", "talks"], "talks", "new-note");
    assert!(ws.read(&path).contains("\nmarking: TLP:AMBER\n"));
}

#[test]
fn new_with_a_bad_brief_name_exits_2_and_writes_nothing() {
    let ws = Workspace::new();
    let out = ws_run(&ws, &["new", "Bad Name"]);
    assert_eq!(out.status, 2);
    assert_text(
        &out.stderr,
        "error: `Bad Name` is not a valid brief name: use lower-case letters, digits and hyphens, e.g. us-iran-talks\n",
    );
    assert!(!ws.path().join("briefs").exists());
}

#[test]
fn new_refuses_the_reserved_brief_name_index() {
    let ws = Workspace::new();
    let out = ws_run(&ws, &["new", "index"]);
    assert_eq!(out.status, 2);
    assert_text(
        &out.stderr,
        "error: `index` cannot name a brief: `index.html` is the build's contents page\n",
    );
    assert!(!ws.path().join("briefs").exists());
}

// ----- brief init -----------------------------------------------------------

#[test]
fn init_makes_a_workspace_that_checks_clean_and_refuses_to_run_twice() {
    let ws = Workspace::bare();
    let out = ws_run(&ws, &["init", "gulf"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    let dir = ws.path().join("gulf");
    for file in [
        "brief.yaml",
        "schemas/note.schema.json",
        "schemas/brief.schema.json",
        ".vscode/settings.json",
        ".gitignore",
    ] {
        assert!(dir.join(file).is_file(), "{file} not created");
    }
    assert!(
        out.stderr
            .ends_with("       Ready run `brief check` then `brief build` in [ROOT]/gulf\n"),
        "{}",
        out.stderr
    );

    let dir_arg = dir.to_string_lossy().into_owned();
    let check = ws_run(&ws, &["check", "--root", &dir_arg]);
    assert_text(&check.stderr, "     Checked 1 note in 1 brief: all valid\n");
    assert_eq!(check.status, 0);

    // The schemas it writes are the ones `brief schema` prints.
    assert_eq!(
        fs::read_to_string(dir.join("schemas/note.schema.json")).unwrap(),
        ws_run(&ws, &["schema"]).stdout
    );

    let config_before = fs::read_to_string(dir.join("brief.yaml")).unwrap();
    assert!(
        config_before.contains("\nnames: open\n"),
        "the names policy is written out, with its comment: {config_before}"
    );
    assert!(config_before.contains("# closed: every one must be declared"));
    let again = ws_run(&ws, &["init", "gulf"]);
    assert_eq!(again.status, 2);
    assert_text(
        &again.stderr,
        "error: [ROOT]/gulf already holds a workspace (brief.yaml exists)\n",
    );
    assert_eq!(
        fs::read_to_string(dir.join("brief.yaml")).unwrap(),
        config_before
    );
}

// ----- brief schema ---------------------------------------------------------

fn schema(args: &[&str]) -> Value {
    let out = ws_run(&Workspace::bare(), args);
    assert_eq!(out.status, 0, "{}", out.stderr);
    serde_json::from_str(&out.stdout).expect("brief schema prints JSON")
}

#[test]
fn schema_is_draft_2020_12_and_closed_to_unknown_keys() {
    for args in [&["schema"][..], &["schema", "--config"][..]] {
        let schema = schema(args);
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{args:?}"
        );
        assert_eq!(schema["additionalProperties"], false, "{args:?}");
        // Every object with fixed properties is closed, not only the root.
        for (name, definition) in schema["$defs"].as_object().unwrap() {
            if definition.get("properties").is_some() {
                assert_eq!(
                    definition["additionalProperties"], false,
                    "{args:?} $defs/{name}"
                );
            }
        }
    }
    let note = schema(&["schema"]);
    let required = note["required"].as_array().unwrap();
    assert_eq!(required, &[Value::from("title"), Value::from("date")]);
}

/// Property names of the schema's root (`None`) or of a definition.
fn properties<'s>(schema: &'s Value, definition: Option<&str>) -> Vec<&'s str> {
    let object = match definition {
        Some(name) => &schema["$defs"][name],
        None => schema,
    };
    object["properties"]
        .as_object()
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The keys of `instance` the schema object (root or definition) would refuse:
/// those outside `properties` when `additionalProperties` is false.
fn refused_keys<'i>(schema: &Value, definition: Option<&str>, instance: &'i Value) -> Vec<&'i str> {
    let object = definition.map_or(schema, |name| &schema["$defs"][name]);
    if object["additionalProperties"] != false {
        return Vec::new();
    }
    let allowed = properties(schema, definition);
    instance
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|key| !allowed.contains(key))
        .collect()
}

/// An editor using the schema flags the same misspelt keys `brief check` does.
///
/// This is a hand-rolled subset of JSON Schema validation: it only checks
/// `properties` against `additionalProperties: false`, for the root and for
/// `$defs/ActorEntry`. A full validator (e.g. the `jsonschema` crate) would
/// also follow `$ref`s into every list item, and check `required`, `type`,
/// `minimum`/`maximum` on scores, `enum` on confidence and status, the
/// `pattern`s of dates, slugs, markings and percentages, and `minLength`.
#[test]
fn schema_rejects_a_misspelt_key_at_the_top_and_in_an_actor() {
    let schema = schema(&["schema"]);
    assert!(properties(&schema, None).contains(&"actors"));
    assert!(!properties(&schema, None).contains(&"levarage"));
    let actor = properties(&schema, Some("ActorEntry"));
    assert!(actor.contains(&"leverage"), "{actor:?}");
    assert!(!actor.contains(&"levarage"));
    assert_eq!(schema["$defs"]["ActorEntry"]["additionalProperties"], false);
    // `actors` items are ActorEntry objects.
    assert_eq!(
        schema["properties"]["actors"]["items"]["$ref"],
        "#/$defs/ActorEntry"
    );

    let note = serde_json::json!({
        "title": "Doha talks resume",
        "date": "2026-11-20",
        "tag": ["doha"],
        "actors": [{ "name": "Iran", "levarage": 2, "stakes": 3 }],
    });
    assert_eq!(refused_keys(&schema, None, &note), ["tag"]);
    assert_eq!(
        refused_keys(&schema, Some("ActorEntry"), &note["actors"][0]),
        ["levarage"]
    );
    let fine = serde_json::json!({ "name": "Iran", "leverage": 2, "stakes": 3 });
    assert!(refused_keys(&schema, Some("ActorEntry"), &fine).is_empty());
}

#[test]
fn committed_schemas_match_brief_schema_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (file, args) in [
        ("schemas/note.schema.json", &["schema"][..]),
        ("schemas/brief.schema.json", &["schema", "--config"][..]),
    ] {
        let committed = fs::read_to_string(root.join(file)).unwrap();
        let printed = ws_run(&Workspace::bare(), args).stdout;
        assert!(
            committed == printed,
            "{file} is out of date with the code: regenerate it with \
             `cargo run -- {} > {file}`",
            args.join(" ")
        );
    }
}

// ----- the repository's sample workspaces -----------------------------------

#[test]
fn the_sample_workspace_checks_clean() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = ws_run(&Workspace::bare(), &["check", "--root", root]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    // "Checked N notes in M briefs: all valid", with SPEC §1's minimum sample.
    let summary = out.stderr.trim();
    let words: Vec<&str> = summary.split(' ').collect();
    assert!(
        summary.ends_with(": all valid") && words.len() == 8 && !summary.contains('\n'),
        "{summary}"
    );
    let notes: usize = words[1].parse().unwrap();
    let briefs: usize = words[4].parse().unwrap();
    assert_eq!(words[0], "Checked", "{summary}");
    assert!(notes >= 12 && briefs >= 2, "{summary}");
}

#[test]
fn the_minimal_example_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/minimal");
    let root = root.to_string_lossy().into_owned();
    let out = ws_run(&Workspace::bare(), &["check", "--root", &root]);
    assert_text(&out.stderr, "     Checked 1 note in 1 brief: all valid\n");
    assert_eq!(out.status, 0);
}
