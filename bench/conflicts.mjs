#!/usr/bin/env node
// Conflict-analysis benchmark: the engine's findConflicts (the part after parsing) on generated SLO
// sets of 1,000, 10,000 and 100,000 SLOs over 100 metrics and 3 scope dimensions, against the
// brute-force pairwise checker of test/conflicts/brute-force.ts in the same run, where it can finish.
//
//   npm run bench:conflicts                      # runs everything, rewrites the section in docs/benchmarks.md
//   node bench/conflicts.mjs --sizes 1000,10000 --no-write
//   node bench/conflicts.mjs --help
//
// The engine and the brute force are TypeScript; they are bundled once with esbuild into
// .bench/conflicts/ so that this script runs with plain node.

import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleEngine, commandLine, count, fmt, machine, seededRandom, stats, time, writeSection } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: node bench/conflicts.mjs [options]

  --sizes LIST         SLO counts (default 1000,10000,100000)
  --runs LIST          timed engine runs per size, one number or one per size (default 21,15,7), after warm-ups
  --brute-runs LIST    timed brute-force runs per size (default 3,1,1)
  --brute-limit S      skip the brute force at a size when its estimated time exceeds S seconds (default 60)
  --metrics N          metrics the SLOs are spread over (default 100)
  --seed N             generator seed (default 6)
  --out PATH           markdown report (default docs/benchmarks.md; only its conflict section is rewritten)
  --no-write           print only
  --help

Profile the engine with: node --cpu-prof --cpu-prof-dir=.bench/conflicts bench/conflicts.mjs --sizes 100000 --brute-limit 0 --no-write`;

function parseArgs(argv) {
  const o = { sizes: [1000, 10000, 100000], runs: [21, 15, 7], bruteRuns: [3, 1, 1], bruteLimit: 60, metrics: 100, seed: 6, out: path.join(ROOT, 'docs/benchmarks.md'), write: true };
  const list = (s) => s.split(',').filter(Boolean).map((x) => {
    const n = Number(x.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 0) throw new Error(`not a count: ${x}`);
    return n;
  });
  for (const { name: a, value: val } of commandLine(argv)) {
    switch (a) {
      case '--sizes': o.sizes = list(val()); break;
      case '--runs': o.runs = list(val()); break;
      case '--brute-runs': o.bruteRuns = list(val()); break;
      case '--brute-limit': o.bruteLimit = Number(val()); break;
      case '--metrics': o.metrics = list(val())[0]; break;
      case '--seed': o.seed = list(val())[0]; break;
      case '--out': o.out = path.resolve(val()); break;
      case '--no-write': o.write = false; break;
      case '--help': case '-h': console.log(HELP); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n\n${HELP}`);
    }
  }
  const perSize = (xs, i) => xs[Math.min(i, xs.length - 1)];
  o.runsFor = (i) => Math.max(1, perSize(o.runs, i));
  o.bruteRunsFor = (i) => Math.max(1, perSize(o.bruteRuns, i));
  return o;
}

// ---------------------------------------------------------------------------------------------------
// The engine and the brute force, bundled

function bundle() {
  return bundleEngine('conflicts', [
    "export { TextDocument } from 'vscode-languageserver-textdocument';",
    "export { parsePolicy } from './server/src/engine/policy/parse';",
    "export { sloFacts } from './server/src/engine/conflicts/facts';",
    "export { findConflicts } from './server/src/engine/conflicts/find-conflicts';",
    "export { bruteForce } from './test/conflicts/brute-force';",
  ]);
}

// ---------------------------------------------------------------------------------------------------
// The SLO sets

const LADDER = ['alert', 'ticket', 'page', 'route_to_human_review', 'throttle', 'degrade_to_safe_mode', 'rollback', 'kill_switch'];
const RANK = Object.fromEntries(LADDER.map((a, i) => [a, i]));
const WINDOW_SECONDS = { '1h': 3600, '24h': 86400, '7d': 604800, rolling: 'rolling' };
const ENDPOINTS = Array.from({ length: 20 }, (_, i) => `ep${i}`);
const REGIONS = ['us', 'eu', 'uk', 'ca', 'au', 'jp'];

