// The cross-check: our replay and the Prometheus rules we export decide the same, as Prometheus itself evaluates
// them. For each scenario, seeded generated series are replayed with our engine, and the same samples go into a
// `promtool test rules` file with our exported rule file, whose expected alerts at every evaluation time are exactly
// the breaches our replay says hold then. promtool (Debian's package `prometheus`, 2.42; `npm test` installs it
// with scripts/tools/promtool.mjs) must pass. Without promtool the suite skips with one line, unless E2E_REQUIRE=1.
//
// Two differences between the engines are kept out of the data, by construction, not by luck:
//  - window edges: Prometheus 2's range selectors include a sample exactly a window old, ours (like Prometheus 3's)
//    exclude it. Samples are one a minute and every window is a whole number of minutes plus 30 seconds (`10m30s`),
//    so no sample ever lies on an edge and both read the same samples;
//  - float rounding: Prometheus 2.42's avg_over_time is an incremental mean with Kahan compensation, ours a
//    compensated sum settled to 12 digits. Values lie on a 0.01 grid, thresholds off it, and a generated history
//    whose computed aggregate (mean, sum, percentiles) comes within 1e-9 of its threshold is re-rolled.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse, stringify } from 'yaml';
import { exportPrometheus, type ExportResult } from '../../server/src/engine/export';
import { parsePolicy, stringOf } from '../../server/src/engine/policy/parse';
import { windowAggregate } from '../../server/src/engine/replay/aggregate';
import { reads, replayPlan, windowMs, type PlannedSlo, type ReplayPlan } from '../../server/src/engine/replay/plan';
import { Replay } from '../../server/src/engine/replay/replay';
import { SeriesTable, type Series } from '../../server/src/engine/replay/series';

/** Samples one a minute from 0; promtool's interval and evaluation_interval, our replay's step. */
const STEP = 60_000;

type Value = number | undefined;
type Random = () => number;

/** A generated series: `undefined` is a missing sample (`_` in promtool's notation). */
interface Generated {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly values: readonly Value[];
}

interface Scenario {
  readonly name: string;
  readonly policy: string;
  /** The series for one seed. */
  generate(random: Random): Generated[];
}

