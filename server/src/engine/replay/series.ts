/**
 * The metric history a replay reads: samples of series, in time order. A series is a metric and its labels (scope
 * dimensions), Prometheus-style. Times are milliseconds since the Unix epoch, in UTC.
 */
export interface Series {
  readonly metric: string;
  /** Label name to value, names sorted. */
  readonly labels: ReadonlyMap<string, string>;
  /** `metric{a="x",b="y"}`: how reports name it. */
  readonly key: string;
}

export interface Sample {
  readonly time: number;
  readonly series: Series;
  readonly value: number;
  /** The line of the history file it came from (1-based), for located messages. */
  readonly line: number;
}

/** A problem with the history, located on its line. `error`s make the replay untrustworthy; `warning`s are notices. */
export interface DataProblem {
  readonly line: number;
  readonly column?: number;
  readonly message: string;
  readonly severity: 'error' | 'warning';
}

/** One series object per distinct metric and labels, so a replay keeps per-series state by identity. */
export class SeriesTable {
  private readonly byKey = new Map<string, Series>();

  /** The series of `metric` with `labels` (any order; empty values are no label, as in Prometheus). */
  intern(metric: string, labels: Iterable<readonly [string, string]>): Series {
    const sorted = [...labels].filter(([, v]) => v !== '').sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = seriesKey(metric, sorted);
    let series = this.byKey.get(key);
    if (!series) this.byKey.set(key, (series = { metric, labels: new Map(sorted), key }));
    return series;
  }

  get size(): number {
    return this.byKey.size;
  }
}

export function seriesKey(metric: string, sortedLabels: readonly (readonly [string, string])[]): string {
  if (sortedLabels.length === 0) return metric;
  return `${metric}{${sortedLabels.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
}

/** ISO 8601 in UTC, as every report shows times. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
