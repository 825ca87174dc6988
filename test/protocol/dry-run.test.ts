// Dry runs over real JSON-RPC: code lenses above each SLO, gate and scenario, the explain command they run, and
// their refresh whenever what they read changes: the policy, another policy of its model, the snapshot on disk
// (watched) or open and edited unsaved, and the settings.
import { strict as assert } from 'node:assert';
import { ensureBuilt, lines, LspClient, rangeOf, sleep } from './lsp-client';
import { tempWorkspace } from './model-fixtures';

const CHANGED = 2;

const POLICY = lines(
  'version: 1', //                                          0
  'model: claims-triage', //                                1
  'metrics: eval/latest.json', //                           2
  'slos:', //                                               3
  '  - name: ood_recall_7d', //                             4
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"', //                               6
  '    window: 7d',
  '    action_on_breach: degrade_to_safe_mode',
  'gates:', //                                              9
  '  - name: release', //                                   10
  '    slos: all',
  '  - name: canary', //                                    12
  '    slos: [ood_recall_7d]',
  'scenarios:', //                                          14
  '  - name: ood_spike', //                                 15
  '    metrics: { ood_recall_7d: 0.84 }',
  '    expect: degrade_to_safe_mode',
  '  - name: denial_regression', //                         18
  '    metrics: { denial_precision_7d: 0.5 }',
  '    expect: pass',
);

/** Another file of the model: the release gate (`slos: all`) reads its SLO too. */
const ACME = lines(
  'version: 1',
  'model: claims-triage',
  'slos:',
  '  - name: denial_precision_7d', //                       3
  '    objective: "Deny only what should be denied."',
  '    target: ">= 0.95"',
  '    window: 7d',
  '    action_on_breach: rollback',
);

const SNAPSHOT = '{\n  "ood_recall_7d": 0.93,\n  "denial_precision_7d": 0.97\n}\n';

const CAPABILITIES = { workspace: { codeLens: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } };

type Explained = { title: string; markdown: string; needsValue?: boolean } | { error: string };

async function explain(client: LspClient, argument: Record<string, unknown>): Promise<{ title: string; markdown: string; needsValue?: boolean }> {
  const result = await client.request<Explained>('workspace/executeCommand', { command: 'safetySpecs.server.explain', arguments: [argument] });
  if ('error' in result) throw new Error(result.error);
  return result;
}

/** Longer than the server's refresh delay: a refresh still due then is not taken for the next change's. */
const SETTLE_MS = 250;

/** Runs `change`, then waits for the server to ask the editor to refresh its lenses (for this change, not an earlier one). */
async function refreshedAfter(client: LspClient, change: () => Promise<unknown>): Promise<void> {
  await sleep(SETTLE_MS);
  const from = client.requests.length;
  await change();
  await client.waitForRequest('workspace/codeLens/refresh', from);
}