interface Rule {
  readonly alert: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

interface Alert {
  readonly exp_labels: Record<string, string>;
  readonly exp_annotations: Record<string, string>;
}

interface AlertTest {
  readonly eval_time: string;
  readonly alertname: string;
  exp_alerts: Alert[];
}

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function seeded(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value on the 0.01 grid in [lo, hi]. */
const grid = (random: Random, lo: number, hi: number) => Math.round((lo + random() * (hi - lo)) * 100) / 100;
/** An integer in [lo, hi]. */
const int = (random: Random, lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

/** `n` values, phase by phase: each phase `[until, lo, hi]` draws from [lo, hi] on the grid up to minute `until`. */
function phases(random: Random, n: number, spans: readonly (readonly [until: number, lo: number, hi: number])[]): number[] {
  return Array.from({ length: n }, (_, i) => {
    const [, lo, hi] = spans.find(([until]) => i < until) ?? spans[spans.length - 1];
    return grid(random, lo, hi);
  });
}

/** Blanks the minutes in `runs` (`[from, to)`) and each other minute with probability `p`. */
function gaps(random: Random, values: readonly Value[], runs: readonly (readonly [number, number])[], p = 0): Value[] {
  return values.map((v, i) => (runs.some(([from, to]) => i >= from && i < to) || random() < p ? undefined : v));
}

function slo(name: string, fields: Record<string, string>): string {
  return [`  - name: ${name}`, ...Object.entries(fields).map(([k, v]) => `    ${k}: ${v}`)].join('\n') + '\n';
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'each aggregate over one series with a label no SLO scopes',
    policy: [
      'version: 1\nmodel: quality-model\nslos:\n',
      slo('q_mean', { metric: 'quality', objective: '"Mean quality."', target: '">= 0.9037"', window: '10m30s', action_on_breach: 'degrade_to_safe_mode' }),
      slo('q_min', { metric: 'quality', objective: '"Worst quality."', target: '">= 0.8215"', window: '5m30s', aggregate: 'min', action_on_breach: 'page' }),
      slo('q_max', { metric: 'quality', objective: '"Suspiciously high."', target: '"<= 0.9785"', window: '7m30s', aggregate: 'max', action_on_breach: 'ticket' }),
      slo('q_sum', { metric: 'quality', objective: '"Enough good answers."', target: '">= 9.5037"', window: '10m30s', aggregate: 'sum', action_on_breach: 'alert' }),
      slo('q_count', { metric: 'quality', objective: '"Enough samples."', target: '">= 10"', window: '10m30s', aggregate: 'count', action_on_breach: 'alert' }),
      slo('q_last', { metric: 'quality', objective: '"Latest quality."', target: '">= 0.8515"', window: '2m30s', aggregate: 'last', action_on_breach: 'throttle' }),
      slo('q_p50', { metric: 'quality', objective: '"Median quality."', target: '">= 0.9037"', window: '10m30s', aggregate: 'p50', action_on_breach: 'rollback' }),
      slo('q_p95', { metric: 'quality', objective: '"Rarely perfect."', target: '"<= 0.9885"', window: '20m30s', aggregate: 'p95', action_on_breach: 'ticket' }),
      slo('q_p99', { metric: 'quality', objective: '"Almost never perfect."', target: '"< 0.9935"', window: '30m30s', aggregate: 'p99', action_on_breach: 'alert' }),
    ].join(''),
    generate(random): Generated[] {
      const values = phases(random, 120, [[30, 0.9, 1], [50, 0.8, 0.92], [80, 0.9, 1], [90, 0.78, 0.88], [120, 0.9, 1]]);
      return [{ metric: 'quality', labels: { model_version: 'v1' }, values: gaps(random, values, [[60, 64]], 0.05) }];
    },
  },
  {
    name: 'scoped SLOs (one value, a list with regex characters, two dimensions, a name used twice) over labelled series',
    policy: [
      'version: 1\nmodel: claims-triage\nslos:\n',
      slo('acme_recall', { metric: 'ood_recall', objective: '"Acme recall."', target: '">= 0.9037"', window: '10m30s', action_on_breach: 'degrade_to_safe_mode', scope: '{ tenant: acme }' }),
      slo('listed_recall', { metric: 'ood_recall', objective: '"Listed tenants."', target: '">= 85.15%"', window: '5m30s', aggregate: 'min', action_on_breach: 'page', scope: '{ tenant: ["a.b", beta] }' }),
      slo('acme_eu_recall', { metric: 'ood_recall', objective: '"Acme in the EU."', target: '">= 0.8815"', window: '3m30s', aggregate: 'last', action_on_breach: 'throttle', scope: '{ tenant: acme, region: eu }' }),
      slo('recall_floor', { metric: 'ood_recall', objective: '"EU floor."', target: '">= 0.9137"', window: '15m30s', aggregate: 'p50', action_on_breach: 'ticket', scope: '{ region: eu }' }),
      slo('recall_floor', { metric: 'ood_recall', objective: '"US floor."', target: '">= 0.9137"', window: '15m30s', aggregate: 'p50', action_on_breach: 'ticket', scope: '{ region: us }' }),
    ].join(''),
    generate(random): Generated[] {
      const series = (tenant: string, region: string, dip: number) => ({
        metric: 'ood_recall',
        labels: { tenant, region },
        values: gaps(random, phases(random, 90, [[dip, 0.9, 1], [dip + 15, 0.8, 0.92], [90, 0.9, 1]]), [], 0.03),
      });
      // `axb` is what an unescaped `a.b` would also match: no SLO reads it.
      return [series('acme', 'eu', 20), series('acme', 'us', 40), series('a.b', 'eu', 30), series('axb', 'eu', 10), series('beta', 'us', 55)];
    },
  },
  {
    name: 'gaps: windows that empty mean no data, neither a breach nor a pass',
    policy: [
      'version: 1\nmodel: gappy\nslos:\n',
      slo('gap_mean', { metric: 'answer_quality', objective: '"Mean quality."', target: '">= 0.9037"', window: '4m30s', action_on_breach: 'degrade_to_safe_mode' }),
      slo('gap_count', { metric: 'answer_quality', objective: '"Enough samples."', target: '">= 3"', window: '4m30s', aggregate: 'count', action_on_breach: 'alert' }),
      slo('gap_max', { metric: 'answer_quality', objective: '"Not too good."', target: '"<= 0.9785"', window: '6m30s', aggregate: 'max', action_on_breach: 'ticket' }),
    ].join(''),
    generate(random): Generated[] {
      const values = phases(random, 70, [[20, 0.9, 1], [30, 0.82, 0.9], [70, 0.88, 1]]);
      // Leading gap, a gap longer than every window right after the dip, and a trailing one.
      return [{ metric: 'answer_quality', labels: { model_version: 'v2' }, values: gaps(random, values, [[0, 5], [27, 40], [62, 70]], 0.1) }];
    },
  },
  {
    name: 'breach and recovery: a never event, a latency in ms, a custom action, an objective with template braces',
    policy: [
      'version: 1\nmodel: claims-triage\nactions:\n  notify_legal:\n    severity: page\nslos:\n',
      slo('never_event_violations', { objective: '"Never {{ $labels }} leak PII."', target: '"== 0"', window: '15m30s', aggregate: 'max', action_on_breach: 'kill_switch', never_events: '[pii_leak]' }),
      slo('latency_p95', { metric: 'latency_ms', objective: '"Claims answer fast."', target: '"<= 500ms"', window: '10m30s', aggregate: 'p95', action_on_breach: 'notify_legal', scope: '{ endpoint: claims }' }),
      slo('refusals', { metric: 'refusals_total', objective: '"Few refusals."', target: '"< 4"', window: '20m30s', aggregate: 'sum', action_on_breach: 'route_to_human_review' }),
      // Not exported (rolling), so not compared: it must not upset the rest.
      slo('violations_since_start', { metric: 'never_event_violations', objective: '"Never, ever."', target: '"== 0"', window: 'rolling', aggregate: 'max', action_on_breach: 'kill_switch' }),
    ].join(''),
    generate(random): Generated[] {
      const violation = int(random, 20, 40);
      const violations = Array.from({ length: 100 }, (_, i) => (i === violation || i === violation + int(random, 30, 50) ? int(random, 1, 2) : 0));
      const spike = int(random, 30, 60);
      const latency = Array.from({ length: 100 }, (_, i) => (i >= spike && i < spike + 8 ? int(random, 60, 90) * 10 : int(random, 20, 45) * 10));
      const refusals = Array.from({ length: 100 }, () => (random() < 0.15 ? 1 : 0));
      return [
        { metric: 'never_event_violations', labels: {}, values: violations },
        { metric: 'latency_ms', labels: { endpoint: 'claims' }, values: gaps(random, latency, [], 0.05) },
        { metric: 'latency_ms', labels: { endpoint: 'appeals' }, values: latency.map((v) => v + 300) },
        { metric: 'refusals_total', labels: { region: 'eu' }, values: refusals },
      ];
    },
  },
  {
    name: 'odd text: quotes, backslashes, unicode and regex characters in values, template braces and line breaks',
    policy: [
      'version: 1\nmodel: "odd \\"model\\" {{ x }}"\nactions:\n  notify_legal:\n    severity: page\nslos:\n',
      slo('"ood {{recall}}: 7d (EU)"', { metric: 'ood_recall', objective: '"Say \\"no\\" to {{ $value }}\\nand }} too."', target: '">= 99.37%"', window: '2w', action_on_breach: 'kill_switch', scope: '{ tenant: ["quo\\"te", "back\\\\slash", "ünï|cödé"], region: "eu-1" }' }),
      slo('never_leak', { metric: 'leaks', objective: '"Never {{{ leak }}}."', target: '"== 0"', window: '1d2h3m4s', aggregate: 'max', action_on_breach: 'notify_legal' }),
      slo('not_minus_one', { metric: 'delta', objective: '"x."', target: '"!= -1"', window: '45s', aggregate: 'last', action_on_breach: 'alert' }),
    ].join(''),
    generate(random): Generated[] {
      const recall = (tenant: string) => ({ metric: 'ood_recall', labels: { tenant, region: 'eu-1' }, values: phases(random, 60, [[20, 0.98, 1], [30, 0.9, 0.95], [60, 0.99, 1]]) });
      return [
        recall('quo"te'),
        recall('back\\slash'),
        recall('ünï|cödé'),
        // What `ünï|cödé` would match unescaped (`|` an alternation): no SLO reads it.
        recall('ünï'),
        { metric: 'leaks', labels: {}, values: Array.from({ length: 60 }, (_, i) => (i === 40 ? 1 : 0)) },
        { metric: 'delta', labels: { sign: '±' }, values: Array.from({ length: 60 }, () => int(random, -1, 1)) },
      ];
    },
  },
];

/** The promtool to run, if any: `$PROMTOOL`, else the PATH's. */
function promtool(): string | undefined {
  const candidate = process.env.PROMTOOL || 'promtool';
  return spawnSync(candidate, ['--version']).status === 0 ? candidate : undefined;
}

interface Built {
  readonly seed: number;
  readonly rules: string;
  readonly tests: AlertTest[];
  readonly inputs: { series: string; values: string }[];
  /** Evaluation times with at least one alert firing, and episodes that recovered: the scenario is no formality. */
  readonly firing: number;
  readonly recovered: number;
}

/** The scenario's series for the first seed (from `seed`) whose computed aggregates keep clear of their thresholds. */
function build(scenario: Scenario, seed: number): Built {
  const file = parsePolicy(TextDocument.create('file:///crosscheck/safety-slos.yaml', 'yaml', 1, scenario.policy));
  const plan = replayPlan([file]);
  const exported = exportPrometheus([{ name: 'crosscheck', files: [file] }]);
  for (let s = seed; s < seed + 200; s++) {
    const table = new SeriesTable();
    const series = scenario.generate(seeded(s)).map((g) => ({ series: table.intern(g.metric, Object.entries(g.labels)), values: g.values }));
    if (series.some(({ series: x, values }) => plan.slos.some((p) => p.ok && reads(p, x) && nearThreshold(p, values)))) continue;
    return { seed: s, rules: exported.text, ...expectations(plan, exported, series, table) };
  }
  throw new Error(`${scenario.name}: 200 seeds from ${seed} all put an aggregate within 1e-9 of its threshold`);
}

/**
 * Whether a computed aggregate (mean, sum, percentiles) of `values` comes within 1e-9 of the SLO's threshold at any
 * evaluation time, where the two engines' rounding could decide differently. Computed with our window aggregates
 * (whose settling moves a value by far less than 1e-9). Min, max, last and count are exact in both.
 */
function nearThreshold(slo: Extract<PlannedSlo, { ok: true }>, values: readonly Value[]): boolean {
  if (['min', 'max', 'last', 'count'].includes(slo.aggregate)) return false;
  const window = windowAggregate(slo.aggregate);
  const w = windowMs(slo.window);
  return values.some((v, i) => {
    if (v !== undefined) window.add(i * STEP, v);
    window.evict(i * STEP - w);
    const value = window.value();
    return value !== undefined && Math.abs(value - slo.target.value) < 1e-9;
  });
}

/**
 * promtool's inputs and expected alerts from our replay. Each series is replayed on its own (the replay reports an
 * SLO's breaches, Prometheus one alert per series in breach), with a sample of a metric no SLO reads at the last
 * minute, so every replay evaluates through the same end.
 */
function expectations(plan: ReplayPlan, exported: ExportResult, series: { series: Series; values: readonly Value[] }[], table: SeriesTable) {
  const minutes = Math.max(...series.map((s) => s.values.length));
  const end = (minutes - 1) * STEP;
  const rules = (parse(exported.text) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules);
  const tests: AlertTest[] = [];
  for (let m = 0; m < minutes; m++) for (const rule of rules) tests.push({ eval_time: `${m}m`, alertname: rule.alert, exp_alerts: [] });
  let recovered = 0;
  for (const { series: s, values } of series) {
    const replay = new Replay(plan, { source: s.key, step: STEP });
    values.forEach((value, i) => value !== undefined && replay.push({ time: i * STEP, series: s, value, line: i + 1 }));
    replay.push({ time: end, series: table.intern('crosscheck_end', []), value: 0, line: minutes + 1 });
    const result = replay.finish();
    assert.deepEqual(result.problems, [], `${s.key}: the generated history has no data problems`);
    rules.forEach((rule, r) => {
      const slo = plan.slos.find((p) => p.label === exported.exported.find((e) => e.as === rule.alert)!.slo)!;
      // What Prometheus shows is the rule's text expanded as a template: the policy's own text, braces and all.
      const labels = { ...Object.fromEntries(s.labels), ...mapValues(rule.labels, unescape), slo: slo.label };
      const objective = stringOf(slo.source.slo.fields.get('objective')?.value);
      const annotations = { ...(objective ? { objective } : {}), summary: unescape(rule.annotations.summary) };
      for (const episode of result.slos[slo.index].episodes) {
        if (episode.endedBy === 'recovered') recovered++;
        for (let t = episode.breachedAt; t < (episode.endedAt ?? end + STEP); t += STEP) {
          tests[(t / STEP) * rules.length + r].exp_alerts.push({ exp_labels: labels, exp_annotations: annotations });
        }
      }
    });
  }
  const inputs = series.map(({ series: s, values }) => ({ series: promSeries(s), values: values.map((v) => (v === undefined ? '_' : String(v))).join(' ') }));
  return { tests, inputs, firing: tests.filter((t) => t.exp_alerts.length).length, recovered };
}

const unescape = (text: string) => text.replaceAll('{{ "{{" }}', '{{');
const mapValues = (o: Record<string, string>, f: (v: string) => string) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

/** `metric{a="x", b="y"}`, as promtool's input_series reads a series. */
function promSeries(series: Series): string {
  const labels = [...series.labels].map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return labels.length ? `${series.metric}{${labels.join(', ')}}` : series.metric;
}

/**
 * Runs `promtool test rules` over the rule file and the expectations: its exit code and output. The files are kept
 * when it fails unexpectedly (`expectPass`), for a look at what Prometheus saw.
 */
function runPromtool(tool: string, built: Pick<Built, 'rules' | 'tests' | 'inputs'>, expectPass: boolean): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'safety-specs-promtool-'));
  writeFileSync(join(dir, 'rules.yaml'), built.rules);
  const suite = { rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: built.inputs, alert_rule_test: built.tests }] };
  writeFileSync(join(dir, 'test.yaml'), stringify(suite, { lineWidth: 0, aliasDuplicateObjects: false }));
  const check = spawnSync(tool, ['check', 'rules', 'rules.yaml'], { cwd: dir, encoding: 'utf8' });
  const r = check.status === 0 ? spawnSync(tool, ['test', 'rules', 'test.yaml'], { cwd: dir, encoding: 'utf8', timeout: 120_000 }) : check;
  const failed = r.status !== 0;
  if (failed === expectPass) return { status: r.status, output: `${r.stdout}${r.stderr}\n(files kept in ${dir})` };
  rmSync(dir, { recursive: true, force: true });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('crosscheck: exported Prometheus rules decide as our replay (promtool test rules)', function () {
  this.timeout(180_000);
  let tool: string | undefined;

  before(function () {
    tool = promtool();
    if (tool) return;
    const why = 'promtool is not installed (node scripts/tools/promtool.mjs installs it)';
    if (process.env.E2E_REQUIRE === '1') throw new Error(`${why}, and E2E_REQUIRE=1 requires the cross-check`);
    console.log(`      crosscheck skipped: ${why}`);
    this.skip();
  });

  for (const [i, scenario] of SCENARIOS.entries()) {
    for (const seed of [1000 * (i + 1), 1000 * (i + 1) + 500]) {
      it(`${scenario.name} (seed ${seed})`, () => {
        const built = build(scenario, seed);
        assert.ok(built.firing > 0, `seed ${built.seed}: some alert fires`);
        assert.ok(built.tests.some((t) => !t.exp_alerts.length), `seed ${built.seed}: some evaluation has an alert silent`);
        assert.ok(built.recovered > 0, `seed ${built.seed}: some breach recovers`);
        const { status, output } = runPromtool(tool!, built, true);
        assert.equal(status, 0, `seed ${built.seed}: promtool disagrees with our replay:\n${output.split('\n').slice(0, 80).join('\n')}`);
      });
    }
  }

  it('fails when the expectations and Prometheus disagree: one expected alert dropped', () => {
    const built = build(SCENARIOS[3], 4000);
    const tests = built.tests.map((t) => ({ ...t, exp_alerts: [...t.exp_alerts] }));
    const flipped = tests.find((t) => t.exp_alerts.length)!;
    flipped.exp_alerts.pop();
    const { status, output } = runPromtool(tool!, { ...built, tests }, false);
    assert.notEqual(status, 0);
    assert.match(output, new RegExp(`alertname: ${flipped.alertname}, time: ${flipped.eval_time}`));
  });
});
