//! A temporary workspace and the real `brief` binary run inside it, in the
//! style of casey/just's `tests/test.rs`:
//!
//! ```ignore
//! let out = Workspace::new().note("briefs/x/a.md", "…").args(["check"]).run();
//! assert_eq!(out.status, 1);
//! ```
//!
//! Every run has a deadline, and a panic or a crash of the binary fails the
//! test whatever it asserts, so no bad input can pass by killing the tool.

// Each test binary uses only part of this module.
#![allow(dead_code)]

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// How long one run of the binary may take before the test fails.
pub(crate) const DEADLINE: Duration = Duration::from_secs(20);

/// The smallest valid brief.yaml.
pub(crate) const MINIMAL_CONFIG: &str = "title: Test\n";

/// The port a `brief serve` started with `--port 0` and stdout piped
/// listens on: the address it prints first.
pub(crate) fn served_port(child: &mut std::process::Child) -> u16 {
    use std::io::{BufRead, BufReader};
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout piped"))
        .read_line(&mut line)
        .unwrap();
    line.trim()
        .strip_prefix("http://127.0.0.1:")
        .and_then(|rest| rest.trim_end_matches('/').parse().ok())
        .unwrap_or_else(|| panic!("no address on stdout: {line:?}"))
}

/// The path of the binary under test.
pub(crate) fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_brief"))
}

/// A fresh temporary folder, a command line, and an environment.
pub(crate) struct Workspace {
    dir: TempDir,
    args: Vec<OsString>,
    env: Vec<(OsString, OsString)>,
    current_dir: PathBuf,
}

/// What a run produced, with the temporary path shown as `[ROOT]`.
#[derive(Debug, Clone)]
pub(crate) struct Output {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Workspace {
    /// A workspace holding only `brief.yaml` with `title: Test`.
    pub(crate) fn new() -> Self {
        Workspace::bare().config(MINIMAL_CONFIG)
    }

    /// An empty folder: no brief.yaml, so not a workspace.
    pub(crate) fn bare() -> Self {
        let dir = tempfile::Builder::new()
            .prefix("brief-test-")
            .tempdir()
            .expect("create a temporary folder");
        let current_dir = dir.path().to_path_buf();
        Workspace {
            dir,
            args: Vec::new(),
            env: Vec::new(),
            current_dir,
        }
    }

    /// Replaces brief.yaml.
    pub(crate) fn config(self, text: &str) -> Self {
        self.file("brief.yaml", text)
    }

    /// Writes a note (any file, really) at `path` relative to the workspace.
    pub(crate) fn note(self, path: &str, text: &str) -> Self {
        self.file(path, text)
    }

    /// Writes `bytes` at `path`, creating parent folders.
    pub(crate) fn file(self, path: &str, bytes: impl AsRef<[u8]>) -> Self {
        let full = self.path().join(path);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).expect("create parent folders");
        }
        fs::write(&full, bytes).expect("write a test file");
        self
    }

    /// Creates a folder (e.g. an empty `briefs/`).
    pub(crate) fn dir(self, path: &str) -> Self {
        fs::create_dir_all(self.path().join(path)).expect("create a folder");
        self
    }

    /// A symbolic link at `link` (relative to the workspace) pointing at `target`
    /// (taken as written, so `..` is relative to the link's folder).
    #[cfg(unix)]
    pub(crate) fn symlink(self, target: &str, link: &str) -> Self {
        let full = self.path().join(link);
        if let Some(parent) = full.parent() {
            fs::create_dir_all(parent).expect("create parent folders");
        }
        std::os::unix::fs::symlink(target, &full).expect("create a symlink");
        self
    }

    /// Appends arguments to the command line.
    pub(crate) fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable for the run (after the defaults).
    pub(crate) fn env(mut self, key: &str, value: &str) -> Self {
        self.env.push((key.into(), value.into()));
        self
    }

    /// Runs from a folder inside the workspace instead of its root.
    pub(crate) fn current_dir(mut self, relative: &str) -> Self {
        self.current_dir = self.path().join(relative);
        fs::create_dir_all(&self.current_dir).expect("create the working folder");
        self
    }

    /// The workspace folder.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Reads a file of the workspace as text.
    pub(crate) fn read(&self, path: &str) -> String {
        fs::read_to_string(self.path().join(path)).expect("read a workspace file")
    }

    /// Runs the binary with the arguments given, from the workspace folder,
    /// with `NO_COLOR=1` and a deadline. Fails the test on a panic, a crash
    /// (killed by a signal, as a stack overflow is) or a hang.
    pub(crate) fn run(&self) -> Output {
        self.execute(&self.args)
    }

    /// Like `run`, with `args` in place of those given to `.args()`, so one
    /// workspace can be run several times (`new`, then `check`).
    pub(crate) fn run_with<I, S>(&self, args: I) -> Output
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
        self.execute(&args)
    }

    fn execute(&self, args: &[OsString]) -> Output {
        let mut command = Command::new(binary());
        command
            .args(args)
            .current_dir(&self.current_dir)
            .env("NO_COLOR", "1")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        let raw = run_with_deadline(command, DEADLINE);
        let status = raw.status.unwrap_or_else(|| {
            panic!(
                "brief {args:?} was killed by a signal (a crash?)\nstderr:\n{}",
                String::from_utf8_lossy(&raw.stderr)
            )
        });
        let stderr = self.normalise(&raw.stderr);
        assert!(
            status != 101 && !stderr.contains("panicked"),
            "brief {args:?} panicked:\n{stderr}"
        );
        Output {
            status,
            stdout: self.normalise(&raw.stdout),
            stderr,
        }
    }

    /// Text with the workspace path (as given and canonical) replaced by `[ROOT]`.
    fn normalise(&self, bytes: &[u8]) -> String {
        let mut text = String::from_utf8_lossy(bytes).into_owned();
        let given = self.path().to_path_buf();
        let canonical = fs::canonicalize(&given).unwrap_or_else(|_| given.clone());
        for root in [canonical, given] {
            let root = root.to_string_lossy().into_owned();
            if !root.is_empty() {
                text = text.replace(&root, "[ROOT]");
            }
        }
        text
    }
}

