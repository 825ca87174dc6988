import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
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
