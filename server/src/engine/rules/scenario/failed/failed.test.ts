import { strict as assert } from 'node:assert';
import { findingsFor, range, slo } from '../../../testing';
import { dryRunPolicy, NEVER_EVENT_SLO, TEST_URI } from '../testing';

const RULE = 'scenario/failed';
const ACTIONS = 'actions:\n  notify_trust_and_safety:\n    severity: page\n    description: Page the trust-and-safety on-call.\n';

const scenario = (metrics: string, expect: string, extra = '') => `scenarios:\n  - name: launch_week_ood_spike\n    metrics: ${metrics}\n    expect: ${expect}\n${extra}`;

describe(RULE, () => {
  it('reports a decision other than expect on the expect value, with the trace as related information', () => {
    const text = dryRunPolicy(scenario('{ ood_recall_7d: 0.84, never_event_violations: 0 }', 'rollback   # incident 2026-03'));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, 'Scenario launch_week_ood_spike expects rollback but decides degrade_to_safe_mode: ood_recall_7d breached (0.84 < 0.90): degrade_to_safe_mode.');
    assert.deepEqual(f.range, range(16, 12, 16, 20));
    assert.equal(f.anchor, 'launch_week_ood_spike');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.related, [
      { uri: TEST_URI, range: range(3, 10, 3, 23), message: 'ood_recall_7d: 0.84 < 0.90, breach → degrade_to_safe_mode (decides)' },
      { uri: TEST_URI, range: range(8, 10, 8, 32), message: 'never_event_violations: 0 == 0, pass' },
    ]);
    assert.equal(f.fixes, undefined, 'a failing regression test is never "fixed" by changing what it expects');
  });

  it('passes when the decision is the expected one, and a built-in action matches a custom action that ranks with it', () => {
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: 0.84 }', 'degrade_to_safe_mode'))), []);
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: 0.95, never_event_violations: 0 }', 'pass'))), []);
    const custom = dryRunPolicy(scenario('{ ood_recall_7d: 0.84 }', 'page'), slo({ action_on_breach: 'notify_trust_and_safety' }) + NEVER_EVENT_SLO).replace('slos:\n', `${ACTIONS}slos:\n`);
    assert.deepEqual(findingsFor(custom), []);
    assert.deepEqual(findingsFor(custom.replace('expect: page', 'expect: notify_trust_and_safety')), []);
    const [f] = findingsFor(custom.replace('expect: page', 'expect: rollback'), RULE);
    assert.match(f.message, /expects rollback but decides notify_trust_and_safety: ood_recall_7d breached \(0\.84 < 0\.90\): notify_trust_and_safety \(ranks with page\)\.$/);
  });

  it('shows the most severe action deciding, and a gate failing closed on missing data', () => {
    const both = findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: 0.84, never_event_violations: 2 }', 'degrade_to_safe_mode')), RULE);
    assert.match(both[0].message, /decides kill_switch: never_event_violations breached \(2 != 0\): kill_switch\.$/);
    assert.deepEqual(both[0].related?.map((r) => r.message), ['ood_recall_7d: 0.84 < 0.90, breach → degrade_to_safe_mode', 'never_event_violations: 2 != 0, breach → kill_switch (decides)']);

    const gated = dryRunPolicy(`gates:\n  - name: release\n${scenario('{ ood_recall_7d: 0.95 }', 'pass', '    gate: release\n')}`);
    const [f] = findingsFor(gated, RULE);
    assert.equal(f.message, 'Scenario launch_week_ood_spike expects pass but decides block: no data for never_event_violations (on_missing_data: block).');
    assert.deepEqual(f.related?.map((r) => r.message), ['ood_recall_7d: 0.95 >= 0.90, pass', 'never_event_violations: no data: no value for "never_event_violations" in scenario launch_week_ood_spike. (decides)']);
    assert.deepEqual(findingsFor(gated.replace('name: release\n', 'name: release\n    on_missing_data: ignore\n')), []);
  });

  it('lists at most ten SLOs without data that did not decide, and counts the rest', () => {
    const many = Array.from({ length: 13 }, (_, i) => slo({ name: `recall_${i}_7d` })).join('');
    const text = dryRunPolicy(`gates:\n  - name: release\n    on_missing_data: ignore\n${scenario('{ ood_recall_7d: 0.95, never_event_violations: 1 }', 'pass', '    gate: release\n')}`, slo() + NEVER_EVENT_SLO + many);
    const [f] = findingsFor(text, RULE);
    assert.match(f.message, /decides kill_switch: .* \(3 more SLOs with no value are left out of the trace\.\)$/);
    assert.equal(f.related?.length, 12);
    assert.deepEqual(f.related?.slice(0, 3).map((r) => r.message.split(':')[0]), ['ood_recall_7d', 'never_event_violations', 'recall_0_7d']);
  });

  it('leaves a missing or unknown expect, and a decision that is an error, to the rules that explain them', () => {
    const missing = dryRunPolicy('scenarios:\n  - name: spike\n    metrics: { ood_recall_7d: 0.84 }\n');
    assert.deepEqual(findingsFor(missing).map((f) => f.rule), ['schema/missing-key']);
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: 0.84 }', 'rollbak'))).map((f) => f.rule), ['scenario/unknown-decision']);
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: .nan }', 'degrade_to_safe_mode'))).map((f) => f.rule), ['scenario/metric-value']);
    assert.deepEqual(findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: 0.84 }', 'pass', '    gate: releas\n'))).map((f) => f.rule), ['scenario/unknown-gate']);
  });

  describe('series scenarios', () => {
    // The 7-day mean over what the series has seen: 0.95 for ten minutes, then 0.60; it falls below 0.90 at 11m.
    const series = (expect: string) => dryRunPolicy(scenario('{ ood_recall_7d: "0.95x9 0.60x9", never_event_violations: 0 }', expect));

    it('reports each expect not met on its decision, the trace of the first at its time', () => {
      const findings = findingsFor(series('[{ at: 10m, decision: degrade_to_safe_mode }, { at: 11m, decision: degrade_to_safe_mode }, { at: 19m, decision: kill_switch }]'), RULE);
      assert.deepEqual(findings.map((f) => [f.message, f.range]), [
        ['Scenario launch_week_ood_spike expects degrade_to_safe_mode at 10m but decides pass there: since 0s, no SLO breached.', range(16, 34, 16, 54)],
        ['Scenario launch_week_ood_spike expects kill_switch at 19m but decides degrade_to_safe_mode there: since 11m, ood_recall_7d breached: mean over 7d 0.891667 < 0.90.', range(16, 124, 16, 135)],
      ]);
      assert.deepEqual(findings[0].related?.map((r) => r.message), ['ood_recall_7d: 0.918182 >= 0.90, pass', 'never_event_violations: 0 == 0, pass']);
      assert.deepEqual(findings[1].related, []);
    });

    it('checks a plain expect at the last sample, and passes when every expect is met', () => {
      const [f] = findingsFor(series('pass'), RULE);
      assert.equal(f.message, 'Scenario launch_week_ood_spike expects pass at the end (19m) but decides degrade_to_safe_mode there: since 11m, ood_recall_7d breached: mean over 7d 0.891667 < 0.90.');
      assert.deepEqual(findingsFor(series('degrade_to_safe_mode')), []);
      assert.deepEqual(findingsFor(series('[{ at: 10m, decision: pass }, { at: 11m, decision: degrade_to_safe_mode }]')), []);
    });

    it('leaves an expect that was not checked, or names no decision, to the rules that explain why', () => {
      assert.deepEqual(findingsFor(series('{ at: 2h, decision: pass }')).map((f) => f.rule), ['scenario/series-time']);
      assert.deepEqual(findingsFor(series('{ at: 5m, decision: rollbak }')).map((f) => f.rule), ['scenario/unknown-decision']);
    });
  });
});
