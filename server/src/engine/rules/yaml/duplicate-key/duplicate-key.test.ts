import { strict as assert } from 'node:assert';
import { findingsFor, policy, range, slo, TEST_URI } from '../../../testing';

const RULE = 'yaml/duplicate-key';

describe(RULE, () => {
  it('reports a repeated top-level key on the later key, with related information to the first', () => {
    const text = `version: 1\nmodel: a\nmodel: b\nslos:\n${slo()}`;
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(2, 0, 2, 5));
    assert.match(f.message, /^Duplicate key "model" \(first on line 2\); YAML keeps only the last value/);
    assert.deepEqual(f.related, [{ uri: TEST_URI, range: range(1, 0, 1, 5), message: 'First "model" is here.' }]);
  });

  it('reports a repeated key inside an SLO', () => {
    const text = policy(slo({ window: '7d\n    window: 8d' }));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(7, 4, 7, 10));
    assert.deepEqual(f.related?.[0].range, range(6, 4, 6, 10));
  });

  it('reports every repetition against the first occurrence', () => {
    const text = `version: 1\nmodel: a\nmodel: b\nmodel: c\nslos:\n${slo()}`;
    const findings = findingsFor(text, RULE);
    assert.deepEqual(findings.map((f) => f.range.start.line), [2, 3]);
    for (const f of findings) assert.deepEqual(f.related?.[0].range, range(1, 0, 1, 5));
  });

  it('does not flag the same key in different maps (two SLOs, two actions)', () => {
    const actions = 'actions:\n  a_one:\n    severity: page\n    description: x\n  a_two:\n    severity: page\n    description: y\n';
    assert.deepEqual(findingsFor(policy(slo({ name: 'a_rate' }) + slo({ name: 'b_rate' }), actions), RULE), []);
  });

  it('flags a key repeated in a flow map', () => {
    const text = policy(slo({ target: '"<= 0.1"', name: 'a_rate', window: '7d\n    scope: { tenant: a, tenant: b }' }));
    const findings = findingsFor(text, RULE);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.start.line, 7);
  });
});
