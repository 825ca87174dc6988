/**
 * Rolling aggregates over one series' samples in a window. A window of `w` at evaluation time `t` holds the samples
 * with `t - w < time <= t`: a sample exactly `w` old has left (as in Prometheus 3's range selectors). `rolling`
 * holds every sample since the start. Each aggregate keeps only what it needs: `last` one sample, `min`/`max` a
 * monotonic queue, `mean`/`sum`/`count` a ring of samples and a compensated sum, percentiles a sorted copy.
 */
export const AGGREGATES = ['mean', 'min', 'max', 'sum', 'count', 'last', 'p50', 'p95', 'p99'] as const;
export type Aggregate = (typeof AGGREGATES)[number];

export function isAggregate(text: string): text is Aggregate {
  return (AGGREGATES as readonly string[]).includes(text);
}

/** The quantile a percentile aggregate takes. */
export function quantileOf(aggregate: Aggregate): number | undefined {
  return aggregate === 'p50' ? 0.5 : aggregate === 'p95' ? 0.95 : aggregate === 'p99' ? 0.99 : undefined;
}

/** Whether a raw sample is comparable with the target (not for `sum` and `count`, which a single sample is not). */
export function comparesRawSamples(aggregate: Aggregate): boolean {
  return aggregate !== 'sum' && aggregate !== 'count';
}

/**
 * A computed aggregate to 12 significant digits: float noise must not decide (three samples of 0.95 sum to
 * 2.8499999999999996, whose mean 0.9499999999999998 would breach `>= 0.95`). Samples themselves are never rounded.
 */
export function settle(x: number): number {
  const magnitude = Math.abs(x);
  if (magnitude === 0 || !Number.isFinite(x)) return x;
  const scale = SCALES[11 - Math.floor(Math.log10(magnitude)) + SCALE_OFFSET];
  return Number.isFinite(scale) && scale !== 0 ? Math.round(x * scale) / scale : x;
}

/** `10 ** k` for every k a finite double's settle can ask for, computed once: settle runs once per window read. */
const SCALE_OFFSET = 400;
const SCALES = Array.from({ length: 2 * SCALE_OFFSET + 1 }, (_, i) => 10 ** (i - SCALE_OFFSET));

export interface WindowAggregate {
  add(time: number, value: number): void;
  /** Drops the samples at or before `cutoff` (`t - w`). */
  evict(cutoff: number): void;
  /** The aggregate over the samples held, undefined when there are none (no data). */
  value(): number | undefined;
  /** The time of the oldest sample whose leaving changes `value()`; Infinity when none will. */
  oldest(): number;
}

/**
 * `rolling`: no sample ever leaves, so the aggregates that do not need every sample (all but percentiles) keep none:
 * memory stays flat over a history of any length.
 */
export function windowAggregate(aggregate: Aggregate, rolling = false): WindowAggregate {
  switch (aggregate) {
    case 'last':
      return new Last();
    case 'min':
      return new Extreme((a, b) => a < b, rolling);
    case 'max':
      return new Extreme((a, b) => a > b, rolling);
    case 'p50':
    case 'p95':
    case 'p99':
      return new Percentile(quantileOf(aggregate)!);
    case 'mean':
    case 'sum':
    case 'count':
      return new Summed(aggregate, rolling);
  }
}

class Last implements WindowAggregate {
  private time = -Infinity;
  private last = NaN;
  private held = false;
  add(time: number, value: number): void {
    this.time = time;
    this.last = value;
    this.held = true;
  }
  evict(cutoff: number): void {
    if (this.held && this.time <= cutoff) this.held = false;
  }
  value(): number | undefined {
    return this.held ? this.last : undefined;
  }
  oldest(): number {
    return this.held ? this.time : Infinity;
  }
}

/** A growable ring of (time, value) samples, oldest first. */
class Ring {
  times = new Float64Array(16);
  values = new Float64Array(16);
  head = 0;
  size = 0;
  push(time: number, value: number): void {
    if (this.size === this.times.length) this.grow();
    const at = (this.head + this.size) & (this.times.length - 1);
    this.times[at] = time;
    this.values[at] = value;
    this.size++;
  }
  /** Index of the i-th oldest sample. */
  at(i: number): number {
    return (this.head + i) & (this.times.length - 1);
  }
  shift(): void {
    this.head = (this.head + 1) & (this.times.length - 1);
    this.size--;
  }
  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    const values = new Float64Array(this.values.length * 2);
    for (let i = 0; i < this.size; i++) {
      times[i] = this.times[this.at(i)];
      values[i] = this.values[this.at(i)];
    }
    this.times = times;
    this.values = values;
    this.head = 0;
  }
}

/**
 * Mean, sum and count. The sum is kept with Neumaier's compensation as samples come and go, and recomputed from the
 * ring after as many removals as the ring holds, so rounding never accumulates over a long replay.
 */