/**
 * Four kinds of metric, named so the engine infers their domain: `_recall` (ratio, higher is better),
 * `_error_rate` (ratio, lower is better), `_violations` (count) and `_score` (unbounded).
 * Per kind, thresholds from strict to loose and the comparator that goes with them.
 */
const grid = (from, to, step) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => Number((from + i * step).toFixed(4)));
const KINDS = [
  { suffix: 'recall', domain: 'ratio', comparator: '>=', ladder: [0.99, 0.97, 0.95, 0.92, 0.9, 0.85, 0.8], fine: grid(0.8, 0.99, 0.01) },
  { suffix: 'error_rate', domain: 'ratio', comparator: '<=', ladder: [0.005, 0.01, 0.02, 0.03, 0.05, 0.08, 0.1], fine: grid(0.005, 0.1, 0.005) },
  { suffix: 'violations', domain: 'count', comparator: '<=', ladder: [0, 1, 2, 3, 5, 8, 10], fine: grid(0, 12, 1) },
  { suffix: 'score', domain: 'real', comparator: '>=', ladder: [90, 85, 80, 75, 70, 65, 60], fine: grid(60, 90, 1) },
];

/**
 * `n` SLOs of one model over `metricCount` metrics, shaped like a real deployment that grows by tenants:
 *
 * - per metric, the same fixed layer of 5 SLOs at every size: an unscoped ladder over 7d (strict
 *   threshold → mild action, loose → severe), an unscoped fast-burn 1h SLO (on count metrics a rolling
 *   never-event SLO, `== 0`, instead), a per-endpoint and a per-region SLO (some with a list). With a
 *   little noise: some swapped actions, some copied thresholds, a few other comparators (`<`, `>`, `==`,
 *   `!=`), so that every kind of conflict occurs;
 * - the rest per tenant (n/10 tenants): mostly `{tenant: t}`, some with an endpoint or a region too,
 *   some with a list of tenants; thresholds on a finer grid over the base ones' range, looser or stricter.
 *
 * Returns YAML files (at most 1,000 SLOs each: a base file, then tenant files) and the same SLOs as the
 * brute force's plain descriptions, produced from the same draws, independently of the engine.
 */
