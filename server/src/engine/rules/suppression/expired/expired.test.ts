import { strict as assert } from 'node:assert';
import { settledFor, TODAY } from '../../../suppressions/testing';
import { applyFix, policy, range, slo } from '../../../testing';

const RULE = 'suppression/expired';
const withTarget = (target: string) => policy(slo({ target }));

describe(RULE, () => {
  it('flags an expired suppression on its date, says the finding is back, and offers to remove it', () => {
    const text = withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale [until 2026-06-14]');
    const [back, f, ...rest] = settledFor(text);
    assert.deepEqual(rest, []);
    assert.equal(back.rule, 'slo/ratio-bounds');
    assert.equal(f.rule, RULE);
    assert.equal(f.message, 'This suppression expired after 2026-06-14: the findings it silenced are reported again. Fix them, or renew it with a later date if the reason still holds.');
    assert.deepEqual(f.range, range(5, 83, 5, 93));
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Remove this suppression']);
    assert.equal(applyFix(text, f.fixes![0]), withTarget('">= 95"'));
  });

  it('is in force through its until day', () => {
    const text = withTarget(`">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale (until ${TODAY})`);
    assert.deepEqual(settledFor(text), []);
    assert.deepEqual(settledFor(text, undefined, { today: '2026-06-16' }).map((f) => f.rule), ['slo/ratio-bounds', RULE]);
  });

  it('flags an expiry that is not a YYYY-MM-DD date, which silences nothing', () => {
    for (const date of ['2026-02-30', '2026-13-01', '2026-6-30', '30/06/2026']) {
      const text = withTarget(`">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale until ${date}`);
      const [back, f] = settledFor(text);
      assert.equal(back.rule, 'slo/ratio-bounds', date);
      assert.equal(f.message, `"${date}" is not a date: write the expiry as "until YYYY-MM-DD". Until then this suppression silences nothing.`);
      assert.deepEqual(f.range, range(5, 82, 5, 82 + date.length), date);
    }
  });

  it('accepts suppressions without an expiry or with one to come', () => {
    for (const until of ['', ' until 2026-12-31']) {
      assert.deepEqual(settledFor(withTarget(`">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale${until}`)), [], until);
    }
  });
});
