#!/usr/bin/env node
// Gate dry-run benchmark: on one generated policy of 10,000 SLOs with a few gates and 1,000 scenarios, and a
// snapshot with a value for every SLO, how long evaluating the gates and running the scenarios takes against
// the time to parse the same policy, measured in the same run, taking turns so background load hits each alike.
//
//   npm run bench:gates                          # rewrites the "Gate dry runs" section of docs/benchmarks.md
//   node bench/gates.mjs --slos 2000 --scenarios 200 --runs 3 --no-write
//   node bench/gates.mjs --help
//
// The engine is TypeScript; it is bundled once with esbuild into .bench/gates/ so that this script runs with
// plain node. A small independent model of the decision rules (below) checks every decision the engine makes.

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, bundleEngine, commonHelp, count, CUSTOM, fmt, kib, LADDER, machine, publish, RANK, runMain, seededRandom, stats, time, times } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: node bench/gates.mjs [options]

  --slos N          SLOs in the policy (default 10000)
  --scenarios N     scenarios in the policy (default 1000)
  --metrics N       metrics the SLOs are spread over (default 100)
${commonHelp({ runs: 7, warmups: 2, seed: 8, section: 'Gate dry runs' })}

Profile with: node --cpu-prof --cpu-prof-dir=.bench/gates bench/gates.mjs --runs 1 --warmups 0 --no-write`;

function parseArgs(argv) {
  return benchOptions(argv, { root: ROOT, defaults: { slos: 10000, scenarios: 1000, metrics: 100, runs: 7, warmups: 2, seed: 8 }, own: { '--slos': ['slos', 1000], '--scenarios': ['scenarios', 1], '--metrics': ['metrics', 5] }, help: HELP });
}

// ---------------------------------------------------------------------------------------------------
// The engine, bundled

function bundle() {
  return bundleEngine('gates', [
    "export { TextDocument } from 'vscode-languageserver-textdocument';",
    "export { parsePolicy } from './server/src/engine/policy/parse';",
    "export { analyzeFile, analyzeModel } from './server/src/engine/analyze';",
    "export { RULES } from './server/src/engine/rules/catalog';",
    "export { decisionName, dryRun, evaluateGate, gateViews, modelSlos, parseSnapshot, scenarioViews } from './server/src/engine/dry-run';",
  ]);
}

// ---------------------------------------------------------------------------------------------------
// The policy, the snapshot and what they must decide

const MILD = ['alert', 'ticket', 'page', 'open_incident', 'notify_trust_and_safety', 'route_to_human_review', 'escalate_to_legal'];
const SEVERE = ['throttle', 'freeze_deploys', 'degrade_to_safe_mode', 'switch_to_rules_engine', 'rollback'];
const TENANTS = Array.from({ length: 200 }, (_, i) => `t${i}`);
const ENDPOINTS = ['claims', 'appeals', 'payments', 'intake', 'fraud', 'search', 'chat', 'upload', 'export', 'admin'];
const REGIONS = ['us', 'eu', 'uk', 'ca', 'au', 'jp'];

/**
 * Five kinds of metric, with every comparator between them. Per kind: a target (the comparator, the threshold as
 * written and as compared, e.g. `>= 95%` compares with 0.95), its windows, and values that pass every target of the
 * kind or breach every one.
 */
const KINDS = [
  {
    suffix: 'recall',
    target: (r) => (r() < 0.15 ? pct('>=', 80 + Math.floor(r() * 20)) : num(r() < 0.8 ? '>=' : '>', 0.8 + Math.floor(r() * 19) / 100)),
    windows: ['1h', '24h', '7d', '28d'],
    pass: (r) => round(0.995 + r() * 0.005, 4),
    breach: (r) => round(0.5 + r() * 0.29, 3),
  },
  {
    suffix: 'error_rate',
    target: (r) => (r() < 0.15 ? pct('<=', 1 + Math.floor(r() * 10)) : num(r() < 0.8 ? '<=' : '<', 0.005 + Math.floor(r() * 20) * 0.005)),
    windows: ['1h', '24h', '7d', '28d'],
    pass: (r) => round(r() * 0.004, 4),
    breach: (r) => round(0.15 + r() * 0.25, 3),
  },
  {
    suffix: 'violations',
    target: (r) => (r() < 0.5 ? { ...num('==', 0), never: true } : num(r() < 0.7 ? '<=' : '<', 1 + Math.floor(r() * 10))),
    windows: ['24h', '7d'],
    pass: () => 0,
    breach: (r) => 11 + Math.floor(r() * 20),
  },
  {
    suffix: 'latency_p95',
    target: (r) => ({ ...num(r() < 0.7 ? '<=' : '<', 300 + 100 * Math.floor(r() * 18)), unit: 'ms' }),
    windows: ['1h', '24h', '7d'],
    pass: (r) => Math.round(50 + r() * 150),
    breach: (r) => Math.round(2500 + r() * 2500),
  },
  {
    suffix: 'heartbeats',
    target: (r) => (r() < 0.4 ? num('!=', 0) : r() < 0.5 ? num('>', 0) : num('>=', 1)),
    windows: ['15m', '1h'],
    pass: (r) => 1 + Math.floor(r() * 100),
    breach: () => 0,
  },
];

function num(comparator, value) {
  const literal = String(round(value, 4));
  return { comparator, literal, value: Number(literal) };
}
function pct(comparator, percent) {
  return { comparator, literal: String(percent), value: percent / 100, unit: '%' };
}
function round(x, digits) {
  return Number(x.toFixed(digits));
}

function holds({ comparator, value }, x) {
  switch (comparator) {
    case '>=': return x >= value;
    case '>': return x > value;
    case '<=': return x <= value;
    case '<': return x < value;
    case '==': return x === value;
    case '!=': return x !== value;
  }
  throw new Error(comparator);
}

/** The canonical key (metric-key.ts): dimensions sorted, values sorted and quoted. */
function canonicalKey(metric, scope) {
  const dims = Object.keys(scope).sort();
  if (!dims.length) return metric;
  return `${metric}{${dims.map((d) => `${d}="${[...[scope[d]].flat()].sort().join('|')}"`).join(',')}}`;
}

/** The same key as a user may write it: dimensions in any order, values unquoted. */
function writtenKey(metric, scope, r) {
  const dims = Object.keys(scope);
  if (!dims.length || r() < 0.5) return canonicalKey(metric, scope);
  if (r() < 0.5) dims.reverse();
  return `${metric}{${dims.map((d) => `${d}=${[scope[d]].flat().join('|')}`).join(', ')}}`;
}

/**
 * The decision rules, independently: an SLO with a value breaches when its target does not hold; the most
 * severe breached action decides (ties: the first SLO); else missing data blocks unless ignored; else unmet
 * requirements block; else pass.
 */
function expectedDecision(slos, values, onMissingData, requirementsBlock) {
  let worst;
  let missing = false;
  for (const s of slos) {
    const v = values.get(s.key);
    if (v === undefined || v === null) missing = true;
    else if (!holds(s.target, v) && (!worst || RANK[s.action] > RANK[worst.action])) worst = s;
  }
  if (worst) return worst.action;
  if (missing && onMissingData === 'block') return 'block';
  return requirementsBlock ? 'block' : 'pass';
}

/** YAML needs quotes around keys with braces; both quote styles occur. */
function yamlKey(key) {
  return /[{}:,"]/.test(key) ? (key.includes("'") ? JSON.stringify(key) : `'${key}'`) : key;
}

/**
 * One model's policy: `n` SLOs over `metricCount` metrics (the first SLO of each metric named as its metric, so its
 * `metric:` defaults to its name; the others name theirs), about 15% unscoped and the rest scoped by tenant,
 * endpoint, region or two of them, some with a list; custom actions; gates over every SLO and over lists of 100 and
 * 1,000 SLOs, blocking on missing data or ignoring it; `scenarioCount` scenarios of 10 to 50 values each (a third
 * with breaches, some through a gate, some with a mistyped key, some expecting the wrong decision on purpose). And a
 * snapshot with a value for every SLO's key, about 1% of them breaching.
 */
function generate(n, scenarioCount, metricCount, seed) {
  const rnd = seededRandom(seed * 1000003 + n);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const chance = (p) => rnd() < p;
  const metrics = Array.from({ length: metricCount }, (_, i) => {
    const kind = KINDS[i % KINDS.length];
    return { name: `m${String(i).padStart(3, '0')}_${kind.suffix}`, kind };
  });

  const slos = [];
  for (let i = 0; i < n; i++) {
    const own = i < metrics.length;
    const metric = own ? metrics[i] : pick(metrics);
    const r = rnd();
    const scope = own || r < 0.15 ? {}
      : r < 0.5 ? { tenant: pick(TENANTS) }
        : r < 0.6 ? { endpoint: pick(ENDPOINTS) }
          : r < 0.68 ? { region: pick(REGIONS) }
            : r < 0.9 ? { tenant: pick(TENANTS), endpoint: pick(ENDPOINTS) }
              : chance(0.7) ? { tenant: [...new Set([pick(TENANTS), pick(TENANTS), pick(TENANTS)])] } : { endpoint: pick(ENDPOINTS), region: [...new Set([pick(REGIONS), pick(REGIONS)])] };
    const target = metric.kind.target(rnd);
    const window = target.never ? 'rolling' : pick(metric.kind.windows);
    const action = target.never ? pick(['kill_switch', 'kill_switch', 'rollback']) : chance(0.6) ? pick(MILD) : pick(SEVERE);
    const name = own ? metric.name : `${metric.name}_${window}_${String(i).padStart(5, '0')}`;
    slos.push({ name, metric: metric.name, kind: metric.kind, own, scope, target, window, action, key: canonicalKey(metric.name, scope) });
  }

  const sample = (xs, k) => {
    const copy = [...xs];
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(rnd() * (copy.length - i));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, k);
  };
  const gates = [
    { name: 'release', slos: 'all', require: ['slo_diff_green', 'deliberation_note'], onMissingData: 'block' },
    { name: 'release_dashboard', slos: 'all', require: [], onMissingData: 'ignore' },
    { name: 'canary_10pct', slos: sample(slos, 100), require: [], onMissingData: 'ignore' },
    { name: 'tenant_rollout', slos: sample(slos, 1000), require: ['deliberation_note'], onMissingData: 'block' },
    { name: 'regional_rollout', slos: sample(slos, 1000), require: [], onMissingData: 'ignore' },
  ];
  // In the policy's order, as the engine reads them (ties between equally severe breaches go to the first SLO).
  for (const g of gates) {
    const members = new Set(g.slos === 'all' ? slos : g.slos);
    g.ordered = slos.filter((s) => members.has(s));
  }
  const gateSlos = (g) => (g ? g.ordered : slos);
  // The keys a scenario may give values for, one SLO per key: its gate's, or every SLO's.
  const pools = new Map([undefined, ...gates].map((g) => [g, [...new Map(gateSlos(g).map((s) => [s.key, s])).values()]]));

  const bySloKey = new Map();
  for (const s of slos) if (!bySloKey.has(s.key)) bySloKey.set(s.key, s);
  const snapshot = new Map();
  for (const [key, s] of bySloKey) snapshot.set(key, chance(0.01) ? s.kind.breach(rnd) : s.kind.pass(rnd));

  const decisions = ['pass', 'block', ...LADDER, ...Object.keys(CUSTOM)];
  const scenarios = [];
  for (let i = 0; i < scenarioCount; i++) {
    const r = rnd();
    const gate = r < 0.7 ? undefined : r < 0.9 ? gates[2] : gates[3];
    const pool = pools.get(gate);
    const keys = sample(pool, Math.min(pool.length, 10 + Math.floor(rnd() * 41)));
    const breaches = chance(0.35) ? 1 + Math.floor(rnd() * 3) : 0;
    // A mistyped metric (two letters swapped) instead of the last key: no SLO reads it, and the engine should suggest the real key.
    const typoOf = keys.length > 10 && chance(0.05) ? keys.pop() : undefined;
    const values = new Map(keys.map((s, k) => [s.key, { slo: s, value: k < breaches ? s.kind.breach(rnd) : chance(0.02) ? null : s.kind.pass(rnd) }]));
    const lines = [];
    for (const { slo, value } of values.values()) lines.push(`${yamlKey(writtenKey(slo.metric, slo.scope, rnd))}: ${value === null ? 'null' : value}`);
    let typo;
    if (typoOf) {
      const metric = swapLetters(typoOf.metric, rnd);
      typo = { key: canonicalKey(metric, typoOf.scope), meant: typoOf.key };
      lines.push(`${yamlKey(writtenKey(metric, typoOf.scope, rnd))}: ${typoOf.kind.pass(rnd)}`);
    }
    const plain = new Map([...values].map(([k, v]) => [k, v.value]));
    const decision = expectedDecision(gateSlos(gate), plain, gate ? gate.onMissingData : 'ignore', false);
    const wrong = chance(0.05);
    // Not the decision, nor for a custom action the built-in it ranks with (that expect would match).
    const expect = wrong ? pick(decisions.filter((d) => d !== decision && d !== CUSTOM[decision])) : decision;
    scenarios.push({ name: `scenario_${String(i).padStart(4, '0')}`, gate: gate?.name, lines, decision, expect, wrong, typo });
  }

  const L = ['# Generated by bench/gates.mjs', 'version: 1', 'model: bench-model', 'metrics: eval/latest.json', '', 'actions:'];
  for (const [name, severity] of Object.entries(CUSTOM)) L.push(`  ${name}:`, `    severity: ${severity}`, `    description: "${name.replace(/_/g, ' ')}."`);
  L.push('', 'slos:');
  for (const s of slos) {
    L.push(`  - name: ${s.name}`);
    if (!s.own) L.push(`    metric: ${s.metric}`);
    L.push(`    objective: "Keep ${s.metric} within its target."`, `    target: "${s.target.comparator} ${s.target.literal}${s.target.unit ?? ''}"`, `    window: ${s.window}`, `    action_on_breach: ${s.action}`);
    const entries = Object.entries(s.scope).map(([d, v]) => `${d}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`);
    if (entries.length) L.push(`    scope: { ${entries.join(', ')} }`);
    if (s.target.never) L.push(`    never_events: [${s.metric}]`);
  }
  L.push('', 'gates:');
  for (const g of gates) {
    L.push(`  - name: ${g.name}`);
    if (g.slos === 'all') L.push('    slos: all');
    else L.push('    slos:', ...g.slos.map((s) => `      - ${s.name}`));
    if (g.require.length) L.push(`    require: [${g.require.join(', ')}]`);
    L.push(`    on_missing_data: ${g.onMissingData}`);
  }
  L.push('', 'scenarios:');
  for (const s of scenarios) {
    L.push(`  - name: ${s.name}`);
    if (s.gate) L.push(`    gate: ${s.gate}`);
    L.push('    metrics:', ...s.lines.map((l) => `      ${l}`), `    expect: ${s.expect}`);
  }
  const policy = L.join('\n') + '\n';

  const snapshotText = JSON.stringify(Object.fromEntries([...snapshot].map(([key, value]) => [writtenKey(...splitKey(bySloKey.get(key)), rnd), value])), null, 2) + '\n';
  const facts = { deliberationNote: { uri: 'file:///bench/model/notes/2026-01-15.md' } };
  const gateDecisions = new Map(gates.map((g) => [g.name, expectedDecision(gateSlos(g), snapshot, g.onMissingData, g.require.includes('slo_diff_green'))]));
  const shape = {
    unscoped: slos.filter((s) => !Object.keys(s.scope).length).length,
    withList: slos.filter((s) => Object.values(s.scope).some(Array.isArray)).length,
    keys: bySloKey.size,
    breachingKeys: [...snapshot].filter(([k, v]) => !holds(bySloKey.get(k).target, v)).length,
    comparators: [...new Set(slos.map((s) => s.target.comparator))].sort(),
    windows: [...new Set(slos.map((s) => s.window))],
    gated: scenarios.filter((s) => s.gate).length,
    withBreach: scenarios.filter((s) => !['pass', 'block'].includes(s.decision)).length,
    blocking: scenarios.filter((s) => s.decision === 'block').length,
    values: scenarios.reduce((sum, s) => sum + s.lines.length, 0),
    typos: scenarios.filter((s) => s.typo).length,
    wrong: scenarios.filter((s) => s.wrong).length,
  };
  return { policy, snapshotText, gates, gateDecisions, scenarios, facts, shape };
}

/** Two different adjacent letters of the name part swapped (`m003_rceall`), never the number (`m010` is another metric). */
function swapLetters(metric, rnd) {
  const from = metric.indexOf('_') + 1;
  for (;;) {
    const j = from + Math.floor(rnd() * (metric.length - from - 1));
    if (metric[j] !== metric[j + 1] && metric[j] !== '_' && metric[j + 1] !== '_') return metric.slice(0, j) + metric[j + 1] + metric[j] + metric.slice(j + 2);
  }
}

function splitKey(slo) {
  return [slo.metric, slo.scope];
}

// ---------------------------------------------------------------------------------------------------
// Checks: the engine read the policy as generated and decided as the independent rules do

function check(lib, file, values, snapshotKeys, gen, run) {
  const problems = [];
  const slos = lib.modelSlos([file]);
  if (slos.length !== gen.shape.slos) problems.push(`${gen.shape.slos} SLOs generated, the engine read ${slos.length}`);
  if (values.problems.length) problems.push(`the snapshot has ${values.problems.length} problems, e.g. ${values.problems[0].message}`);
  if (values.values.size !== snapshotKeys) problems.push(`the snapshot has ${snapshotKeys} keys, the engine read ${values.values.size}`);
  for (const g of run.gates ?? []) {
    const want = gen.gateDecisions.get(g.gate);
    if (lib.decisionName(g.decision) !== want) problems.push(`gate ${g.gate}: expected ${want}, the engine decided ${lib.decisionName(g.decision)} (${g.reason.slice(0, 200)})`);
  }
  if (run.scenarios.length !== gen.scenarios.length) problems.push(`${gen.scenarios.length} scenarios generated, the engine ran ${run.scenarios.length}`);
  let decisionsDiffer = 0;
  let typoMisses = 0;
  for (const [i, s] of gen.scenarios.entries()) {
    const o = run.scenarios[i];
    if (!o) break;
    if (lib.decisionName(o.decision) !== s.decision) {
      if (decisionsDiffer++ === 0) problems.push(`${s.name}: expected ${s.decision}, the engine decided ${lib.decisionName(o.decision)} (${o.reason.slice(0, 200)})`);
    }
    if (o.passed === s.wrong) problems.push(`${s.name}: passed ${o.passed}, but its expect is ${s.wrong ? '' : 'not '}wrong on purpose`);
    const unused = o.unusedKeys.map((u) => `${u.key}→${u.suggestion ?? '?'}`).join(' ');
    const want = s.typo ? `${s.typo.key}→${s.typo.meant}` : '';
    if (unused !== want && typoMisses++ === 0) problems.push(`${s.name}: unused keys "${unused}", expected "${want}"`);
  }
  if (decisionsDiffer > 1) problems.push(`(${decisionsDiffer} scenario decisions differ in all)`);
  if (typoMisses > 1) problems.push(`(${typoMisses} scenarios with other unused keys than expected)`);
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Timing and report

const ratio = (x, parse) => times(x / parse);

function report(m, opts, gen, texts, t, decisions, problems, rules) {
  const L = [];
  const args = process.argv.slice(2).filter((a) => a !== '--no-write');
  const loadEnd = os.loadavg()[0];
  const cpus = os.cpus().length;
  const s = gen.shape;
  L.push(`Generated by \`node bench/gates.mjs${args.length ? ' ' + args.join(' ') : ''}\` on ${m.date}.`, '');
  L.push(`- Machine: ${m.cpu}, ${m.mem} RAM, ${m.os}`);
  L.push(`- Load average (1 min) at start / end: ${m.load.toFixed(2)} / ${loadEnd.toFixed(2)} on ${cpus} CPUs${Math.max(m.load, loadEnd) > cpus ? ' — **the machine was busy with other work: expect noisy figures; compare ratios**' : ''}`);
  L.push(`- Node ${m.node}; commit ${m.commit}; seed ${opts.seed}; ${opts.runs} timed runs of each after ${opts.warmups} warm-up${opts.warmups === 1 ? '' : 's'}, taking turns`);
  L.push(
    `- Policy: one file, ${texts.policy} — ${count(s.slos)} SLOs over ${opts.metrics} metrics (${count(s.unscoped)} unscoped, ${count(s.slos - s.unscoped)} scoped by tenant, endpoint and/or region, ${count(s.withList)} of them with a list; ` +
      `${count(s.keys)} distinct metric keys; comparators ${s.comparators.map((c) => `\`${c}\``).join(' ')}; windows ${s.windows.join(', ')}; ${Object.keys(CUSTOM).length} custom actions), ` +
      `${gen.gates.length} gates and ${count(s.scenarios)} scenarios`,
  );
  L.push(`- Gates: ${gen.gates.map((g) => `\`${g.name}\` (${g.slos === 'all' ? 'all' : count(g.slos.length)} SLOs, ${g.onMissingData}${g.require.length ? `, requires ${g.require.join(' and ')}` : ''})`).join(', ')}`);
  L.push(
    `- Scenarios: ${count(s.values)} values in all (10 to 50 each); ${count(s.gated)} through a gate (they read every SLO of it), the others without one (they read the SLOs they give values for); ${count(s.withBreach)} decide a breach, ${count(s.blocking)} block; ` +
      `${count(s.typos)} have a mistyped key (the engine should suggest the key meant); ${count(s.wrong)} expect the wrong decision on purpose`,
  );
  L.push(`- Snapshot: JSON, ${texts.snapshot}, a value for each of the ${count(s.keys)} keys, ${count(s.breachingKeys)} of them breaching`);
  L.push(`- Checked against an independent model of the decision rules: ${problems.length ? `**${problems.length} problem(s)**: ${problems.slice(0, 3).join('; ')}` : `every gate and scenario decision agrees, the failing scenarios are exactly the wrong-on-purpose ones, and every mistyped key gets the right suggestion`}`, '');

  const parse = t.parse.median;
  const row = (label, st, note = '') => `| ${label} | **${fmt(st.median)}** | ${fmt(st.min)}–${fmt(st.max)} | ${ratio(st.median, parse)} | ${note} |`;
  L.push('### Time (ms): median over the timed runs, and as a multiple of the parse time of the same run', '');
  L.push('| | median | min–max | / parse | |', '| :--- | ---: | :--- | ---: | :--- |');
  L.push(row('1. parse the policy: `parsePolicy` (the `yaml` parse and the SLO and action views)', t.parse, 'the baseline'));
  L.push(row('&nbsp;&nbsp;then the gate and scenario views (`gateViews`, `scenarioViews`; once per parsed file)', t.views, ''));
  L.push(row('2. read the snapshot: `parseSnapshot`', t.snapshot, `${count(s.keys)} keys`));
  L.push(row('3. every gate against the snapshot: `modelSlos` + `evaluateGate` × ' + gen.gates.length, t.gates, `${count(decisions.gateOutcomes)} SLO outcomes`));
  L.push(row('&nbsp;&nbsp;of which `modelSlos` (each SLO\'s key, target and action, resolved once)', t.modelSlos, ''));
  for (const g of gen.gates) L.push(row(`&nbsp;&nbsp;of which \`${g.name}\``, t.gate[g.name], `→ ${decisions.byGate.get(g.name)}`));
  L.push(row('3′. the whole dry run with the snapshot: `dryRun(files, values, facts)` (each SLO, each gate, each scenario)', t.dryRun, ''));
  L.push(row(`4. the ${count(s.scenarios)} scenarios alone: \`dryRun(files)\``, t.scenarios, `${count(decisions.passed)} passed, ${count(decisions.failed)} failed; ${count(decisions.scenarioOutcomes)} SLO outcomes`));
  if (t.analysis) {
    const found = Object.entries(gen.findings ?? {}).map(([rule, n]) => `${count(n)} ${rule}`).join(', ');
    L.push(row(`5. the full analysis: \`analyzeFile\` (parses again) + \`analyzeModel\`, with the ${rules.length} gate and scenario rules`, t.analysis, found || 'no gate or scenario findings'));
    L.push(row('&nbsp;&nbsp;of which `analyzeFile`', t.analyzeFile, ''));
    L.push(row('&nbsp;&nbsp;of which `analyzeModel`', t.analyzeModel, ''));
  }
  L.push('');
  if (!t.analysis) L.push('5. The full analysis with the scenario rules was not measured: no `gate/` or `scenario/` rule is registered in `server/src/engine/rules/catalog.ts` in this build.', '');

  L.push('### Against the aim', '');
  L.push(aim(t, gen, decisions));
  L.push('');
  return L.join('\n');
}

