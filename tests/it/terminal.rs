//! Issue 16.9: text from notes never drives the terminal. YAML escapes let a
//! note carry escape sequences (`"\e]0;PWNED\a"` retitles the window, `\e[2J`
//! clears the screen, OSC 8 fakes links), NUL, DEL, C1 controls and
//! bidirectional overrides in any value; every command that prints that
//! text must print it escaped (`\u{1b}`), in every format.

use crate::util;

use util::{Output, Workspace};

/// Every hostile sequence, as YAML double-quoted escapes.
const HOSTILE: &str =
    r"\e]0;PWNED\a \e[2J \e]8;;http://x\e\\link\e]8;;\e\\ \0 \x7f \u0085\u009b \u202e\u2066";

/// The characters a terminal acts upon or that reorder what it shows: C0
/// but new line and tab, DEL, C1, bidirectional embeddings, overrides and
/// isolates; and U+FFFD, which is what a stray byte that is not UTF-8 reads as.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffd}')
}

#[track_caller]
fn assert_no_terminal_controls(what: &str, out: &Output) {
    for (stream, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let found: Vec<String> = text
            .chars()
            .filter(|&c| is_hostile(c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(
            found.is_empty(),
            "{what}: {stream} holds {found:?}:\n{}",
            text.escape_debug()
        );
    }
}

/// A workspace whose brief title, actor and mechanism names (and aliases),
/// source, rationale, watch item and note titles all carry [`HOSTILE`]: two
/// valid notes (for `diff` and `build`), one invalid note with a hostile key
/// and names in its messages, one with raw control bytes in its YAML, and
/// an empty one whose file name holds some.
fn hostile_workspace() -> Workspace {
    let config = format!(
        "title: \"Gulf {HOSTILE}\"\nnames: closed\nbriefs:\n  talks:\n    title: \"Talks {HOSTILE}\"\n\
         actors:\n  \"Iran {HOSTILE}\": {{ aliases: [\"Tehran {HOSTILE}\"] }}\n  Israel: {{ aliases: [] }}\n\
         mechanisms:\n  \"signalling {HOSTILE}\": {{ aliases: [] }}\n"
    );
    Workspace::new()
        .config(&config)
        .note(
            "briefs/talks/2026-11-01-a.md",
            &valid_note("2026-11-01", ""),
        )
        .note(
            "briefs/talks/2026-11-10-b.md",
            &valid_note(
                "2026-11-10",
                &format!(
                    "  - name: Israel\n    leverage: -1\n    stakes: 2\n    mechanism: \"signalling {HOSTILE}\"\n"
                ),
            ),
        )
        .note(
            "briefs/talks/2026-11-12-bad.md",
            &format!(
                "---\ntitle: \"Bad {HOSTILE}\"\ndate: 2026-11-12\n\"key {HOSTILE}\": 1\nactors:\n\
                 \x20 - name: \"Undeclared {HOSTILE}\"\n    leverage: 1\n    stakes: 1\n    mechanism: \"mech {HOSTILE}\"\n\
                 watch:\n  - indicator: \"Watch {HOSTILE}\"\n---\nBody\n"
            ),
        )
        .note(
            "briefs/talks/2026-11-13-raw.md",
            "---\ntitle: \"raw \x1b[2J \x07 \x7f \u{9b}\"\ndate: 2026-11-13\n---\nBody \x1b]0;PWNED\x07\n",
        )
        .note("briefs/talks/2026-11-14-\x1b[2J\u{9b}.md", "")
}

fn valid_note(date: &str, more_actors: &str) -> String {
    format!(
        "---\ntitle: \"Note of {date} {HOSTILE}\"\ndate: {date}\nconfidence: moderate\nmarking: TLP:CLEAR\n\
         sources:\n  - title: \"Source {HOSTILE}\"\n    url: https://example.org/a\n    reliability: B\n    credibility: 2\n\
         actors:\n  - name: \"Iran {HOSTILE}\"\n    leverage: 2\n    stakes: 3\n    mechanism: \"signalling {HOSTILE}\"\n\
         \x20   rationale: \"Because {HOSTILE}\"\n{more_actors}\
         watch:\n  - indicator: \"Watch {HOSTILE}\"\n    due: 2026-12-01\n---\nLede {HOSTILE}.\n"
    )
}

#[test]
fn check_prints_hostile_keys_names_and_lines_escaped_in_every_format() {
    let ws = hostile_workspace();
    let human = ws.run_with(["check"]);
    assert_eq!(human.status, 1, "{}", human.stderr);
    assert_no_terminal_controls("check", &human);
    let key = r"unknown key `key \u{1b}]0;PWNED\u{7} \u{1b}[2J \u{1b}]8;;http://x\u{1b}\link\u{1b}]8;;\u{1b}\ \u{0} \u{7f} \u{85}\u{9b} \u{202e}\u{2066}` in the front matter";
    assert!(
        human.stderr.contains(&format!(
            "briefs/talks/2026-11-12-bad.md:4:1: error[unknown-key]: {key}"
        )),
        "{}",
        human.stderr
    );
    assert!(
        human
            .stderr
            .contains(r"error[undeclared-name]: actor `Undeclared \u{1b}]0;PWNED"),
        "{}",
        human.stderr
    );
    // Raw bytes in the file: the YAML error's line is shown, escaped, with
    // its caret under the escape.
    assert!(
        human.stderr.contains(
            "briefs/talks/2026-11-13-raw.md:2:13: error[yaml-syntax]: unexpected character: `\\u{1b}'\n  |\n\
             2 | title: \"raw \\u{1b}[2J \\u{7} \\u{7f} \\u{9b}\"\n  |             ^^^^^^\n"
        ),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains(
            r"briefs/talks/2026-11-14-\u{1b}[2J\u{9b}.md:1:1: error[empty-file]: the note is empty"
        ),
        "{}",
        human.stderr
    );
    for format in ["github", "json"] {
        let out = ws.run_with(["check", "--format", format]);
        assert_eq!(out.status, 1);
        assert_no_terminal_controls(format, &out);
        assert!(out.stdout.contains("[2J"), "{format}: {}", out.stdout);
    }
    // JSON keeps the exact text: escaped bytes, the same string read back.
    let json = ws.run_with(["check", "--format", "json"]);
    let key_error = json
        .json_lines()
        .into_iter()
        .find(|d| d["code"] == "unknown-key")
        .expect("the unknown key is reported");
    assert_eq!(
        key_error["message"],
        "unknown key `key \x1b]0;PWNED\x07 \x1b[2J \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \0 \x7f \u{85}\u{9b} \u{202e}\u{2066}` in the front matter"
    );
}

#[test]
fn diff_prints_hostile_titles_and_names_escaped_as_text_and_json() {
    let ws = hostile_workspace();
    let text = ws.run_with(["diff", "--from", "2026-10-01"]);
    assert_no_terminal_controls("diff", &text);
    let first = text.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(r"@ Talks \u{1b}]0;PWNED\u{7} \u{1b}[2J ")
            && first.ends_with("(talks): 2026-10-01 → 2026-11-10"),
        "{}",
        text.stdout
    );
    for wanted in [
        r"+ new actor: Iran \u{1b}]0;PWNED",
        r"~ dominant mechanism: none → signalling \u{1b}]0;PWNED",
        r"+ new watch item: Watch \u{1b}]0;PWNED",
        r"+ note: 2026-11-10 Note of 2026-11-10 \u{1b}]0;PWNED",
    ] {
        assert!(text.stdout.contains(wanted), "{wanted}:\n{}", text.stdout);
    }
    let json = ws.run_with(["diff", "--from", "2026-10-01", "--format", "json"]);
    assert_no_terminal_controls("diff --format json", &json);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    assert_eq!(
        value[0]["title"],
        "Talks \x1b]0;PWNED\x07 \x1b[2J \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \0 \x7f \u{85}\u{9b} \u{202e}\u{2066}",
        "the JSON reads back to the exact title"
    );
}

#[test]
fn build_and_list_print_nothing_raw() {
    let ws = hostile_workspace();
    let build = ws.run_with(["build", "--verbose", "--format", "html,json"]);
    assert_eq!(build.status, 1, "two notes are invalid: {}", build.stderr);
    assert_no_terminal_controls("build", &build);
    assert!(build.stderr.contains("    Finished "), "{}", build.stderr);
    let list = ws.run_with(["list", "briefs"]);
    assert_eq!((list.status, list.stdout.as_str()), (0, "talks\n"));
    // A packet name must be a slug; a hostile one is refused, escaped.
    let packet = Workspace::new()
        .config(&format!(
            "title: T\npackets:\n  \"p {HOSTILE}\": {{ audience: TLP:CLEAR, briefs: [] }}\n"
        ))
        .run_with(["list", "packets"]);
    assert_eq!(packet.status, 1, "{}", packet.stderr);
    assert!(
        packet.stderr.contains("brief.yaml:3:3: error["),
        "{}",
        packet.stderr
    );
    assert_no_terminal_controls("list packets", &packet);
}

#[test]
fn new_refuses_a_title_holding_a_control_character() {
    let ws = Workspace::new();
    let out = ws.run_with(["new", "talks", "--title", "Doha \x1b]0;PWNED\x07"]);
    assert_eq!(out.status, 2);
    assert_eq!(
        out.stderr,
        "error: the title holds the control character U+001B; write it as plain text on one line\n"
    );
    assert!(!ws.path().join("briefs").exists(), "nothing written");
    // A bidirectional override is text, not a control: kept, but escaped in
    // the YAML so the file holds no character that reorders what is shown.
    let bidi = ws.run_with(["new", "talks", "--title", "Doha \u{202e}talks"]);
    assert_eq!(bidi.status, 0, "{}", bidi.stderr);
    let note = ws.read(bidi.stdout.trim());
    assert!(note.contains("title: \"Doha \\u202etalks\"\n"), "{note}");
    assert!(!note.chars().any(is_hostile), "{note:?}");
    let check = ws.run_with(["check"]);
    assert_no_terminal_controls("check of the new note", &check);
}

#[test]
fn init_refuses_a_folder_name_that_would_put_a_control_character_in_brief_yaml() {
    let ws = Workspace::bare();
    let out = ws.run_with(["init", "gulf\x1b[2J"]);
    assert_eq!(out.status, 2);
    assert_eq!(
        out.stderr,
        "error: the folder name (brief.yaml's title) holds the control character U+001B; rename the folder\n"
    );
    assert!(!ws.path().join("gulf\x1b[2J").join("brief.yaml").exists());
}

/// The sample workspace built with stderr on a pseudo-terminal (util-linux
/// `script`): what the analyst at a terminal sees.
#[test]
#[ignore = "needs script (util-linux)"]
fn on_a_terminal_the_bar_names_each_output_as_it_renders() {
    let out = tempfile::tempdir().unwrap();
    let command = format!(
        "{} build --root {} --out {}",
        util::binary().display(),
        env!("CARGO_MANIFEST_DIR"),
        out.path().display()
    );
    let typescript = out.path().join("typescript");
    let status = std::process::Command::new("script")
        .args(["-qfec", &command])
        .arg(&typescript)
        .env("TERM", "xterm")
        .stdout(std::process::Stdio::null())
        .status()
        .expect("script");
    assert!(status.success());
    let seen = String::from_utf8_lossy(&std::fs::read(&typescript).unwrap()).into_owned();
    for part in ["Checking", "Aggregating", "Rendering", ".pdf", "Finished"] {
        assert!(seen.contains(part), "{part} not shown: {seen}");
    }
    // Each phase on a bar of its own: the rendering bar counts files (briefs
    // in three formats, packets in two), from zero.
    assert!(seen.contains("] 0/10"), "{seen}");

    // Off a terminal (this test's pipes), no bar at all.
    let piped = std::process::Command::new(util::binary())
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--out"])
        .arg(out.path().join("piped"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&piped.stderr);
    assert!(
        !stderr.contains("Rendering") && !stderr.contains('['),
        "{stderr}"
    );
}
