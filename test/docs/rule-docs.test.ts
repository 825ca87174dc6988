// Every rule has a page at docs/rules/<id>.md whose examples behave as documented: the failing example
// produces a finding of that rule, the passing example produces no finding at all. The pages' fields agree
// with the rule's meta, the index lists every rule, and no page outlives its rule.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, analyzeCard, analyzeFolder, analyzeNote, MAX_POLICY_BYTES, parseConfig, RULE_METAS, RULES, settle, type Finding, type RuleMeta } from '../../server/src/engine';
import { analyzeDiff, sloDiff, type NoteVersion } from '../../server/src/engine/diff';
import { folderOf, pathOfUri, uriOf, type Files } from '../../server/src/engine/folder/testing';
import { parseNote } from '../../server/src/engine/note/parse';
import { parsePolicy } from '../../server/src/engine/policy/parse';

const ROOT = resolve(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');
const INDEX = join(DOCS, 'README.md');
const URI = 'file:///x/safety-slos.yaml';

function document(text: string): TextDocument {
  return TextDocument.create(URI, 'yaml', 1, text);
}

function findingsOf(text: string, id: string): readonly Finding[] {
  if (id.startsWith('suppression/')) return suppressionFindingsOf(text);
  if (id.startsWith('config/')) return configFindingsOf(text);
  if (id.startsWith('note/')) return analyzeNote(TextDocument.create('file:///x/deliberation-note.md', 'markdown', 1, text), { today: '2026-06-15' }).findings;
  if (id.startsWith('card/')) return analyzeCard(TextDocument.create('file:///x/MODEL_CARD.md', 'markdown', 1, text)).findings;
  return analyze(document(text)).findings;
}

/** Config rules check `.safety-specs.yaml` files: their examples are config files. */
function configFindingsOf(text: string): readonly Finding[] {
  return parseConfig(TextDocument.create('file:///x/.safety-specs.yaml', 'yaml', 1, text)).findings;
}

/** Suppression rules judge comments against the settled findings: their examples are settled, on a fixed day. */
function suppressionFindingsOf(text: string): readonly Finding[] {
  const doc = document(text);
  return settle(doc, analyze(doc).findings, { today: '2026-06-15' }).findings;
}

function show(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule} ${f.message}`).join('\n') || '  (none)';
}

function pagePath(id: string): string {
  return join(DOCS, ...id.split('/')) + '.md';
}

interface Block {
  readonly info: string;
  readonly body: string;
  /** The file a folder example's block is, from a `<!-- file: NAME -->` line just before the fence. */
  readonly file?: string;
  /** `<!-- file: NAME (base) -->`: the file as the base revision has it, in a diff rule's example. */
  readonly base?: boolean;
}

/** Fenced code blocks (```info ... ```), with their info strings as written. */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let open: { info: string; lines: string[]; file?: string; base?: boolean } | undefined;
  let previous = '';
  for (const line of markdown.split(/\r?\n/)) {
    if (!open) {
      const m = /^```(.*)$/.exec(line);
      const file = /^<!-- file: (\S+)( \(base\))? -->$/.exec(previous);
      if (m) open = { info: m[1]!.trim(), lines: [], file: file?.[1], base: !!file?.[2] };
      if (line.trim()) previous = line;
    } else if (/^```\s*$/.test(line)) {
      blocks.push({ info: open.info, body: open.lines.join('\n') + '\n', file: open.file, base: open.base });
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  assert.equal(open, undefined, 'a fenced code block is not closed');
  return blocks;
}

function only(blocks: readonly Block[], info: string, id: string): string {
  const found = blocks.filter((b) => b.info === info);
  assert.equal(found.length, 1, `${id}: expected exactly one \`\`\`${info} block, found ${found.length}`);
  return found[0]!.body;
}

/** `- **Field:** value`: the value's first word (`yes`, `no`, or a `severity` in backticks). */
function field(page: string, name: string, id: string): string {
  const m = new RegExp(`^- \\*\\*${name}:\\*\\* \`?([a-z]+)`, 'm').exec(page);
  assert.ok(m, `${id}: the page has no "- **${name}:** ..." line`);
  return m[1]!;
}

/** The language of a rule's examples: model-card and deliberation-note rules check Markdown, the others YAML. */
function language(id: string): string {
  return /^(card|note)\//.test(id) ? 'markdown' : 'yaml';
}

