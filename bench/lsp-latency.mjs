#!/usr/bin/env node
// Edit-to-diagnostics latency benchmark: the Safety Specs language server (dist/server.js) against
// yaml-language-server validating the same file with our JSON schema, plus the cost of parsing the
// file with the `yaml` package alone. Plain Node ESM, no build step:
//
//   npm run bench                                  # builds, runs everything, rewrites docs/benchmarks.md
//   node bench/lsp-latency.mjs --sizes 10,1000 --runs 5 --no-write   # quick run, prints only
//   node bench/lsp-latency.mjs --help
//
// One LSP client speaking JSON-RPC (vscode-jsonrpc) over each server's stdio. Every child process is
// killed on exit, error or Ctrl-C; every wait has a timeout, so the bench never hangs.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { machine, seededRandom, stats, writeSection } from './common.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rpc = require('vscode-jsonrpc/node');
const YAML = require('yaml');

// ---------------------------------------------------------------------------------------------------
// Command line

const HELP = `Usage: node bench/lsp-latency.mjs [options]

  --sizes LIST        policy sizes in SLOs (default 10,1000,10000)
  --runs N            edits per server and size (default 15; at 10,000 SLOs a round of edits takes ~4 s)
  --parse-runs N      timed yaml parses per size (default 15, after 5 warm-up parses)
  --servers LIST      ours,yamlls (default both; ours is skipped with a warning if dist/server.js is missing)
  --timeout MS        per-edit timeout (default 60000); opening a file gets twice this
  --schema PATH       JSON schema given to yaml-language-server (default schemas/safety-slos.schema.json)
  --server PATH       our server entry (default dist/server.js)
  --dir PATH          where policies are generated (default .bench/ in the repo)
  --out PATH          markdown report (default docs/benchmarks.md)
  --no-write          print only; do not touch docs/benchmarks.md or .bench/results.json
  --keep              keep the generated policies (printed path) instead of deleting them
  --no-scope          generate SLOs without the optional scope maps
  --verbose           log every edit
  --help`;

function parseArgs(argv) {
  const o = {
    sizes: [10, 1000, 10000],
    runs: undefined,
    parseRuns: 15,
    servers: ['ours', 'yamlls'],
    timeout: 60000,
    schema: path.join(ROOT, 'schemas/safety-slos.schema.json'),
    server: path.join(ROOT, 'dist/server.js'),
    dir: path.join(ROOT, '.bench'),
    out: path.join(ROOT, 'docs/benchmarks.md'),
    write: true,
    scope: true,
    keep: false,
    verbose: false,
  };
  const need = (i) => {
    if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
    return argv[i + 1];
  };
  const int = (s, name, min = 1) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got ${s}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline;
    if (a.startsWith('--') && a.includes('=')) [a, inline] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const val = () => (inline !== undefined ? inline : need(i++));
    switch (a) {
      case '--sizes': o.sizes = val().split(',').filter(Boolean).map((s) => int(s.replace(/_/g, ''), '--sizes')); break;
      case '--runs': case '--edits': o.runs = int(val(), '--runs'); break;
      case '--parse-runs': o.parseRuns = int(val(), '--parse-runs'); break;
      case '--servers': o.servers = val().split(',').filter(Boolean); break;
      case '--timeout': o.timeout = int(val(), '--timeout', 100); break;
      case '--schema': o.schema = path.resolve(val()); break;
      case '--server': o.server = path.resolve(val()); break;
      case '--dir': o.dir = path.resolve(val()); break;
      case '--out': o.out = path.resolve(val()); break;
      case '--no-write': o.write = false; break;
      case '--keep': o.keep = true; break;
      case '--no-scope': o.scope = false; break;
      case '--verbose': case '-v': o.verbose = true; break;
      case '--help': case '-h': console.log(HELP); process.exit(0); break;
      default: throw new Error(`unknown option ${a}\n\n${HELP}`);
    }
  }
  for (const s of o.servers) if (!['ours', 'yamlls'].includes(s)) throw new Error(`unknown server ${s} (ours, yamlls)`);
  return o;
}

const editsFor = (opts) => opts.runs ?? 15;

// ---------------------------------------------------------------------------------------------------
// Child-process hygiene: whatever happens, no server outlives the bench.

const children = new Set();
function killAll() {
  for (const c of children) {
    try { c.kill('SIGKILL'); } catch { /* already gone */ }
  }
  children.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`\n${sig}: stopping servers`);
    killAll();
    process.exit(130);
  });
}
process.on('uncaughtException', (e) => {
  console.error(e);
  killAll();
  process.exit(1);
});
process.on('unhandledRejection', (e) => {
  console.error(e);
  killAll();
  process.exit(1);
});

// ---------------------------------------------------------------------------------------------------
// Policy generator: realistic, deterministic (seeded), unique snake_case names.

