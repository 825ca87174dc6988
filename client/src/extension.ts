// Safety Specs VS Code extension: a thin client for the bundled language server.
//
// Activation (see `activationEvents` in package.json):
//   The extension activates on `workspaceContains:**/safety-slos.{yaml,yml}` and
//   `workspaceContains:**/*.safety-slos.yaml`, and (implicitly, VS Code >= 1.74)
//   when one of its commands is run. It deliberately does NOT use `onLanguage:yaml`:
//   that would load the extension and spawn a Node process for every YAML file a
//   user opens (CI configs, Kubernetes manifests, ...), which a polished extension
//   should not do; VS Code has no activation event for a file-name pattern.
//   Trade-off: opening a single policy file without a folder, or creating the first
//   policy file in a folder that had none, does not activate the extension until the
//   window is reloaded or a "Safety Specs: ..." command is run (e.g. "Restart
//   Server"). Once active, the document selector matches policy files anywhere,
//   including outside the workspace folders.
//   Model cards and deliberation notes add no activation event: they mean something
//   only in a model folder, beside a `safety-slos.yaml` that already activates the
//   extension; and `workspaceContains:**/README.md` would start a server in nearly
//   every repository.
//
// Schemas: the extension intentionally contributes no `yamlValidation` entry for
// policy files. The language server validates them against our schema itself;
// registering the schema with the Red Hat YAML extension as well would make users of
// that extension see every schema problem twice.
import * as vscode from 'vscode';
import { dryRunEditor, dryRunMiddleware, registerDryRunCommands } from './dryRunCommands';
import { DryRunView } from './dryRunView';
import { createLanguageClient, CLIENT_NAME } from './languageClient';
import { registerNewFileCommands } from './newFileCommands';
import { registerReplayCommands } from './replayCommands';
import { ReplayView } from './replayView';
import { ServerController } from './serverController';
import { registerSloDiffCommand, sloDiffEditor, sloDiffMiddleware } from './sloDiffCommands';
import { createServerStatusItem } from './statusItem';

/** Returned from `activate`; used by the end-to-end tests. */
export interface SafetySpecsApi {
  /** Resolves when pending server starts/restarts have settled. */
  ready(): Promise<void>;
  /** Whether the language server is running. */
  isRunning(): boolean;
}

let controller: ServerController | undefined;

export function activate(context: vscode.ExtensionContext): SafetySpecsApi {
  const outputChannel = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  context.subscriptions.push(outputChannel);

  const dryRunView = new DryRunView();
  const dryRuns = dryRunEditor(dryRunView);
  const diffs = sloDiffEditor(dryRunView);
  const server = new ServerController(createLanguageClient(context, outputChannel, sloDiffMiddleware(diffs, dryRunMiddleware(dryRuns))));
  controller = server;

  context.subscriptions.push(
    createServerStatusItem(server),
    vscode.commands.registerCommand('safetySpecs.restartServer', () => restartServer(server, outputChannel)),
    vscode.commands.registerCommand('safetySpecs.showOutput', () => outputChannel.show(true)),
    ...registerNewFileCommands(server, outputChannel),
    dryRunView,
    registerDryRunCommands(server, dryRuns),
    registerSloDiffCommand(server, diffs),
    registerReplayCommands(server, new ReplayView((...panel) => vscode.window.createWebviewPanel(...panel), vscode.ViewColumn.Beside)),
    // Settings that are restricted in untrusted workspaces become visible once the
    // workspace is trusted; restart so the server picks them up from a clean state.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      server.restart().catch((error: unknown) => outputChannel.error('Restart after workspace trust failed', error));
    }),
  );

  // Do not block activation on the server's start-up. The client itself reports
  // start-up failures; keep activation successful so the commands stay usable.
  server.start().catch((error: unknown) => outputChannel.error('Failed to start the language server', error));

  return {
    ready: () => server.whenIdle(),
    isRunning: () => server.client.isRunning(),
  };
}

export async function deactivate(): Promise<void> {
  const current = controller;
  controller = undefined;
  await current?.dispose();
}

async function restartServer(server: ServerController, outputChannel: vscode.LogOutputChannel): Promise<void> {
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Safety Specs: restarting server' },
      () => server.restart(),
    );
    vscode.window.setStatusBarMessage('$(check) Safety Specs: server restarted', 3000);
  } catch (error) {
    outputChannel.error('Failed to restart the language server', error);
    const choice = await vscode.window.showErrorMessage('Safety Specs: the language server could not be restarted.', 'Show Output');
    if (choice === 'Show Output') outputChannel.show(true);
  }
}
