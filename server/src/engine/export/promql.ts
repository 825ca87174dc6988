import { quantileOf, type Aggregate } from '../replay/aggregate';
import type { PlannedSlo } from '../replay/plan';
import { NEGATED } from '../target';

/**
 * An SLO in PromQL, decided as a replay decides it: `query` is its windowed aggregate per series
 * (`avg_over_time(ood_recall{tenant="acme"}[7d])`), `breach` that aggregate filtered by the negated target
 * (`... < 0.9`), which returns exactly the series in breach. Thresholds are compared as the engine compares them:
 * percentages as the ratio, other units as labels (`<= 500ms` compares the value with 500).
 */
export type PromSlo = { readonly ok: true; readonly selector: string; readonly seconds: number; readonly query: string; readonly breach: string } | { readonly ok: false; readonly reason: string };

export type Evaluable = Extract<PlannedSlo, { ok: true }>;

const OVER_TIME: Record<Aggregate, string> = {
  mean: 'avg_over_time',
  min: 'min_over_time',
  max: 'max_over_time',
  sum: 'sum_over_time',
  count: 'count_over_time',
  last: 'last_over_time',
  p50: 'quantile_over_time',
  p95: 'quantile_over_time',
  p99: 'quantile_over_time',
};

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** The SLO's PromQL, or why there is none that decides the same. */
export function promSlo(slo: Evaluable): PromSlo {
  if (slo.window.kind === 'rolling') {
    return { ok: false, reason: 'its window is rolling (since the start), and exported windows are fixed durations: nothing exported would decide the same.' };
  }
  const selector = promSelector(slo);
  if ('reason' in selector) return { ok: false, reason: selector.reason };
  const query = windowed(slo, selector.text, promDuration(slo.window.seconds));
  return { ok: true, selector: selector.text, seconds: slo.window.seconds, query, breach: `${query} ${NEGATED[slo.target.comparator]} ${slo.target.value}` };
}

/** The series an SLO reads: its metric with one matcher per scope dimension, as `reads` matches them. */
function promSelector(slo: Evaluable): { readonly text: string } | { readonly reason: string } {
  if (!METRIC_NAME.test(slo.metric)) return { reason: `its metric "${slo.metric}" is not a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*).` };
  // Such an SLO reads no series in a replay and never breaches; a rule that can never fire is not worth exporting.
  if (slo.scope === undefined) return { reason: 'its scope lists no value for a dimension, so it applies to no traffic.' };
  const matchers: string[] = [];
  for (const [dimension, values] of slo.scope) {
    if (!LABEL_NAME.test(dimension) || dimension.startsWith('__')) {
      return { reason: `its scope dimension "${dimension}" is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __).` };
    }
    // PromQL's `label=""` matches series without the label; the replay's scope never does (a series has no empty label).
    if (values.has('')) return { reason: `its scope gives ${dimension} the empty value, which PromQL reads as "no ${dimension} label".` };
    matchers.push(matcher(dimension, values));
  }
  return { text: matchers.length ? `${slo.metric}{${matchers.join(', ')}}` : slo.metric };
}

function matcher(dimension: string, values: ReadonlySet<string>): string {
  const list = [...values];
  // Regex matchers are anchored at both ends, so `a|b` matches exactly a or b.
  return list.length === 1 ? `${dimension}=${promString(list[0])}` : `${dimension}=~${promString(list.map(regexLiteral).join('|'))}`;
}

/** A value matched literally by an RE2 regex. */
function regexLiteral(value: string): string {
  return value.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/** A PromQL string literal: JSON's escapes (`\"`, `\\`, `\n`, `\uXXXX`) are Go's too. */
function promString(value: string): string {
  return JSON.stringify(value);
}

function windowed(slo: Evaluable, selector: string, range: string): string {
  const q = quantileOf(slo.aggregate);
  const fn = OVER_TIME[slo.aggregate];
  return q === undefined ? `${fn}(${selector}[${range}])` : `${fn}(${q}, ${selector}[${range}])`;
}

/** Seconds as a PromQL duration in exact units: `604800` -> `7d`, `630` -> `10m30s`. */
export function promDuration(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    if (rest >= size) parts.push(`${Math.floor(rest / size)}${unit}`);
    rest %= size;
  }
  return parts.join('') || '0s';
}