function generate(n, metricCount, seed) {
  const rnd = seededRandom(seed * 1000003 + n);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const chance = (p) => rnd() < p;
  const metrics = Array.from({ length: metricCount }, (_, i) => ({ name: `m${String(i).padStart(3, '0')}_${KINDS[i % KINDS.length].suffix}`, kind: KINDS[i % KINDS.length] }));
  const slos = [];
  const add = (metric, { step, fine = false, scope = {}, window = '7d', action, never = false }) => {
    const { kind } = metric;
    const c = chance(0.02) ? pick(['<', '>', '==', '!=', '<=', '>=']) : never ? '==' : kind.comparator;
    const threshold = never ? 0 : fine ? pick(kind.fine) : kind.ladder[step];
    const name = `${never ? 'never_' : ''}${metric.name}_${slos.length}`;
    slos.push({ name, metric: metric.name, scope, comparator: c, threshold, window, action, never, domain: kind.domain });
  };

  // The same fixed layer at every size (5 SLOs per metric), so that sizes differ only by tenants.
  const fixed = Math.min(5, Math.floor(n / metricCount));
  const oneOrTwo = (xs) => (chance(0.3) ? [pick(xs), pick(xs)] : pick(xs));
  for (const metric of metrics) {
    if (slos.length >= n) break;
    const swap = chance(0.1);
    const plan = [
      () => add(metric, { step: 1, action: swap ? 'rollback' : 'alert' }),
      () => add(metric, { step: 4, action: swap ? 'alert' : 'rollback' }),
      () => (metric.kind.domain === 'count' ? add(metric, { step: 0, window: 'rolling', action: 'kill_switch', never: true }) : add(metric, { step: chance(0.15) ? 0 : 5, window: '1h', action: 'page' })),
      () => add(metric, { step: chance(0.15) ? 1 : 2, scope: { endpoint: oneOrTwo(ENDPOINTS) }, action: chance(0.5) ? 'alert' : 'route_to_human_review' }),
      () => add(metric, { step: 3, scope: { region: oneOrTwo(REGIONS) }, window: chance(0.5) ? '7d' : '24h', action: 'throttle' }),
    ];
    for (let k = 0; k < fixed && slos.length < n; k++) plan[k]();
  }

  const tenants = Math.max(20, Math.round(n / 10));
  const tenant = () => `t${Math.floor(rnd() * tenants)}`;
  while (slos.length < n) {
    const metric = pick(metrics);
    const r = rnd();
    const scope =
      r < 0.7 ? { tenant: tenant() }
        : r < 0.82 ? { tenant: tenant(), endpoint: pick(ENDPOINTS) }
          : r < 0.9 ? { tenant: tenant(), region: pick(REGIONS) }
            : { tenant: [tenant(), tenant(), ...(chance(0.5) ? [tenant()] : [])] };
    // Anywhere on a finer grid than the base ladder: looser than some base SLOs (ineffective overrides), stricter than others.
    add(metric, { fine: true, scope, window: chance(0.7) ? '7d' : '24h', action: pick(['alert', 'ticket', 'page', 'page', 'route_to_human_review', 'throttle', 'rollback']) });
  }

  // YAML, 1,000 SLOs per file, all of one model.
  const files = [];
  for (let start = 0; start < slos.length; start += 1000) {
    const lines = ['version: 1', 'model: bench-model', 'slos:'];
    for (const s of slos.slice(start, start + 1000)) {
      lines.push(`  - name: ${s.name}`, `    metric: ${s.metric}`, '    objective: Keep the metric in bounds.', `    target: "${s.comparator} ${s.threshold}"`, `    window: ${s.window}`, `    action_on_breach: ${s.action}`);
      const entries = Object.entries(s.scope).map(([d, v]) => `${d}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`);
      if (entries.length) lines.push(`    scope: { ${entries.join(', ')} }`);
    }
    files.push({ uri: `file:///bench/${files.length === 0 ? 'safety-slos.yaml' : `tenants/part-${files.length}.safety-slos.yaml`}`, text: lines.join('\n') + '\n' });
  }
  const specs = slos.map((s) => ({
    name: s.name,
    metric: s.metric,
    scope: s.scope,
    comparator: s.comparator,
    threshold: s.threshold,
    window: WINDOW_SECONDS[s.window],
    action: s.action,
    rank: RANK[s.action],
    neverEvent: s.never,
    domain: s.domain,
  }));
  const shape = {
    unscoped: slos.filter((s) => Object.keys(s.scope).length === 0).length,
    oneDimension: slos.filter((s) => Object.keys(s.scope).length === 1).length,
    withList: slos.filter((s) => Object.values(s.scope).some(Array.isArray)).length,
    tenants,
  };
  return { files, specs, shape };
}

// ---------------------------------------------------------------------------------------------------
// Timing

const nlogn = (a, b) => (b * Math.log(b)) / (a * Math.log(a));

// ---------------------------------------------------------------------------------------------------
// Report

const AIM_MS = 100;

