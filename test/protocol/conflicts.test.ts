// Conflicts over real JSON-RPC: within one file, and across the open (and on-disk) files of one model,
// pushed and pulled. The cross-file case is issue 6's "Done when": editing one file makes a
// diagnostic appear, then disappear, in another open file.
import { strict as assert } from 'node:assert';
import type { Range } from 'vscode-languageserver-protocol';
import { ensureBuilt, fileUri, lines, LspClient, rangeOf, sleep, type Diagnostic, type DocumentDiagnosticReport, type PublishDiagnosticsParams } from './lsp-client';
import { ACME_HEADER, BASE, CAP_SLO, codes, conflictsOf, tempWorkspace } from './model-fixtures';

const ERROR = 1;
const DOCS = 'https://github.com/safety-specs/safety-specs/blob/main/docs/rules/';


/** Acme's overrides: same model, no conflict with the base (another metric). */
const ACME_CLEAN = ACME_HEADER + lines(
  '  - name: acme_latency_p95_1h', //               4
  '    metric: decision_latency_p95', //            5
  '    objective: "Acme gets a decision within half a second."', // 6
  '    target: "<= 500ms"', //                      7
  '    window: 1h', //                              8
  '    action_on_breach: ticket', //                9
  '    scope: { tenant: acme }', //                 10
);


/** Acme with the conflicting SLO appended (lines 11..17). */
const ACME_CONFLICT = ACME_CLEAN + CAP_SLO;

/** Both SLOs in one file: the base with the conflicting SLO appended (lines 10..16). */
const ONE_FILE = BASE + CAP_SLO;

const BASE_RELATED_MESSAGE = '"ood_recall_7d": >= 0.90 over 7d → degrade_to_safe_mode';
const CAP_RELATED_MESSAGE = '"acme_ood_recall_cap": <= 0.80 over 7d → degrade_to_safe_mode';

const hasConflict = (p: PublishDiagnosticsParams) => conflictsOf(p).length > 0;
const noConflict = (p: PublishDiagnosticsParams) => conflictsOf(p).length === 0;

/** The unsatisfiable diagnostic the base file must show, the other end being `capUri`/`capText`. */
function assertBaseConflict(d: Diagnostic | undefined, capUri: string, capText: string): void {
  assert.ok(d, 'a conflict diagnostic in the base file');
  assert.equal(d.code, 'conflict/unsatisfiable');
  assert.equal(d.severity, ERROR);
  assert.equal(d.source, 'safety-specs');
  assert.equal(d.codeDescription?.href, `${DOCS}conflict/unsatisfiable.md`);
  assert.deepEqual(d.range, rangeOf(BASE, 'ood_recall_7d'));
  assert.match(d.message, /^Unsatisfiable with "acme_ood_recall_cap"/);
  assert.match(d.message, /no value is both >= 0\.90 and <= 0\.80/);
  assert.deepEqual(d.relatedInformation, [{ location: { uri: capUri, range: rangeOf(capText, 'acme_ood_recall_cap') }, message: CAP_RELATED_MESSAGE }]);
}

/** The same conflict seen from acme's SLO, the other end being the base file at `baseUri`. */
function assertCapConflict(d: Diagnostic | undefined, capText: string, baseUri: string): void {
  assert.ok(d, 'a conflict diagnostic on acme_ood_recall_cap');
  assert.equal(d.code, 'conflict/unsatisfiable');
  assert.equal(d.severity, ERROR);
  assert.deepEqual(d.range, rangeOf(capText, 'acme_ood_recall_cap'));
  assert.match(d.message, /^Unsatisfiable with "ood_recall_7d"/);
  assert.match(d.message, /no value is both <= 0\.80 and >= 0\.90/);
  assert.deepEqual(d.relatedInformation, [{ location: { uri: baseUri, range: rangeOf(BASE, 'ood_recall_7d') }, message: BASE_RELATED_MESSAGE }]);
}

/** The newest notification for `uri` once the server has had time to send everything it meant to. */
async function settled(client: LspClient, uri: string): Promise<PublishDiagnosticsParams> {
  await sleep(300);
  const all = client.diagnosticsFor(uri);
  assert.ok(all.length > 0, `diagnostics were published for ${uri}`);
  return all[all.length - 1]!;
}


/** The range of the value of `model:` in `text`. */
function modelRange(text: string): Range {
  const line = rangeOf(text, /^model: .*$/m.exec(text)![0]);
  return { start: { line: line.start.line, character: 'model: '.length }, end: line.end };
}

