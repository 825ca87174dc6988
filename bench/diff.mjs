#!/usr/bin/env node
// SLO diff benchmark: how long diffing two versions of a 10,000-SLO policy takes against the time to parse
// both versions, measured in the same run, taking turns so that background load hits each alike.
//
//   npm run bench:diff                           # rewrites the "SLO diff" section of docs/benchmarks.md
//   node bench/diff.mjs --slos 2000 --runs 3 --no-write
//   node bench/diff.mjs --help
//
// The base version is generated (deterministically); the head version plants a known change set in it
// (targets tightened and loosened, actions and windows changed, scopes widened and narrowed, SLOs renamed,
// removed and added, objectives reworded, SLOs reformatted and reordered, a gate and scenarios edited). Every
// change the engine finds is checked against the planted set, both ways: a miss or an extra fails the run.

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, bundleEngine, commonHelp, count, CUSTOM, fmt, kib, machine, publish, RANK, runMain, seededRandom, stats, time, times } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: node bench/diff.mjs [options]

  --slos N          SLOs in the base policy (default 10000)
${commonHelp({ runs: 7, warmups: 1, seed: 9, section: 'SLO diff' })}

Profile with: node --cpu-prof --cpu-prof-dir=.bench/diff bench/diff.mjs --runs 1 --warmups 0 --no-write`;

function parseArgs(argv) {
  return benchOptions(argv, { root: ROOT, defaults: { slos: 10000, runs: 7, warmups: 1, seed: 9 }, own: { '--slos': ['slos', 1000] }, help: HELP });
}

// ---------------------------------------------------------------------------------------------------
// The engine, bundled

function bundle() {
  return bundleEngine('diff', [
    "export { TextDocument } from 'vscode-languageserver-textdocument';",
    "export { parsePolicy } from './server/src/engine/policy/parse';",
    "export { parseNote } from './server/src/engine/note/parse';",
    "export { sloDiff, analyzeDiff, diffMarkdown, diffTitle } from './server/src/engine/diff';",
  ]);
}

// ---------------------------------------------------------------------------------------------------
// The base policy

const ACTIONS = Object.keys(RANK);
const TENANTS = Array.from({ length: 200 }, (_, i) => `t${i}`);
const ENDPOINTS = ['claims', 'appeals', 'payments', 'intake', 'fraud', 'search', 'chat', 'upload'];
const REGIONS = ['us', 'eu', 'uk', 'ca', 'au', 'jp'];
const WINDOWS = ['15m', '1h', '24h', '7d', '28d'];

/**
 * Kinds of metric. A threshold is step `k` of a grid (`min + k * step`), so tightening and loosening are
 * `k ± 1` without float noise; `higher`: the target is a floor (a higher threshold is stricter). Ratios are
 * written as a decimal or, for some SLOs, in `%`; about half the counts are never events (`== 0`, rolling).
 */
const KINDS = [
  { suffix: 'recall', higher: true, comparators: ['>=', '>'], grid: [0.8, 0.01, 18], ratio: true, windows: ['1h', '24h', '7d', '28d'] },
  { suffix: 'error_rate', higher: false, comparators: ['<=', '<'], grid: [0.005, 0.005, 18], ratio: true, windows: ['1h', '24h', '7d', '28d'] },
  { suffix: 'latency_p95', higher: false, comparators: ['<=', '<'], grid: [300, 100, 17], unit: 'ms', windows: ['15m', '1h', '24h', '7d'] },
  { suffix: 'violations', higher: false, comparators: ['<=', '<'], grid: [1, 1, 9], never: 0.5, count: true, windows: ['24h', '7d'] },
];

const thresholdOf = (kind, k) => Number((kind.grid[0] + k * kind.grid[1]).toFixed(6));
const plain = (x) => String(Number(x.toFixed(6)));

/**
 * One model's base policy: `n` SLOs over 100 metrics (the first SLO of each metric named as its metric, so its
 * `metric:` defaults to its name), about 15% unscoped and the rest scoped by tenant, endpoint, region or two of
 * them, some with a list of tenants; custom actions; gates over every SLO and over lists of 100 and 200 SLOs;
 * 20 scenarios.
 */
function generateBase(n, rnd) {
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const metrics = Array.from({ length: 100 }, (_, i) => ({ name: `m${String(i).padStart(3, '0')}_${KINDS[i % KINDS.length].suffix}`, kind: KINDS[i % KINDS.length] }));
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
              : { tenant: [...new Set([pick(TENANTS), pick(TENANTS), pick(TENANTS)])] };
    const kind = metric.kind;
    const never = kind.never !== undefined && rnd() < kind.never;
    const target = never ? { comparator: '==', never: true } : { comparator: pick(kind.comparators), k: Math.floor(rnd() * (kind.grid[2] + 1)), percent: kind.ratio && rnd() < 0.15 };
    const window = never ? 'rolling' : pick(kind.windows);
    const action = never ? pick(['kill_switch', 'rollback']) : pick(ACTIONS.filter((a) => a !== 'kill_switch'));
    const name = own ? metric.name : `${metric.name}_${window}_${String(i).padStart(5, '0')}`;
    slos.push({ name, metric: metric.name, kind, own, scope, target, window, action, objective: `Keep ${metric.name} within its target for ${scopeWords(scope)}.`, style: 'block' });
  }
  const sample = (k) => shuffled(slos.filter((s) => !s.own), rnd).slice(0, k).map((s) => s.name);
  const gates = [
    { name: 'release', slos: 'all', require: ['slo_diff_green', 'deliberation_note'], onMissingData: 'block' },
    { name: 'canary_10pct', slos: sample(100), require: [], onMissingData: 'ignore' },
    { name: 'tenant_rollout', slos: sample(200), require: ['deliberation_note'], onMissingData: 'block' },
  ];
  const scenarios = Array.from({ length: 20 }, (_, i) => ({
    name: `scenario_${String(i).padStart(2, '0')}`,
    gate: i % 4 === 0 ? 'canary_10pct' : undefined,
    metrics: Object.fromEntries(shuffled(metrics, rnd).slice(0, 5).map((m) => [m.name, m.kind.higher ? 0.999 : 0])),
    expect: 'pass',
  }));
  return { slos, gates, scenarios };
}

function scopeWords(scope) {
  const entries = Object.entries(scope);
  return entries.length ? entries.map(([d, v]) => `${d} ${[v].flat().join(' or ')}`).join(', ') : 'all traffic';
}

function shuffled(xs, rnd) {
  const copy = [...xs];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

/** What makes two SLOs the same objective to the rename detection: metric, scope, window and threshold. */
function renameKey(s) {
  const scope = Object.keys(s.scope).sort().map((d) => `${d}=${[s.scope[d]].flat().sort().join('|')}`).join(',');
  const threshold = s.target.never ? 0 : thresholdOf(s.kind, s.target.k);
  return [s.metric, scope, s.window, s.target.comparator, threshold].join('\u0000');
}

// ---------------------------------------------------------------------------------------------------
// The head version: a planted change set, and the changes the engine must find

/**
 * Each edit applies to one SLO not edited otherwise (false when it cannot: no looser window than 28d, ...);
 * `share` is its part of the SLOs, `expect` the change it must produce (`none`: must produce no change).
 */
const EDITS = [
  { label: 'target tightened', share: 0.01, expect: 'tightened modified', edit: (s) => shiftTarget(s, 1) },
  { label: 'target loosened', share: 0.01, expect: 'loosened modified', edit: (s) => shiftTarget(s, -1) },
  { label: 'target rewritten, same threshold (`0.95` ↔ `95%`)', share: 0.002, expect: 'neutral modified', edit: (s) => !s.target.never && !!s.kind.ratio && ((s.target = { ...s.target, percent: !s.target.percent }), true) },
  { label: 'action more severe', share: 0.004, expect: 'tightened modified', edit: (s, rnd) => swapAction(s, rnd, (r) => r > RANK[s.action]) },
  { label: 'action milder', share: 0.004, expect: 'loosened modified', edit: (s, rnd) => swapAction(s, rnd, (r) => r < RANK[s.action]) },
  { label: 'action swapped for one of the same severity', share: 0.002, expect: 'neutral modified', edit: (s, rnd) => swapAction(s, rnd, (r, a) => r === RANK[s.action] && a !== s.action) },
  { label: 'window shortened (rates, latencies)', share: 0.002, expect: 'tightened modified', edit: (s) => shiftWindow(s, -1) },
  { label: 'window lengthened (rates, latencies)', share: 0.002, expect: 'loosened modified', edit: (s) => shiftWindow(s, 1) },
  { label: 'scope widened (a dimension dropped)', share: 0.001, expect: 'tightened modified', edit: (s) => 'tenant' in s.scope && 'endpoint' in s.scope && ((s.scope = { tenant: s.scope.tenant }), true) },
  { label: 'scope narrowed (a region added)', share: 0.001, expect: 'loosened modified', edit: (s) => !s.own && !('region' in s.scope) && ((s.scope = { ...s.scope, region: 'eu' }), true) },
  { label: 'objective reworded', share: 0.01, expect: 'neutral modified', edit: reword },
  { label: 'renamed (half of them reworded too)', share: 0.005, expect: 'neutral renamed', edit: (s, rnd, ctx) => ctx.movable(s) && ((s.name = `${s.name}_v2`), rnd() < 0.5 && reword(s), true) },
  { label: 'removed', share: 0.003, expect: 'loosened removed', edit: (s, rnd, ctx) => ctx.movable(s) && ((s.removed = true), true) },
  { label: 'reformatted (flow map, other quotes, comments)', share: 0.01, expect: 'none', edit: (s, rnd) => ((s.style = rnd() < 0.5 ? 'flow' : 'commented'), true) },
];
const ADDED = { label: 'added', share: 0.003, expect: 'tightened added' };
const REORDERED = { label: 'moved elsewhere in the file (a block)', share: 0.01, expect: 'none' };

function shiftTarget(s, stricter) {
  if (s.target.never) return false;
  const k = s.target.k + (s.kind.higher ? stricter : -stricter);
  const value = thresholdOf(s.kind, k);
  // One step beyond the grid either way, never onto a bound of the metric's domain (`< 0`, `>= 1`).
  if (k < -1 || k > s.kind.grid[2] + 1 || value <= 0 || (s.kind.ratio && value >= 1)) return false;
  s.target = { ...s.target, k };
  return true;
}

/** Only over averages (rates, latencies): on a count, a total or a rate per period, either change may loosen. */
function shiftWindow(s, longer) {
  const i = WINDOWS.indexOf(s.window) + longer;
  if (s.kind.count || !WINDOWS[i]) return false;
  s.window = WINDOWS[i];
  return true;
}

function swapAction(s, rnd, fits) {
  const options = ACTIONS.filter((a) => fits(RANK[a], a));
  if (!options.length) return false;
  s.action = options[Math.floor(rnd() * options.length)];
  return true;
}

function reword(s) {
  s.objective = `${s.metric} must stay within target for ${scopeWords(s.scope)} (wording reviewed in Q4).`;
  return true;
}

/** A change as the engine reports it: `subject kind class oldName->name`. */
const changeKey = ({ subject, kind, cls, name, oldName }) => `${subject} ${kind} ${cls} ${oldName ? `${oldName}->` : ''}${name}`;

/**
 * The head version of `base`: the edits above on distinct SLOs, SLOs added at random places, a block moved,
 * a gate loosened and another tightened, a scenario removed, one added and one edited. Returns its SLOs,
 * gates and scenarios, and the changes the engine must report, by category.
 */
function plant(base, n, rnd) {
  const gated = new Set(base.gates.flatMap((g) => (g.slos === 'all' ? [] : g.slos)));
  const keys = new Map();
  for (const s of base.slos) keys.set(renameKey(s), (keys.get(renameKey(s)) ?? 0) + 1);
  // A rename or a removal needs an SLO no gate lists, whose objective no other SLO shares (else the
  // rename detection could pair it with another), and with a `metric:` of its own (a rename keeps it).
  const ctx = { movable: (s) => !s.own && !gated.has(s.name) && keys.get(renameKey(s)) === 1 };
  const slos = base.slos.map((s) => ({ ...s, scope: { ...s.scope }, target: { ...s.target } }));
  const expected = [];
  const categories = [];
  const pool = shuffled(slos, rnd);
  for (const e of EDITS) {
    const want = Math.max(1, Math.round(n * e.share));
    const edited = [];
    while (edited.length < want && pool.length) {
      const i = pool.findIndex((s) => {
        const trial = { ...s, scope: { ...s.scope }, target: { ...s.target } };
        return e.edit(trial, () => 0.5, ctx);
      });
      if (i < 0) break;
      const [s] = pool.splice(i, 1);
      const oldName = s.name;
      e.edit(s, rnd, ctx);
      edited.push(s);
      if (e.expect !== 'none') expected.push(expectation(e, s.name, s.name !== oldName ? oldName : undefined));
    }
    categories.push({ ...e, names: edited.map((s) => s.name), planted: edited.length });
  }

  const added = [];
  for (let i = 0; i < Math.max(1, Math.round(n * ADDED.share)); i++) {
    const like = slos[Math.floor(rnd() * slos.length)];
    const s = { ...like, own: false, name: `${like.metric}_added_${String(i).padStart(3, '0')}`, scope: { tenant: `new${i}` }, target: { ...like.target }, style: 'block', removed: false };
    s.objective = `Keep ${s.metric} within its target for ${scopeWords(s.scope)}.`;
    added.push(s);
    expected.push(expectation(ADDED, s.name));
  }
  categories.push({ ...ADDED, planted: added.length, names: added.map((s) => s.name) });
  const head = slos.filter((s) => !s.removed);
  for (const s of added) head.splice(Math.floor(rnd() * (head.length + 1)), 0, s);
  const moved = moveBlock(head, Math.max(1, Math.round(n * REORDERED.share)), rnd);
  categories.push({ ...REORDERED, planted: moved.length, names: moved.map((s) => s.name) });

  const [release, canary, tenantRollout] = base.gates;
  const extra = shuffled(head.filter((s) => !s.own && !canary.slos.includes(s.name) && !added.includes(s) && !s.name.endsWith('_v2')), rnd).slice(0, 2).map((s) => s.name);
  const gates = [release, { ...canary, slos: [...canary.slos, ...extra] }, { ...tenantRollout, onMissingData: 'ignore' }];
  const [kept, dropped] = [base.scenarios.filter((_, i) => i !== 3), base.scenarios[3]];
  const scenarios = kept.map((s, i) => (i === 6 ? { ...s, expect: 'block' } : s));
  scenarios.push({ name: 'scenario_added', metrics: { [base.slos[0].metric]: 0.999 }, expect: 'pass' });
  const other = [
    { label: 'gate: `on_missing_data` block → ignore', expect: 'loosened modified', subject: 'gate', name: tenantRollout.name },
    { label: 'gate: 2 SLOs added to its list', expect: 'tightened modified', subject: 'gate', name: canary.name },
    { label: 'scenario removed', expect: 'loosened removed', subject: 'scenario', name: dropped.name },
    { label: 'scenario added', expect: 'tightened added', subject: 'scenario', name: 'scenario_added' },
    { label: 'scenario edited (`expect`)', expect: 'neutral modified', subject: 'scenario', name: kept[6].name },
  ];
  for (const o of other) {
    expected.push(expectation(o, o.name, undefined, o.subject));
    categories.push({ ...o, planted: 1, names: [o.name] });
  }
  return { slos: head, gates, scenarios, expected, categories };
}

function expectation(edit, name, oldName, subject = 'slo') {
  const [cls, kind] = edit.expect.split(' ');
  return { subject, kind, cls, name, ...(oldName ? { oldName } : {}), label: edit.label };
}

/** Moves `k` consecutive SLOs to another place in the list; returns them. */
function moveBlock(list, k, rnd) {
  const from = Math.floor(rnd() * (list.length - k));
  const block = list.splice(from, k);
  list.splice(Math.floor(rnd() * (list.length + 1)), 0, ...block);
  return block;
}

// ---------------------------------------------------------------------------------------------------
// YAML

function targetText(s) {
  if (s.target.never) return '== 0';
  const value = thresholdOf(s.kind, s.target.k);
  return `${s.target.comparator} ${s.target.percent ? `${plain(value * 100)}%` : plain(value)}${s.kind.unit ?? ''}`;
}

function flowScope(scope) {
  return `{ ${Object.entries(scope).map(([d, v]) => `${d}: ${Array.isArray(v) ? `[${v.join(', ')}]` : v}`).join(', ')} }`;
}

/** One SLO in its style: the usual block map, a one-line flow map with keys in another order, or single quotes and comments. */
function sloLines(s) {
  const scoped = Object.keys(s.scope).length > 0;
  const never = s.target.never ? [['never_events', `[${s.metric}]`]] : [];
  if (s.style === 'flow') {
    const fields = [['name', s.name], ['target', `"${targetText(s)}"`], ['window', s.window], ['action_on_breach', s.action], ...(s.own ? [] : [['metric', s.metric]]), ['objective', `"${s.objective}"`], ...(scoped ? [['scope', flowScope(s.scope)]] : []), ...never];
    return [`  - { ${fields.map(([k, v]) => `${k}: ${v}`).join(', ')} }`];
  }
  const q = s.style === 'commented' ? "'" : '"';
  const lines = [`  - name: ${s.name}`];
  if (s.style === 'commented') lines.push('    # reviewed with the model owners');
  if (!s.own) lines.push(`    metric: ${s.metric}`);
  lines.push(`    objective: ${q}${s.objective}${q}`, `    target: ${q}${targetText(s)}${q}`, `    window: ${s.window}`, `    action_on_breach: ${s.action}${s.style === 'commented' ? '  # see the runbook' : ''}`);
  if (scoped) lines.push(`    scope: ${flowScope(s.scope)}`);
  for (const [k, v] of never) lines.push(`    ${k}: ${v}`);
  return lines;
}

function policyText({ slos, gates, scenarios }, header) {
  const L = [`# ${header}`, 'version: 1', 'model: bench-model', '', 'actions:'];
  for (const [name, severity] of Object.entries(CUSTOM)) L.push(`  ${name}:`, `    severity: ${severity}`, `    description: "${name.replace(/_/g, ' ')}."`);
  L.push('', 'slos:');
  for (const s of slos) L.push(...sloLines(s));
  L.push('', 'gates:');
  for (const g of gates) {
    L.push(`  - name: ${g.name}`);
    if (g.slos === 'all') L.push('    slos: all');
    else L.push('    slos:', ...g.slos.map((name) => `      - ${name}`));
    if (g.require.length) L.push(`    require: [${g.require.join(', ')}]`);
    L.push(`    on_missing_data: ${g.onMissingData}`);
  }
  L.push('', 'scenarios:');
  for (const s of scenarios) {
    L.push(`  - name: ${s.name}`);
    if (s.gate) L.push(`    gate: ${s.gate}`);
    L.push('    metrics:', ...Object.entries(s.metrics).map(([k, v]) => `      ${k}: ${v}`), `    expect: ${s.expect}`);
  }
  return L.join('\n') + '\n';
}

