// The CLI and the language server run the same engine: for the same text they must report the
// same findings, at the same places, with the same messages.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, lines, LspClient, type Diagnostic } from '../protocol/lsp-client';
import { CLEAN, DEFECTS, MANY_DEFECTS } from '../protocol/policies';
import { runCli, tempTree, type JsonFinding, type JsonReport } from './run-cli';

const SEVERITY: Record<number, JsonFinding['severity']> = { 1: 'error', 2: 'warning', 3: 'info' };

const FIXTURES: Record<string, string> = {
  'many-defects': MANY_DEFECTS,
  'many-defects-crlf': MANY_DEFECTS.replace(/\n/g, '\r\n'),
  defects: DEFECTS,
  clean: CLEAN,
  // Non-ASCII before the findings: columns are counted the same way (UTF-16 code units) on both sides.
  unicode: DEFECTS.replace('# Policy for claims triage', '# Politique « tri des sinistres » 🛡️').replace('"Keep toxic outputs rare."', '"Keep toxic outputs rare 🙅."'),
  'syntax-error': lines(
    'version: 1',
    'slos:',
    '  - name: ood_recall_7d',
    '    objective: "Detect shift."',
    '    target: >= 0.9',
    '    window: 1 month',
    '    action_on_breach: pgae',
    '  - name: x',
    '    objective: "Unclosed.',
  ),
  'two-documents': 'version: 1\nslos: []\n---\nversion: 2\n',
  empty: '',
  'alias-bomb': 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
  binary: 'version: 1\n\u0000\n',
};

type Key = [rule: string, severity: string, line: number, column: number, endLine: number, endColumn: number, message: string];

const fromCli = (f: JsonFinding): Key => [f.rule, f.severity, f.line, f.column, f.endLine, f.endColumn, f.message];
const fromServer = (d: Diagnostic): Key => [
  String(d.code),
  SEVERITY[d.severity!]!,
  d.range.start.line + 1,
  d.range.start.character + 1,
  d.range.end.line + 1,
  d.range.end.character + 1,
  d.message,
];
const sorted = (keys: Key[]) => keys.map((k) => JSON.stringify(k)).sort();

describe('cli and server parity', function () {
  this.timeout(60_000);
  let tree: ReturnType<typeof tempTree>;
  let client: LspClient;
  let report: JsonReport;

  before(async function () {
    ensureBuilt();
    tree = tempTree(Object.fromEntries(Object.entries(FIXTURES).map(([name, text]) => [`${name}/safety-slos.yaml`, text])));
    const r = runCli(['check', '--format', 'json', ...Object.keys(FIXTURES).map((name) => join(tree.root, name))]);
    assert.equal(r.status, 1, r.stderr);
    report = JSON.parse(r.stdout) as JsonReport;
    client = await LspClient.start();
  });
  after(() => {
    client?.dispose();
    tree?.cleanup();
  });

  Object.entries(FIXTURES).forEach(([name, text], index) => {
    it(`${name}: identical (rule, severity, line, column, endLine, endColumn, message) sets`, async function () {
      const file = report.files[index]!;
      assert.ok('findings' in file, `the CLI checked ${name}: ${JSON.stringify(file)}`);
      assert.match(file.path, new RegExp(`${name}[\\\\/]safety-slos\\.yaml$`));
      const uri = pathToFileURL(join(tree.root, name, 'safety-slos.yaml')).href;
      await client.open(uri, text);
      const published = await client.waitForVersion(uri, 1, 20_000);
      assert.deepEqual(sorted(published.diagnostics.map(fromServer)), sorted(file.findings.map(fromCli)));
      if (name === 'many-defects') assert.ok(file.findings.length >= 25, `the fixture has many findings: ${file.findings.length}`);
      if (name === 'clean') assert.equal(file.findings.length, 0);

      // The related locations and the fixes offered agree too.
      const serverRelated = published.diagnostics.map((d) => (d.relatedInformation ?? []).map((r) => [r.message, r.location.range.start.line + 1, r.location.range.start.character + 1]));
      const cliRelated = file.findings.map((f) => f.related.map((r) => [r.message, r.line, r.column]));
      assert.deepEqual(serverRelated.map((r) => JSON.stringify(r)).sort(), cliRelated.map((r) => JSON.stringify(r)).sort());
      for (const d of published.diagnostics) {
        const actions = await client.codeActions(uri, d.range, [d]);
        const titles = actions
          .filter((a) => a.kind === 'quickfix' && a.diagnostics?.some((x) => x.code === d.code && x.message === d.message))
          .map((a) => a.title);
        const twin: JsonFinding | undefined = file.findings.find((f) => JSON.stringify(fromCli(f)) === JSON.stringify(fromServer(d)));
        assert.ok(twin, `the CLI has the twin of ${String(d.code)}`);
        assert.deepEqual(titles, twin.fixes, `fixes for ${String(d.code)} at ${d.range.start.line + 1}`);
      }
    });
  });
});
