import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type Middleware,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { CONFIG_FILE_GLOB, DOCUMENT_SELECTOR, MARKDOWN_SPEC_GLOBS, POLICY_FILE_GLOB } from './selectors';

/** Client id: also the configuration section, so `safetySpecs.trace.server` is honoured by the client. */
export const CLIENT_ID = 'safetySpecs';
export const CLIENT_NAME = 'Safety Specs';

/**
 * Creates (but does not start) the language client for the bundled server `dist/server.js`.
 *
 * The server is the extension's own bundled code, run with the extension host's Node
 * runtime over node IPC; nothing from the workspace is executed, which is why the
 * extension can declare limited support for untrusted workspaces.
 */
export function createLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
  middleware: Middleware,
): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // Used when the extension host runs in debug mode (e.g. F5 / --inspect-extensions).
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };

  // File events the server needs (policy files, model cards and notes changing on
  // disk, e.g. after a `git checkout`, and the project configuration). Watchers are
  // disposed with the extension.
  const watchers = [POLICY_FILE_GLOB, CONFIG_FILE_GLOB, ...MARKDOWN_SPEC_GLOBS].map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  context.subscriptions.push(...watchers);

  const clientOptions: LanguageClientOptions = {
    documentSelector: [...DOCUMENT_SELECTOR],
    // In an untrusted workspace the server ignores settings that name files outside the workspace.
    // The trust is read once: granting it restarts the server (see extension.ts).
    initializationOptions: { trusted: vscode.workspace.isTrusted },
    diagnosticCollectionName: CLIENT_ID,
    synchronize: { fileEvents: watchers },
    // One log channel for everything. Protocol tracing is written at `trace` level:
    // set `safetySpecs.trace.server` to messages/verbose and the channel's log level
    // to Trace (gear icon in the Output view) to see it.
    outputChannel,
    traceOutputChannel: outputChannel,
    // Stay quiet: problems show up in the Problems view and the language status item;
    // the output channel is never forced open.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    middleware,
  };

  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