/** The issue gives no number: the question is whether dry runs stay small next to the parse they follow. */
function aim(t, gen, decisions) {
  const parse = t.parse.median;
  const gates = t.gates.median / parse;
  const scenarios = t.scenarios.median / parse;
  const whole = t.dryRun.median / parse;
  const parts = [
    `The issue sets no figure; the question is whether a dry run stays small next to parsing the policy, which every edit pays anyway.`,
    `Evaluating all ${gen.gates.length} gates against the snapshot takes ${fmt(t.gates.median)} ms, ${fmt(100 * gates)}% of the parse (${fmt(parse)} ms), reading the snapshot ${fmt(100 * t.snapshot.median / parse)}%;`,
    `running the ${count(gen.shape.scenarios)} scenarios takes ${fmt(t.scenarios.median)} ms (${ratio(t.scenarios.median, parse)} the parse), and the whole dry run ${fmt(t.dryRun.median)} ms (${ratio(t.dryRun.median, parse)}).`,
  ];
  const big = decisions.largest;
  if (big) {
    parts.push(
      `The scenarios' time follows the SLO outcomes (trace lines) they make, ${count(decisions.scenarioOutcomes)} in all (about ${fmt((1000 * t.scenarios.median) / decisions.scenarioOutcomes)} µs each): ` +
        `the ${count(big.scenarios)} scenarios run through \`${big.name}\` (${count(big.size)} SLOs, ${big.onMissingData} on missing data) make ${count(big.outcomes)} of them, since a scenario through a gate reads every SLO of that gate, while those without a gate read only the SLOs they give values for.`,
    );
  }
  if (whole <= 0.5) parts.push(`So a whole dry run stays under half the parse: after an edit, the parse, not the dry run, is what the user waits for.`);
  else parts.push(`That is **not** small next to the parse: ${scenarios >= gates ? 'the scenarios dominate' : 'the gates dominate'}.`);
  if (t.analysis) {
    parts.push(
      `The full analysis of the file takes ${fmt(t.analysis.median)} ms, ${ratio(t.analysis.median, parse)} the parse: \`analyzeFile\` (${ratio(t.analyzeFile.median, parse)}) parses again and runs the per-file rules, ` +
        `\`analyzeModel\` (${ratio(t.analyzeModel.median, parse)}) runs the conflict rules and the scenario rules, which run every scenario once per analysis.`,
    );
  }
  return parts.join(' ');
}

