// Replay reports in webview panels, one per policy. Only types come from `vscode`: the panel factory is passed in,
// so the panel's options and HTML are tested without an extension host (test/client/replay.test.ts).
import type * as vscode from 'vscode';
import type { ReplayPanel, ReplayReport } from './replayFlow';

export const REPLAY_VIEW_TYPE = 'safetySpecs.replay';

/**
 * The report is static HTML the server renders (its chart an inline SVG): no script runs, no file is loaded (the CSP
 * the server writes allows only the webview's own styles), and a hidden panel is rendered again rather than kept.
 */
export const REPLAY_WEBVIEW_OPTIONS: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
  enableScripts: false,
  enableCommandUris: false,
  localResourceRoots: [],
  retainContextWhenHidden: false,
  enableFindWidget: true,
};

export type CreateWebviewPanel = (
  viewType: string,
  title: string,
  showOptions: { readonly viewColumn: vscode.ViewColumn; readonly preserveFocus: boolean },
  options: vscode.WebviewPanelOptions & vscode.WebviewOptions,
) => vscode.WebviewPanel;

export class ReplayView {
  /** By the policy's URI: a replay run again reveals and refills its panel. */
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly createPanel: CreateWebviewPanel,
    /** Where panels open: beside the policy. */
    private readonly column: vscode.ViewColumn,
  ) {}

  /** The policy's panel, revealed, or a new one saying the replay is running. */
  open(policyUri: string): ReplayPanel {
    const existing = this.panels.get(policyUri);
    const panel = existing ?? this.createPanel(REPLAY_VIEW_TYPE, `Replay: ${fileName(policyUri)}`, { viewColumn: this.column, preserveFocus: true }, REPLAY_WEBVIEW_OPTIONS);
    if (existing) existing.reveal(undefined, true);
    else {
      this.panels.set(policyUri, panel);
      panel.onDidDispose(() => this.panels.get(policyUri) === panel && this.panels.delete(policyUri));
      panel.webview.html = runningHtml(panel.webview.cspSource, fileName(policyUri));
    }
    // The user may close the panel while the replay runs.
    const open = () => this.panels.get(policyUri) === panel;
    return {
      cspSource: panel.webview.cspSource,
      show: (report: ReplayReport) => {
        if (!open()) return;
        panel.title = report.title;
        panel.webview.html = report.html;
      },
      abandon: () => {
        if (!existing && open()) panel.dispose();
      },
    };
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

/** Shown until the server answers; the same policy as the report's: the webview's own styles and nothing else. */
function runningHtml(cspSource: string, file: string): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource};"><title>Replay</title></head>`,
    `<body><p role="status">Replaying the metric history through ${escapeHtml(file)}...</p></body>`,
    '</html>',
  ].join('\n');
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
