import { strict as assert } from 'node:assert';
import { policy, slo as sloItem } from '../testing';
import type { ReplayResult } from './result';
import { MIN, replayOf, rows, T0, type Row, type Run } from './testing';

/** An SLO item with the fields these tests vary. */
function slo(name: string, target: string, window: string, action: string, extra: Record<string, string> = {}): string {
  return sloItem({ name, objective: '"x."', target: `"${target}"`, window, action_on_breach: action, ...extra });
}

/** `rows` at minutes from T0; `from` and `span` in minutes too. */
function replay(text: string, data: readonly Row[], options: Omit<Run, 'policy' | 'from' | 'span'> & { from?: number; span?: { start: number; end: number } } = {}): ReplayResult {
  const { from, span, ...rest } = options;
  return replayOf(data, {
    policy: text,
    ...rest,
    ...(from !== undefined ? { from: T0 + from * MIN } : {}),
    ...(span ? { span: { start: T0 + span.start * MIN, end: T0 + span.end * MIN } } : {}),
  });
}

const minutes = (ms: number) => (ms - T0) / MIN;
const timeline = (result: ReplayResult, gate = 0) => result.gates[gate].timeline.map((e) => [minutes(e.at), e.decision]);
const timeIn = (result: ReplayResult, gate = 0) => Object.fromEntries(result.gates[gate].timeIn.map((t) => [t.decision, t.ms / MIN]));

/** One sample a minute of `metric` from minute 0: `values[i]` at minute i. */
const series = (metric: string, values: readonly number[], labels?: Record<string, string>): Row[] => rows(metric, values.length, (i) => values[i], labels);

