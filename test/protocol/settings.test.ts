// The editor's safetySpecs.* settings over real JSON-RPC: pulled with workspace/configuration at start
// and on didChangeConfiguration; rule levels below the project's config files; a baseline written by
// the CLI; each invalid entry shown once with window/showMessage; untrusted workspaces.
import { MODEL_FOLDER_RULES_OFF } from '../fixtures/model-folder-rules';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI_JS, ensureBuilt, lines, LspClient, sleep, type PublishDiagnosticsParams } from './lsp-client';
import { codes, tempWorkspace } from './model-fixtures';
import { DEFECTS } from './policies';

const ERROR = 1;
const WARNING = 2;
const INFORMATION = 3;
const HINT = 4;
const CHANGED = 2;
const DEFECT_CODES = ['slo/target-syntax', 'schema/unknown-key', 'never-event/action-severity', 'slo/duplicate-name'];

/** DEFECTS and one more: an unknown window (`slo/window-syntax`) on the first SLO. */
const MORE_DEFECTS = DEFECTS.replace('    window: 7d\n', '    window: 7 days\n');

const levels = (p: PublishDiagnosticsParams) => Object.fromEntries(p.diagnostics.map((d) => [d.code, d.severity]));
const warnings = (client: LspClient) => client.shownMessages().filter((m) => m.type === WARNING).map((m) => m.message);

