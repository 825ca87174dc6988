// Replays through the real CLI: `safety-specs replay` runs a metric history (JSONL or CSV) through each model's
// policy and prints text or JSON (exit 0), writes --report FILE.md/.html, and surfaces every bad line as
// path:line: message with exit 2.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_JS, ensureBuilt, lines } from '../protocol/lsp-client';
import { runCli, tempTree } from './run-cli';

/** Model `model`: one SLO on `recall` (mean over 10m) and a gate that blocks on missing data. */
const modelPolicy = (model: string, ...rest: string[]) =>
  lines(
    'version: 1',
    `model: ${model}`,
    'slos:',
    '  - name: recall',
    '    objective: "Detect distribution shift before harm."',
    '    target: ">= 0.9"',
    '    window: 10m',
    '    action_on_breach: degrade_to_safe_mode',
    'gates:',
    '  - name: canary',
    '    slos: [recall]',
    '    on_missing_data: block',
    ...rest,
  );

const policy = (...rest: string[]) => modelPolicy('triage', ...rest);

const T0 = Date.UTC(2026, 2, 1);
const iso = (minute: number) => new Date(T0 + minute * 60_000).toISOString().replace('.000Z', 'Z');
/** An hour of recall, a sample a minute from 2026-03-01T00:00:00Z: 0.95, but 0.8 from minute 20 to 34. */
const DIP = Array.from({ length: 60 }, (_, i) => [iso(i), i >= 20 && i < 35 ? 0.8 : 0.95] as const);
const jsonl = (rows: readonly (readonly [string, number | string])[]) => rows.map(([t, v]) => `${JSON.stringify({ timestamp: t, metric: 'recall', value: v })}\n`).join('');
const csv = (rows: readonly (readonly [string, number | string])[]) => lines('timestamp,metric,value', ...rows.map(([t, v]) => `${t},recall,${v}`));

interface ReplayJson {
  version: string;
  replays: {
    model: string;
    source: string;
    start: string | null;
    end: string | null;
    stepMs: number | null;
    stepSeconds: number | null;
    evaluations: number;
    gates: { name: string; timeline: { at: string; decision: string }[]; timeIn: { decision: string; ms: number; seconds: number }[] }[];
    slos: { label: string; breaches: number; firstBreachAt: string | null; episodes: { breachedAt: string; endedAt: string | null; detectMs: number | null; detectSeconds: number | null }[] }[];
    whatIf: { slo: string; rows: { threshold: number; current: boolean; breaches: number; timeInBreachSeconds: number }[] } | null;
    problems: { line: number; severity: string; message: string }[];
  }[];
}

