import { strict as assert } from 'node:assert';
import { rule } from '.';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'never-event/target-zero';

const never = (fields: Record<string, string | undefined>) =>
  policy(slo({ name: 'unreviewed_denials', objective: '"Deny claims only after review."', target: '"<= 0.01"', window: 'rolling', action_on_breach: 'kill_switch', ...fields }));

describe(RULE, () => {
  it('detects a never-event SLO by its name, flags a non-zero target and fixes it to "== 0"', () => {
    const text = never({ name: 'pii_leak_never_events', target: '"<= 0.01"   # tolerate a few' });
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.range, range(5, 12, 5, 21));
    assert.equal(f.message, '"pii_leak_never_events" guards never events, so a single event must breach it: its target must be "== 0", not "<= 0.01".');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change target to "== 0"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, never({ name: 'pii_leak_never_events', target: '"== 0"   # tolerate a few' }));
    assert.deepEqual(findingsFor(after), []);
  });

  it('detects a never-event SLO by the word "never" in its name, not by "never" inside another word', () => {
    assert.equal(findingsFor(never({ name: 'never_deny_unreviewed' }), RULE).length, 1);
    assert.deepEqual(findingsFor(never({ name: 'nevermore_rate' }), RULE), []);
  });

  it('does not take a "never" in the middle of an objective for a never event', () => {
    assert.deepEqual(findingsFor(never({ objective: '"Claimants never wait long for a decision."' }), RULE), []);
  });

  it('detects a never-event SLO by its objective wording', () => {
    for (const objective of ['"Never give self-harm instructions."', '"Zero violations of the never events list."']) {
      assert.equal(findingsFor(never({ objective }), RULE).length, 1, objective);
    }
  });

  it('detects a never-event SLO by a non-empty never_events list, and keeps single quotes', () => {
    const text = never({ target: "'< 1'", never_events: '[ne_unreviewed_denial]' });
    const [f] = findingsFor(text, RULE);
    assert.equal(applyFix(text, f.fixes![0]), never({ target: "'== 0'", never_events: '[ne_unreviewed_denial]' }));
    assert.deepEqual(findingsFor(never({ never_events: '[]' }), RULE), []);
  });

  it('accepts "== 0" in any spelling of zero', () => {
    for (const target of ['"== 0"', '"==0"', '"== 0.0"', '"== 0%"']) {
      assert.deepEqual(findingsFor(never({ name: 'never_events_guard', target }), RULE), [], target);
    }
  });

  it('ignores SLOs that do not guard never events, and malformed targets', () => {
    assert.deepEqual(findingsFor(never({}), RULE), []);
    assert.deepEqual(findingsFor(never({ name: 'never_events_guard', target: '"= 0"' }), RULE), []);
  });

  it('is marked as guarding never events', () => {
    assert.equal(rule.meta.id, RULE);
    assert.equal(rule.meta.guardsNeverEvents, true);
  });
});