const METRICS = [
  // [metric, direction, low, high, objective]
  ['ood_recall', '>=', 0.85, 0.97, 'Detect distribution shift before harm.'],
  ['decision_ece_p95', '<=', 0.02, 0.08, 'Keep calibration error low on high-impact endpoints.'],
  ['toxicity_rate', '<=', 0.001, 0.01, 'Keep toxic completions rare for end users.'],
  ['pii_leak_rate', '<', 0.0001, 0.001, 'Never echo personal data back to other users.'],
  ['jailbreak_success_rate', '<=', 0.001, 0.02, 'Resist known jailbreak prompts.'],
  ['hallucinated_citation_rate', '<=', 0.005, 0.03, 'Cite only sources that exist.'],
  ['refusal_precision', '>=', 0.9, 0.99, 'Refuse unsafe requests without blocking legitimate ones.'],
  ['fairness_tpr_gap', '<=', 0.01, 0.05, 'Keep true-positive rates comparable across groups.'],
  ['human_override_rate', '<=', 0.02, 0.1, 'Reviewers rarely need to overturn automated decisions.'],
  ['drift_psi', '<', 0.1, 0.25, 'Input population stays close to the training population.'],
  ['fraud_recall', '>=', 0.8, 0.95, 'Catch fraudulent claims before payout.'],
  ['false_denial_rate', '<=', 0.005, 0.02, 'Do not deny valid claims.'],
  ['selfharm_escalation_recall', '>=', 0.95, 0.999, 'Escalate self-harm signals to a human every time.'],
  ['prompt_injection_block_rate', '>=', 0.9, 0.99, 'Block instructions smuggled in retrieved documents.'],
  ['calibration_brier', '<=', 0.05, 0.2, 'Probabilities mean what they say.'],
  ['abstention_coverage', '>', 0.7, 0.95, 'Answer when confident, abstain otherwise.'],
];
const SEGMENTS = [
  'claims', 'payments', 'underwriting', 'support_chat', 'eu', 'us', 'apac', 'mobile', 'web', 'tier1',
  'high_impact', 'minors', 'partner_api', 'batch', 'realtime', 'voice', 'search', 'summaries', 'agents', 'ocr',
];
const WINDOWS = ['30m', '1h', '6h', '24h', '7d', '14d', '30d', '4w', 'rolling'];
const ACTIONS = ['alert', 'ticket', 'page', 'route_to_human_review', 'throttle', 'degrade_to_safe_mode', 'rollback', 'kill_switch'];
const ENDPOINTS = ['/v1/claims/score', '/v1/claims/triage', '/v2/chat', '/v1/summarize', '/v1/ocr/extract', '/v1/search'];
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2', 'global'];
const TIERS = ['gold', 'silver', 'bronze'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];

function fmtNum(x, low) {
  const digits = low < 0.001 ? 4 : low < 0.01 ? 3 : 2;
  return x.toFixed(digits);
}

/**
 * Returns { text, sloCount, targetLineEnds } where targetLineEnds[i] is the character offset just
 * after the newline of SLO i's `target:` line (where the benchmark inserts its typo line), and
 * targetLineNo[i] is the 0-based line number that inserted line gets.
 */
function generatePolicy(n, { scope = true } = {}) {
  const r = seededRandom(0xc0ffee ^ n);
  const pick = (arr) => arr[Math.floor(r() * arr.length)];
  const out = [];
  let offset = 0;
  let lineNo = 0;
  const push = (s) => {
    out.push(s);
    offset += s.length + 1;
    lineNo++;
  };
  const targetLineEnds = new Array(n);
  const targetLineNo = new Array(n);
  push('# Generated by bench/lsp-latency.mjs; do not edit.');
  push('version: 1');
  push('model: claims-triage');
  push('slos:');
  const used = new Map();
  // A few deliberate findings, at fixed places, so both servers have something to report.
  const badWindowAt = n >= 10 ? 3 : -1;
  const badActionAt = n >= 100 ? n - 2 : -1;
  for (let i = 0; i < n; i++) {
    const [metric, dir, low, high, objective] = METRICS[Math.floor(r() * METRICS.length)];
    const segment = pick(SEGMENTS);
    const window = pick(WINDOWS);
    const wtag = window === 'rolling' ? 'rolling' : window;
    let name = `${metric}_${segment}_${wtag}`;
    const k = (used.get(name) ?? 0) + 1;
    used.set(name, k);
    if (k > 1) name += `_${k}`;
    // Stricter targets and stronger actions for the metrics that guard against harm.
    // Never-event SLOs (the objective says "never") tolerate no event and roll back or stop the model.
    const never = /\bnever\b/i.test(objective);
    const target = never ? '== 0' : `${dir} ${fmtNum(low + r() * (high - low), low)}`;
    const severe = /selfharm|jailbreak|injection/.test(metric);
    const action = never ? pick(ACTIONS.slice(6)) : severe ? pick(ACTIONS.slice(3)) : pick(ACTIONS);
    push(`  - name: ${name}`);
    push(`    objective: "${objective}${r() < 0.3 ? ` (${segment.replace(/_/g, ' ')})` : ''}"`);
    push(`    target: "${target}"`);
    targetLineEnds[i] = offset;
    targetLineNo[i] = lineNo;
    push(`    window: "${i === badWindowAt ? '7days' : window}"`);
    push(`    action_on_breach: "${i === badActionAt ? 'notify_someone' : action}"`);
    if (never && r() < 0.5) push('    never_events: [ne_pii_echo]');
    if (r() < 0.5) push(`    owner: "ml-safety@${segment.replace(/_/g, '-')}"`);
    if (r() < 0.25) push(`    severity: ${pick(SEVERITIES)}`);
    if (scope && r() < 0.35) {
      push('    scope:');
      push(`      endpoint: "${pick(ENDPOINTS)}"`);
      if (r() < 0.6) push(`      region: ${pick(REGIONS)}`);
      if (r() < 0.3) push(`      tier: ${pick(TIERS)}`);
    }
  }
  return { text: out.join('\n') + '\n', sloCount: n, targetLineEnds, targetLineNo };
}

