import { strict as assert } from 'node:assert';
import { findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'slo/exact-float-equality';

const withTarget = (target: string, name = 'agreement_rate_7d') => policy(slo({ name, target }));

describe(RULE, () => {
  it('flags "== 0.5" as a warning on the target, saying it would breach all the time', () => {
    const [f, ...rest] = findingsFor(withTarget('"== 0.5"  # exactly half'), RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(5, 12, 5, 20));
    assert.equal(f.message, '"== 0.5" compares a measured value for exact equality with a fraction, which almost never holds, so this SLO would breach all the time. Use a bound such as ">=" or "<=".');
    assert.equal(f.fixes, undefined);
  });

  it('flags "!= 0.99", saying it would never breach', () => {
    const [f] = findingsFor(withTarget('"!= 0.99"'), RULE);
    assert.match(f.message, /^"!= 0\.99" compares .* which almost always holds, so this SLO would never breach\./);
  });

  it('flags a fractional percentage, shown as written', () => {
    const [f] = findingsFor(withTarget('"== 50%"'), RULE);
    assert.match(f.message, /^"== 50%" compares/);
  });

  describe('does not flag', () => {
    for (const written of ['"== 0"', '"!= 0"', '"== 3"', '"== 100%"', '"== 1.0"', '">= 0.5"', '"<= 0.99"', '"== 0ms"']) {
      it(written, () => assert.deepEqual(findingsFor(withTarget(written, 'leak_count_7d'), RULE), []));
    }
  });
});
