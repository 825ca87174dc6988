// The client side of replays without an extension host: the report panel (client/src/replayView.ts, over a fake
// webview factory) showing what the real server renders for it, the flow between the server's answer and the user
// (client/src/replayFlow.ts, with a fake editor and server), and what the manifest contributes.
import { strict as assert } from 'node:assert';
import type * as vscode from 'vscode';
import { REPLAY_COMMAND as SERVER_REPLAY_COMMAND, REPLAY_SLOS_COMMAND as SERVER_SLOS_COMMAND, SHOW_REPLAY_COMMAND as LENS_COMMAND } from '../../server/src/engine/features/replay-lens';
import { isPolicyFileName } from '../../server/src/engine/policy/file-names';
import { SERVER_COMMANDS } from '../../server/src/lsp/commands';
import { HISTORY_SETTING, replay, REPLAY_COMMAND, REPLAY_PERIODS, REPLAY_SLOS_COMMAND, SHOW_REPLAY_COMMAND, sweepableSlos, thresholdsProblem, type ReplayEditor } from '../../client/src/replayFlow';
import { REPLAY_VIEW_TYPE, ReplayView, type CreateWebviewPanel } from '../../client/src/replayView';
import { ensureBuilt, lines, LspClient } from '../protocol/lsp-client';
import { tempWorkspace } from '../protocol/model-fixtures';
import { contributions } from './manifest';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const POLICY_URI = 'file:///w/claims-triage/safety-slos.yaml';

/** Webview panels as VS Code would create them, recording how and what they show. */
function fakeWindow() {
  const created: { viewType: string; title: string; showOptions: unknown; options: vscode.WebviewPanelOptions & vscode.WebviewOptions; panel: FakePanel }[] = [];
  const createPanel: CreateWebviewPanel = (viewType, title, showOptions, options) => {
    const panel = new FakePanel(title);
    created.push({ viewType, title, showOptions, options, panel });
    return panel as unknown as vscode.WebviewPanel;
  };
  return { created, createPanel };
}

class FakePanel {
  readonly webview = { cspSource: CSP_SOURCE, html: '' };
  readonly htmls: string[] = [];
  revealed = 0;
  disposed = false;
  private readonly listeners: (() => void)[] = [];
  constructor(public title: string) {
    // Every HTML the panel is given, in order.
    const webview = this.webview;
    const htmls = this.htmls;
    Object.defineProperty(webview, 'html', { get: () => htmls.at(-1) ?? '', set: (html: string) => void htmls.push(html) });
  }
  reveal(): void {
    this.revealed++;
  }
  onDidDispose(listener: () => void) {
    this.listeners.push(listener);
    return { dispose: () => undefined };
  }
  dispose(): void {
    this.disposed = true;
    for (const l of this.listeners) l();
  }
}

/** An editor around a ReplayView whose user answers the history question as told. */
function fakeEditor(view: ReplayView, history = false) {
  const errors: string[] = [];
  const asked: string[] = [];
  const editor: ReplayEditor = {
    open: (uri) => view.open(uri),
    chooseHistory: async (uri, reason) => (asked.push(`${uri}: ${reason}`), history),
    showError: (message) => void errors.push(message),
  };
  return { editor, errors, asked };
}

/** A server that answers each request with the next reply (or throws it), recording the requests. */
function fakeServer(...replies: unknown[]) {
  const requests: unknown[][] = [];
  const run = async (args: unknown[]) => {
    requests.push(args);
    const reply = replies.shift();
    if (reply instanceof Error) throw reply;
    return reply;
  };
  return { run, requests };
}

const REPORT = { title: 'Replay: claims-triage', markdown: '# Replay', html: '<!DOCTYPE html><p>report</p>' };
const NO_HISTORY = { error: 'no metric history to replay', needsHistory: true };

/** The CSP a document declares (its attribute's character references read), or undefined. */
const cspOf = (html: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&apos;/g, "'").replace(/&amp;/g, '&');

