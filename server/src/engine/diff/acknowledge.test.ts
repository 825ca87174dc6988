import { strict as assert } from 'node:assert';
import { policy, range, slo } from '../testing';
import { diffOf, uriOf, type Notes, type Version } from './testing';

const BASE: Version = { 'safety-slos.yaml': policy(slo({ metric: 'ood_recall' }) + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' })) };
const RELAXED: Version = { 'safety-slos.yaml': policy(slo({ metric: 'ood_recall', target: '">= 0.85"' }) + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' })) };

const note = (front: string, body = 'Relax the OOD target for the holiday traffic.') => `---\ndate: 2026-05-14\n${front}---\n# Relax the OOD target\n\n${body}\n`;

/** The diff BASE -> head with these notes, and the loosened change's acknowledgement. */
function judged(notes: Notes, head: Version = RELAXED) {
  const diff = diffOf(BASE, head, notes);
  return { diff, loosened: diff.changes.filter((c) => c.class === 'loosened') };
}

describe('acknowledge (the green rule)', () => {
  it('is green when nothing is loosened, with or without a note', () => {
    const tightened: Version = { 'safety-slos.yaml': BASE['safety-slos.yaml']!.replace('">= 0.90"', '">= 0.95"') };
    const withAndWithout: Notes[] = [{}, { 'deliberation-note.md': { text: note('slos: [ood_recall_7d]\n'), status: 'added' } }];
    for (const notes of withAndWithout) {
      const { diff } = judged(notes, tightened);
      assert.deepEqual([diff.green, diff.unacknowledged, diff.counts.tightened], [true, 0, 1]);
      assert.equal(diff.changes[0]!.acknowledgement, undefined, 'only loosened changes are acknowledged');
    }
  });

  it('is not green for a loosened change without a note', () => {
    const { diff, loosened } = judged({});
    assert.deepEqual([diff.green, diff.unacknowledged, loosened.length], [false, 1, 1]);
    assert.equal(loosened[0]!.acknowledgement, undefined);
  });

  it('is green when an added note names the SLO in `slos:`, located on the name', () => {
    const { diff, loosened } = judged({ 'deliberation-note.md': { text: note('slos: [ood_recall_7d]\n'), status: 'added' } });
    assert.deepEqual([diff.green, diff.unacknowledged], [true, 0]);
    assert.deepEqual(loosened[0]!.acknowledgement, { uri: uriOf('deliberation-note.md'), range: range(2, 7, 2, 20), inChangedNote: true });
  });

  it('is green when a changed note names the SLO as code in its text', () => {
    const { diff, loosened } = judged({ 'deliberation-note.md': { text: note('', 'Relax `ood_recall_7d` for the holiday traffic.'), status: 'changed' } });
    assert.equal(diff.green, true);
    assert.deepEqual(loosened[0]!.acknowledgement?.range, range(5, 7, 5, 20));
  });

  it('is not green when the name is plain text, or another SLO is named', () => {
    for (const text of [note('', 'Relax ood_recall_7d for the holiday traffic.'), note('slos: [appeal_overturn_rate_28d]\n')]) {
      const { diff, loosened } = judged({ 'deliberation-note.md': { text, status: 'changed' } });
      assert.deepEqual([diff.green, loosened[0]!.acknowledgement], [false, undefined], text);
    }
  });

  it('is not green when only an unchanged note names it, and says which note that is', () => {
    const { diff, loosened } = judged({ 'deliberation-note.md': { text: note('slos: [ood_recall_7d]\n'), status: 'unchanged' } });
    assert.deepEqual([diff.green, diff.unacknowledged], [false, 1]);
    assert.deepEqual(loosened[0]!.acknowledgement, { uri: uriOf('deliberation-note.md'), range: range(2, 7, 2, 20), inChangedNote: false });
  });

  it('prefers a changed note over an unchanged one', () => {
    const { diff, loosened } = judged({
      'deliberation-notes/2026-01-02-old.md': { text: note('slos: [ood_recall_7d]\n'), status: 'unchanged' },
      'deliberation-notes/2026-05-14-relax.md': { text: note('slos: [ood_recall_7d]\n'), status: 'added' },
    });
    assert.equal(diff.green, true);
    assert.deepEqual([loosened[0]!.acknowledgement?.uri, loosened[0]!.acknowledgement?.inChangedNote], [uriOf('deliberation-notes/2026-05-14-relax.md'), true]);
  });

  it('accepts the old name of a renamed and loosened SLO, and the new one', () => {
    const head: Version = { 'safety-slos.yaml': RELAXED['safety-slos.yaml']!.replace('- name: ood_recall_7d', '- name: ood_recall_weekly').replace('">= 0.85"', '">= 0.90"').replace('degrade_to_safe_mode', 'page') };
    for (const name of ['ood_recall_7d', 'ood_recall_weekly']) {
      const { diff, loosened } = judged({ 'deliberation-note.md': { text: note(`slos: [${name}]\n`), status: 'changed' } }, head);
      assert.deepEqual([loosened[0]!.kind, loosened[0]!.oldName, diff.green], ['renamed', 'ood_recall_7d', true], name);
    }
  });

  it('counts each loosened change: one named, one not', () => {
    const head: Version = { 'safety-slos.yaml': RELAXED['safety-slos.yaml']!.replace('"<= 0.02"', '"<= 0.05"') };
    const { diff, loosened } = judged({ 'deliberation-note.md': { text: note('slos: [ood_recall_7d]\n'), status: 'added' } }, head);
    assert.deepEqual(loosened.map((c) => [c.name, c.acknowledgement?.inChangedNote]), [['ood_recall_7d', true], ['appeal_overturn_rate_28d', undefined]]);
    assert.deepEqual([diff.unacknowledged, diff.green], [1, false]);
  });
});