/**
 * Deliberation notes as the head has them: one added in the diff that names the loosened targets in `slos:`
 * and the narrowed scopes and half the removals as code in its text (they are acknowledged), and one that did
 * not change naming the lengthened windows (named, but not acknowledged).
 */
function notesOf(categories) {
  const names = (label) => categories.find((c) => c.label.startsWith(label)).names;
  const removed = names('removed');
  const acknowledged = [...names('target loosened'), ...names('scope narrowed'), ...removed.slice(0, Math.ceil(removed.length / 2))];
  const added = [
    '---', 'date: 2026-11-20', 'change: Relax the targets the Q4 review found too strict', `slos: [${names('target loosened').join(', ')}]`, 'decision: approved', '---',
    '# Q4 target review', '', '## Change', '', `Relaxed targets (see slos above). Narrowed to the EU: ${names('scope narrowed').map((n) => `\`${n}\``).join(', ')}.`,
    `Retired: ${removed.slice(0, Math.ceil(removed.length / 2)).map((n) => `\`${n}\``).join(', ')}.`, '',
  ].join('\n');
  const old = ['---', 'date: 2026-06-01', 'change: Window review', `slos: [${names('window lengthened').join(', ')}]`, 'decision: approved', '---', '# Window review', ''].join('\n');
  return { acknowledged: new Set(acknowledged), notes: [{ path: 'notes/2026-11-20-q4-targets.md', text: added, status: 'added' }, { path: 'notes/2026-06-01-windows.md', text: old, status: 'unchanged' }] };
}

// ---------------------------------------------------------------------------------------------------
// Cases: the realistic change set, formatting only, and no change at all

const POLICY_URI = 'file:///bench/model/safety-slos.yaml';

function cases(opts) {
  const rnd = seededRandom(opts.seed * 1000003 + opts.slos);
  const base = generateBase(opts.slos, rnd);
  const baseText = policyText(base, 'Generated by bench/diff.mjs');
  const head = plant(base, opts.slos, rnd);
  const { notes, acknowledged } = notesOf(head.categories);
  const loosened = head.expected.filter((e) => e.cls === 'loosened');
  const unacknowledged = loosened.filter((e) => !acknowledged.has(e.name)).length;
  // The same reformatting and moves on the base, and nothing else: one neutral `file` change.
  const restyled = new Map(head.slos.filter((s) => s.style !== 'block').map((s) => [s.name, s.style]));
  const formatted = base.slos.map((s) => ({ ...s, style: restyled.get(s.name) ?? 'block' }));
  moveBlock(formatted, Math.max(1, Math.round(opts.slos * REORDERED.share)), rnd);
  return {
    base,
    list: [
      {
        id: 'changes', title: 'the change set below',
        baseText, headText: policyText(head, 'Generated by bench/diff.mjs, edited'), notes,
        expected: head.expected, categories: head.categories, unacknowledged, findings: unacknowledged,
      },
      {
        id: 'formatting', title: 'formatting and order only',
        baseText, headText: policyText({ ...base, slos: formatted }, 'Generated by bench/diff.mjs, reformatted'), notes: [],
        expected: [{ subject: 'file', kind: 'modified', cls: 'neutral', name: POLICY_URI }], unacknowledged: 0, findings: 0,
      },
      { id: 'same', title: 'no change (the same text)', baseText, headText: baseText, notes: [], expected: [], unacknowledged: 0, findings: 0 },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Timing

const label = (uri) => uri.replace(/^file:\/\/\/bench\/model\//, '');

/** Everything from the two texts to the PR comment, each step on fresh parses (the engine memoizes per parsed file). */
function pipeline(lib, c, notes) {
  const doc = (text) => lib.TextDocument.create(POLICY_URI, 'yaml', 1, text);
  const parse = time(() => [lib.parsePolicy(doc(c.baseText)), lib.parsePolicy(doc(c.headText))]);
  const [before, after] = parse.result;
  const diff = time(() => lib.sloDiff({ base: 'main', model: 'bench-model', before: [before], after: [after], notes }));
  const analysis = time(() => lib.analyzeDiff(diff.result, [after]));
  const markdown = time(() => lib.diffMarkdown([diff.result], label));
  return { ms: { parse: parse.ms, sloDiff: diff.ms, analyzeDiff: analysis.ms, diffMarkdown: markdown.ms }, diff: diff.result, findings: analysis.result, markdown: markdown.result, title: lib.diffTitle(diff.result) };
}

const STEPS = ['parse', 'sloDiff', 'analyzeDiff', 'diffMarkdown', 'whole'];

function measure(lib, list, opts) {
  const notesOfCase = new Map(list.map((c) => [c, c.notes.map((n) => ({ uri: `file:///bench/model/${n.path}`, note: lib.parseNote(lib.TextDocument.create(`file:///bench/model/${n.path}`, 'markdown', 1, n.text)), status: n.status }))]));
  const samples = new Map(list.map((c) => [c, Object.fromEntries(STEPS.map((s) => [s, []]))]));
  const last = new Map();
  for (let r = 0; r < opts.warmups + opts.runs; r++) {
    const timed = r >= opts.warmups;
    const line = [];
    for (const c of list) {
      const steps = pipeline(lib, c, notesOfCase.get(c));
      const whole = time(() => pipeline(lib, c, notesOfCase.get(c)));
      last.set(c, steps);
      if (timed) {
        for (const [k, ms] of Object.entries(steps.ms)) samples.get(c)[k].push(ms);
        samples.get(c).whole.push(whole.ms);
      }
      line.push(`${c.id}: parse ${fmt(steps.ms.parse)}, sloDiff ${fmt(steps.ms.sloDiff)}, analyzeDiff ${fmt(steps.ms.analyzeDiff)}, markdown ${fmt(steps.ms.diffMarkdown)}, whole ${fmt(whole.ms)}`);
    }
    console.log(`${timed ? `run ${r - opts.warmups + 1}` : `warm-up ${r + 1}`}: ${line.join('; ')} ms`);
  }
  // Each step against the parse of the same run (the load of that moment), then the median of those ratios.
  const summary = (s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { ...stats(v), ratio: stats(v.map((ms, i) => ms / s.parse[i])).median }]));
  return { t: new Map([...samples].map(([c, s]) => [c, summary(s)])), last };
}

