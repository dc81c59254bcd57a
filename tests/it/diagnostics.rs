//! How diagnostics look to a user and a CI parser: the code in the header as
//! rustc shows it (issue 15.4), file-level problems at `path:1:1` (15.7),
//! and many diagnostics in one file printed in one pass (16.11).

use crate::util;

use std::fs;

use util::{Workspace, assert_text};

/// A valid note but for what `actors` and `watch` hold.
fn note(actors: &str, watch: &str) -> String {
    format!(
        "---\ntitle: T\ndate: 2026-11-20\nconfidence: moderate\nmarking: TLP:CLEAR\n\
         actors:\n{actors}watch:\n{watch}---\nLede.\n"
    )
}

#[test]
fn the_header_names_the_code_of_errors_and_warnings() {
    let text = note(
        "  - name: Iran\n    leverage: 2\n    stakes: 3\n    mechanism: signalling\n    levarage: 1\n",
        "  - indicator: Talks resume\n",
    );
    let ws = Workspace::new().note("briefs/talks/2026-11-20-a.md", &text);
    let out = ws.run_with(["check"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/talks/2026-11-20-a.md:11:5: error[unknown-key]: unknown key `levarage` in an actor"
        ]
    );
    let fixed = Workspace::new().note(
        "briefs/talks/2026-11-20-a.md",
        &text.replace("    levarage: 1\n", ""),
    );
    let out = fixed.run_with(["check"]);
    assert_eq!(out.status, 0, "{}", out.stderr);
    assert_text(
        &out.stderr,
        "briefs/talks/2026-11-20-a.md:12:16: warning[watch-without-due]: watch item has no `due` date\n   \
         |\n12 |   - indicator: Talks resume\n   |                ^^^^^^^^^^^^\n   |\n   \
         = help: add `due: YYYY-MM-DD` so the brief can show when it is overdue\n\
         \x20    Checked 1 note in 1 brief: all valid, 1 warning\n",
    );
}

#[test]
fn file_level_problems_are_at_1_1_for_problem_matchers() {
    let ws = Workspace::new()
        .note("briefs/talks/2026-11-20-empty.md", "")
        .note("briefs/talks/2026-11-21-utf16.md", "")
        .file(
            "briefs/talks/2026-11-21-utf16.md",
            [0xFF, 0xFE, b'-', 0, b'-', 0, b'-', 0, b'\n', 0],
        );
    let big = fs::File::create(ws.path().join("briefs/talks/2026-11-22-big.md")).unwrap();
    big.set_len(8 * 1024 * 1024 + 1).unwrap();
    drop(big);

    let human = ws.run_with(["check"]);
    assert_eq!(human.status, 1);
    assert_text(
        &human.stderr,
        "briefs/talks/2026-11-20-empty.md:1:1: error[empty-file]: the note is empty\n  \
         = help: a note starts with `---`, its front matter (at least `title:` and `date:`), then `---`\n\
         briefs/talks/2026-11-21-utf16.md:1:1: error[not-utf8]: the note is UTF-16 (little-endian), not UTF-8\n  \
         |\n1 | ---\n  | ^\n  |\n  \
         = help: save the file as UTF-8 (in most editors: Save As, encoding UTF-8)\n\
         briefs/talks/2026-11-22-big.md:1:1: error[too-large]: the note is 8.0 MiB, larger than the 8.0 MiB limit\n  \
         = help: split it into several notes, one development each\n\
         \x20    Checked 3 notes in 1 brief: 3 errors; 3 notes invalid\n",
    );

    let github = ws.run_with(["check", "--format", "github"]);
    assert_text(
        &github.stdout,
        "::error file=briefs/talks/2026-11-20-empty.md,line=1,col=1,title=brief empty-file::the note is empty\
         %0Ahelp: a note starts with `---`, its front matter (at least `title:` and `date:`), then `---`\n\
         ::error file=briefs/talks/2026-11-21-utf16.md,line=1,endLine=1,col=1,endColumn=2,title=brief not-utf8::the note is UTF-16 \
         (little-endian), not UTF-8%0Ahelp: save the file as UTF-8 (in most editors: Save As, encoding UTF-8)\n\
         ::error file=briefs/talks/2026-11-22-big.md,line=1,col=1,title=brief too-large::the note is 8.0 MiB, \
         larger than the 8.0 MiB limit%0Ahelp: split it into several notes, one development each\n",
    );

    let json = ws.run_with(["check", "--format", "json"]);
    let positions: Vec<_> = json
        .json_lines()
        .iter()
        .map(|d| (d["code"].clone(), d["line"].clone(), d["column"].clone()))
        .collect();
    assert_eq!(
        positions,
        ["empty-file", "not-utf8", "too-large"].map(|code| (code.into(), 1.into(), 1.into()))
    );
}

