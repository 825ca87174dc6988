// The server's workspace index over real JSON-RPC: policy files on disk under the workspace folders
// count for conflicts even when they are not open, and stay current through
// workspace/didChangeWatchedFiles (Created / Changed / Deleted), which the server registers for.
import { strict as assert } from 'node:assert';
import { matchesGlob } from 'node:path';
import { ensureBuilt, lines, LspClient, rangeOf, sleep } from './lsp-client';
import { ACME_HEADER, BASE, CAP_SLO, codes, conflictsOf, tempWorkspace } from './model-fixtures';

const ERROR = 1;
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;


/** The base as changed on disk: two lines more at the top, and a target of ">= 0.85". */
const BASE_CHANGED = lines('# Changed on disk.', '# The SLO moved down two lines.') + BASE.replace('">= 0.90"', '">= 0.85"');

/** Acme's overrides (the open file): one SLO that no value can meet together with the base's. */
const ACME = ACME_HEADER + CAP_SLO;



describe('protocol: workspace index', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('a base policy on disk, not open, and the acme file open', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let base: string;
    let acme: string;
    before(async function () {
      ws = tempWorkspace({
        'safety-slos.yaml': BASE,
        'tenants/acme.safety-slos.yaml': ACME,
        // Skipped folders: a conflicting copy here must not count.
        'node_modules/pkg/safety-slos.yaml': BASE.replace('">= 0.90"', '">= 0.95"'),
      });
      base = ws.uri('safety-slos.yaml');
      acme = ws.uri('tenants/acme.safety-slos.yaml');
      client = await LspClient.start({ workspaceFolders: [ws.folder] });
      await client.open(acme, ACME);
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('reports the cross-file conflict in acme, related to the base file on disk', async function () {
      const p = await client.waitForVersion(acme, 1);
      assert.deepEqual(codes(p), ['conflict/unsatisfiable'], 'exactly one conflict: the base on disk (node_modules is not scanned)');
      const [d] = p.diagnostics;
      assert.equal(d!.severity, ERROR);
      assert.deepEqual(d!.range, rangeOf(ACME, 'acme_ood_recall_cap'));
      assert.match(d!.message, /^Unsatisfiable with "ood_recall_7d"/);
      assert.match(d!.message, /no value is both <= 0\.80 and >= 0\.90/);
      assert.deepEqual(d!.relatedInformation, [
        { location: { uri: base, range: rangeOf(BASE, 'ood_recall_7d') }, message: '"ood_recall_7d": >= 0.90 over 7d → degrade_to_safe_mode' },
      ]);
    });

    it('publishes the base file too, though it is not open: the conflict, without a version', async function () {
      const p = await client.waitForDiagnostics(base);
      assert.deepEqual(codes(p), ['conflict/unsatisfiable']);
      assert.equal(p.version, undefined);
    });

    it('logs how many policy files it found in the workspace', function () {
      assert.ok(
        client.logs.some((l) => /2 policy files in the workspace/.test(l.message)),
        `a log line with the count; got ${JSON.stringify(client.logs.map((l) => l.message))}`,
      );
    });

    it('Changed on disk: acme is re-published with the base as it is now', async function () {
      ws.write('safety-slos.yaml', BASE_CHANGED);
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: base, type: CHANGED }] });
      const p = await client.waitForDiagnosticsSince(acme, from, (q) => conflictsOf(q).some((d) => /0\.85/.test(d.message)));
      assert.equal(p.version, 1, 'for the open acme as it is (not edited)');
      assert.deepEqual(codes(p), ['conflict/unsatisfiable']);
      assert.match(p.diagnostics[0]!.message, /no value is both <= 0\.80 and >= 0\.85/);
      assert.deepEqual(p.diagnostics[0]!.relatedInformation?.[0]?.location, { uri: base, range: rangeOf(BASE_CHANGED, 'ood_recall_7d') });
      assert.equal(p.diagnostics[0]!.relatedInformation?.[0]?.location.range.start.line, 6, 'the base SLO moved down two lines');
      const onBase = await client.waitForDiagnosticsSince(base, from, (q) => conflictsOf(q).some((d) => /0\.85/.test(d.message)));
      assert.equal(onBase.version, undefined, 'the base, not open, is re-published as it is on disk');
    });

    it('Changed on disk so that the conflict is gone: acme loses it', async function () {
      ws.write('safety-slos.yaml', BASE.replace('">= 0.90"', '">= 0.70"'));
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: base, type: CHANGED }] });
      const p = await client.waitForDiagnosticsSince(acme, from, () => true);
      assert.deepEqual(p.diagnostics, []);
      // And back, for the next tests.
      ws.write('safety-slos.yaml', BASE);
      const from2 = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: base, type: CHANGED }] });
      assert.deepEqual(codes(await client.waitForDiagnosticsSince(acme, from2, () => true)), ['conflict/unsatisfiable']);
    });

    it('Deleted: the conflict disappears from acme', async function () {
      ws.remove('safety-slos.yaml');
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: base, type: DELETED }] });
      const p = await client.waitForDiagnosticsSince(acme, from, () => true);
      assert.deepEqual(p.diagnostics, [], `got ${JSON.stringify(codes(p))}`);
      await sleep(300);
      assert.deepEqual(client.diagnosticsFor(acme).at(-1)!.diagnostics, [], 'and stays gone');
    });

    it('Created: the conflict is back', async function () {
      ws.write('safety-slos.yaml', BASE);
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: base, type: CREATED }] });
      const p = await client.waitForDiagnosticsSince(acme, from, () => true);
      assert.deepEqual(codes(p), ['conflict/unsatisfiable']);
      assert.deepEqual(p.diagnostics[0]!.relatedInformation?.[0]?.location, { uri: base, range: rangeOf(BASE, 'ood_recall_7d') });
    });

    it('a new policy file Created elsewhere in the workspace joins the model', async function () {
      const globexPath = 'tenants/globex.safety-slos.yaml';
      // Another tenant, same model, and a copy of acme's SLO under another name, for all traffic.
      ws.write(globexPath, ACME.replace('acme_ood_recall_cap', 'global_recall_cap').replace('    scope: { tenant: acme }\n', ''));
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(globexPath), type: CREATED }] });
      const p = await client.waitForDiagnosticsSince(acme, from, () => true);
      assert.deepEqual(codes(p).sort(), ['conflict/redundant', 'conflict/unsatisfiable'], JSON.stringify(p.diagnostics.map((d) => d.message)));
      const redundant = p.diagnostics.find((d) => d.code === 'conflict/redundant')!;
      assert.equal(redundant.relatedInformation?.[0]?.location.uri, ws.uri(globexPath));
      // Deleting it again.
      ws.remove(globexPath);
      const from2 = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(globexPath), type: DELETED }] });
      assert.deepEqual(codes(await client.waitForDiagnosticsSince(acme, from2, () => true)), ['conflict/unsatisfiable']);
    });

    it('ignores watched-file events for files that are not policy files', async function () {
      ws.write('config/service.yaml', 'model: claims-triage\nslos: []\n');
      await sleep(300); // publishes still due from the previous test (files not open are published too)
      const before = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('config/service.yaml'), type: CREATED }] });
      await sleep(300);
      assert.deepEqual(client.published.slice(before), []);
      assert.ok(client.running);
      assert.deepEqual(client.loggedErrors(), []);
    });
  });

  describe('an open file and its copy on disk', function () {
    it('the open text wins over a Changed disk copy; once closed, the saved disk copy counts', async function () {
      const loose = ACME.replace('"<= 0.80"', '"<= 0.95"'); // meets ">= 0.90" between 0.90 and 0.95: no conflict
      const ws = tempWorkspace({ 'safety-slos.yaml': BASE, 'tenants/acme.safety-slos.yaml': loose });
      const client = await LspClient.start({ workspaceFolders: [ws.folder] });
      try {
        const base = ws.uri('safety-slos.yaml');
        const acme = ws.uri('tenants/acme.safety-slos.yaml');
        await client.open(base, BASE);
        assert.deepEqual((await client.waitForVersion(base, 1)).diagnostics, []);
        // Acme is opened with an unsaved edit that makes it conflict.
        const from = client.published.length;
        await client.open(acme, ACME);
        assert.deepEqual(codes(await client.waitForDiagnosticsSince(base, from, (p) => conflictsOf(p).length > 0)), ['conflict/unsatisfiable']);

        // Something else rewrites the disk copy (still loose): the open text keeps counting.
        ws.write('tenants/acme.safety-slos.yaml', loose.replace('# Acme', '# Rewritten: acme'));
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: acme, type: CHANGED }] });
        await sleep(300);
        assert.deepEqual(codes(client.diagnosticsFor(base).at(-1)!), ['conflict/unsatisfiable'], 'the open acme, not its disk copy, counts');

        // Saved (the editor writes the file, the watcher reports it), then closed: the disk copy counts.
        ws.write('tenants/acme.safety-slos.yaml', ACME);
        await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: acme, type: CHANGED }] });
        await client.close(acme);
        await sleep(300);
        const last = client.diagnosticsFor(base).at(-1)!;
        assert.deepEqual(codes(last), ['conflict/unsatisfiable'], 'the saved acme still conflicts with the base');
        assert.equal(last.diagnostics[0]!.relatedInformation?.[0]?.location.uri, acme);
        assert.deepEqual(codes(client.diagnosticsFor(acme).at(-1)!), ['conflict/unsatisfiable'], 'the closed acme shows its saved copy');
      } finally {
        client.dispose();
        ws.cleanup();
      }
    });
  });

  describe('URI spellings', function () {
    /** A file URI spelled as VS Code spells it (vscode-uri's URI.file): it also percent-encodes ! ' ( ) *. */
    const vscodeFileUri = (path: string) =>
      'file://' + path.split('/').map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');

    it('files open under another spelling of their URIs than the scan gives them are still one file each, not two', async function () {
      if (process.platform === 'win32') this.skip();
      const ws = tempWorkspace({ 'claims (prod)/safety-slos.yaml': BASE, 'claims (prod)/tenants/acme.safety-slos.yaml': ACME });
      const folder = vscodeFileUri(ws.path('claims (prod)'));
      assert.match(folder, /claims%20%28prod%29$/);
      const client = await LspClient.start({ workspaceFolders: [{ uri: folder, name: 'claims (prod)' }] });
      try {
        const base = vscodeFileUri(ws.path('claims (prod)/safety-slos.yaml'));
        const acme = vscodeFileUri(ws.path('claims (prod)/tenants/acme.safety-slos.yaml'));
        await client.open(base, BASE);
        await client.open(acme, ACME);
        await sleep(300);
        // Each file conflicts with the other exactly once: the disk copies, scanned under Node's
        // spelling (claims%20(prod)), are the same files as the open ones, not more SLOs.
        const onBase = client.diagnosticsFor(base).at(-1)!;
        const onAcme = client.diagnosticsFor(acme).at(-1)!;
        assert.deepEqual(codes(onBase), ['conflict/unsatisfiable'], JSON.stringify(onBase.diagnostics.map((d) => d.message)));
        assert.deepEqual(codes(onAcme), ['conflict/unsatisfiable'], JSON.stringify(onAcme.diagnostics.map((d) => d.message)));
        assert.deepEqual(onBase.diagnostics[0]!.relatedInformation?.map((r) => r.location.uri), [acme]);
        assert.deepEqual(onAcme.diagnostics[0]!.relatedInformation?.map((r) => r.location.uri), [base]);
      } finally {
        client.dispose();
        ws.cleanup();
      }
    });
  });

  describe('the workspace folder given as rootUri only (an older client)', function () {
    it('scans it the same way', async function () {
      const ws = tempWorkspace({ 'safety-slos.yaml': BASE, 'tenants/acme.safety-slos.yaml': ACME });
      const client = await LspClient.start({ rootUri: ws.folder.uri });
      try {
        const acme = ws.uri('tenants/acme.safety-slos.yaml');
        await client.open(acme, ACME);
        const p = await client.waitForVersion(acme, 1);
        assert.deepEqual(codes(p), ['conflict/unsatisfiable']);
        assert.equal(p.diagnostics[0]!.relatedInformation?.[0]?.location.uri, ws.uri('safety-slos.yaml'));
      } finally {
        client.dispose();
        ws.cleanup();
      }
    });
  });

  describe('file watching', function () {
    it('registers workspace/didChangeWatchedFiles dynamically when the client supports it, for all three policy file names', async function () {
      const client = await LspClient.start({ capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
      try {
        const request = await client.waitForRequest('client/registerCapability');
        const params = request.params as { registrations: { id: string; method: string; registerOptions?: { watchers: { globPattern: unknown; kind?: number }[] } }[] };
        assert.equal(params.registrations.length, 1, JSON.stringify(params));
        const [registration] = params.registrations;
        assert.equal(registration!.method, 'workspace/didChangeWatchedFiles');
        assert.equal(typeof registration!.id, 'string');
        const watchers = registration!.registerOptions?.watchers ?? [];
        assert.ok(watchers.length >= 1, 'at least one watcher');
        for (const w of watchers) {
          assert.equal(typeof w.globPattern, 'string', 'a plain glob (every client supports it)');
          assert.ok(w.kind === undefined || w.kind === 7, 'watches create, change and delete');
        }
        const watched = (path: string) => watchers.some((w) => matchesGlob(path, w.globPattern as string));
        for (const path of ['safety-slos.yaml', 'safety-slos.yml', 'acme.safety-slos.yaml', 'tenants/acme.safety-slos.yaml', 'a/b/c/safety-slos.yml']) {
          assert.ok(watched(path), `${path} is watched`);
        }
        for (const path of ['other.yaml', 'config/service.yaml', 'safety-slos.yaml.bak']) assert.ok(!watched(path), `${path} is not watched`);
        assert.equal(client.requests.filter((r) => r.method === 'client/registerCapability').length, 1, 'registered once');
      } finally {
        client.dispose();
      }
    });

    it('does not register anything when the client does not support dynamic registration', async function () {
      const client = await LspClient.start({ capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: false } } } });
      try {
        await sleep(300);
        assert.deepEqual(client.requests.filter((r) => r.method === 'client/registerCapability'), []);
      } finally {
        client.dispose();
      }
    });
  });
});
