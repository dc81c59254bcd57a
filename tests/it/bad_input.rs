//! SPEC §8, bad input: every nasty file in `tests/bad/` (and a few made at
//! test time because they are large or need the file system) run through the
//! real `brief check`, asserting the whole diagnostic a user reads and the
//! exit code. Every run has a deadline and fails on a panic or a crash (see
//! `util::Workspace::run`), so "no panic, no hang" is asserted throughout.

use crate::util;

use std::fs;
use std::time::{Duration, Instant};

use util::{Output, Workspace, assert_text, read_bad_fixture, unindent};

/// brief.yaml for the fixtures: aliases make `Tehran` the same actor as `Iran`.
const CONFIG: &str = "\
title: Test
actors:
  Iran: { aliases: [Tehran] }
  United States: { aliases: [U.S., Washington] }
";

/// Every committed fixture; `every_fixture_is_tested` keeps this list honest.
const FIXTURES: &[&str] = &[
    "alias-bomb.md",
    "binary.md",
    "bom.md",
    "crlf-invalid.md",
    "crlf.md",
    "dates.md",
    "duplicate-actors.md",
    "duplicate-key.md",
    "empty-title.md",
    "empty.md",
    "latin1.md",
    "malformed-yaml.md",
    "missing-keys.md",
    "no-front-matter.md",
    "percentages.md",
    "scores.md",
    "unclosed-front-matter.md",
    "unknown-keys.md",
    "unknown-values.md",
];

/// A workspace holding one fixture, as `briefs/x/<name>`.
fn fixture_workspace(name: &str) -> Workspace {
    Workspace::new()
        .config(CONFIG)
        .file(&format!("briefs/x/{name}"), read_bad_fixture(name))
}

/// `brief check` on a workspace holding only the fixture.
fn check_fixture(name: &str) -> Output {
    fixture_workspace(name).args(["check"]).run()
}

/// A workspace holding one note written at test time.
fn check_note(name: &str, text: impl AsRef<[u8]>) -> Output {
    Workspace::new()
        .config(CONFIG)
        .file(&format!("briefs/x/{name}"), text)
        .args(["check"])
        .run()
}

/// Exit 1, stderr exactly `expected` (the diagnostics, in order) followed by
/// the summary counting `errors` errors in one invalid note.
#[track_caller]
fn assert_invalid(out: &Output, expected: &str, errors: usize) {
    assert_eq!(out.status, 1, "exit code; stderr:\n{}", out.stderr);
    assert_eq!(out.stdout, "", "human diagnostics go to stderr");
    let (diagnostics, summary) = split_summary(&out.stderr);
    assert_text(diagnostics, &unindent(expected));
    let noun = if errors == 1 { "error" } else { "errors" };
    assert!(
        summary.starts_with("     Checked 1 note in ")
            && summary.ends_with(&format!(": {errors} {noun}; 1 note invalid")),
        "summary line: {summary:?}"
    );
}

/// Exit 0 and the one-line summary of a clean run, nothing else.
#[track_caller]
fn assert_valid(out: &Output, notes: usize) {
    let noun = if notes == 1 { "note" } else { "notes" };
    assert_text(
        &out.stderr,
        &format!("     Checked {notes} {noun} in 1 brief: all valid\n"),
    );
    assert_eq!(out.status, 0);
    assert_eq!(out.stdout, "");
}

/// stderr without its last line (the summary), and that line.
fn split_summary(stderr: &str) -> (&str, &str) {
    let body = stderr.strip_suffix('\n').unwrap_or(stderr);
    match body.rfind('\n') {
        Some(i) => (&stderr[..=i], &body[i + 1..]),
        None => ("", body),
    }
}

#[test]
fn every_fixture_is_tested() {
    let dir = util::bad_fixture("");
    let mut found: Vec<String> = fs::read_dir(&dir)
        .expect("tests/bad exists")
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md") && name != "README.md")
        .collect();
    found.sort();
    assert_eq!(
        found, FIXTURES,
        "add a test for each new file in tests/bad/ and list it in FIXTURES"
    );
    // Named once in FIXTURES and at least once in a test.
    let source = include_str!("bad_input.rs");
    for name in FIXTURES {
        let uses = source.matches(&format!("\"{name}\"")).count();
        assert!(uses >= 2, "no test runs tests/bad/{name}");
    }
}

// ----- front matter that cannot be read -------------------------------------

