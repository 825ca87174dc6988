import { strict as assert } from 'node:assert';
import { today } from '../../../dates';
import { noteTemplate } from '../../../folder/templates';
import { folderFindings, uriOf } from '../../../folder/testing';
import { note } from '../../../note/testing';
import { policy, range, slo } from '../../../testing';

const RULE = 'model/missing-note';

const POLICY = policy(slo() + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' }));

describe(RULE, () => {
  it('passes a folder with a note, or with notes per change', () => {
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': POLICY, 'deliberation-note.md': note() }, RULE), []);
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': POLICY, 'deliberation-notes/2026-05-14-ood.md': note() }, RULE), []);
  });

  it('flags a folder without a note on the policy\'s `model:`, with a fix that creates deliberation-note.md dated today', () => {
    const [f, ...rest] = folderFindings({ 'safety-slos.yaml': POLICY, 'notes.md': note() }, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f!.path, 'safety-slos.yaml');
    assert.deepEqual(f!.range, range(1, 7, 1, 20));
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'claims-triage has no deliberation note: record why the policy is what it is in deliberation-note.md beside it (or one note per change in deliberation-notes/): the change, alternatives, who is affected, feedback, disagreement, and the decision with an owner for each action.');
    const fix = f!.fixes![0]!;
    assert.equal(fix.title, 'Create deliberation-note.md from the template');
    assert.deepEqual(fix.edits, []);
    const text = noteTemplate({ model: 'claims-triage', slos: ['ood_recall_7d', 'appeal_overturn_rate_28d'], today: today() });
    assert.deepEqual(fix.newFile, { uri: uriOf('deliberation-note.md'), text });
    // The new note is the folder's, and names the policy's SLOs.
    const after = { 'safety-slos.yaml': POLICY, 'deliberation-note.md': text };
    assert.deepEqual([...folderFindings(after, RULE), ...folderFindings(after, 'model/unknown-slo')], []);
  });
});
