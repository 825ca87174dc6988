import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'action/custom-severity';
const LADDER_TEXT = 'alert < ticket < page < route_to_human_review < throttle < degrade_to_safe_mode < rollback < kill_switch';

const withSeverity = (severity: string) =>
  policy(slo({ action_on_breach: 'notify_ts' }), `actions:\n  notify_ts:\n    severity: ${severity}\n    description: Page the on-call.\n`);

describe(RULE, () => {
  it('flags a severity that is no ladder action, with did-you-mean and a fix keeping quotes and comments', () => {
    const text = withSeverity('"pgae"   # on-call');
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(10, 14, 10, 20));
    assert.equal(f.message, `Custom action "notify_ts" needs a severity naming the built-in action it ranks with, but "pgae" is not a built-in action. Did you mean "page"? Ladder: ${LADDER_TEXT}.`);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change severity to "page"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, withSeverity('"page"   # on-call'));
    assert.deepEqual(findingsFor(after), []);
  });

  it('offers no fix when no ladder action is close', () => {
    const [f] = findingsFor(withSeverity('urgent'), RULE);
    assert.equal(f.message, `Custom action "notify_ts" needs a severity naming the built-in action it ranks with, but "urgent" is not a built-in action. Ladder: ${LADDER_TEXT}.`);
    assert.equal(f.fixes, undefined);
  });

  it('flags an empty severity just after the colon', () => {
    const [f] = findingsFor(withSeverity(''), RULE);
    assert.match(f.message, /but it is empty\./);
    assert.equal(f.range.start.line, 10);
  });

  it('accepts every ladder action as a severity', () => {
    for (const severity of LADDER_TEXT.split(' < ')) assert.deepEqual(findingsFor(withSeverity(severity), RULE), [], severity);
  });

  it('leaves a missing severity to schema/missing-key', () => {
    const text = policy(slo(), 'actions:\n  notify_ts:\n    description: x\n');
    assert.deepEqual(findingsFor(text, RULE), []);
    assert.equal(findingsFor(text, 'schema/missing-key').length, 1);
  });

  it('flags a custom action that takes the name of a built-in action, on its name', () => {
    const text = policy(slo(), 'actions:\n  page:\n    severity: page\n    description: x\n');
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(9, 2, 9, 6));
    assert.equal(f.message, 'Custom action "page" has the name of a built-in action, which always wins: this declaration is ignored. Rename it.');
  });
});
