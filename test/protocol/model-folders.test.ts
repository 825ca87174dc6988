// Model folders over real JSON-RPC: a policy, its model card and its deliberation note are checked together.
// Several files open and edited, files on disk deleted and created (watched files), a plain README left
// alone, fixes that create the missing file, and the same findings in a workspace pull.
import { strict as assert } from 'node:assert';
import { ensureBuilt, lines, LspClient, rangeOf, type PublishDiagnosticsParams } from './lsp-client';
import { CARD, NOTE, POLICY } from './folder-fixtures';
import { codes, tempWorkspace } from './model-fixtures';

const CREATED = 1;
const DELETED = 3;

const README = lines('# Tools', '', 'A plain project README: `ood_recal_7d` here is no SLO reference.', '', '## Never events', '', '- Whatever.');

describe('protocol: model folders (policy, model card, deliberation note)', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('pushed, with the policy and the card open', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    let policy: string;
    let card: string;
    let note: string;
    let readme: string;
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/MODEL_CARD.md': CARD, 'claims/deliberation-note.md': NOTE, 'README.md': README });
      [policy, card, note, readme] = ['claims/safety-slos.yaml', 'claims/MODEL_CARD.md', 'claims/deliberation-note.md', 'README.md'].map(ws.uri) as [string, string, string, string];
      client = await LspClient.start({
        workspaceFolders: [ws.folder],
        capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } } },
      });
      await client.open(policy, POLICY);
      await client.open(card, CARD, 'markdown');
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('reports the uncovered never event on the card item, once', async function () {
      const p = await client.waitForVersion(card, 1);
      assert.deepEqual(codes(p), ['model/never-event-coverage']);
      assert.equal(p.diagnostics[0]!.range.start.line, 15);
      assert.match(p.diagnostics[0]!.message, /NE-2/);
    });

    it('reports the unknown never-event id on the policy, on the id', async function () {
      const p = await client.waitForVersion(policy, 1);
      assert.deepEqual(codes(p), ['model/unknown-never-event']);
      assert.deepEqual(p.diagnostics[0]!.range, rangeOf(POLICY, 'NE-9'));
    });

    it('publishes the note, though it is not open: the SLO name that does not exist', async function () {
      const p = await client.waitForDiagnostics(note, (q) => q.diagnostics.length > 0);
      assert.deepEqual(codes(p), ['model/unknown-slo']);
      assert.deepEqual(p.diagnostics[0]!.range, rangeOf(NOTE, 'ood_recal_7d'));
      assert.match(p.diagnostics[0]!.message, /ood_recall_7d/, 'did you mean');
    });

    it('leaves a plain README alone, open or not', async function () {
      await client.open(readme, README, 'markdown');
      const p = await client.waitForVersion(readme, 1);
      assert.deepEqual(p.diagnostics, []);
      assert.ok(client.diagnosticsFor(readme).every((q) => q.diagnostics.length === 0));
      assert.equal(await client.hover(readme, { line: 2, character: 30 }), null);
    });

    it('an edit to the card updates the policy: listing NE-9 removes the unknown id', async function () {
      const from = client.published.length;
      const end = { line: 16, character: 0 };
      await client.change(card, [{ range: { start: end, end }, text: '- `NE-9` Never auto-close a fraud report.\n' }]);
      const p = await client.waitForDiagnosticsSince(policy, from, (q) => q.diagnostics.length === 0);
      assert.equal(p.version, 1, 'the policy as it is: only the card changed');
      const c = await client.waitForVersion(card, 2);
      assert.deepEqual(codes(c), ['model/never-event-coverage'], 'NE-9 is covered; NE-2 still is not');
    });

    it('an edit to the policy updates the card: covering NE-2 removes its finding', async function () {
      const from = client.published.length;
      await client.change(policy, [{ range: rangeOf(POLICY, '[NE-1, NE-9]'), text: '[NE-1, NE-2, NE-9]' }]);
      await client.waitForDiagnosticsSince(card, from, (q) => q.diagnostics.length === 0 && q.version === 2);
      const p = await client.waitForVersion(policy, 2);
      assert.deepEqual(p.diagnostics, []);
    });

    it('the note deleted on disk: the policy reports the missing note, and the note is cleared', async function () {
      const from = client.published.length;
      ws.remove('claims/deliberation-note.md');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: note, type: DELETED }] });
      const p = await client.waitForDiagnosticsSince(policy, from, (q) => q.diagnostics.length > 0);
      assert.deepEqual(codes(p), ['model/missing-note']);
      await client.waitForDiagnosticsSince(note, from, (q) => q.diagnostics.length === 0);
    });

    it('offers to create the note from its template, as a file-creating workspace edit', async function () {
      const missing = client.diagnosticsFor(policy).at(-1)!.diagnostics[0]!;
      const actions = await client.codeActions(policy, missing.range, [missing]);
      const create = actions.find((a) => a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'));
      assert.ok(create, `a create-file fix; got ${JSON.stringify(actions.map((a) => a.title))}`);
      const [op, insert] = create.edit!.documentChanges! as [{ kind: string; uri: string }, { textDocument: { uri: string }; edits: { newText: string }[] }];
      assert.deepEqual(op, { kind: 'create', uri: note });
      assert.equal(insert.textDocument.uri, note);
      assert.match(insert.edits[0]!.newText, /ood_recall_7d/, 'the template lists the policy\'s SLOs');
    });

    it('the note created again on disk: the missing-note finding goes', async function () {
      const from = client.published.length;
      ws.write('claims/deliberation-note.md', NOTE);
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: note, type: CREATED }] });
      const p = await client.waitForDiagnosticsSince(policy, from, (q: PublishDiagnosticsParams) => !codes(q).includes('model/missing-note'));
      assert.deepEqual(p.diagnostics, []);
      const n = await client.waitForDiagnosticsSince(note, from, (q) => q.diagnostics.length > 0);
      assert.deepEqual(codes(n), ['model/unknown-slo']);
    });

    it('logged no errors', function () {
      assert.deepEqual(client.loggedErrors(), []);
    });
  });

  describe('pulled: the workspace report', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/MODEL_CARD.md': CARD, 'claims/deliberation-notes/2026-11-02-ood.md': NOTE, 'claims/README.md': README });
      client = await LspClient.start({ pullDiagnostics: true, workspaceFolders: [ws.folder] });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('covers the policy, the card and the note of the notes folder, and not the README', async function () {
      const items = await client.workspaceDiagnostics();
      const byPath = new Map(items.map((i) => [i.uri.slice(ws.folder.uri.length + 1), i.kind === 'full' ? i.items.map((d) => String(d.code)) : undefined]));
      assert.deepEqual(Object.fromEntries(byPath), {
        'claims/safety-slos.yaml': ['model/unknown-never-event'],
        'claims/MODEL_CARD.md': ['model/never-event-coverage'],
        'claims/deliberation-notes/2026-11-02-ood.md': ['model/unknown-slo'],
      });
    });
  });
});