describe('protocol: dry-run code lenses', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('with the snapshot the policy names', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    let acme: string;
    let snapshot: string;
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/acme.safety-slos.yaml': ACME, 'claims/eval/latest.json': SNAPSHOT });
      [policy, acme, snapshot] = ['claims/safety-slos.yaml', 'claims/acme.safety-slos.yaml', 'claims/eval/latest.json'].map(ws.uri) as [string, string, string];
      client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: CAPABILITIES });
      await client.open(policy, POLICY);
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('shows each decision: SLO, gates, scenarios, and all scenarios at the top', async function () {
      assert.ok(client.initializeResult.capabilities.codeLensProvider);
      assert.deepEqual(await client.lensTitles(policy), [
        [0, 'Run all scenarios (1 passed, 1 failed)'],
        [4, 'Dry run: pass (0.93 >= 0.90)'],
        [10, 'Gate release: pass'],
        [12, 'Gate canary: pass'],
        [15, '✓ Scenario passes: degrade_to_safe_mode'],
        [18, '✗ Scenario fails: expected pass, got rollback'],
        [0, 'Replay last 7 days...'],
      ]);
      const [, slo] = await client.codeLenses(policy);
      assert.deepEqual(slo!.command, { title: 'Dry run: pass (0.93 >= 0.90)', command: 'safetySpecs.server.explain', arguments: [{ uri: policy, kind: 'slo', name: 'ood_recall_7d' }] });
      assert.deepEqual(await client.codeLenses(snapshot), [], 'no lenses on anything but a policy');
    });

    it('watches the snapshot it read', async function () {
      const registration = await client.waitFor(
        () => client.requests.find((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('latest.json')),
        5000,
        () => 'a watcher for the snapshot',
      );
      const [{ registerOptions }] = (registration.params as { registrations: { method: string; registerOptions: { watchers: { globPattern: unknown }[] } }[] }).registrations;
      assert.deepEqual(registerOptions.watchers, [{ globPattern: { baseUri: ws.uri('claims/eval'), pattern: 'latest.json' } }]);
    });

    it('recomputes the titles after an edit of the policy, and asks for a refresh', async function () {
      await refreshedAfter(client, () => client.change(policy, [{ range: rangeOf(POLICY, '0.90'), text: '0.95' }]));
      const now = await client.lensTitles(policy);
      assert.deepEqual(now.slice(1, 4), [
        [4, 'Dry run: breach (0.93 < 0.95) → degrade_to_safe_mode'],
        [10, 'Gate release: degrade_to_safe_mode (ood_recall_7d)'],
        [12, 'Gate canary: degrade_to_safe_mode (ood_recall_7d)'],
      ]);
      await client.replaceAll(policy, POLICY);
      assert.equal((await client.lensTitles(policy))[1]![1], 'Dry run: pass (0.93 >= 0.90)');
    });

    it('an edit of another file of the model changes this file\'s gate', async function () {
      await client.open(acme, ACME);
      assert.deepEqual(await client.lensTitles(acme), [
        [0, 'Run all scenarios (1 passed, 1 failed)'],
        [3, 'Dry run: pass (0.97 >= 0.95)'],
        [0, 'Replay last 7 days...'],
      ]);
      await refreshedAfter(client, () => client.change(acme, [{ range: rangeOf(ACME, '0.95'), text: '0.99' }]));
      assert.deepEqual((await client.lensTitles(acme))[1], [3, 'Dry run: breach (0.97 < 0.99) → rollback']);
      assert.deepEqual((await client.lensTitles(policy))[2], [10, 'Gate release: rollback (denial_precision_7d)']);
      await client.replaceAll(acme, ACME);
      await client.close(acme);
      assert.deepEqual((await client.lensTitles(policy))[2], [10, 'Gate release: pass']);
    });

    it('reads the snapshot again when it changes on disk (watched files)', async function () {
      ws.write('claims/eval/latest.json', '{ "ood_recall_7d": 0.88, "denial_precision_7d": 0.97 }\n');
      await refreshedAfter(client, () => client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: snapshot, type: CHANGED }] }));
      assert.deepEqual((await client.lensTitles(policy)).slice(1, 4), [
        [4, 'Dry run: breach (0.88 < 0.90) → degrade_to_safe_mode'],
        [10, 'Gate release: degrade_to_safe_mode (ood_recall_7d)'],
        [12, 'Gate canary: degrade_to_safe_mode (ood_recall_7d)'],
      ]);
    });

    it('reads an open snapshot\'s unsaved text, and the disk\'s again once it is closed', async function () {
      const onDisk = '{ "ood_recall_7d": 0.88, "denial_precision_7d": 0.97 }\n';
      await client.open(snapshot, onDisk, 'json');
      await refreshedAfter(client, () => client.replaceAll(snapshot, '{ "ood_recall_7d": 0.91, "denial_precision_7d": 0.97 }\n'));
      assert.deepEqual((await client.lensTitles(policy))[1], [4, 'Dry run: pass (0.91 >= 0.90)']);
      await refreshedAfter(client, () => client.close(snapshot));
      assert.deepEqual((await client.lensTitles(policy))[1], [4, 'Dry run: breach (0.88 < 0.90) → degrade_to_safe_mode']);
    });

    it('a NaN in the snapshot: error titles, and the explanation locates it', async function () {
      ws.write('claims/eval/latest.json', '{\n  "ood_recall_7d": NaN,\n  "denial_precision_7d": 0.97\n}\n');
      await refreshedAfter(client, () => client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: snapshot, type: CHANGED }] }));
      const now = await client.lensTitles(policy);
      assert.match(now[1]![1], /^Dry run: error \("ood_recall_7d" in eval\/latest\.json is "?NaN/);
      assert.deepEqual(now.slice(2, 4), [
        [10, 'Gate release: error (ood_recall_7d)'],
        [12, 'Gate canary: error (ood_recall_7d)'],
      ]);
      const gate = await explain(client, { uri: policy, kind: 'gate', name: 'release' });
      assert.equal(gate.title, 'Gate release: error');
      assert.match(gate.markdown, /\*\*Problems in eval\/latest\.json\*\*\n\n- `claims\/eval\/latest\.json:2:20`: "ood_recall_7d" in eval\/latest\.json is "?NaN/);
      ws.write('claims/eval/latest.json', SNAPSHOT);
      await refreshedAfter(client, () => client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: snapshot, type: CHANGED }] }));
    });

    it('explain: an SLO against a value, a gate and its deciding SLO, every scenario; each logged', async function () {
      const slo = await explain(client, { uri: policy, kind: 'slo', name: 'ood_recall_7d', value: 0.5 });
      assert.equal(slo.title, 'SLO ood_recall_7d: degrade_to_safe_mode');
      assert.match(slo.markdown, /\| `ood_recall_7d` \| 0\.5 \| >= 0\.90 \| breach → degrade_to_safe_mode \| \*\*decides\*\* \|/);

      ws.write('claims/eval/latest.json', '{ "ood_recall_7d": 0.93, "denial_precision_7d": 0.9 }\n');
      const gate = await explain(client, { uri: policy, kind: 'gate', name: 'release' });
      assert.equal(gate.title, 'Gate release: rollback');
      assert.match(gate.markdown, /\| `denial_precision_7d` \| 0\.9 \| >= 0\.95 \| breach → rollback \| \*\*decides\*\* \|/);
      assert.match(gate.markdown, /\| `ood_recall_7d` \| 0\.93 \| >= 0\.90 \| pass \|/);

      const all = await explain(client, { uri: policy, kind: 'scenarios' });
      assert.equal(all.title, 'Run all scenarios (1 passed, 1 failed)');
      assert.match(all.markdown, /### Scenario ood_spike[^]*✓ Expected `degrade_to_safe_mode`[^]*### Scenario denial_regression[^]*✗ Expected `pass`, got `rollback`/);

      for (const title of [slo.title, gate.title, all.title]) assert.ok(client.logs.some((l) => l.message.startsWith(`${title}\n`)), `logged: ${title}`);
      const unknown = await client.request<Explained>('workspace/executeCommand', { command: 'safetySpecs.server.explain', arguments: [{ uri: policy, kind: 'gate', name: 'nope' }] });
      assert.ok('error' in unknown && /no gate "nope"/.test(unknown.error));
      assert.deepEqual(client.loggedErrors(), []);
    });
  });

  describe('without a snapshot, or with one that is missing', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    const plainText = POLICY.replace('metrics: eval/latest.json\n', '# no metrics\n');
    const missingText = POLICY.replace('model: claims-triage', 'model: other');
    before(async function () {
      ws = tempWorkspace({ 'plain/safety-slos.yaml': plainText, 'missing/safety-slos.yaml': missingText });
      // No refresh support: the server must not send one.
      client = await LspClient.start({ workspaceFolders: [ws.folder] });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('"Dry run..." on each SLO; the gates wait for metrics; the scenarios still run', async function () {
      await client.open(ws.uri('plain/safety-slos.yaml'), plainText);
      assert.deepEqual(await client.lensTitles(ws.uri('plain/safety-slos.yaml')), [
        // Without acme's file, no SLO of this model reads denial_precision_7d.
        [0, 'Run all scenarios (2 passed, 0 failed)'],
        [4, 'Dry run...'],
        [10, 'Gate release: no metrics loaded'],
        [12, 'Gate canary: no metrics loaded'],
        [15, '✓ Scenario passes: degrade_to_safe_mode'],
        [18, '✓ Scenario passes: pass'],
        [0, 'Replay last 7 days...'],
      ]);
      const asked = await explain(client, { uri: ws.uri('plain/safety-slos.yaml'), kind: 'slo', name: 'ood_recall_7d' });
      assert.equal(asked.needsValue, true);
      assert.match(asked.markdown, /no metrics loaded/);
      const given = await explain(client, { uri: ws.uri('plain/safety-slos.yaml'), kind: 'slo', name: 'ood_recall_7d', value: 0.95 });
      assert.equal(given.title, 'SLO ood_recall_7d: pass');
      assert.equal(given.needsValue, undefined);
    });

    it('a snapshot that is not there: said in the titles, never a crash', async function () {
      await client.open(ws.uri('missing/safety-slos.yaml'), missingText);
      assert.deepEqual((await client.lensTitles(ws.uri('missing/safety-slos.yaml'))).slice(1, 3), [
        [4, 'Dry run: snapshot eval/latest.json not found'],
        [10, 'Gate release: snapshot eval/latest.json not found'],
      ]);
      assert.equal(client.requests.filter((r) => r.method === 'workspace/codeLens/refresh').length, 0);
      assert.deepEqual(client.loggedErrors(), []);
    });
  });

  describe('the safetySpecs.dryRun.metrics setting', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/eval/latest.json': SNAPSHOT, 'nightly.yaml': 'ood_recall_7d: 0.85\n' });
      policy = ws.uri('claims/safety-slos.yaml');
      client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: CAPABILITIES, settings: { dryRun: { metrics: 'nightly.yaml' } } });
      await client.open(policy, POLICY);
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('overrides the policy\'s metrics: (a path relative to the workspace folder)', async function () {
      assert.deepEqual((await client.lensTitles(policy)).slice(1, 3), [
        [4, 'Dry run: breach (0.85 < 0.90) → degrade_to_safe_mode'],
        [10, 'Gate release: degrade_to_safe_mode (ood_recall_7d)'],
      ]);
      const gate = await explain(client, { uri: policy, kind: 'gate', name: 'release' });
      assert.match(gate.markdown, /Values from `nightly\.yaml`\./);
    });

    it('a settings change refreshes the lenses: back to the policy\'s snapshot', async function () {
      await refreshedAfter(client, () => client.changeSettings({}));
      assert.deepEqual((await client.lensTitles(policy))[1], [4, 'Dry run: pass (0.93 >= 0.90)']);
      await refreshedAfter(client, () => client.changeSettings({ dryRun: { metrics: 'gone.json' } }));
      assert.deepEqual((await client.lensTitles(policy))[2], [10, 'Gate release: snapshot gone.json not found']);
    });
  });
});
