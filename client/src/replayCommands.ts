import * as vscode from 'vscode';
import { snapshotSettingPath } from './dryRunInputs';
import { HISTORY_SETTING, replay, REPLAY_COMMAND, REPLAY_PERIODS, REPLAY_SLOS_COMMAND, SHOW_REPLAY_COMMAND, sweepableSlos, thresholdsProblem, type ReplayEditor, type ReplayRequest } from './replayFlow';
import type { ReplayView } from './replayView';
import { POLICY_DOCUMENT_SELECTOR } from './selectors';
import type { CommandOptions, ServerController } from './serverController';

const NOT_RUNNING = 'Safety Specs: the language server is not running; run "Safety Specs: Restart Server".';

/**
 * Replays in VS Code: the lens's `safetySpecs.showReplay` (the model's default period), "Replay Metric History" (a
 * period picked) and "What-If Threshold Sweep" (an SLO and thresholds picked), each on the active policy. The report
 * opens in the policy's panel; while the server replays, a notification shows its progress and can cancel it (the
 * report then covers what was read).
 */
export function registerReplayCommands(server: ServerController, view: ReplayView): vscode.Disposable {
  const editor = replayEditor(view);
  const run = async (request: ReplayRequest) => {
    const send = await server.commandSender();
    if (!send) return editor.showError(NOT_RUNNING);
    await replay(request, async (args) => withProgress((options) => send(REPLAY_COMMAND, args, options)), editor);
  };
  return vscode.Disposable.from(
    view,
    vscode.commands.registerCommand(SHOW_REPLAY_COMMAND, async (given?: unknown) => {
      const uri = policyUri(given);
      if (uri) await run({ uri });
      else editor.showError('Safety Specs: open a policy file (safety-slos.yaml) to replay its metric history.');
    }),
    vscode.commands.registerCommand('safetySpecs.replay', async () => {
      const uri = policyUri(undefined);
      if (!uri) return editor.showError('Safety Specs: open a policy file (safety-slos.yaml) to replay its metric history.');
      const period = await vscode.window.showQuickPick(
        REPLAY_PERIODS.map((p) => ({ ...p, description: p.last === 'all' ? undefined : p.last })),
        { title: 'Replay Metric History', placeHolder: 'The period of the history to replay through the policy' },
      );
      if (period) await run({ uri, last: period.last });
    }),
    vscode.commands.registerCommand('safetySpecs.whatIf', async () => {
      const uri = policyUri(undefined);
      if (!uri) return editor.showError('Safety Specs: open a policy file (safety-slos.yaml) to sweep one of its SLOs.');
      const send = await server.commandSender();
      if (!send) return editor.showError(NOT_RUNNING);
      const slos = sweepableSlos(await send(REPLAY_SLOS_COMMAND, [{ uri }]).catch((e: Error) => ({ error: e.message })));
      if ('error' in slos) return editor.showError(`Safety Specs: ${slos.error}`);
      if (!slos.length) return editor.showError('Safety Specs: no SLO of this model can be replayed (see its diagnostics).');
      const slo = await vscode.window.showQuickPick(
        slos.map((s) => ({ label: s.label, description: s.target, thresholds: s.thresholds })),
        { title: 'What-If Threshold Sweep', placeHolder: 'The SLO whose threshold to sweep over the metric history' },
      );
      if (!slo) return;
      const thresholds = await vscode.window.showInputBox({
        title: `What-if: ${slo.label} (${slo.description})`,
        prompt: 'The thresholds to sweep, FROM:TO:STEP (percentages as ratios: 0.995 for 99.5%)',
        value: slo.thresholds,
        validateInput: thresholdsProblem,
      });
      if (thresholds !== undefined) await run({ uri, whatIf: { slo: slo.label, thresholds: thresholds.trim() } });
    }),
  );
}

/**
 * Runs a request with a cancellable notification fed by the server's work-done progress (the client's token: the
 * progress the client library shows for a server's own token sits in the status bar, where it cannot be cancelled).
 */
function withProgress<T>(send: (options: CommandOptions) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Safety Specs: replaying', cancellable: true }, (progress, token) => {
    let reported = 0;
    const onProgress: CommandOptions['onProgress'] = (value) => {
      if (value.kind === 'end') return;
      const percentage = Math.min(100, value.percentage ?? reported);
      progress.report({ increment: Math.max(0, percentage - reported), ...(value.message ? { message: value.message } : {}) });
      reported = Math.max(reported, percentage);
    };
    return send({ token, onProgress });
  });
}

function replayEditor(view: ReplayView): ReplayEditor {
  return {
    open: (policy) => view.open(policy),
    chooseHistory,
    showError: (message) => void vscode.window.showErrorMessage(message),
  };
}

/** Saved for the policy's workspace folder (the setting is resource-scoped), relative to it when inside. */
async function chooseHistory(policy: string, reason: string): Promise<boolean> {
  const uri = vscode.Uri.parse(policy, true);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) {
    void vscode.window.showErrorMessage('Safety Specs: open the policy\'s folder first: the metric history is saved in its settings.');
    return false;
  }
  const choice = await vscode.window.showInformationMessage(`Safety Specs: ${reason}`, 'Choose a History File...');
  if (!choice) return false;
  const [file] = (await vscode.window.showOpenDialog({
    title: 'Metric history for replays',
    openLabel: 'Replay This History',
    canSelectMany: false,
    filters: { 'Metric history (JSON Lines, CSV)': ['jsonl', 'ndjson', 'csv'] },
    defaultUri: vscode.Uri.joinPath(uri, '..'),
  })) ?? [];
  if (!file) return false;
  const setting = snapshotSettingPath(file.fsPath, folder.uri.fsPath);
  await vscode.workspace.getConfiguration('safetySpecs', folder.uri).update(HISTORY_SETTING, setting, vscode.ConfigurationTarget.WorkspaceFolder);
  vscode.window.setStatusBarMessage(`$(check) Safety Specs: replays read ${setting} (safetySpecs.${HISTORY_SETTING})`, 5000);
  return true;
}

/** The URI the lens (`{ uri }`) or a menu (a Uri) passes, else the active editor's policy file. */
function policyUri(given: unknown): string | undefined {
  if (given instanceof vscode.Uri) return given.toString();
  if (typeof given === 'object' && given !== null && typeof (given as { uri?: unknown }).uri === 'string') return (given as { uri: string }).uri;
  const document = vscode.window.activeTextEditor?.document;
  return document && vscode.languages.match([...POLICY_DOCUMENT_SELECTOR], document) ? document.uri.toString() : undefined;
}