impl Output {
    /// The first line of stderr (the first diagnostic's location and message).
    pub(crate) fn first_stderr_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// Lines of stderr that start a diagnostic (`path…: error[code]: …`).
    pub(crate) fn diagnostic_lines(&self) -> Vec<&str> {
        self.stderr
            .lines()
            .filter(|line| line.contains(": error[") || line.contains(": warning["))
            .filter(|line| !line.starts_with(' '))
            .collect()
    }

    /// stdout as JSON Lines; fails the test if any line is not a JSON object.
    pub(crate) fn json_lines(&self) -> Vec<serde_json::Value> {
        self.stdout
            .lines()
            .map(|line| {
                let value: serde_json::Value =
                    serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
                assert!(value.is_object(), "not a JSON object: {line}");
                value
            })
            .collect()
    }
}

struct RawOutput {
    /// `None` when the process was killed by a signal.
    status: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Spawns `command`, draining its pipes on threads (so a chatty child cannot
/// block), and kills it if it is still running at the deadline.
fn run_with_deadline(mut command: Command, deadline: Duration) -> RawOutput {
    let mut child = command.spawn().expect("spawn the brief binary");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut stderr = child.stderr.take().expect("piped stderr");
    let out_thread = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    let err_thread = thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stderr.read_to_end(&mut buf);
        buf
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait().expect("wait for the brief binary") {
            Some(status) => break status,
            None if started.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("brief did not finish within {deadline:?}: a hang");
            }
            None => thread::sleep(Duration::from_millis(5)),
        }
    };
    RawOutput {
        status: status.code(),
        stdout: out_thread.join().expect("stdout reader"),
        stderr: err_thread.join().expect("stderr reader"),
    }
}

/// Strips the common indentation of a multi-line literal and its first
/// newline, so expected output can be written indented in the test.
pub(crate) fn unindent(text: &str) -> String {
    let text = text.strip_prefix('\n').unwrap_or(text);
    let indent = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.len() - line.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim().is_empty() {
            out.push_str(if line.ends_with('\n') { "\n" } else { "" });
        } else {
            out.push_str(&line[indent.min(line.len())..]);
        }
    }
    // A closing quote on its own indented line leaves trailing spaces.
    let trimmed_len = out.trim_end_matches(' ').len();
    out.truncate(trimmed_len);
    out
}

/// The path of a fixture in `tests/bad/`.
pub(crate) fn bad_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad")
        .join(name)
}

/// The bytes of a fixture in `tests/bad/`.
pub(crate) fn read_bad_fixture(name: &str) -> Vec<u8> {
    fs::read(bad_fixture(name)).unwrap_or_else(|e| panic!("read tests/bad/{name}: {e}"))
}

/// Asserts two texts are equal, printing both in full when they are not
/// (ripgrep's `eqnice!`: the diff of long outputs is easier to read so).
#[track_caller]
pub(crate) fn assert_text(actual: &str, expected: &str) {
    if actual != expected {
        panic!(
            "\n--- expected ---\n{expected}\n--- actual ---\n{actual}\n--- (end) ---\n\
             expected {expected:?}\nactual   {actual:?}"
        );
    }
}
