import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, range } from '../../../testing';
import { dryRunPolicy, TEST_URI } from '../testing';

const RULE = 'scenario/duplicate-name';

const scenario = (name: string, value: string) => `  - name: ${name}\n    metrics: { ood_recall_7d: ${value} }\n    expect: ${Number(value) < 0.9 ? 'degrade_to_safe_mode' : 'pass'}\n`;

describe(RULE, () => {
  it('flags the second scenario of a name, relates it to the first, and renames it', () => {
    const text = dryRunPolicy(`scenarios:\n${scenario('spike', '0.84')}${scenario('spike', '0.95')}`);
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, 'Duplicate scenario name "spike" (first on line 15). Names must be unique in a model: test reports and code lenses tell scenarios apart by name.');
    assert.deepEqual(f.range, range(17, 10, 17, 15));
    assert.equal(f.anchor, 'spike');
    assert.deepEqual(f.related, [{ uri: TEST_URI, range: range(14, 10, 14, 15), message: 'First scenario named "spike".' }]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, dryRunPolicy(`scenarios:\n${scenario('spike', '0.84')}${scenario('spike_2', '0.95')}`));
    assert.deepEqual(findingsFor(after), []);
  });

  it('does not flag distinct names', () => {
    assert.deepEqual(findingsFor(dryRunPolicy(`scenarios:\n${scenario('spike', '0.84')}${scenario('healthy', '0.95')}`)), []);
  });
});
