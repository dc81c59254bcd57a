//! `brief lsp`: the real binary spoken to over stdio by a scripted client
//! (initialize, didOpen, didChange, completion, hover, definition,
//! documentSymbol, codeAction, shutdown, exit), on a copy of the sample
//! workspace; and — ignored unless Neovim is installed — Neovim's own
//! client attaching it to a note.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tempfile::TempDir;

use crate::util;

const DEADLINE: Duration = Duration::from_secs(20);

/// The bad note: a misspelt marking, and a misspelt key after non-ASCII
/// text on its line (`Ça 😀` is 6 characters, 7 UTF-16 units, 10 bytes).
const BAD: &str = "---\ntitle: Doha talks resume\ndate: 2026-11-21\nmarking: TLP:GREN\nactors:\n  - { name: \"Ça 😀\", levarage: 2, stakes: 3 }\n---\nBody.\n";
const BAD_PATH: &str = "briefs/us-iran-talks/2026-11-21-bad.md";
const ISRAEL: &str = "briefs/us-iran-talks/2026-10-22-israel-objects-to-sequencing.md";

/// A copy of the repository's sample workspace.
fn sample() -> TempDir {
    let dir = tempfile::Builder::new()
        .prefix("brief-lsp-")
        .tempdir()
        .unwrap();
    let source = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::copy(source.join("brief.yaml"), dir.path().join("brief.yaml")).unwrap();
    copy_dir(&source.join("briefs"), &dir.path().join("briefs"));
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A scripted LSP client: messages framed with `Content-Length`, read by
/// a thread so that a silent server fails the test at the deadline.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `brief lsp` in `root` and goes through `initialize` and
    /// `initialized`.
    fn start(root: &Path) -> Client {
        let mut client = Client::spawn(root);
        let init = client.initialize(root);
        assert_eq!(init["serverInfo"]["name"], "brief");
        assert_eq!(init["capabilities"]["textDocumentSync"], 1, "full sync");
        client.notify("initialized", json!({}));
        client
    }

    fn initialize(&mut self, root: &Path) -> Value {
        self.request(
            "initialize",
            json!({"processId": null, "rootUri": uri(root), "capabilities": {}}),
        )
    }

    /// Starts `brief lsp` in `root`, saying nothing yet.
    fn spawn(root: &Path) -> Client {
        let mut child = Command::new(util::binary())
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start brief lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                reader.read_exact(&mut body).unwrap();
                let message: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if sender.send(message).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            notifications: Vec::new(),
            next_id: 0,
        }
    }

    fn write(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.write(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn next(&mut self, deadline: Instant) -> Value {
        let left = deadline.saturating_duration_since(Instant::now());
        self.incoming
            .recv_timeout(left)
            .expect("the server answered in time")
    }

    /// Sends a request and returns its result, keeping notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let message = self.exchange(method, params);
        assert!(message.get("error").is_none(), "{method}: {message}");
        message["result"].clone()
    }

    /// Sends a request and returns the whole response, error or not.
    fn exchange(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.write(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let deadline = Instant::now() + DEADLINE;
        loop {
            let message = self.next(deadline);
            if message["id"] == id {
                return message;
            }
            self.notifications.push(message);
        }
    }

    /// The next diagnostics published for `uri` that `wanted` accepts.
    fn diagnostics(&mut self, uri: &str, wanted: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let deadline = Instant::now() + DEADLINE;
        let mut seen = Vec::new();
        loop {
            let found = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
            });
            let message = match found {
                Some(at) => self.notifications.remove(at),
                None => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    match self.incoming.recv_timeout(left) {
                        Ok(message) => self.notifications.push(message),
                        Err(_) => panic!(
                            "no diagnostics for {uri} as wanted; seen {seen:#?}, other messages {:#?}",
                            self.notifications
                        ),
                    }
                    continue;
                }
            };
            let list = message["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if wanted(&list) {
                return list;
            }
            seen.push(list);
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn shutdown(mut self) {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        assert_eq!(self.exit_code(), Some(0));
    }

    /// Waits for the server to end, and gives its exit code.
    fn exit_code(&mut self) -> Option<i32> {
        let deadline = Instant::now() + DEADLINE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(Instant::now() < deadline, "brief lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn codes(list: &[Value]) -> Vec<String> {
    list.iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn position(text: &str, needle: &str) -> Value {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} in the text"));
    let line = text[..at].matches('\n').count();
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let character: usize = text[start..at].chars().map(char::len_utf16).sum();
    json!({"line": line, "character": character})
}

#[test]
fn diagnostics_quick_fixes_completion_hover_and_definition_over_stdio() {
    let dir = sample();
    let root = fs::canonicalize(dir.path()).unwrap();
    let bad_uri = uri(&root.join(BAD_PATH));
    let mut client = Client::start(&root);

    // Diagnostics on open, at UTF-16 positions.
    client.open(&bad_uri, BAD);
    let list = client.diagnostics(&bad_uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["unknown-value", "unknown-key"], "{list:#?}");
    assert_eq!(
        list[0]["range"],
        json!({"start": {"line": 3, "character": 9}, "end": {"line": 3, "character": 17}})
    );
    assert_eq!(
        list[1]["range"],
        json!({"start": {"line": 5, "character": 21}, "end": {"line": 5, "character": 29}}),
        "columns are UTF-16 units, not bytes (24) or characters (20)"
    );
    assert_eq!(list[1]["severity"], 1);
    assert_eq!(list[1]["source"], "brief");
    assert!(
        list[1]["message"]
            .as_str()
            .unwrap()
            .contains("help: did you mean `leverage`?")
    );

    // Every did-you-mean is a quick fix.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": bad_uri}, "range": list[1]["range"], "context": {"diagnostics": []}}),
    );
    assert_eq!(actions[0]["title"], "Replace `levarage` with `leverage`");
    assert_eq!(actions[0]["kind"], "quickfix");
    assert_eq!(
        actions[0]["edit"]["changes"][&bad_uri],
        json!([{"range": list[1]["range"], "newText": "leverage"}])
    );
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": bad_uri}, "range": list[0]["range"], "context": {"diagnostics": []}}),
    );
    assert_eq!(
        actions[0]["edit"]["changes"][&bad_uri][0]["newText"],
        "TLP:GREEN"
    );

    // A change that fixes both leaves the valid note's one warning: no
    // shipped font draws the emoji (two UTF-16 units wide).
    let fixed = BAD
        .replace("TLP:GREN", "TLP:GREEN")
        .replace("levarage", "leverage");
    client.change(&bad_uri, 2, &fixed);
    let list = client.diagnostics(&bad_uri, |l| codes(l) == ["no-font"]);
    assert_eq!(
        list[0]["range"],
        json!({"start": {"line": 5, "character": 16}, "end": {"line": 5, "character": 18}})
    );

    // Completion after `confidence: ` offers the three levels; after an
    // actor's `name: ` the sample's actors.
    let typing = fixed.replace("marking: TLP:GREEN\n", "marking: TLP:GREEN\nconfidence: \n");
    client.change(&bad_uri, 3, &typing);
    let mut at = position(&typing, "confidence: ");
    at["character"] = json!(12);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": bad_uri}, "position": at}),
    );
    let labels: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["low", "moderate", "high"]);
    let naming = typing.replace(
        "  - { name: \"Ça 😀\", leverage: 2, stakes: 3 }\n",
        "  - name: \n",
    );
    client.change(&bad_uri, 4, &naming);
    let mut at = position(&naming, "  - name: ");
    at["character"] = json!(10);
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": bad_uri}, "position": at}),
    );
    let labels: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for actor in ["Iran", "Israel", "United States", "Qatar"] {
        assert!(labels.contains(&actor), "{actor} in {labels:?}");
    }

    // Hover on an actor: its standing in the brief now.
    let israel_uri = uri(&root.join(ISRAEL));
    let israel = fs::read_to_string(root.join(ISRAEL)).unwrap();
    client.open(&israel_uri, &israel);
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": israel_uri}, "position": position(&israel, "Israel\n    leverage")}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**Israel** in *U.S.–Iran ceasefire talks*"),
        "{shown}"
    );
    assert!(shown.contains("weighted leverage **"), "{shown}");
    assert!(shown.contains(" notes"), "{shown}");

    // Definition: the alias `U.S.` leads to `United States:` in brief.yaml.
    let found = client.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": israel_uri}, "position": position(&israel, "U.S.\n")}),
    );
    let config = fs::read_to_string(root.join("brief.yaml")).unwrap();
    assert_eq!(found["uri"], uri(&root.join("brief.yaml")));
    assert_eq!(
        found["range"]["start"],
        position(&config, "United States: {")
    );

    // The note's sections are its symbols.
    let symbols = client.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": israel_uri}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[..2], ["Background", "Events"]);

    // A misspelt name, found across notes, with its quick fix.
    let misspelt = israel.replacen("  - name: Israel\n", "  - name: Isreal\n", 1);
    client.change(&israel_uri, 2, &misspelt);
    let list = client.diagnostics(&israel_uri, |l| {
        codes(l).contains(&"misspelt-name".to_owned())
    });
    let warning = list.iter().find(|d| d["code"] == "misspelt-name").unwrap();
    assert_eq!(warning["severity"], 2);
    assert_eq!(warning["range"]["start"], position(&misspelt, "Isreal"));
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": israel_uri}, "range": warning["range"], "context": {"diagnostics": []}}),
    );
    assert_eq!(actions[0]["title"], "Replace `Isreal` with `Israel`");

    client.shutdown();
}