#[test]
fn malformed_yaml_points_at_the_misindented_line() {
    assert_invalid(
        &check_fixture("malformed-yaml.md"),
        "
        briefs/x/malformed-yaml.md:7:4: error[yaml-syntax]: while parsing a block collection, did not find expected '-' indicator
          |
        7 |    stakes: 3
          |    ^
          |
          = help: the front matter must be valid YAML
        ",
        1,
    );
}

#[test]
fn unclosed_front_matter_points_at_the_opening_fence() {
    assert_invalid(
        &check_fixture("unclosed-front-matter.md"),
        "
        briefs/x/unclosed-front-matter.md:1:1: error[unclosed-front-matter]: the front matter is never closed
          |
        1 | ---
          | ^^^
          |
          = help: add a line `---` after the last front-matter key
        ",
        1,
    );
}

#[test]
fn a_note_without_front_matter_is_told_what_the_first_line_must_be() {
    assert_invalid(
        &check_fixture("no-front-matter.md"),
        "
        briefs/x/no-front-matter.md:1:1: error[no-front-matter]: the note does not start with front matter
          |
        1 | # Doha talks resume
          | ^^^^^^^^^^^^^^^^^^^
          |
          = help: the first line must be `---`, followed by the YAML front matter and a closing `---`
        ",
        1,
    );
}

#[test]
fn a_key_given_twice_is_a_yaml_error_at_the_second() {
    assert_invalid(
        &check_fixture("duplicate-key.md"),
        "
        briefs/x/duplicate-key.md:4:1: error[yaml-syntax]: duplicate mapping key: title
          |
        4 | title: Doha talks resume again
          | ^
          |
          = help: the front matter must be valid YAML
        ",
        1,
    );
}