// ---------------------------------------------------------------------------------------------------
// Checks: the engine found exactly the planted changes

function check(c, { diff, findings }) {
  const problems = [];
  const found = diff.changes.map((ch) => changeKey({ ...ch, cls: ch.class }));
  const want = c.expected.map(changeKey);
  const missing = multisetMinus(want, found);
  const extra = multisetMinus(found, want);
  if (missing.length) problems.push(`${c.id}: ${missing.length} planted change(s) not found, e.g. ${missing.slice(0, 3).join('; ')}`);
  if (extra.length) problems.push(`${c.id}: ${extra.length} change(s) found that were not planted, e.g. ${extra.slice(0, 3).join('; ')}`);
  const counts = countsOf(c.expected);
  for (const cls of ['tightened', 'loosened', 'neutral']) {
    if (diff.counts[cls] !== counts[cls]) problems.push(`${c.id}: ${counts[cls]} ${cls} planted, the engine counts ${diff.counts[cls]}`);
  }
  if (diff.unacknowledged !== c.unacknowledged) problems.push(`${c.id}: ${c.unacknowledged} loosened change(s) should be unacknowledged, the engine says ${diff.unacknowledged}`);
  if (diff.green !== (c.unacknowledged === 0)) problems.push(`${c.id}: the diff should${c.unacknowledged ? ' not' : ''} be green`);
  const reported = [...findings.values()].flat().filter((f) => f.rule === 'diff/loosened-unacknowledged').length;
  if (reported !== c.findings) problems.push(`${c.id}: ${c.findings} diff/loosened-unacknowledged finding(s) expected, analyzeDiff reports ${reported}`);
  return problems;
}

