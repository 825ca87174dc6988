#!/usr/bin/env node
// Replay benchmark: a generated metric history of 10 million samples over a policy of 20 SLOs, replayed with
// `replayHistory` (read, parse, evaluate), against the time to merely read and parse the same file in the same run
// (`readHistory` + `HistoryReader.line` on every line, no replay): the parse floor. Both formats, JSONL and CSV.
//
//   npm run bench:replay                            # rewrites the "Replay" section of docs/benchmarks.md
//   node bench/replay.mjs --quick --no-write        # a smoke run: 200,000 samples, one run
//   node bench/replay.mjs --help
//
// Each measured pass runs in a child process of its own, so its peak RSS (`process.resourceUsage().maxRSS`) is its
// own: the same passes over a 1-million-sample prefix of the history show whether memory grows with the file.
// The engine is TypeScript; it is bundled once with esbuild into .bench/replay/. The history goes to the system's
// temporary folder and is removed afterwards (`--keep` keeps it, and reuses it in the next run with the same seed).

import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchOptions, bundleEngine, commonHelp, count, fmt, machine, publish, runMain, seededRandom, stats, times } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, '.bench/replay/bundle.cjs');

// ---------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: node bench/replay.mjs [options]

  --samples N       samples in the history (default 10000000)
  --small N         samples in the prefix whose peak memory is compared (default 1000000)
  --formats LIST    jsonl, csv or jsonl,csv (default jsonl,csv)
  --quick           a smoke run: --samples 200000 --small 20000 --runs 1
  --keep            keep the generated histories in ${path.join(os.tmpdir(), 'safety-specs-bench-replay')} (and reuse them)
${commonHelp({ runs: 3, warmups: 0, seed: 10, section: 'Replay' })}

