import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'schema/invalid-value';

describe(RULE, () => {
  it('reports a value of the wrong type on the value', () => {
    const [f, ...rest] = findingsFor(policy(slo({ name: '5' })), RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(3, 10, 3, 11));
    assert.equal(f.message, '"name" in SLO #1: expected a string, found the number 5.');
    assert.equal(f.fixes, undefined);
  });

  it('names the types in words', () => {
    assert.match(findingsFor(policy(slo({ scope: 'everything' })), RULE)[0].message, /"scope" in SLO "ood_recall_7d": expected a map, found the string "everything"\.$/);
    assert.match(findingsFor(policy(slo({ never_events: 'ne_one' })), RULE)[0].message, /expected a list, found the string "ne_one"/);
    assert.match(findingsFor(policy(slo({ owner: '[a, b]' })), RULE)[0].message, /expected a string, found a list/);
  });

  it('reports an unknown enum value with did-you-mean and a fix that keeps quoting and comments (severity)', () => {
    const text = policy(slo({ severity: "'hihg'   # how bad" }));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(8, 14, 8, 20));
    assert.equal(f.message, '"severity" in SLO "ood_recall_7d": "hihg" is not one of low, medium, high, critical. Did you mean "high"?');
    assert.equal(f.fixes?.[0].title, 'Change to "high"');
    const fixed = applyFix(text, f.fixes![0]);
    assert.equal(fixed, policy(slo({ severity: "'high'   # how bad" })));
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('offers no fix for an enum value nothing is close to', () => {
    const [f] = findingsFor(policy(slo({ severity: 'catastrophic' })), RULE);
    assert.doesNotMatch(f.message, /Did you mean/);
    assert.equal(f.fixes, undefined);
  });

  it('reports a root that is a list, not a map', () => {
    const [f, ...rest] = findingsFor('- version: 1\n- model: m\n', RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, 'The policy: expected a map, found a list.');
    assert.equal(f.range.start.line, 0);
  });

  it('reports a wrong version, an empty model and an empty SLO list', () => {
    const findings = findingsFor('version: 2\nmodel: ""\nslos: []\n', RULE);
    assert.deepEqual(findings.map((f) => f.range), [range(0, 9, 0, 10), range(1, 7, 1, 9), range(2, 6, 2, 8)]);
    assert.deepEqual(findings.map((f) => f.message), [
      '"version" in the policy: must be 1.',
      '"model" in the policy: must not be empty.',
      '"slos" in the policy: must list at least 1 item.',
    ]);
  });

  it('reports an action name that is not snake_case on the name', () => {
    const text = policy(slo(), 'actions:\n  NotifyTS:\n    severity: page\n    description: x\n');
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(9, 2, 9, 10));
    assert.match(f.message, /Action names are snake_case/);
  });

  it('leaves values with their own rule to that rule (target, window, action, objective, custom severity)', () => {
    const text = policy(slo({ target: '"=> 0.5"', window: '7 days', action_on_breach: 'nope', objective: '"Two. Sentences."' }), 'actions:\n  notify_ts:\n    severity: pgae\n    description: x\n');
    assert.deepEqual(findingsFor(text, RULE), []);
  });

  it('does not flag valid values', () => {
    assert.deepEqual(findingsFor(policy(slo({ severity: 'critical', scope: '{ tenant: [acme, globex], tier: 1, beta: true }' })), RULE), []);
  });
});