/**
 * Source rules see raw text that YAML cannot show, and note/length a note too long to show; their failing
 * case is built from the passing example.
 */
const SOURCE_FAILING: Readonly<Record<string, (passing: string) => string>> = {
  'file/too-large': (passing) => passing + `# ${'x'.repeat(78)}\n`.repeat(Math.ceil(MAX_POLICY_BYTES / 80) + 1),
  'file/binary': (passing) => passing.replace('\n', '\u0000\n'),
  'note/length': (passing) => `${passing}\n## Appendix\n\n${'word '.repeat(800)}\n`,
};

const SOURCE_RULES = new Set<string>([...RULES.filter((r) => r.kind === 'source').map((r) => r.meta.id), 'note/length']);

/** The failing text of a rule: the ```yaml failing example, or for source rules one built from the passing example. */
function failingText(meta: RuleMeta, blocks: readonly Block[]): string {
  if (!SOURCE_RULES.has(meta.id)) return only(blocks, `${language(meta.id)} failing`, meta.id);
  only(blocks, 'text failing', meta.id);
  assert.equal(blocks.filter((b) => b.info === `${language(meta.id)} failing`).length, 0, `${meta.id}: a source rule describes its failing case in a \`\`\`text failing block`);
  const build = SOURCE_FAILING[meta.id];
  assert.ok(build, `${meta.id}: add a builder for its failing case to SOURCE_FAILING in this test`);
  return build(only(blocks, `${language(meta.id)} passing`, meta.id));
}

/**
 * Folder rules (`model/*`) read a model folder: the policy, its model card and its deliberation notes. Their
 * examples are folders, written as fenced blocks each preceded by a `<!-- file: NAME -->` line (NAME relative
 * to the folder). A block whose info string ends in `failing` or `passing` belongs to that example; a block
 * without either word belongs to both, so what the examples share is shown once. Every file is checked by its
 * own rules too (notes on 2026-06-15): the passing folder has no finding at all, and the failing one only
 * findings of the page's rule.
 */
const FOLDER_RULES = new Set<string>(RULES.filter((r) => r.kind === 'folder').map((r) => r.meta.id));

function folderExample(blocks: readonly Block[], which: 'failing' | 'passing', id: string): Files {
  const files: Record<string, string> = {};
  for (const block of blocks) {
    if (!block.file) continue;
    const [lang, role] = block.info.split(/\s+/);
    if (role && role !== which) continue;
    assert.equal(lang, block.file.endsWith('.md') ? 'markdown' : 'yaml', `${id}: ${block.file} is shown as \`\`\`${lang}`);
    assert.equal(files[block.file], undefined, `${id}: the ${which} example has ${block.file} twice`);
    files[block.file] = block.body;
  }
  assert.ok(Object.keys(files).length > 0, `${id}: no fenced block with a <!-- file: NAME --> line before it`);
  return files;
}

/** Every finding on a model folder's files, each file's own and the folder rules', with the file each is on. */
function folderFindingsOf(files: Files): (Finding & { readonly path: string })[] {
  const folder = folderOf(files);
  const byUri = new Map<string, readonly Finding[]>([
    ...folder.policies.map((p) => [p.document.uri, analyze(p.document).findings] as const),
    ...(folder.card ? [[folder.card.card.document.uri, analyzeCard(folder.card.card.document).findings] as const] : []),
    ...folder.notes.map((n) => [n.note.markdown.document.uri, analyzeNote(n.note.markdown.document, { today: '2026-06-15' }).findings] as const),
  ]);
  for (const [uri, findings] of analyzeFolder(folder)) byUri.set(uri, [...(byUri.get(uri) ?? []), ...findings]);
  return [...byUri].flatMap(([uri, findings]) => findings.map((f) => ({ ...f, path: pathOfUri(uri) })));
}

/** The folder once a fix is applied: its edits to the file of the finding, and the file it creates. */
function applyFolderFix(files: Files, finding: Finding & { readonly path: string }, fix: NonNullable<Finding['fixes']>[number]): Files {
  const edited = { ...files, [finding.path]: TextDocument.applyEdits(TextDocument.create('file:///x', 'text', 1, files[finding.path]!), [...fix.edits]) };
  return fix.newFile ? { ...edited, [pathOfUri(fix.newFile.uri)]: fix.newFile.text } : edited;
}