Profile one pass with: node --cpu-prof --cpu-prof-dir=.bench/replay bench/replay.mjs --child '{"mode":"replay","file":"...","policy":"..."}'
(the files are printed at the start of a run with --keep).`;

function parseArgs(argv) {
  const rest = [];
  const extra = { quick: false, keep: false, formats: ['jsonl', 'csv'] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') extra.quick = true;
    else if (argv[i] === '--keep') extra.keep = true;
    else if (argv[i] === '--formats' || argv[i].startsWith('--formats=')) {
      const value = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[++i];
      extra.formats = String(value).split(',');
      if (!extra.formats.length || extra.formats.some((f) => f !== 'jsonl' && f !== 'csv')) throw new Error(`--formats takes jsonl, csv or both, not ${value}`);
    } else rest.push(argv[i]);
  }
  const defaults = extra.quick ? { samples: 200_000, small: 20_000, runs: 1 } : { samples: 10_000_000, small: 1_000_000, runs: 3 };
  const o = { ...benchOptions(rest, { root: ROOT, defaults: { ...defaults, warmups: 0, seed: 10 }, own: { '--samples': ['samples', 1000], '--small': ['small', 100] }, help: HELP }), ...extra };
  if (o.small >= o.samples) throw new Error(`--small (${o.small}) must be below --samples (${o.samples})`);
  return o;
}

// ---------------------------------------------------------------------------------------------------
// The engine, bundled

function bundle() {
  return bundleEngine('replay', [
    "export { TextDocument } from 'vscode-languageserver-textdocument';",
    "export { parsePolicy } from './server/src/engine/policy/parse';",
    "export { HistoryReader, SeriesTable, replayPlan } from './server/src/engine/replay';",
    "export { readHistory, replayHistory } from './server/src/replay';",
  ]);
}

// ---------------------------------------------------------------------------------------------------
// The policy and the history

/**
 * 20 SLOs over 11 metrics: every aggregate (a percentile among them), windows 1h, 24h, 7d and one rolling never
 * event, some scoped by tenant, endpoint or region. `incident` is what an incident does to the metric's samples.
 */
const SLOS = [
  ['ood_recall_1h', 'ood_recall', '>= 0.90', '1h', 'mean', 'degrade_to_safe_mode'],
  ['ood_recall_24h', 'ood_recall', '>= 0.93', '24h', 'mean', 'page'],
  ['ood_recall_7d', 'ood_recall', '>= 0.94', '7d', 'mean', 'rollback'],
  ['ood_recall_acme', 'ood_recall', '>= 0.80', '1h', 'min', 'route_to_human_review', 'tenant: acme'],
  ['error_rate_1h', 'error_rate', '<= 2%', '1h', 'mean', 'throttle'],
  ['error_rate_24h', 'error_rate', '<= 0.012', '24h', 'mean', 'ticket'],
  ['error_rate_claims', 'error_rate', '<= 0.2', '1h', 'max', 'page', 'endpoint: claims'],
  ['latency_p95_24h', 'latency_ms', '<= 900ms', '24h', 'p95', 'alert'],
  ['latency_mean_1h', 'latency_ms', '<= 500ms', '1h', 'mean', 'alert'],
  ['policy_violations_7d', 'policy_violations', '<= 3', '7d', 'sum', 'page'],
  ['critical_violations', 'critical_violations', '== 0', 'rolling', 'max', 'kill_switch'],
  ['heartbeats_1h', 'heartbeats', '>= 50', '1h', 'count', 'page'],
  ['toxicity_rate_24h', 'toxicity_rate', '<= 0.5%', '24h', 'mean', 'ticket'],
  ['toxicity_globex', 'toxicity_rate', '<= 0.05', '1h', 'last', 'alert', 'tenant: globex'],
  ['calibration_ece_7d', 'calibration_ece', '<= 0.05', '7d', 'mean', 'ticket'],
  ['refusal_rate_1h', 'refusal_rate', '<= 0.1', '1h', 'mean', 'alert'],
  ['refusal_rate_7d', 'refusal_rate', '<= 0.3', '7d', 'max', 'page'],
  ['jailbreak_success_24h', 'jailbreak_success', '<= 0.01', '24h', 'mean', 'route_to_human_review'],
  ['drift_score_eu', 'drift_score', '<= 0.3', '1h', 'mean', 'degrade_to_safe_mode', 'region: eu'],
  ['drift_score_24h', 'drift_score', '<= 0.25', '24h', 'p50', 'ticket'],
].map(([name, metric, target, window, aggregate, action, scope]) => ({ name, metric, target, window, aggregate, action, scope }));

const TENANTS = ['acme', 'globex', 'initech'];
const ENDPOINTS = ['claims', 'appeals', 'intake'];
const REGIONS = ['us', 'eu'];

/** The series, sampled once a minute: a base value with noise, and what an incident makes of it. */
const SERIES = [
  ...TENANTS.map((tenant) => ({ metric: 'ood_recall', labels: { tenant }, normal: (r) => 0.955 + r() * 0.03, incident: (r) => 0.6 + r() * 0.25 })),
  ...ENDPOINTS.map((endpoint) => ({ metric: 'error_rate', labels: { endpoint }, normal: (r) => r() * 0.01, incident: (r) => 0.05 + r() * 0.3 })),
  ...ENDPOINTS.map((endpoint) => ({ metric: 'latency_ms', labels: { endpoint }, normal: (r) => 120 + Math.floor(r() * 300), incident: (r) => 800 + Math.floor(r() * 2500), integer: true })),
  { metric: 'policy_violations', labels: {}, normal: () => 0, incident: (r) => (r() < 0.3 ? 1 : 0), integer: true },
  { metric: 'critical_violations', labels: {}, normal: () => 0, incident: () => 0, integer: true },
  ...REGIONS.map((region) => ({ metric: 'heartbeats', labels: { region }, normal: () => 1, incident: () => null, integer: true })),
  ...TENANTS.map((tenant) => ({ metric: 'toxicity_rate', labels: { tenant }, normal: (r) => r() * 0.006, incident: (r) => 0.02 + r() * 0.1 })),
  { metric: 'calibration_ece', labels: {}, normal: (r) => 0.02 + r() * 0.02, incident: (r) => 0.08 + r() * 0.1 },
  { metric: 'refusal_rate', labels: {}, normal: (r) => 0.02 + r() * 0.05, incident: (r) => 0.15 + r() * 0.3 },
  { metric: 'jailbreak_success', labels: {}, normal: (r) => r() * 0.012, incident: (r) => 0.05 + r() * 0.2 },
  ...REGIONS.map((region) => ({ metric: 'drift_score', labels: { region }, normal: (r) => 0.05 + r() * 0.2, incident: (r) => 0.3 + r() * 0.5 })),
  // A metric no SLO reads: the replay counts it as unknown.
  { metric: 'gpu_util', labels: {}, normal: (r) => 0.3 + r() * 0.6, incident: (r) => r() },
];
const LABELS = ['tenant', 'endpoint', 'region'];
const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 1);

function policyText() {
  const L = ['# Generated by bench/replay.mjs', 'version: 1', 'model: bench-replay', '', 'slos:'];
  for (const s of SLOS) {
    L.push(`  - name: ${s.name}`, `    metric: ${s.metric}`, `    objective: "Keep ${s.metric} within its target."`, `    target: "${s.target}"`, `    window: ${s.window}`, `    aggregate: ${s.aggregate}`, `    action_on_breach: ${s.action}`);
    if (s.scope) L.push(`    scope: { ${s.scope} }`);
    if (s.target === '== 0') L.push(`    never_events: [${s.metric}]`);
  }
  L.push('', 'gates:', '  - name: release', '    slos: all', '    on_missing_data: block', '  - name: canary', '    slos: [ood_recall_1h, error_rate_1h, latency_mean_1h, critical_violations]', '    on_missing_data: ignore');
  return L.join('\n') + '\n';
}

/**
 * Writes `samples` samples (the first `small` of them also to the small files) as JSONL and CSV, a minute at a time,
 * every series at each minute. Incidents (a metric's series out of range for 20 minutes to 6 hours) start about
 * twice a day; a heartbeat outage leaves its minutes out; one critical violation happens at 90% of the history.
 */
async function generate(samples, small, seed, files) {
  const rnd = seededRandom(seed);
  const out = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, createWriteStream(f)]));
  const buffers = { jsonl: [], csv: [], jsonlSmall: [], csvSmall: [] };
  const flush = async (final) => {
    for (const [k, lines] of Object.entries(buffers)) {
      if (!lines.length || !out[k]) continue;
      const ok = out[k].write(lines.join(''));
      lines.length = 0;
      if (!ok && !final) await new Promise((resolve) => out[k].once('drain', resolve));
    }
  };
  const csvHeader = `timestamp,metric,value,${LABELS.join(',')}\n`;
  buffers.csv.push(csvHeader);
  buffers.csvSmall.push(csvHeader);
  const minutes = Math.ceil(samples / SERIES.length);
  const criticalAt = Math.floor(minutes * 0.9);
  const active = new Map();
  let incidents = 0;
  let written = 0;
  for (let minute = 0; written < samples; minute++) {
    if (rnd() < 1 / 720) {
      const metric = SERIES[Math.floor(rnd() * (SERIES.length - 1))].metric;
      active.set(metric, minute + 20 + Math.floor(rnd() * 340));
      incidents++;
    }
    const iso = new Date(START + minute * MINUTE).toISOString().replace('.000Z', 'Z');
    for (const s of SERIES) {
      if (written >= samples) break;
      const until = active.get(s.metric);
      const inIncident = until !== undefined && minute < until;
      if (until !== undefined && !inIncident) active.delete(s.metric);
      let v = inIncident ? s.incident(rnd) : s.normal(rnd);
      if (s.metric === 'critical_violations' && minute === criticalAt) v = 1;
      if (v === null) continue;
      const value = s.integer ? String(v) : v.toFixed(4);
      const labels = Object.entries(s.labels);
      const json = `{"timestamp":"${iso}","metric":"${s.metric}","value":${value}${labels.map(([k, l]) => `,"${k}":"${l}"`).join('')}}\n`;
      const csv = `${iso},${s.metric},${value},${LABELS.map((k) => s.labels[k] ?? '').join(',')}\n`;
      buffers.jsonl.push(json);
      buffers.csv.push(csv);
      if (written < small) {
        buffers.jsonlSmall.push(json);
        buffers.csvSmall.push(csv);
      }
      written++;
    }
    if (buffers.jsonl.length >= 20_000) await flush(false);
  }
  await flush(true);
  await Promise.all(Object.values(out).map((s) => new Promise((resolve, reject) => s.end((e) => (e ? reject(e) : resolve())))));
  return { incidents, minutes, criticalAt };
}

// ---------------------------------------------------------------------------------------------------
// One measured pass, in a child process

async function child(spec) {
  const lib = createRequire(import.meta.url)(BUNDLE);
  const policy = lib.parsePolicy(lib.TextDocument.create(`file://${spec.policy}`, 'yaml', 1, readFileSync(spec.policy, 'utf8')));
  const format = spec.file.endsWith('.csv') ? 'csv' : 'jsonl';
  const t0 = performance.now();
  let summary;
  if (spec.mode === 'floor') {
    let samples = 0;
    let problems = 0;
    const reader = new lib.HistoryReader(format, new lib.SeriesTable(), () => problems++);
    await lib.readHistory(spec.file, reader, { push: () => samples++, problem: () => problems++ });
    summary = { samples, problems };
  } else {
    const result = await lib.replayHistory([policy], spec.file, { label: path.basename(spec.file) });
    summary = {
      samples: result.samples,
      samplesRead: result.samplesRead,
      evaluations: result.evaluations,
      problems: result.problems.length + result.problemsOmitted,
      firstProblem: result.problems[0]?.message,
      unknown: result.unknownMetrics.map((u) => u.metric),
      breaches: Object.fromEntries(result.slos.map((s) => [s.label, s.breaches])),
      slosWithProblem: result.slos.filter((s) => s.problem).map((s) => s.label),
      decisions: result.gates[0].timeIn.map((t) => t.decision),
      changes: result.gates[0].timeline.length + result.gates[0].timelineOmitted,
    };
  }
  const ms = performance.now() - t0;
  process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS, heapUsed: process.memoryUsage().heapUsed, ...summary }) + '\n');
}

