// Series scenarios through the real CLI: `safety-specs test` replays each series (Prometheus expanding notation, one
// sample per step) through the scenario's gate and checks every `expect: { at, decision }` against the timeline.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { ensureBuilt, lines } from '../protocol/lsp-client';
import { runCli, tempTree } from './run-cli';

/** OOD recall: the 7-day mean must hold 0.90, else safe mode; a canary gate that blocks on missing data. */
const POLICY = [
  'version: 1',
  'model: claims-triage',
  'slos:',
  '  - name: ood_recall_7d',
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"',
  '    window: 7d',
  '    action_on_breach: degrade_to_safe_mode',
  'gates:',
  '  - name: canary',
  '    slos: [ood_recall_7d]',
  'scenarios:',
];

/** An hour at 0.95, then 0.60: the mean over what the series has seen falls below 0.90 at 1h10m. */
const COLLAPSE = (expect: string, extra: string[] = []) => [
  '  - name: post_launch_ood_collapse',
  '    gate: canary',
  ...extra,
  '    metrics: { ood_recall_7d: "0.95x59 0.60x30" }',
  `    expect: ${expect}`,
];

interface TestJson {
  passed: number;
  failed: number;
  scenarios: {
    scenario: string;
    expect?: string;
    passed: boolean;
    decision: string;
    series?: { step: string; samples: number; traceAt?: string; expects: { when: string; decision?: string; passed: boolean; notChecked?: string }[]; timeline: { at: string; atSeconds: number; decision: string }[] };
  }[];
}

describe('cli: test with series scenarios', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  let tree: ReturnType<typeof tempTree>;
  before(function () {
    tree = tempTree({
      'pass/safety-slos.yaml': lines(...POLICY, ...COLLAPSE('[{ at: 1h9m, decision: pass }, { at: 1h10m, decision: degrade_to_safe_mode }]')),
      'early/safety-slos.yaml': lines(...POLICY, ...COLLAPSE('[{ at: 1h5m, decision: degrade_to_safe_mode }, { at: 1h10m, decision: degrade_to_safe_mode }]')),
      'late/safety-slos.yaml': lines(...POLICY, ...COLLAPSE('{ at: 2h, decision: degrade_to_safe_mode }')),
      // Five-minute steps: the same samples, the breach five times as far from the start.
      'step/safety-slos.yaml': lines(...POLICY, ...COLLAPSE('[{ at: 5h45m, decision: pass }, { at: 5h50m, decision: degrade_to_safe_mode }]', ['    step: 5m'])),
      'typo/safety-slos.yaml': lines(...POLICY, '  - name: typo', '    metrics: { ood_recall_7d: "0.95x59 0.6y30" }', '    expect: pass'),
    });
  });
  after(() => tree?.cleanup());

  it('exits 0 when every expect of the series holds', function () {
    const r = runCli(['test', 'pass'], { cwd: tree.root });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, 'claims-triage\n  ✓ post_launch_ood_collapse: degrade_to_safe_mode\n1 passed, 0 failed\n');
  });

  it('exits 1 on an expect the timeline does not meet, with the expects and the timeline in offsets from the start', function () {
    const r = runCli(['test', 'early'], { cwd: tree.root });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const out = r.stdout.trimEnd().split('\n');
    assert.equal(out[1], `  ✗ post_launch_ood_collapse: expected degrade_to_safe_mode at 1h5m, got pass (no SLO breached.) at ${join('early', 'safety-slos.yaml')}:13:11`);
    assert.ok(out.includes('      scenario post_launch_ood_collapse at 1h5m: pass'), r.stdout);
    assert.ok(out.includes('            ✗ 1h5m: expected degrade_to_safe_mode, got pass (since 0s, no SLO breached.)'), r.stdout);
    assert.ok(out.includes('            ✓ 1h10m: degrade_to_safe_mode'), r.stdout);
    assert.ok(out.includes('            1h10m  degrade_to_safe_mode  ood_recall_7d breached: mean over 7d 0.895775 < 0.90.'), r.stdout);
    assert.doesNotMatch(r.stdout, /1970/);
    assert.equal(out.at(-1), '0 passed, 1 failed');
  });

  it('prints json: each expect and the timeline, offsets as written and in seconds', function () {
    const r = runCli(['test', 'early', '--format', 'json'], { cwd: tree.root });
    assert.equal(r.status, 1);
    const [s] = (JSON.parse(r.stdout) as TestJson).scenarios;
    assert.deepEqual([s.expect, s.decision, s.passed], ['degrade_to_safe_mode at 1h5m', 'pass', false]);
    assert.deepEqual([s.series?.step, s.series?.samples, s.series?.traceAt], ['1m', 91, '1h5m']);
    assert.deepEqual(s.series?.expects.map((e) => [e.when, e.decision, e.passed]), [['1h5m', 'pass', false], ['1h10m', 'degrade_to_safe_mode', true]]);
    assert.deepEqual(s.series?.timeline.map((e) => [e.at, e.atSeconds, e.decision]), [['0s', 0, 'pass'], ['1h10m', 4200, 'degrade_to_safe_mode']]);
  });

  it('reads step: the same samples five minutes apart', function () {
    const r = runCli(['test', 'step', '--format', 'json'], { cwd: tree.root });
    assert.equal(r.status, 0, r.stdout);
    const [s] = (JSON.parse(r.stdout) as TestJson).scenarios;
    assert.deepEqual([s.series?.step, s.series?.timeline.map((e) => e.at)], ['5m', ['0s', '5h50m']]);
  });

  it('fails an expect after the last sample, and a series that does not parse, saying why (exit 1)', function () {
    const late = runCli(['test', 'late'], { cwd: tree.root });
    assert.equal(late.status, 1);
    assert.match(late.stdout, /✗ post_launch_ood_collapse: expected degrade_to_safe_mode at 2h, got error \(at 2h is after the series ends at 1h30m \(91 samples, one every 1m\)/);
    const typo = runCli(['test', 'typo'], { cwd: tree.root });
    assert.equal(typo.status, 1);
    assert.match(typo.stdout, /✗ typo: expected pass, got error \("ood_recall_7d" in scenario typo: "0\.6y30" is not a sample/);
  });

  it('reports the same problems as findings in `check`, located inside the policy', function () {
    const findings = (folder: string) => {
      const r = runCli(['check', folder, '--format', 'json'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      const report = JSON.parse(r.stdout) as { files: { findings: { rule: string; line: number; column: number }[] }[] };
      return report.files.flatMap((f) => f.findings.map((x) => [x.rule, x.line, x.column]));
    };
    assert.deepEqual(findings('late'), [['scenario/series-time', 16, 19]]);
    assert.deepEqual(findings('typo'), [['scenario/metric-value', 14, 40]]);
  });
});
