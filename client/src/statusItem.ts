import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { ServerController } from './serverController';
import { POLICY_DOCUMENT_SELECTOR } from './selectors';

/**
 * A language status item: it lives in the `{}` language-status hover of the status
 * bar and is only shown while a policy file is the active editor, so it stays out of
 * the way everywhere else. It only turns red (Error severity) when the server is down.
 */
export function createServerStatusItem(controller: ServerController): vscode.Disposable {
  const item = vscode.languages.createLanguageStatusItem('safetySpecs.server', [...POLICY_DOCUMENT_SELECTOR]);
  item.name = 'Safety Specs';

  const update = (state: State): void => {
    switch (state) {
      case State.Running:
        item.text = 'Safety Specs';
        item.detail = 'server running';
        item.busy = false;
        item.severity = vscode.LanguageStatusSeverity.Information;
        item.command = { title: 'Show Output', command: 'safetySpecs.showOutput' };
        break;
      case State.Starting:
        item.text = 'Safety Specs';
        item.detail = 'server starting';
        item.busy = true;
        item.severity = vscode.LanguageStatusSeverity.Information;
        item.command = { title: 'Show Output', command: 'safetySpecs.showOutput' };
        break;
      case State.Stopped:
        item.text = '$(error) Safety Specs';
        item.detail = 'server stopped';
        item.busy = false;
        item.severity = vscode.LanguageStatusSeverity.Error;
        item.command = { title: 'Restart', command: 'safetySpecs.restartServer' };
        break;
    }
  };

  // Before the first start the client reports `Stopped`; show it as starting instead.
  update(controller.state === State.Stopped ? State.Starting : controller.state);
  const listener = controller.onDidChangeState(({ newState }) => update(newState));
  return vscode.Disposable.from(listener, item);
}
