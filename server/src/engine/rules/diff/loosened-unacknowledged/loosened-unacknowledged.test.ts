import { strict as assert } from 'node:assert';
import { analyzeDiff } from '../../../diff/analyze-diff';
import { diffFindings, diffOfFiles, files, uriOf, type Notes, type Version } from '../../../diff/testing';
import { policy, range, slo } from '../../../testing';

const RULE = 'diff/loosened-unacknowledged';

const BASE: Version = { 'safety-slos.yaml': policy(slo() + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' })) };
const RELAXED: Version = { 'safety-slos.yaml': BASE['safety-slos.yaml']!.replace('">= 0.90"', '">= 0.85"') };

const note = (front: string, body = 'Relax the OOD target for the holiday traffic.') => `---\ndate: 2026-05-14\n${front}---\n# Relax the OOD target\n\n${body}\n`;

describe(RULE, () => {
  it('flags a relaxed target on its head value, with the old value and the base in the message', () => {
    const [f, ...rest] = diffFindings(BASE, RELAXED);
    assert.deepEqual(rest, []);
    assert.deepEqual([f!.rule, f!.severity, f!.path, f!.anchor], [RULE, 'error', 'safety-slos.yaml', 'ood_recall_7d']);
    assert.deepEqual(f!.range, range(5, 12, 5, 21));
    assert.equal(
      f!.message,
      'SLO ood_recall_7d is loosened since main (target was ">= 0.90", now ">= 0.85"), and no deliberation note added or changed in this diff names it. A relaxed target: a value of 0.875 used to breach and now passes.',
    );
    assert.deepEqual(f!.related, []);
    assert.ok(f!.docUrl.endsWith(`docs/rules/${RULE}.md`));
  });

  it('names the base as the caller labels it', () => {
    const head = files(RELAXED);
    const [f] = analyzeDiff(diffOfFiles(files(BASE), head, {}, 'origin/release-2.3'), head).get(uriOf('safety-slos.yaml'))!;
    assert.match(f!.message, /^SLO ood_recall_7d is loosened since origin\/release-2\.3 \(target was ">= 0\.90"/);
  });

  it('reports each loosened aspect on its own line, and nothing for tightened or neutral ones', () => {
    const head: Version = { 'safety-slos.yaml': RELAXED['safety-slos.yaml']!.replace('degrade_to_safe_mode', 'page').replace('window: 28d', 'window: 7d').replace('Detect distribution shift before harm.', 'Catch drift.') };
    const found = diffFindings(BASE, head);
    assert.deepEqual(
      found.map((f) => [f.range.start.line, f.message.replace(/ \(.*/, '')]),
      [
        [5, 'SLO ood_recall_7d is loosened since main'],
        [7, 'SLO ood_recall_7d is loosened since main'],
      ],
    );
    assert.match(found[1]!.message, /\(action_on_breach was "degrade_to_safe_mode", now "page"\)/);
    // appeal_overturn_rate_28d's window went from 28d to 7d: tightened, not reported.
  });

  it('anchors a removal at the `slos:` key of the file it left', () => {
    const [f, ...rest] = diffFindings(BASE, { 'safety-slos.yaml': policy(slo()) });
    assert.deepEqual(rest, []);
    assert.deepEqual(f!.range, range(2, 0, 2, 4));
    assert.equal(
      f!.message,
      'SLO appeal_overturn_rate_28d was removed since main (it was <= 0.02, 28d, degrade_to_safe_mode), and no deliberation note added or changed in this diff names it. Removed: a breach of appeal_overturn_rate_28d no longer triggers degrade_to_safe_mode.',
    );
  });

  it('says which entry left a list, for never events and gates', () => {
    const gate = (slos: string) => ({ 'safety-slos.yaml': `${BASE['safety-slos.yaml']!}gates:\n  - name: release\n    slos: [${slos}]\n` });
    const [f] = diffFindings(gate('ood_recall_7d, appeal_overturn_rate_28d'), gate('ood_recall_7d'));
    assert.match(f!.message, /^Gate release is loosened since main \(slos no longer lists appeal_overturn_rate_28d\), and /);
    assert.deepEqual(f!.range, range(15, 10, 15, 25));
    const never = (ids: string) => ({ 'safety-slos.yaml': policy(slo({ never_events: `[${ids}]` })) });
    const [g] = diffFindings(never('NE-1, NE-2'), never('NE-1'));
    assert.match(g!.message, /^SLO ood_recall_7d is loosened since main \(never_events no longer lists NE-2\), and .*\. Never event NE-2 is no longer covered by this SLO\.$/);
  });

  it('points at the model\'s note when no note names the change', () => {
    const notes: Notes = { 'deliberation-note.md': { text: note('slos: [appeal_overturn_rate_28d]\n'), status: 'changed' } };
    const [f] = diffFindings(BASE, RELAXED, notes);
    assert.deepEqual(f!.related, [{ uri: uriOf('deliberation-note.md'), range: range(4, 0, 4, 22), message: "The model's deliberation note: name ood_recall_7d here, in slos: or as `ood_recall_7d`." }]);
  });

  it('points at the mention in a note that names it but did not change, and says so', () => {
    const notes: Notes = { 'deliberation-note.md': { text: note('slos: [ood_recall_7d]\n'), status: 'unchanged' } };
    const [f, ...rest] = diffFindings(BASE, RELAXED, notes);
    assert.deepEqual(rest, []);
    assert.match(f!.message, /, and deliberation-note\.md names it but has not changed since main\. A relaxed target/);
    assert.deepEqual(f!.related, [{ uri: uriOf('deliberation-note.md'), range: range(2, 7, 2, 20), message: 'Named here, but this note has not changed since main: record the decision in it, or in a new note.' }]);
  });

  it('reports nothing once an added or changed note names it, in `slos:` or as code', () => {
    for (const notes of [
      { 'deliberation-note.md': { text: note('slos: [ood_recall_7d]\n'), status: 'added' } },
      { 'deliberation-note.md': { text: note('', 'Relax `ood_recall_7d` for the holiday traffic.'), status: 'changed' } },
    ] satisfies Notes[]) {
      assert.deepEqual(diffFindings(BASE, RELAXED, notes), []);
    }
  });

  it('reports nothing without loosening, and nothing on a model the head deleted', () => {
    assert.deepEqual(diffFindings(BASE, { 'safety-slos.yaml': BASE['safety-slos.yaml']!.replace('">= 0.90"', '">= 0.95"') }), []);
    assert.deepEqual(diffFindings(BASE, {}), []);
  });

  it('lands on the file where the changed value now is', () => {
    const before = { 'a.safety-slos.yaml': BASE['safety-slos.yaml']!, 'b.safety-slos.yaml': 'version: 1\nmodel: claims-triage\n' };
    const after = { 'a.safety-slos.yaml': policy(slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' })), 'b.safety-slos.yaml': policy(slo({ target: '">= 0.85"' })) };
    const found = diffFindings(before, after);
    assert.deepEqual(found.map((f) => [f.path, f.range]), [['b.safety-slos.yaml', range(5, 12, 5, 21)]]);
  });
});
