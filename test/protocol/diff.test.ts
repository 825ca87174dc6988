// The SLO diff over real JSON-RPC, against a real git repository: the lens at the top of the policy, the
// diff/loosened-unacknowledged diagnostic, the table the lens shows, a deliberation note that acknowledges the
// loosening, a commit that moves the base, gates that require a green diff, a base that does not exist, and a
// workspace that is no git repository.
import { strict as assert } from 'node:assert';
import { commitFiles, initRepo } from '../../server/src/git/testing';
import { ensureBuilt, lines, LspClient, positionOf, rangeOf, sleep, type PublishDiagnosticsParams } from './lsp-client';
import { tempWorkspace } from './model-fixtures';

const CHANGED = 2;
const RULE = 'diff/loosened-unacknowledged';

const POLICY = lines(
  'version: 1', //                                          0
  'model: claims-triage', //                                1
  'metrics: { ood_recall_7d: 0.93, denial_precision_7d: 0.99 }',
  'slos:', //                                               3
  '  - name: ood_recall_7d', //                             4
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"', //                               6
  '    window: 7d',
  '    action_on_breach: degrade_to_safe_mode',
  '  - name: denial_precision_7d', //                       9
  '    objective: "Deny only what should be denied."',
  '    target: ">= 0.95"', //                               11
  '    window: 7d',
  '    action_on_breach: rollback',
  'gates:', //                                              14
  '  - name: release', //                                   15
  '    slos: all',
  '    require: [slo_diff_green, deliberation_note]',
);

/** The edit under review: ood_recall_7d loosened, denial_precision_7d tightened, a new SLO. */
const EDITED = POLICY.replace('denial_precision_7d: 0.99 }', 'denial_precision_7d: 0.99, human_review_rate_7d: 0.2 }')
  .replace('">= 0.90"', '">= 0.85"')
  .replace('">= 0.95"', '">= 0.97"')
  .replace(
    'gates:',
    lines('  - name: human_review_rate_7d', '    objective: "Send unsure claims to a human."', '    target: ">= 0.10"', '    window: 7d', '    action_on_breach: rollback', 'gates:').trimEnd(),
  );

const NOTE = lines(
  '---',
  'date: 2026-11-02',
  'change: Tighten denial precision',
  'slos: [denial_precision_7d]', //                         3
  'decision: approved',
  '---',
  '# Tighten denial precision',
  '',
  'Raise `denial_precision_7d` to 0.97.',
);

const CAPABILITIES = { workspace: { codeLens: { refreshSupport: true }, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } };

type Shown = { title: string; markdown: string } | { error: string };

/** The lens titles once `predicate` holds for them (the base is read again in the background). */
async function titlesWhen(client: LspClient, uri: string, predicate: (t: [number, string][]) => boolean, timeoutMs = 10_000): Promise<[number, string][]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const now = await client.lensTitles(uri);
    if (predicate(now)) return now;
    if (Date.now() > until) throw new Error(`timed out waiting for the lenses; they are: ${JSON.stringify(now)}`);
    await sleep(100);
  }
}

const diffLens = (t: [number, string][]) => t.find(([line, title]) => line === 0 && title.startsWith('SLO diff'))?.[1];
const gateLens = (t: [number, string][]) => t.find(([, title]) => title.startsWith('Gate release'))?.[1];

function showDiff(client: LspClient, uri: string): Promise<Shown> {
  return client.request<Shown>('workspace/executeCommand', { command: 'safetySpecs.server.showDiff', arguments: [uri] });
}

const diffFindings = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === RULE);

