// Starts `brief lsp` for the workspace's notes and brief.yaml; everything
// else (diagnostics, quick fixes, completion, hover, definitions, sections)
// comes from the server.
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from "vscode-languageclient/node";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const command = vscode.workspace.getConfiguration("brief").get<string>("path", "brief");
  const serverOptions: ServerOptions = { command, args: ["lsp"] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown", pattern: "**/briefs/**/*.md" },
      { scheme: "file", pattern: "**/brief.yaml" },
    ],
  };
  client = new LanguageClient("brief", "brief", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => void client?.stop() });
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
