import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';
import { dryRunPolicy, TENANT_URI, TEST_URI, workspaceFindings } from '../testing';

const RULE = 'scenario/unknown-decision';
const LADDER = 'alert, ticket, page, route_to_human_review, throttle, degrade_to_safe_mode, rollback, kill_switch';
const EXPECTS = `pass, block, or an action: ${LADDER}`;

const scenario = (expect: string, metrics = '{ ood_recall_7d: 0.84 }') => dryRunPolicy(`scenarios:\n  - name: spike\n    metrics: ${metrics}\n    expect: ${expect}\n`);

describe(RULE, () => {
  it('flags an expect that is no decision, with did-you-mean, the decisions, and a fix keeping quotes', () => {
    const text = scenario('"degrade-to-safe-mode"   # incident 2026-03');
    const [f, ...rest] = findingsFor(text);
    assert.deepEqual(rest, []);
    assert.equal(f.rule, RULE);
    assert.equal(f.message, `Unknown decision "degrade-to-safe-mode": no gate can decide it, so the scenario always fails. Did you mean "degrade_to_safe_mode"? A scenario expects ${EXPECTS}.`);
    assert.deepEqual(f.range, range(16, 12, 16, 34));
    assert.equal(f.anchor, 'spike');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change expect to "degrade_to_safe_mode"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, scenario('"degrade_to_safe_mode"   # incident 2026-03'));
    assert.deepEqual(findingsFor(after), []);
  });

  it('accepts pass, block, every ladder action, and custom actions declared in any policy file of the model', () => {
    for (const expect of ['pass', 'block', ...LADDER.split(', ')]) assert.deepEqual(findingsFor(scenario(expect), RULE), [], expect);
    const tenant = (model: string) => `${policy(slo({ name: 'acme_ood_recall_7d', metric: 'ood_recall_7d', scope: '{ tenant: acme }', action_on_breach: 'notify_trust_and_safety' })).replace('claims-triage', model)}actions:\n  notify_trust_and_safety:\n    severity: page\n    description: Page the on-call.\n`;
    const base = scenario('notify_trust_and_safty');
    const [f] = workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('claims-triage') }, RULE);
    assert.equal(f.message, `Unknown decision "notify_trust_and_safty": no gate can decide it, so the scenario always fails. Did you mean "notify_trust_and_safety"? A scenario expects ${EXPECTS}; custom: notify_trust_and_safety.`);
    assert.deepEqual(workspaceFindings({ [TEST_URI]: applyFix(base, f.fixes![0]), [TENANT_URI]: tenant('claims-triage') }, RULE), []);
    assert.match(workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('support-assistant') }, RULE)[0].message, /expects pass, block, or an action: alert, .*, kill_switch\.$/);
  });

  it('does not accept `error`: a scenario pins down a decision, not a broken policy', () => {
    assert.equal(findingsFor(scenario('error'), RULE).length, 1);
  });

  it('flags an expect that is not a name, and leaves a missing one to schema/missing-key', () => {
    for (const written of ['5', '""', '']) {
      const findings = findingsFor(scenario(written));
      assert.deepEqual(findings.map((f) => [f.rule, f.message]), [[RULE, `expect names the decision the scenario must produce: ${EXPECTS}.`]], written);
      assert.equal(findings[0].range.start.line, 16, written);
    }
    assert.deepEqual(findingsFor(dryRunPolicy('scenarios:\n  - name: spike\n    metrics: { ood_recall_7d: 0.84 }\n')).map((f) => f.rule), ['schema/missing-key']);
  });

  it('checks the decision of each timed expect, with the same fix on its `decision:`', () => {
    const text = scenario('{ at: 1m, decision: degrade-to-safe-mode }', '{ ood_recall_7d: "0.84x1" }');
    const [f, ...rest] = findingsFor(text);
    assert.deepEqual(rest, []);
    assert.equal(f.message, `Unknown decision "degrade-to-safe-mode": no gate can decide it, so the scenario always fails. Did you mean "degrade_to_safe_mode"? A scenario expects ${EXPECTS}.`);
    assert.deepEqual(f.range, range(16, 32, 16, 52));
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Change decision to "degrade_to_safe_mode"']);
    assert.deepEqual(findingsFor(applyFix(text, f.fixes![0])), []);
  });

  it('flags a list item that is no map, a decision that is no name and an empty list; a missing decision is schema/missing-key\'s', () => {
    const list = findingsFor(scenario('[{ at: 0s, decision: pass }, rollback, { at: 0s, decision: 5 }]', '{ ood_recall_7d: "0.95x1" }'));
    assert.deepEqual(list.map((f) => [f.rule, f.message, f.range.start.character]), [
      [RULE, 'An expect in a list is a map, like { at: 65m, decision: rollback }.', 41],
      [RULE, `decision names the decision the scenario must produce at that time: ${EXPECTS}.`, 71],
    ]);
    assert.deepEqual(findingsFor(scenario('[]')).map((f) => [f.rule, f.message]), [[RULE, 'expect lists no decision: write one, like { at: 65m, decision: degrade_to_safe_mode }.']]);
    assert.deepEqual(findingsFor(scenario('{ at: 0s }')).map((f) => f.rule), ['schema/missing-key']);
  });
});
