/**
 * What an SLO's metric name says about its values. Names are split on `_`, so
 * `decision_ece_p95_24h` is ratio-like (ece) and lower-is-better.
 */
const RATIO_WORDS = new Set([
  'recall', 'precision', 'rate', 'ratio', 'accuracy', 'ece', 'fraction', 'share', 'pct', 'percent',
  'percentage', 'proportion', 'auc', 'auroc', 'f1', 'fpr', 'tpr', 'fnr', 'tnr', 'coverage', 'availability',
  'uptime', 'probability', 'prob', 'calibration',
]);

const HIGHER_IS_BETTER = new Set([
  'recall', 'precision', 'accuracy', 'auc', 'auroc', 'f1', 'tpr', 'tnr', 'coverage', 'availability', 'uptime',
  'success', 'agreement', 'faithfulness', 'groundedness', 'helpfulness',
]);

const LOWER_IS_BETTER = new Set([
  'error', 'errors', 'ece', 'fpr', 'fnr', 'latency', 'violations', 'violation', 'incidents', 'incident',
  'toxicity', 'harm', 'harmful', 'drift', 'leak', 'leaks', 'leakage', 'refusal', 'hallucination', 'hallucinations',
  'jailbreak', 'jailbreaks', 'complaints', 'overrides', 'miss', 'misses', 'bias', 'disparity', 'gap',
]);

function words(metric: string): string[] {
  return metric.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

export function isRatioLike(metric: string): boolean {
  return words(metric).some((w) => RATIO_WORDS.has(w));
}

export type Direction = 'higher-is-better' | 'lower-is-better';

/** The direction a metric is good in, when its name says so unambiguously. */
export function directionOf(metric: string): Direction | undefined {
  const ws = words(metric);
  const lower = ws.some((w) => LOWER_IS_BETTER.has(w));
  const higher = ws.some((w) => HIGHER_IS_BETTER.has(w));
  if (lower === higher) return undefined;
  return lower ? 'lower-is-better' : 'higher-is-better';
}

const COUNT_WORDS = new Set([
  'count', 'counts', 'violations', 'violation', 'incidents', 'incident', 'events', 'failures', 'escalations',
  'complaints', 'overrides', 'leaks', 'jailbreaks', 'hallucinations', 'total', 'number', 'num',
]);

/** A count of things (violations, incidents): never negative. */
export function isCountLike(metric: string): boolean {
  return !isRatioLike(metric) && words(metric).some((w) => COUNT_WORDS.has(w));
}