function multisetMinus(xs, ys) {
  const left = new Map();
  for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
  return xs.filter((x) => {
    const k = left.get(x) ?? 0;
    if (k) left.set(x, k - 1);
    return !k;
  });
}

function countsOf(expected) {
  const counts = { tightened: 0, loosened: 0, neutral: 0 };
  for (const e of expected) counts[e.cls]++;
  return counts;
}

// ---------------------------------------------------------------------------------------------------
// Report


const STEP_LABELS = {
  parse: '`parsePolicy` × 2: the time to parse both versions (the baseline)',
  sloDiff: '`sloDiff` on the parsed files',
  analyzeDiff: '`analyzeDiff` (the diagnostics of `diff/loosened-unacknowledged`)',
  diffMarkdown: '`diffMarkdown` (the pull-request comment)',
  whole: 'the whole: parse both + `sloDiff` + `analyzeDiff` + `diffMarkdown`',
};

function report(m, opts, world, t, last, problems) {
  const [changes] = world.list;
  const L = [];
  const args = process.argv.slice(2).filter((a) => a !== '--no-write');
  const loadEnd = os.loadavg()[0];
  const cpus = os.cpus().length;
  L.push(`Generated by \`node bench/diff.mjs${args.length ? ' ' + args.join(' ') : ''}\` on ${m.date}.`, '');
  L.push(`- Machine: ${m.cpu}, ${m.mem} RAM, ${m.os}`);
  L.push(`- Load average (1 min) at start / end: ${m.load.toFixed(2)} / ${loadEnd.toFixed(2)} on ${cpus} CPUs${Math.max(m.load, loadEnd) > cpus ? ' — **the machine was busy with other work: expect noisy figures; compare ratios**' : ''}`);
  L.push(`- Node ${m.node}; commit ${m.commit}; seed ${opts.seed}; ${opts.runs} timed runs of each after ${opts.warmups} warm-up${opts.warmups === 1 ? '' : 's'}, the cases taking turns`);
  const s = world.base.slos;
  L.push(
    `- Base: one file, ${kib(changes.baseText)} — ${count(s.length)} SLOs over 100 metrics (${count(s.filter((x) => !Object.keys(x.scope).length).length)} unscoped; ` +
      `${count(s.filter((x) => x.target.never).length)} never events; ${count(s.filter((x) => x.target.percent).length)} targets in \`%\`, ${count(s.filter((x) => x.kind.unit).length)} in \`ms\`; ` +
      `${Object.keys(CUSTOM).length} custom actions), ${world.base.gates.length} gates, ${world.base.scenarios.length} scenarios. Head: ${kib(changes.headText)}.`,
  );
  L.push(`- ${problems.length ? `**Checks failed (${problems.length})**: ${problems.slice(0, 3).join('; ')}` : 'Checked: in every case the engine reports exactly the planted changes (each by subject, kind, class and name), the same counts, unacknowledged changes, green verdict and number of findings'}`, '');

  L.push('### Time (ms): median (min–max) over the timed runs · median of its multiple of the time to parse both versions in the same run', '');
  L.push(`| | ${world.list.map((c) => c.title).join(' | ')} |`, `| :--- |${world.list.map(() => ' ---: |').join('')}`);
  for (const step of STEPS) {
    const cells = world.list.map((c) => {
      const x = t.get(c)[step];
      return `**${fmt(x.median)}** (${fmt(x.min)}–${fmt(x.max)}) · ${times(x.ratio)}`;
    });
    L.push(`| ${STEP_LABELS[step]} | ${cells.join(' | ')} |`);
  }
  const found = world.list.map((c) => {
    const { diff, findings, markdown, title } = last.get(c);
    return `${c.title}: ${count(diff.changes.length)} change(s), ${count([...findings.values()].flat().length)} finding(s), a ${kib(markdown)} comment; code lens “${title}”`;
  });
  L.push('', ...found.map((f) => `- ${f}`), '');

  L.push('### The change set', '');
  L.push('Planted in the head version; each kind of edit on different SLOs. "Found" counts the engine\'s changes with that name, subject, kind and class.', '');
  L.push('| edit | planted | must be reported as | found |', '| :--- | ---: | :--- | ---: |');
  const byKey = new Set(last.get(changes).diff.changes.map((ch) => changeKey({ ...ch, cls: ch.class })));
  const plantedNames = new Set(changes.expected.flatMap((e) => [e.name, e.oldName]));
  const reportedNames = new Set(last.get(changes).diff.changes.flatMap((ch) => [ch.name, ch.oldName]).filter((n) => !plantedNames.has(n)));
  // The edits that must leave no trace last.
  for (const cat of [...changes.categories].sort((x, y) => (x.expect === 'none') - (y.expect === 'none'))) {
    const mine = changes.expected.filter((e) => e.label === cat.label);
    const hits = cat.expect === 'none' ? cat.names.filter((n) => reportedNames.has(n)).length : mine.filter((e) => byKey.has(changeKey(e))).length;
    L.push(`| ${cat.label} | ${count(cat.planted)} | ${cat.expect === 'none' ? 'no change' : cat.expect.replace(' ', ', ')} | ${cat.expect === 'none' ? `${hits} reported${hits ? ' **(wrong)**' : ''}` : count(hits)} |`);
  }
  const counts = last.get(changes).diff.counts;
  L.push('', `The engine counts ${count(counts.tightened)} tightened, ${count(counts.loosened)} loosened (${count(last.get(changes).diff.unacknowledged)} not acknowledged: the notes name the loosened targets, the narrowed scopes and half the removals in a note added in the diff, and the lengthened windows in a note that did not change), ${count(counts.neutral)} neutral.`, '');

  L.push('### Against the aim', '');
  L.push(aim(world, t));
  L.push('');
  return L.join('\n');
}

