import { strict as assert } from 'node:assert';
import { folderOf } from '../../folder/testing';
import { markdownLinks } from './links';
import { CARD, FILES, NOTE, rangeIn, specOf } from './testing';

const POLICY_URI = 'file:///ws/model/safety-slos.yaml';

function linksOf(files: Record<string, string>, kind: 'card' | 'note', withFolder = true) {
  const folder = folderOf(files);
  return markdownLinks(specOf(folder, kind), withFolder ? folder : undefined);
}

describe('features/markdown/links', () => {
  it('resolves a card\'s relative links against its URI, at the URL as written; not web links', () => {
    const links = linksOf(FILES, 'card', false);
    assert.deepEqual(links, [
      { range: rangeIn(CARD, './safety-slos.yaml', 1), target: POLICY_URI },
      { range: rangeIn(CARD, './deliberation notes/x.md'), target: 'file:///ws/model/deliberation%20notes/x.md' },
      // The front matter's `safety_slos:`, written first.
      { range: rangeIn(CARD, './safety-slos.yaml'), target: POLICY_URI, tooltip: 'The safety policy' },
    ]);
  });

  it('skips anchors, mail and other schemes, and links the whole link when its URL is written escaped', () => {
    const card = CARD.replace('Reviewed yearly.', 'See [above](#proxies), [us](mailto:a@b.c), [x](vscode:extension/y) and [up](../a\\_b.md).');
    const links = linksOf({ ...FILES, 'MODEL_CARD.md': card }, 'card', false);
    assert.deepEqual(links.map((l) => l.target), [POLICY_URI, 'file:///ws/a_b.md', 'file:///ws/model/deliberation%20notes/x.md', POLICY_URI]);
    assert.deepEqual(links[1]!.range, rangeIn(card, '[up](../a\\_b.md)'));
  });

  it('links each SLO name to the line of its `name` in the policy: the note\'s `slos:` (inside quotes) and code spans', () => {
    assert.deepEqual(linksOf(FILES, 'note'), [
      { range: rangeIn(NOTE, 'ood_recall_7d'), target: `${POLICY_URI}#L4`, tooltip: 'SLO ood_recall_7d' },
      { range: rangeIn(NOTE, 'unreviewed_denials'), target: `${POLICY_URI}#L9`, tooltip: 'SLO unreviewed_denials' },
      { range: rangeIn(NOTE, 'ood_recall_7d', 1), target: `${POLICY_URI}#L4`, tooltip: 'SLO ood_recall_7d' },
      { range: rangeIn(NOTE, 'unreviewed_denials', 1), target: `${POLICY_URI}#L9`, tooltip: 'SLO unreviewed_denials' },
    ]);
    assert.deepEqual(linksOf(FILES, 'card').at(-1), { range: rangeIn(CARD, 'ood_recall_7d'), target: `${POLICY_URI}#L4`, tooltip: 'SLO ood_recall_7d' });
  });

  it('does not link a name that is not an SLO of the policy', () => {
    const note = NOTE.replace('slos: [ood_recall_7d,', 'slos: [ood_recall_30d,').replace('Raise `ood_recall_7d`', 'Raise `ood_recall_30d`');
    assert.deepEqual(linksOf({ ...FILES, 'deliberation-note.md': note }, 'note').map((l) => l.tooltip), ['SLO unreviewed_denials', 'SLO unreviewed_denials']);
  });

  it('keeps ranges exact with CRLF line endings and a BOM', () => {
    const card = `\uFEFF${CARD.replace(/\n/g, '\r\n')}`;
    const links = linksOf({ ...FILES, 'MODEL_CARD.md': card }, 'card');
    assert.deepEqual(links.map((l) => l.range), [rangeIn(card, './safety-slos.yaml', 1), rangeIn(card, './deliberation notes/x.md'), rangeIn(card, './safety-slos.yaml'), rangeIn(card, 'ood_recall_7d')]);
  });
});
