import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { AGGREGATES, settle, windowAggregate, type Aggregate } from './aggregate';

/** The aggregate computed the slow way, over the samples with `t - w < time <= t`. */
function bruteForce(aggregate: Aggregate, samples: readonly (readonly [number, number])[], t: number, w: number): number | undefined {
  const values = samples.filter(([time]) => time > t - w && time <= t).map(([, v]) => v);
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (q: number) => {
    const rank = q * (sorted.length - 1);
    const lower = Math.floor(rank);
    const upper = Math.min(sorted.length - 1, lower + 1);
    return settle(sorted[lower] * (1 - (rank - lower)) + sorted[upper] * (rank - lower));
  };
  const sum = values.reduce((a, b) => a + b, 0);
  switch (aggregate) {
    case 'mean': return settle(sum / values.length);
    case 'sum': return settle(sum);
    case 'count': return values.length;
    case 'min': return sorted[0];
    case 'max': return sorted[sorted.length - 1];
    case 'last': return values[values.length - 1];
    case 'p50': return quantile(0.5);
    case 'p95': return quantile(0.95);
    case 'p99': return quantile(0.99);
  }
}

function over(aggregate: Aggregate, samples: readonly (readonly [number, number])[], t: number, w: number): number | undefined {
  const a = windowAggregate(aggregate);
  for (const [time, v] of samples) if (time <= t) a.add(time, v);
  a.evict(t - w);
  return a.value();
}

describe('replay/aggregate', () => {
  const samples = [[0, 4], [60, 1], [120, 3], [180, 2], [240, 5]] as const;

  it('leaves out a sample exactly one window old and keeps one a moment younger', () => {
    // At t=240 with w=240: the sample at 0 is exactly w old (out), the one at 60 is inside.
    assert.equal(over('count', samples, 240, 240), 4);
    assert.equal(over('count', samples, 240, 240.001), 5);
    assert.equal(over('min', samples, 240, 180), 2); // (60, 240]: 3, 2, 5
    assert.equal(over('min', samples, 240, 181), 1); // 60 is now inside
  });

  it('computes each aggregate over the window', () => {
    const expected: Record<Aggregate, number> = { mean: 3, min: 1, max: 5, sum: 15, count: 5, last: 5, p50: 3, p95: 4.8, p99: 4.96 };
    for (const aggregate of AGGREGATES) assert.equal(over(aggregate, samples, 240, 1000), expected[aggregate], aggregate);
  });

  it('interpolates quantiles as quantile_over_time does (rank q·(n−1))', () => {
    // Sorted 1 2 3 4: p50 rank 1.5 -> 2.5; p95 rank 2.85 -> 3.85.
    const four = [[0, 4], [1, 1], [2, 3], [3, 2]] as const;
    assert.equal(over('p50', four, 3, 10), 2.5);
    assert.equal(over('p95', four, 3, 10), 3.85);
    assert.equal(over('p99', [[0, 7]], 0, 10), 7);
  });

  it('has no value when the window is empty, and again once samples arrive', () => {
    for (const aggregate of AGGREGATES) {
      const a = windowAggregate(aggregate);
      assert.equal(a.value(), undefined);
      a.add(0, 1);
      a.evict(0);
      assert.equal(a.value(), undefined, aggregate);
      assert.equal(a.oldest(), Infinity, aggregate);
      a.add(10, 2);
      assert.equal(a.value(), aggregate === 'count' ? 1 : 2, aggregate);
    }
  });

  it('settles float noise: three samples of 0.95 average to 0.95', () => {
    const a = windowAggregate('mean');
    for (let i = 0; i < 3; i++) a.add(i, 0.95);
    assert.equal(a.value(), 0.95);
    assert.equal(settle(0.1 + 0.2), 0.3);
    assert.equal(settle(-0.95000000001), -0.95000000001);
    assert.equal(settle(0), 0);
  });

  it('matches a brute-force reading over random samples, windows and evaluation times', () => {
    const sample = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -64, max: 64 }).map((n) => n / 8));
    fc.assert(
      fc.property(fc.constantFrom(...AGGREGATES), fc.array(sample, { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), (aggregate, steps, w) => {
        // Times strictly increase; evaluate after each sample, as a replay does.
        const a = windowAggregate(aggregate);
        const seen: [number, number][] = [];
        let t = 0;
        for (const [dt, v] of steps) {
          t += dt + 1;
          a.add(t, v);
          seen.push([t, v]);
          a.evict(t - w);
          assert.equal(a.value(), bruteForce(aggregate, seen, t, w), `${aggregate} at ${t}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches it too when evicting before adding (as a replay does: a percentile replaces in place) and over rolling windows', () => {
    const sample = fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: -8, max: 8 }).map((n) => n / 4));
    fc.assert(
      fc.property(fc.constantFrom(...AGGREGATES), fc.array(sample, { maxLength: 60 }), fc.integer({ min: 1, max: 20 }), fc.boolean(), (aggregate, steps, w, rolling) => {
        const a = windowAggregate(aggregate, rolling);
        const window = rolling ? Infinity : w;
        const seen: [number, number][] = [];
        let t = 0;
        for (const [dt, v] of steps) {
          t += dt + 1;
          a.evict(t - window);
          a.add(t, v);
          seen.push([t, v]);
          assert.equal(a.value(), bruteForce(aggregate, seen, t, window), `${aggregate} at ${t}`);
          if (rolling && aggregate !== 'last' && !aggregate.startsWith('p')) assert.equal(a.oldest(), Infinity, 'nothing leaves a rolling window');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a long mean exact: the running sum is recomputed as the window turns over', () => {
    const a = windowAggregate('mean');
    for (let t = 0; t < 100_000; t++) {
      a.add(t, t % 10 === 0 ? 0.1 : 0.7);
      a.evict(t - 10);
    }
    assert.equal(a.value(), 0.64);
  });
});
