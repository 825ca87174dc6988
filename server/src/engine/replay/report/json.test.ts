import { strict as assert } from 'node:assert';
import { replayJson } from './json';
import { HOUR, replayOf } from '../testing';

const relative = (uri: string) => uri.replace('file:///w/', '');

describe('replayJson', () => {
  const json = replayJson(replayOf(HOUR, { whatIf: 'recall' }), relative);

  it('gives the period as ISO 8601 UTC times and its length in ms and seconds', () => {
    assert.deepEqual(
      { start: json.start, end: json.end, periodMs: json.periodMs, periodSeconds: json.periodSeconds, stepMs: json.stepMs, stepSeconds: json.stepSeconds },
      { start: '2026-11-17T00:00:00Z', end: '2026-11-17T00:59:00Z', periodMs: 3_540_000, periodSeconds: 3540, stepMs: null, stepSeconds: null },
    );
    assert.equal(json.evaluations, 60);
    assert.equal(json.cancelled, false);
  });

  it('lists each gate\'s SLOs by label, its time in each decision (with the share) and its timeline', () => {
    const release = json.gates.find((g) => g.name === 'release')!;
    assert.deepEqual(release.slos, ['recall']);
    assert.deepEqual(release.location, { path: 'safety-slos.yaml', line: 22, column: 11 });
    assert.deepEqual(release.timeIn[0], { decision: 'degrade_to_safe_mode', ladder: 'degrade_to_safe_mode', ms: 1_080_000, seconds: 1080, share: 1_080_000 / 3_540_000 });
    assert.deepEqual(release.timeline.map((e) => [e.at, e.decision, e.ladder]), [
      ['2026-11-17T00:00:00Z', 'pass', null],
      ['2026-11-17T00:23:00Z', 'degrade_to_safe_mode', 'degrade_to_safe_mode'],
      ['2026-11-17T00:41:00Z', 'pass', null],
    ]);
  });

  it('gives each episode its times as ISO strings and its durations in ms and seconds; null where one does not apply', () => {
    const recall = json.slos.find((s) => s.name === 'recall')!;
    assert.equal(recall.firstBreachAt, '2026-11-17T00:23:00Z');
    assert.deepEqual([recall.timeInBreachMs, recall.timeInBreachSeconds, recall.timeWithoutDataMs, recall.problem], [1_080_000, 1080, 0, null]);
    assert.deepEqual(recall.episodes, [
      {
        series: 'recall',
        breachedAt: '2026-11-17T00:23:00Z',
        value: 0.89,
        endedAt: '2026-11-17T00:41:00Z',
        endedBy: 'recovered',
        durationMs: 1_080_000,
        durationSeconds: 1080,
        crossedAt: '2026-11-17T00:20:00Z',
        detectMs: 180_000,
        detectSeconds: 180,
      },
    ]);
    // Time to detect is not defined for count.
    const volume = json.slos.find((s) => s.name === 'volume')!;
    assert.equal(volume.detects, false);
  });

  it('gives the what-if rows with their durations in ms and seconds', () => {
    const current = json.whatIf!.rows.find((r) => r.current)!;
    assert.deepEqual(current, {
      threshold: 0.9,
      target: '>= 0.9',
      current: true,
      breaches: 1,
      timeInBreachMs: 1_080_000,
      timeInBreachSeconds: 1080,
      detectMedianMs: 180_000,
      detectMedianSeconds: 180,
      detectMaxMs: 180_000,
      detectMaxSeconds: 180,
      firstBreachAt: '2026-11-17T00:23:00Z',
    });
    assert.equal(json.whatIf!.rows.length, 21);
  });

  it('keeps every key whatever the replay found: null rather than absent', () => {
    const empty = replayJson(replayOf([]));
    assert.deepEqual([empty.start, empty.end, empty.whatIf, empty.periodMs, empty.slos[0].firstBreachAt], [null, null, null, 0, null]);
    assert.equal(empty.gates[0].timeIn.length, 0);
    const unknown = replayJson(replayOf([[0, 'recal', 1], [0, 'recal', 1]]));
    assert.deepEqual(unknown.unknownMetrics, [{ metric: 'recal', line: 1, samples: 1, suggestion: 'recall' }]);
    assert.deepEqual(unknown.problems, [{ line: 2, column: null, severity: 'warning', message: 'recal at 2026-11-17T00:00:00Z repeats line 1; the duplicate is ignored.' }]);
    const keys = (o: object) => Object.keys(o).sort();
    assert.deepEqual(keys(empty), keys(json));
    assert.deepEqual(keys(empty.slos[0]), keys(json.slos[0]));
    // The whole thing survives JSON: no undefined, no NaN.
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  });
});