#[test]
fn hostile_positions_binary_text_and_unknown_methods_do_not_stop_the_server() {
    let dir = sample();
    let root = fs::canonicalize(dir.path()).unwrap();
    let note_uri = uri(&root.join("briefs/us-iran-talks/garbage.md"));
    let mut client = Client::start(&root);
    client.open(&note_uri, "\u{0}\u{1}binary\u{0}");
    let list = client.diagnostics(&note_uri, |l| !l.is_empty());
    assert_eq!(codes(&list), ["binary-file"]);
    let huge_title = format!(
        "---\ntitle: {}\ndate: 2026-11-21\n---\n",
        "é".repeat(3_500_000)
    );
    client.change(&note_uri, 2, &huge_title);
    for position in [
        json!({"line": 1, "character": 4_000_000}),
        json!({"line": 99, "character": 0}),
        json!({"line": 1, "character": 7}),
    ] {
        client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": note_uri}, "position": position}),
        );
        client.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": note_uri}, "position": position}),
        );
    }
    client.write(json!({"jsonrpc": "2.0", "id": 999, "method": "brief/nothing", "params": {}}));
    let answer = loop {
        let message = client.next(Instant::now() + DEADLINE);
        if message["id"] == 999 {
            break message;
        }
    };
    assert_eq!(answer["error"]["code"], -32601);
    // A file outside any workspace gets no diagnostics and no answer but null.
    let stray = tempfile::tempdir().unwrap();
    let stray_uri = uri(&PathBuf::from(stray.path()).join("note.md"));
    client.open(&stray_uri, "---\ntitle: x\n---\n");
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": stray_uri}, "position": {"line": 1, "character": 2}}),
    );
    assert!(hover.is_null() || hover["contents"].is_object());
    client.shutdown();
}

