//! `brief man` and `brief completions` as a user installs them: every page
//! the manual refers to is written, each with the sections a reader looks
//! for, and the completion scripts offer the workspace's own names.

use std::fs;
use std::process::Command;

use crate::util;

fn brief() -> Command {
    Command::new(util::binary())
}

/// Every `brief-NAME(1)` that `text` refers to.
fn referenced_pages(text: &str) -> Vec<String> {
    let mut pages: Vec<String> = text
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '\\'))
        .map(|word| word.replace("\\-", "-"))
        .filter(|word| word.starts_with("brief-") && word.len() > "brief-".len())
        .collect();
    pages.sort();
    pages.dedup();
    pages
}

#[test]
fn man_writes_every_page_it_refers_to_each_with_exit_status_and_environment() {
    let dir = tempfile::tempdir().unwrap();
    let output = brief()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let top = fs::read_to_string(dir.path().join("brief.1")).unwrap();
    let referenced = referenced_pages(&top);
    for page in [
        "brief-build",
        "brief-check",
        "brief-new",
        "brief-serve",
        "brief-man",
    ] {
        assert!(
            referenced.contains(&page.to_owned()),
            "{page} in {referenced:?}"
        );
    }
    let mut written: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    for page in &referenced {
        assert!(
            written.contains(&format!("{page}.1")),
            "{page}.1 not in {written:?}"
        );
    }
    for file in &written {
        let text = fs::read_to_string(dir.path().join(file)).unwrap();
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH \"EXIT STATUS\"",
            ".SH ENVIRONMENT",
            ".SH \"SEE ALSO\"",
        ] {
            assert!(text.contains(section), "{file} lacks {section}");
        }
        // The apostrophe preamble once, at the top, not before each section.
        assert_eq!(text.matches(".ds Aq").count(), 2, "{file}");
    }
    let build = fs::read_to_string(dir.path().join("brief-build.1")).unwrap();
    assert!(build.contains(".SH EXAMPLES") && build.contains("brief build \\-\\-since 7d"));
    assert!(build.contains("\\fBSOURCE_DATE_EPOCH\\fR") && build.contains("\\fB1\\fR"));
    let check = fs::read_to_string(dir.path().join("brief-check.1")).unwrap();
    assert!(check.contains("GITHUB_WORKSPACE") && check.contains("deny\\-warnings"));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains(&format!("Finished {} manual pages", written.len()))
    );
}

/// A folder holding every page `brief man --dir` writes.
fn pages_written() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let output = brief()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    dir
}

#[test]
fn man_prints_one_page_and_refuses_an_unknown_command() {
    let dir = pages_written();
    let output = brief().args(["man", "build"]).output().unwrap();
    assert!(output.status.success());
    assert_eq!(
        output.stdout,
        fs::read(dir.path().join("brief-build.1")).unwrap()
    );
    let output = brief().arg("man").output().unwrap();
    assert_eq!(output.stdout, fs::read(dir.path().join("brief.1")).unwrap());

    let output = brief().args(["man", "biuld"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no manual page for `biuld`"), "{stderr}");
}

#[test]
#[ignore = "needs groff"]
fn every_page_renders_without_groff_warnings() {
    let dir = pages_written();
    for entry in fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        let output = Command::new("groff")
            // -k: through preconv, as man(1) reads a page.
            .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
            .arg(&path)
            .output()
            .expect("groff");
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// A workspace with two briefs (one only configured), a packet, and a
/// folder whose name would put an escape sequence on the terminal.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("brief.yaml"),
        "title: Gulf\nbriefs:\n  red-sea:\n    title: Red Sea\npackets:\n  weekly-green:\n    audience: TLP:GREEN\n    briefs: [hormuz-shipping]\n",
    )
    .unwrap();
    fs::create_dir_all(dir.path().join("briefs/hormuz-shipping")).unwrap();
    fs::create_dir_all(dir.path().join("briefs/index")).unwrap();
    fs::create_dir_all(dir.path().join("briefs/evil\u{1b}[31m")).unwrap();
    dir
}

/// What `brief` offers for the last word of `line`, through the fish
/// protocol (one candidate per line, a tab before its help).
fn offered(dir: &std::path::Path, line: &[&str]) -> Vec<String> {
    let output = brief()
        .current_dir(dir)
        .env("BRIEF_COMPLETE", "fish")
        .arg("--")
        .args(line)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn completion_offers_the_workspaces_briefs_and_packets() {
    let dir = workspace();
    let briefs = offered(dir.path(), &["brief", "build", "--brief", ""]);
    assert_eq!(briefs, ["hormuz-shipping", "red-sea"]);
    assert_eq!(offered(dir.path(), &["brief", "new", "r"]), ["red-sea"]);
    assert_eq!(
        offered(
            dir.path(),
            &["brief", "diff", "--from", "7d", "--brief", ""]
        ),
        ["hormuz-shipping", "red-sea"]
    );
    assert_eq!(
        offered(dir.path(), &["brief", "build", "--packet", ""]),
        ["weekly-green"]
    );
    // From a note's folder, and from elsewhere with --root.
    let inner = dir.path().join("briefs/hormuz-shipping");
    assert_eq!(
        offered(&inner, &["brief", "build", "--packet", ""]),
        ["weekly-green"]
    );
    let elsewhere = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    assert_eq!(
        offered(
            elsewhere.path(),
            &["brief", "--root", root, "build", "--packet", ""]
        ),
        ["weekly-green"]
    );
    assert!(offered(elsewhere.path(), &["brief", "build", "--brief", ""]).is_empty());
}

#[cfg(unix)]
#[test]
fn the_bash_script_completes_brief_names_in_bash() {
    let dir = workspace();
    let bin = util::binary();
    let path = format!(
        "{}:{}",
        bin.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let output = Command::new("bash")
        .current_dir(dir.path())
        .env("PATH", path)
        .args([
            "-c",
            r#"source <(brief completions bash) || exit 3
COMP_WORDS=(brief build --brief h); COMP_CWORD=3; COMP_TYPE=9
_clap_complete_brief brief h --brief
printf '%s\n' "${COMPREPLY[@]}""#,
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "hormuz-shipping\n");
}