/**
 * Diff rules (`diff/*`) compare a model's policy with a base revision. Their examples are folder examples in two
 * versions: a block after `<!-- file: NAME (base) -->` is that file at the base (`main`), the other blocks are the
 * head; `failing` and `passing` work as for folder rules. A head note is `added` when the base has no file of its
 * name, else `changed` or `unchanged`. The head's policy files and notes are checked by their own rules too.
 */
const DIFF_RULES = new Set<string>(RULES.filter((r) => r.kind === 'diff').map((r) => r.meta.id));

function diffFindingsOf(blocks: readonly Block[], which: 'failing' | 'passing', id: string): (Finding & { readonly path: string })[] {
  const base = folderExample(blocks.filter((b) => b.base), which, id);
  const head = folderExample(blocks.filter((b) => !b.base), which, id);
  const policies = (files: Files) => Object.entries(files).filter(([p]) => p.endsWith('.yaml')).map(([p, text]) => parsePolicy(TextDocument.create(uriOf(p), 'yaml', 1, text)));
  const after = policies(head);
  const notes = Object.entries(head)
    .filter(([p]) => p.endsWith('.md'))
    .map(([p, text]): NoteVersion => ({ uri: uriOf(p), note: parseNote(TextDocument.create(uriOf(p), 'markdown', 1, text)), status: base[p] === undefined ? 'added' : base[p] === text ? 'unchanged' : 'changed' }));
  const byUri = new Map<string, readonly Finding[]>([
    ...after.map((p) => [p.document.uri, analyze(p.document).findings] as const),
    ...notes.map((n) => [n.uri, analyzeNote(n.note.markdown.document, { today: '2026-06-15' }).findings] as const),
  ]);
  for (const [uri, findings] of analyzeDiff(sloDiff({ base: 'main', before: policies(base), after, notes }), after)) byUri.set(uri, [...(byUri.get(uri) ?? []), ...findings]);
  return [...byUri].flatMap(([uri, findings]) => findings.map((f) => ({ ...f, path: pathOfUri(uri) })));
}

/** The findings of a page's failing or passing example, as the rule's kind reads examples. */
function exampleFindings(meta: RuleMeta, blocks: readonly Block[], which: 'failing' | 'passing'): readonly Finding[] {
  if (DIFF_RULES.has(meta.id)) return diffFindingsOf(blocks, which, meta.id);
  if (FOLDER_RULES.has(meta.id)) return folderFindingsOf(folderExample(blocks, which, meta.id));
  return findingsOf(which === 'failing' ? failingText(meta, blocks) : only(blocks, `${language(meta.id)} passing`, meta.id), meta.id);
}

function markdownFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => {
    const path = join(folder, e.name);
    if (e.isDirectory()) return markdownFiles(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

describe('rule docs', function () {
  for (const meta of RULE_METAS) {
    describe(meta.id, function () {
      const path = pagePath(meta.id);
      const read = () => {
        assert.ok(existsSync(path), `missing doc page ${relative(ROOT, path)}`);
        return readFileSync(path, 'utf8');
      };

      it('has a page with the title, description and fields of the rule', function () {
        const page = read();
        assert.equal(page.split('\n')[0], `# ${meta.id}`);
        assert.ok(page.includes(meta.description), `the page quotes the rule's description: ${meta.description}`);
        assert.equal(field(page, 'Default severity', meta.id), meta.defaultSeverity);
        assert.equal(field(page, 'Guards never events', meta.id), meta.guardsNeverEvents ? 'yes' : 'no');
        assert.match(field(page, 'Quick fix', meta.id), /^(yes|no)$/);
        for (const section of ['## Why', '## What it flags', '## Examples']) {
          assert.ok(page.split('\n').includes(section), `the page has a "${section}" section`);
        }
      });

      const failingFindings = () => exampleFindings(meta, fencedBlocks(read()), 'failing');

      it('the failing example is reported by this rule, and only by it', function () {
        const findings = failingFindings();
        assert.ok(findings.some((f) => f.rule === meta.id), `no ${meta.id} finding for the failing example; found:\n${show(findings)}`);
        assert.deepEqual(findings.filter((f) => f.rule !== meta.id), [], `the failing example also trips other rules:\n${show(findings)}`);
      });

      it('the passing example produces no finding at all', function () {
        const findings = exampleFindings(meta, fencedBlocks(read()), 'passing');
        assert.deepEqual([...findings], [], `the passing example is not clean:\n${show(findings)}`);
      });

      it('findings link to this page', function () {
        for (const f of failingFindings()) {
          const suffix = `docs/rules/${f.rule}.md`;
          assert.ok(f.docUrl.endsWith(suffix), `${f.rule}: docUrl ${f.docUrl} does not end with ${suffix}`);
          assert.ok(existsSync(join(ROOT, ...suffix.split('/'))), `${f.rule}: docUrl points at ${suffix}, which does not exist`);
        }
      });

      it('offers a quick fix exactly when the page says so, and the fix resolves the finding', function () {
        const page = read();
        const withFix = failingFindings().filter((f) => f.rule === meta.id && f.fixes?.length);
        if (field(page, 'Quick fix', meta.id) === 'no') {
          assert.deepEqual(withFix.map((f) => f.fixes?.map((x) => x.title)), [], 'the page says "Quick fix: no", but the failing example offers fixes');
          return;
        }
        assert.ok(withFix.length > 0, 'the page says "Quick fix: yes", so its failing example should show one');
        if (FOLDER_RULES.has(meta.id)) {
          const files = folderExample(fencedBlocks(page), 'failing', meta.id);
          const own = (f: Files) => folderFindingsOf(f).filter((x) => x.rule === meta.id);
          for (const finding of own(files).filter((f) => f.fixes?.length)) {
            const fix = finding.fixes!.find((x) => x.preferred) ?? finding.fixes![0]!;
            assert.ok(own(applyFolderFix(files, finding, fix)).length < own(files).length, `applying "${fix.title}" does not resolve the finding`);
          }
          return;
        }
        const text = failingText(meta, fencedBlocks(page));
        const own = (t: string) => findingsOf(t, meta.id).filter((f) => f.rule === meta.id);
        for (const finding of own(text).filter((f) => f.fixes?.length)) {
          const fix = finding.fixes!.find((x) => x.preferred) ?? finding.fixes![0]!;
          const fixed = TextDocument.applyEdits(document(text), [...fix.edits]);
          assert.ok(own(fixed).length < own(text).length, `applying "${fix.title}" does not resolve the finding:\n${fixed}`);
        }
      });
    });
  }

  it('has no page without a rule', function () {
    const ids = new Set<string>(RULE_METAS.map((m) => m.id));
    const stale = markdownFiles(DOCS)
      .filter((p) => p !== INDEX)
      .map((p) => relative(DOCS, p).split(sep).join('/').replace(/\.md$/, ''))
      .filter((id) => !ids.has(id));
    assert.deepEqual(stale, [], 'pages in docs/rules/ for rules that do not exist');
  });

  it('lists every rule in the index, with its severity and description, and nothing else', function () {
    assert.ok(existsSync(INDEX), 'docs/rules/README.md is missing');
    const index = readFileSync(INDEX, 'utf8');
    const rows = index.split('\n').filter((l) => l.startsWith('| ['));
    for (const meta of RULE_METAS) {
      const row = rows.find((r) => r.startsWith(`| [${meta.id}](${meta.id}.md) |`));
      assert.ok(row, `the index has no row for ${meta.id}`);
      const cells = row.split(' | ');
      assert.match(cells[1]!, new RegExp(`^${meta.defaultSeverity}\\b`), `${meta.id}: severity in the index`);
      assert.equal(/guards never events/.test(cells[1]!), !!meta.guardsNeverEvents, `${meta.id}: never-event marker in the index`);
      assert.ok(row.includes(meta.description), `${meta.id}: the index shows the rule's description`);
    }
    assert.equal(rows.length, RULE_METAS.length, 'the index has rows for rules that do not exist');
  });

  it('has no broken relative links', function () {
    const broken: string[] = [];
    for (const page of markdownFiles(DOCS)) {
      for (const [, target] of readFileSync(page, 'utf8').matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        if (!existsSync(resolve(dirname(page), target!))) broken.push(`${relative(DOCS, page)} -> ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });
});