#[test]
fn alias_bomb_is_refused_without_expanding_it() {
    let started = Instant::now();
    let out = check_fixture("alias-bomb.md");
    assert_invalid(
        &out,
        "
        briefs/x/alias-bomb.md:10:15: error[yaml-syntax]: the YAML expands to more than 200000 values; aliases (`*name`) repeating anchors (`&name`) can do that
           |
        10 |   - &a5 [*a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4, *a4]
           |               ^
           |
           = help: the front matter must be valid YAML
        ",
        1,
    );
    // Expanding 9^10 strings would take minutes and gigabytes.
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn ten_thousand_nested_flow_lists_are_refused() {
    let note = format!(
        "---\ntitle: Deep\ndate: 2026-11-20\ntags: {}{}\n---\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let out = check_note("deep-flow.md", note);
    assert_eq!(out.status, 1, "{}", out.stderr);
    // The column is where the YAML scanner's own nesting limit trips.
    let first = out.first_stderr_line();
    assert!(
        first.starts_with("briefs/x/deep-flow.md:4:")
            && first.ends_with(
                ": error[yaml-syntax]: the YAML is nested too deeply (the limit is 24 levels)"
            ),
        "{first}"
    );
    assert!(
        out.stderr
            .contains("= help: the front matter must be valid YAML")
    );
}

#[test]
fn ten_thousand_nested_block_lists_are_refused_at_level_twenty_five() {
    let note = format!(
        "---\ntitle: Deep\ndate: 2026-11-20\ntags:\n  {}x\n---\n",
        "- ".repeat(10_000)
    );
    let out = check_note("deep-block.md", note);
    assert_eq!(out.status, 1, "{}", out.stderr);
    // Level 1 is the front matter, level 2 the list at column 3; each `- `
    // opens one more, so level 25 starts at column 3 + 2 × 23 = 49.
    assert_eq!(
        out.first_stderr_line(),
        "briefs/x/deep-block.md:5:49: error[yaml-syntax]: the YAML is nested too deeply (the limit is 24 levels)"
    );
}

#[test]
fn deeply_nested_markdown_is_a_valid_body() {
    let quotes = format!(
        "---\ntitle: Deep quotes\ndate: 2026-11-20\n---\n{}x\n\n## Summary\nok\n",
        "> ".repeat(10_000)
    );
    assert_valid(&check_note("deep-quotes.md", quotes), 1);
    let lists = format!(
        "---\ntitle: Deep lists\ndate: 2026-11-20\n---\n{}x\n",
        "- ".repeat(10_000)
    );
    assert_valid(&check_note("deep-lists.md", lists), 1);
    // Indented nesting, each item one level under the last.
    let mut indented = String::from("---\ntitle: Indented lists\ndate: 2026-11-20\n---\n");
    for depth in 0..2_000 {
        indented.push_str(&"  ".repeat(depth));
        indented.push_str("- item\n");
    }
    assert_valid(&check_note("indented-lists.md", indented), 1);
}

// ----- files that are not notes ---------------------------------------------

#[test]
fn a_binary_file_named_md_is_refused_at_its_first_nul_byte() {
    // The PNG signature is `\x89PNG\r\n\x1a\n`: the first NUL starts line 3.
    assert_invalid(
        &check_fixture("binary.md"),
        "
        briefs/x/binary.md:3:1: error[binary-file]: this is a binary file, not a markdown note
          |
        3 |
          | ^
          |
          = help: notes are UTF-8 text; move other files out of `briefs/`
        ",
        1,
    );
}

#[test]
fn a_latin1_note_is_refused_at_the_first_non_utf8_byte() {
    assert_invalid(
        &check_fixture("latin1.md"),
        "
        briefs/x/latin1.md:2:11: error[not-utf8]: the note is not valid UTF-8 (byte 0xE9)
          |
        2 | title: Caf\u{fffd} talks in Doha
          |           ^
          |
          = help: save the file as UTF-8 (it may be Latin-1 or Windows-1252)
        ",
        1,
    );
}

#[test]
fn an_empty_file_says_what_a_note_looks_like() {
    assert_invalid(
        &check_fixture("empty.md"),
        "
        briefs/x/empty.md:1:1: error[empty-file]: the note is empty
          = help: a note starts with `---`, its front matter (at least `title:` and `date:`), then `---`
        ",
        1,
    );
}

#[test]
fn a_50_mb_note_is_refused_unread() {
    // A real front matter, then zeros up to 50 MB. Had the file been read,
    // the NUL bytes would make it a `binary-file`; `too-large` shows the size
    // was checked first. `set_len` makes the file sparse, so this is quick.
    let ws = Workspace::new().file(
        "briefs/x/huge.md",
        "---\ntitle: Huge\ndate: 2026-11-20\n---\n",
    );
    let file = fs::OpenOptions::new()
        .write(true)
        .open(ws.path().join("briefs/x/huge.md"))
        .unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    drop(file);
    let started = Instant::now();
    let out = ws.args(["check", "--format", "json"]).run();
    assert!(started.elapsed() < Duration::from_secs(5), "read it all?");
    assert_eq!(out.status, 1);
    assert_text(
        &out.stdout,
        "{\"path\":\"briefs/x/huge.md\",\"line\":1,\"column\":1,\"severity\":\"error\",\
         \"code\":\"too-large\",\"message\":\"the note is 50.0 MiB, larger than the 8.0 MiB limit\",\
         \"help\":\"split it into several notes, one development each\"}\n",
    );
}

#[test]
fn the_size_limit_is_8_mib_exactly() {
    const LIMIT: usize = 8 * 1024 * 1024;
    let head = "---\ntitle: Long\ndate: 2026-11-20\n---\n";
    let mut note = String::with_capacity(LIMIT + 1);
    note.push_str(head);
    let line = "A long but honest paragraph of analysis, repeated.\n";
    while note.len() + line.len() <= LIMIT {
        note.push_str(line);
    }
    note.push_str(&"x".repeat(LIMIT - note.len()));
    assert_eq!(note.len(), LIMIT);
    assert_valid(&check_note("at-limit.md", &note), 1);

    note.push('x');
    let out = check_note("over-limit.md", &note);
    assert_eq!(out.status, 1);
    assert_eq!(
        out.first_stderr_line(),
        "briefs/x/over-limit.md:1:1: error[too-large]: the note is 8.0 MiB, larger than the 8.0 MiB limit"
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_reported_once_and_the_rest_is_checked() {
    let out = Workspace::new()
        .note(
            "briefs/x/a.md",
            "---\ntitle: Fine\ndate: 2026-11-20\n---\nBody.\n",
        )
        .symlink("..", "briefs/x/loop")
        .args(["check"])
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_text(
        &out.stderr,
        &unindent(
            "
            briefs/x/loop:1:1: error[symlink-loop]: symbolic link loops back to `briefs`; not followed
              = help: remove the link, or point it outside its own parent folders
                 Checked 1 note in 1 brief: 1 error
            ",
        ),
    );
}

#[cfg(unix)]
#[test]
fn a_broken_symlink_is_named_as_such() {
    let out = Workspace::new()
        .note(
            "briefs/x/a.md",
            "---\ntitle: Fine\ndate: 2026-11-20\n---\nBody.\n",
        )
        .symlink("gone.md", "briefs/x/b.md")
        .args(["check"])
        .run();
    assert_eq!(out.status, 1, "{}", out.stderr);
    assert_text(
        &out.stderr,
        &unindent(
            "
            briefs/x/b.md:1:1: error[io]: broken symbolic link: `gone.md` does not exist
              = help: remove the link, or restore what it points to
                 Checked 1 note in 1 brief: 1 error
            ",
        ),
    );
}

// ----- front matter that reads but breaks the rules -------------------------

#[test]
fn unknown_keys_suggest_the_key_meant_at_the_top_and_in_an_actor() {
    assert_invalid(
        &check_fixture("unknown-keys.md"),
        "
        briefs/x/unknown-keys.md:4:1: error[unknown-key]: unknown key `tag` in the front matter
          |
        4 | tag: [doha]
          | ^^^
          |
          = help: did you mean `tags`?
        briefs/x/unknown-keys.md:7:5: error[unknown-key]: unknown key `levarage` in an actor
          |
        7 |     levarage: 2
          |     ^^^^^^^^
          |
          = help: did you mean `leverage`?
        ",
        2,
    );
}

#[test]
fn scores_out_of_range_or_fractional_are_errors() {
    assert_invalid(
        &check_fixture("scores.md"),
        "
        briefs/x/scores.md:6:15: error[out-of-range]: `leverage` is 7, outside -5..5
          |
        6 |     leverage: 7
          |               ^
          |
          = help: use a whole number from -5 to 5
        briefs/x/scores.md:10:13: error[out-of-range]: `stakes` is -1, outside 0..5
           |
        10 |     stakes: -1
           |             ^^
           |
           = help: use a whole number from 0 to 5
        briefs/x/scores.md:12:15: error[fractional-score]: `leverage` must be a whole number in -5..5, not 1.5
           |
        12 |     leverage: 1.5
           |               ^^^
           |
           = help: scores are whole numbers: use 2
        ",
        3,
    );
}

#[test]
fn huge_and_non_finite_scores_are_reported_at_their_key() {
    let out = check_note(
        "numbers.md",
        "---\ntitle: Numbers\ndate: 2026-11-20\nactors:\n  - name: Iran\n    leverage: 99999999999999999999\n    stakes: .nan\n---\n",
    );
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/x/numbers.md:6:15: error[out-of-range]: `leverage` is 99999999999999999999, outside -5..5",
            "briefs/x/numbers.md:7:13: error[fractional-score]: `stakes` must be a whole number in 0..5, not .nan",
        ]
    );
}

#[test]
fn impossible_and_non_iso_dates_are_errors() {
    assert_invalid(
        &check_fixture("dates.md"),
        "
        briefs/x/dates.md:3:7: error[bad-date]: `date` is not a valid date: 2026-02-30 does not exist in the calendar
          |
        3 | date: 2026-02-30
          |       ^^^^^^^^^^
          |
          = help: write the date as YYYY-MM-DD, e.g. 2026-11-20
        briefs/x/dates.md:6:10: error[bad-date]: `due` is not a valid date: `20/11/2026` is not in the form YYYY-MM-DD
          |
        6 |     due: 20/11/2026
          |          ^^^^^^^^^^
          |
          = help: write the date as YYYY-MM-DD, e.g. 2026-11-20
        ",
        2,
    );
}

#[test]
fn an_empty_title_is_an_error() {
    assert_invalid(
        &check_fixture("empty-title.md"),
        r#"
        briefs/x/empty-title.md:2:8: error[empty-value]: `title` is empty
          |
        2 | title: ""
          |        ^^
        "#,
        1,
    );
}

#[test]
fn missing_title_and_date_are_both_reported_at_the_fence() {
    assert_invalid(
        &check_fixture("missing-keys.md"),
        "
        briefs/x/missing-keys.md:1:1: error[missing-key]: missing `title` in the front matter
          |
        1 | ---
          | ^^^
          |
          = help: add `title:` with one line saying what happened
        briefs/x/missing-keys.md:1:1: error[missing-key]: missing `date` in the front matter
          |
        1 | ---
          | ^^^
          |
          = help: add `date:` with the date of the development, e.g. 2026-11-20
        ",
        2,
    );
}

#[test]
fn an_actor_scored_twice_by_name_or_by_alias_is_an_error() {
    assert_invalid(
        &check_fixture("duplicate-actors.md"),
        "
        briefs/x/duplicate-actors.md:11:11: error[duplicate-actor]: actor `Iran` is scored twice in this note
           |
        11 |   - name: Iran
           |           ^^^^
           |
           = help: score each actor once per note; merge the two entries
        briefs/x/duplicate-actors.md:14:11: error[duplicate-actor]: actor `Tehran` is scored twice in this note (as `Iran` too)
           |
        14 |   - name: Tehran
           |           ^^^^^^
           |
           = help: score each actor once per note; merge the two entries
        ",
        2,
    );
}

#[test]
fn without_the_alias_in_brief_yaml_the_alias_is_another_actor() {
    let out = Workspace::new()
        .file(
            "briefs/x/duplicate-actors.md",
            read_bad_fixture("duplicate-actors.md"),
        )
        .args(["check"])
        .run();
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/x/duplicate-actors.md:11:11: error[duplicate-actor]: actor `Iran` is scored twice in this note"
        ]
    );
}