class Summed implements WindowAggregate {
  /** The samples, to evict; none in a rolling window. */
  private readonly ring?: Ring;
  private count = 0;
  private sum = 0;
  private compensation = 0;
  private removals = 0;
  constructor(
    private readonly kind: 'mean' | 'sum' | 'count',
    rolling: boolean,
  ) {
    if (!rolling) this.ring = new Ring();
  }
  add(time: number, value: number): void {
    this.ring?.push(time, value);
    this.count++;
    this.accumulate(value);
  }
  evict(cutoff: number): void {
    const ring = this.ring;
    if (!ring) return;
    while (ring.size > 0 && ring.times[ring.head] <= cutoff) {
      const v = ring.values[ring.head];
      ring.shift();
      this.count--;
      this.accumulate(-v);
      this.removals++;
    }
    if (this.removals > 0 && this.removals >= ring.size) this.recompute(ring);
  }
  value(): number | undefined {
    const n = this.count;
    if (n === 0) return undefined;
    if (this.kind === 'count') return n;
    const sum = this.sum + this.compensation;
    return settle(this.kind === 'sum' ? sum : sum / n);
  }
  oldest(): number {
    return this.ring && this.ring.size > 0 ? this.ring.times[this.ring.head] : Infinity;
  }
  private accumulate(v: number): void {
    const t = this.sum + v;
    this.compensation += Math.abs(this.sum) >= Math.abs(v) ? this.sum - t + v : v - t + this.sum;
    this.sum = t;
  }
  private recompute(ring: Ring): void {
    this.sum = 0;
    this.compensation = 0;
    this.removals = 0;
    for (let i = 0; i < ring.size; i++) this.accumulate(ring.values[ring.at(i)]);
  }
}

/**
 * Min or max: a queue of the samples that can still be the extreme, oldest first, kept strictly monotonic. In a
 * rolling window nothing leaves, so only the extreme itself is kept.
 */
class Extreme implements WindowAggregate {
  private readonly queue = new Ring();
  /** `beats(a, b)`: an older `a` stays in front of a newer `b` (equal: the newer one is kept, it stays longer). */
  constructor(
    private readonly beats: (older: number, newer: number) => boolean,
    private readonly rolling: boolean,
  ) {}
  add(time: number, value: number): void {
    const q = this.queue;
    if (this.rolling) {
      if (q.size > 0 && this.beats(q.values[q.head], value)) return;
      q.size = 0;
    }
    // Drop from the back every older sample the new one outlives and beats or equals: it can never be the extreme again.
    while (q.size > 0 && !this.beats(q.values[q.at(q.size - 1)], value)) q.size--;
    q.push(time, value);
  }
  evict(cutoff: number): void {
    const q = this.queue;
    while (q.size > 0 && q.times[q.head] <= cutoff) q.shift();
  }
  value(): number | undefined {
    return this.queue.size > 0 ? this.queue.values[this.queue.head] : undefined;
  }
  oldest(): number {
    return this.queue.size > 0 && !this.rolling ? this.queue.times[this.queue.head] : Infinity;
  }
}

/**
 * A quantile as Prometheus's `quantile_over_time` computes it: rank `q * (n - 1)` in the sorted samples, linearly
 * interpolated between its neighbours (then settled). The samples are kept in arrival order (to evict) and sorted (to rank).
 * An evicted sample leaves the sorted copy when the next one arrives, which takes its place by moving only the values
 * between the two (a window that slides moves a third of them, not all), or when the value is read.
 */
class Percentile implements WindowAggregate {
  private readonly ring = new Ring();
  private sorted = new Float64Array(16);
  /** Values evicted from the ring but still in `sorted`. */
  private readonly leaving: number[] = [];
  constructor(private readonly q: number) {}
  add(time: number, value: number): void {
    this.ring.push(time, value);
    if (this.leaving.length > 0) {
      const old = this.leaving.pop()!;
      // The sorted copy holds the ring's samples but the new one, and those still leaving (`old` among them).
      this.replace(old, value, this.ring.size + this.leaving.length);
      return;
    }
    const n = this.ring.size - 1;
    if (n === this.sorted.length) {
      const grown = new Float64Array(this.sorted.length * 2);
      grown.set(this.sorted);
      this.sorted = grown;
    }
    const at = this.search(value, n);
    this.sorted.copyWithin(at + 1, at, n);
    this.sorted[at] = value;
  }
  evict(cutoff: number): void {
    const ring = this.ring;
    while (ring.size > 0 && ring.times[ring.head] <= cutoff) {
      this.leaving.push(ring.values[ring.head]);
      ring.shift();
    }
  }
  value(): number | undefined {
    const n = this.ring.size;
    while (this.leaving.length > 0) {
      const length = n + this.leaving.length;
      const at = this.search(this.leaving.pop()!, length);
      this.sorted.copyWithin(at, at + 1, length);
    }
    if (n === 0) return undefined;
    const rank = this.q * (n - 1);
    const lower = Math.max(0, Math.floor(rank));
    const upper = Math.min(n - 1, lower + 1);
    const weight = rank - Math.floor(rank);
    return settle(this.sorted[lower] * (1 - weight) + this.sorted[upper] * weight);
  }
  oldest(): number {
    return this.ring.size > 0 ? this.ring.times[this.ring.head] : Infinity;
  }
  /** Puts `value` where `old` is in sorted[0..n), moving the values between. */
  private replace(old: number, value: number, n: number): void {
    const from = this.search(old, n);
    if (value >= old) {
      // An equal value takes the old one's place (`to` is at least past it).
      const to = Math.max(this.search(value, n), from + 1);
      this.sorted.copyWithin(from, from + 1, to);
      this.sorted[to - 1] = value;
    } else {
      const to = this.search(value, from);
      this.sorted.copyWithin(to + 1, to, from);
      this.sorted[to] = value;
    }
  }
  /** The first index in sorted[0..n) whose value is >= v. */
  private search(v: number, n: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
