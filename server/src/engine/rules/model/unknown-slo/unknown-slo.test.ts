import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { card } from '../../../card/testing';
import { folderFindings } from '../../../folder/testing';
import { note } from '../../../note/testing';
import { policy, range, slo } from '../../../testing';
import type { Finding } from '../../../types';

const RULE = 'model/unknown-slo';

const POLICY = policy(slo({ metric: 'ood_recall' }) + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' }));
const CARD = card({ neverEvents: '## Never events\n\n- `ood_recall_drop` Never let OOD recall drop unnoticed.\n' });
const findings = (noteText: string, name = 'deliberation-note.md') => folderFindings({ 'safety-slos.yaml': POLICY, 'MODEL_CARD.md': CARD, [name]: noteText }, RULE);
const fixed = (text: string, f: Finding) => TextDocument.applyEdits(TextDocument.create('file:///x', 'markdown', 1, text), [...f.fixes![0]!.edits]);

// In the test note, `slos:` is on line 3 and the Change section's text on line 14.
describe(RULE, () => {
  it('passes SLO names of the policy, in `slos:` and in the text', () => {
    assert.deepEqual(findings(note({ front: { slos: '[ood_recall_7d, "appeal_overturn_rate_28d"]' } })), []);
  });

  it('flags a `slos:` entry that is no SLO, with the closest name as a fix that replaces just the name', () => {
    for (const [written, start] of [['[ood_recal_7d]', 7], ['["ood_recal_7d"]', 8]] as const) {
      const text = note({ front: { slos: written } });
      const [f, ...rest] = findings(text);
      assert.deepEqual(rest, []);
      assert.equal(f!.path, 'deliberation-note.md');
      assert.deepEqual(f!.range, range(3, start, 3, start + 12));
      assert.equal(f!.severity, 'warning');
      assert.equal(f!.message, '"ood_recal_7d" in `slos` is not an SLO of the policy (safety-slos.yaml). Did you mean "ood_recall_7d"?');
      assert.deepEqual([f!.fixes![0]!.title, f!.fixes![0]!.preferred], ['Change to "ood_recall_7d"', true]);
      assert.equal(fixed(text, f!), note({ front: { slos: written.replace('recal_', 'recall_') } }));
    }
  });

  it('lists the SLOs when no name is close, without a fix', () => {
    const [f] = findings(note({ front: { slos: '[latency_p99_5m]' } }));
    assert.equal(f!.message, '"latency_p99_5m" in `slos` is not an SLO of the policy (safety-slos.yaml). Its SLOs are ood_recall_7d, appeal_overturn_rate_28d.');
    assert.equal(f!.fixes, undefined);
  });

  it('flags code in the text only when it is a near miss of an SLO name', () => {
    const change = 'Raise `ood_recal_7d` (not `ood_recall_7d`) in `safety-slos.yaml`: `ood_recall` and `ood_recall_drop` stay, `kill_switch` and `latency_p99_5m` are unrelated, as is `recall`.';
    const text = note({ sections: { Change: change } });
    const [f, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.deepEqual(f!.range, range(14, 7, 14, 19));
    assert.equal(f!.message, '`ood_recal_7d` is not an SLO of the policy (safety-slos.yaml). Did you mean `ood_recall_7d`?');
    assert.equal(f!.anchor, 'Change');
    assert.equal(fixed(text, f!), note({ sections: { Change: change.replace('`ood_recal_7d`', '`ood_recall_7d`') } }));
  });

  it('reads only the model\'s note, the newest: older notes keep the names of their day', () => {
    const old = note({ front: { date: '2026-01-02', slos: '[ood_recall_30d]' } });
    const newest = note({ front: { date: '2026-05-14', slos: '[ood_recal_7d]' } });
    const files = { 'safety-slos.yaml': POLICY, 'deliberation-notes/2026-01-02-old.md': old, 'deliberation-notes/2026-05-14-new.md': newest };
    assert.deepEqual(folderFindings(files, RULE).map((f) => [f.path, f.range.start.line]), [['deliberation-notes/2026-05-14-new.md', 3]]);
    assert.deepEqual(folderFindings({ ...files, 'deliberation-notes/2026-05-14-new.md': note() }, RULE), []);
  });

  it('has nothing to check without a note', () => {
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': POLICY }, RULE), []);
  });
});
