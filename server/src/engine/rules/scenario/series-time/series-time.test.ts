import { strict as assert } from 'node:assert';
import { findingsFor, range } from '../../../testing';
import { dryRunPolicy } from '../testing';

const RULE = 'scenario/series-time';

/** A series scenario on the test policy (ood_recall_7d >= 0.90 over 7d), twenty samples a minute apart by default. */
const scenario = (expect: string, extra = '') => dryRunPolicy(`scenarios:\n  - name: drop\n${extra}    metrics: { ood_recall_7d: "0.95x9 0.60x9" }\n    expect: ${expect}\n`);

describe(RULE, () => {
  it('flags an expect after the last sample on its `at:`, saying where the series ends', () => {
    const findings = findingsFor(scenario('[{ at: 19m, decision: degrade_to_safe_mode }, { at: 2h, decision: degrade_to_safe_mode }]'));
    assert.deepEqual(findings.map((f) => [f.rule, f.message, f.range, f.anchor]), [
      [RULE, "at 2h is after the series ends at 19m (20 samples, one every 1m): the gate's decision there is not known.", range(16, 64, 16, 66), 'drop'],
    ]);
    assert.deepEqual(findingsFor(scenario('{ at: 19m, decision: degrade_to_safe_mode }')), []);
  });

  it('flags an `at:` that is not a duration, with a respelling when there is one', () => {
    const [f] = findingsFor(scenario('{ at: 12 minutes, decision: degrade_to_safe_mode }'), RULE);
    assert.equal(f.message, 'at "12 minutes" is not a duration: write one like 65m, 1h30m or 0s. Did you mean "12m"?');
    assert.deepEqual(f.range, range(16, 18, 16, 28));
    assert.equal(findingsFor(scenario('{ at: 5, decision: pass }'), RULE)[0].message, 'at 5 has no unit: write 5m for minutes or 5s for seconds.');
    assert.deepEqual(findingsFor(scenario('{ at: 0, decision: pass }')), [], 'zero needs no unit');
  });

  it('flags a step that is not a duration (the schema leaves its type to this rule), and then no `at:` against an unknown end', () => {
    for (const [step, message] of [
      ['5', 'step 5 has no unit: write 5m for minutes or 5s for seconds.'],
      ['rolling', 'step is a duration, like 1m, 30s or 1h: "rolling" is a window, not a time.'],
    ]) {
      const findings = findingsFor(scenario('{ at: 2h, decision: degrade_to_safe_mode }', `    step: ${step}\n`));
      assert.deepEqual(findings.map((f) => [f.rule, f.message, f.range]), [[RULE, message, range(15, 10, 15, 10 + step.length)]], step);
    }
  });

  it('reads `at:` against the step: 2h is within twenty samples five minutes apart', () => {
    assert.deepEqual(findingsFor(scenario('{ at: 1h35m, decision: degrade_to_safe_mode }', '    step: 5m\n')), []);
    assert.match(findingsFor(scenario('{ at: 1h40m, decision: degrade_to_safe_mode }', '    step: 5m\n'), RULE)[0].message, /^at 1h40m is after the series ends at 1h35m \(20 samples, one every 5m\)/);
  });

  it('leaves a missing `at:` to schema/missing-key', () => {
    assert.deepEqual(findingsFor(scenario('{ decision: pass }')).map((f) => f.rule), ['schema/missing-key']);
  });
});