describe('replays in the client', function () {
  it('runs the server\'s commands, which the server offers, and the lens\'s', function () {
    assert.equal(REPLAY_COMMAND, SERVER_REPLAY_COMMAND);
    assert.equal(REPLAY_SLOS_COMMAND, SERVER_SLOS_COMMAND);
    assert.equal(SHOW_REPLAY_COMMAND, LENS_COMMAND);
    assert.equal(SERVER_COMMANDS.replay, REPLAY_COMMAND);
    assert.equal(SERVER_COMMANDS.replaySlos, REPLAY_SLOS_COMMAND);
  });

  describe('the report panel, over the real server', function () {
    this.timeout(60_000);
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    before(async function () {
      ensureBuilt();
      const t0 = Date.UTC(2026, 10, 17);
      const samples = Array.from({ length: 12 }, (_, h) => JSON.stringify({ timestamp: new Date(t0 + h * 3_600_000).toISOString(), metric: 'ood_recall_7d', value: h < 6 ? 0.95 : 0.5 }));
      ws = tempWorkspace({
        'claims/safety-slos.yaml': lines('version: 1', 'model: claims-triage', 'history: history.jsonl', 'slos:', '  - name: ood_recall_7d', '    objective: "x"', '    target: ">= 0.90"', '    window: 1h', '    action_on_breach: rollback'),
        'claims/history.jsonl': `${samples.join('\n')}\n`,
      });
      policy = ws.uri('claims/safety-slos.yaml');
      client = await LspClient.start({ workspaceFolders: [ws.folder] });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    const server = (args: unknown[]) => client.request('workspace/executeCommand', { command: REPLAY_COMMAND, arguments: args }, 20_000);

    it('opens a webview that runs no script and loads no file, and shows the report the server rendered for it', async function () {
      const window = fakeWindow();
      const ui = fakeEditor(new ReplayView(window.createPanel, -2 as vscode.ViewColumn));
      const shown = await replay({ uri: policy }, server, ui.editor);
      assert.deepEqual(ui.errors, []);
      assert.equal(window.created.length, 1);
      const [{ viewType, options, panel, showOptions }] = window.created as [(typeof window.created)[0]];
      assert.equal(viewType, REPLAY_VIEW_TYPE);
      assert.deepEqual(showOptions, { viewColumn: -2, preserveFocus: true });
      assert.equal(options.enableScripts, false);
      assert.deepEqual(options.localResourceRoots, []);
      assert.equal(options.retainContextWhenHidden, false);
      assert.equal(options.enableCommandUris, false);
      assert.equal(panel.title, 'Replay: claims-triage');
      assert.equal(panel.webview.html, shown?.html);
      for (const html of panel.htmls) {
        const csp = cspOf(html);
        assert.ok(csp, `every HTML the panel shows declares a CSP:\n${html.slice(0, 300)}`);
        assert.match(csp, /^default-src 'none';/);
        assert.ok(csp.includes(`style-src `) && csp.includes(CSP_SOURCE), csp);
        assert.doesNotMatch(csp, /script-src|unsafe-inline|unsafe-eval|https?:\/\/(?!\*\.vscode-cdn\.net)/);
        assert.doesNotMatch(html, /<script|\son[a-z]+=|javascript:/i);
        assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//);
      }
      assert.match(panel.webview.html, /rollback/);
      assert.match(panel.webview.html, /theme-vscode/);
    });

    it('reveals and refills the policy\'s panel when run again; another policy gets its own', async function () {
      const window = fakeWindow();
      const view = new ReplayView(window.createPanel, -2 as vscode.ViewColumn);
      const ui = fakeEditor(view);
      await replay({ uri: policy }, server, ui.editor);
      await replay({ uri: policy, whatIf: { slo: 'ood_recall_7d', thresholds: '0.5:0.9:0.1' } }, server, ui.editor);
      assert.equal(window.created.length, 1);
      const [{ panel }] = window.created as [(typeof window.created)[0]];
      assert.equal(panel.revealed, 1);
      assert.equal(panel.title, 'What-if: ood_recall_7d (claims-triage)');
      assert.match(panel.webview.html, /<th scope="row">&gt;= 0\.7<\/th>/);
      view.open('file:///w/other/safety-slos.yaml');
      assert.equal(window.created.length, 2);
      view.dispose();
      assert.ok(window.created.every((c) => c.panel.disposed));
    });
  });

  describe('between the server and the user', function () {
    const view = () => {
      const window = fakeWindow();
      return { window, view: new ReplayView(window.createPanel, -2 as vscode.ViewColumn) };
    };

    it('sends the webview\'s cspSource with the request, and shows a running page until the answer', async function () {
      const { window, view: v } = view();
      const server = fakeServer(REPORT);
      const ui = fakeEditor(v);
      await replay({ uri: POLICY_URI, last: '24h' }, server.run, ui.editor);
      assert.deepEqual(server.requests, [[{ uri: POLICY_URI, last: '24h', cspSource: CSP_SOURCE }]]);
      const [{ panel, title }] = window.created as [(typeof window.created)[0]];
      assert.equal(title, 'Replay: safety-slos.yaml');
      assert.match(panel.htmls[0]!, /Replaying the metric history through safety-slos\.yaml/);
      assert.equal(cspOf(panel.htmls[0]!), `default-src 'none'; style-src ${CSP_SOURCE};`);
      assert.deepEqual(panel.htmls.slice(1), [REPORT.html]);
    });

    it('asks for a history when the server has none, then replays again', async function () {
      const { view: v } = view();
      const server = fakeServer(NO_HISTORY, REPORT);
      const ui = fakeEditor(v, true);
      assert.deepEqual(await replay({ uri: POLICY_URI }, server.run, ui.editor), { ...REPORT, cancelled: false });
      assert.deepEqual(ui.asked, [`${POLICY_URI}: no metric history to replay`]);
      assert.equal(server.requests.length, 2);
    });

    it('closes the panel it opened, and shows nothing, when the user picks no history', async function () {
      const { window, view: v } = view();
      const ui = fakeEditor(v, false);
      assert.equal(await replay({ uri: POLICY_URI }, fakeServer(NO_HISTORY).run, ui.editor), undefined);
      assert.ok(window.created[0]!.panel.disposed);
      assert.deepEqual(ui.errors, []);
    });

    it('shows the server\'s error, or a failure, and keeps an earlier report in a reused panel', async function () {
      const { window, view: v } = view();
      const ui = fakeEditor(v);
      await replay({ uri: POLICY_URI }, fakeServer(REPORT).run, ui.editor);
      for (const reply of [{ error: 'what-if: no SLO is named "x".' }, new Error('Request failed'), undefined, { title: 'x', markdown: '' }]) {
        assert.equal(await replay({ uri: POLICY_URI }, fakeServer(reply).run, ui.editor), undefined);
      }
      assert.deepEqual(ui.errors.map((e) => e.replace(/: .*/, '')), Array(4).fill('Safety Specs'));
      assert.equal(ui.errors[0], 'Safety Specs: the replay failed: what-if: no SLO is named "x".');
      const [{ panel }] = window.created as [(typeof window.created)[0]];
      assert.ok(!panel.disposed);
      assert.equal(panel.webview.html, REPORT.html);
    });

    it('marks a cancelled report, and leaves a panel the user closed alone', async function () {
      const { window, view: v } = view();
      const ui = fakeEditor(v);
      const closing = async (args: unknown[]) => {
        window.created[0]!.panel.dispose();
        return { ...REPORT, cancelled: true, args };
      };
      const shown = await replay({ uri: POLICY_URI }, closing, ui.editor);
      assert.equal(shown?.cancelled, true);
      assert.equal(window.created[0]!.panel.htmls.length, 1, 'nothing set on a disposed panel');
    });
  });

  describe('what the user picks', function () {
    it('offers the periods the server reads', function () {
      assert.deepEqual(REPLAY_PERIODS.map((p) => p.last), ['24h', '7d', '30d', 'all']);
    });

    it('checks typed thresholds as the server will', function () {
      for (const ok of ['0.8:0.99:0.01', ' 0.81:0.99:0.009 ', '-1:1:0.5', '90:99:1']) assert.equal(thresholdsProblem(ok), undefined, ok);
      for (const bad of ['', '0.8', '0.8:0.9', '0.9:0.8:0.01', '0.8:0.9:0', '0.8:0.9:-1', 'a:b:c', '0.8::0.01', '0:1000:0.0001']) {
        assert.match(thresholdsProblem(bad) ?? '', /^Thresholds: /, bad);
      }
    });

    it('reads the server\'s list of SLOs, or says why there is none', function () {
      const slo = { label: 'ood_recall_7d', target: '>= 0.90', thresholds: '0.81:0.99:0.009' };
      assert.deepEqual(sweepableSlos({ slos: [slo] }), [slo]);
      assert.deepEqual(sweepableSlos({ error: 'nope' }), { error: 'nope' });
      for (const bad of [undefined, {}, { slos: [{ label: 'x' }] }, 'x']) assert.ok('error' in sweepableSlos(bad));
    });
  });

  describe('the manifest', function () {
    const { commands, menus, configuration } = contributions();
    const policyWhen = (command: string) => (menus.commandPalette ?? []).find((e) => e.command === command)?.when;

    it('contributes the replay commands; the palette offers them on policy files, the lens\'s command not at all', function () {
      for (const [command, title] of [
        ['safetySpecs.replay', 'Replay Metric History'],
        ['safetySpecs.whatIf', 'What-If Threshold Sweep'],
        [SHOW_REPLAY_COMMAND, 'Show Replay'],
      ] as const) {
        assert.deepEqual(commands.find((c) => c.command === command), { command, title, category: 'Safety Specs' });
      }
      for (const command of ['safetySpecs.replay', 'safetySpecs.whatIf']) {
        const match = /^resourceScheme == file && resourceFilename =~ \/(.+)\/$/.exec(policyWhen(command) ?? '');
        assert.ok(match, `${command}: "when" tests the scheme and the file name`);
        for (const name of ['safety-slos.yaml', 'acme.safety-slos.yaml', 'safety-slos.yaml.bak', 'README.md']) assert.equal(new RegExp(match[1]!).test(name), isPolicyFileName(`/w/m/${name}`), name);
      }
      assert.equal(policyWhen(SHOW_REPLAY_COMMAND), 'false');
      assert.ok(!commands.some((c) => c.command === REPLAY_COMMAND || c.command === REPLAY_SLOS_COMMAND));
    });

    it('contributes the history setting, per resource (a workspace folder may name its own)', function () {
      const setting = configuration.properties[`safetySpecs.${HISTORY_SETTING}`];
      assert.ok(setting);
      assert.equal(setting.type, 'string');
      assert.equal(setting.scope, 'resource');
      assert.equal(setting.default, '');
      assert.match(setting.markdownDescription ?? '', /`history:`/);
      assert.match(setting.markdownDescription ?? '', /JSON Lines.*CSV/);
    });
  });
});