// The edit: one extra, misspelt key on one SLO (an unknown key both servers must report), then its removal.
const TYPO_LINE = '    targte: ">= 0.80"\n';

function editPlan(policy, count) {
  // Spread the edited SLO over the file: middle, start, end, quarter, three quarters, ...
  const fractions = [0.5, 0.02, 0.98, 0.25, 0.75, 0.4, 0.6, 0.1, 0.9];
  const plan = [];
  let slo = 0;
  for (let e = 0; e < count; e++) {
    if (e % 2 === 0) {
      slo = Math.min(policy.sloCount - 1, Math.floor(fractions[(e / 2) % fractions.length] * policy.sloCount));
      const at = policy.targetLineEnds[slo];
      plan.push({
        kind: 'add',
        slo,
        line: policy.targetLineNo[slo],
        text: policy.text.slice(0, at) + TYPO_LINE + policy.text.slice(at),
      });
    } else {
      plan.push({ kind: 'remove', slo, line: -1, text: policy.text });
    }
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------
// Statistics

const ms = (x) => (x == null || Number.isNaN(x) ? 'n/a' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ratio = (a, b) => (a == null || b == null || !b ? 'n/a' : `${(a / b).toFixed(a / b >= 10 ? 0 : 2)}×`);
const bytes = (b) => (b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(2)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`);

// ---------------------------------------------------------------------------------------------------
// yaml parse alone (what our server does before analysing)

/** Times parseDocument(text, { keepSourceTokens: true, lineCounter }) in this process, after a warm-up. */
class ParseBench {
  constructor(text) {
    this.text = text;
    this.samples = [];
    for (let i = 0; i < 5; i++) this.once(); // warm up the JIT
  }

  once() {
    const lineCounter = new YAML.LineCounter();
    const t0 = performance.now();
    const doc = YAML.parseDocument(this.text, { keepSourceTokens: true, lineCounter });
    const t = performance.now() - t0;
    if (!doc.contents) throw new Error('parse produced no contents');
    return t;
  }

  sample() {
    this.samples.push(this.once());
  }
}

// ---------------------------------------------------------------------------------------------------
// LSP session

function withTimeout(promise, msTimeout, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${msTimeout} ms: ${what}`)), msTimeout);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (t) => new Promise((r) => setTimeout(r, t));

class Session {
  constructor(kind, command, args, { yamlSettings, verbose }) {
    this.kind = kind;
    this.verbose = verbose;
    this.yamlSettings = yamlSettings;
    this.stderr = '';
    this.exited = null;
    this.waiters = new Set();
    this.publishes = [];
    this.child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env } });
    children.add(this.child);
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-8000);
    });
    this.child.stdin.on('error', () => { /* reported through exit */ });
    this.dead = new Promise((_, reject) => {
      this.rejectDead = reject;
    });
    this.dead.catch(() => {});
    this.exitPromise = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        children.delete(this.child);
        this.exited = { code, signal };
        const err = new Error(`${kind} server exited (code ${code}, signal ${signal})${this.stderr ? `; stderr tail:\n${this.stderr.slice(-2000)}` : ''}`);
        for (const w of this.waiters) w.reject(err);
        this.waiters.clear();
        this.rejectDead(err);
        resolve();
      });
      this.child.on('error', (e) => {
        this.rejectDead(e);
        for (const w of this.waiters) w.reject(e);
        this.waiters.clear();
      });
    });
    this.conn = rpc.createMessageConnection(
      new rpc.StreamMessageReader(this.child.stdout),
      new rpc.StreamMessageWriter(this.child.stdin),
      { error: () => {}, warn: () => {}, info: () => {}, log: () => {} },
    );
    this.conn.onError(() => { /* surfaced through timeouts / exit */ });
    this.conn.onNotification('textDocument/publishDiagnostics', (p) => this.onPublish(p));
    this.conn.onNotification(() => { /* window/logMessage, telemetry, $/progress ... */ });
    this.configRequests = 0;
    this.conn.onRequest('workspace/configuration', (p) => {
      this.configRequests++;
      return (p.items ?? []).map((it) => this.configFor(it.section));
    });
    this.conn.onRequest(() => null); // client/registerCapability, window/workDoneProgress/create, ...
    this.conn.listen();
  }

  configFor(section) {
    if (section === 'yaml') return this.yamlSettings ?? null;
    if (section === 'http') return { proxy: '', proxyStrictSSL: false };
    if (section === 'editor' || section === '[yaml]') return {};
    if (section && section.startsWith('safetySpecs')) return {};
    return null;
  }

  onPublish(p) {
    const rec = { t: performance.now(), uri: p.uri, version: p.version, diagnostics: p.diagnostics ?? [] };
    this.publishes.push(rec);
    for (const w of [...this.waiters]) {
      if (w.match(rec)) {
        this.waiters.delete(w);
        w.resolve(rec);
      }
    }
  }

  waitFor(match, timeout, what) {
    if (this.exited) return Promise.reject(new Error(`${this.kind} server already exited`));
    let w;
    const p = new Promise((resolve, reject) => {
      w = { match, resolve, reject };
      this.waiters.add(w);
    });
    return withTimeout(p, timeout, `${this.kind}: ${what}`).finally(() => this.waiters.delete(w));
  }

  /** A request that fails as soon as the server dies, or after `timeout` ms. */
  request(method, params, timeout) {
    return withTimeout(Promise.race([this.conn.sendRequest(method, params), this.dead]), timeout, `${this.kind}: ${method}`);
  }

  async initialize(rootUri) {
    const capabilities = {
      // Deliberately no textDocument.diagnostic: we want pushed diagnostics.
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: false }, workspaceFolders: true },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      },
      window: { workDoneProgress: false },
    };
    const res = await this.request(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'safety-specs-bench', version: '1' },
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: path.basename(fileURLToPath(rootUri)) }],
        capabilities,
        initializationOptions: {},
      },
      30000,
    );
    await this.conn.sendNotification('initialized', {});
    return res;
  }

  async configure() {
    const settings = this.yamlSettings ? { yaml: this.yamlSettings } : { safetySpecs: {} };
    const before = this.configRequests;
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings });
    if (this.kind === 'yamlls') {
      // yaml-language-server pulls its settings (workspace/configuration) on didChangeConfiguration;
      // wait until it has asked, then give it a moment to load the schema association.
      const t0 = performance.now();
      while (this.configRequests === before && performance.now() - t0 < 10000) await sleep(10);
      if (this.configRequests === before) throw new Error('yaml-language-server never asked for its configuration');
      await sleep(100);
    }
  }

  async shutdown() {
    if (this.exited) return;
    try {
      await this.request('shutdown', undefined, 5000);
      await this.conn.sendNotification('exit');
      await withTimeout(this.exitPromise, 3000, `${this.kind}: exit`);
    } catch {
      /* fall through to kill */
    } finally {
      if (!this.exited) {
        try { this.child.kill('SIGKILL'); } catch { /* gone */ }
        await withTimeout(this.exitPromise, 3000, 'kill').catch(() => {});
      }
      this.conn.dispose();
      children.delete(this.child);
    }
  }
}

