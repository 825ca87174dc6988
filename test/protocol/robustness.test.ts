// The server never goes down: garbage documents, unknown URIs, positions outside the document and
// malformed requests are all answered, and shutdown + exit ends the process with code 0.
import { strict as assert } from 'node:assert';
import type { Hover, Range } from 'vscode-languageserver-protocol';
import { ensureBuilt, fileUri, LspClient, positionOf, sleep, type Diagnostic } from './lsp-client';
import { CLEAN } from './policies';
import { ALIAS_BOMB } from '../../server/src/engine/testing';

/** Binary-ish text without NUL: control characters, escape sequences, a lone surrogate, stray YAML indicators. */
const CONTROL_CHARS = '\u0001\u0002\u0003\u001b[31mred\u001b[0m\uFFFD\uD800 \t\t:\n-:-:\n%YAML 9.9\n@`|>\n';

interface GarbageCase {
  readonly name: string;
  readonly text: () => string;
  /** Rule codes the diagnostics must include. */
  readonly expect: readonly string[];
  /** The diagnostics must be exactly `expect` (in order). */
  readonly exact?: boolean;
  readonly check?: (diagnostics: Diagnostic[], text: string) => void;
}

const CASES: readonly GarbageCase[] = [
  {
    name: 'a binary file (NUL bytes)',
    text: () => 'version: 1\nslos:\n  - name: \u0000\u0001\u0002\u00ff\n',
    expect: ['file/binary'],
    exact: true,
    check: ([d]) => assert.deepEqual(d!.range.start, { line: 2, character: 10 }, 'at the first NUL'),
  },
  { name: 'control characters and stray indicators', text: () => CONTROL_CHARS, expect: [] },
  {
    name: 'a "billion laughs" alias bomb',
    text: () => ALIAS_BOMB,
    expect: ['yaml/alias-limit'],
    exact: true,
    check: ([d], text) => assert.deepEqual(d!.range, { start: positionOf(text, '*a'), end: positionOf(text, '*a', 0, 2) }, 'at the first alias'),
  },
  {
    name: 'a huge single line (3 MB, under the size limit)',
    text: () => 'version: 1\nmodel: ' + 'x'.repeat(3_000_000) + '\n',
    expect: ['schema/missing-key'],
    exact: true,
  },
  {
    name: 'a file over the 4 MiB limit',
    text: () => 'version: 1\nmodel: ' + 'y'.repeat(4 * 1024 * 1024) + '\n',
    expect: ['file/too-large'],
    exact: true,
    check: ([d]) => assert.match(d!.message, /the limit for a policy file is 4 MiB \(4,194,304 bytes\), so it was not checked/),
  },
  {
    name: 'an empty document',
    text: () => '',
    expect: ['schema/missing-key'],
    exact: true,
    check: ([d]) => assert.match(d!.message, /The policy file is empty/),
  },
  {
    name: 'a document that is only ---',
    text: () => '---',
    expect: ['schema/missing-key'],
    exact: true,
    check: ([d]) => assert.match(d!.message, /The policy file is empty/),
  },
  { name: 'only "---" and a newline', text: () => '---\n', expect: ['schema/missing-key'], exact: true },
  { name: 'deeply nested flow collections', text: () => '['.repeat(5000) + ']'.repeat(5000) + '\n', expect: ['schema/invalid-value'] },
  { name: 'a very long flow sequence', text: () => '[' + '1,'.repeat(100_000) + '1]\n', expect: ['schema/invalid-value'], exact: true },
  { name: 'only whitespace and comments', text: () => '\n\n   \n# just a comment\n\t\n', expect: [] },
  { name: 'CR-only line endings', text: () => CLEAN.replace(/\n/g, '\r'), expect: [] },
];

function within(text: string, range: Range): boolean {
  const ls = text.split(/\r\n|\r|\n/);
  const ok = (p: { line: number; character: number }) => p.line >= 0 && p.line < ls.length && p.character >= 0 && p.character <= ls[p.line]!.length;
  return ok(range.start) && ok(range.end);
}

