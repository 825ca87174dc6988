import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { isMap } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { range } from '../testing';
import { findSection, parseMarkdown, plainText, rangeOfNode } from './parse';

const md = (text: string) => parseMarkdown(TextDocument.create('file:///w/MODEL_CARD.md', 'markdown', 1, text));

describe('markdown/parse', () => {
  it('lists headings as sections, each up to the next heading of the same or a higher level', () => {
    const file = md('# Card\n\nintro\n\n## Proxies\n\n- a\n\n### Detail\n\ntext\n\n## Never events\n\n- never b\n');
    assert.deepEqual(
      file.sections.map((s) => [s.depth, s.title, s.heading, s.range, s.nodes.map((n) => n.type)]),
      [
        [1, 'Card', range(0, 0, 0, 6), range(0, 0, 14, 9), ['paragraph', 'heading', 'list', 'heading', 'paragraph', 'heading', 'list']],
        [2, 'Proxies', range(4, 0, 4, 10), range(4, 0, 10, 4), ['list', 'heading', 'paragraph']],
        [3, 'Detail', range(8, 0, 8, 10), range(8, 0, 10, 4), ['paragraph']],
        [2, 'Never events', range(12, 0, 12, 15), range(12, 0, 14, 9), ['list']],
      ],
    );
  });

  it('reads setext headings and ignores headings inside fenced code and HTML', () => {
    const file = md('Model card\n==========\n\n```markdown\n# Not a heading\n```\n\nProxies\n-------\n\n<div>\n\n</div>\n');
    assert.deepEqual(file.sections.map((s) => [s.depth, s.title, s.heading]), [
      [1, 'Model card', range(0, 0, 1, 10)],
      [2, 'Proxies', range(7, 0, 8, 7)],
    ]);
  });

  it('leaves HTML comments out of the text rules read (MADR\'s "<!-- optional -->", suppression comments)', () => {
    const file = md('## Decision Drivers <!-- optional -->\n\n- Never deny <!-- safety-specs-ignore x: y --> a claim.\n');
    assert.equal(file.sections[0]!.title, 'Decision Drivers');
    assert.equal(plainText(file.sections[0]!.nodes).replace(/\s+/g, ' ').trim(), 'Never deny a claim.');
  });

  it('keeps exact ranges with a BOM and CRLF line endings', () => {
    const text = '\uFEFF---\r\nobjective: Keep claims fair.\r\n---\r\n# Card\r\n\r\n## Proxies\r\n\r\n- recall\r\n';
    const file = md(text);
    assert.deepEqual(file.sections.map((s) => s.heading), [range(3, 0, 3, 6), range(5, 0, 5, 10)]);
    assert.deepEqual(file.frontMatter?.range, range(0, 1, 2, 3));
    const list = file.sections[1]!.nodes[0]!;
    assert.equal(file.document.getText(rangeOfNode(file.document, list)), '- recall');
    const objective = file.frontMatter!.file.root!.fields.get('objective')!;
    assert.deepEqual(file.frontMatter!.rangeOf(objective.value), range(1, 11, 1, 28));
    assert.equal(file.document.getText(file.frontMatter!.rangeOf(objective.value)), 'Keep claims fair.');
  });

  it('parses front matter as YAML, with its data and node ranges in the Markdown document', () => {
    const file = md('---\nlicense: apache-2.0\nmodel-index:\n  - name: m\n    results: []\n---\n\n# Card\n');
    const fm = file.frontMatter!;
    assert.deepEqual(fm.data, { license: 'apache-2.0', 'model-index': [{ name: 'm', results: [] }] });
    const index = fm.file.root!.fields.get('model-index')!;
    assert.deepEqual(fm.rangeOf(index.key), range(2, 0, 2, 11));
    assert.deepEqual(fm.range, range(0, 0, 5, 3));
    assert.equal(file.tree.children[0]!.type, 'yaml');
  });

  it('keeps broken or hostile front matter as data-less YAML, and a document without it has none', () => {
    const broken = md('---\nlicense: [apache\n---\n# Card\n').frontMatter!;
    assert.ok(broken.file.yamlDocs[0]!.errors.length > 0);
    const bomb = md(`---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n`).frontMatter!;
    assert.equal(bomb.data, undefined);
    assert.ok(isMap(bomb.file.root?.node));
    assert.equal(md('# Card\n\n---\nx: 1\n---\n').frontMatter, undefined);
    assert.deepEqual(md('---\n---\n# Card\n').frontMatter?.range, range(0, 0, 1, 3));
  });

  it('parses GFM tables', () => {
    const file = md('## Proxies\n\n| Proxy | Failure mode |\n| --- | --- |\n| recall | flags everything |\n');
    const table = file.sections[0]!.nodes[0]!;
    assert.equal(table.type, 'table');
    assert.equal(plainText(table.type === 'table' ? table.children[1]!.children[1]! : table), 'flags everything');
  });

  it('finds a section by case-insensitive title, ignoring numbering and trailing punctuation', () => {
    const file = md('# Card\n\n## 2.1 PROXY metrics:\n\n## Never-events\n');
    assert.equal(findSection(file, ['Proxy metrics'])?.title, '2.1 PROXY metrics:');
    assert.equal(findSection(file, [/^never[- ]events?$/])?.title, 'Never-events');
    assert.equal(findSection(file, [/^NEVER/g])?.title, 'Never-events');
    assert.equal(findSection(file, ['Proxies', 'Objective']), undefined);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('#', '-', '`', '\n', '\r', '\uFEFF', ' ', 'a', '|', ':', '=', '>', '*', '[', ']') }), (text) => {
        const file = md(text);
        const lines = file.document.lineCount;
        for (const s of file.sections) assert.ok(s.range.start.line <= s.range.end.line && s.range.end.line < lines);
      }),
    );
    // Deep enough to overflow the stack of mdast's recursive utilities: read as an empty document.
    assert.deepEqual(md('>'.repeat(10_000) + ' deep\n').tree.children, []);
  });
});
