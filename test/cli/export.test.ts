// `safety-specs export` through the real CLI: a Prometheus rule file or OpenSLO documents on stdout or in
// --output, per-SLO "not exported" notes on stderr, exit 0 (1 with --strict when an SLO was left out), 2 on usage.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { ensureBuilt, lines } from '../protocol/lsp-client';
import { runCli, tempTree } from './run-cli';

const POLICY = lines(
  'version: 1',
  'model: claims-triage',
  'slos:',
  '  - name: ood_recall_7d',
  '    metric: ood_recall',
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"',
  '    window: 7d',
  '    action_on_breach: degrade_to_safe_mode',
  '    scope: { tenant: acme }',
  '  - name: never_event_violations',
  '    objective: "No never events."',
  '    target: "== 0"',
  '    window: rolling',
  '    action_on_breach: kill_switch',
);

const ROLLING_NOTE = 'safety-slos.yaml:11:11: SLO never_event_violations not exported: its window is rolling (since the start), and exported windows are fixed durations: nothing exported would decide the same.\n';

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; labels: Record<string, string> }[] }[];
}

describe('cli: export', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  let tree: ReturnType<typeof tempTree>;
  beforeEach(() => {
    tree = tempTree({ 'safety-slos.yaml': POLICY, 'other/safety-slos.yaml': POLICY.replace('claims-triage', 'fraud').replace(' scope: { tenant: acme }', ' aggregate: p95') });
  });
  afterEach(() => tree.cleanup());

  it('writes a Prometheus rule file to stdout and notes each SLO it leaves out on stderr', () => {
    const r = runCli(['export', '--to', 'prometheus', 'safety-slos.yaml'], { cwd: tree.root });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, ROLLING_NOTE);
    assert.match(r.stdout, /^# Prometheus alerting rules exported by safety-specs/);
    assert.match(r.stdout, /^# Not exported \(1\):\n# {3}claims-triage: SLO never_event_violations: its window is rolling/m);
    const file = parse(r.stdout) as RuleFile;
    assert.deepEqual(file.groups.map((g) => g.name), ['safety-specs:claims-triage']);
    assert.deepEqual(file.groups[0].rules.map((x) => [x.alert, x.expr, x.labels.severity]), [['ood_recall_7d', 'avg_over_time(ood_recall{tenant="acme"}[7d]) < 0.9', 'degrade_to_safe_mode']]);
  });

  it('exports every model under the paths, one group each', () => {
    const r = runCli(['export', '--to', 'prometheus'], { cwd: tree.root });
    assert.equal(r.status, 0, r.stderr);
    const file = parse(r.stdout) as RuleFile;
    assert.deepEqual(file.groups.map((g) => [g.name, g.rules[0].expr]).sort(), [
      ['safety-specs:claims-triage', 'avg_over_time(ood_recall{tenant="acme"}[7d]) < 0.9'],
      ['safety-specs:fraud', 'quantile_over_time(0.95, ood_recall[7d]) < 0.9'],
    ]);
    assert.equal(r.stderr.split('\n').filter(Boolean).length, 2, 'one note per model\'s rolling SLO');
    assert.ok(r.stderr.includes(join('other', 'safety-slos.yaml') + ':11:11: SLO never_event_violations not exported'));
  });

  it('exits 1 with --strict when an SLO was not exported, still writing the rest', () => {
    const r = runCli(['export', '--to', 'prometheus', '--strict', 'safety-slos.yaml'], { cwd: tree.root });
    assert.equal(r.status, 1);
    assert.equal(r.stderr, ROLLING_NOTE);
    assert.equal((parse(r.stdout) as RuleFile).groups[0].rules.length, 1);
    const clean = tempTree({ 'safety-slos.yaml': POLICY.split('  - name: never_event_violations')[0] });
    try {
      const ok = runCli(['export', '--to', 'prometheus', '--strict'], { cwd: clean.root });
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(ok.stderr, '');
    } finally {
      clean.cleanup();
    }
  });

  it('writes OpenSLO documents to --output with the --budget as every objective\'s target', () => {
    const r = runCli(['export', '--to', 'openslo', '--budget', '0.99', '--output', 'slos.yaml', 'safety-slos.yaml'], { cwd: tree.root });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, ROLLING_NOTE);
    const text = readFileSync(join(tree.root, 'slos.yaml'), 'utf8');
    assert.match(text, /the budget 0\.99 \(--budget\)/);
    const docs = parseAllDocuments(text).map((d) => d.toJS() as { kind: string; spec: { objectives: { op: string; value: number; target: number }[] } });
    assert.deepEqual(docs.map((d) => [d.kind, d.spec.objectives]), [['SLO', [{ displayName: 'ood_recall_7d >= 0.90', op: 'gte', value: 0.9, target: 0.99 }]]]);
  });

  it('refuses what it cannot do: no --to, an unknown one, a budget outside (0, 1) or for Prometheus, --format', () => {
    const cases: [string[], RegExp][] = [
      [['export'], /^safety-specs: export needs --to: prometheus or openslo\.\n$/],
      [['export', '--to', 'grafana'], /^safety-specs: --to must be one of prometheus, openslo, not "grafana"\.\n$/],
      [['export', '--to', 'openslo', '--budget', '1'], /^safety-specs: --budget 1: the budget must be a number above 0 and below 1/],
      [['export', '--to', 'openslo', '--budget', 'most'], /^safety-specs: --budget most is not a number/],
      [['export', '--to', 'prometheus', '--budget', '0.9'], /^safety-specs: --budget is the OpenSLO objectives' target: it applies to --to openslo only\.\n$/],
      [['export', '--to', 'prometheus', '--format', 'json'], /^safety-specs: export writes prometheus's own format; --format does not apply/],
    ];
    for (const [args, message] of cases) {
      const r = runCli(args, { cwd: tree.root });
      assert.equal(r.status, 2, args.join(' '));
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });

  it('exports nothing from a policy that does not parse: located error, exit 2, no output file', () => {
    const broken = tempTree({ 'safety-slos.yaml': 'version: 1\nslos: [\n' });
    try {
      const r = runCli(['export', '--to', 'prometheus', '--output', 'rules.yaml'], { cwd: broken.root });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^safety-slos\.yaml:\d+:\d+: .*\(yaml\/syntax; a dry run needs a policy that parses\)\nsafety-specs: nothing was exported\.\n$/);
      assert.equal(existsSync(join(broken.root, 'rules.yaml')), false);
    } finally {
      broken.cleanup();
    }
  });

  it('documents itself: export --help', () => {
    const r = runCli(['export', '--help']);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /^Usage: safety-specs export --to prometheus\|openslo/);
    assert.match(r.stdout, /--budget N +openslo only/);
    assert.match(r.stdout, /Exit codes: 0 exported/);
  });
});
