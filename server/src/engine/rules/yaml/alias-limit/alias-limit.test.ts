import { strict as assert } from 'node:assert';
import { ALIAS_BOMB, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'yaml/alias-limit';

describe(RULE, () => {
  it('refuses a billion laughs quickly, located on the first alias', () => {
    const text = `version: 1\nmodel: m\n${ALIAS_BOMB}\nslos:\n${slo()}`;
    const started = Date.now();
    const findings = findingsFor(text, RULE);
    assert.ok(Date.now() - started < 5000, 'the aliases were expanded');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, range(3, 7, 3, 9));
    assert.match(findings[0].message, /expand past the limit of 100/);
    // The data was not loaded, so the schema did not run (the extra keys would be unknown keys otherwise).
    assert.deepEqual(findingsFor(text, 'schema/unknown-key'), []);
  });

  it('still runs the rules that read the YAML tree, not the data', () => {
    const text = `version: 1\nmodel: m\n${ALIAS_BOMB}\nslos:\n${slo({ window: '7 days' })}`;
    assert.equal(findingsFor(text, 'slo/window-syntax').length, 1);
  });

  it('accepts a few ordinary aliases', () => {
    const text = policy(slo({ name: 'a_rate', target: '"<= 0.1"', window: '7d\n    scope: &acme { tenant: acme }' }) + slo({ name: 'b_rate', target: '"<= 0.1"', window: '7d\n    scope: *acme' }));
    assert.deepEqual(findingsFor(text), []);
  });
});