function report(m, rows, opts) {
  const L = [];
  const args = process.argv.slice(2).filter((a) => a !== '--no-write');
  L.push(`Generated by \`node bench/conflicts.mjs${args.length ? ' ' + args.join(' ') : ''}\` on ${m.date}.`, '');
  L.push(`- Machine: ${m.cpu}, ${m.mem} RAM, ${m.os}`);
  const loadEnd = os.loadavg()[0];
  const cpus = os.cpus().length;
  L.push(`- Load average (1 min) at start / end: ${m.load.toFixed(2)} / ${loadEnd.toFixed(2)} on ${cpus} CPUs${Math.max(m.load, loadEnd) > cpus ? ' — **the machine was busy with other work: expect noisy figures; compare ratios**' : ''}`);
  L.push(`- Node ${m.node}; commit ${m.commit}; seed ${opts.seed}; ${opts.metrics} metrics; brute force skipped where its estimate exceeds ${opts.bruteLimit} s`, '');

  L.push('### Conflict analysis time (ms): median (min–max) over the timed runs', '');
  L.push('| SLOs | files | unscoped / one dimension / with a list | conflicts found | engine `findConflicts` | brute force | brute force / engine | results agree | linear scan of the facts |');
  L.push('| ---: | ---: | :--- | ---: | :--- | :--- | ---: | :--- | :--- |');
  for (const r of rows) {
    const engine = `**${fmt(r.engine.median)}** (${fmt(r.engine.min)}–${fmt(r.engine.max)}, ${r.engine.n} runs)`;
    const brute = r.brute ? `**${fmt(r.brute.median)}** (${fmt(r.brute.min)}–${fmt(r.brute.max)}, ${r.brute.n} run${r.brute.n > 1 ? 's' : ''})` : `skipped: estimated ${fmt(r.bruteEstimate / 1000)} s`;
    const ratio = r.brute ? `${fmt(r.brute.median / r.engine.median)}×` : r.bruteEstimate ? `~${fmt(r.bruteEstimate / r.engine.median)}× (est.)` : 'n/a';
    const agree = r.agree === undefined ? 'not checked' : r.agree ? 'yes' : `**NO**: ${r.disagreement}`;
    L.push(`| ${count(r.n)} | ${r.files} | ${count(r.shape.unscoped)} / ${count(r.shape.oneDimension)} / ${count(r.shape.withList)} | ${count(r.conflicts)} | ${engine} | ${brute} | ${ratio} | ${agree} | ${fmt(r.scan.median)} (${fmt(r.scan.min)}–${fmt(r.scan.max)}) |`);
  }
  L.push('');
  L.push(`Parsing the YAML and building the facts, not timed above, took ${rows.map((r) => `${fmt(r.prepare / 1000)} s at ${count(r.n)}`).join(', ')} (once each).`, '');

  L.push('### Growth', '');
  L.push('Growth of the median time (and of the fastest run, the least disturbed by other load), against n log n and against the linear scan above.', '');
  L.push('| from → to | SLOs × | n log n × | engine × (median) | engine × (fastest) | verdict (median) | linear scan × | engine × / scan × | brute force × |');
  L.push('| :--- | ---: | ---: | ---: | ---: | :--- | ---: | ---: | ---: |');
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    const g = b.engine.median / a.engine.median;
    const gMin = b.engine.min / a.engine.min;
    const target = nlogn(a.n, b.n);
    const scanGrowth = b.scan.median / a.scan.median;
    const bruteGrowth = a.brute && b.brute ? `${fmt(b.brute.median / a.brute.median)}×` : 'n/a';
    const verdict = g <= target ? 'no worse than n log n' : `**WORSE than n log n** (${fmt(g / target)}× the allowed growth)`;
    L.push(`| ${count(a.n)} → ${count(b.n)} | ${fmt(b.n / a.n)}× | ${fmt(target)}× | ${fmt(g)}× | ${fmt(gMin)}× | ${verdict} | ${fmt(scanGrowth)}× | ${fmt(g / scanGrowth)} | ${bruteGrowth} |`);
  }
  L.push('');

  L.push('### Against the aim', '');
  const at10k = rows.find((r) => r.n === 10000);
  if (at10k) L.push(`- Under ${AIM_MS} ms at 10,000 SLOs: ${at10k.engine.median < AIM_MS ? `**met** (${fmt(at10k.engine.median)} ms)` : `**missed** (${fmt(at10k.engine.median)} ms)`}.`);
  const i100k = rows.findIndex((r) => r.n === 100000);
  if (i100k > 0 && rows[i100k - 1].n === 10000) {
    const g = rows[i100k].engine.median / rows[i100k - 1].engine.median;
    const target = nlogn(10000, 100000);
    const scanGrowth = rows[i100k].scan.median / rows[i100k - 1].scan.median;
    L.push(
      `- Growth from 10,000 to 100,000 SLOs no worse than n log n (${fmt(target)}×): ${g <= target ? `**met** (${fmt(g)}×)` : `**missed** (${fmt(g)}×)`}; ` +
        `over the same step a linear pass over the facts grew ${fmt(scanGrowth)}×, and the engine ${fmt(g / scanGrowth)}× as much as that.`,
    );
  }
  L.push('');
  return L.join('\n');
}

