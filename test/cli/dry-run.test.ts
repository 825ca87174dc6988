// Gate dry runs through the real CLI: `safety-specs gate` decides each gate on a metrics snapshot (exit 0 pass,
// 1 breach or block, 2 error or bad data) and `safety-specs test` runs the policy's scenarios like a test runner.
import { strict as assert } from 'node:assert';
import { dirname, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ensureBuilt, lines } from '../protocol/lsp-client';
import { runCli, tempTree } from './run-cli';

/** Three SLOs: a plain one (metric ood_recall), a never event, and a scoped one reading `ood_recall{tenant="acme"}`. */
const SLOS = [
  'slos:',
  '  - name: ood_recall_7d',
  '    metric: ood_recall',
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"',
  '    window: 7d',
  '    action_on_breach: degrade_to_safe_mode',
  '  - name: never_event_violations',
  '    objective: "No never events."',
  '    target: "== 0"',
  '    window: rolling',
  '    action_on_breach: kill_switch',
  '  - name: acme_ood_recall_7d',
  '    metric: ood_recall',
  '    objective: "Acme needs more recall."',
  '    target: ">= 0.92"',
  '    window: 7d',
  '    action_on_breach: alert',
  '    scope: { tenant: acme }',
];

/** A policy of those SLOs with the given top-level lines (metrics:, gates:, scenarios:). */
const policy = (...rest: string[]) => lines('version: 1', 'model: claims-triage', ...SLOS, ...rest);

const RELEASE = ['gates:', '  - name: release', '    slos: [ood_recall_7d, never_event_violations]'];

const json = (values: Record<string, unknown>) => JSON.stringify(values, null, 2) + '\n';
const HEALTHY = json({ ood_recall: 0.95, never_event_violations: 0, 'ood_recall{tenant="acme"}': 0.96 });
const p = (path: string) => join(...path.split('/'));

interface GateJson {
  version: string;
  metrics: string | null;
  gates: {
    gate: string;
    model: string;
    file: string;
    line: number;
    metrics: string;
    decision: string;
    reason: string;
    onMissingData: string;
    slos: { slo: string; key: string; status: string; observed?: number; valueAt?: { path: string; line: number; column: number }; decides: boolean }[];
    requirements: { name: string; status: string; reason: string; decides: boolean }[];
  }[];
}

