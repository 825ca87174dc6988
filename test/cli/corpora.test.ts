// Robustness of the engine on real-world YAML: the official YAML test suite (valid and error cases)
// and real SLO-as-code files. Runs the engine in-process (no bundle) for speed. The corpora live
// outside the repo, in ../shared/corpora; when they are absent the test says so and skips.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { analyze, type Finding } from '../../server/src/engine';

const REPO_ROOT = resolve(__dirname, '..', '..');
const CORPORA = resolve(REPO_ROOT, '..', 'shared', 'corpora');
const PER_FILE_LIMIT_MS = 2000;

function walk(folder: string, keep: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...walk(path, keep));
    else if (entry.isFile() && keep(entry.name)) out.push(path);
  }
  return out;
}

interface Outcome {
  readonly path: string;
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly ms: number;
}

/** Analyses a file as if it were a policy, and checks what must hold for every input. */
function check(path: string): Outcome {
  // Read as an editor would: UTF-8, without a byte-order mark.
  let text = readFileSync(path, 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const document = TextDocument.create(pathToFileURL(path).href, 'yaml', 1, text);
  const started = performance.now();
  let findings: readonly Finding[];
  try {
    findings = analyze(document).findings;
  } catch (e) {
    assert.fail(`analyze threw on ${path}: ${(e as Error).stack}`);
  }
  const ms = performance.now() - started;
  const lineLengths = text.split(/\r\n|\r|\n/).map((l) => l.length);
  const inside = (p: { line: number; character: number }) =>
    Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lineLengths.length && p.character >= 0 && p.character <= lineLengths[p.line]!;
  for (const f of findings) {
    assert.ok(!f.message.startsWith('Internal error'), `${path}: ${f.rule}: ${f.message}`);
    assert.ok(inside(f.range.start) && inside(f.range.end), `${path}: ${f.rule} range ${JSON.stringify(f.range)} is outside the document`);
    const ordered = f.range.start.line < f.range.end.line || (f.range.start.line === f.range.end.line && f.range.start.character <= f.range.end.character);
    assert.ok(ordered, `${path}: ${f.rule} range ${JSON.stringify(f.range)} ends before it starts`);
    for (const r of f.related ?? []) assert.ok(inside(r.range.start) && inside(r.range.end), `${path}: related range of ${f.rule}`);
  }
  assert.ok(ms < PER_FILE_LIMIT_MS, `${path} took ${Math.round(ms)} ms (limit ${PER_FILE_LIMIT_MS} ms)`);
  return { path, text, findings, ms };
}

describe('corpora: the engine on real-world YAML', function () {
  this.timeout(300_000);
  const present = existsSync(CORPORA) && statSync(CORPORA).isDirectory();

  // The `yaml` package reports some inputs through process.emitWarning (collection keys); count them
  // instead of letting hundreds of lines interleave with the test report.
  const originalEmitWarning = process.emitWarning;
  let warnings = 0;
  before(function () {
    if (!present) {
      console.log(`      corpora not found at ${CORPORA}: skipping the corpus robustness tests`);
      this.skip();
    }
    process.emitWarning = ((..._args: unknown[]) => {
      warnings++;
    }) as typeof process.emitWarning;
  });
  after(function () {
    process.emitWarning = originalEmitWarning;
    if (warnings) console.log(`      note: the engine made Node emit ${warnings} process warning(s) on these inputs (collection keys; reported as a bug)`);
  });

  const suite = (kind: 'valid' | 'error') => join(CORPORA, 'yaml-test-suite', kind);

  it('yaml-test-suite/valid: never throws, no internal error, ranges inside the document, each under 2 s', function () {
    const files = walk(suite('valid'), (n) => n.endsWith('.yaml'));
    assert.ok(files.length >= 300, `expected the ~308 valid cases, found ${files.length}`);
    const outcomes = files.map(check);
    const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(`      ${files.length} valid cases; slowest ${relative(CORPORA, slowest.path)} in ${Math.round(slowest.ms)} ms`);
  });

  it('yaml-test-suite/error: each case yields a yaml/syntax finding (except those the yaml package itself accepts)', function () {
    const files = walk(suite('error'), (n) => n.endsWith('.yaml'));
    assert.ok(files.length >= 90, `expected the ~94 error cases, found ${files.length}`);
    const acceptedByYaml = new Set(
      files.filter((path) => {
        const docs = parseAllDocuments(readFileSync(path, 'utf8'));
        return Array.isArray(docs) && docs.every((d) => d.errors.length === 0);
      }),
    );
    console.log(
      `      ${acceptedByYaml.size} of ${files.length} upstream error cases are accepted by the yaml package itself and are excluded: ${[...acceptedByYaml].map((p) => relative(suite('error'), p)).join(', ') || 'none'}`,
    );
    assert.ok(acceptedByYaml.size <= 10, 'only a few error cases may be accepted by the parser');
    const missed: string[] = [];
    for (const path of files) {
      const { findings } = check(path);
      if (acceptedByYaml.has(path)) continue;
      if (!findings.some((f) => f.rule === 'yaml/syntax')) missed.push(`${relative(CORPORA, path)}: ${findings.map((f) => f.rule).join(', ') || 'no finding'}`);
    }
    assert.deepEqual(missed, [], 'error cases without a yaml/syntax finding');
  });

  it('slo-specs: every .yaml/.yml never throws, no internal error, ranges inside the document, each under 2 s', function () {
    const root = join(CORPORA, 'slo-specs');
    const files = walk(root, (n) => /\.ya?ml$/.test(n));
    assert.ok(files.length >= 500, `expected the ~563 SLO spec files, found ${files.length}`);
    const outcomes = files.map(check);
    // These are not our policies: nearly every one must get findings (at least the schema's), none may pass silently as empty.
    const withFindings = outcomes.filter((o) => o.findings.length > 0).length;
    assert.ok(withFindings >= files.length * 0.95, `${withFindings} of ${files.length} foreign files got findings`);
    const crlf = outcomes.filter((o) => o.text.includes('\r\n'));
    assert.ok(crlf.length > 0, 'the corpus has CRLF files, and they were checked');
    const slowest = outcomes.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(`      ${files.length} files (${crlf.length} CRLF); slowest ${relative(CORPORA, slowest.path)} in ${Math.round(slowest.ms)} ms`);
  });
});
