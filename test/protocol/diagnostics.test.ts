// Diagnostics over real JSON-RPC: pushed (publishDiagnostics with versions) and pulled (textDocument/diagnostic).
import { strict as assert } from 'node:assert';
import { ensureBuilt, fileUri, lines, LspClient, positionOf, rangeOf, sleep, type Diagnostic, type DocumentDiagnosticReport, type PublishDiagnosticsParams } from './lsp-client';
import { CLEAN, DEFECTS } from './policies';

const DOCS = 'https://github.com/safety-specs/safety-specs/blob/main/docs/rules/';
const ERROR = 1;

/** The shape every diagnostic must have: code = rule id, its doc page, our source. */
function assertWellFormed(d: Diagnostic): void {
  assert.equal(typeof d.code, 'string', `code of ${JSON.stringify(d)}`);
  assert.match(String(d.code), /^[a-z-]+\/[a-z-]+$/);
  assert.equal(d.codeDescription?.href, `${DOCS}${String(d.code)}.md`);
  assert.ok(d.codeDescription.href.endsWith(`docs/rules/${String(d.code)}.md`));
  assert.equal(d.source, 'safety-specs');
  assert.ok(d.severity !== undefined && d.severity >= 1 && d.severity <= 4, 'severity');
  assert.equal(typeof d.message, 'string', 'a plain-string message');
  assert.ok(d.message.length > 0, 'message');
}

function byCode(p: PublishDiagnosticsParams | Diagnostic[], code: string): Diagnostic[] {
  return (Array.isArray(p) ? p : p.diagnostics).filter((d) => d.code === code);
}

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));