#[test]
fn twenty_thousand_invalid_actors_are_each_reported_at_their_line() {
    // Not timed: before the line index, each diagnostic counted the lines
    // from the top of the file, and this ran past the run's deadline.
    let n = 20_000;
    let actors: String = (0..n)
        .map(|i| format!("  - name: actor {i}\n    leverage: 9\n    stakes: 2\n"))
        .collect();
    let ws = Workspace::new().note("briefs/talks/2026-11-20-a.md", &note(&actors, ""));
    let out = ws.run_with(["check", "--format", "json"]);
    assert_eq!(out.status, 1);
    let lines = out.json_lines();
    assert_eq!(lines.len(), n);
    // The first actor's `leverage:` is line 8; each actor takes three lines.
    let last = &lines[n - 1];
    assert_eq!(
        (&last["line"], &last["column"], &last["code"]),
        (
            &(8 + 3 * (n - 1)).into(),
            &15.into(),
            &"out-of-range".into()
        )
    );
    let human = ws.run_with(["check"]);
    assert_eq!(human.diagnostic_lines().len(), n);
}

// ----- CI formats: SARIF, GitLab Code Quality, GitHub (issue 21) ------------

/// A repository whose workspace is `docs/ws`, holding one note with two
/// problems: a bad date (line 3, columns 7–17) and a TODO (line 5).
fn repository_with_workspace() -> Workspace {
    Workspace::bare()
        .dir("repo/.git")
        .file("repo/docs/ws/brief.yaml", "title: T\n")
        .note(
            "repo/docs/ws/briefs/b/a b.md",
            "---\ntitle: x\ndate: 2026-13-01\n---\nTODO write \u{1b}]0;x\u{7}\n",
        )
        // No checkout variables of the machine running the tests.
        .env("GITHUB_WORKSPACE", "")
        .env("CI_PROJECT_DIR", "")
}

const NOTE_FROM_REPO: &str = "docs/ws/briefs/b/a b.md";

#[test]
fn ci_formats_show_paths_from_the_git_top_level_with_end_positions() {
    let ws = repository_with_workspace().current_dir("repo/docs/ws/briefs");
    let github = ws.run_with(["check", "--format", "github"]);
    assert_eq!(github.status, 1);
    assert_eq!(
        github.stdout.lines().next().unwrap_or_default(),
        format!(
            "::error file={NOTE_FROM_REPO},line=3,endLine=3,col=7,endColumn=17,title=brief bad-date::\
             `date` is not a valid date: 2026-13-01 does not exist in the calendar%0A\
             help: write the date as YYYY-MM-DD, e.g. 2026-11-20"
        )
    );

    let sarif = ws.run_with(["check", "--format", "sarif"]);
    assert_eq!(sarif.status, 1);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"],
        serde_json::json!({
            "artifactLocation": {"uri": "docs/ws/briefs/b/a%20b.md", "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": 3, "startColumn": 7, "endLine": 3, "endColumn": 17}
        })
    );
    assert_eq!(results[1]["ruleId"], "placeholder");
    assert_eq!(
        results[1]["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );

    let gitlab = ws.run_with(["check", "--format", "gitlab"]);
    assert_eq!(gitlab.status, 1);
    let issues: serde_json::Value = serde_json::from_str(&gitlab.stdout).unwrap();
    assert_eq!(
        issues[0]["location"],
        serde_json::json!({"path": NOTE_FROM_REPO, "lines": {"begin": 3, "end": 3}})
    );
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[0]["check_name"], "bad-date");
}

