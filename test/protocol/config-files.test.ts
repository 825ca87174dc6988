// Config files (.safety-specs.yaml) over real JSON-RPC: every policy file is reported with the levels
// of its config chain (nearest config wins), files a config ignores get nothing, config files are
// validated and get hover and completion, and a change to one re-reports every file. Also inline
// suppressions, which the same settling applies.
import { WITHOUT_MODEL_FOLDER_RULES } from '../fixtures/model-folder-rules';
import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ensureBuilt, lines, LspClient, positionOf, rangeOf, type Diagnostic, type PublishDiagnosticsParams } from './lsp-client';
import { codes, tempWorkspace } from './model-fixtures';
import { DEFECTS } from './policies';

const ERROR = 1;
const WARNING = 2;
const CHANGED = 2;
const DELETED = 3;
const CREATED = 1;

/** The levels a file's diagnostics have, by rule. */
const levels = (p: PublishDiagnosticsParams) => Object.fromEntries(p.diagnostics.map((d) => [d.code, d.severity]));

const ROOT_CONFIG = lines(
  'rules:', //                                     0
  '  slo/duplicate-name: warning', //              1
  '  slo/no-such-rule: off', //                    2
  'ignore:', //                                    3
  '  - legacy/**', //                              4
);

const NESTED_CONFIG = lines(
  'rules:', //
  '  slo/target-syntax: warning', //
  '  slo/duplicate-name: off', //
);