#[test]
fn unknown_enum_values_name_the_values_allowed() {
    assert_invalid(
        &check_fixture("unknown-values.md"),
        r#"
        briefs/x/unknown-values.md:4:13: error[unknown-value]: unknown confidence `medium`
          |
        4 | confidence: medium
          |             ^^^^^^
          |
          = help: expected one of: low, moderate, high
        briefs/x/unknown-values.md:5:10: error[unknown-value]: unknown marking `TLP:PURPLE`
          |
        5 | marking: TLP:PURPLE
          |          ^^^^^^^^^^
          |
          = help: expected one of: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED
        briefs/x/unknown-values.md:8:18: error[unknown-value]: unknown reliability `G`
          |
        8 |     reliability: G
          |                  ^
          |
          = help: expected one of: A, B, C, D, E, F
        briefs/x/unknown-values.md:11:13: error[unknown-value]: unknown status `pending`
           |
        11 |     status: pending
           |             ^^^^^^^
           |
           = help: expected one of: open, observed, lapsed
        briefs/x/unknown-values.md:15:17: error[unknown-value]: unknown likelihood `probable`
           |
        15 |     likelihood: probable
           |                 ^^^^^^^^
           |
           = help: use an ICD 203 term (almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, almost certain) or a percentage like "60%"
        "#,
        5,
    );
}

