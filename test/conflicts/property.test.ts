import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, analyzeWorkspace } from '../../server/src/engine/analyze';
import { sloFacts } from '../../server/src/engine/conflicts/facts';
import { findConflicts } from '../../server/src/engine/conflicts/find-conflicts';
import { parsePolicy } from '../../server/src/engine/policy/parse';
import { bruteForce, testValues, type Comparator, type Domain, type Found, type Kind, type SloSpec } from './brute-force';

/**
 * The engine's conflict analysis against the brute-force checker, on random small policies rendered
 * to YAML: exactly the same conflicts, as sets of (kind, subject, other).
 */

const METRICS: ReadonlyArray<{ metric: string; domain: Domain }> = [
  { metric: 'ood_recall', domain: 'ratio' },
  { metric: 'decision_fpr', domain: 'ratio' },
  { metric: 'harm_violations', domain: 'count' },
  { metric: 'drift_score', domain: 'real' },
  // Targets with time units (`500ms`, `0.5s`), and now and then a plain number, which is another unit class.
  { metric: 'p95_latency', domain: 'duration' },
];
/** Durations in seconds, each with two spellings that must compare equal. */
const LATENCIES: ReadonlyArray<{ seconds: number; spellings: readonly [string, string] }> = [
  { seconds: 0, spellings: ['0ms', '0s'] },
  { seconds: 0.5, spellings: ['500ms', '0.5s'] },
  { seconds: 0.7, spellings: ['700ms', '0.7s'] },
  { seconds: 1, spellings: ['1s', '1000ms'] },
  { seconds: 60, spellings: ['1m', '60s'] },
];
const COMPARATORS: readonly Comparator[] = ['>=', '>', '<=', '<', '==', '!='];
/** Few thresholds, so that ties happen; -1 and 2 now and then, outside a ratio's or count's domain. */
const THRESHOLDS = [0, 0.5, 0.8, 0.9, 0.95, 1];
const WINDOWS: ReadonlyArray<{ seconds: number | 'rolling'; spellings: readonly string[] }> = [
  { seconds: 3600, spellings: ['1h', '60m'] },
  { seconds: 604800, spellings: ['7d', '1w'] },
  { seconds: 'rolling', spellings: ['rolling'] },
];
const ACTIONS = ['alert', 'ticket', 'page', 'rollback', 'kill_switch'] as const;
const RANK: Record<(typeof ACTIONS)[number], number> = { alert: 0, ticket: 1, page: 2, rollback: 6, kill_switch: 7 };
const DIMENSIONS: ReadonlyArray<{ name: string; values: readonly string[] }> = [
  { name: 'tenant', values: ['acme', 'globex', 'initech'] },
  { name: 'endpoint', values: ['claims', 'appeals'] },
];

/** One dimension of a scope: absent, "*", one value, or a list (now and then holding "*"). */
function dimensionValue(values: readonly string[]): fc.Arbitrary<string | string[] | undefined> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant('*') },
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.subarray([...values], { minLength: 1 }) },
    { weight: 1, arbitrary: fc.subarray([...values, '*'], { minLength: 2 }) },
  );
}

const scopeArb = fc
  .tuple(...DIMENSIONS.map((d) => dimensionValue(d.values)))
  .map((vs) => Object.fromEntries(DIMENSIONS.flatMap((d, i) => (vs[i] === undefined ? [] : [[d.name, vs[i]]]))) as Record<string, string | string[]>);

interface Drawn {
  readonly metric: number;
  readonly comparator: Comparator;
  readonly threshold: number;
  readonly percent: boolean;
  readonly decimals: boolean;
  readonly latency: number;
  readonly plain: boolean;
  readonly window: number;
  readonly spelling: number;
  readonly action: (typeof ACTIONS)[number];
  readonly neverEvent: boolean;
  readonly scope: Record<string, string | string[]>;
}

const sloArb = (metrics: number): fc.Arbitrary<Drawn> =>
  fc.record({
    metric: fc.nat({ max: metrics - 1 }),
    comparator: fc.constantFrom(...COMPARATORS),
    threshold: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...THRESHOLDS) }, { weight: 1, arbitrary: fc.constantFrom(-1, 2) }),
    percent: fc.boolean(),
    decimals: fc.boolean(),
    latency: fc.nat({ max: LATENCIES.length - 1 }),
    plain: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    window: fc.nat({ max: WINDOWS.length - 1 }),
    spelling: fc.nat({ max: 1 }),
    action: fc.constantFrom(...ACTIONS),
    neverEvent: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    scope: scopeArb,
  });

/** 1–3 metrics (drawn from METRICS, in random order) and 2–8 SLOs over them. */
const policyArb = fc
  .shuffledSubarray([...METRICS], { minLength: 1, maxLength: 3 })
  .chain((metrics) => fc.tuple(fc.constant(metrics), fc.array(sloArb(metrics.length), { minLength: 2, maxLength: 8 })));

