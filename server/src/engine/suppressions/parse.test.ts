import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cardDocument } from '../card/testing';
import { doc, range } from '../testing';
import { parseSuppressions } from './parse';

const only = (text: string) => {
  const found = parseSuppressions(doc(text));
  assert.equal(found.length, 1, `expected one suppression in:\n${text}`);
  return found[0];
};

describe('parseSuppressions', () => {
  it('reads rules, reason, expiry and ranges of a trailing comment, which covers its own line', () => {
    const s = only('a: 1\nb: 2   # safety-specs-ignore slo/a, slo/b: legacy, see SAFE-12 until 2027-03-31\n');
    assert.deepEqual(s.target, { line: 1 });
    assert.deepEqual(s.rules, [{ id: 'slo/a', range: range(1, 29, 1, 34) }, { id: 'slo/b', range: range(1, 36, 1, 41) }]);
    assert.equal(s.reason, 'legacy, see SAFE-12');
    assert.deepEqual(s.until, { date: '2027-03-31', range: range(1, 69, 1, 79) });
    assert.deepEqual(s.range, range(1, 7, 1, 79));
    assert.deepEqual(s.removal, range(1, 4, 1, 79), 'the comment and the blanks before it');
  });

  it('a comment alone on its line covers the next line that is neither blank nor a comment', () => {
    const s = only('a: 1\n  # safety-specs-ignore slo/a: why\n\n  # another comment\n\nb: 2\n');
    assert.deepEqual(s.target, { line: 5 });
    assert.deepEqual(s.removal, range(1, 0, 2, 0), 'its whole line');
  });

  it('safety-specs-ignore-file covers the whole file, wherever it is', () => {
    assert.equal(only('a: 1 # safety-specs-ignore-file slo/a: why\n').target, 'file');
    assert.equal(only('a: 1\n#safety-specs-ignore-file slo/a: why').target, 'file');
  });

  it('accepts the expiry bare, in brackets or in parentheses, and keeps it out of the reason', () => {
    for (const written of ['until 2027-03-31', '[until 2027-03-31]', '(until 2027-03-31)', '[until 2027-3-31']) {
      const s = only(`# safety-specs-ignore slo/a: reason ${written}\na: 1\n`);
      assert.equal(s.reason, 'reason', written);
      assert.equal(s.until?.date, written.replace(/[^\d-]/g, ''), written);
    }
  });

  it('"until" not followed by something date-like at the end is part of the reason', () => {
    for (const reason of ['wait until fixed', 'until 2027-03-31 the vendor owns it', 'hold until v2']) {
      const s = only(`# safety-specs-ignore slo/a: ${reason}\na: 1\n`);
      assert.equal(s.reason, reason);
      assert.equal(s.until, undefined);
    }
  });

  it('has no reason without a colon, or with only an expiry after it', () => {
    for (const body of ['slo/a', 'slo/a because', 'slo/a:', 'slo/a:   ', 'slo/a: until 2027-01-01', 'slo/a slo/b: two rules need a comma']) {
      const s = only(`# safety-specs-ignore ${body}\na: 1\n`);
      assert.equal(s.reason, undefined, body);
      assert.deepEqual(s.rules.map((r) => r.id), ['slo/a'], body);
    }
    assert.deepEqual(only('# safety-specs-ignore: why\na: 1\n').rules, []);
  });

  it('finds comments with the YAML lexer: "#" in quoted strings and block scalars is text', () => {
    const text = [
      'description: "# safety-specs-ignore slo/a: in a string"',
      "summary: 'see # safety-specs-ignore slo/a: quoted'",
      'objective: |',
      '  # safety-specs-ignore slo/a: block scalar text',
      'model: claims#safety-specs-ignore slo/a: not a comment either',
      'target: "a # b"   # safety-specs-ignore slo/b: after a quoted "#"',
      '',
    ].join('\n');
    const [s, ...rest] = parseSuppressions(doc(text));
    assert.deepEqual(rest, []);
    assert.deepEqual(s.rules.map((r) => r.id), ['slo/b']);
    assert.deepEqual(s.target, { line: 5 });
  });

  it('ignores comments that merely mention the directive', () => {
    assert.deepEqual(parseSuppressions(doc('# note: safety-specs-ignore slo/a: x\n# safety-specs-ignored slo/a: x\na: 1\n')), []);
  });

  it('reads CRLF text with the same positions, and removes a whole line with its CRLF', () => {
    const lf = 'a: 1\n# safety-specs-ignore slo/a: why until 2027-01-01\nb: 2 # safety-specs-ignore slo/b: why\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const strip = (text: string) => parseSuppressions(doc(text)).map(({ removal: _, ...s }) => s);
    assert.deepEqual(strip(crlf), strip(lf));
    const document = doc(crlf);
    const [alone, trailing] = parseSuppressions(document);
    assert.equal(TextDocument.applyEdits(document, [{ range: alone.removal, newText: '' }]), 'a: 1\r\nb: 2 # safety-specs-ignore slo/b: why\r\n');
    assert.equal(TextDocument.applyEdits(document, [{ range: trailing.removal, newText: '' }]), 'a: 1\r\n# safety-specs-ignore slo/a: why until 2027-01-01\r\nb: 2\r\n');
  });

  it('an alone comment on the last line covers no line of the file, and its removal ends at the end of the file', () => {
    const s = only('a: 1\n# safety-specs-ignore slo/a: why');
    assert.deepEqual(s.target, { line: 2 });
    assert.deepEqual(s.removal, range(1, 0, 1, 32));
  });
});