#[test]
fn zero_and_hundred_percent_are_refused_and_sixty_is_not() {
    assert_invalid(
        &check_fixture("percentages.md"),
        "
        briefs/x/percentages.md:6:17: error[out-of-range]: likelihood `0%` must be strictly between 0% and 100%
          |
        6 |     likelihood: 0%
          |                 ^^
          |
          = help: estimates are never certain: use 99% or `almost certain`
        briefs/x/percentages.md:8:17: error[out-of-range]: likelihood `100%` must be strictly between 0% and 100%
          |
        8 |     likelihood: 100%
          |                 ^^^^
          |
          = help: estimates are never certain: use 99% or `almost certain`
        ",
        2,
    );
}

// ----- valid notes in unusual encodings -------------------------------------

#[test]
fn crlf_line_endings_are_valid() {
    assert_valid(&check_fixture("crlf.md"), 1);
}

#[test]
fn a_byte_order_mark_is_valid() {
    assert_valid(&check_fixture("bom.md"), 1);
}

#[test]
fn crlf_positions_count_characters_not_carriage_returns() {
    assert_invalid(
        &check_fixture("crlf-invalid.md"),
        "
        briefs/x/crlf-invalid.md:6:5: error[unknown-key]: unknown key `levarage` in an actor
          |
        6 |     levarage: 1
          |     ^^^^^^^^
          |
          = help: did you mean `leverage`?
        ",
        1,
    );
    assert!(!check_fixture("crlf-invalid.md").stderr.contains('\r'));
}

// ----- a whole workspace ----------------------------------------------------