interface Rendered {
  readonly text: string;
  readonly specs: SloSpec[];
  /** The line of each SLO's `target:`, where conflict/unreachable reports. */
  readonly targetLines: Map<number, string>;
}

/** How the target is written, and what the brute force is told about it. */
function target(d: Drawn, domain: Domain): { literal: string; threshold: number; domain: Domain; unit: 'time' | 'none' } {
  if (domain === 'duration' && !d.plain) {
    const l = LATENCIES[d.latency];
    return { literal: l.spellings[d.spelling], threshold: l.seconds, domain, unit: 'time' };
  }
  // A plain number on a latency metric: no unit, so no known domain.
  const as = domain === 'duration' ? 'real' : domain;
  const literal = d.percent && domain === 'ratio' ? `${Math.round(d.threshold * 100)}%` : d.decimals ? d.threshold.toFixed(2) : String(d.threshold);
  return { literal, threshold: d.threshold, domain: as, unit: 'none' };
}

function yamlScope(scope: Record<string, string | string[]>): string {
  const value = (v: string) => (v === '*' ? '"*"' : v);
  const entries = Object.entries(scope).map(([k, v]) => `${k}: ${typeof v === 'string' ? value(v) : `[${v.map(value).join(', ')}]`}`);
  return `{ ${entries.join(', ')} }`;
}

function render(metrics: ReadonlyArray<{ metric: string; domain: Domain }>, drawn: readonly Drawn[]): Rendered {
  const lines = ['version: 1', 'model: property-test', 'slos:'];
  const specs: SloSpec[] = [];
  const targetLines = new Map<number, string>();
  drawn.forEach((d, i) => {
    const { metric, domain } = metrics[d.metric];
    const name = `${d.neverEvent ? 'never' : 'slo'}_${i}`;
    const window = WINDOWS[d.window];
    lines.push(`  - name: ${name}`, `    metric: ${metric}`, '    objective: Keep the metric in bounds.');
    targetLines.set(lines.length, name);
    const t = target(d, domain);
    lines.push(`    target: "${d.comparator} ${t.literal}"`);
    lines.push(`    window: ${window.spellings[d.spelling % window.spellings.length]}`, `    action_on_breach: ${d.action}`);
    if (Object.keys(d.scope).length > 0) lines.push(`    scope: ${yamlScope(d.scope)}`);
    specs.push({
      name,
      metric,
      scope: d.scope,
      comparator: d.comparator,
      threshold: t.threshold,
      unit: t.unit,
      window: window.seconds,
      action: d.action,
      rank: RANK[d.action],
      neverEvent: d.neverEvent,
      domain: t.domain,
    });
  });
  return { text: lines.join('\n') + '\n', specs, targetLines };
}

const key = (f: Found) => `${f.kind} ${f.subject} ${f.other}`.trimEnd();
const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** What the engine finds: findConflicts on the facts, plus conflict/unreachable (a per-file rule) from analyze. */
function engine(r: Rendered) {
  const document = TextDocument.create('file:///w/property/safety-slos.yaml', 'yaml', 1, r.text);
  const file = parsePolicy(document);
  const facts = sloFacts(file);
  assert.equal(facts.length, r.specs.length, 'every generated SLO parses into facts');
  const conflicts = findConflicts(facts).map((c) => `${c.kind} ${c.subject.name} ${c.other.name}`);
  const findings = analyze(document).findings.filter((f) => f.rule.startsWith('conflict/'));
  const unreachable = findings
    .filter((f) => f.rule === 'conflict/unreachable')
    .map((f) => `unreachable ${r.targetLines.get(f.range.start.line) ?? `?line ${f.range.start.line}`}`);
  return { conflicts, all: sorted([...conflicts, ...unreachable]), findings };
}

const seen = new Map<Kind, number>();

