// Model folders over real JSON-RPC: a policy, its model card and its deliberation note are checked together.
// Several files open and edited, files on disk deleted and created (watched files), a plain README left
// alone, fixes that create the missing file, and the same findings in a workspace pull.
import { strict as assert } from 'node:assert';
import { applyEdits, ensureBuilt, lines, LspClient, rangeOf, type PublishDiagnosticsParams } from './lsp-client';
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
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/MODEL_CARD.md': CARD, 'claims/deliberation-note.md': NOTE, 'README.md': README }, { modelFolders: true });
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

    it('go to definition: from an SLO name in the card to the SLO in the policy', async function () {
      const at = rangeOf(CARD, 'ood_recall_7d').start;
      const locations = await client.request<{ uri: string; range: unknown }[]>('textDocument/definition', { textDocument: { uri: card }, position: at });
      assert.deepEqual(locations, [{ uri: policy, range: rangeOf(POLICY, 'ood_recall_7d') }]);
    });

    it('find references: a never-event id in the policy and in the card', async function () {
      const at = rangeOf(POLICY, 'NE-1').start;
      const locations = await client.request<{ uri: string; range: { start: { line: number } } }[]>('textDocument/references', {
        textDocument: { uri: policy },
        position: at,
        context: { includeDeclaration: true },
      });
      assert.deepEqual(locations.map((l) => [l.uri, l.range.start.line]).sort(), [[card, 14], [policy, 15]].sort());
    });

    it('hover over an SLO name in the card shows the SLO as the policy says it', async function () {
      const h = await client.hover(card, rangeOf(CARD, 'ood_recall_7d').start);
      const text = JSON.stringify(h?.contents);
      assert.match(text, />= 0\.90/);
      assert.match(text, /degrade_to_safe_mode/);
    });

    it('document symbols and links of the card', async function () {
      const symbols = (await client.documentSymbols(card)) as { name: string; children?: { name: string }[] }[];
      assert.equal(symbols[0]!.name, 'Claims triage model card');
      const names = JSON.stringify(symbols);
      assert.match(names, /"NE-1"/);
      const links = await client.request<{ target?: string }[]>('textDocument/documentLink', { textDocument: { uri: card } });
      assert.ok(links.some((l) => l.target?.startsWith(`${policy}#L6`)), `a link from the proxy to its SLO; got ${JSON.stringify(links)}`);
    });

    it('rename an SLO from the policy: one workspace edit changes the policy, the card and the note on disk', async function () {
      const result = await client.request<{ changes?: Record<string, { range: unknown; newText: string }[]> }>('textDocument/rename', {
        textDocument: { uri: policy },
        position: rangeOf(POLICY, 'ood_recall_7d').start,
        newName: 'ood_recall_weekly',
      });
      const changes = result.changes ?? {};
      assert.deepEqual(Object.keys(changes).sort(), [card, note, policy].sort());
      const applied = (text: string, uri: string) => applyEdits(text, changes[uri] as never);
      assert.match(applied(CARD, card), /\| `ood_recall_weekly` \|/);
      const renamedNote = applied(NOTE, note);
      assert.match(renamedNote, /^slos: \[ood_recall_weekly, ood_recal_7d\]$/m);
      assert.match(renamedNote, /Raise `ood_recall_weekly` from/);
      assert.match(applied(POLICY, policy), /- name: ood_recall_weekly/);
    });

    it('a rename the engine refuses comes back as an error with the reason', async function () {
      await assert.rejects(
        client.request('textDocument/rename', { textDocument: { uri: policy }, position: rangeOf(POLICY, 'ood_recall_7d').start, newName: 'unreviewed_denials' }),
        (e: Error) => /unreviewed_denials/.test(e.message),
      );
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

  describe('the New Model Card / New Deliberation Note commands (workspace/executeCommand)', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    const edits: { label?: string; edit: { documentChanges: unknown[] } }[] = [];
    before(async function () {
      ws = tempWorkspace({ 'claims/safety-slos.yaml': POLICY, 'claims/deliberation-note.md': NOTE }, { modelFolders: true });
      client = await LspClient.start({ workspaceFolders: [ws.folder] });
      client.connection.onRequest('workspace/applyEdit', (params: { label?: string; edit: { documentChanges: unknown[] } }) => {
        edits.push(params);
        return { applied: true };
      });
      await client.waitForDiagnostics(ws.uri('claims/safety-slos.yaml'));
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('advertises both commands', function () {
      const commands = client.initializeResult.capabilities.executeCommandProvider?.commands ?? [];
      assert.ok(['safetySpecs.server.newModelCard', 'safetySpecs.server.newDeliberationNote'].every((c) => commands.includes(c)), commands.join(', '));
    });

    it('creates MODEL_CARD.md from the template, filled in from the policy', async function () {
      const result = await client.request('workspace/executeCommand', { command: 'safetySpecs.server.newModelCard', arguments: [ws.uri('claims')] });
      assert.deepEqual(result, { uri: ws.uri('claims/MODEL_CARD.md'), created: true });
      const [create, insert] = edits.at(-1)!.edit.documentChanges as [unknown, { edits: { newText: string }[] }];
      assert.deepEqual(create, { kind: 'create', uri: ws.uri('claims/MODEL_CARD.md') });
      assert.match(insert.edits[0]!.newText, /`NE-1`/, 'the never events the policy names');
      assert.match(insert.edits[0]!.newText, /`ood_recall_7d`/, 'the SLOs as proxies');
    });

    it('a folder that has a note gets a new one in deliberation-notes/, named by date and title', async function () {
      const result = (await client.request('workspace/executeCommand', {
        command: 'safetySpecs.server.newDeliberationNote',
        arguments: [ws.uri('claims'), 'Raise the OOD threshold!'],
      })) as { uri: string };
      assert.match(result.uri, /\/claims\/deliberation-notes\/\d{4}-\d{2}-\d{2}-raise-the-ood-threshold\.md$/);
    });

    it('a folder without a policy is a clear error, not a crash', async function () {
      const result = await client.request('workspace/executeCommand', { command: 'safetySpecs.server.newModelCard', arguments: [ws.folder.uri] });
      assert.match((result as { error: string }).error, /not a model folder/);
      assert.deepEqual(client.loggedErrors(), []);
    });
  });

  describe('pulled: the workspace report', function () {
    let ws: ReturnType<typeof tempWorkspace>;
    let client: LspClient;
    before(async function () {
      ws = tempWorkspace(
        {
          'claims/safety-slos.yaml': POLICY,
          'claims/MODEL_CARD.md': CARD,
          'claims/deliberation-notes/2026-11-02-ood.md': NOTE,
          'claims/README.md': README,
          // A card elsewhere, under a name the scan does not look for, named by its policy's `model_card:`.
          'linked/safety-slos.yaml': POLICY.replace('model: claims-triage\n', 'model: linked\nmodel_card: ../docs/linked-card.md\n'),
          'linked/deliberation-note.md': NOTE,
          'docs/linked-card.md': CARD,
        },
        { modelFolders: true },
      );
      client = await LspClient.start({ pullDiagnostics: true, workspaceFolders: [ws.folder] });
    });
    after(() => {
      client?.dispose();
      ws?.cleanup();
    });

    it('covers the policy, the card and the note of the notes folder, a card named by model_card:, and not the README', async function () {
      const items = await client.workspaceDiagnostics();
      const byPath = new Map(items.map((i) => [i.uri.slice(ws.folder.uri.length + 1), i.kind === 'full' ? i.items.map((d) => String(d.code)) : undefined]));
      assert.deepEqual(Object.fromEntries(byPath), {
        'claims/safety-slos.yaml': ['model/unknown-never-event'],
        'claims/MODEL_CARD.md': ['model/never-event-coverage'],
        'claims/deliberation-notes/2026-11-02-ood.md': ['model/unknown-slo'],
        'linked/safety-slos.yaml': ['model/unknown-never-event'],
        'linked/deliberation-note.md': ['model/unknown-slo'],
        'docs/linked-card.md': ['model/never-event-coverage'],
      });
    });
  });
});
