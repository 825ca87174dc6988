import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, range, slo } from '../../../testing';
import { dryRunPolicy, NEVER_EVENT_SLO } from '../testing';

const RULE = 'scenario/unknown-metric';
const SCOPE_SYNTAX = 'an SLO with a scope reads `metric{dimension=value}`, one without reads the bare metric.';

const scenario = (metrics: string, expect = 'pass', extra = '') => `scenarios:\n  - name: healthy\n    metrics: ${metrics}\n    expect: ${expect}\n${extra}`;
const ACME = slo({ name: 'acme_ood_recall_7d', metric: 'ood_recall_7d', target: '">= 0.92"', scope: '{ tenant: acme }' });

describe(RULE, () => {
  it('warns on a key no SLO reads, with did-you-mean and a fix renaming the key', () => {
    const text = dryRunPolicy(scenario('{ ood_recall_7d: 0.95, never_event_violatons: 0 }'));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, '"never_event_violatons" in scenario healthy is read by no SLO of this model. Did you mean "never_event_violations"?');
    assert.deepEqual(f.range, range(15, 36, 15, 57));
    assert.equal(f.anchor, 'healthy');
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change key to "never_event_violations"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, dryRunPolicy(scenario('{ ood_recall_7d: 0.95, never_event_violations: 0 }')));
    assert.deepEqual(findingsFor(after), []);
  });

  it('explains the scoped-key syntax when the metric is read under another scope, and renames to that key', () => {
    const text = dryRunPolicy(scenario('{ ood_recall_7d: 0.95 }', 'pass', '    gate: acme\ngates:\n  - name: acme\n    slos: [acme_ood_recall_7d]\n'), ACME + NEVER_EVENT_SLO);
    const [f] = findingsFor(text, RULE);
    assert.equal(f.message, `"ood_recall_7d" in scenario healthy is read by no SLO of gate acme. acme_ood_recall_7d reads "ood_recall_7d{tenant="acme"}": ${SCOPE_SYNTAX}`);
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Change key to "ood_recall_7d{tenant=acme}"']);
    const after = applyFix(text, f.fixes![0]);
    assert.ok(after.includes('metrics: { "ood_recall_7d{tenant=acme}": 0.95 }'));
    assert.deepEqual(findingsFor(after), []);
  });

  it('lists every SLO of the metric when several scopes read it, and renames only to a close key', () => {
    const text = dryRunPolicy(scenario('{ "ood_recall_7d{tenant=globex}": 0.95 }'), slo() + ACME + NEVER_EVENT_SLO);
    const [f] = findingsFor(text, RULE);
    assert.equal(f.message, `"ood_recall_7d{tenant="globex"}" in scenario healthy is read by no SLO of this model. Did you mean "ood_recall_7d{tenant=acme}"? ood_recall_7d reads "ood_recall_7d", acme_ood_recall_7d reads "ood_recall_7d{tenant="acme"}": ${SCOPE_SYNTAX}`);
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Change key to "ood_recall_7d{tenant=acme}"']);
    const far = findingsFor(dryRunPolicy(scenario('{ "ood_recall_7d{region=eu,tenant=globex}": 0.95 }'), slo() + ACME + NEVER_EVENT_SLO), RULE);
    assert.match(far[0].message, /of this model\. ood_recall_7d reads/);
    assert.equal(far[0].fixes, undefined);
  });

  it('warns on a key only an SLO outside the scenario\'s gate reads', () => {
    const text = dryRunPolicy(scenario('{ ood_recall_7d: 0.95, never_event_violations: 0 }', 'pass', '    gate: canary\ngates:\n  - name: canary\n    slos: [ood_recall_7d]\n'));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, '"never_event_violations" in scenario healthy is read by no SLO of gate canary.');
  });

  it('stays quiet on keys the SLOs read, on null values, and under an unknown gate (scenario/unknown-gate\'s finding)', () => {
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: 0.95, never_event_violations: null }'))), []);
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ "ood_recall_7d{tenant=acme}": 0.95 }'), ACME + NEVER_EVENT_SLO)), []);
    const unknownGate = dryRunPolicy(scenario('{ ood_recall_7d: 0.95, whatever: 1 }', 'pass', '    gate: canary\n'));
    assert.deepEqual(findingsFor(unknownGate).map((f) => f.rule), ['scenario/unknown-gate']);
  });
});
