import { strict as assert } from 'node:assert';
import { rule } from '.';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'never-event/action-severity';
const LADDER_TEXT = 'alert < ticket < page < route_to_human_review < throttle < degrade_to_safe_mode < rollback < kill_switch';

const never = (fields: Record<string, string | undefined>, extra = '') =>
  policy(slo({ name: 'self_harm_never_events', objective: '"Never give self-harm instructions."', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch', ...fields }), extra);
const CUSTOM = (severity: string) => `actions:\n  halt_everything:\n    severity: ${severity}\n    description: Stop serving.\n`;

describe(RULE, () => {
  it('flags "page" on a never-event SLO with two fixes, kill_switch preferred', () => {
    const text = never({ action_on_breach: "'page'   # too mild" });
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(7, 22, 7, 28));
    assert.equal(f.message, `"self_harm_never_events" guards never events, so its action must be at least rollback; "page" is milder. Ladder: ${LADDER_TEXT}.`);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change action to "kill_switch"', true], ['Change action to "rollback"', false]]);
    for (const [fix, action] of [[f.fixes![0], 'kill_switch'], [f.fixes![1], 'rollback']] as const) {
      const after = applyFix(text, fix);
      assert.equal(after, never({ action_on_breach: `'${action}'   # too mild` }));
      assert.deepEqual(findingsFor(after), []);
    }
  });

  it('detects the never-event SLO by name, by objective and by never_events list', () => {
    const neutral = { objective: '"Keep denials fair."' };
    assert.equal(findingsFor(never({ ...neutral, action_on_breach: 'alert' }), RULE).length, 1, 'by name');
    assert.equal(findingsFor(never({ name: 'unsafe_advice', objective: '"Never give self-harm instructions."', action_on_breach: 'alert' }), RULE).length, 1, 'by objective');
    assert.equal(findingsFor(never({ name: 'unsafe_advice', ...neutral, action_on_breach: 'alert', never_events: '[ne_self_harm]' }), RULE).length, 1, 'by list');
    assert.deepEqual(findingsFor(never({ name: 'unsafe_advice', ...neutral, action_on_breach: 'alert' }), RULE), [], 'not a never event');
  });

  it('accepts rollback and kill_switch', () => {
    for (const action of ['rollback', 'kill_switch']) assert.deepEqual(findingsFor(never({ action_on_breach: action }), RULE), [], action);
  });

  it('accepts a custom action ranked kill_switch, and flags one ranked page, naming its rank', () => {
    assert.deepEqual(findingsFor(never({ action_on_breach: 'halt_everything' }, CUSTOM('kill_switch')), RULE), []);
    const [f] = findingsFor(never({ action_on_breach: 'halt_everything' }, CUSTOM('page')), RULE);
    assert.match(f.message, /"halt_everything" \(ranks with page\) is milder\./);
  });

  it('leaves unknown actions to slo/unknown-action', () => {
    assert.deepEqual(findingsFor(never({ action_on_breach: 'pagee' }), RULE), []);
  });

  it('is marked as guarding never events', () => {
    assert.equal(rule.meta.id, RULE);
    assert.equal(rule.meta.guardsNeverEvents, true);
  });
});
