import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { EXPLAIN_COMMAND, explain, type DryRunEditor, type ValueSource } from './dryRunFlow';
import { METRICS_SETTING, metricValueProblem, parseMetricValue, snapshotSettingPath } from './dryRunInputs';
import type { DryRunView } from './dryRunView';
import { POLICY_DOCUMENT_SELECTOR } from './selectors';
import type { ServerController } from './serverController';

/**
 * Dry runs in VS Code. The server's code lenses run EXPLAIN_COMMAND, which vscode-languageclient registers as a
 * VS Code command that sends it to the server; this middleware shows the explanation the server answers (and asks
 * for a value or a snapshot when it has none). Other editors get the same lenses and show the answer their way.
 */
export function dryRunMiddleware(editor: DryRunEditor): Middleware {
  return {
    executeCommand: (command, args, next) =>
      command === EXPLAIN_COMMAND ? explain(args, async (request) => next(command, request), editor) : next(command, args),
  };
}

/** "Safety Specs: Run All Scenarios": the "Run all scenarios" lens of the active policy file, from the command palette. */
export function registerDryRunCommands(server: ServerController, editor: DryRunEditor): vscode.Disposable {
  return vscode.commands.registerCommand('safetySpecs.runAllScenarios', async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !vscode.languages.match([...POLICY_DOCUMENT_SELECTOR], document)) {
      editor.showError('Safety Specs: open a policy file (safety-slos.yaml) to run its scenarios.');
      return;
    }
    const send = await server.commandSender();
    if (!send) {
      editor.showError('Safety Specs: the language server is not running; run "Safety Specs: Restart Server".');
      return;
    }
    await explain([{ uri: document.uri.toString(), kind: 'scenarios' }], (args) => send(EXPLAIN_COMMAND, args), editor);
  });
}

/** Shows explanations in `view`; asks with a quick pick, an input box and the open dialog. */
export function dryRunEditor(view: DryRunView): DryRunEditor {
  return {
    chooseValueSource,
    askValue,
    chooseSnapshot,
    show: ({ markdown }) => view.show(markdown),
    showError: (message) => void vscode.window.showErrorMessage(message),
  };
}

async function chooseValueSource(slo: string): Promise<ValueSource | undefined> {
  const items: (vscode.QuickPickItem & { source: ValueSource })[] = [
    { source: 'value', label: `$(edit) Enter a value for ${slo}...`, detail: 'Evaluate this SLO against one number.' },
    {
      source: 'snapshot',
      label: '$(file) Choose a metrics snapshot file...',
      detail: 'A JSON or YAML map of metric to value, e.g. an evaluation run\'s output; every SLO, gate and scenario lens reads it.',
    },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `Dry run of ${slo}`, placeHolder: 'No metrics are loaded: give the SLO a value' });
  return picked?.source;
}

async function askValue(slo: string): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: `Dry run of ${slo}`,
    prompt: `The observed value of ${slo}'s metric`,
    placeHolder: 'e.g. 0.93',
    validateInput: metricValueProblem,
  });
  return text === undefined ? undefined : parseMetricValue(text);
}

/** Saved in the workspace's settings: `safetySpecs.*` settings are window-scoped, the server reads one value. */
async function chooseSnapshot(policyUri: string | undefined): Promise<boolean> {
  const [first] = vscode.workspace.workspaceFolders ?? [];
  if (!first) {
    void vscode.window.showErrorMessage('Safety Specs: open the policy\'s folder first: the snapshot is saved in the workspace settings.');
    return false;
  }
  const [file] = (await vscode.window.showOpenDialog({
    title: 'Metrics snapshot for dry runs',
    openLabel: 'Use for Dry Runs',
    canSelectMany: false,
    filters: { 'Metrics snapshot (JSON, YAML)': ['json', 'yaml', 'yml'] },
    defaultUri: policyUri ? vscode.Uri.joinPath(vscode.Uri.parse(policyUri, true), '..') : first.uri,
  })) ?? [];
  if (!file) return false;
  const setting = snapshotSettingPath(file.fsPath, first.uri.fsPath);
  await vscode.workspace.getConfiguration('safetySpecs').update(METRICS_SETTING, setting, vscode.ConfigurationTarget.Workspace);
  vscode.window.setStatusBarMessage(`$(check) Safety Specs: dry runs read ${setting} (safetySpecs.${METRICS_SETTING})`, 5000);
  return true;
}