describe('protocol: push diagnostics', function () {
  let client: LspClient;
  before(async function () {
    ensureBuilt();
    client = await LspClient.start();
  });
  after(() => client?.dispose());

  describe('a policy with known defects', function () {
    const uri = fileUri('defects/safety-slos.yaml');
    let published: PublishDiagnosticsParams;

    before(async function () {
      await client.open(uri, DEFECTS, 'yaml', 7);
      published = await client.waitForDiagnostics(uri);
    });

    it('publishes with the version of the opened document', function () {
      assert.equal(published.version, 7);
      assert.equal(published.uri, uri);
    });

    it('reports exactly the four defects, at their exact ranges, with rule codes and severities', function () {
      const got = published.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range }));
      assert.deepEqual(got, [
        { code: 'slo/target-syntax', severity: ERROR, range: rangeOf(DEFECTS, '"=> 0.90"') },
        { code: 'schema/unknown-key', severity: ERROR, range: rangeOf(DEFECTS, 'targte') },
        { code: 'never-event/action-severity', severity: ERROR, range: rangeOf(DEFECTS, 'alert') },
        { code: 'slo/duplicate-name', severity: ERROR, range: rangeOf(DEFECTS, 'ood_recall_7d', 1) },
      ]);
      // The same, spelled out, so a helper bug cannot hide a position bug.
      assert.deepEqual(published.diagnostics[0]!.range, { start: { line: 6, character: 12 }, end: { line: 6, character: 21 } });
      assert.deepEqual(published.diagnostics[1]!.range, { start: { line: 11, character: 4 }, end: { line: 11, character: 10 } });
      assert.deepEqual(published.diagnostics[2]!.range, { start: { line: 19, character: 22 }, end: { line: 19, character: 27 } });
      assert.deepEqual(published.diagnostics[3]!.range, { start: { line: 20, character: 10 }, end: { line: 20, character: 23 } });
    });

    it('gives every diagnostic its rule code, doc link and source', function () {
      for (const d of published.diagnostics) assertWellFormed(d);
      assert.equal(published.diagnostics[0]!.codeDescription?.href, `${DOCS}slo/target-syntax.md`);
    });

    it('explains each defect in its message', function () {
      const [target, key, action, name] = published.diagnostics;
      assert.match(target!.message, /"=> 0\.90"/);
      assert.match(target!.message, /Did you mean ">= 0\.90"\?/);
      assert.match(key!.message, /Unknown key "targte" in SLO "toxicity_rate"/);
      assert.match(action!.message, /"self_harm_never_events" guards never events/);
      assert.match(action!.message, /at least rollback/);
      assert.match(name!.message, /Duplicate SLO name "ood_recall_7d" \(first on line 5\)/);
    });

    it('points the duplicate name at the first SLO with that name (relatedInformation)', function () {
      const [duplicate] = byCode(published, 'slo/duplicate-name');
      assert.deepEqual(duplicate!.relatedInformation, [
        { location: { uri, range: { start: { line: 4, character: 10 }, end: { line: 4, character: 23 } } }, message: 'First SLO named "ood_recall_7d".' },
      ]);
      for (const d of published.diagnostics.filter((x) => x !== duplicate)) assert.equal(d.relatedInformation, undefined);
    });

    it('publishes nothing for a clean policy (an empty list, not silence)', async function () {
      const clean = fileUri('clean/safety-slos.yaml');
      await client.open(clean, CLEAN);
      const p = await client.waitForDiagnostics(clean);
      assert.deepEqual(p.diagnostics, []);
      assert.equal(p.version, 1);
    });

    it('clears the diagnostics of a policy when it is closed', async function () {
      const before = client.diagnosticsFor(uri).length;
      await client.close(uri);
      const cleared = await client.waitFor(() => client.diagnosticsFor(uri).slice(before).find((p) => p.diagnostics.length === 0), 5000, () => 'the clearing notification');
      assert.deepEqual(cleared.diagnostics, []);
    });
  });

  describe('incremental edits (didChange with ranges)', function () {
    const uri = fileUri('edits/safety-slos.yaml');

    before(async function () {
      await client.open(uri, DEFECTS);
      const first = await client.waitForVersion(uri, 1);
      assert.equal(first.diagnostics.length, 4);
    });

    it('a change that fixes a finding publishes diagnostics without it, for the new version', async function () {
      // Replace "=>" by ">=" inside the quoted target: a 2-character edit, as typing would send.
      const at = positionOf(client.text(uri), '=> 0.90', 0);
      const version = await client.change(uri, [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: '>=' }]);
      assert.equal(version, 2);
      assert.match(client.text(uri), /target: ">= 0\.90" {3}# keep this comment/);
      const p = await client.waitForVersion(uri, 2);
      assert.deepEqual(codes(p), ['schema/unknown-key', 'never-event/action-severity', 'slo/duplicate-name']);
    });

    it('several changes in one didChange are applied in order, each on the text the previous one left', async function () {
      // 1. insert a line at the top (everything moves down one line), 2. rename the key typo (was
      // line 11, now 12), 3. change the never-event action (was line 19, now 20), 4. delete the top line.
      const version = await client.change(uri, [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' },
        { range: { start: { line: 12, character: 4 }, end: { line: 12, character: 10 } }, text: 'description' },
        { range: { start: { line: 20, character: 22 }, end: { line: 20, character: 27 } }, text: 'kill_switch' },
        { range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: '' },
      ]);
      assert.match(client.text(uri), /^# Policy for claims triage\n/);
      assert.match(client.text(uri), /\n {4}description: "<= 0\.01"\n/);
      assert.match(client.text(uri), /\n {4}action_on_breach: kill_switch\n/);
      const p = await client.waitForVersion(uri, version);
      assert.deepEqual(codes(p), ['slo/duplicate-name']);
      assert.equal(p.diagnostics[0]!.range.start.line, 20);
    });

    it('an edit that inserts and deletes lines keeps the remaining findings at their new lines', async function () {
      // Insert two comment lines at the top: the duplicate name moves down by two lines.
      const version = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# one\n# two\n' }]);
      const p = await client.waitForVersion(uri, version);
      assert.deepEqual(codes(p), ['slo/duplicate-name']);
      assert.equal(p.diagnostics[0]!.range.start.line, 22);
      assert.equal(p.diagnostics[0]!.relatedInformation?.[0]?.location.range.start.line, 6);
      // Delete them again.
      const back = await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]);
      const q = await client.waitForVersion(uri, back);
      assert.equal(q.diagnostics[0]!.range.start.line, 20);
    });

    it('a burst of quick changes ends with diagnostics for the last version, matching the last text', async function () {
      // Type a new broken window value one keystroke at a time, without waiting in between.
      const start = positionOf(client.text(uri), 'window: 24h', 0, 'window: '.length);
      let character = start.character;
      // Delete "24h" first.
      let version = await client.change(uri, [{ range: { start, end: { line: start.line, character: start.character + 3 } }, text: '' }]);
      for (const ch of '7 days') {
        version = await client.change(uri, [{ range: { start: { line: start.line, character }, end: { line: start.line, character } }, text: ch }]);
        character++;
      }
      assert.match(client.text(uri), /window: 7 days\n/);
      const last = await client.waitForVersion(uri, version, 10_000);
      assert.deepEqual(codes(last), ['slo/window-syntax', 'slo/duplicate-name']);
      const [window] = byCode(last, 'slo/window-syntax');
      assert.match(window!.message, /Window "7 days" is written "7d"/);
      assert.deepEqual(window!.range, { start, end: { line: start.line, character: start.character + '7 days'.length } });
      // Nothing stale arrives after the last version.
      await sleep(300);
      const all = client.diagnosticsFor(uri);
      assert.equal(all[all.length - 1]!.version, version, 'the newest notification is for the newest version');
      const versions = all.map((p) => p.version!);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), 'versions are published in increasing order');
    });
  });

  describe('YAML syntax errors', function () {
    it('locates an unquoted ">= 0.9" and still reports the findings in the rest of the file', async function () {
      const uri = fileUri('syntax/safety-slos.yaml');
      const text = lines(
        'version: 1',
        'model: m',
        'slos:',
        '  - name: ood_recall_7d',
        '    objective: "Detect shift."',
        '    target: >= 0.9',
        '    window: 7d',
        '    action_on_breach: page',
        '  - name: toxicity_rate',
        '    objective: "Keep it rare."',
        '    target: "<= 0.01"',
        '    window: "7 days"',
        '    action_on_breach: throttle',
      );
      await client.open(uri, text);
      const p = await client.waitForVersion(uri, 1);
      const syntax = byCode(p, 'yaml/syntax');
      assert.ok(syntax.length >= 1, `a yaml/syntax diagnostic; got ${codes(p).join(', ')}`);
      for (const d of syntax) {
        assert.equal(d.range.start.line, 5, 'on the target line');
        assert.equal(d.severity, ERROR);
        assertWellFormed(d);
      }
      assert.ok(syntax[0]!.range.start.character >= 12 && syntax[0]!.range.start.character <= 14, JSON.stringify(syntax[0]!.range));
      assert.ok(syntax.some((d) => d.message.includes('must be quoted, like target: ">= 0.90"')), 'the quoting hint');
      // The rest of the file is still checked.
      const [window] = byCode(p, 'slo/window-syntax');
      assert.ok(window, `the window finding after the syntax error; got ${codes(p).join(', ')}`);
      assert.deepEqual(window.range, rangeOf(text, '"7 days"'));
    });

    it('offers a preferred fix that quotes the unquoted ">= 0.9"; applying it clears the syntax errors', async function () {
      const uri = fileUri('syntax-fix/safety-slos.yaml');
      const text = lines('version: 1', 'model: m', 'slos:', '  - name: ood_recall_7d', '    objective: "Detect shift."', '    target: >= 0.9  # was quoted', '    window: 7d', '    action_on_breach: page');
      await client.open(uri, text);
      const [syntax] = byCode(await client.waitForVersion(uri, 1), 'yaml/syntax');
      assert.ok(syntax);
      const fix = (await client.codeActions(uri, syntax.range, [syntax])).find((a) => a.isPreferred);
      assert.equal(fix?.title, 'Quote the value: ">= 0.9"');
      assert.deepEqual(fix!.edit?.changes?.[uri], [{ range: rangeOf(text, '>= 0.9'), newText: '">= 0.9"' }]);
      const version = await client.change(uri, fix!.edit!.changes![uri]!.map((e) => ({ range: e.range, text: e.newText })));
      assert.equal(client.text(uri), text.replace('target: >= 0.9  #', 'target: ">= 0.9"  #'));
      assert.deepEqual((await client.waitForVersion(uri, version)).diagnostics, []);
    });

    it('locates an unclosed quote and still reports the findings before it', async function () {
      const uri = fileUri('unclosed/safety-slos.yaml');
      const text = lines(
        'version: 1',
        'model: m',
        'slos:',
        '  - name: toxicity_rate',
        '    objective: "Keep it rare."',
        '    target: "<= 0.01"',
        '    window: 1M',
        '    action_on_breach: throttle',
        '  - name: ood_recall_7d',
        '    objective: "Detect shift.',
      );
      await client.open(uri, text);
      const p = await client.waitForVersion(uri, 1);
      const [syntax] = byCode(p, 'yaml/syntax');
      assert.ok(syntax, `a yaml/syntax diagnostic; got ${codes(p).join(', ')}`);
      assert.match(syntax.message, /quote/i);
      assert.ok(syntax.range.start.line >= 9, `at or after the unclosed quote: ${JSON.stringify(syntax.range)}`);
      const [window] = byCode(p, 'slo/window-syntax');
      assert.ok(window, `the month window is still reported; got ${codes(p).join(', ')}`);
      assert.deepEqual(window.range, rangeOf(text, '1M'));
    });
  });

  describe('files that are not policies', function () {
    it('publishes no findings for other.yaml, and hover there is null', async function () {
      const uri = fileUri('other/other.yaml');
      const before = client.published.length;
      await client.open(uri, DEFECTS);
      // A request round-trip plus a short wait: any push for the open would have arrived by then.
      const hover = await client.hover(uri, positionOf(DEFECTS, '=> 0.90'));
      assert.equal(hover, null);
      await sleep(300);
      const forIt = client.published.slice(before).filter((p) => p.uri === uri);
      assert.ok(forIt.every((p) => p.diagnostics.length === 0), `no findings for other.yaml: ${JSON.stringify(forIt)}`);
      assert.deepEqual(await client.completion(uri, { line: 8, character: 22 }), []);
      assert.deepEqual(await client.documentSymbols(uri), []);
      assert.deepEqual(await client.codeActions(uri, rangeOf(DEFECTS, '"=> 0.90"')), []);
    });

    it('treats x.safety-slos.yaml and safety-slos.yml as policies, but not a bare .safety-slos.yaml', async function () {
      for (const [name, checked] of [
        ['named/claims.safety-slos.yaml', true],
        ['yml/safety-slos.yml', true],
        ['bare/.safety-slos.yaml', false],
        ['prefixed/my-safety-slos.yaml', false],
      ] as const) {
        const uri = fileUri(name);
        const before = client.published.length;
        await client.open(uri, DEFECTS);
        if (checked) {
          const p = await client.waitForVersion(uri, 1);
          assert.equal(p.diagnostics.length, 4, name);
        } else {
          await client.hover(uri, { line: 0, character: 0 });
          await sleep(200);
          assert.ok(client.published.slice(before).filter((p) => p.uri === uri).every((p) => p.diagnostics.length === 0), name);
        }
      }
    });
  });
});

