import { strict as assert } from 'node:assert';
import { card } from '../card/testing';
import { note } from '../note/testing';
import { policy, range, slo } from '../testing';
import { modelFolder, modelNote } from './model-folder';
import { folderOf, FOLDER, lookupOf, pathOf, uriOf } from './testing';

const POLICY = policy(slo());
const README = '# Claims triage service\n\nRun `make serve`.\n';

describe('modelFolder', () => {
  it('is the folder of a safety-slos.yaml, with the other policy files of the folder after it', () => {
    assert.equal(modelFolder(FOLDER, lookupOf({ 'acme.safety-slos.yaml': POLICY, 'MODEL_CARD.md': card() })), undefined);
    const folder = folderOf({ 'b.safety-slos.yaml': POLICY, 'safety-slos.yaml': POLICY, 'a.safety-slos.yaml': POLICY, 'sub/safety-slos.yaml': POLICY });
    assert.equal(folder.folder, FOLDER);
    assert.deepEqual(folder.policies.map((p) => p.document.uri), [uriOf('safety-slos.yaml'), uriOf('a.safety-slos.yaml'), uriOf('b.safety-slos.yaml')]);
    assert.deepEqual([folder.card, folder.brokenCardLink, folder.notes], [undefined, undefined, []]);
  });

  it('finds the card by its names, and a README only when its front matter is a card\'s', () => {
    const withCard = folderOf({ 'safety-slos.yaml': POLICY, 'model-card.md': card() });
    assert.equal(withCard.card?.path, pathOf('model-card.md'));
    assert.deepEqual(withCard.card?.neverEvents.map((e) => e.id), ['NE-1']);
    assert.equal(folderOf({ 'safety-slos.yaml': POLICY, 'README.md': card() }).card?.path, pathOf('README.md'));
    assert.equal(folderOf({ 'safety-slos.yaml': POLICY, 'README.md': README }).card, undefined);
    assert.equal(folderOf({ 'safety-slos.yaml': POLICY, 'README.md': `---\ntitle: Claims\n---\n${README}` }).card, undefined);
    const both = folderOf({ 'safety-slos.yaml': POLICY, 'README.md': card(), 'MODEL_CARD.md': card() });
    assert.equal(both.card?.path, pathOf('MODEL_CARD.md'));
  });

  it('takes the card `model_card:` names, relative to the policy, or records the broken link', () => {
    const linked = POLICY.replace('slos:\n', 'model_card: docs/card.md\nslos:\n');
    const ok = folderOf({ 'safety-slos.yaml': linked, 'docs/card.md': card(), 'MODEL_CARD.md': card() });
    assert.equal(ok.card?.path, pathOf('docs/card.md'));
    assert.equal(ok.brokenCardLink, undefined);
    const broken = folderOf({ 'safety-slos.yaml': linked, 'MODEL_CARD.md': card() });
    assert.equal(broken.card, undefined);
    assert.deepEqual({ ...broken.brokenCardLink, file: broken.brokenCardLink?.file.document.uri }, { file: uriOf('safety-slos.yaml'), path: 'docs/card.md', range: range(2, 12, 2, 24) });
  });

  it('lists the notes newest first by date, undated last; the newest is the model\'s note', () => {
    const dated = (date: string) => note({ front: { date } });
    const folder = folderOf({
      'safety-slos.yaml': POLICY,
      'deliberation-note.md': dated('2026-03-01'),
      'deliberation-notes/2026-01-02-first.md': dated('2026-01-02'),
      'deliberation-notes/2026-05-14-ood.md': dated('2026-05-14'),
      'deliberation-notes/undated.md': dated('soon'),
      'deliberation-notes/notes.txt': dated('2026-12-01'),
      'other.md': dated('2026-06-01'),
    });
    assert.deepEqual(folder.notes.map((n) => [n.path.slice(FOLDER.length + 1), n.date]), [
      ['deliberation-notes/2026-05-14-ood.md', '2026-05-14'],
      ['deliberation-note.md', '2026-03-01'],
      ['deliberation-notes/2026-01-02-first.md', '2026-01-02'],
      ['deliberation-notes/undated.md', undefined],
    ]);
    assert.equal(modelNote(folder), folder.notes[0]);
    assert.equal(modelNote(folderOf({ 'safety-slos.yaml': POLICY })), undefined);
  });
});
