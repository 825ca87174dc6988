import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';
import { dryRunPolicy, TENANT_URI, TEST_URI, workspaceFindings } from '../../scenario/testing';

const RULE = 'gate/unknown-slo';
const FORMS = 'slos is `all` or a list of SLO names';
const gate = (slos: string) => dryRunPolicy(`gates:\n  - name: canary\n    slos: ${slos}\n`);

describe(RULE, () => {
  it('flags a listed name no SLO has, with did-you-mean and a fix that keeps quoting', () => {
    const text = gate(`[never_event_violations, 'ood_recal_7d']`);
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, 'Gate canary lists "ood_recal_7d", but no SLO of this model has that name: the gate decides `error` until it does. Did you mean "ood_recall_7d"?');
    assert.deepEqual(f.range, range(15, 35, 15, 49));
    assert.equal(f.anchor, 'canary');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change SLO to "ood_recall_7d"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, gate(`[never_event_violations, 'ood_recall_7d']`));
    assert.deepEqual(findingsFor(after), []);
  });

  it('offers no fix when nothing is close', () => {
    const [f] = findingsFor(gate('[latency_p99]'), RULE);
    assert.match(f.message, /lists "latency_p99", but no SLO of this model has that name: the gate decides `error` until it does\.$/);
    assert.equal(f.fixes, undefined);
  });

  it('finds SLOs in every policy file of the model, and only of the model', () => {
    const tenant = (model: string) => policy(slo({ name: 'acme_latency_p95_1h', metric: 'decision_latency_p95', target: '"<= 500ms"', window: '1h', action_on_breach: 'ticket' })).replace('claims-triage', model);
    const base = gate('[ood_recall_7d, acme_latency_p95_1h]');
    assert.deepEqual(workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('claims-triage') }, RULE), []);
    const other = workspaceFindings({ [TEST_URI]: base, [TENANT_URI]: tenant('support-assistant') }, RULE);
    assert.deepEqual(other.map((f) => [f.uri, f.message.split(',')[0]]), [[TEST_URI, 'Gate canary lists "acme_latency_p95_1h"']]);
  });

  it('accepts `all`, a list of known names, and a gate without slos', () => {
    for (const slos of ['all', '"all"', '[ood_recall_7d]', '[ood_recall_7d, never_event_violations]']) assert.deepEqual(findingsFor(gate(slos)), [], slos);
    assert.deepEqual(findingsFor(dryRunPolicy('gates:\n  - name: release\n')), []);
  });

  it('turns one SLO name written as a string into a list, and a near `all` into `all`', () => {
    const one = gate('ood_recall_7d   # the canary reads recall only');
    const [f] = findingsFor(one, RULE);
    assert.equal(f.message, `${FORMS}, not "ood_recall_7d".`);
    assert.deepEqual(f.range, range(15, 10, 15, 23));
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Make it a list: [ood_recall_7d]']);
    assert.equal(applyFix(one, f.fixes![0]), gate('[ood_recall_7d]   # the canary reads recall only'));
    assert.deepEqual(findingsFor(applyFix(one, f.fixes![0])), []);

    const [all] = findingsFor(gate('ALL'), RULE);
    assert.deepEqual(all.fixes?.map((x) => x.title), ['Change slos to "all"']);
    assert.deepEqual(findingsFor(applyFix(gate('ALL'), all.fixes![0])), []);
    assert.equal(findingsFor(gate('everything'), RULE)[0].fixes, undefined);
  });

  it('flags an empty list (the gate would always pass) and values that are not a list or a string', () => {
    const [empty] = findingsFor(gate('[]'), RULE);
    assert.equal(empty.message, `An empty slos list reads no SLO, so the gate would always pass: ${FORMS}.`);
    assert.deepEqual(empty.range, range(15, 10, 15, 12));
    for (const written of ['5', '{ a: 1 }', '']) {
      const findings = findingsFor(gate(written));
      assert.deepEqual(findings.map((f) => [f.rule, f.message]), [[RULE, `${FORMS}.`]], written);
      assert.equal(findings[0].range.start.line, 15);
    }
  });
});