const sig = (diags) => diags.map((d) => `${d.range?.start?.line}:${d.range?.start?.character}:${d.code ?? ''}:${d.message}`).sort().join('\n');

/**
 * One server on one file: start() opens it and waits for the first diagnostics; edit() sends one
 * didChange and waits for the diagnostics that reflect it; stop() shuts the server down.
 */
class Runner {
  constructor(kind, policyPath, policy, opts) {
    this.kind = kind;
    this.opts = opts;
    this.policy = policy;
    this.uri = pathToFileURL(policyPath).href;
    this.rootUri = pathToFileURL(path.dirname(policyPath)).href;
    this.version = 1;
    this.consecutiveTimeouts = 0;
    this.done = false; // gave up, or failed
    this.result = { kind, openMs: null, latencies: [], baselineCount: null, typoCount: null, timeouts: 0, errors: [] };
  }

  fail(e) {
    this.result.errors.push(e.message);
    console.warn(`    ! ${this.kind}: ${e.message}`);
    this.done = true;
  }

  async start() {
    const { opts, kind } = this;
    try {
      if (kind === 'ours') {
        this.session = new Session('ours', process.execPath, [opts.server, '--stdio'], { verbose: opts.verbose });
      } else {
        const schemaUri = pathToFileURL(opts.schema).href;
        const yamlSettings = {
          validate: true,
          hover: false,
          completion: false,
          format: { enable: false },
          schemaStore: { enable: false },
          kubernetesCRDStore: { enable: false },
          schemas: { [schemaUri]: [this.uri, '**/safety-slos.yaml', '**/safety-slos.yml', '**/*.safety-slos.yaml'] },
          yamlVersion: '1.2',
          keyOrdering: false,
          maxItemsComputed: 5000,
        };
        const entry = path.join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server');
        this.session = new Session('yamlls', process.execPath, [entry, '--stdio'], { yamlSettings, verbose: opts.verbose });
      }
      const session = this.session;
      await session.initialize(this.rootUri);
      await session.configure();

      const t0 = performance.now();
      const firstP = session.waitFor((r) => this.fromDoc(r) && this.versionOk(r, 1), opts.timeout * 2, 'first diagnostics after didOpen');
      await session.conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri: this.uri, languageId: 'yaml', version: this.version, text: this.policy.text },
      });
      const first = await firstP;
      this.result.openMs = first.t - t0;
      // Settle: take the last publish of a quiet period as the baseline (a server may publish twice).
      let baseline = first;
      for (let k = 0; k < 20; k++) {
        const more = await session.waitFor((r) => this.fromDoc(r), 300, 'settle').catch(() => null);
        if (!more) break;
        baseline = more;
      }
      this.baseSig = sig(baseline.diagnostics);
      this.result.baselineCount = baseline.diagnostics.length;
    } catch (e) {
      this.fail(e);
    }
  }

  fromDoc(r) {
    return r.uri === this.uri;
  }

  /** Our server stamps diagnostics with the document version; yaml-language-server does not. */
  versionOk(r, v) {
    return this.kind !== 'ours' || r.version == null || r.version === v;
  }

  async edit(i, edit) {
    if (this.done) return;
    const { session, opts, result } = this;
    const v = ++this.version;
    const match =
      edit.kind === 'add'
        ? (r) =>
            this.fromDoc(r) &&
            this.versionOk(r, v) &&
            r.diagnostics.length > result.baselineCount &&
            r.diagnostics.some((d) => d.range?.start?.line === edit.line)
        : (r) => this.fromDoc(r) && this.versionOk(r, v) && sig(r.diagnostics) === this.baseSig;
    try {
      const p = session.waitFor(match, opts.timeout, `edit ${i + 1} (${edit.kind} typo on SLO ${edit.slo})`);
      const ts = performance.now();
      await session.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri: this.uri, version: v },
        contentChanges: [{ text: edit.text }],
      });
      try {
        const rec = await p;
        const dt = rec.t - ts;
        result.latencies.push(dt);
        if (edit.kind === 'add') result.typoCount ??= rec.diagnostics.length;
        this.consecutiveTimeouts = 0;
        if (opts.verbose) console.log(`    ${this.kind} edit ${i + 1} ${edit.kind} slo#${edit.slo}: ${ms(dt)} ms (${rec.diagnostics.length} diagnostics)`);
      } catch (e) {
        if (session.exited) throw e;
        result.timeouts++;
        const last = session.publishes.filter((r) => this.fromDoc(r)).at(-1);
        result.errors.push(`${e.message}; last publish: ${last ? `${last.diagnostics.length} diagnostics, version ${last.version}` : 'none'}`);
        console.warn(`    ! ${e.message}`);
        if (++this.consecutiveTimeouts >= 2) {
          result.errors.push('two consecutive timeouts: gave up on this server at this size');
          this.done = true;
          return;
        }
        // Wait for the late publish so the next edit starts clean.
        await session.waitFor(match, opts.timeout, 'late publish').catch(() => {});
      }
    } catch (e) {
      this.fail(e);
    }
  }

  async stop() {
    if (this.session) await this.session.shutdown();
  }
}

