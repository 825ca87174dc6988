// Replays over real JSON-RPC: the "Replay last ..." lens, the replay command's Markdown and HTML over a generated
// history (the policy's `history:`, or the setting over it), errors as answers, work-done progress (the server's
// own token, or the client's), and cancellation of a long replay (the request's token, or the progress's cancel)
// while other requests are still answered.
import { strict as assert } from 'node:assert';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { ensureBuilt, lines, LspClient, type WorkDoneProgressValue } from './lsp-client';
import { tempWorkspace } from './model-fixtures';

const POLICY = lines(
  'version: 1',
  'model: claims-triage',
  'history: eval/history.jsonl',
  'slos:',
  '  - name: ood_recall_24h',
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"',
  '    window: 24h',
  '    action_on_breach: degrade_to_safe_mode',
  'gates:',
  '  - name: release',
  '    slos: all',
);

/** The same model without `history:`. */
const WITHOUT_HISTORY = POLICY.replace('history: eval/history.jsonl\n', '');

const T0 = Date.UTC(2026, 10, 17);
const HOUR = 3_600_000;

/** One sample an hour for two days: 0.95, then 0.5 from hour 30 on. The 24-hour mean drops below 0.90 at hour 32. */
function history(value: (hour: number) => number = (h) => (h < 30 ? 0.95 : 0.5)): string {
  return Array.from({ length: 48 }, (_, h) => JSON.stringify({ timestamp: new Date(T0 + h * HOUR).toISOString(), metric: 'ood_recall_24h', value: value(h) })).join('\n') + '\n';
}