describe('cli: gate and test (dry runs)', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  let tree: ReturnType<typeof tempTree>;
  before(function () {
    tree = tempTree({
      'pass/safety-slos.yaml': policy('metrics: eval/latest.json', ...RELEASE),
      'pass/eval/latest.json': HEALTHY,
      // Both SLOs breach: the more severe action (kill_switch) decides.
      'breach/safety-slos.yaml': policy('metrics: latest.json', ...RELEASE),
      'breach/latest.json': json({ ood_recall: 0.84, never_event_violations: 2 }),
      'missing/safety-slos.yaml': policy('metrics: latest.json', ...RELEASE, '  - name: canary', '    slos: [ood_recall_7d, never_event_violations]', '    on_missing_data: ignore'),
      'missing/latest.json': json({ ood_recall: 0.95 }),
      'nan/safety-slos.yaml': policy('metrics: bad.json', ...RELEASE),
      'nan/bad.json': lines('{', '  "ood_recall": "0.95",', '  "never_event_violations": NaN', '}'),
      // A bad value under a key no gate reads still stops the run.
      'unread/safety-slos.yaml': policy('metrics: bad.yaml', ...RELEASE),
      'unread/bad.yaml': lines('ood_recall: 0.95', 'never_event_violations: 0', 'latency_p95: .inf'),
      'yaml/safety-slos.yaml': policy('metrics: eval/latest.yaml', ...RELEASE),
      'yaml/eval/latest.yaml': lines('# written by the nightly evaluation', 'ood_recall: 0.80', 'never_event_violations: 0'),
      // Named relative to the policy's folder, two levels below where the CLI runs.
      'nested/models/triage/safety-slos.yaml': policy('metrics: ../../snapshots/triage.json', ...RELEASE),
      'nested/snapshots/triage.json': json({ ood_recall: 0.80, never_event_violations: 0 }),
      'other/healthy.yaml': lines('ood_recall: 0.95', 'never_event_violations: 0'),
      'no-metrics/safety-slos.yaml': policy(...RELEASE),
      'url/safety-slos.yaml': policy('metrics: https://example.com/latest.json', ...RELEASE),
      'noted/safety-slos.yaml': policy('metrics: latest.json', ...RELEASE, '    require: [deliberation_note]'),
      'noted/latest.json': HEALTHY,
      'noted/deliberation-note.md': lines('# Deliberation note: claims-triage', '', 'We keep recall at 0.90.'),
      'unnoted/safety-slos.yaml': policy('metrics: latest.json', ...RELEASE, '    require: [deliberation_note]'),
      'unnoted/latest.json': HEALTHY,
      'diff/safety-slos.yaml': policy('metrics: latest.json', ...RELEASE, '    require: [slo_diff_green]'),
      'diff/latest.json': HEALTHY,
      'scoped/safety-slos.yaml': policy('metrics: latest.json', 'gates:', '  - name: acme', '    slos: [acme_ood_recall_7d]'),
      // The bare metric would pass; the scoped SLO reads only its scoped key.
      'scoped/latest.json': json({ ood_recall: 0.99, 'ood_recall{tenant=acme}': 0.91 }),
      'scoped/bare-only.json': json({ ood_recall: 0.99 }),
      'unknown-slo/safety-slos.yaml': policy('metrics: latest.json', 'gates:', '  - name: release', '    slos: [ood_recal_7d]'),
      'unknown-slo/latest.json': HEALTHY,
      'no-gates/safety-slos.yaml': policy(),
      'fraud/safety-slos.yaml': policy().replace('model: claims-triage', 'model: fraud-screening'),
      'broken/safety-slos.yaml': lines('version: 1', 'slos: [', '  - name: x'),
      'scenarios/safety-slos.yaml': policy(
        ...RELEASE,
        'scenarios:',
        '  - name: launch_week_ood_spike',
        '    metrics: { ood_recall: 0.84, never_event_violations: 0 }',
        '    expect: degrade_to_safe_mode',
        '  - name: healthy_release',
        '    gate: release',
        '    metrics: { ood_recall: 0.95, never_event_violations: 0 }',
        '    expect: pass',
        '  - name: never_event_pages',
        '    metrics: { never_event_violations: 1 }',
        '    expect: page',
      ),
      'green/safety-slos.yaml': policy('scenarios:', '  - name: healthy', '    metrics: { ood_recall: 0.95 }', '    expect: pass'),
    });
  });
  after(() => tree?.cleanup());
  /** The temp tree is not in a git repository; git must not find one above it either (a temp folder inside a checkout). */
  const outsideGit = () => ({ ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: dirname(tree.root) });
  const gateJson = (stdout: string) => JSON.parse(stdout) as GateJson;

  describe('gate', function () {
    it('exits 0 when every gate passes, with the trace of each SLO and a summary line', function () {
      const r = runCli(['gate', 'pass'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      const out = r.stdout.trimEnd().split('\n');
      assert.equal(out[0], `model claims-triage (metrics: ${p('pass/eval/latest.json')})`);
      assert.equal(out[1], 'gate release: pass');
      assert.match(r.stdout, /^ {4}ood_recall_7d +0\.95 +>= 0\.90 +pass$/m);
      assert.equal(out.at(-1), '1 gate: 1 pass.');
    });

    it('exits 1 on a breach, decided by the SLO with the most severe action, in text and json', function () {
      const r = runCli(['gate', 'breach'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^gate release: kill_switch$/m);
      assert.match(r.stdout, /^ {4}never_event_violations +2 +== 0 +breach → kill_switch {2}◀ decides$/m);
      assert.match(r.stdout, /^ {4}ood_recall_7d +0\.84 +>= 0\.90 +breach → degrade_to_safe_mode$/m);
      assert.equal(r.stdout.trimEnd().split('\n').at(-1), '1 gate: 1 breach.');

      const j = runCli(['gate', 'breach', '--format', 'json'], { cwd: tree.root });
      assert.equal(j.status, 1);
      const report = gateJson(j.stdout);
      assert.equal(report.metrics, null);
      const [g] = report.gates;
      assert.equal(report.gates.length, 1);
      assert.deepEqual([g!.gate, g!.model, g!.file, g!.line, g!.metrics, g!.decision], ['release', 'claims-triage', p('breach/safety-slos.yaml'), 24, p('breach/latest.json'), 'kill_switch']);
      assert.deepEqual(g!.slos.map((s) => [s.slo, s.status, s.observed, s.decides]), [['ood_recall_7d', 'breach', 0.84, false], ['never_event_violations', 'breach', 2, true]]);
      assert.deepEqual(g!.slos[1]!.valueAt, { path: p('breach/latest.json'), line: 3, column: 29 });
    });

    it('blocks on missing data (exit 1), and passes when the gate says on_missing_data: ignore', function () {
      const r = runCli(['gate', 'missing', '--gate', 'release'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^gate release: block$/m);
      assert.match(r.stdout, /no data for never_event_violations \(on_missing_data: block\)/);
      assert.match(r.stdout, /^ {4}never_event_violations +- +== 0 +no data: no value for "never_event_violations" in missing\/latest\.json\. {2}◀ decides$/m);

      const ignored = runCli(['gate', 'missing', '--gate', 'canary'], { cwd: tree.root });
      assert.equal(ignored.status, 0, ignored.stdout + ignored.stderr);
      assert.match(ignored.stdout, /^gate canary: pass$/m);
      assert.match(ignored.stdout, /no data for never_event_violations, ignored/);

      const both = runCli(['gate', 'missing', '--format', 'json'], { cwd: tree.root });
      assert.equal(both.status, 1);
      assert.deepEqual(gateJson(both.stdout).gates.map((g) => [g.gate, g.decision, g.onMissingData]), [['release', 'block', 'block'], ['canary', 'pass', 'ignore']]);
    });

    it('refuses NaN and a quoted number in a snapshot file: exit 2, each at path:line:col, and no gate decided', function () {
      const r = runCli(['gate', 'nan'], { cwd: tree.root });
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.equal(r.stdout, '');
      const err = r.stderr.trimEnd().split('\n');
      assert.equal(err[0], `${p('nan/bad.json')}:2:17: "ood_recall" in ${p('nan/bad.json')} is the string "0.95", not a number: write it without quotes.`);
      assert.match(err[1]!, new RegExp(`^${p('nan/bad.json')}:3:29: "never_event_violations" in ${p('nan/bad.json')} is "NaN": a metric value must be a finite number\\.$`));
      assert.equal(err.at(-1), 'safety-specs: the metrics cannot be trusted, so no gate was decided.');
    });

    it('refuses a bad value even under a key no gate reads', function () {
      const r = runCli(['gate', 'unread'], { cwd: tree.root });
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, new RegExp(`^${p('unread/bad.yaml')}:3:14: "latency_p95" .* is infinity`, 'm'));
    });

    it('reads a YAML snapshot', function () {
      const r = runCli(['gate', 'yaml'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^gate release: degrade_to_safe_mode$/m);
      assert.match(r.stdout, /^ {4}ood_recall_7d +0\.80 +>= 0\.90 +breach → degrade_to_safe_mode {2}◀ decides$/m);
    });

    it('resolves metrics: from the policy\'s folder, whatever folder the CLI runs in; --metrics overrides it', function () {
      const cwd = join(tree.root, 'nested', 'models');
      const r = runCli(['gate', 'triage'], { cwd });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.equal(r.stdout.split('\n')[0], `model claims-triage (metrics: ${p('../snapshots/triage.json')})`);
      assert.match(r.stdout, /^ {4}ood_recall_7d +0\.8 +>= 0\.90 +breach/m);

      const over = runCli(['gate', 'triage', '--metrics', join('..', '..', 'other', 'healthy.yaml'), '--format', 'json'], { cwd });
      assert.equal(over.status, 0, over.stdout + over.stderr);
      const report = gateJson(over.stdout);
      assert.equal(report.metrics, p('../../other/healthy.yaml'));
      assert.deepEqual(report.gates.map((g) => [g.decision, g.metrics]), [['pass', p('../../other/healthy.yaml')]]);
    });

    it('asks for metrics when the policy names none, and refuses a URL: exit 2', function () {
      const none = runCli(['gate', 'no-metrics'], { cwd: tree.root });
      assert.equal(none.status, 2);
      assert.match(none.stderr, /^no-metrics\/safety-slos\.yaml: model claims-triage has gates but no metrics .*pass --metrics FILE/m);
      assert.equal(runCli(['gate', 'no-metrics', '--metrics', 'other/healthy.yaml'], { cwd: tree.root }).status, 0);

      const url = runCli(['gate', 'url'], { cwd: tree.root });
      assert.equal(url.status, 2);
      assert.match(url.stderr, /^url\/safety-slos\.yaml:22:10: metrics: https:\/\/example\.com\/latest\.json: a snapshot is a local file; dry runs never fetch one/m);
    });

    it('names the gates, with a guess, for an unknown --gate (exit 2)', function () {
      const r = runCli(['gate', 'missing', '--gate', 'relase'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, 'safety-specs: no gate named "relase". Did you mean "release"? Gates: release, canary.\n');
    });

    it('explains how to declare a gate when there is none (exit 2)', function () {
      const r = runCli(['gate', 'no-gates'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^safety-specs: the policies found declare no gates: declare one in the policy/);
      assert.match(r.stderr, /^ {4}- name: release$/m);

      // Another model has gates: this one is only mentioned.
      const mixed = runCli(['gate', 'pass', 'fraud'], { cwd: tree.root });
      assert.equal(mixed.status, 0, mixed.stdout + mixed.stderr);
      assert.equal(mixed.stderr, 'safety-specs: model fraud-screening has no gates; nothing to decide for it.\n');
      assert.match(mixed.stdout, /^gate release: pass$/m);
    });

    it('refuses a policy that does not parse and a snapshot that cannot be read (exit 2)', function () {
      for (const command of ['gate', 'test']) {
        const r = runCli([command, 'broken'], { cwd: tree.root });
        assert.equal(r.status, 2, r.stdout + r.stderr);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^broken\/safety-slos\.yaml:\d+:\d+: .*\(yaml\/syntax; a dry run needs a policy that parses\)$/m);
      }
      const missing = runCli(['gate', 'pass', '--metrics', 'nope.json'], { cwd: tree.root });
      assert.equal(missing.status, 2);
      assert.match(missing.stderr, /^nope\.json: no such file or folder$/m);
    });

    it('outside a git repository, meets deliberation_note when the model folder has a note, and blocks when it has none', function () {
      const met = runCli(['gate', 'noted'], { cwd: tree.root, env: outsideGit() });
      assert.equal(met.status, 0, met.stdout + met.stderr);
      assert.match(
        met.stdout,
        /^ {4}requirement deliberation_note: met: the model folder has a deliberation note \(deliberation-note\.md\) \(not checked for a change: noted is not in a git repository: .*\)\.$/m,
      );

      const unmet = runCli(['gate', 'unnoted', '--format', 'json'], { cwd: tree.root, env: outsideGit() });
      assert.equal(unmet.status, 1, unmet.stdout + unmet.stderr);
      const [g] = gateJson(unmet.stdout).gates;
      assert.equal(g!.decision, 'block');
      assert.deepEqual(g!.requirements, [{ name: 'deliberation_note', status: 'unmet', reason: 'the model folder has no deliberation note.', decides: true }]);
    });

    it('blocks on slo_diff_green outside a git repository: not evaluated, why, and never a fake pass (exit 1, not 2)', function () {
      const r = runCli(['gate', 'diff'], { cwd: tree.root, env: outsideGit() });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^gate release: block$/m);
      assert.match(r.stdout, /^ {4}requirement slo_diff_green: not evaluated: diff is not in a git repository: the SLO diff compares the policy with a git revision\. {2}◀ decides$/m);

      const explicit = runCli(['gate', 'diff', '--base', 'main'], { cwd: tree.root, env: outsideGit() });
      assert.equal(explicit.status, 2, explicit.stdout + explicit.stderr);
      assert.equal(explicit.stderr, 'safety-specs: diff is not in a git repository: the SLO diff compares the policy with a git revision.\n');
    });

    it('reads a scoped SLO\'s value under its scoped key only', function () {
      const r = runCli(['gate', 'scoped'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^ {4}acme_ood_recall_7d +0\.91 +>= 0\.92 +breach → alert {2}◀ decides$/m);

      const bare = runCli(['gate', 'scoped', '--metrics', p('scoped/bare-only.json'), '--format', 'json'], { cwd: tree.root });
      assert.equal(bare.status, 1);
      const [slo] = gateJson(bare.stdout).gates[0]!.slos;
      assert.equal(slo!.key, 'ood_recall{tenant="acme"}');
      assert.equal(slo!.status, 'no_data');
    });

    it('exits 2 with the trace when a decision is error (a gate listing an SLO the model lacks)', function () {
      const r = runCli(['gate', 'unknown-slo'], { cwd: tree.root });
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stdout, /^gate release: error$/m);
      assert.match(r.stdout, /the gate lists "ood_recal_7d", but no SLO of this model has that name/);
    });

    it('prints text or json only', function () {
      const r = runCli(['gate', 'pass', '--format', 'sarif'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'safety-specs: safety-specs gate prints text, json; not sarif.\n');
    });
  });

  describe('test', function () {
    it('prints one line per scenario, the failure with its location and trace, and "N passed, N failed" (exit 1)', function () {
      const r = runCli(['test', 'scenarios'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      const out = r.stdout.trimEnd().split('\n');
      assert.deepEqual(out.slice(0, 4), [
        'claims-triage',
        '  ✓ launch_week_ood_spike: degrade_to_safe_mode',
        '  ✓ healthy_release: pass',
        `  ✗ never_event_pages: expected page, got kill_switch (never_event_violations breached (1 != 0): kill_switch.) at ${p('scenarios/safety-slos.yaml')}:33:11`,
      ]);
      assert.match(r.stdout, /^ {6}scenario never_event_pages: kill_switch$/m);
      assert.equal(out.at(-1), '2 passed, 1 failed');
    });

    it('exits 0 when every scenario passes', function () {
      const r = runCli(['test', 'green'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout, 'claims-triage\n  ✓ healthy: pass\n1 passed, 0 failed\n');
    });

    it('says so when there are no scenarios: "0 passed, 0 failed", a hint on stderr, exit 0', function () {
      const r = runCli(['test', 'pass'], { cwd: tree.root });
      assert.equal(r.status, 0);
      assert.equal(r.stdout, '0 passed, 0 failed\n');
      assert.match(r.stderr, /^safety-specs: no scenarios to run\./);
    });

    it('writes JUnit XML: one testcase per scenario, the failure with its reason and trace', function () {
      const r = runCli(['test', 'scenarios', '--format', 'junit'], { cwd: tree.root });
      assert.equal(r.status, 1);
      assert.equal(XMLValidator.validate(r.stdout), true);
      const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseAttributeValue: false, isArray: (name) => name === 'testcase' });
      const suite = (parser.parse(r.stdout) as { testsuite: { tests: string; failures: string; testcase: { name: string; classname: string; file: string; line: string; failure?: { message: string; type: string; '#text': string } }[] } }).testsuite;
      assert.deepEqual([suite.tests, suite.failures], ['3', '1']);
      assert.deepEqual(suite.testcase.map((c) => [c.classname, c.name, c.file, !!c.failure]), [
        ['claims-triage', 'launch_week_ood_spike', p('scenarios/safety-slos.yaml'), false],
        ['claims-triage', 'healthy_release', p('scenarios/safety-slos.yaml'), false],
        ['claims-triage', 'never_event_pages', p('scenarios/safety-slos.yaml'), true],
      ]);
      const failure = suite.testcase[2]!.failure!;
      assert.equal(failure.message, 'expected page, got kill_switch (never_event_violations breached (1 != 0): kill_switch.)');
      assert.equal(failure.type, 'scenario/failed');
      assert.match(failure['#text'], /^scenarios\/safety-slos\.yaml:33:11\nscenario never_event_pages: kill_switch\n/);
      assert.match(failure['#text'], /never_event_violations +1 +== 0 +breach → kill_switch/);
    });

    it('prints json: each scenario with its expectation and trace', function () {
      const r = runCli(['test', 'scenarios', '--format', 'json'], { cwd: tree.root });
      assert.equal(r.status, 1);
      const report = JSON.parse(r.stdout) as { passed: number; failed: number; scenarios: { scenario: string; model: string; file: string; line: number; expect: string; passed: boolean; decision: string; slos: { slo: string; decides: boolean }[] }[] };
      assert.deepEqual([report.passed, report.failed], [2, 1]);
      assert.deepEqual(report.scenarios.map((s) => [s.scenario, s.line, s.expect, s.decision, s.passed]), [
        ['launch_week_ood_spike', 26, 'degrade_to_safe_mode', 'degrade_to_safe_mode', true],
        ['healthy_release', 29, 'pass', 'pass', true],
        ['never_event_pages', 33, 'page', 'kill_switch', false],
      ]);
      assert.deepEqual(report.scenarios[2]!.slos.filter((s) => s.decides).map((s) => s.slo), ['never_event_violations']);
    });

    it('writes a JUnit file beside the text report, and refuses a format it does not print', function () {
      const file = join(tree.root, 'junit.xml');
      const r = runCli(['test', 'green', '--format', 'text', '--format', `junit=${file}`], { cwd: tree.root });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /1 passed, 0 failed\n$/);
      const sarif = runCli(['test', 'green', '--format', 'sarif'], { cwd: tree.root });
      assert.equal(sarif.status, 2);
      assert.match(sarif.stderr, /prints text, json, junit; not sarif/);
    });
  });
});