#[test]
fn human_and_json_paths_are_relative_to_the_current_folder() {
    let ws = repository_with_workspace().current_dir("repo/docs/ws/briefs");
    let human = ws.run_with(["check"]);
    assert!(
        human
            .first_stderr_line()
            .starts_with("b/a b.md:3:7: error[bad-date]"),
        "{}",
        human.stderr
    );
    let from_repo = repository_with_workspace().current_dir("repo");
    let json = from_repo.run_with(["check", "--root", "docs/ws", "--format", "json"]);
    assert_eq!(json.json_lines()[0]["path"], NOTE_FROM_REPO);
}

#[test]
fn the_checkout_variables_name_the_repository_root() {
    // GitHub's and GitLab's checkout folders win over the .git folder.
    for variable in ["GITHUB_WORKSPACE", "CI_PROJECT_DIR"] {
        let ws = repository_with_workspace().current_dir("repo/docs/ws");
        let checkout = ws.path().join("repo/docs").to_string_lossy().into_owned();
        let ws = ws.env(variable, &checkout);
        for format in ["github", "sarif", "gitlab"] {
            let out = ws.run_with(["check", "--format", format]);
            assert!(
                out.stdout.contains("ws/briefs/b/a") && !out.stdout.contains("docs/ws/"),
                "{variable}, {format}: {}",
                out.stdout
            );
        }
    }
    // A checkout folder that does not hold the workspace is passed over.
    let ws = repository_with_workspace().current_dir("repo/docs/ws");
    let elsewhere = ws.path().join("other").to_string_lossy().into_owned();
    let out = ws
        .env("GITHUB_WORKSPACE", &elsewhere)
        .run_with(["check", "--format", "gitlab"]);
    assert!(out.stdout.contains(NOTE_FROM_REPO), "{}", out.stdout);
}

#[test]
fn without_a_repository_ci_paths_are_relative_to_the_current_folder() {
    let ws = Workspace::new()
        .note("briefs/b/a.md", "---\ntitle: x\ndate: 2026-13-01\n---\n")
        .env("GITHUB_WORKSPACE", "")
        .env("CI_PROJECT_DIR", "")
        .current_dir("briefs");
    let out = ws.run_with(["check", "--format", "github"]);
    assert!(
        out.stdout.starts_with("::error file=b/a.md,line=3,"),
        "{}",
        out.stdout
    );
}

#[test]
fn gitlab_fingerprints_are_stable_across_runs_and_unique_per_issue() {
    let twice = "  - name: Iran\n    leverage: 9\n    stakes: 3\n    mechanism: m\n";
    let ws = repository_with_workspace()
        .note(
            "repo/docs/ws/briefs/b/c.md",
            &note(&twice.repeat(2), "  - indicator: x\n    due: 2026-12-01\n"),
        )
        .current_dir("repo");
    let first = ws.run_with(["check", "--root", "docs/ws", "--format", "gitlab"]);
    let again = ws.run_with(["check", "--root", "docs/ws", "--format", "gitlab"]);
    assert_eq!(first.stdout, again.stdout);
    let issues: Vec<serde_json::Value> = serde_json::from_str(&first.stdout).unwrap();
    let mut prints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap())
        .collect();
    assert!(issues.len() >= 4, "{}", first.stdout);
    prints.sort();
    prints.dedup();
    assert_eq!(
        prints.len(),
        issues.len(),
        "alike problems differ: {}",
        first.stdout
    );
    // A line added above the problems changes their lines, not their names.
    let moved = std::fs::read_to_string(ws.path().join("repo/docs/ws/briefs/b/c.md"))
        .unwrap()
        .replacen(
            "title: T\n",
            "title: T\n# a comment moves every line below\n",
            1,
        );
    std::fs::write(ws.path().join("repo/docs/ws/briefs/b/c.md"), moved).unwrap();
    let after = ws.run_with(["check", "--root", "docs/ws", "--format", "gitlab"]);
    let after: Vec<serde_json::Value> = serde_json::from_str(&after.stdout).unwrap();
    let names = |all: &[serde_json::Value]| -> Vec<String> {
        all.iter().map(|i| i["fingerprint"].to_string()).collect()
    };
    assert_eq!(names(&after), names(&issues));
    assert_ne!(after[2]["location"], issues[2]["location"]);
}

