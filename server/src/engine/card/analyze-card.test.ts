import { strict as assert } from 'node:assert';
import { analyzeCard } from './analyze-card';
import { card, cardDocument, cardFindings } from './testing';

describe('analyzeCard', () => {
  it('returns the parsed card and its findings in document order, each with its doc page', () => {
    const text = card({ frontMatter: 'license: mit\n', rest: '## Limitations\n\nTODO\n' });
    const { card: parsed, findings } = analyzeCard(cardDocument(text));
    assert.deepEqual(parsed.sections.map((s) => s.title), ['Claims triage', 'Proxies', 'Never events', 'Limitations']);
    assert.deepEqual(findings.map((f) => f.rule), ['card/objective', 'card/placeholder']);
    for (const f of findings) assert.ok(f.docUrl.endsWith(`docs/rules/${f.rule}.md`));
  });

  it('anchors a finding to the heading of the section it is in, so its fingerprint survives edits elsewhere', () => {
    const before = cardFindings(card({ rest: '## Limitations\n\nTODO\n' }));
    const after = cardFindings(card({ title: '# Claims triage\n\nA longer introduction.\n\nOver two paragraphs.\n', rest: '## Limitations\n\nTODO\n' }));
    assert.equal(before[0]!.anchor, 'Limitations');
    assert.notEqual(before[0]!.range.start.line, after[0]!.range.start.line);
    assert.equal(before[0]!.fingerprint, after[0]!.fingerprint);
    const moved = cardFindings(card({ rest: '## Known issues\n\nTODO\n' }));
    assert.notEqual(moved[0]!.fingerprint, before[0]!.fingerprint);
  });

  it('passes a valid card, and a card with no headings gets its findings on its first block', () => {
    assert.deepEqual(cardFindings(card()), []);
    const bare = cardFindings('Just a paragraph.\n');
    assert.deepEqual(bare.map((f) => [f.rule, f.range.start.line, f.range.end.character]), [
      ['card/never-events', 0, 17],
      ['card/objective', 0, 17],
      ['card/proxy-failure-mode', 0, 17],
    ]);
    assert.equal(cardFindings('').length, 3);
  });
});
