import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient/node';
import { chooseModelFolder } from './modelFolders';
import type { ServerController } from './serverController';

/**
 * "New Model Card" and "New Deliberation Note". The client only picks the model folder (and, for a note, the
 * change it records); the server writes the file, from a template filled in with the model's id, SLO names
 * and never events, through `workspace/applyEdit`, and answers which file it is.
 *
 * Server commands take `[folderUri, change?]` and answer `{ uri, created }` (the file created, or the one
 * already there) or `{ error }`. A note goes to `deliberation-note.md`, or to `deliberation-notes/<date>-<change>.md`
 * once that exists: the change line names it.
 */
const NEW_FILE_COMMANDS = {
  'safetySpecs.newModelCard': { server: 'safetySpecs.server.newModelCard', what: 'model card' },
  'safetySpecs.newDeliberationNote': {
    server: 'safetySpecs.server.newDeliberationNote',
    what: 'deliberation note',
    ask: {
      title: 'New Deliberation Note',
      prompt: 'What changes, in one line (the note records the decision about it)',
      placeHolder: 'e.g. Raise the OOD recall target to 0.92',
      validateInput: (value: string) => (value.trim() ? undefined : 'Say in one line what changes.'),
    },
  },
} as const satisfies Record<string, NewFileCommand>;

interface NewFileCommand {
  readonly server: string;
  readonly what: string;
  /** A line the server needs from the user, passed as the second argument. */
  readonly ask?: vscode.InputBoxOptions;
}

/** The server's answer (server/src/lsp/commands.ts). */
type Reply = { readonly uri: string; readonly created: boolean } | { readonly error: string };

export function registerNewFileCommands(server: ServerController, log: vscode.LogOutputChannel): vscode.Disposable[] {
  return Object.entries(NEW_FILE_COMMANDS).map(([id, command]) =>
    // From the explorer's context menu, the first argument is the item clicked.
    vscode.commands.registerCommand(id, (resource?: unknown) => newFile(command, server, log, resource instanceof vscode.Uri ? resource : undefined)),
  );
}

/** Never throws: whatever fails is shown in an error message and logged. */
async function newFile(command: NewFileCommand, server: ServerController, log: vscode.LogOutputChannel, resource: vscode.Uri | undefined): Promise<void> {
  try {
    const folder = await chooseModelFolder(resource, command.what);
    if (!folder) return;
    const args: string[] = [folder.toString()];
    if (command.ask) {
      const line = await vscode.window.showInputBox(command.ask);
      if (line === undefined) return;
      args.push(line.trim());
    }
    await server.whenIdle();
    const reply = replyOf(await server.client.sendRequest(ExecuteCommandRequest.type, { command: command.server, arguments: args }));
    if ('error' in reply) {
      void vscode.window.showErrorMessage(`Safety Specs: ${reply.error}`);
      return;
    }
    await openAtFirstTodo(vscode.Uri.parse(reply.uri, true));
    if (!reply.created) void vscode.window.showInformationMessage(`Safety Specs: this model already has a ${command.what}; it is open.`);
  } catch (error) {
    log.error(`Could not create the ${command.what}`, error);
    void vscode.window.showErrorMessage(`Safety Specs: could not create the ${command.what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function replyOf(value: unknown): Reply {
  const reply = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof reply.uri === 'string') return { uri: reply.uri, created: reply.created !== false };
  if (typeof reply.error === 'string') return { error: reply.error };
  return { error: 'the language server did not say which file it created.' };
}

/** The template's first TODO, selected, is where the user starts filling it in. */
async function openAtFirstTodo(uri: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.getText().search(/\bTODO\b/);
  const start = document.positionAt(Math.max(at, 0));
  const end = at < 0 ? start : document.positionAt(at + 'TODO'.length);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(start, end) });
}
