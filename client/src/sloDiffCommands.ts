import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import type { DryRunView } from './dryRunView';
import { POLICY_DOCUMENT_SELECTOR } from './selectors';
import type { ServerController } from './serverController';
import { SHOW_DIFF_COMMAND, showSloDiff, type SloDiffEditor } from './sloDiffFlow';

/**
 * The SLO diff lens runs SHOW_DIFF_COMMAND, which vscode-languageclient sends to the server; this middleware shows
 * the answer (a Markdown table) in the preview the dry-run explanations use. Other editors show it their way.
 */
export function sloDiffMiddleware(editor: SloDiffEditor, inner: Middleware): Middleware {
  return {
    ...inner,
    executeCommand: (command, args, next) => {
      if (command === SHOW_DIFF_COMMAND) return showSloDiff(typeof args[0] === 'string' ? args[0] : '', async (request) => next(command, request), editor);
      return inner.executeCommand ? inner.executeCommand(command, args, next) : next(command, args);
    },
  };
}

/** "Safety Specs: Show SLO Diff": the diff of the policy given (a URI, as menus pass it) or of the active editor's. */
export function registerSloDiffCommand(server: ServerController, editor: SloDiffEditor): vscode.Disposable {
  return vscode.commands.registerCommand('safetySpecs.showSloDiff', async (given?: unknown) => {
    const uri = policyUri(given);
    if (!uri) {
      editor.showError('Safety Specs: open a policy file (safety-slos.yaml) to see its SLO diff.');
      return;
    }
    const send = await server.commandSender();
    if (!send) {
      editor.showError('Safety Specs: the language server is not running; run "Safety Specs: Restart Server".');
      return;
    }
    await showSloDiff(uri, (args) => send(SHOW_DIFF_COMMAND, args), editor);
  });
}

/** The URI a menu passes, else the active editor's policy file. */
function policyUri(given: unknown): string | undefined {
  if (given instanceof vscode.Uri) return given.toString();
  if (typeof given === 'string') return given;
  const document = vscode.window.activeTextEditor?.document;
  return document && vscode.languages.match([...POLICY_DOCUMENT_SELECTOR], document) ? document.uri.toString() : undefined;
}

/** Shows diffs in the dry-run explanations' preview (one view: the last thing asked about). */
export function sloDiffEditor(view: DryRunView): SloDiffEditor {
  return {
    show: ({ markdown }) => view.show(markdown),
    showError: (message) => void vscode.window.showErrorMessage(message),
  };
}