/** Appends `text` at the end of an open document (one incremental change, as typing a paste). */
async function append(client: LspClient, uri: string, text: string): Promise<number> {
  const document = client.document(uri);
  const end = document.positionAt(document.getText().length);
  return client.change(uri, [{ range: { start: end, end }, text }]);
}

/** Deletes the lines [first, last) of an open document. */
function deleteLines(client: LspClient, uri: string, first: number, last: number): Promise<number> {
  return client.change(uri, [{ range: { start: { line: first, character: 0 }, end: { line: last, character: 0 } }, text: '' }]);
}

describe('protocol: conflicts', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('within one open file', function () {
    let client: LspClient;
    before(async () => (client = await LspClient.start()));
    after(() => client?.dispose());

    it('an unsatisfiable pair: an error on both SLO names, each with related information to the other', async function () {
      const uri = fileUri('one-file/safety-slos.yaml');
      await client.open(uri, ONE_FILE);
      const p = await client.waitForVersion(uri, 1);
      assert.deepEqual(codes(p), ['conflict/unsatisfiable', 'conflict/unsatisfiable'], JSON.stringify(p.diagnostics, null, 2));
      const [onBase, onCap] = p.diagnostics;
      assertBaseConflict(onBase, uri, ONE_FILE);
      assertCapConflict(onCap, ONE_FILE, uri);
      assert.deepEqual(onCap!.range, { start: { line: 10, character: 10 }, end: { line: 10, character: 29 } });
      assert.deepEqual(onBase!.range, { start: { line: 4, character: 10 }, end: { line: 4, character: 23 } });
    });

    it('fixing one target removes both errors', async function () {
      // Another model than the file above, which is still open: its SLOs must not count here.
      const uri = fileUri('one-file-fix/safety-slos.yaml');
      const text = ONE_FILE.replace('model: claims-triage', 'model: one-file-fix');
      await client.open(uri, text);
      assert.equal(conflictsOf(await client.waitForVersion(uri, 1)).length, 2);
      const version = await client.change(uri, [{ range: rangeOf(text, '<= 0.80'), text: '>= 0.80' }]);
      const p = await client.waitForVersion(uri, version);
      // What remains is a warning: acme's ">= 0.80" is looser than the all-traffic ">= 0.90".
      assert.deepEqual(codes(p), ['conflict/ineffective-override']);
      assert.equal(p.diagnostics[0]!.severity, 2);
      assert.deepEqual(p.diagnostics[0]!.range, rangeOf(text, 'acme_ood_recall_cap'));
    });
  });

  describe('across two open files of the same model (push)', function () {
    let client: LspClient;
    let ws: ReturnType<typeof tempWorkspace>;
    let base: string;
    let acme: string;
    before(() => {
      // Not a workspace folder, and nothing on disk: only the open documents count.
      ws = tempWorkspace({});
      base = ws.uri('safety-slos.yaml');
      acme = ws.uri('tenants/acme.safety-slos.yaml');
    });
    after(() => ws?.cleanup());
    // A fresh server per test, with both files open and clean, so one failure cannot cascade.
    beforeEach(async function () {
      client = await LspClient.start();
      await client.open(base, BASE);
      assert.deepEqual((await client.waitForVersion(base, 1)).diagnostics, [], 'the base is clean on its own');
      await client.open(acme, ACME_CLEAN);
      assert.deepEqual((await client.waitForVersion(acme, 1)).diagnostics, [], 'acme is clean too');
    });
    afterEach(() => client?.dispose());

    /** Appends the conflicting SLO to acme and waits for the base to show the conflict. */
    async function addConflict(): Promise<PublishDiagnosticsParams> {
      const from = client.published.length;
      const version = await append(client, acme, CAP_SLO);
      assert.equal(client.text(acme), ACME_CONFLICT);
      const onBase = await client.waitForDiagnosticsSince(base, from, hasConflict);
      await client.waitForVersion(acme, version); // so that nothing from this edit arrives later
      return onBase;
    }

    it('editing acme to add a conflicting SLO makes the conflict appear in the base file, pointing into acme', async function () {
      const onBase = await addConflict();
      assert.equal(onBase.version, 1, 'published for the base document as it is (version 1: it was not edited)');
      assert.deepEqual(codes(onBase), ['conflict/unsatisfiable']);
      assertBaseConflict(onBase.diagnostics[0], acme, ACME_CONFLICT);

      const onAcme = await client.waitForVersion(acme, 2);
      assert.deepEqual(codes(onAcme), ['conflict/unsatisfiable']);
      assertCapConflict(onAcme.diagnostics[0], ACME_CONFLICT, base);

      const last = await settled(client, base);
      assert.deepEqual(codes(last), ['conflict/unsatisfiable'], 'nothing stale arrives for the base afterwards');
    });

    it('editing the SLO away makes the conflict disappear from the base file', async function () {
      await addConflict();
      const from = client.published.length;
      const version = await deleteLines(client, acme, 11, 18);
      assert.equal(client.text(acme), ACME_CLEAN);

      const onBase = await client.waitForDiagnosticsSince(base, from, () => true);
      assert.equal(onBase.version, 1);
      assert.deepEqual(onBase.diagnostics, [], `the base's conflict is gone; got ${JSON.stringify(codes(onBase))}`);
      assert.deepEqual((await client.waitForVersion(acme, version)).diagnostics, []);
      assert.deepEqual((await settled(client, base)).diagnostics, [], 'and stays gone');
    });

    it('appears and disappears again on a second round (no stale cache)', async function () {
      for (let round = 0; round < 2; round++) {
        assertBaseConflict((await addConflict()).diagnostics[0], acme, ACME_CONFLICT);
        const from = client.published.length;
        await deleteLines(client, acme, 11, 18);
        assert.deepEqual((await client.waitForDiagnosticsSince(base, from, () => true)).diagnostics, [], `round ${round + 1}`);
      }
      assert.deepEqual((await settled(client, base)).diagnostics, []);
    });

    it('a typing burst in acme ends with the base showing the conflict of the last text', async function () {
      const from = client.published.length;
      await append(client, acme, CAP_SLO.replace('"<= 0.80"', '"<= 0.9"'));
      // "<= 0.9" and ">= 0.90" meet at 0.9: no conflict. Now replace the 9 by an 8, keystroke by
      // keystroke (delete, type), without waiting in between.
      const at = rangeOf(client.text(acme), '<= 0.9');
      const nine = { line: at.start.line, character: at.end.character - 1 };
      await client.change(acme, [{ range: { start: nine, end: at.end }, text: '' }]);
      const version = await client.change(acme, [{ range: { start: nine, end: nine }, text: '8' }]);
      assert.match(client.text(acme), /target: "<= 0\.8"\n/);
      await client.waitForVersion(acme, version);
      const last = await settled(client, base);
      assert.deepEqual(codes(last), ['conflict/unsatisfiable'], `the newest base diagnostics match acme's last text; all since the burst: ${JSON.stringify(client.published.slice(from).filter((p) => p.uri === base).map((p) => codes(p)))}`);
      assert.match(last.diagnostics[0]!.message, /no value is both >= 0\.90 and <= 0\.8,/);
    });

    it("changing acme's model: removes the cross-file conflict from the base file; changing it back restores it", async function () {
      await addConflict();
      let from = client.published.length;
      const model = modelRange(ACME_CONFLICT);
      const version = await client.change(acme, [{ range: model, text: 'support-assistant' }]);
      assert.match(client.text(acme), /^model: support-assistant$/m);
      assert.deepEqual((await client.waitForVersion(acme, version)).diagnostics, [], 'acme alone has no conflict');
      const onBase = await client.waitForDiagnosticsSince(base, from, noConflict, 3000).catch((e: Error) => {
        throw new Error(`the base file was not re-published without the conflict after acme moved to another model: ${e.message}`);
      });
      assert.deepEqual(onBase.diagnostics, []);
      assert.deepEqual((await settled(client, base)).diagnostics, []);

      from = client.published.length;
      await client.change(acme, [{ range: { start: model.start, end: { line: model.start.line, character: model.start.character + 'support-assistant'.length } }, text: 'claims-triage' }]);
      assert.equal(client.text(acme), ACME_CONFLICT);
      assertBaseConflict((await client.waitForDiagnosticsSince(base, from, hasConflict)).diagnostics[0], acme, ACME_CONFLICT);
    });

    it("changing the base's model: its conflict with acme goes away on both sides", async function () {
      await addConflict();
      const from = client.published.length;
      const version = await client.change(base, [{ range: modelRange(BASE), text: 'fraud-screening' }]);
      assert.match(client.text(base), /^model: fraud-screening$/m);
      assert.deepEqual((await client.waitForVersion(base, version)).diagnostics, []);
      const onAcme = await client.waitForDiagnosticsSince(acme, from, noConflict, 3000).catch((e: Error) => {
        throw new Error(`acme was not re-published without the conflict after the base moved to another model: ${e.message}`);
      });
      assert.deepEqual(onAcme.diagnostics, []);
    });

    it('a file of another model neither sees nor causes the conflict', async function () {
      await addConflict();
      const other = ws.uri('other/safety-slos.yaml');
      await client.open(other, BASE.replace('model: claims-triage', 'model: fraud-screening'));
      assert.deepEqual((await client.waitForVersion(other, 1)).diagnostics, [], 'same SLO as the base, other model: no conflict with acme');
      assert.deepEqual(codes(await settled(client, base)), ['conflict/unsatisfiable'], 'the base still has exactly its one conflict');
      assert.deepEqual(codes(client.diagnosticsFor(acme).at(-1)!), ['conflict/unsatisfiable'], 'acme conflicts with the base only');
    });

    it('closing acme (never saved: no copy on disk) removes its conflict from the base file', async function () {
      await addConflict();
      const from = client.published.length;
      await client.close(acme);
      const cleared = await client.waitForDiagnosticsSince(acme, from, () => true);
      assert.deepEqual(cleared.diagnostics, [], "acme's own diagnostics are cleared");
      const onBase = await client.waitForDiagnosticsSince(base, from, noConflict, 3000).catch((e: Error) => {
        throw new Error(`the base file kept the conflict with a closed document that exists nowhere: ${e.message}`);
      });
      assert.deepEqual(onBase.diagnostics, []);
    });
  });

  describe('closing a file falls back to its copy on disk', function () {
    it('the base keeps the conflict when acme is closed and its disk copy has the conflicting SLO', async function () {
      const ws = tempWorkspace({ 'safety-slos.yaml': BASE, 'tenants/acme.safety-slos.yaml': ACME_CONFLICT });
      const client = await LspClient.start({ workspaceFolders: [ws.folder] });
      try {
        const base = ws.uri('safety-slos.yaml');
        const acme = ws.uri('tenants/acme.safety-slos.yaml');
        // Acme is open with unsaved edits that removed the SLO: the open text wins over the disk.
        await client.open(acme, ACME_CLEAN);
        assert.deepEqual((await client.waitForVersion(acme, 1)).diagnostics, []);
        await client.open(base, BASE);
        assert.deepEqual((await client.waitForVersion(base, 1)).diagnostics, [], 'the open acme (clean) counts, not its disk copy');

        // Closed without saving: the disk copy, with the conflicting SLO, counts again.
        const from = client.published.length;
        await client.close(acme);
        const onAcme = await client.waitForDiagnosticsSince(acme, from, hasConflict);
        assert.equal(onAcme.version, undefined, 'a closed file of the workspace shows its disk copy');
        const onBase = await client.waitForDiagnosticsSince(base, from, hasConflict);
        assert.equal(onBase.version, 1);
        assertBaseConflict(onBase.diagnostics[0], acme, ACME_CONFLICT);
        assert.deepEqual(codes(await settled(client, base)), ['conflict/unsatisfiable']);
        assert.deepEqual(codes(await settled(client, acme)), ['conflict/unsatisfiable'], 'and keeps showing it');
      } finally {
        client.dispose();
        ws.cleanup();
      }
    });

    it('the base loses the conflict when acme is closed and its disk copy does not have it', async function () {
      const ws = tempWorkspace({ 'safety-slos.yaml': BASE, 'tenants/acme.safety-slos.yaml': ACME_CLEAN });
      const client = await LspClient.start({ workspaceFolders: [ws.folder] });
      try {
        const base = ws.uri('safety-slos.yaml');
        const acme = ws.uri('tenants/acme.safety-slos.yaml');
        await client.open(base, BASE);
        assert.deepEqual((await client.waitForVersion(base, 1)).diagnostics, []);
        await client.open(acme, ACME_CLEAN);
        let from = client.published.length;
        await append(client, acme, CAP_SLO);
        assertBaseConflict((await client.waitForDiagnosticsSince(base, from, hasConflict)).diagnostics[0], acme, ACME_CONFLICT);

        from = client.published.length;
        await client.close(acme);
        const onBase = await client.waitForDiagnosticsSince(base, from, noConflict, 3000);
        assert.equal(onBase.version, 1);
        assert.deepEqual(onBase.diagnostics, []);
        assert.deepEqual((await settled(client, base)).diagnostics, []);
      } finally {
        client.dispose();
        ws.cleanup();
      }
    });
  });

  describe('pull diagnostics with workspace/diagnostic/refresh', function () {
    let client: LspClient;
    let ws: ReturnType<typeof tempWorkspace>;
    let base: string;
    let acme: string;
    before(async function () {
      ws = tempWorkspace({});
      base = ws.uri('safety-slos.yaml');
      acme = ws.uri('tenants/acme.safety-slos.yaml');
      client = await LspClient.start({ pullDiagnostics: true, capabilities: { workspace: { diagnostics: { refreshSupport: true } } } });
      await client.open(base, BASE);
      await client.open(acme, ACME_CLEAN);
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('announces inter-file dependencies (an edit in one file changes the diagnostics of another)', function () {
      const provider = client.initializeResult.capabilities.diagnosticProvider;
      assert.ok(provider, 'a diagnosticProvider');
      assert.equal(provider.interFileDependencies, true);
    });

    it('a cross-file edit sends workspace/diagnostic/refresh, and re-pulling the base gives the conflict with a new resultId', async function () {
      const first = await client.pullDiagnostics(base);
      assert.equal(first.kind, 'full');
      assert.deepEqual(first.kind === 'full' && first.items, []);
      assert.ok(first.resultId, 'a resultId');
      assert.deepEqual(await client.pullDiagnostics(base, first.resultId), { kind: 'unchanged', resultId: first.resultId }, 'nothing changed yet');

      const from = client.requests.length;
      await append(client, acme, CAP_SLO);
      const refresh = await client.waitForRequest('workspace/diagnostic/refresh', from);
      assert.equal(refresh.params ?? null, null, 'refresh has no params');
      assert.deepEqual(client.published, [], 'nothing is pushed to a pull client');

      const second: DocumentDiagnosticReport = await client.pullDiagnostics(base, first.resultId);
      assert.equal(second.kind, 'full', 'the base changed: a full report');
      assert.ok(second.resultId && second.resultId !== first.resultId, `a new resultId (was ${first.resultId}, now ${second.resultId})`);
      assert.deepEqual(codes(second.kind === 'full' ? second.items : []), ['conflict/unsatisfiable']);
      assertBaseConflict(second.kind === 'full' ? second.items[0] : undefined, acme, ACME_CONFLICT);

      const onAcme = await client.pullDiagnostics(acme);
      assert.equal(onAcme.kind, 'full');
      assertCapConflict(onAcme.kind === 'full' ? onAcme.items[0] : undefined, ACME_CONFLICT, base);

      // Editing it away: another refresh, and the base's conflict is gone.
      const from2 = client.requests.length;
      await deleteLines(client, acme, 11, 18);
      await client.waitForRequest('workspace/diagnostic/refresh', from2);
      const third = await client.pullDiagnostics(base, second.resultId);
      assert.equal(third.kind, 'full');
      assert.deepEqual(third.kind === 'full' && third.items, []);
      assert.ok(third.resultId !== second.resultId);
    });

    it("re-pulling the base after acme's model changed gives no conflict", async function () {
      await append(client, acme, CAP_SLO);
      const before = await client.pullDiagnostics(base);
      assert.deepEqual(codes(before.kind === 'full' ? before.items : []), ['conflict/unsatisfiable']);
      const from = client.requests.length;
      await client.change(acme, [{ range: modelRange(client.text(acme)), text: 'support-assistant' }]);
      await client.waitForRequest('workspace/diagnostic/refresh', from);
      const after = await client.pullDiagnostics(base, before.resultId);
      assert.equal(after.kind, 'full');
      assert.deepEqual(after.kind === 'full' && after.items, []);
      await client.replaceAll(acme, ACME_CLEAN);
    });

    it('a pull client without refreshSupport is not sent refresh requests', async function () {
      const other = await LspClient.start({ pullDiagnostics: true });
      try {
        await other.open(base, BASE);
        await other.open(acme, ACME_CLEAN);
        await append(other, acme, CAP_SLO);
        const report = await other.pullDiagnostics(base);
        assert.deepEqual(codes(report.kind === 'full' ? report.items : []), ['conflict/unsatisfiable'], 'pulling still gives the cross-file conflict');
        await sleep(300);
        assert.deepEqual(other.requests.filter((r) => r.method === 'workspace/diagnostic/refresh'), []);
      } finally {
        other.dispose();
      }
    });
  });
});
