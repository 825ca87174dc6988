#!/usr/bin/env node
// CLI benchmark: `safety-specs check` over a generated repository of 1,000 policy files of 100 SLOs
// each (one model per file, a few deliberate mistakes), against a script that only reads and parses
// the same files with `yaml`, in the same run. Both are timed as whole processes (start-up included),
// alternately, so they see the same machine load.
//
//   npm run bench:check                           # rewrites its section of docs/benchmarks.md
//   node bench/check.mjs --files 200 --runs 3 --no-write

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { machine, seededRandom, stats, writeSection } from './common.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');

const HELP = `Usage: node bench/check.mjs [--files N] [--slos N] [--runs N] [--no-write] [--help]

  --files N   policy files (default 1000)
  --slos N    SLOs per file (default 100)
  --runs N    timed runs of each, after one warm-up (default 7)
  --no-write  print only; otherwise rewrite this script's section of docs/benchmarks.md`;

function options(argv) {
  const o = { files: 1000, slos: 100, runs: 7, write: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help') {
      console.log(HELP);
      process.exit(0);
    } else if (a === '--no-write') o.write = false;
    else if (['--files', '--slos', '--runs'].includes(a)) {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`${a} needs a positive whole number`);
      o[a.slice(2)] = n;
    } else throw new Error(`unknown option ${a}\n${HELP}`);
  }
  return o;
}

const ACTIONS = ['alert', 'page_oncall', 'degrade_to_safe_mode', 'rollback'];

/** One policy file: valid SLOs over 10 metrics, with about one mistake in fifty (so the run has findings to report). */
function policyText(random, index, slos) {
  const lines = [`# Generated for bench/check.mjs`, 'version: 1', `model: model-${index}`, 'slos:'];
  for (let i = 0; i < slos; i++) {
    const metric = `metric_${i % 10}_recall`;
    const bad = random() < 0.02;
    lines.push(
      `  - name: slo_${i}`,
      `    objective: "Keep ${metric} high for tenant ${i}."`,
      `    metric: ${metric}`,
      `    scope: { tenant: [t${i}] }`,
      `    target: "${bad ? '>= 90' : `>= 0.${80 + Math.floor(random() * 19)}`}"`,
      `    window: "${bad && random() < 0.5 ? '7 days' : '7d'}"`,
      `    action_on_breach: ${ACTIONS[Math.floor(random() * ACTIONS.length)]}`,
    );
  }
  return lines.join('\n') + '\n';
}

function generate(folder, o) {
  rmSync(folder, { recursive: true, force: true });
  const random = seededRandom(4);
  let bytes = 0;
  for (let i = 0; i < o.files; i++) {
    const dir = path.join(folder, `model-${String(i).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    const text = policyText(random, i, o.slos);
    bytes += text.length;
    writeFileSync(path.join(dir, 'safety-slos.yaml'), text);
  }
  return bytes;
}

// The baseline: the same walk, read and `yaml` parse, nothing else.
const PARSE_ONLY = `
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseAllDocuments } = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'yaml'))});
let docs = 0;
const walk = (dir) => { for (const e of readdirSync(dir, { withFileTypes: true })) {
  const p = join(dir, e.name);
  if (e.isDirectory()) walk(p); else if (e.name === 'safety-slos.yaml') docs += parseAllDocuments(readFileSync(p, 'utf8')).length;
} };
walk(process.argv[1]);
if (docs === 0) process.exit(3);`;

function time(command, args) {
  const start = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - start;
  // check exits 1 because the generated files have error findings; anything else is a failed run.
  if (result.status !== 0 && result.status !== 1) throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { ms, result };
}

function main() {
  const o = options(process.argv.slice(2));
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const folder = path.join(ROOT, '.bench', 'check', 'repo');
  const bytes = generate(folder, o);
  const check = ['--max-old-space-size=4096', CLI, 'check', folder, '--format', 'json', '--output', path.join(ROOT, '.bench', 'check', 'report.json')];
  const parse = ['-e', PARSE_ONLY, folder];
  const first = time(process.execPath, check);
  time(process.execPath, parse);
  const ours = [];
  const base = [];
  for (let i = 0; i < o.runs; i++) {
    ours.push(time(process.execPath, check).ms);
    base.push(time(process.execPath, parse).ms);
  }
  const a = stats(ours);
  const b = stats(base);
  const ratio = a.median / b.median;
  const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  const m = machine(ROOT, { files: `${o.files} policy files × ${o.slos} SLOs (${(bytes / 2 ** 20).toFixed(1)} MiB)` });
  const body = [
    `Measured ${m.date} on ${m.cpu}, ${m.mem}, ${m.os}, Node ${m.node}, commit ${m.commit}, load ${m.load.toFixed(2)}; ${m.files}; ${o.runs} timed runs each, alternating, after a warm-up.`,
    '',
    '| | median | min | max |',
    '|---|---:|---:|---:|',
    `| \`safety-specs check\` (walk, read, parse, every rule, conflicts per model, config discovery, JSON report) | ${fmt(a.median)} | ${fmt(a.min)} | ${fmt(a.max)} |`,
    `| \`yaml\` parse alone (walk, read, \`parseAllDocuments\`) | ${fmt(b.median)} | ${fmt(b.min)} | ${fmt(b.max)} |`,
    `| ratio | **${ratio.toFixed(2)}×** | | |`,
    '',
    `The check's exit code was ${first.result.status} (the generated files carry deliberate mistakes). Both are whole processes, Node start-up included.`,
  ].join('\n');
  console.log(body);
  if (o.write) {
    writeSection(path.join(ROOT, 'docs', 'benchmarks.md'), {
      begin: '<!-- BEGIN bench/check.mjs: generated, do not edit by hand -->',
      end: '<!-- END bench/check.mjs -->',
      intro: '## `safety-specs check` over a repository\n\nThe CI gate over 1,000 policy files against the YAML parser alone on the same files (`npm run bench:check`).\n',
      body,
    });
  }
}

main();