describe('protocol: pull diagnostics', function () {
  let client: LspClient;
  const uri = fileUri('pull/safety-slos.yaml');

  before(async function () {
    ensureBuilt();
    client = await LspClient.start({ pullDiagnostics: true });
  });
  after(() => client?.dispose());

  it('pushes nothing when the client pulls', async function () {
    await client.open(uri, DEFECTS);
    await client.hover(uri, { line: 0, character: 0 });
    await sleep(300);
    assert.deepEqual(client.published, []);
  });

  let first: DocumentDiagnosticReport;

  it('textDocument/diagnostic returns a full report with the findings and a resultId', async function () {
    first = await client.pullDiagnostics(uri);
    assert.equal(first.kind, 'full');
    assert.ok(first.kind === 'full' && typeof first.resultId === 'string' && first.resultId.length > 0);
    assert.ok(first.kind === 'full');
    assert.deepEqual(
      first.items.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [
        ['slo/target-syntax', 6, 12],
        ['schema/unknown-key', 11, 4],
        ['never-event/action-severity', 19, 22],
        ['slo/duplicate-name', 20, 10],
      ],
    );
    for (const d of first.items) assertWellFormed(d);
    assert.equal(first.items[3]!.relatedInformation?.[0]?.location.range.start.line, 4);
  });

  it('answers "unchanged" when called again with the returned resultId', async function () {
    const again = await client.pullDiagnostics(uri, first.resultId);
    assert.deepEqual(again, { kind: 'unchanged', resultId: first.resultId });
  });

  it('answers "full" again with a stale resultId', async function () {
    const stale = await client.pullDiagnostics(uri, '0');
    assert.equal(stale.kind, 'full');
  });

  it('after didChange, answers "full" with the new content and the new resultId', async function () {
    await client.change(uri, [{ range: rangeOf(client.text(uri), '=>'), text: '>=' }]);
    const report = await client.pullDiagnostics(uri, first.resultId);
    assert.equal(report.kind, 'full');
    assert.ok(report.kind === 'full' && report.resultId && report.resultId !== (first.kind === 'full' ? first.resultId : ''));
    assert.ok(report.kind === 'full');
    assert.deepEqual(
      report.items.map((d) => d.code),
      ['schema/unknown-key', 'never-event/action-severity', 'slo/duplicate-name'],
    );
    const unchanged = await client.pullDiagnostics(uri, report.resultId);
    assert.equal(unchanged.kind, 'unchanged');
    await sleep(200);
    assert.deepEqual(client.published, [], 'still nothing pushed');
  });

  // Regression: the resultId is the document version alone, and versions restart at 1 when
  // a document is closed and opened again. A client that pulls with its last resultId "1" after a reopen
  // with other content is told "unchanged" and keeps showing the old (here: no) problems for a file with
  // four errors. Expected: "full" with the new findings (result ids unique per analysis, e.g. a counter).
  it('a document closed and reopened with other content is not "unchanged" for its old resultId', async function () {
    const reopened = fileUri('pull/reopened/safety-slos.yaml');
    await client.open(reopened, CLEAN);
    const before = await client.pullDiagnostics(reopened);
    assert.equal(before.kind, 'full');
    await client.close(reopened);
    await client.open(reopened, DEFECTS);
    const after = await client.pullDiagnostics(reopened, before.resultId);
    assert.equal(after.kind, 'full');
    assert.ok(after.kind === 'full' && after.items.length === 4);
  });

  it('returns an empty full report for a file that is not a policy, and for a document that is not open', async function () {
    const other = fileUri('pull/other.yaml');
    await client.open(other, DEFECTS);
    const report = await client.pullDiagnostics(other);
    assert.deepEqual(report, { kind: 'full', items: [] });
    const closed = await client.pullDiagnostics(fileUri('pull/never-opened/safety-slos.yaml'));
    assert.deepEqual(closed, { kind: 'full', items: [] });
  });
});
