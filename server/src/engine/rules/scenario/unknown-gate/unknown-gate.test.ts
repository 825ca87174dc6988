import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';
import { dryRunPolicy, TENANT_URI, TEST_URI, workspaceFindings } from '../testing';

const RULE = 'scenario/unknown-gate';

const GATES = 'gates:\n  - name: canary_10pct\n    slos: [ood_recall_7d]\n  - name: release\n';
const scenario = (gate: string, gates = GATES) => dryRunPolicy(`${gates}scenarios:\n  - name: healthy\n    metrics: { ood_recall_7d: 0.95 }\n    gate: ${gate}\n    expect: pass\n`);

describe(RULE, () => {
  it('flags a gate the model does not have, with did-you-mean, the gates, and a fix', () => {
    const text = scenario('canary_10   # one hour of canary traffic');
    const [f, ...rest] = findingsFor(text);
    assert.deepEqual(rest, [], 'the scenario decides `error`, which is this finding alone');
    assert.equal(f.rule, RULE);
    assert.equal(f.message, 'Unknown gate "canary_10": the scenario decides `error` until it names a gate of this model. Did you mean "canary_10pct"? Gates of this model: canary_10pct, release.');
    assert.deepEqual(f.range, range(20, 10, 20, 19));
    assert.equal(f.anchor, 'healthy');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change gate to "canary_10pct"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, scenario('canary_10pct   # one hour of canary traffic'));
    assert.deepEqual(findingsFor(after), []);
  });

  it('finds gates in every policy file of the model, and says when the model has none', () => {
    const tenant = (model: string) => `${policy(slo({ name: 'acme_ood_recall_7d', metric: 'ood_recall_7d', scope: '{ tenant: acme }' })).replace('claims-triage', model)}gates:\n  - name: acme_canary\n`;
    const base = scenario('acme_canary', '');
    assert.deepEqual(workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('claims-triage') }, RULE), []);
    const [f] = workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('support-assistant') }, RULE);
    assert.equal(f.message, 'Unknown gate "acme_canary": the scenario decides `error` until it names a gate of this model. This model has no gates: leave `gate:` out to run every SLO.');
    assert.equal(f.fixes, undefined);
  });

  it('flags a gate that is not a name, and accepts a scenario without one', () => {
    for (const written of ['5', '[release]', '']) {
      const findings = findingsFor(scenario(written));
      assert.deepEqual(findings.map((f) => [f.rule, f.message]), [[RULE, 'gate names the gate the scenario runs. Gates of this model: canary_10pct, release.']], written);
      assert.equal(findings[0].range.start.line, 20, written);
    }
    assert.deepEqual(findingsFor(dryRunPolicy('scenarios:\n  - name: healthy\n    metrics: { ood_recall_7d: 0.95 }\n    expect: pass\n')), []);
  });
});