#[test]
fn a_note_s_control_characters_reach_no_ci_format_raw() {
    let ws = repository_with_workspace()
        .note(
            "repo/docs/ws/briefs/b/k.md",
            // YAML's escapes: the key holds ESC, CSI and RIGHT-TO-LEFT OVERRIDE.
            "---\ntitle: x\ndate: 2026-11-20\n\"k\\e[2J\\x9b\\u202e\": 1\n---\n",
        )
        .current_dir("repo");
    for format in ["github", "sarif", "gitlab"] {
        let out = ws.run_with(["check", "--root", "docs/ws", "--format", format]);
        assert!(
            !out.stdout
                .chars()
                .any(|c| c != '\n' && (c.is_control() || c == '\u{202e}')),
            "{format}: {:?}",
            out.stdout
        );
        assert!(
            out.stdout.contains("[2J"),
            "{format}: the text is kept, escaped"
        );
    }
}

/// check-jsonschema, from `CHECK_JSONSCHEMA` (set by .ci/run) or the PATH.
fn check_jsonschema() -> String {
    std::env::var("CHECK_JSONSCHEMA").unwrap_or_else(|_| "check-jsonschema".to_owned())
}

#[test]
#[ignore = "needs check-jsonschema"]
fn the_sarif_log_validates_against_the_sarif_2_1_0_schema() {
    let schema = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sarif/sarif-schema-2.1.0.json");
    let ws = repository_with_workspace()
        .note(
            "repo/docs/ws/briefs/b/w.md",
            &note(
                "  - name: Iran\n    leverage: 5\n    stakes: 3\n    mechanism: m\n",
                "  - indicator: x\n",
            ),
        )
        .file("repo/docs/ws/briefs/b/empty.md", "")
        .current_dir("repo");
    let out = ws.run_with(["check", "--root", "docs/ws", "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let levels: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .collect();
    assert!(
        levels.contains(&"error") && levels.contains(&"warning"),
        "{levels:?}"
    );
    let file = ws.path().join("brief.sarif");
    fs::write(&file, &out.stdout).unwrap();
    let validated = std::process::Command::new(check_jsonschema())
        .arg("--schemafile")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("run check-jsonschema");
    assert!(
        validated.status.success(),
        "{}{}",
        String::from_utf8_lossy(&validated.stdout),
        String::from_utf8_lossy(&validated.stderr)
    );
}

#[test]
fn json_gives_each_did_you_mean_its_replacement() {
    let text = note(
        "  - name: Iran\n    leverage: 2\n    stakes: 3\n    mechanism: signalling\n    levarage: 1\n",
        "  - indicator: Talks resume\n    due: 2026-12-01\n",
    )
    .replace("confidence: moderate", "confidence: moderat");
    let ws = Workspace::new().note("briefs/talks/2026-11-20-a.md", &text);
    let out = ws.run_with(["check", "--format", "json"]);
    assert_eq!(out.status, 1, "{}", out.stderr);
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let fixes: Vec<(&str, &str, u64)> = lines
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["suggestion"].as_str().unwrap_or("-"),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fixes,
        [
            ("unknown-value", "moderate", 4),
            ("unknown-key", "leverage", 11)
        ]
    );
    assert_eq!(lines[1]["help"], "did you mean `leverage`?");
}
