import { strict as assert } from 'node:assert';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy, type PolicyFile, type replays } from '../engine';
import { replayHistory, ReplayInputError, type ReplayHistoryOptions } from './run';

const T0 = Date.UTC(2026, 10, 17);
const MIN = 60_000;

const POLICY = `version: 1
model: m
slos:
  - name: recall
    objective: "Recall stays up."
    target: ">= 0.9"
    window: 10m
    action_on_breach: degrade_to_safe_mode
  - name: latency
    metric: latency_ms
    objective: "Fast enough."
    target: "<= 500ms"
    window: 1h
    aggregate: p95
    action_on_breach: alert
`;
const files: PolicyFile[] = [parsePolicy(TextDocument.create('file:///w/m/safety-slos.yaml', 'yaml', 1, POLICY))];

const iso = (minute: number) => new Date(T0 + minute * MIN).toISOString().replace('.000Z', 'Z');
const problems = (result: replays.ReplayResult) => result.problems.map((p) => `${p.line}${p.column ? `:${p.column}` : ''}: ${p.severity}: ${p.message}`);

describe('replay/run', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'safety-specs-replay-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const replay = (name: string, content: string, options: Partial<ReplayHistoryOptions> = {}) => replayHistory(files, file(name, content), { label: name, ...options });
  /** One recall sample a minute from T0, CSV. */
  const csv = (values: readonly (number | string)[], extra: readonly string[] = []) => ['timestamp,metric,value', ...values.map((v, i) => `${iso(i)},recall,${v}`), ...extra].join('\n') + '\n';

  it('replays a history file through the policy: decisions over time, with the file\'s label', async () => {
    const result = await replay('dip.csv', csv(Array.from({ length: 60 }, (_, i) => (i >= 20 && i < 35 ? 0.8 : 0.95))));
    assert.equal(result.source, 'dip.csv');
    assert.deepEqual(result.gates[0].timeline.map((e) => [(e.at - T0) / MIN, e.decision]), [[0, 'pass'], [23, 'degrade_to_safe_mode'], [41, 'pass']]);
    assert.equal(result.samples, 60);
    assert.deepEqual(problems(result), []);
  });

  it('with `last`, evaluates only the last stretch before the last sample; `step` evaluates on its grid', async () => {
    const content = csv(Array.from({ length: 180 }, () => 0.95));
    const last = await replay('last.csv', content, { last: 60 * MIN });
    assert.deepEqual([(last.start! - T0) / MIN, (last.end! - T0) / MIN, last.evaluations], [119, 179, 61]);
    const stepped = await replay('step.csv', content, { step: 30 * MIN, last: 60 * MIN });
    assert.deepEqual([(stepped.start! - T0) / MIN, stepped.evaluations], [120, 2]);
  });

  it('sweeps an SLO named as the user wrote it, by default around its own threshold', async () => {
    const result = await replay('sweep.csv', csv(Array.from({ length: 30 }, (_, i) => (i < 15 ? 0.95 : 0.88))), { whatIf: { slo: 'recall' } });
    assert.equal(result.whatIf?.rows.length, 21);
    assert.deepEqual(result.whatIf?.rows.find((r) => r.current)?.threshold, 0.9);
    const chosen = await replay('sweep.csv', csv([0.95]), { whatIf: { slo: 'recall', thresholds: [0.8, 0.99] } });
    assert.deepEqual(chosen.whatIf?.rows.map((r) => r.threshold), [0.8, 0.99]);
  });

  it('refuses a missing file, a directory, an unknown format, bad options and an unknown SLO with a one-line ReplayInputError', async () => {
    mkdirSync(join(dir, 'folder.csv'));
    const refusals: [string, Partial<ReplayHistoryOptions>, RegExp][] = [
      [join(dir, 'missing.jsonl'), {}, /^missing\.jsonl: no such file\.$/],
      [join(dir, 'folder.csv'), {}, /^folder\.csv: is a directory; name the history file\.$/],
      [file('history.json', '{}'), {}, /^history\.json: a history is JSON Lines \(\.jsonl, \.ndjson\) or CSV \(\.csv\); the file name says which\.$/],
      [file('ok.csv', csv([1])), { step: 0 }, /^the step must be a duration above zero, not 0 ms\.$/],
      [file('ok.csv', csv([1])), { whatIf: { slo: 'recal' } }, /^what-if recal: no SLO is named "recal"; did you mean "recall"\?$/],
      [file('ok.csv', csv([1])), { whatIf: { slo: 'recall', thresholds: [] } }, /^what-if recall: the thresholds must be 1 to 1,000 finite numbers \(0 given\)\.$/],
    ];
    for (const [path, options, message] of refusals) {
      const label = path.slice(dir.length + 1);
      await assert.rejects(replayHistory(files, path, { label, ...options }), (e: unknown) => e instanceof ReplayInputError && message.test(e.message), label);
    }
  });

  describe('bad data: each a located problem or a defined behaviour, never a crash', () => {
    it('unparseable numbers, NaN and infinities: the line is left out', async () => {
      const result = await replay('numbers.csv', csv([0.95, 'n/a', 'NaN', '+Inf', '1e999', 0.95]));
      assert.deepEqual(problems(result), [
        '3:29: error: the value "n/a" is not a number. This line is left out.',
        '4:29: error: the value is NaN: a sample must be a finite number. This line is left out.',
        '5:29: error: the value +Inf is infinite: a sample must be a finite number. This line is left out.',
        '6:29: error: the value 1e999 is infinite: a sample must be a finite number. This line is left out.',
      ]);
      assert.equal(result.samples, 2);
      const json = await replay('numbers.jsonl', `{"timestamp":"${iso(0)}","metric":"recall","value":"Infinity"}\n`);
      assert.match(problems(json)[0], /^1:55: error: the value is the string "Infinity": a sample must be a finite number \(JSON has no NaN or infinity/);
    });

    it('unknown metrics: named once with their first line, their count and the closest metric an SLO reads', async () => {
      const result = await replay('unknown.csv', csv([0.95], [`${iso(1)},recal,0.9`, `${iso(2)},recal,0.9`]));
      assert.deepEqual(result.unknownMetrics, [{ metric: 'recal', line: 3, samples: 2, suggestion: 'recall' }]);
    });

    it('timestamps out of order: the earlier sample is left out, located', async () => {
      const result = await replay('order.csv', ['timestamp,metric,value', `${iso(5)},recall,0.95`, `${iso(3)},recall,0.95`].join('\n'));
      assert.deepEqual(problems(result), [`3: error: ${iso(3)} is earlier than the sample before it (${iso(5)}): the history must be in time order (sort it by time); this sample is left out.`]);
    });

    it('mixed time zones: read in UTC, with one warning at the first line in another offset', async () => {
      const lines = ['2026-11-17T01:00:00+01:00', '2026-11-17T00:01:00Z', '2026-11-17T02:02:00+02:00'].map((t) => JSON.stringify({ timestamp: t, metric: 'recall', value: 0.95 }));
      const result = await replay('zones.jsonl', lines.join('\n'));
      assert.deepEqual(problems(result), ['2: warning: timestamp "2026-11-17T00:01:00Z" is at UTC, the lines before at UTC+01:00: times are compared in UTC (this is said once).']);
      assert.deepEqual([result.start, result.end, result.samples], [T0, T0 + 2 * MIN, 3]);
    });

    it('duplicate samples: the same value is a warning, another value an error; the repeat is left out', async () => {
      const result = await replay('duplicates.csv', csv([0.95], [`${iso(0)},recall,0.95`, `${iso(0)},recall,0.5`]));
      assert.deepEqual(problems(result), [
        `3: warning: recall at ${iso(0)} repeats line 2; the duplicate is ignored.`,
        `4: error: recall has two values at ${iso(0)}: 0.95 (line 2) and 0.5; the second is left out.`,
      ]);
    });

    it('an empty file, and a CSV without its header row: an error at line 1, nothing replayed', async () => {
      for (const [name, content] of [['empty.jsonl', ''], ['empty.csv', '\n\n']] as const) {
        const result = await replay(name, content);
        assert.deepEqual([problems(result).length, result.problems[0].line, result.problems[0].severity, result.evaluations], [1, 1, 'error', 0], name);
        assert.match(result.problems[0].message, /^the history is empty/);
      }
      const headless = await replay('headless.csv', `${iso(0)},recall,0.95\n${iso(1)},recall,0.95\n`);
      assert.deepEqual(problems(headless), ['1:1: error: a CSV history needs a header row: timestamp,metric,value[,label...] (columns in any order); this file starts with data, so it is not read.']);
      assert.equal(headless.samples, 0);
    });

    it('CRLF line ends: read as LF', async () => {
      const result = await replay('crlf.csv', csv([0.95, 0.95]).replace(/\n/g, '\r\n'));
      assert.deepEqual([problems(result), result.samples], [[], 2]);
    });
  });

  it('streams a file of 128 MiB with a heap far below it, during the replay and after', async function () {
    // 128 MiB: about 1 s to write and 2 s to replay here. Loaded whole, its text alone would take 128 MiB of heap.
    this.timeout(120_000);
    const path = join(dir, 'big.csv');
    const out = createWriteStream(path);
    const tenants = ['acme', 'globex', 'initech', 'umbrella'];
    let bytes = 0;
    out.write('timestamp,metric,value,tenant,shard\n');
    for (let minute = 0; bytes < 128 * 2 ** 20; minute++) {
      const at = iso(minute);
      // A new shard every MiB: series first seen in every chunk of the file, none of which they may keep alive.
      const shard = `shard-${String(Math.floor(bytes / 2 ** 20)).padStart(4, '0')}-${'p'.repeat(30)}`;
      const block = tenants.map((t, k) => `${at},recall,${0.9 + ((minute + k) % 10) / 100},${t},${shard}\n${at},latency_ms,${200 + ((minute * 7 + k) % 500)},${t},${shard}\n`).join('');
      bytes += block.length;
      if (!out.write(block)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));

    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const result = await replayHistory(files, path, { label: 'big.csv', onProgress: () => (peak = Math.max(peak, process.memoryUsage().heapUsed - before)) });
    gc();
    const retained = process.memoryUsage().heapUsed - before;
    assert.deepEqual(problems(result), []);
    assert.ok(result.samples > 1_000_000, `${result.samples} samples`);
    // Garbage between collections included, the heap grows by well under the file (loaded whole, its text alone would
    // take 128 MiB); what it keeps afterwards is the windows.
    assert.ok(peak < 96 * 2 ** 20, `the heap grew by ${(peak / 2 ** 20).toFixed(0)} MiB during the replay`);
    assert.ok(retained < 8 * 2 ** 20, `the heap kept ${(retained / 2 ** 20).toFixed(1)} MiB after it`);
  });
});