function pass(mode, file, policy) {
  const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify({ mode, file, policy })], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${mode} over ${file} failed (exit ${run.status}):\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop());
}

// ---------------------------------------------------------------------------------------------------
// Checks and report

function check(opts, gen, format, floor, replay) {
  const problems = [];
  const where = `${format}`;
  if (floor.samples !== opts.samples) problems.push(`${where}: the parse floor read ${floor.samples} samples of ${opts.samples}`);
  if (floor.problems) problems.push(`${where}: the parse floor found ${floor.problems} problems`);
  if (replay.samples !== opts.samples) problems.push(`${where}: the replay read ${replay.samples} samples of ${opts.samples}`);
  if (replay.problems) problems.push(`${where}: the replay found ${replay.problems} problems, e.g. ${replay.firstProblem}`);
  if (replay.slosWithProblem.length) problems.push(`${where}: SLOs not evaluated: ${replay.slosWithProblem.join(', ')}`);
  if (replay.unknown.join() !== 'gpu_util') problems.push(`${where}: unknown metrics ${replay.unknown.join(', ') || 'none'}, expected gpu_util`);
  if (replay.breaches.critical_violations !== 1) problems.push(`${where}: the critical violation at minute ${gen.criticalAt} breached ${replay.breaches.critical_violations} times, expected once`);
  const breached = Object.values(replay.breaches).filter((n) => n > 0).length;
  if (gen.incidents >= 40 && breached < 10) problems.push(`${where}: only ${breached} SLOs ever breached over ${gen.incidents} incidents`);
  if (!replay.decisions.includes('kill_switch')) problems.push(`${where}: the policy gate never decided kill_switch`);
  return problems;
}

