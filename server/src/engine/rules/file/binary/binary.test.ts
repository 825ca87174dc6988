import { strict as assert } from 'node:assert';
import { findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'file/binary';

describe(RULE, () => {
  it('refuses a file with a NUL byte, located at the first NUL, and checks nothing else', () => {
    const text = policy(slo({ window: '7 days', objective: 'ab\u0000cd\u0000' }));
    const findings = findingsFor(text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, RULE);
    assert.deepEqual(findings[0].range, range(4, 17, 4, 17));
    assert.match(findings[0].message, /NUL bytes/);
  });

  it('finds a NUL at the very start', () => {
    assert.deepEqual(findingsFor('\u0000version: 1', RULE)[0].range, range(0, 0, 0, 0));
  });

  it('accepts text with other control characters and non-ASCII', () => {
    const text = policy(slo({ objective: '"Protect users — même à Zürich, 日本語 too."' }));
    assert.deepEqual(findingsFor(text), []);
    assert.deepEqual(findingsFor('version: 1\u0007\n', RULE), []);
  });
});