describe('protocol: settings', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('safetySpecs.rules', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let uri: string;
    before(async function () {
      ws = tempWorkspace({ '.safety-specs.yaml': lines('rules:', '  slo/target-syntax: error'), 'safety-slos.yaml': DEFECTS });
      uri = ws.uri('safety-slos.yaml');
      client = await LspClient.start({
        workspaceFolders: [ws.folder],
        settings: { rules: { 'slo/target-syntax': 'info', 'slo/duplicate-name': 'warning' } },
        capabilities: { workspace: { didChangeConfiguration: { dynamicRegistration: true } } },
      });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('asks for the safetySpecs section with workspace/configuration', async function () {
      const request = await client.waitForRequest('workspace/configuration');
      assert.deepEqual(request.params, { items: [{ section: 'safetySpecs' }] });
    });

    it('registers for configuration changes when the client supports it', async function () {
      await client.waitFor(
        () => client.requests.find((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('workspace/didChangeConfiguration')),
        5000,
        () => 'a didChangeConfiguration registration',
      );
    });

    it('applies below the config files: the config wins where both set a rule', async function () {
      const p = await client.waitForDiagnostics(uri);
      assert.deepEqual(levels(p), { 'slo/target-syntax': ERROR, 'schema/unknown-key': ERROR, 'never-event/action-severity': ERROR, 'slo/duplicate-name': WARNING });
    });

    it('a change is pulled again and re-reports every file', async function () {
      const from = client.published.length;
      const requests = client.requests.length;
      await client.changeSettings({ rules: { 'slo/duplicate-name': 'off', 'schema/unknown-key': 'info' } });
      await client.waitForRequest('workspace/configuration', requests);
      const p = await client.waitForDiagnosticsSince(uri, from);
      assert.deepEqual(levels(p), { 'slo/target-syntax': ERROR, 'schema/unknown-key': INFORMATION, 'never-event/action-severity': ERROR });
      assert.deepEqual(warnings(client), []);
    });
  });

  describe('invalid settings', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    const bad = {
      rules: { 'slo/duplicate-nam': 'warning', 'slo/target-syntax': 'fatal', 'never-event/action-severity': 'off', 'slo/duplicate-name': 'warning' },
      configPath: 'missing/.safety-specs.yaml',
      baseline: 'missing-baseline.json',
      baselineSeverity: 'loud',
    };
    before(async function () {
      ws = tempWorkspace({ 'safety-slos.yaml': DEFECTS });
      client = await LspClient.start({ workspaceFolders: [ws.folder], settings: bad });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('shows each problem once as a warning, and logs it; the valid entries still apply', async function () {
      const p = await client.waitForDiagnostics(ws.uri('safety-slos.yaml'));
      assert.deepEqual(levels(p), { 'slo/target-syntax': ERROR, 'schema/unknown-key': ERROR, 'never-event/action-severity': ERROR, 'slo/duplicate-name': WARNING });
      const shown = warnings(client);
      const expected = [
        /unknown rule "slo\/duplicate-nam" \(did you mean "slo\/duplicate-name"\?\)/,
        /"slo\/target-syntax" must be one of error, warning, info, off, not "fatal"/,
        /"never-event\/action-severity" guards never events/,
        /configPath .*missing\/\.safety-specs\.yaml: no such file/,
        /baseline .*missing-baseline\.json: no such file/,
        /baselineSeverity must be one of hint, information, unchanged, hide, not "loud"/,
      ];
      assert.equal(shown.length, expected.length, JSON.stringify(shown));
      for (const pattern of expected) {
        assert.equal(shown.filter((m) => pattern.test(m)).length, 1, `${pattern} once in ${JSON.stringify(shown)}`);
        assert.ok(client.logs.some((l) => l.type === WARNING && pattern.test(l.message)), `${pattern} logged`);
      }
    });

    it('the same settings again show nothing new; a problem fixed and made again is shown again', async function () {
      const requests = client.requests.length;
      await client.changeSettings(bad);
      await client.waitForRequest('workspace/configuration', requests);
      await sleep(200);
      assert.equal(warnings(client).length, 6);
      await client.changeSettings({ ...bad, baselineSeverity: 'hint' });
      await sleep(200);
      assert.equal(warnings(client).length, 6, 'fixing one shows nothing');
      await client.changeSettings(bad);
      await client.waitFor(() => (warnings(client).length === 7 ? true : undefined), 5000, () => `a seventh warning; got ${JSON.stringify(warnings(client))}`);
      assert.match(warnings(client).at(-1)!, /baselineSeverity/);
    });
  });

  describe('safetySpecs.baseline', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let uri: string;
    let baseline: string;
    before(async function () {
      ws = tempWorkspace({ 'policies/safety-slos.yaml': DEFECTS });
      // Recorded by the CLI, as CI would, from the workspace folder; then one more defect is made.
      const cli = spawnSync(process.execPath, [CLI_JS, 'check', '--baseline', '.safety-baseline.json', '--update-baseline'], { cwd: ws.root, encoding: 'utf8' });
      assert.equal(cli.status, 0, cli.stderr);
      ws.write('policies/safety-slos.yaml', MORE_DEFECTS);
      uri = ws.uri('policies/safety-slos.yaml');
      baseline = ws.uri('.safety-baseline.json');
      client = await LspClient.start({
        workspaceFolders: [ws.folder],
        settings: { baseline: '.safety-baseline.json' },
        capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } },
      });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('shows the findings the baseline records as hints, "(in baseline)"; new ones as they are', async function () {
      const p = await client.waitForDiagnostics(uri);
      assert.deepEqual(codes(p).sort(), [...DEFECT_CODES, 'slo/window-syntax'].sort());
      for (const d of p.diagnostics) {
        if (d.code === 'slo/window-syntax') {
          assert.equal(d.severity, ERROR);
          assert.doesNotMatch(d.message, /in baseline/);
        } else {
          assert.equal(d.severity, HINT, `${d.code} is baselined`);
          assert.match(d.message, / \(in baseline\)$/);
        }
      }
    });

    it('watches the baseline file', async function () {
      const registration = await client.waitFor(
        () => client.requests.find((r) => r.method === 'client/registerCapability' && JSON.stringify(r.params).includes('.safety-baseline.json')),
        5000,
        () => 'a watcher for the baseline',
      );
      const watchers = (registration.params as { registrations: { registerOptions: { watchers: { globPattern: unknown }[] } }[] }).registrations[0]!.registerOptions.watchers;
      assert.deepEqual(watchers, [{ globPattern: { baseUri: pathToFileURL(ws.root).href, pattern: '.safety-baseline.json' } }]);
    });

    for (const [severity, expected] of [
      ['information', INFORMATION],
      ['unchanged', ERROR],
    ] as const) {
      it(`baselineSeverity "${severity}"`, async function () {
        const from = client.published.length;
        await client.changeSettings({ baseline: '.safety-baseline.json', baselineSeverity: severity });
        const p = await client.waitForDiagnosticsSince(uri, from);
        const known = p.diagnostics.filter((d) => d.code !== 'slo/window-syntax');
        assert.equal(known.length, 4);
        for (const d of known) {
          assert.equal(d.severity, expected);
          assert.match(d.message, / \(in baseline\)$/);
        }
      });
    }

    it('baselineSeverity "hide" shows only the new finding', async function () {
      const from = client.published.length;
      await client.changeSettings({ baseline: '.safety-baseline.json', baselineSeverity: 'hide' });
      assert.deepEqual(codes(await client.waitForDiagnosticsSince(uri, from)), ['slo/window-syntax']);
    });

    it('the baseline Changed on disk is read again', async function () {
      ws.write('.safety-baseline.json', JSON.stringify({ version: 1, findings: [] }));
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: baseline, type: CHANGED }] });
      const p = await client.waitForDiagnosticsSince(uri, from);
      assert.deepEqual(codes(p).sort(), [...DEFECT_CODES, 'slo/window-syntax'].sort());
      assert.ok(p.diagnostics.every((d) => d.severity === ERROR && !/in baseline/.test(d.message)));
    });
  });

  describe('an untrusted workspace', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let outside: string;
    before(function () {
      ws = tempWorkspace({ 'safety-slos.yaml': DEFECTS });
      outside = mkdtempSync(join(tmpdir(), 'safety-specs-outside-'));
      writeFileSync(join(outside, '.safety-specs.yaml'), lines('rules:', '  slo/target-syntax: off') + MODEL_FOLDER_RULES_OFF);
    });
    after(() => {
      ws?.cleanup();
      rmSync(outside, { recursive: true, force: true });
    });

    const start = (trusted: boolean) =>
      LspClient.start({ workspaceFolders: [ws.folder], initializationOptions: { trusted }, settings: { configPath: join(outside, '.safety-specs.yaml') } });

    it('ignores a configPath outside the workspace folders, with a warning', async function () {
      const client = await start(false);
      try {
        assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('safety-slos.yaml'))), DEFECT_CODES, 'the outside config does not apply');
        const shown = warnings(client);
        assert.equal(shown.length, 1, JSON.stringify(shown));
        assert.match(shown[0]!, /configPath .* is outside the workspace folders, which an untrusted workspace may not read; ignored/);
      } finally {
        client.dispose();
      }
    });

    it('uses it when the workspace is trusted', async function () {
      const client = await start(true);
      try {
        assert.deepEqual(codes(await client.waitForDiagnostics(ws.uri('safety-slos.yaml'))), ['schema/unknown-key', 'never-event/action-severity', 'slo/duplicate-name']);
        assert.deepEqual(warnings(client), []);
      } finally {
        client.dispose();
      }
    });
  });
});