describe('protocol: config files', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  let ws: ReturnType<typeof tempWorkspace>;
  let client: LspClient;
  let top: string;
  let nested: string;
  before(async function () {
    ws = tempWorkspace({
      '.safety-specs.yaml': ROOT_CONFIG,
      'safety-slos.yaml': DEFECTS,
      'team/.safety-specs.yaml': NESTED_CONFIG,
      'team/safety-slos.yaml': DEFECTS,
      'legacy/safety-slos.yaml': DEFECTS,
    });
    top = ws.uri('safety-slos.yaml');
    nested = ws.uri('team/safety-slos.yaml');
    client = await LspClient.start({ workspaceFolders: [ws.folder], capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } } });
  });
  after(() => {
    client?.dispose();
    ws?.cleanup();
  });

  it('watches config files as well as policy files', async function () {
    const request = await client.waitForRequest('client/registerCapability');
    const [registration] = (request.params as { registrations: { registerOptions: { watchers: { globPattern: string }[] } }[] }).registrations;
    assert.ok(registration!.registerOptions.watchers.some((w) => w.globPattern === '**/.safety-specs.yaml'), JSON.stringify(registration));
  });

  it('a config turns a rule to warning for the files below it; never-event rules stay errors', async function () {
    const p = await client.waitForDiagnostics(top);
    assert.deepEqual(levels(p), { 'slo/target-syntax': ERROR, 'schema/unknown-key': ERROR, 'never-event/action-severity': ERROR, 'slo/duplicate-name': WARNING });
  });

  it('the nearest config wins: the nested one turns that rule off and another to warning', async function () {
    const p = await client.waitForDiagnostics(nested);
    assert.deepEqual(levels(p), { 'slo/target-syntax': WARNING, 'schema/unknown-key': ERROR, 'never-event/action-severity': ERROR });
  });

  it('a file under an ignore glob gets no diagnostics', async function () {
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('legacy/safety-slos.yaml'))).diagnostics, []);
  });

  it("a config file's own problems are its diagnostics (an unknown rule)", async function () {
    const p = await client.waitForDiagnostics(ws.uri('.safety-specs.yaml'));
    assert.deepEqual(codes(p), ['config/unknown-rule']);
    const [d] = p.diagnostics as [Diagnostic];
    assert.equal(d.severity, ERROR);
    assert.deepEqual(d.range, rangeOf(ROOT_CONFIG, 'slo/no-such-rule'));
    assert.match(d.message, /slo\/no-such-rule/);
    assert.deepEqual((await client.waitForDiagnostics(ws.uri('team/.safety-specs.yaml'))).diagnostics, [], 'the nested config is fine');
  });

  it('an open config offers its quick fix: the did-you-mean rename of an unknown rule id', async function () {
    const uri = ws.uri('team/typo/.safety-specs.yaml');
    const text = lines('rules:', '  slo/target-sytnax: warning');
    await client.open(uri, text);
    const [d] = (await client.waitForDiagnostics(uri)).diagnostics as [Diagnostic];
    assert.equal(d.code, 'config/unknown-rule');
    const fix = (await client.codeActions(uri, d.range, [d])).find((a) => a.isPreferred);
    assert.ok(fix, 'a preferred fix');
    assert.deepEqual(fix.edit?.changes?.[uri], [{ range: rangeOf(text, 'slo/target-sytnax'), newText: 'slo/target-syntax' }]);
    await client.close(uri);
  });

  it('a config Changed on disk re-reports every file under it', async function () {
    ws.write('.safety-specs.yaml', ROOT_CONFIG.replace('slo/duplicate-name: warning', 'schema/unknown-key: off'));
    const from = client.published.length;
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri('.safety-specs.yaml'), type: CHANGED }] });
    assert.deepEqual(levels(await client.waitForDiagnosticsSince(top, from)), { 'slo/target-syntax': ERROR, 'never-event/action-severity': ERROR, 'slo/duplicate-name': ERROR });
    assert.deepEqual(
      levels(await client.waitForDiagnosticsSince(nested, from)),
      { 'slo/target-syntax': WARNING, 'never-event/action-severity': ERROR },
      'the nested file takes the root config too, below its own',
    );
  });

  it('a nested config Deleted: its files fall back to the config above; Created: it applies again', async function () {
    const path = 'team/.safety-specs.yaml';
    ws.remove(path);
    let from = client.published.length;
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(path), type: DELETED }] });
    assert.deepEqual(levels(await client.waitForDiagnosticsSince(nested, from)), { 'slo/target-syntax': ERROR, 'never-event/action-severity': ERROR, 'slo/duplicate-name': ERROR });
    ws.write(path, NESTED_CONFIG);
    from = client.published.length;
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(path), type: CREATED }] });
    assert.deepEqual(levels(await client.waitForDiagnosticsSince(nested, from)), { 'slo/target-syntax': WARNING, 'never-event/action-severity': ERROR });
  });

  it('editing an open config re-reports at once, before it is saved', async function () {
    const uri = ws.uri('team/.safety-specs.yaml');
    await client.open(uri, NESTED_CONFIG);
    const from = client.published.length;
    await client.replaceAll(uri, lines('rules:', '  slo/target-syntax: off', '  slo/duplicate-name: off', '  never-event/action-severity: off'));
    assert.deepEqual(levels(await client.waitForDiagnosticsSince(nested, from, (p) => !('slo/target-syntax' in levels(p)))), { 'never-event/action-severity': ERROR });
    const own = await client.waitForDiagnosticsSince(uri, from, (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(own), ['config/never-event-downgrade'], 'a never-event rule cannot be turned off');
    assert.equal(own.version, client.version(uri));
    await client.close(uri);
  });

  it('hover on a rule id in a config file describes the rule; completion under rules: offers rule ids', async function () {
    const uri = ws.uri('.safety-specs.yaml');
    const text = ROOT_CONFIG;
    await client.open(uri, text);
    const hover = await client.hover(uri, positionOf(text, 'slo/duplicate-name', 0, 3));
    assert.ok(hover, 'a hover');
    assert.match(JSON.stringify(hover.contents), /slo\/duplicate-name/);
    const edited = text.replace('  slo/no-such-rule: off\n', '  slo/no-such-rule: off\n  \n');
    await client.replaceAll(uri, edited);
    const items = await client.completion(uri, { line: 3, character: 2 });
    assert.ok(items.some((i) => i.label === 'slo/target-syntax'), JSON.stringify(items.map((i) => i.label)));
    assert.ok(!items.some((i) => i.label === 'slo/duplicate-name'), 'not a rule already set');
    await client.close(uri);
  });

  describe('suppressions', function () {
    it('a suppression comment with a reason removes the finding it names', async function () {
      const path = 'suppressed/safety-slos.yaml';
      const text = DEFECTS.replace('  - name: ood_recall_7d\n    objective: "Catch', '  # safety-specs-ignore slo/duplicate-name: a second SLO of that name, agreed with the board\n  - name: ood_recall_7d\n    objective: "Catch');
      assert.notEqual(text, DEFECTS);
      ws.write('suppressed/.safety-specs.yaml', WITHOUT_MODEL_FOLDER_RULES); // root: true: the configs above do not apply
      ws.write(path, text);
      const from = client.published.length;
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: ws.uri(path), type: CREATED }] });
      const p = await client.waitForDiagnosticsSince(ws.uri(path), from);
      assert.deepEqual(codes(p), ['slo/target-syntax', 'schema/unknown-key', 'never-event/action-severity']);
    });

    it('a suppression that silences nothing is reported, with a quick fix that deletes its line', async function () {
      const uri = ws.uri('suppressed/unused/safety-slos.yaml');
      const comment = '  # safety-specs-ignore slo/ratio-bounds: nothing here to waive\n';
      const text = DEFECTS.replace('  - name: ood_recall_7d\n    objective: "Catch', `${comment}  - name: ood_recall_7d\n    objective: "Catch`);
      await client.open(uri, text);
      const d = (await client.waitForDiagnostics(uri)).diagnostics.find((x) => x.code === 'suppression/unused');
      assert.ok(d, 'suppression/unused is reported');
      const fix = (await client.codeActions(uri, d.range, [d])).find((a) => /Remove/.test(a.title));
      assert.ok(fix, 'a fix removes the suppression');
      const edits = fix.edit!.changes![uri]!;
      assert.equal(TextDocument.applyEdits(TextDocument.create(uri, 'yaml', 1, text), edits), DEFECTS);
      await client.close(uri);
    });
  });
});