/// Three invalid notes (written out of order) and a valid one.
fn three_bad_notes() -> Workspace {
    Workspace::new()
        .config(CONFIG)
        .note(
            "briefs/x/c.md",
            "---\ntitle: C\ndate: 2026-11-31\n---\n",
        )
        .note("briefs/x/a.md", "---\ntitle: A\ndate: 2026-11-20\nconfidence: sure\nactors:\n  - name: Iran\n    leverage: 9\n    stakes: 1\n---\n")
        .note("briefs/b/b.md", "---\ntitle: B\n")
        .note(
            "briefs/x/ok.md",
            "---\ntitle: OK\ndate: 2026-11-20\n---\nFine.\n",
        )
}

#[test]
fn every_problem_in_every_note_is_reported_sorted_by_path_then_position() {
    let out = three_bad_notes().args(["check"]).run();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/b/b.md:1:1: error[unclosed-front-matter]: the front matter is never closed",
            "briefs/x/a.md:4:13: error[unknown-value]: unknown confidence `sure`",
            "briefs/x/a.md:7:15: error[out-of-range]: `leverage` is 9, outside -5..5",
            "briefs/x/c.md:3:7: error[bad-date]: `date` is not a valid date: 2026-11-31 does not exist in the calendar",
        ]
    );
    assert!(
        out.stderr
            .ends_with("\n     Checked 4 notes in 2 briefs: 4 errors; 3 notes invalid\n"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_invalid_brief_yaml_is_reported_first_and_notes_are_still_checked() {
    let out = Workspace::new()
        .config("title: Test\nhalf_life: 30\n")
        .note("briefs/x/a.md", "---\ntitle: A\ndate: 2026-13-01\n---\n")
        .args(["check"])
        .run();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "brief.yaml:2:1: error[unknown-key]: unknown key `half_life` in brief.yaml",
            "briefs/x/a.md:3:7: error[bad-date]: `date` is not a valid date: 2026-13-01 does not exist in the calendar",
        ]
    );
    assert!(
        out.stderr
            .contains("= help: did you mean `half_life_days`?")
    );
}

#[test]
fn notes_outside_a_brief_folder_or_in_a_badly_named_one_are_errors() {
    let note = "---\ntitle: A\ndate: 2026-11-20\n---\n";
    let out = Workspace::new()
        .note("briefs/loose.md", note)
        .note("briefs/Bad Name/a.md", note)
        .args(["check"])
        .run();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "briefs/Bad Name/a.md:1:1: error[unknown-value]: folder `Bad Name` is not a valid brief name",
            "briefs/loose.md:1:1: error[no-brief]: this note belongs to no brief",
        ]
    );
    assert!(
        out.stderr.contains("Checked 2 notes in 0 briefs:"),
        "a folder that names no brief is not counted as one: {}",
        out.stderr
    );
}

#[test]
fn a_brief_named_index_is_refused_wherever_it_is_named() {
    // `index.html` is the contents page: a brief of that name would
    // overwrite it (and, in `serve`, make every update fail).
    let note = "---\ntitle: A\ndate: 2026-11-20\n---\n";
    let named = "---\ntitle: B\ndate: 2026-11-20\nbrief: index\n---\n";
    let out = Workspace::new()
        .config("title: T\nbriefs:\n  index:\n    title: Contents\npackets:\n  p:\n    audience: TLP:CLEAR\n    briefs: [x, index]\n")
        .note("briefs/index/a.md", note)
        .note("briefs/x/b.md", named)
        .note("briefs/index/c.md", named)
        .args(["check"])
        .run();
    assert_eq!(out.status, 1);
    assert_eq!(
        out.diagnostic_lines(),
        [
            "brief.yaml:3:3: error[unknown-value]: `index` cannot name a brief",
            "brief.yaml:8:17: error[unknown-value]: `index` cannot name a brief",
            "briefs/index/a.md:1:1: error[unknown-value]: folder `index` cannot name a brief",
            // One error, not also the folder's: `brief:` is what names it.
            "briefs/index/c.md:4:8: error[unknown-value]: `index` cannot name a brief",
            "briefs/x/b.md:4:8: error[unknown-value]: `index` cannot name a brief",
        ]
    );
}

