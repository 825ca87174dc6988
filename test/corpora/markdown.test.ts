// The model-card and deliberation-note rules on real files from public projects (../shared/corpora/model-cards:
// vendor cards, Hugging Face templates and fixtures; ../shared/corpora/decision-records: MADR, Nygard, GOV.UK and
// design-doc ADRs). Decision records are not deliberation notes, so findings are expected; what must hold is that
// every file is analysed without a throw or an internal error, every range inside its file, and that the CLI
// (`check --markdown-as card|note`, in batches) checks every file, exits 0 or 1 and reports what the engine finds.
// The counts by rule are printed for docs/corpus-report.md. Where a corpus is absent the test says so in one
// line and skips.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeCard, analyzeNote, today, type Finding } from '../../server/src/engine';
import { runCli, type JsonReport } from '../cli/run-cli';
import { ensureBuilt } from '../protocol/lsp-client';

const CORPORA = resolve(__dirname, '..', '..', '..', 'shared', 'corpora');
/** Files per CLI run: well under any platform's command-line limit. */
const BATCH = 80;

/** Every Markdown file below `root`, in a stable order, the corpus's own README (which describes it) aside. */
function markdownFiles(root: string, folder = root): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(folder, e.name);
      if (e.isDirectory()) return markdownFiles(root, path);
      return e.name.endsWith('.md') && path !== join(root, 'README.md') ? [path] : [];
    });
}

/** The file as the CLI reads it: UTF-8, without a byte-order mark. */
function documentOf(path: string): TextDocument {
  const text = readFileSync(path, 'utf8');
  return TextDocument.create(pathToFileURL(path).href, 'markdown', 1, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}

const CASES = [
  { corpus: 'model-cards', kind: 'card', noun: 'cards', atLeast: 200, analyse: (d: TextDocument) => analyzeCard(d).findings },
  { corpus: 'decision-records', kind: 'note', noun: 'records', atLeast: 300, analyse: (d: TextDocument) => analyzeNote(d, { today: today() }).findings },
] as const;

/** `rule N in M` per rule, as the corpus report lists them. */
class Counts {
  private readonly byRule = new Map<string, { findings: number; files: number }>();

  add(findings: readonly { rule: string }[]): void {
    for (const rule of new Set(findings.map((f) => f.rule))) {
      const count = this.byRule.get(rule) ?? { findings: 0, files: 0 };
      this.byRule.set(rule, { findings: count.findings + findings.filter((f) => f.rule === rule).length, files: count.files + 1 });
    }
  }

  toString(): string {
    return [...this.byRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, c]) => `${rule} ${c.findings} in ${c.files}`).join('; ');
  }
}

/** A finding as both the engine and the JSON report can say it: rule and 1-based start. */
const where = (rule: string, line: number, column: number) => `${rule} ${line}:${column}`;

describe('Markdown rules on the corpora', function () {
  this.timeout(300_000);

  for (const { corpus, kind, noun, atLeast, analyse } of CASES) {
    const root = join(CORPORA, corpus);
    const skipWhenAbsent = (test: Mocha.Context) => {
      if (existsSync(root)) return;
      console.log(`      ${corpus} corpus not found at ${root}: skipping`);
      test.skip();
    };

    it(`${corpus}: no throw, no internal error, every range inside its file`, function () {
      skipWhenAbsent(this);
      const files = markdownFiles(root);
      assert.ok(files.length >= atLeast, `expected at least ${atLeast} ${noun}, found ${files.length}`);
      const counts = new Counts();
      for (const path of files) {
        const at = relative(root, path);
        const document = documentOf(path);
        let findings: readonly Finding[];
        try {
          findings = analyse(document);
        } catch (e) {
          assert.fail(`threw on ${at}: ${(e as Error).stack}`);
        }
        const lines = document.getText().split(/\r\n|\r|\n/);
        const inside = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
        for (const f of findings) {
          assert.ok(!f.message.startsWith('Internal error'), `${at}: ${f.rule}: ${f.message}`);
          assert.ok(inside(f.range.start) && inside(f.range.end), `${at}: ${f.rule} range ${JSON.stringify(f.range)} is outside the file`);
        }
        counts.add(findings);
      }
      console.log(`      engine, ${files.length} ${noun}: ${counts}`);
    });

    it(`${corpus}: the CLI checks every file as a ${kind} (exit 0 or 1, no internal error), with the engine's findings`, function () {
      skipWhenAbsent(this);
      ensureBuilt();
      // Relative to the corpora, as the report's paths are: the CLI runs there.
      const files = markdownFiles(root).map((path) => relative(CORPORA, path));
      const counts = new Counts();
      for (let i = 0; i < files.length; i += BATCH) {
        const batch = files.slice(i, i + BATCH);
        const r = runCli(['check', '--markdown-as', kind, '--format', 'json', ...batch], { cwd: CORPORA });
        assert.ok(r.status === 0 || r.status === 1, `exit ${r.status} for ${batch[0]}...: ${r.stderr}${r.stdout.slice(0, 2000)}`);
        assert.equal(r.stderr, '');
        const report = JSON.parse(r.stdout) as JsonReport;
        assert.deepEqual(report.files.map((f) => f.path.split(sep).join('/')), batch.map((f) => f.split(sep).join('/')), 'every file checked, once, in order');
        for (const file of report.files) {
          assert.ok('findings' in file, `${file.path}: ${'error' in file ? file.error : ''}`);
          for (const f of file.findings) assert.ok(!f.message.startsWith('Internal error'), `${file.path}: ${f.rule}: ${f.message}`);
          const engine = analyse(documentOf(join(CORPORA, file.path)));
          assert.deepEqual(
            file.findings.map((f) => where(f.rule, f.line, f.column)),
            engine.map((f) => where(f.rule, f.range.start.line + 1, f.range.start.character + 1)),
            `${file.path}: the CLI reports what the engine finds`,
          );
          counts.add(file.findings);
        }
      }
      console.log(`      CLI, ${files.length} ${noun}: ${counts}`);
    });
  }
});