describe('replay', () => {
  const recall = policy(slo('recall', '>= 0.9', '10m', 'degrade_to_safe_mode'));
  // 0.95 for 20 minutes, 0.8 for 15, then 0.95 again up to minute 59.
  const dip = series('recall', Array.from({ length: 60 }, (_, i) => (i >= 20 && i < 35 ? 0.8 : 0.95)));

  it('decides at every sample time: breach when the windowed mean crosses, recovery when it comes back', () => {
    const result = replay(recall, dip);
    // At 23m the window (13m, 23m] holds four samples of 0.8: mean 0.89. At 22m only three: 0.905.
    assert.deepEqual(timeline(result), [[0, 'pass'], [23, 'degrade_to_safe_mode'], [41, 'pass']]);
    assert.deepEqual(timeIn(result), { degrade_to_safe_mode: 18, pass: 41 });
    assert.equal(result.start, T0);
    assert.equal(result.end, T0 + 59 * MIN);
    assert.equal(result.evaluations, 60);
    assert.match(result.gates[0].timeline[1].reason, /^recall breached: mean over 10m 0\.89 < 0\.9\.$/);
  });

  it('records the episode with its time to detect: from the first failing raw sample to the breach', () => {
    const [episode] = replay(recall, dip).slos[0].episodes;
    assert.deepEqual(episode, { series: 'recall', breachedAt: T0 + 23 * MIN, value: 0.89, crossedAt: T0 + 20 * MIN, detectMs: 3 * MIN, endedAt: T0 + 41 * MIN, endedBy: 'recovered' });
    const slo = replay(recall, dip).slos[0];
    assert.equal(slo.breaches, 1);
    assert.equal(slo.timeInBreach, 18 * MIN);
  });

  it('with a step, evaluates at multiples of the step since the epoch, after every sample of that time', () => {
    const result = replay(recall, dip, { step: 5 * MIN });
    assert.deepEqual(timeline(result), [[0, 'pass'], [25, 'degrade_to_safe_mode'], [45, 'pass']]);
    assert.equal(result.evaluations, 12);
    assert.equal(result.step, 5 * MIN);
    // A history starting off the grid is first evaluated at the next multiple.
    const late = replay(recall, dip.slice(3), { step: 5 * MIN });
    assert.equal(late.start, T0 + 5 * MIN);
  });

  it('with a span, evaluates every step across it, before the first sample and after the last', () => {
    const result = replay(recall, [[2, 'recall', 0.5], [3, 'recall', 0.5]], { step: MIN, span: { start: 0, end: 6 } });
    // No data at 0m and 1m, the breach while the samples are in the 10m window, through the span's end.
    assert.equal(result.start, T0);
    assert.equal(result.end, T0 + 6 * MIN);
    assert.equal(result.evaluations, 7);
    assert.deepEqual(timeline(result), [[0, 'pass'], [2, 'degrade_to_safe_mode']]);
    assert.equal(replay(recall, [], { step: MIN, span: { start: 0, end: 2 } }).evaluations, 3);
  });

  it('evaluates from `from` on, the earlier samples only filling the windows', () => {
    const result = replay(recall, dip, { from: 30 });
    assert.equal(result.start, T0 + 30 * MIN);
    assert.deepEqual(timeline(result), [[30, 'degrade_to_safe_mode'], [41, 'pass']]);
    assert.equal(result.slos[0].episodes[0].crossedAt, T0 + 20 * MIN);
  });

  it('accumulates a rolling window since the start: a never event stays breached', () => {
    const plan = policy(slo('violations', '== 0', 'rolling', 'kill_switch', { aggregate: 'max' }));
    const result = replay(plan, series('violations', [0, 0, 1, 0, 0]));
    assert.deepEqual(timeline(result), [[0, 'pass'], [2, 'kill_switch']]);
    assert.deepEqual(timeIn(result), { kill_switch: 2, pass: 2 });
    assert.equal(result.slos[0].episodes[0].endedAt, undefined);
  });

  it('reads the aggregate the SLO names', () => {
    const values = [1, 1, 1, 9, 1, 1];
    const decide = (aggregate: string) => timeline(replay(policy(slo('latency', '<= 5', '3m', 'alert', { aggregate })), series('latency', values)));
    assert.deepEqual(decide('max'), [[0, 'pass'], [3, 'alert']]); // the 9 would leave at 6m, after the last sample
    assert.deepEqual(decide('mean'), [[0, 'pass']]); // (1+1+9)/3 = 3.67
    assert.deepEqual(decide('sum'), [[0, 'pass'], [3, 'alert']]); // 1 + 1 + 9 = 11 > 5
    assert.deepEqual(decide('p99'), [[0, 'pass'], [3, 'alert']]);
    assert.deepEqual(decide('last'), [[0, 'pass'], [3, 'alert'], [4, 'pass']]);
    assert.deepEqual(timeline(replay(policy(slo('requests', '>= 3', '3m', 'alert', { aggregate: 'count' })), series('requests', values))), [[0, 'alert'], [2, 'pass']]);
  });

  it('has no time to detect for sum and count, whose targets a raw sample cannot be compared with', () => {
    const result = replay(policy(slo('errors', '<= 5', '3m', 'alert', { aggregate: 'sum' })), series('errors', [2, 2, 2, 2]));
    assert.equal(result.slos[0].detects, false);
    assert.equal(result.slos[0].episodes[0].detectMs, undefined);
  });

  it('picks the most severe breached action, the first SLO on a tie, and blocks on missing data when the gate says so', () => {
    const plan = policy(
      slo('a', '>= 1', '1m', 'alert') + slo('b', '>= 1', '1m', 'rollback') + slo('c', '>= 1', '1m', 'rollback'),
      '\ngates:\n  - name: g\n    slos: [a, c]\n',
    );
    const rows: Row[] = [[0, 'a', 1], [0, 'b', 1], [0, 'c', 1], [1, 'a', 0], [2, 'b', 0], [2, 'c', 0], [3, 'a', 1]];
    const result = replay(plan, rows);
    // At 3m only a has a sample in its 1m window: b and c have no data, which the policy ignores.
    assert.deepEqual(timeline(result), [[0, 'pass'], [1, 'alert'], [2, 'rollback'], [3, 'pass']]);
    assert.match(result.gates[0].timeline[2].reason, /^b breached/);
    // Gate g reads a and c and blocks on missing data: c has none at 3m.
    assert.deepEqual(timeline(result, 1), [[0, 'pass'], [1, 'alert'], [2, 'rollback'], [3, 'block']]);
    const sparse = replay(plan, [[0, 'a', 1], [0, 'c', 1], [5, 'a', 1]]);
    assert.deepEqual(timeline(sparse, 1), [[0, 'pass'], [5, 'block']]);
    assert.match(sparse.gates[1].timeline[1].reason, /^no data for c \(on_missing_data: block\)\.$/);
    assert.deepEqual(timeline(sparse, 0), [[0, 'pass']]);
  });

  it('reads every series whose labels satisfy the scope, as a PromQL selector does', () => {
    const plan = policy(slo('recall', '>= 0.9', '5m', 'rollback', { scope: '{ tenant: acme }' }));
    const rows: Row[] = [
      [0, 'recall', 0.95, { tenant: 'acme', region: 'eu' }],
      [0, 'recall', 0.5, { tenant: 'beta' }],
      [1, 'recall', 0.5, { tenant: 'acme', region: 'us' }],
    ];
    const result = replay(plan, rows);
    assert.deepEqual(result.slos[0].series, ['recall{region="eu",tenant="acme"}', 'recall{region="us",tenant="acme"}']);
    assert.deepEqual(timeline(result), [[0, 'pass'], [1, 'rollback']]);
    assert.equal(result.slos[0].episodes[0].series, 'recall{region="us",tenant="acme"}');
    assert.match(result.gates[0].timeline[1].reason, / on recall\{region="us",tenant="acme"\}\.$/);
  });

  it('decides error throughout when a gate lists an unknown SLO or one that cannot be evaluated', () => {
    const broken = replay(policy(slo('a', '>= 1', '1m', 'alert') + slo('b', '=> 1', '1m', 'alert'), '\ngates:\n  - name: g\n'), [[0, 'a', 0]]);
    assert.deepEqual(timeline(broken, 1), [[0, 'error']]);
    assert.match(broken.gates[1].timeline[0].reason, /^b cannot be evaluated: its target "=> 1" does not parse/);
    const plan = policy(slo('a', '>= 1', '1m', 'alert') + slo('b', '=> 1', '1m', 'alert'), '\ngates:\n  - name: g\n    slos: [a, zz]\n');
    const result = replay(plan, [[0, 'a', 0]]);
    // The policy as a whole leaves b out (its problem is its own); the gate cannot.
    assert.deepEqual(timeline(result, 0), [[0, 'alert']]);
    assert.deepEqual(result.gates[0].slos, ['a']);
    assert.deepEqual(timeline(result, 1), [[0, 'error']]);
    assert.match(result.gates[1].timeline[0].reason, /lists "zz"/);
    assert.match(result.slos[1].problem!, /does not parse/);
  });

  it('leaves out, with located problems, samples out of order, conflicting duplicates and ratios that are not', () => {
    const plan = policy(slo('recall', '>= 90%', '5m', 'alert'));
    const result = replay(plan, [[0, 'recall', 0.95], [2, 'recall', 0.95], [1, 'recall', 0.1], [2, 'recall', 0.95], [2, 'recall', 0.5], [3, 'recall', 95], [4, 'recal', 0.1], [5, 'recal', 0.1]]);
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.severity, p.message.replace(/:.*/, '')]),
      [[3, 'error', '2026-11-17T00'], [4, 'warning', 'recall at 2026-11-17T00'], [5, 'error', 'recall has two values at 2026-11-17T00'], [6, 'error', 'recall is 95, not a ratio, but recall\'s target ">= 90%" is a percentage compared as the ratio 0.9; such samples are left out of recall.']],
    );
    assert.match(result.problems[0].message, /earlier than the sample before it/);
    assert.deepEqual(result.unknownMetrics, [{ metric: 'recal', line: 7, samples: 2, suggestion: 'recall' }]);
    assert.deepEqual(timeline(result), [[0, 'pass']]);
    assert.equal(result.samples, 5);
    assert.equal(result.samplesRead, 2);
    assert.equal(result.slos[0].timeWithoutData, 0);
  });

  it('does not call the metric of an SLO that cannot be replayed unknown', () => {
    const result = replay(policy(slo('recall', '=> 0.9', '5m', 'alert')), [[0, 'recall', 0.5]]);
    assert.deepEqual(result.unknownMetrics, []);
    assert.match(result.slos[0].problem!, /does not parse/);
  });

  it('reads no series for an SLO whose scope lists no value (it applies to no traffic)', () => {
    const result = replay(policy(slo('recall', '>= 0.9', '5m', 'alert', { scope: '{ tenant: [] }' })), [[0, 'recall', 0.5, { tenant: 'acme' }]]);
    assert.deepEqual(result.slos[0].series, []);
    assert.deepEqual(timeline(result), [[0, 'pass']]);
  });

  it('keeps at most `keep` timeline entries and episodes, still counting every one', () => {
    const flapping = series('recall', Array.from({ length: 40 }, (_, i) => (i % 2 ? 0.5 : 0.95)));
    const result = replay(policy(slo('recall', '>= 0.9', '30s', 'alert')), flapping, { keep: 5 });
    assert.equal(result.gates[0].timeline.length, 5);
    assert.equal(result.gates[0].timelineOmitted, 35);
    assert.equal(result.slos[0].episodes.length, 5);
    assert.equal(result.slos[0].episodesOmitted, 15);
    assert.equal(result.slos[0].breaches, 20);
    // The last evaluation (39m, alert) holds for no time.
    assert.deepEqual(timeIn(result), { alert: 19, pass: 20 });
  });

  it('sweeps a threshold: breaches, time in breach and time to detect per threshold', () => {
    const result = replay(recall, dip, { whatIf: { slo: 'recall', thresholds: [0.85, 0.9, 0.95] } });
    const swept = result.whatIf!.rows.map((r) => [r.target, r.current, r.breaches, r.timeInBreach / MIN, r.detectMedianMs! / MIN, minutes(r.firstBreachAt!)]);
    // 0.85: the mean falls to 0.83 at 26m (six samples of 0.8), back at 38m. 0.95: any 0.8 breaches at once, until
    // the last one (34m) leaves the window at 44m.
    assert.deepEqual(swept, [
      ['>= 0.85', false, 1, 12, 6, 26],
      ['>= 0.9', true, 1, 18, 3, 23],
      ['>= 0.95', false, 1, 24, 0, 20],
    ]);
    assert.deepEqual(result.whatIf!.target, '>= 0.9');
    // The sweep does not change the replay itself.
    assert.deepEqual(timeline(result), timeline(replay(recall, dip)));
  });

  it('marks a cancelled replay and evaluates nothing after it stopped', () => {
    const result = replay(recall, series('recall', [0.95, 0.95, 0.95, 0.95, 0.95, 0.95]), { cancelAfter: 5 });
    assert.equal(result.cancelled, true);
    assert.equal(result.evaluations, 4);
  });

  it('reports nothing evaluated for an empty history', () => {
    const result = replay(recall, []);
    assert.equal(result.start, undefined);
    assert.equal(result.evaluations, 0);
    assert.deepEqual(result.gates[0].timeline, []);
  });
});
