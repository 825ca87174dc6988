import { strict as assert } from 'node:assert';
import { hover } from './hover';
import { policy, range, slo, withCursor } from '../testing';

const ACTIONS = 'actions:\n  notify_ts:\n    severity: page\n    description: Page the on-call.\n';

function hoverText(marked: string): string | undefined {
  const { file, position } = withCursor(marked);
  const result = hover(file, position);
  if (!result) return undefined;
  assert.ok(typeof result.contents === 'object' && 'kind' in result.contents);
  assert.equal(result.contents.kind, 'markdown');
  return result.contents.value;
}

describe('features/hover', () => {
  describe('on a target', () => {
    it('says when the SLO breaches, over which window, and what happens then', () => {
      const text = hoverText(policy(slo({ target: '">= 0.‸90"' })));
      assert.equal(
        text,
        '**Breach** when the 7-day value of `ood_recall` falls below 0.90, then `degrade_to_safe_mode` (6th of 8 on the ladder).\n\nHolds while it stays at least 0.90.',
      );
    });

    it('covers the target scalar with its range', () => {
      const { file, position } = withCursor(policy(slo({ target: '">‸= 0.90"' })));
      assert.deepEqual(hover(file, position)?.range, range(5, 12, 5, 21));
    });

    it('uses `metric` when given, and shows a percentage with its ratio', () => {
      const text = hoverText(policy(slo({ metric: 'escalation_recall', target: '">= 99.5%‸"', window: '24h' })));
      assert.match(text ?? '', /^\*\*Breach\*\* when the 24-hour value of `escalation_recall` falls below 99\.5% \(0\.995\), then/);
      assert.match(text ?? '', /Holds while it stays at least 99\.5% \(0\.995\)\.$/);
    });

    it('keeps the name when the window does not repeat its suffix', () => {
      assert.match(hoverText(policy(slo({ target: '"‸>= 0.90"', window: '24h' }))) ?? '', /the 24-hour value of `ood_recall_7d`/);
    });

    it('reads each comparator and the rolling window', () => {
      assert.match(hoverText(policy(slo({ name: 'pii_leaks', target: '"== ‸0"', window: 'rolling', action_on_breach: 'kill_switch' }))) ?? '', /^\*\*Breach\*\* when the rolling \(since-start\) value of `pii_leaks` is anything other than 0, then `kill_switch` \(8th of 8 on the ladder\)\./);
      assert.match(hoverText(policy(slo({ name: 'p95_latency', target: '"<‸ 500ms"', window: '1h30m' }))) ?? '', /the 1h30m value of `p95_latency` rises to or above 500ms/);
    });

    it('writes tiny thresholds in full', () => {
      assert.match(hoverText(policy(slo({ name: 'pii_leak_rate', target: '"<= 0.00‸00001"' }))) ?? '', /the 7-day value of `pii_leak_rate` rises above 0\.0000001,/);
    });

    it('names a custom action with its rank', () => {
      const text = hoverText(policy(slo({ target: '">= 0.‸90"', action_on_breach: 'notify_ts' }), ACTIONS));
      assert.match(text ?? '', /falls below 0\.90, then `notify_ts` \(3rd of 8 on the ladder\)\./);
    });

    it('names an unknown action without a rank, and an invalid window as "the value"', () => {
      const text = hoverText(policy(slo({ target: '">= 0.‸90"', action_on_breach: 'nope', window: '7 days' })));
      assert.match(text ?? '', /^\*\*Breach\*\* when the value of `ood_recall_7d` falls below 0\.90, then `nope`\./);
    });

    it('falls back to the schema documentation for a malformed target', () => {
      assert.match(hoverText(policy(slo({ target: '"=> 0.‸9"' }))) ?? '', /^\*\*target\*\*\n\nWhen the SLO holds: a comparator/);
    });
  });

  it('describes a window in seconds', () => {
    assert.equal(hoverText(policy(slo({ window: '7‸d' }))), '**Window** 7d = 604,800 seconds.');
    assert.equal(hoverText(policy(slo({ window: 'roll‸ing' }))), '**Window** rolling: accumulates since the start and never resets.');
  });

  it('places a built-in action on the ladder', () => {
    assert.equal(
      hoverText(policy(slo({ action_on_breach: 'roll‸back' }))),
      '`rollback` is 7th of 8 on the ladder: milder than `kill_switch`, more severe than `degrade_to_safe_mode`.\n\nalert < ticket < page < route_to_human_review < throttle < degrade_to_safe_mode < **rollback** < kill_switch',
    );
    assert.match(hoverText(policy(slo({ action_on_breach: 'al‸ert' }))) ?? '', /^`alert` is 1st of 8 on the ladder: milder than `ticket`\.\n/);
  });

  it('explains a custom action and the built-in it ranks with', () => {
    const text = hoverText(policy(slo({ action_on_breach: 'notify‸_ts' }), ACTIONS));
    assert.equal(
      text,
      '**notify_ts** (custom action: Page the on-call.)\n\nRanks with `page`. `page` is 3rd of 8 on the ladder: milder than `route_to_human_review`, more severe than `ticket`.\n\nalert < ticket < **page** < route_to_human_review < throttle < degrade_to_safe_mode < rollback < kill_switch',
    );
  });

  it('places a custom action\'s severity on the ladder', () => {
    const marked = policy(slo(), ACTIONS.replace('severity: page', 'severity: pa‸ge'));
    assert.match(hoverText(marked) ?? '', /^`page` is 3rd of 8 on the ladder/);
  });

  it('shows the schema documentation and an example for keys', () => {
    assert.match(hoverText(policy(slo({ 'win‸dow': '7d' }))) ?? '', /^\*\*window\*\*\n\nThe window the value is aggregated over/);
    assert.equal(
      hoverText(`vers‸ion: 1\nmodel: m\n`),
      '**version**\n\nVersion of the policy format. Only `1` exists.\n\n```yaml\nversion: 1\n```',
    );
    assert.match(hoverText(policy(slo({ 'tar‸get': '">= 0.90"' }))) ?? '', /^\*\*target\*\*\n\nWhen the SLO holds:[^]*```yaml\ntarget: ">= 0\.90"\n```$/);
  });

  describe('on gates, scenarios and metrics', () => {
    const tail = (marked: string) => hoverText(policy(slo(), marked)) ?? '';

    it('documents each key of a gate from the schema, with an example', () => {
      assert.match(tail('gat‸es:\n  - name: release\n'), /^\*\*gates\*\*\n\nGates: decisions built from the SLOs[^]*```yaml\ngates:\n {2}- name: release\n/);
      assert.match(tail('gates:\n  - na‸me: release\n'), /^\*\*name\*\*\n\nUnique snake_case name of the gate/);
      // A gate's `slos` is the list it reads, not the policy's SLO list.
      assert.match(tail('gates:\n  - name: release\n    sl‸os: [ood_recall_7d]\n'), /^\*\*slos\*\*\n\nThe SLOs the gate reads: `all` \(the default\) or a list[^]*```yaml\nslos: all\n```$/);
      assert.match(tail('gates:\n  - name: release\n    requ‸ire: [slo_diff_green]\n'), /^\*\*require\*\*\n\nWhat the gate needs beyond its SLOs: `slo_diff_green`/);
      assert.match(tail('gates:\n  - name: release\n    on_missing_d‸ata: ignore\n'), /^\*\*on_missing_data\*\*\n\nWhat the gate does when an SLO it reads has no value: `block` \(the default: fail closed\)/);
    });

    it('documents each key of a scenario', () => {
      const scenario = (key: string) => tail(`scenarios:\n  - name: spike\n    ${key}\n`);
      assert.match(tail('scena‸rios:\n  - name: spike\n'), /^\*\*scenarios\*\*\n\nScenarios: the policy's regression tests/);
      assert.match(scenario('exp‸ect: pass'), /^\*\*expect\*\*\n\nThe decision the scenario must produce/);
      assert.match(scenario('ga‸te: release'), /^\*\*gate\*\*\n\nThe gate the scenario runs/);
      assert.match(scenario('metr‸ics: { ood_recall_7d: 0.84 }'), /^\*\*metrics\*\*\n\nThe metric values of the scenario: a map of metric to number \(`null` for no data\)/);
    });

    it('documents the top-level metrics as the default snapshot', () => {
      assert.match(tail('metr‸ics: ./eval/latest.json\n'), /^\*\*metrics\*\*\n\nThe default metrics snapshot for dry runs[^]*```yaml\nmetrics: \.\/eval\/latest\.json\n```$/);
    });
  });

  it('answers null where there is nothing to say', () => {
    assert.equal(hoverText(`# a comm‸ent\n${policy(slo())}`), undefined);
    assert.equal(hoverText(policy(slo({ scope: '{ tenant: ac‸me }' }))), undefined);
    assert.equal(hoverText('‸'), undefined);
  });
});
