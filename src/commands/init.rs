//! `brief init`: a workspace with a config, a first valid note, editor
//! schemas and the settings that point an editor's YAML server at them.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::commands::schema;
use crate::error::AppError;
use crate::workspace::CONFIG_FILE;
use crate::write;

/// Creates the workspace files in `dir`; refuses if brief.yaml exists.
pub(crate) fn create(dir: &Path, today: Date) -> Result<Vec<PathBuf>, AppError> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(AppError::Usage(format!(
            "{} already holds a workspace ({CONFIG_FILE} exists)",
            dir.display()
        )));
    }
    let title = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty() && n != ".")
        .unwrap_or_else(|| "Briefs".to_owned());
    super::new::refuse_control_characters(
        "the folder name (brief.yaml's title)",
        &title,
        "rename the folder",
    )?;
    let files: Vec<(PathBuf, String)> = vec![
        (dir.join(CONFIG_FILE), config(&title)),
        (
            dir.join("briefs/example")
                .join(format!("{today}-first-note.md")),
            first_note(today),
        ),
        (
            dir.join("schemas/note.schema.json"),
            schema::text(schema::Which::Note),
        ),
        (
            dir.join("schemas/brief.schema.json"),
            schema::text(schema::Which::Config),
        ),
        (
            dir.join(".vscode/settings.json"),
            VSCODE_SETTINGS.to_owned(),
        ),
        (dir.join(".gitignore"), "out/\n".to_owned()),
    ];
    let mut created = Vec::new();
    for (path, contents) in files {
        match write::create_new(&path, contents.as_bytes()) {
            Ok(()) => created.push(path),
            // Keep an existing .gitignore or editor settings rather than fail.
            Err(write::WriteError::Exists { .. }) if !path.ends_with(CONFIG_FILE) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(created)
}

fn config(title: &str) -> String {
    format!(
        "# yaml-language-server: $schema=schemas/brief.schema.json\n\
         title: {}\n\
         organization: Analysis unit\n\
         marking: TLP:CLEAR\n\
         page_size: A4\n\
         half_life_days: 30\n\
         contested_range: 3\n\
         # open: any actor or mechanism may appear, likely misspellings warned about;\n\
         # closed: every one must be declared below (key or alias), else an error.\n\
         names: open\n\
         briefs:\n  example:\n    title: Example brief\n    summary: Replace with the standing context of your first topic.\n\
         actors:\n  Example Government: {{ aliases: [the government] }}\n",
        super::new::yaml_string(title)
    )
}

fn first_note(today: Date) -> String {
    let due = today
        .checked_add(jiff::Span::new().days(14))
        .unwrap_or(today);
    format!(
        "---\n\
         # yaml-language-server: $schema=../../schemas/note.schema.json\n\
         title: Example development to replace with your first note\n\
         date: {today}\n\
         confidence: moderate\n\
         actors:\n  - name: Example Government\n    leverage: 1\n    stakes: 3\n    mechanism: agenda setting\n    rationale: It chose the timing of the announcement.\n\
         watch:\n  - indicator: A second announcement follows\n    due: {due}\n\
         ---\n\
         One paragraph saying what happened: this is the lede.\n\n\
         ## Why it matters\n\n\
         Say what is at stake. Then run `brief new example` for a note with every field.\n"
    )
}

/// Points the YAML language server (VS Code's YAML extension and others
/// reading `yaml.schemas`) at the schemas.
const VSCODE_SETTINGS: &str = r#"{
  "yaml.schemas": {
    "./schemas/brief.schema.json": "brief.yaml",
    "./schemas/note.schema.json": "briefs/**/*.md"
  }
}
"#;
