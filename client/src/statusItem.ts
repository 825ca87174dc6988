import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { ServerController } from './serverController';
import { DOCUMENT_SELECTOR } from './selectors';

/**
 * A language status item: it lives in the `{}` language-status hover of the status
 * bar and is only shown while a document the server reads (a policy, config, model card
 * or note: see selectors.ts) is the active editor, so it stays out of the way everywhere
 * else. It only turns red (Error severity) when the server is down.
 */
export function createServerStatusItem(controller: ServerController): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('safetySpecs.server', [...DOCUMENT_SELECTOR]);
  item.name = 'Safety Specs';

  const SHOW_OUTPUT = { title: 'Show Output', command: 'safetySpecs.showOutput' };
  const RESTART = { title: 'Restart', command: 'safetySpecs.restartServer' };
  const LOOKS: Record<State, Pick<vscode.LanguageStatusItem, 'text' | 'detail' | 'busy' | 'severity' | 'command'>> = {
    [State.Running]: { text: 'Safety Specs', detail: 'server running', busy: false, severity: vscode.LanguageStatusSeverity.Information, command: SHOW_OUTPUT },
    [State.Starting]: { text: 'Safety Specs', detail: 'server starting', busy: true, severity: vscode.LanguageStatusSeverity.Information, command: SHOW_OUTPUT },
    [State.Stopped]: { text: '$(error) Safety Specs', detail: 'server stopped', busy: false, severity: vscode.LanguageStatusSeverity.Error, command: RESTART },
    [State.StartFailed]: { text: '$(error) Safety Specs', detail: 'server failed to start', busy: false, severity: vscode.LanguageStatusSeverity.Error, command: RESTART },
  };
  const update = (state: State): void => {
    Object.assign(item, LOOKS[state]);
  };

  // Before the first start the client reports `Stopped`; show it as starting instead.
  update(controller.state === State.Stopped ? State.Starting : controller.state);
  const listener = controller.onDidChangeState(({ newState }) => update(newState));
  return vscode.Disposable.from(listener, item);
}