describe('protocol: robustness', function () {
  this.timeout(60_000);
  let client: LspClient;
  /** Errors the server logs because this test provoked them on purpose. */
  const provoked: RegExp[] = [];

  before(async function () {
    ensureBuilt();
    client = await LspClient.start();
  });
  after(() => client?.dispose());

  describe('garbage documents', function () {
    CASES.forEach((c, i) => {
      it(`${c.name}: diagnostics are published and every feature answers`, async function () {
        const uri = fileUri(`garbage/${i}/safety-slos.yaml`);
        const text = c.text();
        await client.open(uri, text);
        const published = await client.waitForVersion(uri, 1, 20_000);
        const got = published.diagnostics.map((d) => String(d.code));
        if (c.exact) assert.deepEqual(got, c.expect);
        else for (const code of c.expect) assert.ok(got.includes(code), `${code} in ${got.join(', ')}`);
        for (const d of published.diagnostics) {
          assert.equal(d.source, 'safety-specs');
          assert.ok(!d.message.startsWith('Internal error'), d.message);
          assert.ok(within(text, d.range), `range ${JSON.stringify(d.range)} of ${d.code} is inside the document`);
        }
        c.check?.(published.diagnostics, text);

        const positions = [
          { line: 0, character: 0 },
          { line: 0, character: 3 },
          { line: 1, character: 5 },
        ];
        for (const position of positions) {
          const hover = await client.hover(uri, position);
          if (hover?.range) assert.ok(within(text, hover.range), JSON.stringify(hover.range));
          assert.ok(Array.isArray(await client.completion(uri, position)));
        }
        assert.ok(Array.isArray(await client.documentSymbols(uri)));
        assert.ok(Array.isArray(await client.foldingRanges(uri)));
        assert.ok(Array.isArray(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, published.diagnostics)));
        await client.close(uri);
        assert.ok(client.running, 'the server is still running');
      });
    });
  });

  describe('requests about documents the server does not have', function () {
    const unknown = fileUri('never-opened/safety-slos.yaml');

    it('hover, completion, symbols, folding and code actions answer "nothing"', async function () {
      const position = { line: 3, character: 4 };
      assert.equal(await client.hover(unknown, position), null);
      assert.deepEqual(await client.completion(unknown, position), []);
      assert.deepEqual(await client.documentSymbols(unknown), []);
      assert.deepEqual(await client.foldingRanges(unknown), []);
      assert.deepEqual(await client.codeActions(unknown, { start: position, end: position }), []);
    });

    it('a change or close for a document that was never opened is ignored', async function () {
      const before = client.published.length;
      await client.notify('textDocument/didChange', { textDocument: { uri: unknown, version: 2 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'x' }] });
      await client.notify('textDocument/didClose', { textDocument: { uri: unknown } });
      assert.equal(await client.hover(unknown, { line: 0, character: 0 }), null);
      await sleep(100);
      assert.ok(client.published.slice(before).every((p) => p.diagnostics.length === 0));
      assert.ok(client.running);
    });

    it('URIs of other schemes, odd characters and no file name', async function () {
      for (const uri of ['untitled:Untitled-1', 'file:///', 'file:///tmp/%E2%9C%93%20dir/safety-slos.yaml', 'not a uri at all', 'vscode-notebook-cell:/x/safety-slos.yaml#W0sZmlsZQ==']) {
        await client.open(uri, CLEAN);
        const hover = await client.hover(uri, positionOf(CLEAN, '>= 0.90'));
        // Only names that are policy files get features; either way the server answers.
        if (hover) assert.match((hover.contents as { value: string }).value, /falls below 0\.90/);
        await client.close(uri);
      }
      const encoded = 'file:///tmp/%E2%9C%93%20dir/safety-slos.yaml';
      await client.open(encoded, CLEAN.replace('"<= 0.001"', '"<= 0,001"'));
      const p = await client.waitForVersion(encoded, 1);
      assert.deepEqual(p.diagnostics.map((d) => d.code), ['slo/target-syntax'], 'a percent-encoded path is still a policy');
    });
  });

  describe('positions outside the document', function () {
    const uri = fileUri('positions/safety-slos.yaml');
    before(() => client.open(uri, CLEAN));

    for (const position of [
      { line: 10_000, character: 0 },
      { line: 0, character: 10_000 },
      { line: 10_000, character: 10_000 },
      { line: 2 ** 31 - 1, character: 2 ** 31 - 1 },
    ]) {
      it(`hover, completion and code actions at ${JSON.stringify(position)} are answered`, async function () {
        const hover: Hover | null = await client.hover(uri, position);
        if (hover?.range) assert.ok(within(CLEAN, hover.range), JSON.stringify(hover.range));
        assert.ok(Array.isArray(await client.completion(uri, position)));
        assert.ok(Array.isArray(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: position })));
      });
    }

    it('negative positions (a protocol violation) are answered too', async function () {
      const position = { line: -1, character: -5 };
      await client.hover(uri, position);
      assert.ok(Array.isArray(await client.completion(uri, position)));
    });
  });

  describe('malformed requests', function () {
    it('a hover without a textDocument is answered with null and logged', async function () {
      provoked.push(/^hover failed/);
      assert.equal(await client.request('textDocument/hover', {}), null);
      const logged = await client.waitFor(() => client.loggedErrors().find((l) => /^hover failed/.test(l.message)), 5000, () => 'the logged failure');
      assert.match(logged.message, /hover failed: TypeError/);
    });

    it('an unknown method gets a MethodNotFound error, not a crash', async function () {
      await assert.rejects(client.request('safetySpecs/noSuchMethod', {}), (e: { code?: number }) => e.code === -32601);
      assert.ok(client.running);
    });

    it('an unknown notification is ignored', async function () {
      await client.notify('safetySpecs/noSuchNotification', { x: 1 });
      assert.equal(await client.hover(fileUri('never-opened/safety-slos.yaml'), { line: 0, character: 0 }), null);
    });
  });

  describe('pathological nesting', function () {
    // "[" x 5000 overflows the yaml parser's stack at depth ~800; it must read as a few findings, not a flood.
    it('an unclosed deep flow sequence gives a few findings, not one per nesting level', async function () {
      const uri = fileUri('bug-flood/safety-slos.yaml');
      await client.open(uri, '['.repeat(5000) + '\n');
      const { diagnostics } = await client.waitForVersion(uri, 1, 20_000);
      assert.ok(diagnostics.length <= 10, `${diagnostics.length} diagnostics`);
      assert.ok(!diagnostics.some((d) => /Maximum call stack/.test(d.message)), 'no leaked RangeError message');
    });
  });

  describe('after all that', function () {
    it('still answers requests correctly and logged no unexpected error', async function () {
      const uri = fileUri('after/safety-slos.yaml');
      await client.open(uri, CLEAN);
      assert.deepEqual((await client.waitForVersion(uri, 1)).diagnostics, []);
      const hover = await client.hover(uri, positionOf(CLEAN, '>= 0.90'));
      assert.match((hover!.contents as { value: string }).value, /falls below 0\.90/);
      const unexpected = client.loggedErrors().filter((l) => !provoked.some((re) => re.test(l.message)));
      assert.deepEqual(unexpected, []);
      assert.ok(client.running);
    });

    it('shutdown then exit ends the process with code 0', async function () {
      assert.equal(await client.shutdown(), 0);
      assert.equal(client.exitCode, 0);
    });
  });
});

describe('protocol: lifecycle', function () {
  before(ensureBuilt);
  after(() => LspClient.disposeAll());

  it('exit without shutdown ends the process with code 1 (as the protocol says)', async function () {
    const client = await LspClient.start();
    await client.notify('exit', null);
    assert.equal(await client.waitForExit(), 1);
  });

  it('the server exits when its input closes (the editor went away)', async function () {
    const client = await LspClient.start();
    client.child.stdin!.end();
    const code = await Promise.race([client.waitForExit(), sleep(5000).then(() => 'still running')]);
    assert.notEqual(code, 'still running');
  });

  it('a request between shutdown and exit does not keep exit from ending the process with code 0', async function () {
    const client = await LspClient.start();
    await client.request('shutdown', null);
    // The protocol says such requests "should" fail with InvalidRequest; vscode-languageserver answers
    // them. Either way the server must not crash and exit must still succeed.
    await client.request('textDocument/hover', { textDocument: { uri: fileUri('x/safety-slos.yaml') }, position: { line: 0, character: 0 } }).catch(() => undefined);
    await client.notify('exit', null);
    assert.equal(await client.waitForExit(), 0);
  });
});
