// Workspace-wide diagnostics over real JSON-RPC: policy files that are not open get diagnostics too,
// pushed (publishDiagnostics without a version) or pulled (workspace/diagnostic with result ids);
// changes on disk reach them through watched-file events; the initial scan reports work-done progress.
import { strict as assert } from 'node:assert';
import { ensureBuilt, LspClient, sleep, type WorkDoneProgressValue, type WorkspaceDocumentReport } from './lsp-client';
import { ACME_HEADER, BASE, CAP_SLO, codes, tempWorkspace } from './model-fixtures';
import { CLEAN, DEFECTS } from './policies';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;
const DEFECT_CODES = ['slo/target-syntax', 'schema/unknown-key', 'never-event/action-severity', 'slo/duplicate-name'];

/** The acme tenant's file: it conflicts with the base policy (same model). */
const ACME = ACME_HEADER + CAP_SLO;

describe('protocol: workspace-wide diagnostics', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('a push client, nothing open', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    before(async function () {
      ws = tempWorkspace({
        'defects/safety-slos.yaml': DEFECTS,
        'clean/safety-slos.yaml': CLEAN,
        'safety-slos.yaml': BASE,
        'tenants/acme.safety-slos.yaml': ACME,
        'notes.yaml': DEFECTS,
      });
      client = await LspClient.start({ workspaceFolders: [ws.folder] });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('publishes the findings of every policy file on disk, without a version', async function () {
      const defects = await client.waitForDiagnostics(ws.uri('defects/safety-slos.yaml'));
      assert.deepEqual(codes(defects), DEFECT_CODES);
      assert.equal(defects.version, undefined, 'not an open document: no version');
      assert.deepEqual((await client.waitForDiagnostics(ws.uri('clean/safety-slos.yaml'))).diagnostics, [], 'an empty list for a clean file');
    });

    it('publishes conflicts between two files neither of which is open', async function () {
      assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('safety-slos.yaml'))), ['conflict/unsatisfiable']);
      assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('tenants/acme.safety-slos.yaml'))), ['conflict/unsatisfiable']);
    });

    it('publishes nothing for files that are not policy files', async function () {
      await sleep(200);
      assert.deepEqual(client.diagnosticsFor(ws.uri('notes.yaml')), []);
    });

    it('a file Created on disk gets its diagnostics; Changed updates them; Deleted clears them', async function () {
      const path = 'created/safety-slos.yaml';
      const uri = ws.uri(path);
      ws.write(path, DEFECTS);
      let from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: CREATED }] });
      assert.deepEqual(codes(await client.waitForDiagnosticsSince(uri, from)), DEFECT_CODES);

      ws.write(path, CLEAN);
      from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: CHANGED }] });
      assert.deepEqual((await client.waitForDiagnosticsSince(uri, from)).diagnostics, []);

      ws.write(path, DEFECTS);
      from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: CHANGED }] });
      assert.deepEqual(codes(await client.waitForDiagnosticsSince(uri, from)), DEFECT_CODES);

      ws.remove(path);
      from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: DELETED }] });
      assert.deepEqual((await client.waitForDiagnosticsSince(uri, from)).diagnostics, [], 'a deleted file gets an empty publish');
    });

    it('a change on disk re-publishes the other files of its model, none of them open', async function () {
      const base = ws.uri('safety-slos.yaml');
      const acme = ws.uri('tenants/acme.safety-slos.yaml');
      ws.write('safety-slos.yaml', BASE.replace('">= 0.90"', '">= 0.70"'));
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: base, type: CHANGED }] });
      assert.deepEqual((await client.waitForDiagnosticsSince(acme, from)).diagnostics, [], 'the conflict is gone from acme');
      assert.deepEqual((await client.waitForDiagnosticsSince(base, from)).diagnostics, []);
    });

    it('a file of the workspace, opened then closed, shows its disk copy again', async function () {
      const uri = ws.uri('defects/safety-slos.yaml');
      await client.open(uri, CLEAN);
      assert.deepEqual((await client.waitForVersion(uri, 1)).diagnostics, [], 'the open text counts');
      const from = client.published.length;
      await client.close(uri);
      const after = await client.waitForDiagnosticsSince(uri, from);
      assert.deepEqual(codes(after), DEFECT_CODES, 'back to the file on disk');
      assert.equal(after.version, undefined);
    });
  });

  describe('a pull client', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    before(async function () {
      ws = tempWorkspace({ 'defects/safety-slos.yaml': DEFECTS, 'clean/safety-slos.yaml': CLEAN, 'notes.yaml': DEFECTS });
      client = await LspClient.start({ pullDiagnostics: true, workspaceFolders: [ws.folder], capabilities: { workspace: { diagnostics: { refreshSupport: true } } } });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    const byUri = (items: WorkspaceDocumentReport[]) => new Map(items.map((i) => [i.uri, i]));

    it('advertises workspace diagnostics', function () {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider?.workspaceDiagnostics, true);
    });

    it('answers workspace/diagnostic with a full report per policy file, then "unchanged" for the result ids it gave', async function () {
      const first = byUri(await client.workspaceDiagnostics());
      assert.deepEqual([...first.keys()].sort(), [ws.uri('clean/safety-slos.yaml'), ws.uri('defects/safety-slos.yaml')]);
      const defects = first.get(ws.uri('defects/safety-slos.yaml'))!;
      assert.equal(defects.kind, 'full');
      assert.deepEqual(defects.kind === 'full' && defects.items.map((d) => d.code), DEFECT_CODES);
      assert.equal(defects.version, null, 'not open');
      assert.ok(defects.resultId);

      const second = await client.workspaceDiagnostics([...first.values()].map((r) => ({ uri: r.uri, value: r.resultId! })));
      assert.deepEqual(
        second.map((r) => r.kind),
        ['unchanged', 'unchanged'],
      );
      assert.deepEqual(second.map((r) => r.resultId).sort(), [...first.values()].map((r) => r.resultId).sort());
      assert.deepEqual(client.published, [], 'nothing is pushed to a pull client');
    });

    it('a change on disk asks for a refresh; the changed file is reported in full, the other unchanged', async function () {
      const previous = (await client.workspaceDiagnostics()).map((r) => ({ uri: r.uri, value: r.resultId! }));
      const uri = ws.uri('defects/safety-slos.yaml');
      ws.write('defects/safety-slos.yaml', CLEAN);
      const from = client.requests.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: CHANGED }] });
      await client.waitForRequest('workspace/diagnostic/refresh', from);
      const after = byUri(await client.workspaceDiagnostics(previous));
      assert.deepEqual(after.get(uri), { kind: 'full', uri, version: null, resultId: after.get(uri)!.resultId, items: [] });
      assert.equal(after.get(ws.uri('clean/safety-slos.yaml'))!.kind, 'unchanged');
    });

    it('a deleted file is reported empty once, then no more', async function () {
      const uri = ws.uri('clean/safety-slos.yaml');
      ws.remove('clean/safety-slos.yaml');
      const from = client.requests.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri, type: DELETED }] });
      await client.waitForRequest('workspace/diagnostic/refresh', from);
      const once = byUri(await client.workspaceDiagnostics());
      assert.deepEqual(once.get(uri), { kind: 'full', uri, version: null, items: [] });
      assert.ok(!byUri(await client.workspaceDiagnostics()).has(uri));
    });

    it('an open document is reported with its version, and its text counts', async function () {
      const uri = ws.uri('defects/safety-slos.yaml');
      await client.open(uri, DEFECTS, 'yaml', 3);
      const report = byUri(await client.workspaceDiagnostics()).get(uri)!;
      assert.equal(report.version, 3);
      assert.deepEqual(report.kind === 'full' && report.items.map((d) => d.code), DEFECT_CODES);
      const pulled = await client.pullDiagnostics(uri);
      assert.deepEqual(pulled.kind === 'full' && pulled.resultId, report.resultId, 'document and workspace pulls agree');
    });
  });

  describe('progress of the initial scan', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    before(function () {
      const files: Record<string, string> = {};
      for (let i = 0; i < 120; i++) files[`team-${i}/safety-slos.yaml`] = CLEAN;
      ws = tempWorkspace(files);
    });
    after(() => ws?.cleanup());

    it('reports work-done progress: begin, reports with counts and percentages, end with the total', async function () {
      const client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: { window: { workDoneProgress: true } } });
      try {
        const create = await client.waitForRequest('window/workDoneProgress/create');
        const { token } = create.params as { token: string | number };
        const ended = () => client.progress.some((p) => p.token === token && p.value.kind === 'end');
        // The scan runs in chunks: a request sent once it has begun is answered before it ends.
        await client.waitFor(() => client.progress.find((p) => p.token === token), 5000, () => 'the begin of the progress');
        await client.request('textDocument/hover', { textDocument: { uri: ws.uri('team-0/safety-slos.yaml') }, position: { line: 0, character: 0 } });
        assert.ok(!ended(), 'a request sent during the scan was answered before the scan ended');
        const values = await client.waitFor(
          () => {
            const mine = client.progress.filter((p) => p.token === token).map((p) => p.value);
            return mine.at(-1)?.kind === 'end' ? mine : undefined;
          },
          10_000,
          () => `the end of progress ${token}; got ${JSON.stringify(client.progress)}`,
        );
        const [begin, ...rest] = values;
        const end = rest.pop() as Extract<WorkDoneProgressValue, { kind: 'end' }>;
        assert.deepEqual(begin, { kind: 'begin', title: 'Safety Specs: indexing policy files, model cards and notes', percentage: 0, cancellable: false });
        assert.ok(rest.length >= 2, `several reports for 120 files, got ${rest.length}`);
        let last = -1;
        for (const report of rest) {
          assert.equal(report.kind, 'report');
          const r = report as Extract<WorkDoneProgressValue, { kind: 'report' }>;
          assert.match(r.message ?? '', /^\d+\/120 files$/);
          assert.ok(r.percentage! >= last && r.percentage! <= 100, `percentages rise: ${JSON.stringify(rest)}`);
          last = r.percentage!;
        }
        assert.equal(last, 100);
        assert.match(end.message ?? '', /\b120 policy files\b/);
        await client.waitFor(() => client.logs.find((l) => /120 policy files in the workspace/.test(l.message)), 5000, () => 'the log line with the count');
      } finally {
        client.dispose();
      }
    });

    it('sends no progress to a client that does not support it', async function () {
      const client = await LspClient.start({ workspaceFolders: [ws.folder] });
      try {
        await client.waitForDiagnostics(ws.uri('team-119/safety-slos.yaml'), () => true, 10_000);
        assert.deepEqual(client.requests.filter((r) => r.method === 'window/workDoneProgress/create'), []);
        assert.deepEqual(client.progress, []);
      } finally {
        client.dispose();
      }
    });
  });
});
