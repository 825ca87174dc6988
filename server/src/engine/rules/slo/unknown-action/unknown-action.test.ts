import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'slo/unknown-action';
const LADDER_LIST = 'alert, ticket, page, route_to_human_review, throttle, degrade_to_safe_mode, rollback, kill_switch';
const ACTIONS = 'actions:\n  notify_trust_and_safety:\n    severity: page\n    description: Page the on-call.\n';

const withAction = (action: string, extra = '') => policy(slo({ action_on_breach: action }), extra);

describe(RULE, () => {
  it('flags a misspelt built-in action with did-you-mean, the ladder, and a fix keeping quotes and comment', () => {
    const text = withAction('"rollbak"   # undo the deploy');
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(7, 22, 7, 31));
    assert.equal(f.message, `Unknown action "rollbak". Did you mean "rollback"? Actions, least to most severe: ${LADDER_LIST}.`);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change action to "rollback"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, withAction('"rollback"   # undo the deploy'));
    assert.deepEqual(findingsFor(after), []);
  });

  it('suggests a custom action, and lists the custom actions', () => {
    const text = withAction('notify_trust_and_safty', ACTIONS);
    const [f] = findingsFor(text, RULE);
    assert.equal(f.message, `Unknown action "notify_trust_and_safty". Did you mean "notify_trust_and_safety"? Actions, least to most severe: ${LADDER_LIST}; custom: notify_trust_and_safety.`);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, withAction('notify_trust_and_safety', ACTIONS));
    assert.deepEqual(findingsFor(after), []);
  });

  it('offers no fix when nothing is close', () => {
    const [f] = findingsFor(withAction('frobnicate'), RULE);
    assert.equal(f.message, `Unknown action "frobnicate". Actions, least to most severe: ${LADDER_LIST}.`);
    assert.equal(f.fixes, undefined);
  });

  it('accepts every built-in action and declared custom actions', () => {
    for (const action of LADDER_LIST.split(', ')) assert.deepEqual(findingsFor(withAction(action), RULE), [], action);
    assert.deepEqual(findingsFor(withAction('notify_trust_and_safety', ACTIONS), RULE), []);
  });

  it('does not double-report a custom action whose severity is bad: that is action/custom-severity\'s finding', () => {
    const text = withAction('notify_ts', 'actions:\n  notify_ts:\n    severity: pgae\n    description: x\n');
    assert.deepEqual(findingsFor(text, RULE), []);
    assert.equal(findingsFor(text, 'action/custom-severity').length, 1);
  });

  it('flags an empty or non-string action, on the value or just after the colon', () => {
    for (const written of ['""', '5', '[alert]']) {
      const [f, ...rest] = findingsFor(withAction(written), RULE);
      assert.deepEqual(rest, [], written);
      assert.equal(f.message, `action_on_breach must name an action: ${LADDER_LIST}.`);
      assert.deepEqual(f.range, range(7, 22, 7, 22 + written.length), written);
    }
    const [nothing] = findingsFor(withAction(''), RULE);
    assert.equal(nothing.range.start.line, 7);
  });

  it('is case-insensitive when suggesting, but exact when accepting', () => {
    const text = withAction('Kill_Switch');
    const [f] = findingsFor(text, RULE);
    assert.match(f.message, /Did you mean "kill_switch"\?/);
    assert.deepEqual(findingsFor(applyFix(text, f.fixes![0]), RULE), []);
  });
});