const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const rate = (samples, ms) => `${((samples / ms) * 1000 / 1e6).toFixed(2)} M/s`;

function report(m, opts, gen, sizes, results, problems) {
  const L = [];
  const args = process.argv.slice(2).filter((a) => a !== '--no-write' && a !== '--keep');
  const loadEnd = os.loadavg()[0];
  const cpus = os.cpus().length;
  L.push(`Generated by \`node bench/replay.mjs${args.length ? ' ' + args.join(' ') : ''}\` on ${m.date}.`, '');
  L.push(`- Machine: ${m.cpu}, ${m.mem} RAM, ${m.os}`);
  L.push(`- Load average (1 min) at start / end: ${m.load.toFixed(2)} / ${loadEnd.toFixed(2)} on ${cpus} CPUs${Math.max(m.load, loadEnd) > cpus ? ' — **the machine was busy with other work: expect noisy figures; compare ratios**' : ''}`);
  L.push(`- Node ${m.node}; commit ${m.commit}; seed ${opts.seed}; ${opts.runs} timed run${opts.runs === 1 ? '' : 's'} of each pass, taking turns, each in a child process of its own`);
  L.push(
    `- Policy: ${SLOS.length} SLOs over ${new Set(SLOS.map((s) => s.metric)).size} metrics (aggregates ${[...new Set(SLOS.map((s) => s.aggregate))].join(', ')}; windows ${[...new Set(SLOS.map((s) => s.window))].join(', ')}; ` +
      `${SLOS.filter((s) => s.scope).length} scoped by tenant, endpoint or region), the implicit policy gate and 2 gates`,
  );
  L.push(
    `- History: ${count(opts.samples)} samples, one a minute for each of ${SERIES.length} series (${count(gen.minutes)} minutes, ${(gen.minutes / 1440).toFixed(0)} days), one of them a metric no SLO reads; ` +
      `${count(gen.incidents)} incidents (a metric out of range for 20 minutes to 6 hours; a heartbeat outage leaves samples out) and one critical violation at 90% of the history; ` +
      `${opts.formats.map((f) => `${f.toUpperCase()} ${(sizes[f] / 2 ** 20).toFixed(0)} MiB`).join(', ')}; the memory comparison also replays its first ${count(opts.small)} samples`,
  );
  L.push(`- Checked: every sample read, no problem reported, every SLO evaluated, the unknown metric found, the critical violation breaching once (kill_switch), most SLOs breaching in incidents: ${problems.length ? `**${problems.length} problem(s)**: ${problems.slice(0, 3).join('; ')}` : 'all hold'}`, '');

  L.push('### Throughput: median over the timed runs (min–max), and the replay as a multiple of the parse floor', '');
  L.push('| format | pass | time (s) | samples/s | / floor | peak RSS |', '| :--- | :--- | ---: | ---: | ---: | ---: |');
  for (const f of opts.formats) {
    const r = results[f];
    const floor = r.floor.median;
    L.push(`| ${f.toUpperCase()} | parse floor: \`readHistory\` + \`HistoryReader.line\` | **${fmt(floor / 1000)}** (${fmt(r.floor.min / 1000)}–${fmt(r.floor.max / 1000)}) | ${rate(opts.samples, floor)} | 1× | ${mib(r.rss.floor)} |`);
    L.push(`| | replay: \`replayHistory\` (${SLOS.length} SLOs, ${count(r.evaluations)} evaluations) | **${fmt(r.replay.median / 1000)}** (${fmt(r.replay.min / 1000)}–${fmt(r.replay.max / 1000)}) | ${rate(opts.samples, r.replay.median)} | ${times(r.replay.median / floor)} | ${mib(r.rss.replay)} |`);
  }
  L.push('');
  L.push(`### Peak memory (RSS of the pass's process): ${count(opts.small)} vs ${count(opts.samples)} samples`, '');
  L.push(`| format | pass | ${count(opts.small)} samples | ${count(opts.samples)} samples | growth |`, '| :--- | :--- | ---: | ---: | ---: |');
  for (const f of opts.formats) {
    const r = results[f];
    for (const mode of ['floor', 'replay']) L.push(`| ${mode === 'floor' ? f.toUpperCase() : ''} | ${mode === 'floor' ? 'parse floor' : 'replay'} | ${mib(r.small[mode])} | ${mib(r.rss[mode])} | ${times(r.rss[mode] / r.small[mode])} |`);
  }
  L.push('');
  L.push('### Against the aim', '');
  L.push(aim(opts, results));
  L.push('');
  return L.join('\n');
}

