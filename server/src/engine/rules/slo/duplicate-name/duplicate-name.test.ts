import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo, TEST_URI } from '../../../testing';

const RULE = 'slo/duplicate-name';

describe(RULE, () => {
  it('flags the second SLO of a name, relates it to the first, and renames it to name_2', () => {
    const text = policy(slo() + slo({ name: 'ood_recall_7d   # acme', window: '24h' }));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(8, 10, 8, 23));
    assert.equal(f.message, 'Duplicate SLO name "ood_recall_7d" (first on line 4). Names must be unique: gates, scenarios and diffs refer to SLOs by name.');
    assert.deepEqual(f.related, [{ uri: TEST_URI, range: range(3, 10, 3, 23), message: 'First SLO named "ood_recall_7d".' }]);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Rename to "ood_recall_7d_2"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, policy(slo() + slo({ name: 'ood_recall_7d_2   # acme', window: '24h' })));
    assert.deepEqual(findingsFor(after), []);
  });

  it('picks a free suffix when name_2 is taken, and distinct suffixes for several duplicates', () => {
    const text = policy(slo({ name: 'a_rate' }) + slo({ name: 'a_rate_2' }) + slo({ name: "'a_rate'" }) + slo({ name: 'a_rate' }));
    const findings = findingsFor(text, RULE);
    assert.deepEqual(findings.map((f) => f.fixes?.[0].title), ['Rename to "a_rate_3"', 'Rename to "a_rate_4"']);
    for (const f of findings) assert.deepEqual(f.related?.[0].range, range(3, 10, 3, 16));
    // Each fix alone removes its own finding and keeps quoting.
    const first = applyFix(text, findings[0].fixes![0]);
    assert.ok(first.includes("  - name: 'a_rate_3'\n"));
    assert.equal(findingsFor(first, RULE).length, 1);
    const both = applyFix(first, findingsFor(first, RULE)[0].fixes![0]);
    assert.deepEqual(findingsFor(both, RULE), []);
  });

  it('does not flag distinct names, or SLOs without a name', () => {
    assert.deepEqual(findingsFor(policy(slo({ name: 'a_rate' }) + slo({ name: 'b_rate' })), RULE), []);
    assert.deepEqual(findingsFor(policy(slo({ name: undefined }) + slo({ name: undefined })), RULE), []);
  });
});