#[test]
fn json_format_is_one_object_per_line_with_the_documented_keys() {
    let out = three_bad_notes().args(["check", "--format", "json"]).run();
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "", "JSON mode prints no human text");
    let lines = out.json_lines();
    assert_eq!(lines.len(), 4);
    for line in &lines {
        let keys: Vec<&str> = line
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        for key in ["path", "line", "column", "severity", "code", "message"] {
            assert!(keys.contains(&key), "{key} missing in {line}");
        }
        assert_eq!(line["severity"], "error");
    }
    assert_eq!(
        lines[2],
        serde_json::json!({
            "path": "briefs/x/a.md",
            "line": 7,
            "column": 15,
            "severity": "error",
            "code": "out-of-range",
            "message": "`leverage` is 9, outside -5..5",
            "help": "use a whole number from -5 to 5",
        })
    );
    let codes: Vec<&str> = lines.iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(
        codes,
        [
            "unclosed-front-matter",
            "unknown-value",
            "out-of-range",
            "bad-date"
        ]
    );
    assert_eq!(lines[1]["help"], "expected one of: low, moderate, high");
}

#[test]
fn json_format_puts_whole_file_problems_at_line_1_column_1() {
    let out = fixture_workspace("empty.md")
        .args(["check", "--format", "json"])
        .run();
    assert_eq!(out.status, 1);
    let lines = out.json_lines();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["path"], "briefs/x/empty.md");
    assert_eq!(
        (&lines[0]["line"], &lines[0]["column"]),
        (&1.into(), &1.into())
    );
    assert_eq!(lines[0]["code"], "empty-file");
}

#[test]
fn github_format_gives_workflow_annotations() {
    let out = three_bad_notes()
        .args(["check", "--format", "github"])
        .run();
    assert_eq!(out.status, 1);
    assert_eq!(out.stderr, "");
    assert_text(
        &out.stdout,
        &unindent(
            "
            ::error file=briefs/b/b.md,line=1,endLine=1,col=1,endColumn=4,title=brief unclosed-front-matter::the front matter is never closed%0Ahelp: add a line `---` after the last front-matter key
            ::error file=briefs/x/a.md,line=4,endLine=4,col=13,endColumn=17,title=brief unknown-value::unknown confidence `sure`%0Ahelp: expected one of: low, moderate, high
            ::error file=briefs/x/a.md,line=7,endLine=7,col=15,endColumn=16,title=brief out-of-range::`leverage` is 9, outside -5..5%0Ahelp: use a whole number from -5 to 5
            ::error file=briefs/x/c.md,line=3,endLine=3,col=7,endColumn=17,title=brief bad-date::`date` is not a valid date: 2026-11-31 does not exist in the calendar%0Ahelp: write the date as YYYY-MM-DD, e.g. 2026-11-20
            ",
        ),
    );
}

#[test]
fn a_clean_workspace_exits_0_with_a_one_line_summary() {
    let note = "---\ntitle: Fine\ndate: 2026-11-20\n---\nBody.\n";
    let ws = Workspace::new()
        .note("briefs/a/one.md", note)
        .note("briefs/b/two.md", note);
    let out = ws.args(["check"]).run();
    assert_eq!(out.status, 0);
    assert_eq!(out.stdout, "");
    assert_text(&out.stderr, "     Checked 2 notes in 2 briefs: all valid\n");

    let quiet = Workspace::new()
        .note("briefs/a/one.md", note)
        .args(["check", "--quiet"])
        .run();
    assert_eq!((quiet.status, quiet.stderr.as_str()), (0, ""));
}

#[test]
fn a_workspace_without_notes_is_valid() {
    let out = Workspace::new().args(["check"]).run();
    assert_eq!(out.status, 0);
    assert_text(&out.stderr, "     Checked 0 notes in 0 briefs: all valid\n");
}

#[test]
fn the_workspace_is_found_from_a_subfolder() {
    let out = three_bad_notes()
        .current_dir("briefs/x")
        .args(["check"])
        .run();
    assert_eq!(out.status, 1);
    // Paths are relative to the current folder, as rustc and ruff print them.
    assert_eq!(
        out.first_stderr_line(),
        "../b/b.md:1:1: error[unclosed-front-matter]: the front matter is never closed"
    );
}

// ----- usage and I/O errors: exit 2 -----------------------------------------

#[test]
fn root_without_brief_yaml_exits_2() {
    let ws = Workspace::bare().dir("briefs");
    let root = ws.path().to_path_buf();
    let out = ws.args(["check", "--root"]).args([root]).run();
    assert_eq!(out.status, 2);
    assert_text(&out.stderr, "error: `[ROOT]` has no `brief.yaml`\n");
}

