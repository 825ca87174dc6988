// Helpers shared by the benchmark scripts: a seeded generator, summary statistics, the machine a run
// was measured on, and writing a script's own generated section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** mulberry32: small, fast, deterministic, so generated policies are the same in every run. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Median (the figure quoted: the machines are shared and noisy), min, max and p90; null for no samples. */
export function stats(samples) {
  if (!samples.length) return null;
  const s = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return {
    n: s.length,
    median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2,
    min: s[0],
    max: s[s.length - 1],
    p90: s[Math.min(s.length - 1, Math.max(0, Math.ceil(0.9 * s.length) - 1))],
  };
}

/** What a run was measured on, for the report's header; `extra` adds script-specific lines. */
export function machine(root, extra = {}) {
  const cpus = os.cpus();
  let commit = 'unknown';
  try {
    const git = (args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    commit = git(['rev-parse', '--short', 'HEAD']);
    if (git(['status', '--porcelain'])) commit += ' (uncommitted changes)';
  } catch {
    /* not a git checkout */
  }
  return {
    cpu: `${cpus.length} × ${cpus[0]?.model?.trim() ?? 'unknown CPU'}`,
    mem: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    ...extra,
    commit,
    load: os.loadavg()[0],
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

/**
 * Replaces the text between `begin` and `end` in `file` with `body`, leaving everything else (the
 * hand-written parts, other scripts' sections) as it is; appends `intro` and the section when absent.
 */
export function writeSection(file, { begin, end, intro, body }) {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const block = `${begin}\n${body}\n${end}`;
  const b = old.indexOf(begin);
  const e = old.indexOf(end);
  const next = b >= 0 && e > b ? old.slice(0, b) + block + old.slice(e + end.length) : `${old.trimEnd() ? `${old.trimEnd()}\n\n` : ''}${intro}\n${block}\n`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, next);
}

/**
 * Bundles TypeScript modules of the repository (one `export ... from` line each) with esbuild into
 * `.bench/<name>/bundle.cjs` and loads it, so a benchmark runs the engine with plain node.
 */
export async function bundleEngine(name, exportLines) {
  const { build } = await import('esbuild');
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const dir = path.join(root, '.bench', name);
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'bundle.cjs');
  await build({
    stdin: { contents: exportLines.join('\n'), resolveDir: root, loader: 'ts', sourcefile: `bench-${name}-entry.ts` },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    outfile,
  });
  return createRequire(import.meta.url)(outfile);
}

/** A benchmark's options one by one: `--name value` or `--name=value`; `value()` takes the value when the option has one. */
export function* commandLine(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq < 0 ? arg : arg.slice(0, eq);
    yield {
      name,
      value: () => {
        if (eq >= 0) return arg.slice(eq + 1);
        if (i + 1 >= argv.length) throw new Error(`${name} needs a value`);
        return argv[++i];
      },
    };
  }
}

/** The ladder and the custom actions the generated policies declare, each ranking with a built-in one. */
export const LADDER = ['alert', 'ticket', 'page', 'route_to_human_review', 'throttle', 'degrade_to_safe_mode', 'rollback', 'kill_switch'];
export const CUSTOM = { open_incident: 'ticket', notify_trust_and_safety: 'page', escalate_to_legal: 'route_to_human_review', freeze_deploys: 'throttle', switch_to_rules_engine: 'degrade_to_safe_mode' };
export const RANK = Object.fromEntries([...LADDER.map((a, i) => [a, i]), ...Object.entries(CUSTOM).map(([a, s]) => [a, LADDER.indexOf(s)])]);

/**
 * The options of a benchmark that writes one section of docs/benchmarks.md: --runs, --warmups, --seed, --out,
 * --no-write and --help, plus its own whole-number options (`own`: option -> [key, minimum]) over `defaults`.
 */
export function benchOptions(argv, { root, defaults, own, help }) {
  const o = { out: path.join(root, 'docs/benchmarks.md'), write: true, ...defaults };
  const numbers = { '--runs': ['runs', 1], '--warmups': ['warmups', 0], '--seed': ['seed', 0], ...own };
  for (const { name, value } of commandLine(argv)) {
    if (numbers[name]) {
      const [key, min] = numbers[name];
      const text = value();
      const n = Number(String(text).replace(/_/g, ''));
      if (!Number.isInteger(n) || n < min) throw new Error(`${name} needs a whole number >= ${min}, not ${text}`);
      o[key] = n;
    } else if (name === '--out') o.out = path.resolve(value());
    else if (name === '--no-write') o.write = false;
    else if (name === '--help' || name === '-h') {
      console.log(help);
      process.exit(0);
    } else throw new Error(`unknown option ${name}\n\n${help}`);
  }
  return o;
}

/** Prints a benchmark's report, writes it into its section of docs/benchmarks.md unless --no-write, and fails the run on any problem. */
export function publish({ root, opts, section, body, problems }) {
  console.log('\n' + body);
  if (opts.write) {
    writeSection(opts.out, { ...section, body });
    console.log(`\nwrote ${path.relative(root, opts.out)}`);
  }
  if (problems.length) process.exitCode = 1;
}

/** Runs a benchmark's async main: an error prints its stack and exits 1. */
export function runMain(main) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}

/** Runs `fn` once: its result and how long it took in ms. */
export function time(fn) {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

/** Milliseconds with three significant-ish digits, as the reports print them. */
export const fmt = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3));
export const count = (n) => n.toLocaleString('en-US');
export const kib = (s) => {
  const b = Buffer.byteLength(s);
  return b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(2)} MiB` : `${(b / 1024).toFixed(1)} KiB`;
};
/** A multiple of a baseline: `0.08×`, three decimals below 0.1. */
export const times = (r) => (r >= 0.1 ? `${r.toFixed(2)}×` : `${r.toFixed(3)}×`);

/** The --help lines of the options every benchmark takes (benchOptions), with its defaults and section. */
export function commonHelp({ runs, warmups, seed, section }) {
  return [
    `  --runs N          timed runs of each measurement, after the warm-ups, taking turns (default ${runs})`,
    `  --warmups N       untimed runs of each first (default ${warmups})`,
    `  --seed N          generator seed (default ${seed})`,
    `  --out PATH        markdown report (default docs/benchmarks.md; only its "${section}" section is rewritten)`,
    '  --no-write        print only',
    '  --help',
  ].join('\n');
}