/**
 * All servers on one file. The servers run side by side and take turns: edit i goes to each server in
 * turn (the others sit idle), with a yaml parse sample in between, so background load on the machine
 * hits every column alike.
 */
async function runSize(kinds, policyPath, policy, edits, opts, parseSample) {
  const runners = kinds.map((k) => new Runner(k, policyPath, policy, opts));
  try {
    for (const r of runners) await r.start();
    for (const [i, edit] of editPlan(policy, edits).entries()) {
      for (const r of runners) await r.edit(i, edit);
      parseSample?.();
    }
  } finally {
    for (const r of runners) await r.stop();
  }
  return Object.fromEntries(runners.map((r) => [r.kind, r.result]));
}

/** Checks yaml-language-server really validates against the schema: an unknown key must be reported. */
async function checkYamllsUsesSchema(opts, dir) {
  const p = path.join(dir, 'schema-check', 'safety-slos.yaml');
  mkdirSync(path.dirname(p), { recursive: true });
  const policy = generatePolicy(3, { scope: opts.scope });
  writeFileSync(p, policy.text);
  const { yamlls: r } = await runSize(['yamlls'], p, policy, 1, { ...opts, timeout: Math.min(opts.timeout, 20000) });
  if (r.latencies.length !== 1) {
    throw new Error(
      `yaml-language-server did not report the unknown key "targte" with schema ${path.relative(ROOT, opts.schema)}, ` +
        `so it is not validating against it (does the schema forbid additional properties on an SLO?). ${r.errors.join('; ')}`,
    );
  }
  return r;
}

// ---------------------------------------------------------------------------------------------------
// Report