#[test]
fn no_brief_yaml_upwards_exits_2() {
    let ws = Workspace::bare();
    if ws
        .path()
        .ancestors()
        .any(|dir| dir.join("brief.yaml").is_file())
    {
        eprintln!("skipped: a folder above the temporary folder holds brief.yaml");
        return;
    }
    let out = ws.args(["check"]).run();
    assert_eq!(out.status, 2);
    assert_text(
        &out.stderr,
        "error: could not find `brief.yaml` in [ROOT] or any parent directory\n",
    );
}

#[test]
fn a_brief_yaml_that_is_not_utf8_stops_the_run_and_says_where() {
    let out = Workspace::new()
        .file("brief.yaml", b"title: Caf\xe9 briefs\n")
        .args(["check"])
        .run();
    assert_eq!(out.status, 2);
    // Said once: the cause used to be printed twice.
    assert_text(
        &out.stderr,
        "error: could not read [ROOT]/brief.yaml: line 1 is not valid UTF-8 (byte 0xE9); save the file as UTF-8\n",
    );
}

#[test]
fn a_huge_brief_yaml_is_refused_unread() {
    let ws = Workspace::new();
    let file = fs::OpenOptions::new()
        .write(true)
        .open(ws.path().join("brief.yaml"))
        .unwrap();
    file.set_len(9 * 1024 * 1024).unwrap();
    drop(file);
    let out = ws.args(["check"]).run();
    assert_eq!(out.status, 2);
    assert_text(
        &out.stderr,
        "error: could not read [ROOT]/brief.yaml: file is larger than 8 MiB\n",
    );
}

#[test]
fn an_unknown_format_is_a_usage_error() {
    let out = Workspace::new().args(["check", "--format", "yaml"]).run();
    assert_eq!(out.status, 2);
    assert!(
        out.stderr
            .starts_with("error: invalid value 'yaml' for '--format <FORMAT>'"),
        "{}",
        out.stderr
    );
}

// ----- colour ---------------------------------------------------------------

#[test]
fn no_color_or_a_pipe_gives_no_escape_codes_and_always_gives_them() {
    let ws = || fixture_workspace("unknown-keys.md");
    // NO_COLOR=1 is set by the harness; stderr is a pipe.
    let plain = ws().args(["check"]).run();
    assert!(!plain.stderr.contains('\x1b'), "{}", plain.stderr);
    // Not a terminal: no colour even with NO_COLOR unset.
    let piped = ws().env("NO_COLOR", "").args(["check"]).run();
    assert!(!piped.stderr.contains('\x1b'), "{}", piped.stderr);
    let never = ws().args(["--color", "never", "check"]).run();
    assert!(!never.stderr.contains('\x1b'));

    let coloured = ws().args(["--color", "always", "check"]).run();
    assert_eq!(coloured.status, 1);
    assert!(
        coloured.stderr.contains("\x1b[1;31merror"),
        "{:?}",
        coloured.stderr
    );
    // The same text under the escapes.
    assert_eq!(strip_ansi(&coloured.stderr), plain.stderr);
}

/// Removes `ESC [ … letter` sequences.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for next in chars.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

// ----- warnings -------------------------------------------------------------

/// `check` reports no warnings yet (the first, notes dated after the as-of
/// date, comes with `build`), so their printing is checked on the library.
#[test]
fn warnings_print_as_warnings_in_every_format() {
    use std::sync::Arc;

    use brief::diag::{self, Code, Diagnostic, Format, Tally};

    let text: Arc<str> = Arc::from("---\ntitle: Later\ndate: 2026-12-01\n---\n");
    let warning = Diagnostic::warning(
        Code::AfterAsOf,
        "briefs/x/later.md",
        "dated after the as-of date",
    )
    .at(&text, 23..33);
    let one = std::slice::from_ref(&warning);
    let human = diag::render(one, Format::Human, false);
    assert!(
        human.starts_with(
            "briefs/x/later.md:3:7: warning[after-as-of]: dated after the as-of date\n"
        ),
        "{human}"
    );
    let json: serde_json::Value =
        serde_json::from_str(diag::render(one, Format::Json, false).trim()).unwrap();
    assert_eq!(json["severity"], "warning");
    assert_eq!(json["code"], "after-as-of");
    let github = diag::render(one, Format::Github, false);
    assert!(
        github.starts_with("::warning file=briefs/x/later.md,line=3,endLine=3,col=7,endColumn=17,")
    );
    assert_eq!(
        Tally::of(one),
        Tally {
            errors: 0,
            warnings: 1
        }
    );
}