function aim(opts, results) {
  const parts = ['The aim: over 1 million samples per second, within 2× of the parse floor, with peak memory that does not grow with the file.'];
  for (const f of opts.formats) {
    const r = results[f];
    const speed = (opts.samples / r.replay.median) * 1000;
    const ratio = r.replay.median / r.floor.median;
    const growth = r.rss.replay / r.small.replay;
    parts.push(
      `${f.toUpperCase()}: the replay runs at ${(speed / 1e6).toFixed(2)} million samples/s (${speed >= 1e6 ? 'met' : '**missed**'}), ${times(ratio)} the parse floor (${ratio <= 2 ? 'met' : '**missed**'}); ` +
        `its peak RSS is ${mib(r.rss.replay)} over ${count(opts.samples)} samples against ${mib(r.small.replay)} over ${count(opts.small)} (${times(growth)} for ${times(opts.samples / opts.small)} the samples: ${growth < 1.5 ? 'bounded' : '**it grows**'}).`,
    );
  }
  parts.push('Memory is bounded by the samples inside the SLOs\' windows (here up to 7 days of one-minute samples per series), not by the file; a `rolling` percentile would keep every sample of its series.');
  return parts.join(' ');
}

const BEGIN = '<!-- BEGIN bench/replay.mjs: generated, do not edit by hand -->';
const END = '<!-- END bench/replay.mjs -->';
const INTRO = `## Replay

How fast does a replay run, next to merely reading the history it replays, and does its memory stay flat as the file
grows? \`bench/replay.mjs\` generates (deterministically) a policy of 20 SLOs over 11 metrics (every aggregate, a
percentile among them; windows 1h, 24h and 7d and a \`rolling\` never event; some SLOs scoped by tenant, endpoint or
region; two gates besides the implicit policy gate) and a history of 10 million samples, one a minute for each of
22 series, with incidents that breach and a metric no SLO reads, as JSON Lines and as CSV. Then, each pass in a child
process of its own (so its peak RSS is its own), taking turns: the **parse floor** (stream the file with
\`readHistory\` and turn every line into a sample with \`HistoryReader.line\`, no replay) and the **replay**
(\`replayHistory\`: the same, with every sample pushed through the policy, evaluated at every distinct sample time).
The same two passes over the first million samples show whether peak memory grows with the file.

Rerun with \`npm run bench:replay\`; options: \`--samples\`, \`--formats\`, \`--runs\`, \`--quick\`, \`--no-write\` (\`--help\`
lists them). Compare ratios, not absolute numbers, across machines.
`;

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(JSON.parse(argv[1]));
  const opts = parseArgs(argv);
  const m = machine(ROOT);
  await bundle();

  const dir = path.join(os.tmpdir(), 'safety-specs-bench-replay');
  mkdirSync(dir, { recursive: true });
  const name = `s${opts.seed}-n${opts.samples}-k${opts.small}`;
  const files = {
    jsonl: path.join(dir, `${name}.jsonl`),
    csv: path.join(dir, `${name}.csv`),
    jsonlSmall: path.join(dir, `${name}-small.jsonl`),
    csvSmall: path.join(dir, `${name}-small.csv`),
  };
  const policy = path.join(dir, `${name}-safety-slos.yaml`);
  const meta = path.join(dir, `${name}.json`);
  writeFileSync(policy, policyText());
  let gen;
  if (opts.keep && existsSync(meta)) {
    gen = JSON.parse(readFileSync(meta, 'utf8'));
    console.log(`reusing the histories in ${dir}`);
  } else {
    const t0 = performance.now();
    gen = await generate(opts.samples, opts.small, opts.seed, files);
    writeFileSync(meta, JSON.stringify(gen));
    console.log(`generated ${count(opts.samples)} samples (${gen.incidents} incidents) in ${fmt((performance.now() - t0) / 1000)} s into ${dir}`);
  }
  const sizes = { jsonl: statSync(files.jsonl).size, csv: statSync(files.csv).size };
  console.log(`policy ${policy}; ${opts.formats.map((f) => `${files[f]} (${(sizes[f] / 2 ** 20).toFixed(0)} MiB)`).join(', ')}`);

  const problems = [];
  const results = {};
  try {
    for (const f of opts.formats) {
      const samples = { floor: [], replay: [] };
      const rss = { floor: 0, replay: 0 };
      let last;
      let floorLast;
      for (let r = 0; r < opts.runs; r++) {
        floorLast = pass('floor', files[f], policy);
        last = pass('replay', files[f], policy);
        samples.floor.push(floorLast.ms);
        samples.replay.push(last.ms);
        rss.floor = Math.max(rss.floor, floorLast.maxRssKiB);
        rss.replay = Math.max(rss.replay, last.maxRssKiB);
        console.log(`${f} run ${r + 1}: floor ${fmt(floorLast.ms)} ms (${mib(floorLast.maxRssKiB)}), replay ${fmt(last.ms)} ms (${mib(last.maxRssKiB)})`);
      }
      const small = { floor: pass('floor', files[`${f}Small`], policy).maxRssKiB, replay: pass('replay', files[`${f}Small`], policy).maxRssKiB };
      console.log(`${f} ${count(opts.small)} samples: floor ${mib(small.floor)}, replay ${mib(small.replay)}`);
      problems.push(...check(opts, gen, f, floorLast, last));
      results[f] = { floor: stats(samples.floor), replay: stats(samples.replay), rss, small, evaluations: last.evaluations };
    }
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
  for (const p of problems) console.log(`CHECK: ${p}`);
  publish({ root: ROOT, opts, section: { begin: BEGIN, end: END, intro: INTRO }, body: report(m, opts, gen, sizes, results, problems), problems });
}

runMain(main);
