// `initialize` over real JSON-RPC: what the server announces, for a push client and a pull client.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, LspClient, REPO_ROOT } from './lsp-client';

const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

describe('protocol: initialize', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  describe('a client without pull-diagnostics support', function () {
    let client: LspClient;
    before(async () => (client = await LspClient.start()));
    after(() => client?.dispose());

    it('announces incremental sync, hover, completion, symbols, folding and code action kinds', function () {
      const { capabilities } = client.initializeResult;
      const sync = capabilities.textDocumentSync;
      assert.equal(typeof sync === 'number' ? sync : sync?.change, 2, 'TextDocumentSyncKind.Incremental');
      assert.equal(capabilities.hoverProvider, true);
      assert.ok(capabilities.completionProvider, 'completionProvider');
      assert.deepEqual([...(capabilities.completionProvider.triggerCharacters ?? [])].sort(), [' ', '"', '-', ':'].sort());
      assert.equal(capabilities.documentSymbolProvider, true);
      assert.equal(capabilities.foldingRangeProvider, true);
      const codeActions = capabilities.codeActionProvider;
      assert.ok(codeActions && typeof codeActions === 'object', 'codeActionProvider with options');
      assert.deepEqual([...(codeActions.codeActionKinds ?? [])].sort(), ['quickfix', 'refactor.rewrite']);
    });

    it('does not announce a diagnosticProvider (diagnostics are pushed)', function () {
      assert.equal(client.initializeResult.capabilities.diagnosticProvider, undefined);
    });

    it('names itself in serverInfo, with the package version', function () {
      assert.deepEqual(client.initializeResult.serverInfo, { name: 'safety-specs-language-server', version });
    });

    it('logs that diagnostics are pushed once initialized', async function () {
      const log = await client.waitFor(() => client.logs.find((l) => /started/.test(l.message)), 5000, () => 'the start-up log line');
      assert.match(log.message, /diagnostics are pushed/);
    });
  });

  describe('a client that declares textDocument.diagnostic', function () {
    let client: LspClient;
    before(async () => (client = await LspClient.start({ pullDiagnostics: true })));
    after(() => client?.dispose());

    it('gets a diagnosticProvider with inter-file dependencies (conflicts) and workspace diagnostics (files that are not open)', function () {
      assert.deepEqual(client.initializeResult.capabilities.diagnosticProvider, {
        identifier: 'safety-specs',
        interFileDependencies: true,
        workspaceDiagnostics: true,
      });
    });

    it('gets the same language features as a push client', function () {
      const { capabilities } = client.initializeResult;
      assert.equal(capabilities.hoverProvider, true);
      assert.ok(capabilities.completionProvider);
      assert.equal(capabilities.documentSymbolProvider, true);
      assert.equal(capabilities.foldingRangeProvider, true);
      assert.ok(capabilities.codeActionProvider);
      assert.equal(client.initializeResult.serverInfo?.name, 'safety-specs-language-server');
    });

    it('logs that diagnostics are pulled once initialized', async function () {
      const log = await client.waitFor(() => client.logs.find((l) => /started/.test(l.message)), 5000, () => 'the start-up log line');
      assert.match(log.message, /pulled by the client/);
    });
  });
});