/** A history long enough to cancel: one sample a second, Unix seconds, written as a stream. */
async function writeLongHistory(path: string, samples: number): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  const start = T0 / 1000;
  for (let i = 0; i < samples; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(samples, i + 10_000); j++) chunk += `{"timestamp": ${start + j}, "metric": "ood_recall_24h", "value": ${j % 1000 === 0 ? 0.5 : 0.95}}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

type Answer = { title: string; markdown: string; html: string; cancelled?: boolean } | { error: string; needsHistory?: boolean };

const REPLAY = 'safetySpecs.server.replay';

function replay(client: LspClient, argument: unknown, timeoutMs = 20_000): Promise<Answer> {
  return client.request<Answer>('workspace/executeCommand', { command: REPLAY, arguments: [argument] }, timeoutMs);
}

function report(answer: Answer): Extract<Answer, { title: string }> {
  if ('error' in answer) throw new Error(`the replay failed: ${answer.error}`);
  return answer;
}

/** The `$/progress` values sent with `token`, in order. */
const progressOf = (client: LspClient, token: string | number) => client.progress.filter((p) => p.token === token).map((p) => p.value);

describe('protocol: replays', function () {
  this.timeout(60_000);
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('the policy\'s history, and the setting over it', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    before(async function () {
      ws = tempWorkspace({
        'claims/safety-slos.yaml': POLICY,
        'claims/eval/history.jsonl': history(),
        'other.jsonl': history((h) => (h < 40 ? 0.95 : 0.2)),
        'bare/safety-slos.yaml': WITHOUT_HISTORY.replace('claims-triage', 'bare'),
        'missing/safety-slos.yaml': POLICY.replace('claims-triage', 'missing'),
      });
      policy = ws.uri('claims/safety-slos.yaml');
      client = await LspClient.start({ workspaceFolders: [ws.folder], settings: {}, capabilities: { window: { workDoneProgress: true } } });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('offers "Replay last 24 hours..." at the top, after the dry run\'s lenses, with the client command', async function () {
      const lenses = await client.codeLenses(policy);
      const lens = lenses.find((l) => l.command?.command === 'safetySpecs.showReplay');
      assert.deepEqual(lens, {
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        command: { title: 'Replay last 24 hours...', command: 'safetySpecs.showReplay', arguments: [{ uri: policy }] },
      });
      assert.equal(lenses.at(-1), lens);
    });

    it('replays the policy\'s history over its longest window: the breach and the action in Markdown and HTML', async function () {
      const answer = report(await replay(client, { uri: policy }));
      assert.equal(answer.title, 'Replay: claims-triage');
      assert.equal(answer.cancelled, undefined);
      const breach = isoAt(32);
      assert.match(answer.markdown, /^# Replay of claims\/eval\/history\.jsonl$/m);
      assert.ok(answer.markdown.includes(`- **Period:** ${isoAt(23)} to ${isoAt(47)} (1d, UTC)`), 'the last 24 hours are evaluated');
      const changes = `| ${isoAt(23)} | pass | no SLO breached. |\n| ${breach} | degrade_to_safe_mode | ood_recall_24h breached: mean over 24h 0.89375 &lt; 0.90. |`;
      assert.ok(answer.markdown.includes(`**Decision changes: release**\n\n| At | Decision | Reason |\n| --- | --- | --- |\n${changes}`), answer.markdown);
      assert.ok(answer.markdown.includes(`| 1 | ${breach} | ood_recall_24h | 0.89375 | ${isoAt(30)} | 2h |`), 'the breach, with its time to detect');
      assert.match(answer.html, new RegExp(`gate release: degrade_to_safe_mode from ${breach}`));
      assert.match(answer.html, /<svg/);
      assert.doesNotMatch(answer.html, /<script/i);
      assert.match(cspOf(answer.html), /^default-src 'none'; style-src 'nonce-[^']+'; img-src data:;$/);
    });

    it('themes the HTML for a webview and allows its cspSource; "all" replays every sample', async function () {
      const cspSource = 'https://*.vscode-cdn.net';
      const answer = report(await replay(client, { uri: policy, last: 'all', cspSource }));
      assert.match(cspOf(answer.html), /^default-src 'none'; style-src 'nonce-[^']+' https:\/\/\*\.vscode-cdn\.net; img-src data:;$/);
      assert.match(answer.html, /theme-vscode/);
      assert.ok(answer.markdown.includes(isoAt(0)), 'the whole history is evaluated');
    });

    it('sweeps one SLO\'s thresholds (what-if)', async function () {
      const answer = report(await replay(client, { uri: policy, whatIf: { slo: 'ood_recall_24h', thresholds: '0.5:0.9:0.2' } }));
      assert.equal(answer.title, 'What-if: ood_recall_24h (claims-triage)');
      for (const target of ['>= 0.5', '>= 0.7', '>= 0.9']) assert.ok(answer.markdown.includes(target), `${target} in\n${answer.markdown}`);
      const slos = await client.request<{ slos: unknown[] }>('workspace/executeCommand', { command: 'safetySpecs.server.replaySlos', arguments: [{ uri: policy }] });
      assert.deepEqual(slos, { slos: [{ label: 'ood_recall_24h', target: '>= 0.90', thresholds: '0.81:0.99:0.009' }] });
    });

    it('the safetySpecs.replay.history setting wins over the policy\'s history:', async function () {
      client.settings = { replay: { history: 'other.jsonl' } };
      try {
        const answer = report(await replay(client, { uri: policy }));
        assert.match(answer.markdown, /other\.jsonl/);
        assert.doesNotMatch(answer.markdown, /history\.jsonl/);
        assert.ok(!answer.markdown.includes(isoAt(32)) && answer.markdown.includes(`| ${isoAt(41)} | degrade_to_safe_mode |`), 'the other history breaches later');
        const request = client.requests.filter((r) => r.method === 'workspace/configuration').at(-1);
        assert.deepEqual(request?.params, { items: [{ scopeUri: policy, section: 'safetySpecs' }] }, 'read as it applies to the policy');
      } finally {
        client.settings = {};
      }
    });

    it('answers a one-line error, and stays up: no history, a missing file, an unknown SLO, bad arguments', async function () {
      const none = await replay(client, { uri: ws.uri('bare/safety-slos.yaml') });
      assert.deepEqual(none, { error: 'no metric history to replay: name one with `history:` in the policy (a JSON Lines or CSV file) or with the safetySpecs.replay.history setting.', needsHistory: true });
      const missing = await replay(client, { uri: ws.uri('missing/safety-slos.yaml') });
      assert.deepEqual(missing, { error: 'missing/eval/history.jsonl: no such file.' });
      const unknown = await replay(client, { uri: policy, whatIf: { slo: 'ood_recal_24h' } });
      assert.deepEqual(unknown, { error: 'what-if ood_recal_24h: no SLO is named "ood_recal_24h"; did you mean "ood_recall_24h"?' });
      for (const bad of [{ uri: policy, last: '7 days' }, { uri: policy, step: 'rolling' }, { uri: policy, whatIf: { slo: 'ood_recall_24h', thresholds: '1:0:1' } }, { uri: 42 }, 'nope']) {
        const answer = await replay(client, bad);
        assert.ok('error' in answer && !answer.error.includes('\n'), JSON.stringify([bad, answer]));
      }
      const notPolicy = await replay(client, { uri: ws.uri('other.jsonl') });
      assert.ok('error' in notPolicy && /not a policy file/.test(notPolicy.error));
      assert.ok(client.running);
      assert.deepEqual(client.loggedErrors(), []);
    });

    it('reports work-done progress on a token it creates: begin (cancellable), reports, end', async function () {
      const from = client.requests.length;
      report(await replay(client, { uri: policy }));
      const create = client.requests.slice(from).find((r) => r.method === 'window/workDoneProgress/create');
      assert.ok(create, 'the server asked for a progress token');
      const { token } = create.params as { token: string };
      const values = progressOf(client, token);
      assert.deepEqual(values[0], { kind: 'begin', title: 'Replay: claims-triage (claims/eval/history.jsonl)', cancellable: true, percentage: 0 });
      assert.ok(values.slice(1, -1).every((v) => v.kind === 'report' && typeof v.percentage === 'number'), JSON.stringify(values));
      assert.deepEqual(values.at(-1), { kind: 'end' });
    });

    it('reports on the client\'s token when it sends one, and creates none', async function () {
      const from = client.requests.length;
      report(await client.request<Answer>('workspace/executeCommand', { command: REPLAY, arguments: [{ uri: policy }], workDoneToken: 'replay-1' }));
      assert.ok(!client.requests.slice(from).some((r) => r.method === 'window/workDoneProgress/create'));
      const kinds = progressOf(client, 'replay-1').map((v) => v.kind);
      assert.deepEqual([kinds[0], kinds.at(-1)], ['begin', 'end']);
      assert.ok(kinds.slice(1, -1).every((k) => k === 'report'), kinds.join());
    });
  });

  describe('a long replay', function () {
    const SAMPLES = 600_000;
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY });
      await writeLongHistory(ws.path('claims/eval/history.jsonl'), SAMPLES);
      policy = ws.uri('claims/safety-slos.yaml');
      client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: { window: { workDoneProgress: true } } });
      await client.open(policy, POLICY);
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    /** Starts a replay of the whole history; resolves once its progress says it is under way. */
    async function started(token?: CancellationTokenSource, workDoneToken?: string) {
      const from = client.progress.length;
      const params = { command: REPLAY, arguments: [{ uri: policy, last: 'all' }], ...(workDoneToken ? { workDoneToken } : {}) };
      const answer = token ? client.connection.sendRequest<Answer>('workspace/executeCommand', params, token.token) : client.connection.sendRequest<Answer>('workspace/executeCommand', params);
      const first = await client.waitFor(() => client.progress.slice(from).find((p) => p.value.kind === 'report'), 20_000, () => 'a progress report');
      return { answer, progressToken: first.token };
    }

    function assertCancelled(answer: Answer, elapsed: number) {
      const cancelled = report(answer);
      assert.equal(cancelled.cancelled, true);
      assert.equal(cancelled.title, 'Replay: claims-triage (cancelled)');
      assert.match(cancelled.markdown, /Cancelled/);
      assert.ok(elapsed < 2000, `answered ${elapsed} ms after the cancellation`);
    }

    it('answers other requests while it runs', async function () {
      const source = new CancellationTokenSource();
      const { answer } = await started(source);
      let done = false;
      void answer.then(() => (done = true));
      const lenses = await client.codeLenses(policy);
      assert.ok(lenses.length > 0 && !done, 'code lenses were answered while the replay ran');
      source.cancel();
      await answer;
    });

    it('stops when the request is cancelled, and answers what it replayed, marked cancelled', async function () {
      const source = new CancellationTokenSource();
      const { answer } = await started(source, 'long-1');
      const at = Date.now();
      source.cancel();
      assertCancelled(await answer, Date.now() - at);
      assert.equal(progressOf(client, 'long-1').at(-1)?.kind, 'end');
    });

    it('stops when its progress is cancelled (window/workDoneProgress/cancel)', async function () {
      const { answer, progressToken } = await started();
      const begin = progressOf(client, progressToken)[0] as Extract<WorkDoneProgressValue, { kind: 'begin' }>;
      assert.equal(begin.cancellable, true);
      const at = Date.now();
      await client.notify('window/workDoneProgress/cancel', { token: progressToken });
      assertCancelled(await answer, Date.now() - at);
    });
  });
});

/** A document's Content-Security-Policy, its attribute's character references read. */
function cspOf(html: string): string {
  const value = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
  return value.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

function isoAt(hour: number): string {
  return new Date(T0 + hour * HOUR).toISOString().replace('.000Z', 'Z');
}