describe('cli: replay', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  let tree: ReturnType<typeof tempTree>;
  before(function () {
    tree = tempTree({
      'jsonl/safety-slos.yaml': policy('history: eval/history.jsonl'),
      'jsonl/eval/history.jsonl': jsonl(DIP),
      'csv/safety-slos.yaml': policy('history: history.csv'),
      'csv/history.csv': csv(DIP),
      'none/safety-slos.yaml': policy(),
      'url/safety-slos.yaml': policy('history: https://example.com/history.jsonl'),
      'two/a/safety-slos.yaml': modelPolicy('a', 'history: ../../jsonl/eval/history.jsonl'),
      'two/b/safety-slos.yaml': modelPolicy('b', 'history: ../../csv/history.csv'),
      'mixed/a/safety-slos.yaml': modelPolicy('a', 'history: ../../jsonl/eval/history.jsonl'),
      'mixed/c/safety-slos.yaml': modelPolicy('c'),
      'bad/number.jsonl': jsonl([...DIP.slice(0, 2), [iso(2), 'abc'], ...DIP.slice(3)]),
      'bad/order.jsonl': jsonl([...DIP.slice(0, 5), DIP[1], ...DIP.slice(5)]),
      'bad/no-header.csv': lines(...DIP.map(([t, v]) => `${t},recall,${v}`)),
      'bad/empty.jsonl': '',
      'bad/nan.csv': csv([...DIP.slice(0, 3), [iso(3), 'NaN'], ...DIP.slice(4)]),
    });
  });
  after(() => tree.cleanup());

  const replay = (...args: string[]) => runCli(['replay', ...args], { cwd: tree.root });
  const replayJson = (...args: string[]) => {
    const r = replay('--format', 'json', ...args);
    return { ...r, json: JSON.parse(r.stdout) as ReplayJson };
  };

  it('prints each gate\'s timeline and each SLO\'s breaches with ISO 8601 UTC times (the policy\'s history:)', () => {
    const r = replay('jsonl');
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout.split('\n');
    assert.equal(out[0], 'model triage');
    assert.equal(out[1], `replay of ${join('jsonl', 'eval', 'history.jsonl')}`);
    assert.equal(out[2], '  period:  2026-03-01T00:00:00Z to 2026-03-01T00:59:00Z (59m), 60 evaluations at every sample time');
    const canary = r.stdout.slice(r.stdout.indexOf('gate canary'));
    assert.match(canary, /^ {4}degrade_to_safe_mode {2}18m \(30\.5%\)\n {4}pass {18}41m \(69\.5%\)$/m);
    assert.match(canary, /^ {4}2026-03-01T00:23:00Z {2}degrade_to_safe_mode {2}recall breached: mean over 10m 0\.89 < 0\.9\.$/m);
    assert.match(canary, /^ {4}2026-03-01T00:41:00Z {2}pass {18}no SLO breached\.$/m);
    assert.match(r.stdout, /^ {4}2026-03-01T00:23:00Z {2}breached at 0\.89, 3m after the raw metric crossed the target \(2026-03-01T00:20:00Z\)$/m);
    assert.match(r.stdout, /^ {4}2026-03-01T00:41:00Z {2}recovered after 18m$/m);
    assert.equal(r.stderr, '');
  });

  it('prints JSON with ISO times and durations in ms and seconds; a CSV history decides the same', () => {
    const { status, json } = replayJson('jsonl');
    assert.equal(status, 0);
    const [run] = json.replays;
    assert.equal(run.model, 'triage');
    assert.deepEqual([run.start, run.end, run.stepMs, run.evaluations], ['2026-03-01T00:00:00Z', '2026-03-01T00:59:00Z', null, 60]);
    const canary = run.gates.find((g) => g.name === 'canary')!;
    assert.deepEqual(canary.timeline.map((e) => [e.at, e.decision]), [
      ['2026-03-01T00:00:00Z', 'pass'],
      ['2026-03-01T00:23:00Z', 'degrade_to_safe_mode'],
      ['2026-03-01T00:41:00Z', 'pass'],
    ]);
    assert.deepEqual(canary.timeIn.map((t) => [t.decision, t.ms, t.seconds]), [['degrade_to_safe_mode', 1_080_000, 1080], ['pass', 2_460_000, 2460]]);
    assert.deepEqual(run.slos[0].episodes, [{ ...run.slos[0].episodes[0], breachedAt: '2026-03-01T00:23:00Z', endedAt: '2026-03-01T00:41:00Z', detectMs: 180_000, detectSeconds: 180 }]);
    // Where the files are aside, the same replay.
    const placeless = (value: unknown) => JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'location' || key === 'source' ? undefined : v))) as unknown;
    assert.deepEqual(placeless(replayJson('csv').json.replays[0]), placeless(run));
  });

  it('replays each model over its own history, one section each', () => {
    const r = replay('two');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.split('\n').filter((l) => /^(model|replay of) /.test(l)), [
      'model a',
      `replay of ${join('jsonl', 'eval', 'history.jsonl')}`,
      'model b',
      `replay of ${join('csv', 'history.csv')}`,
    ]);
    assert.deepEqual(replayJson('two').json.replays.map((run) => [run.model, run.slos[0].firstBreachAt]), [['a', '2026-03-01T00:23:00Z'], ['b', '2026-03-01T00:23:00Z']]);
  });

  it('a model without a history is skipped, and said so, when another has one', () => {
    const r = replayJson('mixed');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.json.replays.map((run) => run.model), ['a']);
    assert.equal(r.stderr, 'safety-specs: model c has no history: not replayed.\n');
  });

  it('--step evaluates at multiples of the step, not at every sample', () => {
    const { json } = replayJson('jsonl', '--step', '5m');
    const [run] = json.replays;
    assert.deepEqual([run.stepMs, run.stepSeconds, run.evaluations], [300_000, 300, 12]);
    // The breach seen at 00:23 with every sample waits for the evaluation at 00:25.
    assert.equal(run.slos[0].firstBreachAt, '2026-03-01T00:25:00Z');
  });

  it('--last evaluates only the end of the history; earlier samples still fill the windows', () => {
    const { json } = replayJson('jsonl', '--last', '20m');
    const [run] = json.replays;
    assert.equal(run.end, '2026-03-01T00:59:00Z');
    assert.ok(run.start! >= '2026-03-01T00:39:00Z' && run.start! <= '2026-03-01T00:40:00Z', run.start!);
    // At 00:39 and 00:40 the 10-minute window still holds the dip (which ended at 00:34): breached from the start.
    assert.deepEqual(run.gates[0].timeline.map((e) => [e.at, e.decision]), [[run.start, 'degrade_to_safe_mode'], ['2026-03-01T00:41:00Z', 'pass']]);
  });

  it('--what-if sweeps 21 thresholds around the SLO\'s own by default, or the --thresholds range', () => {
    const byDefault = replayJson('jsonl', '--what-if', 'recall').json.replays[0].whatIf!;
    assert.equal(byDefault.slo, 'recall');
    assert.equal(byDefault.rows.length, 21);
    assert.deepEqual(byDefault.rows.filter((r) => r.current).map((r) => r.threshold), [0.9]);
    const swept = replayJson('jsonl', '--what-if', 'recall', '--thresholds', '0.8:0.9:0.05').json.replays[0].whatIf!;
    assert.deepEqual(swept.rows.map((r) => [r.threshold, r.breaches, r.timeInBreachSeconds]), [[0.8, 0, 0], [0.85, 1, 720], [0.9, 1, 1080]]);
    const text = replay('jsonl', '--what-if', 'recall', '--thresholds', '0.8:0.9:0.05').stdout;
    assert.match(text, /^ {2}>= 0\.9 {3}1 {9}18m \(30\.5%\) {5}3m {13}3m {12}2026-03-01T00:23:00Z {2}◀ current$/m);
  });

  it('--report writes Markdown or self-contained HTML beside the printed report', () => {
    const md = join(tree.root, 'replay.md');
    const html = join(tree.root, 'replay.html');
    assert.equal(replay('jsonl', '--report', md).status, 0);
    const markdown = readFileSync(md, 'utf8');
    assert.match(markdown, /^# /);
    assert.match(markdown, /2026-03-01T00:23:00Z/);
    assert.match(markdown, /degrade_to_safe_mode/);
    assert.equal(replay('jsonl', '--what-if', 'recall', '--report', html).status, 0);
    const page = readFileSync(html, 'utf8');
    assert.match(page, /^<!DOCTYPE html>/);
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src (&apos;|')none\1;/);
    assert.match(page, /<svg[\s>]/);
    assert.match(page, /2026-03-01T00:23:00Z/);
    assert.match(page, /What-if/i);
    assert.doesNotMatch(page, /<script|src="https?:/);
  });

  describe('bad data: each problem at its file:line, exit 2, the report still printed', () => {
    const bad = (file: string, expected: RegExp) => () => {
      const r = replay('jsonl', '--metrics', join('bad', file), '--format', 'json');
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, expected);
      assert.match(r.stderr, /replay is not to be trusted/);
      assert.equal((JSON.parse(r.stdout) as ReplayJson).replays.length, 1);
    };
    const at = (file: string, line: number) => new RegExp(`^${join('bad', file).replace(/[.\\]/g, '\\$&')}:${line}(:\\d+)?: error: `, 'm');
    it('a value that is not a number', bad('number.jsonl', at('number.jsonl', 3)));
    it('a sample out of time order', bad('order.jsonl', at('order.jsonl', 6)));
    it('a CSV without its header row', bad('no-header.csv', at('no-header.csv', 1)));
    it('an empty file', bad('empty.jsonl', at('empty.jsonl', 1)));
    it('NaN', bad('nan.csv', at('nan.csv', 5)));

    it('in the text report on standard output, the problems are listed once, there', () => {
      const r = replay('jsonl', '--metrics', join('bad', 'number.jsonl'));
      assert.equal(r.status, 2);
      assert.match(r.stdout, at('number.jsonl', 3));
      assert.doesNotMatch(r.stderr, at('number.jsonl', 3));
    });
  });

  describe('usage errors: exit 2 and one line that says what to do', () => {
    const usage = (args: string[], expected: RegExp) => () => {
      const r = replay(...args);
      assert.equal(r.status, 2, r.stdout);
      assert.match(r.stderr, expected);
    };
    it('an unknown --what-if SLO, with the closest name', usage(['jsonl', '--what-if', 'recal'], /no SLO is named "recal"; did you mean "recall"\?/));
    it('no history', usage(['none'], /has no metric history to replay: pass --metrics FILE, or name one in the policy \(history: /));
    it('a history URL', usage(['url'], /history: https:\/\/example\.com\/history\.jsonl: a history is a local file; replays never fetch one/));
    it('a history file that does not exist', usage(['jsonl', '--metrics', 'missing.jsonl'], /missing\.jsonl/));
    it('--step rolling', usage(['jsonl', '--step', 'rolling'], /--step needs a length/));
    it('--last that is no duration', usage(['jsonl', '--last', '7 days'], /--last 7 days: Window "7 days" is written "7d"/));
    it('--thresholds without --what-if', usage(['jsonl', '--thresholds', '0.8:0.9:0.01'], /name the SLO with --what-if/));
    it('--thresholds that is no range', usage(['jsonl', '--what-if', 'recall', '--thresholds', '0.9:0.8:0.01'], /write the lower bound first/));
    it('--report of another kind', usage(['jsonl', '--report', 'out.pdf'], /Markdown \(\.md\) or HTML \(\.html\)/));
    it('--report over several models', usage(['two', '--report', 'out.md'], /--report writes one model's replay, and two holds 2 models \(a, b\): name one model's folder\./));
    it('--format sarif', usage(['jsonl', '--format', 'sarif'], /prints text, json; not sarif/));
  });

  it('Ctrl-C stops the replay, prints what was replayed so far and exits 130', async function () {
    // Linux only: /proc tells when the CLI has started reading the history (its SIGINT handler is set by then).
    if (process.platform !== 'linux') this.skip();
    const big = join(tree.root, 'big.jsonl');
    const minutes = 600_000;
    writeFileSync(big, jsonl(Array.from({ length: minutes }, (_, i) => [iso(i), i >= 20 && i < 35 ? 0.8 : 0.95] as const)));
    const child = spawn(process.execPath, [CLI_JS, 'replay', 'jsonl', '--metrics', big, '--format', 'json'], { cwd: tree.root, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((done) => child.on('close', done));
    while (readOffset(child.pid!, big) < 2 * 1024 * 1024 && child.exitCode === null) await new Promise((done) => setTimeout(done, 2));
    child.kill('SIGINT');
    const code = await closed;
    assert.equal(code, 130, stderr);
    const [run] = (JSON.parse(stdout) as ReplayJson).replays;
    assert.equal((run as unknown as { cancelled: boolean }).cancelled, true);
    assert.equal(run.start, '2026-03-01T00:00:00Z');
    assert.equal(run.slos[0].firstBreachAt, '2026-03-01T00:23:00Z');
    assert.ok(run.end! < iso(minutes - 1), `${run.end} is before the history's end`);
    assert.match(stderr, /interrupted: the report covers the history replayed so far/);
  });

  it('replays the claims-triage example: the launch-week incident breaches ood_recall_7d and recovers', () => {
    const r = runCli(['replay', join('examples', 'claims-triage'), '--format', 'json'], { cwd: join(__dirname, '..', '..') });
    assert.equal(r.status, 0, r.stderr);
    const [run] = (JSON.parse(r.stdout) as ReplayJson).replays;
    const recall = run.slos.find((s) => s.label === 'ood_recall_7d')!;
    assert.equal(recall.breaches, 1);
    assert.ok(recall.episodes[0].endedAt, 'recovered within the history');
    assert.ok(recall.episodes[0].detectMs! > 0);
  });
});

/** How far process `pid` has read `path` (its file offset), 0 while it does not have it open. */
function readOffset(pid: number, path: string): number {
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`) !== path) continue;
      return Number(/^pos:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? 0);
    }
  } catch {
    // The process or the descriptor went away between two reads.
  }
  return 0;
}