const BEGIN = '<!-- BEGIN bench/conflicts.mjs: generated, do not edit by hand -->';
const END = '<!-- END bench/conflicts.mjs -->';
const INTRO = `## Conflict analysis

How long does finding the conflicts among a model's SLOs take once its files are parsed? \`bench/conflicts.mjs\`
generates (deterministically) one model's SLOs, 1,000, 10,000 and 100,000 of them, spread over 100 metrics
(ratios, counts and unbounded scores) and 3 scope dimensions (\`tenant\`, \`endpoint\`, \`region\`), shaped like a
deployment that grows by tenants:

- per metric, the same fixed layer of 5 SLOs at every size: 3 unscoped (an escalation ladder over 7d, and a
  fast-burn 1h SLO or, on counts, a rolling never event) and a per-endpoint and a per-region one, some with lists;
- the rest per tenant (n/10 tenants): mostly \`{tenant: t}\`, some with an endpoint or a region too, some with a
  list of tenants, with thresholds on a finer grid over the same range (looser than some base SLOs, stricter
  than others);
- a little noise (swapped actions, copied thresholds, other comparators), so that every kind of conflict occurs.

The SLOs go into YAML files of at most 1,000 SLOs each (a base file and tenant files of one \`model:\`), which are
parsed and turned into facts once (not timed). Then the engine's \`findConflicts(facts)\` is timed over several runs
after a warm-up, and so is the brute-force pairwise checker of \`test/conflicts/brute-force.ts\` (the one the
property test compares the engine with) on the same SLOs given as plain descriptions, at the sizes where its
estimated time (quadratic, from the previous size or a 1,000-SLO sample) stays under a limit; where both run,
their results are compared as sets of (kind, subject, other). A linear pass over the same facts (a group key per
SLO) is timed too: its growth shows how much of the engine's growth is the machine (a larger heap, more cache
misses and garbage collection per SLO) rather than the algorithm.

Why tenants: if unscoped SLOs kept their share of the whole, the conflicts themselves would grow quadratically
(an unscoped SLO overlaps every SLO of its metric), and no analysis can be faster than its output. Rerun with
\`npm run bench:conflicts\`; options: \`--sizes\`, \`--runs\`, \`--brute-limit S\`, \`--no-write\` (\`--help\` lists them).
The engine and the brute force are bundled with esbuild into \`.bench/conflicts/\` first. Compare ratios, not
absolute numbers, across machines.
`;

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const m = machine(ROOT);
  const lib = await bundle();
  const rows = [];
  let bruteBase;
  for (const [i, n] of opts.sizes.entries()) {
    const { files, specs, shape } = generate(n, opts.metrics, opts.seed);
    const prep = time(() => files.flatMap((f) => lib.sloFacts(lib.parsePolicy(lib.TextDocument.create(f.uri, 'yaml', 1, f.text)))));
    const facts = prep.result;
    if (facts.length !== n) throw new Error(`${n} SLOs generated but ${facts.length} facts built: the generator wrote something the engine does not read`);

    const warmups = n >= 100000 ? 1 : 3;
    let conflicts;
    for (let w = 0; w < warmups; w++) conflicts = lib.findConflicts(facts);
    const samples = [];
    for (let r = 0; r < opts.runsFor(i); r++) {
      const t = time(() => lib.findConflicts(facts));
      samples.push(t.ms);
      conflicts = t.result;
    }
    // A linear pass over the same facts, touching what the engine's grouping touches: how much of the
    // growth is the memory hierarchy (a larger heap, more cache misses per SLO) rather than the algorithm.
    const scan = () => {
      const groups = new Map();
      for (const f of facts) {
        const k = `${f.metric}\u0000${f.unit}\u0000${f.window}\u0000${f.scope.size}\u0000${f.holds.length}`;
        groups.set(k, (groups.get(k) ?? 0) + 1);
      }
      return groups.size;
    };
    for (let w = 0; w < warmups; w++) scan();
    const scanSamples = [];
    for (let r = 0; r < opts.runsFor(i); r++) scanSamples.push(time(scan).ms);
    const row = { n, files: files.length, shape, conflicts: conflicts.length, engine: stats(samples), scan: stats(scanSamples), prepare: prep.ms };
    console.log(`${count(n)} SLOs: engine ${fmt(row.engine.median)} ms (median of ${row.engine.n}), ${count(row.conflicts)} conflicts; parse + facts ${fmt(prep.ms)} ms`);

    if (!bruteBase && n > 2000) {
      // Nothing measured yet at a smaller size: calibrate on a 1,000-SLO sample (every n/1000-th SLO).
      const sample = specs.filter((_, k) => k % Math.floor(n / 1000) === 0);
      bruteBase = { n: sample.length, ms: time(() => lib.bruteForce(sample)).ms };
    }
    const estimate = bruteBase ? bruteBase.ms * (n / bruteBase.n) ** 2 : 0;
    if (estimate > opts.bruteLimit * 1000) {
      row.bruteEstimate = estimate;
      console.log(`  brute force skipped: estimated ${fmt(estimate / 1000)} s > ${opts.bruteLimit} s`);
    } else {
      const bruteSamples = [];
      let found;
      for (let r = 0; r < opts.bruteRunsFor(i); r++) {
        const t = time(() => lib.bruteForce(specs));
        bruteSamples.push(t.ms);
        found = t.result;
      }
      row.brute = stats(bruteSamples);
      bruteBase = { n, ms: row.brute.median };
      const key = (kind, subject, other) => `${kind} ${subject} ${other}`;
      const engineSet = new Set(conflicts.map((c) => key(c.kind, c.subject.name, c.other.name)));
      // findConflicts leaves unreachable targets to their own per-file rule.
      const bruteSet = new Set(found.filter((f) => f.kind !== 'unreachable').map((f) => key(f.kind, f.subject, f.other)));
      const onlyEngine = [...engineSet].filter((k) => !bruteSet.has(k));
      const onlyBrute = [...bruteSet].filter((k) => !engineSet.has(k));
      row.agree = onlyEngine.length === 0 && onlyBrute.length === 0 && engineSet.size === conflicts.length;
      if (!row.agree) row.disagreement = `${onlyEngine.length} only in the engine (e.g. ${onlyEngine[0] ?? '-'}), ${onlyBrute.length} only in the brute force (e.g. ${onlyBrute[0] ?? '-'}), ${conflicts.length - engineSet.size} duplicates`;
      console.log(`  brute force ${fmt(row.brute.median)} ms (${row.brute.n} run${row.brute.n > 1 ? 's' : ''}); results agree: ${row.agree ? 'yes' : row.disagreement}`);
    }
    const kinds = {};
    for (const c of conflicts) kinds[c.kind] = (kinds[c.kind] ?? 0) + 1;
    console.log(`  by kind: ${Object.entries(kinds).map(([k, v]) => `${k} ${count(v)}`).join(', ')}`);
    rows.push(row);
  }
  const body = report(m, rows, opts);
  console.log('\n' + body);
  if (opts.write) {
    writeSection(opts.out, { begin: BEGIN, end: END, intro: INTRO, body });
    console.log(`\nwrote ${path.relative(ROOT, opts.out)}`);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
