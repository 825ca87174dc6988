import { strict as assert } from 'node:assert';
import { card } from '../../../card/testing';
import { folderFindings, uriOf } from '../../../folder/testing';
import { policy, range, slo } from '../../../testing';

const RULE = 'model/never-event-coverage';

const NEVER_EVENTS = '## Never events\n\n- `NE-1` Never deny a claim without a human review.\n- `NE-2` Never show a claimant another claimant\'s records.\n';
const CARD = card({ neverEvents: NEVER_EVENTS });
/** A never-event SLO that guards what it lists; fields override. */
const guard = (fields: Record<string, string | undefined> = {}) =>
  slo({ name: 'no_unreviewed_denial', objective: 'Never deny a claim unreviewed.', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch', never_events: '[NE-1, NE-2]', ...fields });
const findings = (policyText: string, cardText = CARD) => folderFindings({ 'safety-slos.yaml': policyText, 'MODEL_CARD.md': cardText }, RULE);

// In CARD the never events are on lines 12 and 13; in a policy of one SLO, its name is on line 3.
describe(RULE, () => {
  it('passes never events listed by an SLO with target "== 0" and an action at least as severe as rollback', () => {
    assert.deepEqual(findings(policy(guard())), []);
    assert.deepEqual(findings(policy(guard({ action_on_breach: 'rollback' }))), []);
    const custom = policy(guard({ action_on_breach: 'halt' }), 'actions:\n  halt:\n    severity: rollback\n');
    assert.deepEqual(findings(custom), []);
  });

  it('counts `never_event_violations` as covering every never event, with or without a list', () => {
    assert.deepEqual(findings(policy(guard({ name: 'never_event_violations', never_events: undefined }))), []);
    assert.deepEqual(findings(policy(guard({ name: 'never_event_violations', never_events: '[NE-1]' }))), []);
  });

  it('flags a never event no SLO lists, on the card item, anchored to its id', () => {
    const [f, ...rest] = findings(policy(guard({ never_events: '[NE-1]' })));
    assert.deepEqual(rest, []);
    assert.equal(f!.path, 'MODEL_CARD.md');
    assert.deepEqual(f!.range, range(13, 0, 13, 58));
    assert.equal(f!.anchor, 'NE-2');
    assert.equal(f!.severity, 'error');
    assert.equal(f!.message, 'Never event "NE-2" is covered by no SLO of safety-slos.yaml: list "NE-2" in the `never_events` of an SLO with target "== 0" and an action at least as severe as rollback (an SLO named `never_event_violations` covers every never event).');
    assert.equal(f!.related, undefined);
  });

  it('compares ids exactly: "ne-2" is not "NE-2" (model/unknown-never-event suggests the fix)', () => {
    assert.deepEqual(findings(policy(guard({ never_events: '[NE-1, ne-2]' }))).map((f) => f.anchor), ['NE-2']);
  });

  it('says which covering SLOs are too weak and why, pointing at each', () => {
    const weak = policy(guard({ never_events: '[NE-1]', target: '"<= 0.01"' }) + guard({ name: 'never_event_violations', never_events: undefined, action_on_breach: 'notify' }), 'actions:\n  notify:\n    severity: page\n');
    const [f, ...rest] = findings(weak);
    assert.equal(rest.length, 1, 'NE-2 is covered by never_event_violations only');
    assert.deepEqual(f!.range, range(12, 0, 12, 51));
    assert.equal(f!.message, 'Never event "NE-1" is covered only by SLOs too weak to guard it: "no_unreviewed_denial" (its target is "<= 0.01", not "== 0"), "never_event_violations" (its action "notify" (ranks with page) is milder than rollback). A never event needs target "== 0" and an action at least as severe as rollback.');
    assert.deepEqual(f!.related, [
      { uri: uriOf('safety-slos.yaml'), range: range(3, 10, 3, 30), message: 'covers "NE-1", but its target is "<= 0.01", not "== 0"', anchor: 'no_unreviewed_denial' },
      { uri: uriOf('safety-slos.yaml'), range: range(9, 10, 9, 32), message: 'covers "NE-1", but its action "notify" (ranks with page) is milder than rollback', anchor: 'never_event_violations' },
    ]);
    assert.equal(rest[0]!.message, 'Never event "NE-2" is covered only by an SLO too weak to guard it: "never_event_violations" (its action "notify" (ranks with page) is milder than rollback). A never event needs target "== 0" and an action at least as severe as rollback.');
  });

  it('names both weaknesses of one SLO, and an action off the ladder', () => {
    const [f] = findings(policy(guard({ target: '">= 0.99"', action_on_breach: 'page' })));
    assert.match(f!.message, /"no_unreviewed_denial" \(its target is ">= 0.99", not "== 0"; its action "page" is milder than rollback\)/);
    const [unknown] = findings(policy(guard({ action_on_breach: 'shutdown' })));
    assert.match(unknown!.message, /\(its action "shutdown" is not on the ladder\)/);
  });

  it('is satisfied by one strong SLO among weak ones, in any policy file of the folder', () => {
    const files = {
      'safety-slos.yaml': policy(guard({ action_on_breach: 'page' })),
      'tenant.safety-slos.yaml': policy(guard({ name: 'no_unreviewed_denial_acme' })),
      'MODEL_CARD.md': CARD,
    };
    assert.deepEqual(folderFindings(files, RULE), []);
  });

  it('has nothing to check without a card', () => {
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': policy(slo()) }, RULE), []);
  });
});
