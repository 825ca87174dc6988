import { strict as assert } from 'node:assert';
import { settledFor } from '../../../suppressions/testing';
import { applyFix, policy, range, slo } from '../../../testing';

const RULE = 'suppression/not-allowed';
const neverEvent = (target: string) => policy(slo({ name: 'never_event_violations', target, action_on_breach: 'kill_switch' }));

describe(RULE, () => {
  it('flags a never-event rule on its id, says why, keeps its finding, and its preferred fix removes the suppression', () => {
    const text = neverEvent('"<= 1"   # safety-specs-ignore never-event/target-zero: accepted by the board');
    const [kept, f, ...rest] = settledFor(text);
    assert.deepEqual(rest, []);
    assert.equal(kept.rule, 'never-event/target-zero');
    assert.equal(f.rule, RULE);
    assert.equal(f.message, '"never-event/target-zero" guards a never event and cannot be suppressed: a never event is fixed in the policy, not waived in a comment. Its findings stay.');
    assert.deepEqual(f.range, range(5, 43, 5, 66));
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Remove this suppression', true]]);
    assert.equal(applyFix(text, f.fixes![0]), neverEvent('"<= 1"'));
  });

  it('removes only that id from a suppression naming others', () => {
    const text = neverEvent('"<= 1"   # safety-specs-ignore slo/window-syntax, never-event/target-zero: x');
    const [f] = settledFor(text, RULE);
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Remove "never-event/target-zero" from this suppression']);
    assert.equal(applyFix(text, f.fixes![0]), neverEvent('"<= 1"   # safety-specs-ignore slo/window-syntax: x'));
  });

  it('flags suppression rules, which are turned off in the configuration instead', () => {
    const [f] = settledFor(policy(slo({ target: '">= 0.90"   # safety-specs-ignore suppression/unused: hush' })), RULE);
    assert.equal(f.message, '"suppression/unused" cannot be suppressed inline: it judges suppressions themselves. Set "suppression/unused: off" in the configuration instead.');
  });

  it('accepts suppressions of ordinary rules', () => {
    assert.deepEqual(settledFor(policy(slo({ target: '">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale' }))), []);
  });
});