/// The handshake's edges, as the protocol words them: a request before
/// `initialize` is refused with ServerNotInitialized (-32002) and the
/// session can still begin; `shutdown` straight after `initialize`, with
/// no `initialized`, is answered and the server exits 0; `exit` without
/// `shutdown` exits 1.
#[test]
fn requests_before_initialize_and_shutdown_before_initialized_are_answered() {
    let workspace = sample();
    let root = workspace.path();

    let mut early = Client::spawn(root);
    let refused = early.exchange("textDocument/hover", json!({}));
    assert_eq!(refused["error"]["code"], -32002, "{refused}");
    early.notify("textDocument/didOpen", json!({}));
    let init = early.initialize(root);
    assert_eq!(init["serverInfo"]["name"], "brief");
    early.shutdown();

    let mut hurried = Client::spawn(root);
    hurried.initialize(root);
    hurried.shutdown();

    let mut abrupt = Client::start(root);
    abrupt.notify("exit", Value::Null);
    assert_eq!(abrupt.exit_code(), Some(1), "exit without shutdown");

    let mut before_anything = Client::spawn(root);
    before_anything.notify("exit", Value::Null);
    assert_eq!(
        before_anything.exit_code(),
        Some(1),
        "exit before initialize"
    );
}

#[test]
fn files_changed_on_disk_outside_the_editor_refresh_the_open_notes() {
    let dir = sample();
    let root = fs::canonicalize(dir.path()).unwrap();
    // A note with a watch item lacking `due:`, written to disk and opened.
    let path = "briefs/us-iran-talks/2026-11-21-watch.md";
    let text = "---\ntitle: Talks pause\ndate: 2026-11-21\nconfidence: moderate\nmarking: TLP:CLEAR\nactors:\n  - { name: Iran, leverage: 1, stakes: 2, mechanism: signalling }\nwatch:\n  - indicator: Envoys meet again\n---\nThe round ended without a date for the next.\n";
    fs::write(root.join(path), text).unwrap();
    let note_uri = uri(&root.join(path));
    let mut client = Client::start(&root);
    client.open(&note_uri, text);
    let list = client.diagnostics(&note_uri, |l| {
        codes(l).contains(&"watch-without-due".to_owned())
    });
    assert!(codes(&list).contains(&"watch-without-due".to_owned()));

    // A teammate's brief.yaml arrives by `git pull`: the warning is
    // allowed now, and the open note is told without being touched.
    let config = fs::read_to_string(root.join("brief.yaml")).unwrap();
    let pulled = format!("{config}\nlints:\n  watch-without-due: allow\n");
    let staged = root.join(".brief.yaml.tmp");
    fs::write(&staged, pulled).unwrap();
    fs::rename(&staged, root.join("brief.yaml")).unwrap();
    let list = client.diagnostics(&note_uri, |l| {
        !codes(l).contains(&"watch-without-due".to_owned())
    });
    assert!(!codes(&list).contains(&"watch-without-due".to_owned()));

    // The open note changed on disk is left alone: the editor's text wins.
    fs::write(root.join(path), "---\ntitle: [broken\n").unwrap();
    // Past the watch's and the server's debounce, then a round trip.
    std::thread::sleep(Duration::from_millis(600));
    client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": note_uri}, "position": position(text, "Iran")}),
    );
    assert!(
        !client
            .notifications
            .iter()
            .any(|n| n["params"]["uri"] == note_uri.as_str()
                && codes(n["params"]["diagnostics"].as_array().unwrap())
                    .contains(&"yaml-syntax".to_owned())),
        "the file on disk replaced the editor's text"
    );
    client.shutdown();
}

