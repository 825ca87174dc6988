import type { Scope } from '../conflicts/scope';

/**
 * The key a metric value is stored under in a snapshot or a scenario: the metric alone (`ood_recall_7d`), or for a
 * scoped SLO the metric with its scope in braces, Prometheus-style: `ood_recall_7d{tenant=acme}`. Quotes around a
 * value are optional, dimensions may come in any order, and a scope listing several values is written with `|`
 * (`tenant=acme|globex`). Keys are compared in their canonical spelling, so equal scopes always meet.
 */
export type MetricKeyParse = { readonly ok: true; readonly key: string; readonly metric: string } | { readonly ok: false; readonly message: string };

const LABEL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEY_FORMS = '`metric` or `metric{dimension=value,...}`';

export function parseMetricKey(text: string): MetricKeyParse {
  const trimmed = text.trim();
  const open = trimmed.indexOf('{');
  const metric = (open < 0 ? trimmed : trimmed.slice(0, open)).trim();
  if (metric === '' || /[{}=,"]/.test(metric)) return { ok: false, message: `"${text}" is not a metric key: write ${KEY_FORMS}.` };
  if (open < 0) return { ok: true, key: metric, metric };
  if (!trimmed.endsWith('}')) return { ok: false, message: `"${text}" has an unclosed "{": write ${KEY_FORMS}.` };
  const body = trimmed.slice(open + 1, -1).trim();
  const scope = new Map<string, Set<string>>();
  for (const part of body === '' ? [] : splitLabels(body)) {
    const m = /^\s*([^=\s]+)\s*=\s*(?:"([^"]*)"|([^"{}]*?))\s*$/.exec(part);
    if (!m || !LABEL_NAME.test(m[1])) return { ok: false, message: `"${text}" has a malformed dimension "${part.trim()}": write ${KEY_FORMS}.` };
    if (scope.has(m[1])) return { ok: false, message: `"${text}" names the dimension "${m[1]}" twice.` };
    const values = (m[2] ?? m[3]).split('|').map((v) => v.trim());
    if (values.some((v) => v === '')) return { ok: false, message: `"${text}" has an empty value for "${m[1]}".` };
    if (!values.includes('*')) scope.set(m[1], new Set(values));
  }
  return { ok: true, key: metricKey(metric, scope), metric };
}

/** Splits `a=1,b="x,y"` on the commas outside quotes. */
function splitLabels(body: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of body) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter((p, i) => p.trim() !== '' || i < parts.length - 1);
}

/** The canonical key of a metric over a scope: dimensions sorted, values sorted and quoted. */
export function metricKey(metric: string, scope: Scope): string {
  if (scope.size === 0) return metric;
  const labels = [...scope.keys()].sort().map((d) => `${d}="${[...scope.get(d)!].sort().join('|')}"`);
  return `${metric}{${labels.join(',')}}`;
}

/** The metric part of a canonical key. */
export function metricOf(key: string): string {
  const open = key.indexOf('{');
  return open < 0 ? key : key.slice(0, open);
}
