import { strict as assert } from 'node:assert';
import { settledFor } from '../../../suppressions/testing';
import { applyFix, policy, range, slo } from '../../../testing';

const RULE = 'suppression/missing-reason';
const MESSAGE = 'This suppression gives no reason, so it silences nothing. Say why the finding is acceptable after a colon: "# safety-specs-ignore <rule>: <reason>".';
const withTarget = (target: string) => policy(slo({ target }));

describe(RULE, () => {
  it('flags a suppression without a reason on the comment, and its fix removes the comment and the blanks before it', () => {
    const text = withTarget('">= 0.90"   # safety-specs-ignore slo/ratio-bounds');
    const [f, ...rest] = settledFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, MESSAGE);
    assert.deepEqual(f.range, range(5, 24, 5, 62));
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Remove this suppression']);
    assert.equal(applyFix(text, f.fixes![0]), withTarget('">= 0.90"'));
  });

  it('the finding it names stays', () => {
    assert.deepEqual(settledFor(withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds')).map((f) => f.rule), ['slo/ratio-bounds', RULE]);
  });

  it('an empty reason, one that is only an expiry, or text without a colon is no reason', () => {
    for (const after of [':', ':   ', ': until 2027-01-01', ' percent scale']) {
      const text = withTarget(`">= 95"   # safety-specs-ignore slo/ratio-bounds${after}`);
      assert.deepEqual(settledFor(text).map((f) => f.rule), ['slo/ratio-bounds', RULE], after);
    }
  });

  it('removing a comment alone on its line removes the line', () => {
    const text = policy(slo({ objective: 'Detect shift.\n    # safety-specs-ignore-file slo/ratio-bounds' }));
    const [f] = settledFor(text, RULE);
    assert.deepEqual(f.range, range(5, 4, 5, 47));
    assert.equal(applyFix(text, f.fixes![0]), policy(slo({ objective: 'Detect shift.' })));
  });

  it('accepts a suppression with a reason', () => {
    assert.deepEqual(settledFor(withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale until 2027-01-01')), []);
  });
});
