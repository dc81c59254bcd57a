// Drives `brief lsp` through the protocol stack VS Code's client is built
// on (vscode-jsonrpc and vscode-languageserver-protocol, as installed by
// `npm ci` for the extension), with the document selector the extension
// registers and the client capabilities VS Code announces. VS Code itself
// cannot be downloaded on the machines this runs on; this checks what lies
// between it and the server: framing, the handshake, the shapes of every
// answer as the protocol library parses them, and edits applied the way
// the editor applies them.
//
// node test/protocol.mjs BRIEF_BINARY WORKSPACE NOTE   (NOTE relative to WORKSPACE)
// Exits 0 when every check holds; prints what failed otherwise.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { strict as assert } from "node:assert";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification,
  CodeActionRequest,
  CompletionRequest,
  HoverRequest,
  ShutdownRequest,
  ExitNotification,
} from "vscode-languageserver-protocol/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { minimatch } from "minimatch";

const [binary, root, notePath] = process.argv.slice(2);
// A server that never answers fails the run rather than hanging it.
setTimeout(() => {
  console.error("vscode protocol: no answer within 60 s");
  process.exit(1);
}, 60000).unref();
const extension = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
);
const server = spawn(binary, ["lsp"], { cwd: root, stdio: ["pipe", "pipe", "inherit"] });
const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
const connection = createProtocolConnection(
  new StreamMessageReader(server.stdout),
  new StreamMessageWriter(server.stdin),
);

// Diagnostics arrive as notifications; each wait takes the next list for
// the URI that `wanted` accepts.
const published = [];
let wake = () => {};
connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
  published.push(params);
  wake();
});
async function diagnostics(uri, wanted) {
  const deadline = Date.now() + 20000;
  for (;;) {
    const at = published.findIndex((p) => p.uri === uri && wanted(p.diagnostics));
    if (at >= 0) return published.splice(at, 1)[0].diagnostics;
    assert.ok(Date.now() < deadline, `no diagnostics as wanted for ${uri}`);
    await new Promise((resolve) => {
      wake = resolve;
      setTimeout(resolve, 200);
    });
  }
}

connection.listen();

// The compiled extension's document selector takes the note and brief.yaml.
const compiled = readFileSync(new URL("../out/extension.js", import.meta.url), "utf8");
const selector = [...compiled.matchAll(/pattern: "([^"]+)"/g)].map((m) => m[1]);
assert.ok(selector.some((p) => minimatch(join(root, notePath), p)), "the selector takes notes");
assert.ok(selector.some((p) => minimatch(join(root, "brief.yaml"), p)), "and brief.yaml");
assert.deepEqual(
  extension.activationEvents,
  ["workspaceContains:brief.yaml"],
  "the extension wakes up in a workspace",
);

const rootUri = pathToFileURL(root).href;
const init = await connection.sendRequest(InitializeRequest.type, {
  processId: process.pid,
  clientInfo: { name: "Visual Studio Code", version: "1.91.0" },
  rootUri,
  workspaceFolders: [{ uri: rootUri, name: "workspace" }],
  capabilities: {
    workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } },
    textDocument: {
      synchronization: { dynamicRegistration: true, didSave: true },
      publishDiagnostics: {
        relatedInformation: true,
        versionSupport: false,
        codeDescriptionSupport: true,
        dataSupport: true,
        tagSupport: { valueSet: [1, 2] },
      },
      completion: {
        completionItem: { snippetSupport: true, documentationFormat: ["markdown", "plaintext"] },
        contextSupport: true,
      },
      hover: { contentFormat: ["markdown", "plaintext"] },
      codeAction: {
        codeActionLiteralSupport: { codeActionKind: { valueSet: ["", "quickfix"] } },
        isPreferredSupport: true,
      },
    },
    general: { positionEncodings: ["utf-16"] },
  },
  initializationOptions: {},
});
assert.equal(init.serverInfo.name, "brief");
assert.equal(init.capabilities.textDocumentSync, 1, "full-text sync");
await connection.sendNotification(InitializedNotification.type, {});

// Open the note with `leverage` misspelt, as typed in the editor.
const uri = pathToFileURL(join(root, notePath)).href;
const original = readFileSync(join(root, notePath), "utf8");
const typo = original.replace(/^(\s+)leverage:/m, "$1levarage:");
assert.notEqual(typo, original, "the note scores an actor's leverage");
let document = TextDocument.create(uri, "markdown", 1, typo);
await connection.sendNotification(DidOpenTextDocumentNotification.type, {
  textDocument: { uri, languageId: "markdown", version: 1, text: typo },
});
const list = await diagnostics(uri, (l) => l.some((d) => d.code === "unknown-key"));
const error = list.find((d) => d.code === "unknown-key");
assert.equal(error.severity, 1);
assert.equal(document.getText(error.range), "levarage", "the range is the key");

// The quick fix, applied as the editor applies a workspace edit.
const actions = await connection.sendRequest(CodeActionRequest.type, {
  textDocument: { uri },
  range: error.range,
  context: { diagnostics: [error], only: ["quickfix"] },
});
const fix = actions.find((a) => a.kind === "quickfix");
assert.equal(fix.title, "Replace `levarage` with `leverage`");
const fixed = TextDocument.applyEdits(document, fix.edit.changes[uri]);
assert.equal(fixed, original, "the fix restores the note");
document = TextDocument.update(document, [{ text: fixed }], 2);
await connection.sendNotification(DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version: 2 },
  contentChanges: [{ text: fixed }],
});
await diagnostics(uri, (l) => !l.some((d) => d.code === "unknown-key"));

// Completion after `- name: ` offers the workspace's actors.
const naming = fixed.replace(/^(\s+)- name: .*$/m, "$1- name: ");
const line = naming.split("\n").findIndex((l) => /^\s+- name: $/.test(l));
await connection.sendNotification(DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version: 3 },
  contentChanges: [{ text: naming }],
});
const completion = await connection.sendRequest(CompletionRequest.type, {
  textDocument: { uri },
  position: { line, character: naming.split("\n")[line].length },
});
const labels = (completion.items ?? completion).map((item) => item.label);
assert.ok(labels.length > 0, "actors are offered");
const config = readFileSync(join(root, "brief.yaml"), "utf8");
for (const label of labels.slice(0, 3)) {
  assert.ok(config.includes(label) || original.includes(label), `${label} is the workspace's`);
}

// Hover on the first actor of the unchanged note: its standing now.
await connection.sendNotification(DidChangeTextDocumentNotification.type, {
  textDocument: { uri, version: 4 },
  contentChanges: [{ text: fixed }],
});
const nameLine = fixed.split("\n").findIndex((l) => /^\s+- name: /.test(l));
const nameColumn = fixed.split("\n")[nameLine].indexOf("name: ") + "name: ".length;
const hover = await connection.sendRequest(HoverRequest.type, {
  textDocument: { uri },
  position: { line: nameLine, character: nameColumn + 1 },
});
assert.equal(hover.contents.kind, "markdown");
assert.match(hover.contents.value, /weighted leverage \*\*/);

assert.equal(await connection.sendRequest(ShutdownRequest.type), null);
await connection.sendNotification(ExitNotification.type);
assert.equal(await exited, 0, "brief lsp exits 0 after shutdown and exit");
connection.dispose();
console.log("vscode protocol: every check held");