describe('parseSuppressions in Markdown', () => {
  const md = (text: string) => parseSuppressions(cardDocument(text));
  const onlyMd = (text: string) => {
    const found = md(text);
    assert.equal(found.length, 1, `expected one suppression in:\n${text}`);
    return found[0];
  };

  it('reads an HTML comment at the end of a line, which covers that line; removing it takes the blanks before it', () => {
    const text = '# Card\n\n[More Information Needed]  <!-- safety-specs-ignore card/placeholder, card/objective: kept for the template until 2027-03-31 -->\n';
    const s = onlyMd(text);
    assert.deepEqual(s.target, { line: 2 });
    assert.deepEqual(s.rules, [{ id: 'card/placeholder', range: range(2, 52, 2, 68) }, { id: 'card/objective', range: range(2, 70, 2, 84) }]);
    assert.equal(s.reason, 'kept for the template');
    assert.deepEqual(s.until, { date: '2027-03-31', range: range(2, 114, 2, 124) });
    assert.deepEqual(s.range, range(2, 27, 2, 128));
    assert.equal(TextDocument.applyEdits(cardDocument(text), [{ range: s.removal, newText: '' }]), '# Card\n\n[More Information Needed]\n');
  });

  it('a comment alone on its lines covers the next line that is neither blank nor a comment, and is removed with its lines', () => {
    const text = '# Card\n\n<!-- safety-specs-ignore card/placeholder:\n     kept for the template -->\n\n<!-- markdownlint-disable -->\n[More Information Needed]\n';
    const s = onlyMd(text);
    assert.deepEqual(s.target, { line: 6 });
    assert.equal(s.reason, 'kept for the template', 'a reason over several lines reads as one line');
    assert.deepEqual(s.range, range(2, 0, 3, 30));
    assert.equal(TextDocument.applyEdits(cardDocument(text), [{ range: s.removal, newText: '' }]), '# Card\n\n\n<!-- markdownlint-disable -->\n[More Information Needed]\n');
  });

  it('a comment followed by text on its line covers that line, and is removed with the blanks after it', () => {
    const text = 'Intro.\n<!-- safety-specs-ignore card/placeholder: why -->  [More Information Needed]\n';
    const s = onlyMd(text);
    assert.deepEqual(s.target, { line: 1 });
    assert.equal(TextDocument.applyEdits(cardDocument(text), [{ range: s.removal, newText: '' }]), 'Intro.\n[More Information Needed]\n');
  });

  it('reads every comment of a raw HTML block, in quotes and list items too', () => {
    const text = [
      '<div>',
      '<!-- safety-specs-ignore a/a: one --><!-- safety-specs-ignore a/b: two -->',
      '</div>',
      '',
      '> quoted <!-- safety-specs-ignore a/c: three -->',
      '',
      '- item',
      '  <!-- safety-specs-ignore a/d: four -->',
      '  more',
      '',
    ].join('\n');
    assert.deepEqual(md(text).map((s) => [s.rules[0]?.id, s.target]), [['a/a', { line: 1 }], ['a/b', { line: 1 }], ['a/c', { line: 4 }], ['a/d', { line: 8 }]]);
  });

  it('only real HTML comments count: not in code blocks or code spans, not "#" lines of the body, not other comments', () => {
    const text = [
      '# safety-specs-ignore-file card/placeholder: a heading, not a comment',
      '',
      '```markdown',
      '<!-- safety-specs-ignore card/placeholder: fenced code -->',
      '```',
      '',
      '    <!-- safety-specs-ignore card/placeholder: indented code -->',
      '',
      'Write `<!-- safety-specs-ignore card/placeholder: why -->` after the line.',
      '',
      '<!-- note: safety-specs-ignore card/placeholder: x -->',
      '<!-- safety-specs-ignored card/placeholder: x -->',
      '<!-- safety-specs-ignore card/placeholder: never closed',
      '',
    ].join('\n');
    assert.deepEqual(md(text), []);
  });

  it('reads the YAML comments of the front matter at their lines in the Markdown', () => {
    const text = [
      '---',
      'license: apache-2.0',
      'objective: "One. # Two."   # safety-specs-ignore card/objective: two sentences on purpose',
      '# safety-specs-ignore-file card/placeholder: template kept',
      'tags: [a]',
      '# safety-specs-ignore card/hf-model-index: nothing follows in the front matter',
      '---',
      '# Card',
      '',
    ].join('\n');
    const [trailing, file, last] = md(text);
    assert.deepEqual(trailing?.target, { line: 2 });
    assert.deepEqual(trailing?.rules, [{ id: 'card/objective', range: range(2, 49, 2, 63) }]);
    assert.equal(file?.target, 'file');
    assert.deepEqual(last?.target, { line: 6 }, 'the closing fence, not the title after it');
    assert.equal(TextDocument.applyEdits(cardDocument(text), [{ range: file!.removal, newText: '' }]), text.replace('# safety-specs-ignore-file card/placeholder: template kept\n', ''));
  });

  it('reads CRLF and a BOM with the same positions', () => {
    const lf = '---\nlicense: mit # safety-specs-ignore a/a: x\n---\n# Card\n\n<!-- safety-specs-ignore a/b: y until 2027-01-01 -->\nText. <!-- safety-specs-ignore-file a/c: z -->\n';
    const shape = (text: string) => md(text).map(({ removal: _, ...s }) => s);
    assert.equal(shape(lf).length, 3);
    assert.deepEqual(shape(lf.replace(/\n/g, '\r\n')), shape(lf));
    assert.deepEqual(shape(`\uFEFF${lf}`), shape(lf));
  });

  it('reads a document as Markdown by its language, or by its .md extension', () => {
    const text = '<!-- safety-specs-ignore a/a: x -->\nText.\n';
    assert.equal(parseSuppressions(TextDocument.create('file:///w/notes.MD', 'plaintext', 1, text)).length, 1);
    assert.equal(parseSuppressions(TextDocument.create('untitled:Untitled-1', 'markdown', 1, text)).length, 1);
    assert.deepEqual(parseSuppressions(doc(text)), [], 'in YAML, an HTML comment is text');
  });
});
