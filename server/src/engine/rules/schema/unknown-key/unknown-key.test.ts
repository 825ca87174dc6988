import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'schema/unknown-key';
const ACTIONS = (key: string) => `actions:\n  notify_ts:\n    severity: page\n    ${key}: "Page the on-call."  # who\n`;

describe(RULE, () => {
  it('flags a misspelt top-level key on the key, with did-you-mean and a fix that keeps the rest of the line', () => {
    const text = `version: 1\nmodle: claims-triage   # the model\nslos:\n${slo()}`;
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(1, 0, 1, 5));
    assert.equal(f.message, 'Unknown key "modle" in the policy. Did you mean "model"?');
    assert.equal(f.fixes?.length, 1);
    assert.equal(f.fixes[0].title, 'Rename "modle" to "model"');
    assert.equal(f.fixes[0].preferred, true);
    const fixed = applyFix(text, f.fixes[0]);
    assert.equal(fixed, `version: 1\nmodel: claims-triage   # the model\nslos:\n${slo()}`);
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('flags a misspelt key inside an SLO and renames it', () => {
    const text = policy(slo({ target: undefined, tagret: '">= 0.90"' }));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(7, 4, 7, 10));
    assert.equal(f.message, 'Unknown key "tagret" in SLO "ood_recall_7d". Did you mean "target"?');
    const fixed = applyFix(text, f.fixes![0]);
    assert.equal(fixed, text.replace('tagret:', 'target:'));
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('ignores case and -/_ differences when suggesting (Action-On-Breach)', () => {
    const text = policy(slo({ action_on_breach: undefined, 'Action-On-Breach': 'alert' }));
    const [f] = findingsFor(text, RULE);
    assert.match(f.message, /Did you mean "action_on_breach"\?/);
    assert.deepEqual(findingsFor(applyFix(text, f.fixes![0])), []);
  });

  it('flags a misspelt key inside a custom action and keeps the quoted value and comment', () => {
    const text = policy(slo(), ACTIONS('descripton'));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(11, 4, 11, 14));
    assert.equal(f.message, 'Unknown key "descripton" in action "notify_ts". Did you mean "description"?');
    const fixed = applyFix(text, f.fixes![0]);
    assert.equal(fixed, policy(slo(), ACTIONS('description')));
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('lists the allowed keys and offers no fix when nothing is close', () => {
    const top = findingsFor(`${policy(slo())}xyzzy_plugh: 3\n`, RULE);
    assert.equal(top.length, 1);
    assert.equal(top[0].message, 'Unknown key "xyzzy_plugh" in the policy. Allowed keys: version, model, slos, actions, gates, scenarios, metrics, history, safe_mode, model_card.');
    assert.equal(top[0].fixes, undefined);
    const inSlo = findingsFor(policy(slo({ qqqqqqqqqqq: '2' })), RULE);
    assert.equal(inSlo.length, 1);
    assert.match(inSlo[0].message, /^Unknown key "qqqqqqqqqqq" in SLO "ood_recall_7d"\. Allowed keys: name, objective, target, window, aggregate, action_on_breach, metric, scope, owner, severity, description, never_events\.$/);
    assert.equal(inSlo[0].fixes, undefined);
    const inAction = findingsFor(policy(slo(), `${ACTIONS('description')}    zzzzzzzzzz: 1\n`), RULE);
    assert.equal(inAction.length, 1);
    assert.match(inAction[0].message, /Allowed keys: severity, description\.$/);
  });

  it('does not suggest a key that is already present', () => {
    // `target` is written, so `tagret` is not a typo of it: renaming would create a duplicate key.
    const [f] = findingsFor(policy(slo({ tagret: '">= 0.5"' })), RULE);
    assert.doesNotMatch(f.message, /Did you mean/);
    assert.equal(f.fixes, undefined);
  });

  it('keeps the quoting of a quoted key', () => {
    const text = `version: 1\n'modle': m\nslos:\n${slo()}`;
    const [f] = findingsFor(text, RULE);
    assert.equal(applyFix(text, f.fixes![0]), `version: 1\n'model': m\nslos:\n${slo()}`);
  });

  it('accepts every documented key, and reserved top-level sections', () => {
    const full = slo({ metric: 'ood_recall', scope: '{ tenant: acme }', owner: 'ml-safety', severity: 'high', description: 'Notes.', never_events: '[]' });
    const extra = 'gates: []\nscenarios: []\nmetrics: ./eval/latest.json\nsafe_mode: {}\nmodel_card: ./MODEL_CARD.md\n';
    assert.deepEqual(findingsFor(policy(full, extra), RULE), []);
  });
});
