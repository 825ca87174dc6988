import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';
import { dryRunPolicy, TENANT_URI, TEST_URI, workspaceFindings } from '../../scenario/testing';

const RULE = 'gate/duplicate-name';
const WHY = 'Names must be unique in a model: scenarios and `safety-specs gate --gate` pick a gate by its name.';

describe(RULE, () => {
  it('flags the second gate of a name, relates it to the first, and renames it to a free name', () => {
    const gates = (second: string) => dryRunPolicy(`gates:\n  - name: release\n  - name: release_2\n  - name: ${second}\n    slos: [ood_recall_7d]\n`);
    const text = gates("'release'   # canary");
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, `Duplicate gate name "release" (first on line 15). ${WHY}`);
    assert.deepEqual(f.range, range(16, 10, 16, 19));
    assert.equal(f.anchor, 'release');
    assert.deepEqual(f.related, [{ uri: TEST_URI, range: range(14, 10, 14, 17), message: 'First gate named "release".' }]);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Rename to "release_3"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, gates("'release_3'   # canary"));
    assert.deepEqual(findingsFor(after), []);
  });

  it('compares the gates of every policy file of the model, and names the file of the first', () => {
    const tenant = (model: string) => `${policy(slo({ name: 'acme_ood_recall_7d', metric: 'ood_recall_7d', scope: '{ tenant: acme }' })).replace('claims-triage', model)}gates:\n  - name: release\n`;
    const base = dryRunPolicy('gates:\n  - name: release\n');
    const findings = workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('claims-triage') }, RULE);
    // Files in URI order: safety-slos.yaml comes before tenants/acme.safety-slos.yaml.
    assert.deepEqual(findings.map((f) => [f.uri, f.message]), [[TENANT_URI, `Duplicate gate name "release" (first on safety-slos.yaml, line 15). ${WHY}`]]);
    assert.deepEqual(findings[0].related?.map((r) => r.uri), [TEST_URI]);
    assert.deepEqual(workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('support-assistant') }, RULE), []);
  });

  it('does not flag distinct names, gates without a name, or a gate named like a scenario', () => {
    assert.deepEqual(findingsFor(dryRunPolicy('gates:\n  - name: release\n  - name: canary\n'), RULE), []);
    assert.equal(findingsFor(dryRunPolicy('gates:\n  - slos: all\n  - slos: all\n'), RULE).length, 0);
    const sameAsScenario = dryRunPolicy('gates:\n  - name: release\nscenarios:\n  - name: release\n    metrics: { ood_recall_7d: 0.95 }\n    expect: pass\n');
    assert.deepEqual(findingsFor(sameAsScenario), []);
  });
});
