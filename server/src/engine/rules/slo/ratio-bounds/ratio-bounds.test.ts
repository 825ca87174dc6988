import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'slo/ratio-bounds';

const withTarget = (target: string, name = 'ood_recall_7d', extra: Record<string, string> = {}) => policy(slo({ name, target, ...extra }));

describe(RULE, () => {
  it('flags ">= 90" on recall as a percentage written as a number and fixes it to ">= 0.90"', () => {
    const text = withTarget('">= 90"   # 90 percent');
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(5, 12, 5, 19));
    assert.equal(f.message, '"ood_recall_7d" is a ratio in [0, 1], but the target is 90: a percentage written as a number? Did you mean ">= 0.90" (or ">= 90%")?');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change target to ">= 0.90"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, withTarget('">= 0.90"   # 90 percent'));
    assert.deepEqual(findingsFor(after), []);
  });

  it('fixes the unambiguous percentages: 99.5 and 100, single quotes kept', () => {
    const text = withTarget("'>= 99.5'", 'availability_30d');
    const [f] = findingsFor(text, RULE);
    assert.equal(applyFix(text, f.fixes![0]), withTarget("'>= 0.995'", 'availability_30d'));
    const [hundred] = findingsFor(withTarget('">= 100"'), RULE);
    assert.equal(hundred.fixes?.[0].title, 'Change target to ">= 1"');
  });

  it('flags ">= 1.5" without a fix: a percentage or a misplaced decimal point', () => {
    const [f, ...rest] = findingsFor(withTarget('">= 1.5"'), RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, '"ood_recall_7d" is a ratio in [0, 1], but the target is 1.5: a percentage written as a number (">= 1.5%"), or a misplaced decimal point? Write the ratio.');
    assert.equal(f.fixes, undefined);
  });

  it('flags thresholds no ratio can meet, without a fix', () => {
    for (const [written, shown] of [['">= 150"', '150'], ['"> -0.1"', '-0.10'], ['">= 120%"', '1.20']] as const) {
      const [f] = findingsFor(withTarget(written), RULE);
      assert.equal(f.message, `"ood_recall_7d" is a ratio in [0, 1], but the target threshold is ${shown}, which no ratio can reach or always exceeds.`, written);
      assert.equal(f.fixes, undefined);
    }
  });

  it('flags a time unit on a ratio', () => {
    const [f] = findingsFor(withTarget('"<= 500ms"', 'error_rate_24h'), RULE);
    assert.equal(f.message, '"error_rate_24h" is a ratio, but its target has the unit "ms". Use a number in [0, 1] or a percentage.');
  });

  it('reads the metric, not the name, when `metric` is given', () => {
    assert.equal(findingsFor(withTarget('">= 90"', 'ood_guard', { metric: 'ood_recall' }), RULE).length, 1);
    assert.deepEqual(findingsFor(withTarget('"<= 500"', 'checkout_recall_guard', { metric: 'p95_latency_ms' }), RULE), []);
  });

  describe('does not flag', () => {
    const ok: ReadonlyArray<readonly [string, string]> = [
      ['">= 0.90"', 'ood_recall_7d'],
      ['">= 90%"', 'ood_recall_7d'],
      ['">= 99.5%"', 'escalation_recall_7d'],
      ['">= 1"', 'ood_recall_7d'],
      ['"== 0"', 'harmful_reply_rate_24h'],
      ['"<= 500ms"', 'p95_latency'],
      ['"<= 500"', 'p95_latency'],
      ['"<= 3"', 'incidents_per_week'],
      ['"<= 2h"', 'time_to_review'],
    ];
    for (const [written, name] of ok) {
      it(`${name}: ${written}`, () => assert.deepEqual(findingsFor(withTarget(written, name), RULE), []));
    }
  });

  it('leaves malformed targets to slo/target-syntax', () => {
    assert.deepEqual(findingsFor(withTarget('"=> 90"'), RULE), []);
  });
});