describe('protocol: the SLO diff against a git base', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('in a git repository, the policy edited since main', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    let note: string;
    before(async function () {
      ws = tempWorkspace({});
      initRepo(ws.root);
      commitFiles(ws.root, { 'claims/safety-slos.yaml': POLICY, 'claims/deliberation-note.md': NOTE }, 'the policy');
      [policy, note] = ['claims/safety-slos.yaml', 'claims/deliberation-note.md'].map(ws.uri) as [string, string];
      client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: CAPABILITIES, settings: {} });
      await client.open(policy, POLICY);
      await client.replaceAll(policy, EDITED);
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('counts the changes in the lens at the top of the policy', async function () {
      assert.equal(diffLens(await client.lensTitles(policy)), 'SLO diff vs main: 2 tightened, 1 loosened (not acknowledged)');
      const [lens] = (await client.codeLenses(policy)).filter((l) => l.command!.title.startsWith('SLO diff'));
      assert.deepEqual(lens!.command!.command, 'safetySpecs.server.showDiff');
      assert.deepEqual(lens!.command!.arguments, [policy]);
      assert.ok(client.initializeResult.capabilities.executeCommandProvider!.commands.includes('safetySpecs.server.showDiff'));
    });

    it('reports the loosened target on its line, with the old value and the note as related location', async function () {
      const p = await client.waitForDiagnostics(policy, (q) => q.version === client.version(policy) && diffFindings(q).length > 0);
      const [finding, ...others] = diffFindings(p);
      assert.deepEqual(others, [], 'the tightened and added SLOs are not reported');
      assert.equal(finding!.severity, 1);
      assert.equal(finding!.range.start.line, positionOf(EDITED, '">= 0.85"').line);
      assert.match(finding!.message, /^SLO ood_recall_7d is loosened since main\b.*target was ">= 0\.90"/);
      assert.equal(finding!.relatedInformation?.[0]?.location.uri, note);
    });

    it('the gate that requires a green diff and a note blocks on them', async function () {
      assert.equal(gateLens(await client.lensTitles(policy)), 'Gate release: block (slo_diff_green, deliberation_note)');
    });

    it('shows the diff as a table, with workspace-relative paths', async function () {
      const shown = await showDiff(client, policy);
      assert.ok('markdown' in shown, JSON.stringify(shown));
      assert.equal(shown.title, 'SLO diff vs main: 2 tightened, 1 loosened (not acknowledged)');
      assert.match(shown.markdown, /\| Change \| What \| Detail \| Why \| Deliberation note \|/);
      assert.match(shown.markdown, /ood_recall_7d[^\n]*not acknowledged/);
      assert.match(shown.markdown, /human_review_rate_7d/);
      assert.ok(!shown.markdown.includes(ws.root), 'paths are relative to the workspace folder');
      assert.ok(client.logs.some((l) => l.message.startsWith(`${shown.title}\n`)), 'logged for editors that show command results nowhere');
    });

    it('a note edited to name the loosened SLO acknowledges it: the diagnostic goes, the lens and the gate say so', async function () {
      await client.open(note, NOTE, 'markdown');
      const from = client.published.length;
      await client.change(note, [{ range: rangeOf(NOTE, '[denial_precision_7d]'), text: '[denial_precision_7d, ood_recall_7d]' }]);
      await client.waitForDiagnosticsSince(policy, from, (p) => diffFindings(p).length === 0);
      const now = await titlesWhen(client, policy, (t) => diffLens(t)?.endsWith('(acknowledged)') === true);
      assert.equal(diffLens(now), 'SLO diff vs main: 2 tightened, 1 loosened (acknowledged)');
      assert.equal(gateLens(now), 'Gate release: pass');
    });

    it('closing the note unsaved brings the finding back: the note on disk did not change', async function () {
      const from = client.published.length;
      await client.close(note);
      const p = await client.waitForDiagnosticsSince(policy, from, (q) => diffFindings(q).length === 1);
      assert.equal(diffFindings(p)[0]!.range.start.line, positionOf(EDITED, '">= 0.85"').line);
    });

    it('watches the refs: a commit of the edit moves the base, and the diff is empty', async function () {
      const registration = await client.waitFor(
        () => client.requests.find((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('refs/**')),
        5000,
        () => 'a watcher for the repository\'s refs',
      );
      assert.match(JSON.stringify(registration.params), new RegExp(`"baseUri":"${ws.folder.uri}"`));
      ws.write('claims/safety-slos.yaml', EDITED);
      commitFiles(ws.root, {}, 'loosen ood_recall_7d');
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.git/refs/heads/main'), type: CHANGED }] });
      await client.waitForDiagnosticsSince(policy, from, (p) => diffFindings(p).length === 0);
      assert.equal(diffLens(await client.lensTitles(policy)), 'SLO diff vs main: no changes');
    });

    it('a base that does not exist: the lens says so in one line, nothing crashes, and the default comes back', async function () {
      await client.changeSettings({ diff: { base: 'no-such-branch' } });
      const now = await titlesWhen(client, policy, (t) => diffLens(t) !== 'SLO diff vs main: no changes');
      assert.equal(diffLens(now), "SLO diff: no git base (unknown revision 'no-such-branch')");
      const shown = await showDiff(client, policy);
      assert.ok('error' in shown && /unknown revision 'no-such-branch'/.test(shown.error), JSON.stringify(shown));

      await client.changeSettings({ diff: { base: '--output=/tmp/x' } });
      const option = await titlesWhen(client, policy, (t) => diffLens(t)?.includes('looks like an option') === true);
      assert.doesNotMatch(diffLens(option)!, /\n/);

      await client.changeSettings({ diff: { base: 'HEAD~1' } });
      const previous = await titlesWhen(client, policy, (t) => diffLens(t)?.startsWith('SLO diff vs HEAD~1') === true);
      assert.equal(diffLens(previous), 'SLO diff vs HEAD~1: 2 tightened, 1 loosened (not acknowledged)');
      assert.ok(client.running);
      assert.deepEqual(client.loggedErrors(), []);
      assert.equal(client.logs.filter((l) => l.message.includes("unknown revision 'no-such-branch'") && l.message.startsWith('SLO diff: no git base for')).length, 1, 'logged once');
    });
  });

  describe('in a folder that is no git repository', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/deliberation-note.md': NOTE });
      client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: CAPABILITIES, settings: {} });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('shows no diff lens and no diff diagnostics; the gate says the diff is not evaluated; nothing is logged as an error', async function () {
      const policy = ws.uri('claims/safety-slos.yaml');
      await client.open(policy, POLICY);
      await client.replaceAll(policy, EDITED);
      const p = await client.waitForVersion(policy);
      assert.deepEqual(diffFindings(p), []);
      const now = await client.lensTitles(policy);
      assert.equal(diffLens(now), undefined);
      // The folder's note is all deliberation_note can check without git.
      assert.equal(gateLens(now), 'Gate release: block (slo_diff_green)');
      const shown = await showDiff(client, policy);
      assert.ok('error' in shown && /not in a git repository/.test(shown.error), JSON.stringify(shown));
      assert.deepEqual(client.loggedErrors(), []);
    });
  });
});