function aim(world, t) {
  const [changes, formatting, same] = world.list;
  const r = (c, step) => t.get(c)[step].ratio;
  const parts = [
    `The issue asks for the diff time of a ${count(world.base.slos.length)}-SLO policy against the time to parse both versions.`,
    `With the change set above, \`sloDiff\` takes ${fmt(t.get(changes).sloDiff.median)} ms, ${times(r(changes, 'sloDiff'))} the ${fmt(t.get(changes).parse.median)} ms of parsing both, and the whole (to the pull-request comment) ${times(r(changes, 'whole'))}.`,
    `With formatting and order changes only it takes ${times(r(formatting, 'sloDiff'))}, and with the same text ${times(r(same, 'sloDiff'))}: ` +
      'SLOs are paired by name and an SLO whose source text did not change is skipped before any field is read through its grammar, so what remains for an unchanged policy is pairing the SLOs of both versions and comparing their text.',
  ];
  parts.push(r(changes, 'sloDiff') <= 0.5 ? 'So the diff stays well under the parse it needs anyway: reading two versions from git and parsing them, not diffing them, is the cost.' : `That is **more than half** the parse: the diff itself is a cost to reduce, not only the parse.`);
  return parts.join(' ');
}

const BEGIN = '<!-- BEGIN bench/diff.mjs: generated, do not edit by hand -->';
const END = '<!-- END bench/diff.mjs -->';
const INTRO = `## SLO diff

How long does diffing two versions of a policy take next to parsing them? \`bench/diff.mjs\` generates (deterministically)
one model's policy file of 10,000 SLOs over 100 metrics (recalls and error rates, some in \`%\`, latencies in \`ms\`, counts,
half of them never events; windows from 15m to 28d and \`rolling\`; about 15% unscoped, the rest scoped by tenant,
endpoint and/or region, some with a list; custom actions next to the built-in ladder), with gates over every SLO and over
lists of 100 and 200 SLOs, and 20 scenarios: the base version. The head version plants a known change set in it (about
1% of targets tightened and 1% loosened, actions and windows changed both ways, scopes widened and narrowed, SLOs renamed,
removed and added, objectives reworded, SLOs reformatted and a block of them moved, a gate loosened and another
tightened, scenarios removed, added and edited), with one deliberation note added in the diff and one unchanged. It
then times, for that head, for a head with the reformatting and the move only, and for the same text, taking turns:
parsing both versions (the baseline), \`sloDiff\` on the parsed files, \`analyzeDiff\`, \`diffMarkdown\`, and the whole from
the two texts to the pull-request comment, each run on fresh parses (the engine memoizes per parsed file). Every change
the engine reports is checked against the planted ones; a miss, an extra or a wrong class fails the run (exit 1).

Rerun with \`npm run bench:diff\`; options: \`--slos\`, \`--runs\`, \`--no-write\` (\`--help\` lists them). The engine is
bundled with esbuild into \`.bench/diff/\` first. Compare ratios, not absolute numbers, across machines.
`;

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const m = machine(ROOT);
  const lib = await bundle();
  const world = cases(opts);
  // Kept for trying the CLI or profiling one step alone.
  const kept = path.join(ROOT, '.bench/diff');
  mkdirSync(kept, { recursive: true });
  for (const c of world.list) writeFileSync(path.join(kept, `head-${c.id}.yaml`), c.headText);
  writeFileSync(path.join(kept, 'base.yaml'), world.list[0].baseText);
  console.log(`base ${kib(world.list[0].baseText)} (${count(opts.slos)} SLOs); heads: ${world.list.map((c) => `${c.id} ${kib(c.headText)}`).join(', ')}`);

  const { t, last } = measure(lib, world.list, opts);
  const problems = world.list.flatMap((c) => check(c, last.get(c)));
  for (const p of problems) console.log(`CHECK: ${p}`);
  publish({ root: ROOT, opts, section: { begin: BEGIN, end: END, intro: INTRO }, body: report(m, opts, world, t, last, problems), problems });
}

runMain(main);