/// Neovim's own LSP client (Debian's `neovim`, 0.7 or later) attached to
/// `brief lsp` on a sample note with a misspelt key, driven by
/// `lsp_neovim.lua`: the error at its position, the quick fix repairing
/// it, the sample's actors offered, the actor's leverage on hover.
/// The protocol stack VS Code's client is built on (vscode-jsonrpc and
/// vscode-languageserver-protocol, from the extension's `npm ci`) driving
/// the server with VS Code's capabilities and the extension's document
/// selector: diagnostics, the quick fix applied as the editor applies it,
/// completion, hover, shutdown. VS Code itself cannot be fetched here.
#[test]
#[ignore = "needs node and `npm ci` in editors/vscode"]
fn the_vscode_protocol_stack_gets_diagnostics_fixes_completion_and_hover() {
    let dir = sample();
    let root = fs::canonicalize(dir.path()).unwrap();
    let extension = Path::new(env!("CARGO_MANIFEST_DIR")).join("editors/vscode");
    let output = Command::new("node")
        .arg(extension.join("test/protocol.mjs"))
        .arg(util::binary())
        .arg(&root)
        .arg(ISRAEL)
        .current_dir(&extension)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("every check held"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
#[ignore = "needs neovim"]
fn neovim_shows_the_error_applies_the_fix_completes_and_hovers() {
    let dir = sample();
    let root = fs::canonicalize(dir.path()).unwrap();
    let note = root.join(ISRAEL);
    let text = fs::read_to_string(&note).unwrap();
    let misspelt = text.replacen(
        "    leverage: 2\n    stakes: 5",
        "    levarage: 2\n    stakes: 5",
        1,
    );
    assert_ne!(misspelt, text);
    fs::write(&note, misspelt).unwrap();
    let script = root.join("check.lua");
    fs::write(&script, include_str!("lsp_neovim.lua")).unwrap();
    let mut child = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n", "-c"])
        .arg(format!("luafile {}", script.display()))
        .env("BRIEF_BIN", util::binary())
        .env("BRIEF_ROOT", &root)
        .env("BRIEF_NOTE", &note)
        .current_dir(&root)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start nvim");
    let deadline = Instant::now() + Duration::from_secs(90);
    while child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "nvim did not finish");
        std::thread::sleep(Duration::from_millis(50));
    }
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"diagnostic 18:4 unknown key `levarage` in an actor"),
        "{stdout}"
    );
    assert!(
        lines.contains(&"action Replace `levarage` with `leverage`"),
        "{stdout}"
    );
    assert!(lines.contains(&"line     leverage: 2"), "{stdout}");
    assert!(lines.contains(&"fixed true"), "{stdout}");
    let completion = lines
        .iter()
        .find(|l| l.starts_with("completion "))
        .expect(&stdout);
    for actor in ["Iran", "Israel", "United States"] {
        assert!(completion.contains(actor), "{completion}");
    }
    let hover = lines
        .iter()
        .find(|l| l.starts_with("hover "))
        .expect(&stdout);
    assert!(
        hover.starts_with("hover **Israel** in *U.S.–Iran ceasefire talks*"),
        "{hover}"
    );
    assert!(hover.contains("weighted leverage **"), "{hover}");
}
