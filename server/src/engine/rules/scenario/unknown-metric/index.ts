import { isMap, isScalar, type Scalar } from 'yaml';
import { parseMetricKey } from '../../../dry-run';
import { metricOf } from '../../../dry-run/metric-key';
import { rangeOf } from '../../../policy/parse';
import type { Rule } from '../../rule';
import { renameFix } from '../../gate/rename-fix';
import { gateNames, scenarioRuns } from '../runs';

/** SLOs named in the scope hint. */
const MAX_LISTED = 3;

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/unknown-metric',
    defaultSeverity: 'warning',
    description: "A key of a scenario's `metrics:` that no SLO the scenario reads looks up: a typo, a wrong scope, or a stale scenario.",
  },
  check({ files, report }) {
    const gates = gateNames(files);
    for (const { view, outcome, readable: slos } of scenarioRuns(files)) {
      // Under an unknown gate no SLO is read: that is scenario/unknown-gate's finding, not one per key.
      if (view.gate && !gates.has(view.gate.name)) continue;
      if (!outcome.unusedKeys.length) continue;
      const document = view.file.document;
      const keyNodes = keyScalars(view.metrics?.value);
      const given = new Set([...outcome.values.values.keys(), ...outcome.values.invalid.keys()]);
      const readBy = view.gate ? `no SLO of gate ${view.gate.name}` : 'no SLO of this model';
      for (const unused of outcome.unusedKeys) {
        const node = keyNodes.get(unused.key);
        // A scoped SLO reads only its scoped key: the same metric under another scope is the likely mistake.
        const sameMetric = slos.filter((s) => metricOf(s.key) === metricOf(unused.key));
        const free = [...new Set(sameMetric.map((o) => o.key).filter((k) => !given.has(k)))];
        const to = unused.suggestion ?? (free.length === 1 ? free[0] : undefined);
        const listed = sameMetric.slice(0, MAX_LISTED).map((s) => `${s.name} reads "${s.key}"`).join(', ');
        const scopeHint = sameMetric.length
          ? ` ${listed}${sameMetric.length > MAX_LISTED ? ', ...' : ''}: an SLO with a scope reads \`metric{dimension=value}\`, one without reads the bare metric.`
          : '';
        report(view.file, {
          message: `"${unused.key}" in scenario ${outcome.scenario} is read by ${readBy}.${unused.suggestion ? ` Did you mean "${written(unused.suggestion)}"?` : ''}${scopeHint}`,
          anchor: view.name?.name,
          range: node ? rangeOf(document, node) : unused.site.range,
          fixes: node && to ? [renameFix(document, node, 'key', written(to))] : undefined,
        });
      }
    }
  },
};

/** The key scalars of a metrics map by canonical key, for locations and renames. */
function keyScalars(map: unknown): Map<string, Scalar> {
  const keys = new Map<string, Scalar>();
  if (!isMap(map)) return keys;
  for (const { key } of map.items) {
    if (!isScalar(key) || key.value === null) continue;
    const parsed = parseMetricKey(String(key.value));
    if (parsed.ok && !keys.has(parsed.key)) keys.set(parsed.key, key);
  }
  return keys;
}

/** A canonical key as a person writes it: quotes only around values that need them. */
function written(key: string): string {
  return key.replace(/="([\w.|-]*)"/g, '=$1');
}