describe('conflicts: engine against brute force (property)', () => {
  it('the brute force\'s test values include every threshold, the domain bounds and a value between and beyond them', () => {
    const s = (threshold: number, domain: Domain): SloSpec => ({ name: 'x', metric: 'm', scope: {}, comparator: '>=', threshold, window: 1, action: 'alert', rank: 0, neverEvent: false, domain });
    const values = (...specs: SloSpec[]) => testValues(specs).sort((a, b) => a - b);
    assert.deepEqual(values(s(0.9, 'ratio'), s(0.8, 'ratio')), [0, 0.4, 0.8, (0.8 + 0.9) / 2, 0.9, 0.95, 1]);
    assert.deepEqual(values(s(0.5, 'count')), [0, 0.25, 0.5, 1.5]);
    assert.deepEqual(values(s(0.5, 'real'), s(-1, 'real')), [-2, -1, -0.25, 0.5, 1.5]);
  });

  it('finds exactly the conflicts the brute-force checker finds', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(policyArb, ([metrics, drawn]) => {
        const r = render(metrics, drawn);
        const expected = bruteForce(r.specs);
        const actual = engine(r);
        assert.deepEqual(actual.all, sorted(expected.map(key)), r.text);
        // Each conflict once: no pair reported twice for one kind and subject.
        assert.equal(actual.conflicts.length, new Set(actual.conflicts).size, 'duplicate conflicts');
        // And the findings: one per (kind, subject), related information among that subject's others.
        const bySubject = new Map<string, Set<string>>();
        for (const f of expected) {
          if (f.kind === 'unreachable') continue;
          const k = `conflict/${f.kind} ${f.subject}`;
          bySubject.set(k, (bySubject.get(k) ?? new Set()).add(f.other));
        }
        const reported = actual.findings.filter((f) => f.rule !== 'conflict/unreachable');
        assert.deepEqual(sorted(reported.map((f) => `${f.rule} ${f.anchor}`)), sorted(bySubject.keys()), r.text);
        assert.equal(reported.length, bySubject.size, 'one finding per kind and subject');
        for (const f of reported) {
          const others = bySubject.get(`${f.rule} ${f.anchor}`)!;
          const related = (f.related ?? []).map((x) => x.anchor ?? '?');
          assert.equal(related.length, Math.min(others.size, 5), `${f.rule} ${f.anchor}: related ${related}`);
          for (const o of related) assert.ok(others.has(o), `${f.rule} ${f.anchor}: related ${o} is not one of ${[...others]}`);
        }
        for (const f of expected) seen.set(f.kind, (seen.get(f.kind) ?? 0) + 1);
      }),
      { numRuns: Number(process.env.CONFLICT_RUNS ?? 1000), ...(process.env.CONFLICT_SEED ? { seed: Number(process.env.CONFLICT_SEED) } : {}) },
    );
    // The generator must exercise every kind, or agreement proves little.
    for (const kind of ['unsatisfiable', 'contradictory-actions', 'inverted-escalation', 'redundant', 'window-mismatch', 'ineffective-override', 'unreachable'] as const) {
      assert.ok((seen.get(kind) ?? 0) >= 5, `the generator produced ${seen.get(kind) ?? 0} ${kind} conflicts: ${JSON.stringify([...seen])}`);
    }
  });
  it('finds the same conflicts when the SLOs are split over two files of one model', function () {
    this.timeout(120_000);
    fc.assert(
      fc.property(policyArb, fc.nat(), ([metrics, drawn], cut) => {
        const r = render(metrics, drawn);
        // The same SLOs, the first `at` in a tenant file, the rest in the base file; files are analysed in URI order.
        const at = cut % (r.specs.length + 1);
        const header = 'version: 1\nmodel: property-test\nslos:\n';
        const items = r.text.slice(header.length).split(/(?=^ {2}- name: )/m);
        const base = { uri: 'file:///w/p/safety-slos.yaml', text: header + items.slice(at).join('') };
        const tenant = { uri: 'file:///w/p/tenants/acme.safety-slos.yaml', text: header + items.slice(0, at).join('') };
        const uriOf = new Map(r.specs.map((s, i) => [s.name, i < at ? tenant.uri : base.uri]));
        const ordered = [...r.specs.slice(at), ...r.specs.slice(0, at)];
        const expected = new Map<string, Set<string>>();
        for (const f of bruteForce(ordered)) {
          if (f.kind === 'unreachable') continue;
          const k = `conflict/${f.kind} ${f.subject}`;
          expected.set(k, (expected.get(k) ?? new Set()).add(f.other));
        }
        const results = analyzeWorkspace([tenant, base].map((d) => TextDocument.create(d.uri, 'yaml', 1, d.text)));
        const reported = [...results].flatMap(([uri, a]) =>
          a.findings.filter((f) => f.rule.startsWith('conflict/') && f.rule !== 'conflict/unreachable').map((f) => ({ uri, f })),
        );
        const text = `${tenant.uri}:\n${tenant.text}\n${base.uri}:\n${base.text}`;
        assert.deepEqual(sorted(reported.map(({ f }) => `${f.rule} ${f.anchor}`)), sorted(expected.keys()), text);
        for (const { uri, f } of reported) {
          assert.equal(uri, uriOf.get(f.anchor!), `${f.rule} ${f.anchor} reported in the wrong file`);
          for (const rel of f.related ?? []) {
            assert.ok(expected.get(`${f.rule} ${f.anchor}`)!.has(rel.anchor!), `${f.rule} ${f.anchor}: related ${rel.anchor}`);
            assert.equal(rel.uri, uriOf.get(rel.anchor!), `${f.rule} ${f.anchor}: related ${rel.anchor} points into the wrong file`);
          }
        }
      }),
      { numRuns: Number(process.env.CONFLICT_RUNS ?? 1000) / 2, ...(process.env.CONFLICT_SEED ? { seed: Number(process.env.CONFLICT_SEED) } : {}) },
    );
  });
});
