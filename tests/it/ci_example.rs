//! `examples/ci`: the workflow's commands, run as the workflow runs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ci")
}

fn brief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(example())
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn workflow() -> String {
    std::fs::read_to_string(example().join(".github/workflows/briefs.yml")).unwrap()
}

#[test]
fn the_workflow_runs_the_commands_tested_here() {
    let workflow = workflow();
    for command in [
        "brief check --format github",
        "brief list packets --json",
        "brief build --strict --packet \"${{ matrix.packet }}\"",
    ] {
        assert!(workflow.contains(command), "workflow lacks `{command}`");
    }
    assert!(workflow.contains("matrix:"), "one job per packet");
}

#[test]
fn check_passes_with_no_annotations() {
    let output = brief(&["check", "--format", "github"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "no annotations for valid notes");
}

#[test]
fn every_listed_packet_builds_strictly_into_its_own_folder() {
    let listed = brief(&["list", "packets", "--json"]);
    assert!(listed.status.success());
    let packets: Vec<String> = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(packets, ["partner-weekly", "public-digest"]);
    let out = tempfile::tempdir().unwrap();
    for packet in &packets {
        let folder = out.path().join(packet);
        let output = brief(&[
            "build",
            "--strict",
            "--packet",
            packet,
            "--out",
            folder.to_str().unwrap(),
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let html = folder.join(format!("packets/{packet}.html"));
        assert!(html.exists(), "{} missing", html.display());
    }
    // The public digest (TLP:CLEAR) must not carry the TLP:AMBER note.
    let public =
        std::fs::read_to_string(out.path().join("public-digest/packets/public-digest.html"))
            .unwrap();
    assert!(!public.contains("draft transit schedule"));
    let partner = std::fs::read_to_string(
        out.path()
            .join("partner-weekly/packets/partner-weekly.html"),
    )
    .unwrap();
    assert!(partner.contains("draft transit schedule"));
}

#[test]
fn an_invalid_note_fails_check_with_an_annotation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("brief.yaml"), "title: T\n").unwrap();
    std::fs::create_dir_all(dir.path().join("briefs/b")).unwrap();
    std::fs::write(
        dir.path().join("briefs/b/a.md"),
        "---\ntitle: x\ndate: 2026-13-01\n---\n",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args([
            "check",
            "--format",
            "github",
            "--root",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.starts_with("::error file=briefs/b/a.md,line=3,col=7,"),
        "{stdout}"
    );
}