/** The versions of the two things compared with ours: the baseline server and the parser. */
function versions() {
  const ver = (p) => {
    try { return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', p, 'package.json'), 'utf8')).version; } catch { return '?'; }
  };
  return { yamlls: ver('yaml-language-server'), yaml: ver('yaml') };
}

function cell(s) {
  if (!s) return 'n/a';
  return `**${ms(s.median)}** (${ms(s.min)}–${ms(s.max)}, p90 ${ms(s.p90)})`;
}

function buildReport(m, rows, opts) {
  const L = [];
  L.push(`Generated by \`node bench/lsp-latency.mjs${process.argv.slice(2).length ? ' ' + process.argv.slice(2).join(' ') : ''}\` on ${m.date}.`);
  L.push('');
  L.push(`- Machine: ${m.cpu}, ${m.mem} RAM, ${m.os}`);
  const loadEnd = os.loadavg()[0];
  const cpus = os.cpus().length;
  L.push(
    `- Load average (1 min) at start / end: ${m.load.toFixed(2)} / ${loadEnd.toFixed(2)} on ${cpus} CPUs` +
      (Math.max(m.load, loadEnd) > cpus ? ' — **the machine was busy with other work: expect noisy figures; compare ratios**' : ''),
  );
  L.push(`- Node ${m.node}; yaml-language-server ${m.yamlls}; yaml ${m.yaml}; commit ${m.commit}`);
  L.push(`- Edits per server and size: ${rows.map((r) => `${r.size.toLocaleString('en-US')} → ${r.edits}`).join(', ')}; yaml parse runs: ${opts.parseRuns} (after 5 warm-ups); per-edit timeout ${opts.timeout} ms`);
  L.push('');
  L.push('### Edit → diagnostics latency (ms): median (min–max, p90)');
  L.push('');
  L.push('| SLOs | file | ours | yaml-language-server | `yaml` parse alone | ours / yaml-ls | ours / parse |');
  L.push('| ---: | ---: | :--- | :--- | :--- | ---: | ---: |');
  for (const r of rows) {
    L.push(
      `| ${r.size.toLocaleString('en-US')} | ${bytes(r.bytes)} | ${cell(r.ours?.stats)} | ${cell(r.yamlls?.stats)} | ${cell(r.parse)} | ${ratio(r.ours?.stats?.median, r.yamlls?.stats?.median)} | ${ratio(r.ours?.stats?.median, r.parse?.median)} |`,
    );
  }
  L.push('');
  const adj = rows.filter((r) => r.yamlls?.stats && r.ours?.stats);
  if (adj.length) {
    L.push(
      `yaml-language-server waits a fixed ${YAMLLS_DEBOUNCE_MS} ms before validating; that wait is part of what a user sees and is included above. ` +
        `Without it its medians would be ${adj.map((r) => `${ms(r.yamlls.stats.median - YAMLLS_DEBOUNCE_MS)} ms`).join(' / ')} ` +
        `(${adj.map((r) => r.size.toLocaleString('en-US')).join(' / ')} SLOs), and ours / yaml-ls ${adj.map((r) => ratio(r.ours.stats.median, r.yamlls.stats.median - YAMLLS_DEBOUNCE_MS)).join(' / ')}.`,
    );
    L.push('');
  }
  L.push('### didOpen → first diagnostics (ms, one sample each)');
  L.push('');
  L.push('| SLOs | ours | yaml-language-server | diagnostics at rest (ours / yaml-ls) | with the typo (ours / yaml-ls) |');
  L.push('| ---: | ---: | ---: | :---: | :---: |');
  for (const r of rows) {
    L.push(
      `| ${r.size.toLocaleString('en-US')} | ${ms(r.ours?.openMs)} | ${ms(r.yamlls?.openMs)} | ${r.ours?.baselineCount ?? 'n/a'} / ${r.yamlls?.baselineCount ?? 'n/a'} | ${r.ours?.typoCount ?? 'n/a'} / ${r.yamlls?.typoCount ?? 'n/a'} |`,
    );
  }
  L.push('');
  const g = growth(rows);
  if (g) {
    L.push(`### Growth from ${g.from.toLocaleString('en-US')} to ${g.to.toLocaleString('en-US')} SLOs`);
    L.push('');
    L.push(`File size grows ${g.sizeFactor.toFixed(2)}× (${bytes(g.fromBytes)} → ${bytes(g.toBytes)}).`);
    L.push('');
    L.push('| | median latency growth | vs file-size growth | verdict |');
    L.push('| :--- | ---: | ---: | :--- |');
    for (const [label, f] of [['ours', g.ours], ['yaml-language-server', g.yamlls], ['`yaml` parse alone', g.parse]]) {
      L.push(`| ${label} | ${f == null ? 'n/a' : f.toFixed(2) + '×'} | ${f == null ? 'n/a' : (f / g.sizeFactor).toFixed(2)} | ${verdict(f, g.sizeFactor)} |`);
    }
    L.push('');
  }
  const problems = findings(rows, g);
  if (problems.length) {
    L.push('### Attention');
    L.push('');
    for (const p of problems) L.push(`- ${p}`);
    L.push('');
  }
  const errs = rows.flatMap((r) => ['ours', 'yamlls'].flatMap((k) => (r[k]?.errors ?? []).map((e) => `${k} @ ${r.size}: ${e.split('\n')[0]}`)));
  if (errs.length) {
    L.push('### Errors and timeouts');
    L.push('');
    for (const e of errs) L.push(`- ${e}`);
    L.push('');
  }
  return L.join('\n');
}

const YAMLLS_DEBOUNCE_MS = 200; // yaml-language-server's SettingsState.validationDelayMs (not configurable)

function verdict(f, sizeFactor) {
  if (f == null) return 'n/a';
  if (f <= sizeFactor) return 'linear or better';
  if (f <= sizeFactor * 1.15) return 'slightly above linear (within 15%: run-to-run noise level)';
  return 'WORSE than linear';
}

function growth(rows) {
  const a = rows.find((r) => r.size === 1000);
  const b = rows.find((r) => r.size === 10000);
  if (!a || !b) return null;
  const f = (x, y) => (x && y ? y / x : null);
  return {
    from: a.size,
    to: b.size,
    fromBytes: a.bytes,
    toBytes: b.bytes,
    sizeFactor: b.bytes / a.bytes,
    ours: f(a.ours?.stats?.median, b.ours?.stats?.median),
    yamlls: f(a.yamlls?.stats?.median, b.yamlls?.stats?.median),
    parse: f(a.parse?.median, b.parse?.median),
  };
}

function findings(rows, g) {
  const out = [];
  for (const r of rows) {
    const o = r.ours?.stats?.median;
    const y = r.yamlls?.stats?.median;
    if (o != null && y != null && o <= y && o > y - YAMLLS_DEBOUNCE_MS)
      out.push(
        `at ${r.size.toLocaleString('en-US')} SLOs ours (median ${ms(o)} ms) beats yaml-language-server (${ms(y)} ms) only thanks to its fixed ${YAMLLS_DEBOUNCE_MS} ms wait: ` +
          `without that wait it would answer in about ${ms(y - YAMLLS_DEBOUNCE_MS)} ms, and ours takes ${ratio(o, y - YAMLLS_DEBOUNCE_MS)} that.`,
      );
    if (o != null && y != null && o > y) out.push(`ours is SLOWER than yaml-language-server at ${r.size.toLocaleString('en-US')} SLOs: median ${ms(o)} ms vs ${ms(y)} ms (${ratio(o, y)}).`);
    for (const k of ['ours', 'yamlls']) if (r[k] && (r[k].timeouts || r[k].errors.length)) out.push(`${k} had ${r[k].timeouts} timeout(s), ${r[k].errors.length} error message(s) at ${r.size.toLocaleString('en-US')} SLOs (see below).`);
  }
  if (g?.ours != null && g.ours > g.sizeFactor)
    out.push(
      `ours grows faster than the file (${verdict(g.ours, g.sizeFactor)}): median ×${g.ours.toFixed(2)} from ${g.from.toLocaleString('en-US')} to ${g.to.toLocaleString('en-US')} SLOs while the file grows ×${g.sizeFactor.toFixed(2)}` +
        (g.parse != null ? `; the yaml parse alone grows ×${g.parse.toFixed(2)}.` : '.'),
    );
  return out;
}

const INTRO = `# Benchmarks

How fast does a finding show up in the editor? \`bench/lsp-latency.mjs\` measures **edit → diagnostics
latency**: the time from the client sending \`textDocument/didChange\` to receiving the
\`textDocument/publishDiagnostics\` that reflects that edit. It compares

- **ours**: the Safety Specs language server (\`dist/server.js --stdio\`), which validates, lints and
  explains; the client declares no pull-diagnostics capability, so the server pushes diagnostics, and the
  bench matches them to the edit by document \`version\` and content;
- **yaml-language-server** (Red Hat's, the engine of the popular YAML extension), given our
  \`schemas/safety-slos.schema.json\` through \`yaml.schemas\` (answered to its \`workspace/configuration\`
  requests); the bench first checks that it really reports an unknown key against that schema. Note that
  it waits a fixed 200 ms (\`validationDelayMs\`, not configurable) before validating, which is part of
  what a user sees and so part of its figures;
- **\`yaml\` parse alone**: \`parseDocument(text, { keepSourceTokens: true, lineCounter })\` timed in the
  bench's own process: what parsing the file with the \`yaml\` package costs, the floor below which a
  server built on it cannot go (our server parses with the same package before it analyses).

Policies of 10, 1,000 and 10,000 SLOs are generated (deterministically) into \`.bench/\`: unique
snake_case names, varied targets, windows and actions from the ladder, optional \`scope\` maps, and deliberate
findings (a bad window; from 100 SLOs on, also an action outside the ladder). Each server is started as a child
process, gets \`initialize\`/\`initialized\`, the file is opened and the first diagnostics awaited, then
the bench sends N full-text edits that alternately add a misspelt key (\`targte:\`) to one SLO (spread
over the start, middle and end of the file) and remove it, and waits for the diagnostics that show the
new finding (on that line) or the original set again. The servers run side by side and take turns, edit
by edit, with a parse sample in between, so background load hits every column alike. Each edit has a
timeout, so the bench never hangs. Edits carry the whole text (an editor sends only the change), so the
figures include moving the file over the pipe, the same for both servers. The growth from 1,000 to
10,000 SLOs is compared with the growth of the file, so "no worse than linear" can be checked.

Rerun with \`npm run bench\` (builds first). Options: \`--sizes 10,1000\`, \`--runs N\` (edits per server
and size), \`--parse-runs N\`, \`--servers ours,yamlls\`, \`--timeout MS\`, \`--no-write\` (print only),
\`--verbose\`; \`node bench/lsp-latency.mjs --help\` lists them all. Figures depend on the machine: compare
ratios, not absolute numbers, across machines.
`;

const BEGIN = '<!-- BEGIN bench/lsp-latency.mjs: generated, do not edit by hand -->';
const END = '<!-- END bench/lsp-latency.mjs -->';

// ---------------------------------------------------------------------------------------------------
// Main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const servers = [...opts.servers];
  if (servers.includes('ours') && !existsSync(opts.server)) {
    console.warn(`! ${path.relative(ROOT, opts.server)} not found (run \`npm run build\`): skipping our server.`);
    servers.splice(servers.indexOf('ours'), 1);
  }
  if (servers.includes('yamlls') && !existsSync(opts.schema)) {
    console.warn(`! schema ${opts.schema} not found: skipping yaml-language-server.`);
    servers.splice(servers.indexOf('yamlls'), 1);
  }
  mkdirSync(opts.dir, { recursive: true });
  const runDir = mkdtempSync(path.join(opts.dir, 'run-'));
  const m = machine(ROOT, versions());
  console.log(`Safety Specs LSP latency bench: ${m.cpu}, Node ${m.node}, servers: ${servers.join(', ') || 'none'}`);

  try {
    if (servers.includes('yamlls')) {
      console.log('Checking that yaml-language-server validates against the schema...');
      const r = await checkYamllsUsesSchema(opts, runDir);
      console.log(`  ok (${r.baselineCount} → ${r.typoCount} diagnostics with an unknown key)`);
    }

    const rows = [];
    for (const size of opts.sizes) {
      const policy = generatePolicy(size, { scope: opts.scope });
      const file = path.join(runDir, `slos-${size}`, 'safety-slos.yaml');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, policy.text);
      const row = { size, bytes: Buffer.byteLength(policy.text), edits: editsFor(opts) };
      if (row.bytes > 4 * 1024 * 1024) console.warn(`! ${bytes(row.bytes)} is over our server's 4 MiB policy limit (file/too-large): it will not analyse it.`);
      console.log(`\n${size.toLocaleString('en-US')} SLOs (${bytes(row.bytes)}), ${row.edits} edits per server`);
      const parse = new ParseBench(policy.text);
      const results = servers.length
        ? await runSize(servers, file, policy, row.edits, opts, () => parse.samples.length < opts.parseRuns && parse.sample())
        : {};
      while (parse.samples.length < opts.parseRuns) parse.sample();
      row.parse = stats(parse.samples);
      console.log(`  yaml parse alone: median ${ms(row.parse.median)} ms (${ms(row.parse.min)}–${ms(row.parse.max)}, n=${row.parse.n})`);
      for (const kind of servers) {
        const r = results[kind];
        r.stats = stats(r.latencies);
        row[kind] = r;
        console.log(
          `  ${kind.padEnd(6)}: open→diagnostics ${ms(r.openMs)} ms; edit→diagnostics median ${ms(r.stats?.median)} ms ` +
            `(${ms(r.stats?.min)}–${ms(r.stats?.max)}, p90 ${ms(r.stats?.p90)}, n=${r.latencies.length}); ` +
            `diagnostics ${r.baselineCount ?? '?'} at rest, ${r.typoCount ?? '?'} with the typo${r.timeouts ? `; ${r.timeouts} TIMEOUT(S)` : ''}`,
        );
      }
      rows.push(row);
    }

    const report = buildReport(m, rows, opts);
    console.log(`\n${report}`);
    if (opts.write) {
      writeSection(opts.out, { begin: BEGIN, end: END, intro: INTRO, body: `## Latest results\n\n${report}` });
      writeFileSync(
        path.join(opts.dir, 'results.json'),
        JSON.stringify({ machine: m, options: { ...opts, sizes: opts.sizes }, rows: rows.map((r) => ({ ...r })) }, null, 2),
      );
      console.log(`\nWrote ${path.relative(ROOT, opts.out)} and ${path.relative(ROOT, path.join(opts.dir, 'results.json'))}`);
    }
    const bad = rows.some((r) => servers.some((k) => !r[k] || !r[k].stats));
    process.exitCode = bad ? 1 : 0;
  } finally {
    killAll();
    if (opts.keep) console.log(`Generated policies kept in ${runDir}`);
    else rmSync(runDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e?.stack ?? e);
  killAll();
  process.exit(1);
});
