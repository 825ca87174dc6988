// The model-card and deliberation-note rules on real files from public projects (../shared/corpora/model-cards:
// vendor cards, Hugging Face templates and fixtures; ../shared/corpora/decision-records: MADR, Nygard, GOV.UK and
// design-doc ADRs). Decision records are not deliberation notes, so findings are expected; what must hold is that
// every file is analysed without a throw or an internal error, every range inside its file. The counts by rule
// are printed for docs/corpus-report.md. Where a corpus is absent the test says so in one line and skips.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeCard, analyzeNote, type Finding } from '../../server/src/engine';

const CORPORA = resolve(__dirname, '..', '..', '..', 'shared', 'corpora');

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

const CASES = [
  { corpus: 'model-cards', kind: 'cards', atLeast: 200, analyse: (d: TextDocument) => analyzeCard(d).findings },
  { corpus: 'decision-records', kind: 'records', atLeast: 300, analyse: (d: TextDocument) => analyzeNote(d, { today: '2026-06-15' }).findings },
] as const;

describe('Markdown rules on the corpora', function () {
  this.timeout(120_000);

  for (const { corpus, kind, atLeast, analyse } of CASES) {
    it(`${corpus}: no throw, no internal error, every range inside its file`, function () {
      const root = join(CORPORA, corpus);
      if (!existsSync(root)) {
        console.log(`      ${corpus} corpus not found at ${root}: skipping`);
        this.skip();
      }
      const files = markdownFiles(root);
      assert.ok(files.length >= atLeast, `expected at least ${atLeast} ${kind}, found ${files.length}`);
      const byRule = new Map<string, { findings: number; files: number }>();
      for (const path of files) {
        const where = relative(root, path);
        const document = TextDocument.create(pathToFileURL(path).href, 'markdown', 1, readFileSync(path, 'utf8'));
        let findings: readonly Finding[];
        try {
          findings = analyse(document);
        } catch (e) {
          assert.fail(`threw on ${where}: ${(e as Error).stack}`);
        }
        const lines = document.getText().split(/\r\n|\r|\n/);
        const inside = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]!.length;
        for (const f of findings) {
          assert.ok(!f.message.startsWith('Internal error'), `${where}: ${f.rule}: ${f.message}`);
          assert.ok(inside(f.range.start) && inside(f.range.end), `${where}: ${f.rule} range ${JSON.stringify(f.range)} is outside the file`);
        }
        for (const rule of new Set(findings.map((f) => f.rule))) {
          const count = byRule.get(rule) ?? { findings: 0, files: 0 };
          byRule.set(rule, { findings: count.findings + findings.filter((f) => f.rule === rule).length, files: count.files + 1 });
        }
      }
      const counts = [...byRule].sort(([a], [b]) => a.localeCompare(b)).map(([rule, c]) => `${rule} ${c.findings} in ${c.files}`);
      console.log(`      ${files.length} ${kind}: ${counts.join('; ')}`);
    });
  }
});