const BEGIN = '<!-- BEGIN bench/gates.mjs: generated, do not edit by hand -->';
const END = '<!-- END bench/gates.mjs -->';
const INTRO = `## Gate dry runs

How long does a dry run take next to parsing the policy it runs? \`bench/gates.mjs\` generates (deterministically) one
model's policy file of 10,000 SLOs over 100 metrics (recalls, error rates, never-event and other counts, latencies in
\`ms\`, heartbeats; every comparator, some targets in \`%\`; windows from 15m to 28d and \`rolling\`; about 15% unscoped,
the rest scoped by tenant, endpoint and/or region, some with a list; custom actions next to the built-in ladder), with
gates over every SLO and over lists of 100 and 1,000 SLOs (failing closed on missing data or ignoring it, some with
requirements) and 1,000 scenarios of 10 to 50 values each (some through a gate, some breaching, some with a mistyped
key, a few expecting the wrong decision), and a JSON snapshot with a value for every SLO's key (about 1% breaching,
keys written canonically or not). In one process it then times, taking turns so that background load hits each
alike: parsing the policy (the baseline), reading the snapshot, evaluating every gate against it, the whole dry run
with the snapshot, the scenarios alone, and (when the gate and scenario rules are registered) the full analysis of
the file. Every decision the engine makes is checked against a small independent model of the decision rules.

Rerun with \`npm run bench:gates\`; options: \`--slos\`, \`--scenarios\`, \`--runs\`, \`--no-write\` (\`--help\` lists them).
The engine is bundled with esbuild into \`.bench/gates/\` first. Compare ratios, not absolute numbers, across machines.
`;

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const m = machine(ROOT);
  const lib = await bundle();
  const rules = lib.RULES.filter((r) => /^(gate|scenario)\//.test(r.meta.id));

  const gen = generate(opts.slos, opts.scenarios, opts.metrics, opts.seed);
  gen.shape.slos = opts.slos;
  gen.shape.scenarios = opts.scenarios;
  const texts = { policy: kib(gen.policy), snapshot: kib(gen.snapshotText) };
  // Kept for profiling one step alone, or for trying the CLI on them (`safety-specs gate .bench/gates/model`).
  const kept = path.join(ROOT, '.bench/gates/model');
  mkdirSync(path.join(kept, 'eval'), { recursive: true });
  writeFileSync(path.join(kept, 'safety-slos.yaml'), gen.policy);
  writeFileSync(path.join(kept, 'eval/latest.json'), gen.snapshotText);
  console.log(`policy ${texts.policy} (${count(opts.slos)} SLOs, ${gen.gates.length} gates, ${count(opts.scenarios)} scenarios), snapshot ${texts.snapshot}; ${rules.length ? `${rules.length} gate/scenario rules registered` : 'no gate/scenario rules registered yet: the full analysis is skipped'}`);

  const policyUri = 'file:///bench/model/safety-slos.yaml';
  const snapshotUri = 'file:///bench/model/eval/latest.json';
  const doc = (uri, lang, text) => lib.TextDocument.create(uri, lang, 1, text);
  let file;
  let values;
  const measures = {
    parse: () => {
      file = lib.parsePolicy(doc(policyUri, 'yaml', gen.policy));
    },
    views: () => {
      lib.gateViews(file);
      lib.scenarioViews(file);
    },
    snapshot: () => {
      values = lib.parseSnapshot(doc(snapshotUri, 'json', gen.snapshotText), 'eval/latest.json');
    },
    gates: (t) => {
      const slos = time(() => lib.modelSlos([file]));
      t.modelSlos.push(slos.ms);
      for (const g of lib.gateViews(file)) t.gate[g.name.name].push(time(() => lib.evaluateGate(slos.result, g, values, gen.facts)).ms);
    },
    dryRun: () => lib.dryRun([file], values, gen.facts),
    scenarios: () => lib.dryRun([file]),
  };
  if (rules.length) {
    measures.analysis = (t) => {
      const a = time(() => lib.analyzeFile(doc(policyUri, 'yaml', gen.policy)));
      const b = time(() => lib.analyzeModel([a.result.file]));
      t.analyzeFile.push(a.ms);
      t.analyzeModel.push(b.ms);
      return [...a.result.findings, ...[...b.result.values()].flat()];
    };
  }
  const samples = { modelSlos: [], gate: Object.fromEntries(gen.gates.map((g) => [g.name, []])), analyzeFile: [], analyzeModel: [] };
  for (const k of Object.keys(measures)) samples[k] = [];
  for (let r = 0; r < opts.warmups + opts.runs; r++) {
    const timed = r >= opts.warmups;
    const sink = timed ? samples : { modelSlos: [], gate: Object.fromEntries(gen.gates.map((g) => [g.name, []])), analyzeFile: [], analyzeModel: [] };
    const line = [];
    for (const [name, fn] of Object.entries(measures)) {
      const { ms } = time(() => fn(sink));
      if (timed) samples[name].push(ms);
      line.push(`${name} ${fmt(ms)}`);
    }
    console.log(`${timed ? 'run' : 'warm-up'} ${timed ? r - opts.warmups + 1 : r + 1}: ${line.join(', ')} ms`);
  }

  const run = lib.dryRun([file], values, gen.facts);
  const problems = check(lib, file, values, gen.shape.keys, gen, run);
  if (rules.length) {
    const findings = measures.analysis(samples);
    samples.analyzeFile.pop();
    samples.analyzeModel.pop();
    const ids = new Set(rules.map((r) => r.meta.id));
    const counts = {};
    for (const f of findings.filter((f) => ids.has(f.rule))) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    gen.findings = counts;
    console.log(`gate/scenario findings: ${JSON.stringify(counts)}`);
  }
  for (const p of problems) console.log(`CHECK: ${p}`);

  const t = Object.fromEntries(Object.entries(samples).filter(([k]) => k !== 'gate').map(([k, v]) => [k, stats(v)]));
  t.gate = Object.fromEntries(Object.entries(samples.gate).map(([k, v]) => [k, stats(v)]));
  const byGate = new Map(run.gates.map((g) => [g.gate, lib.decisionName(g.decision)]));
  const failed = run.scenarios.filter((s) => !s.passed).length;
  // Where the scenarios' time goes: one SLO outcome (a trace line) per SLO each scenario reads.
  const largest = gen.gates.filter((g) => g.slos !== 'all').sort((a, b) => b.slos.length - a.slos.length)[0];
  const through = run.scenarios.filter((o, i) => gen.scenarios[i].gate === largest?.name);
  const decisions = {
    byGate,
    passed: run.scenarios.length - failed,
    failed,
    gateOutcomes: run.gates.reduce((n, g) => n + g.slos.length, 0),
    scenarioOutcomes: run.scenarios.reduce((n, o) => n + o.slos.length, 0),
    largest: largest && { name: largest.name, size: largest.slos.length, onMissingData: largest.onMissingData, scenarios: through.length, outcomes: through.reduce((n, o) => n + o.slos.length, 0) },
  };
  publish({ root: ROOT, opts, section: { begin: BEGIN, end: END, intro: INTRO }, body: report(m, opts, gen, texts, t, decisions, problems, rules), problems });
}

runMain(main);
