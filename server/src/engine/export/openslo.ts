import { stringify } from 'yaml';
import type { Comparator } from '../target';
import { promDuration } from './promql';
import { exportSlos, header, isSkipped, unique, type Exported, type ExportModel, type ExportResult, type ExportSlo, type Skipped } from './exportable';

/** The objective target OpenSLO gets when the caller names none: see `exportOpenSlo`. */
export const DEFAULT_BUDGET = 0.999;

const OPS: Partial<Record<Comparator, string>> = { '>=': 'gte', '>': 'gt', '<=': 'lte', '<': 'lt' };

/** Our annotations' prefix (OpenSLO reserves `openslo.com/`). */
const PREFIX = 'safety-specs.dev/';

/** OpenSLO's duration shorthand: one number, one unit (no seconds). */
const UNITS = [['d', 86400], ['h', 3600], ['m', 60]] as const;

/** Why `budget` cannot be an OpenSLO objective target ([0, 1), and 0 would tolerate every failure), if it cannot. */
export function budgetProblem(budget: number): string | undefined {
  return Number.isFinite(budget) && budget > 0 && budget < 1 ? undefined : `the budget must be a number above 0 and below 1 (OpenSLO targets are in [0, 1)), not ${budget}.`;
}

/**
 * OpenSLO v1 documents, one `kind: SLO` per SLO: a threshold metric whose Prometheus query is the SLO's windowed
 * aggregate, a rolling time window of the SLO's window, and one objective comparing that aggregate with the
 * threshold (`op`, `value`). Our SLOs have no error budget (every evaluation must meet the target) but OpenSLO's
 * `target` must be below 1, so each objective's target is `budget`, said in the header and an annotation. What
 * OpenSLO lacks is left out with why: `==`/`!=` targets (no such op; a never event tolerates no budget), rolling
 * windows, windows with seconds. Our own fields are annotations under `safety-specs.dev/`.
 */
export function exportOpenSlo(models: readonly ExportModel[], options: { readonly budget?: number } = {}): ExportResult {
  const budget = options.budget ?? DEFAULT_BUDGET;
  const problem = budgetProblem(budget);
  if (problem) throw new RangeError(problem);
  const exported: Exported[] = [];
  const skipped: Skipped[] = [];
  const names = new Set<string>();
  const documents = models.flatMap((model) =>
    exportSlos(model, unsaid).flatMap((slo) => {
      if (isSkipped(slo)) {
        skipped.push(slo);
        return [];
      }
      const name = unique(dnsLabel(slo.site.slo, 55), names, (base, n) => `${base}-${n}`);
      exported.push({ ...slo.site, as: name });
      return [document(slo, name, dnsLabel(model.name, 63), budget)];
    }),
  );
  const intro = [
    'OpenSLO v1 SLOs exported by safety-specs, one document per SLO. See docs/export.md.',
    'A safety SLO has no error budget: every evaluation must meet its target. OpenSLO objective targets must be',
    `below 1, so each target here is the budget ${budget} (--budget), a choice of this export, not of the policy.`,
  ];
  return { text: header(intro, skipped) + documents.map((d) => `---\n${stringify(d, { lineWidth: 0 })}`).join(''), exported, skipped };
}

/** Why OpenSLO cannot say this SLO, if it cannot. */
function unsaid(slo: ExportSlo): string | undefined {
  const { comparator } = slo.planned.target;
  if (!OPS[comparator]) {
    const why = comparator === '==' ? ', and a never event tolerates no budget while an OpenSLO target must be below 1' : '';
    return `its target "${slo.planned.targetText}" has no OpenSLO op (lt, lte, gt, gte only)${why}.`;
  }
  if (!shorthand(slo.seconds)) return `its window ${promDuration(slo.seconds)} is not a whole number of minutes, and OpenSLO durations are one number and one unit (m, h, d, ...).`;
  return undefined;
}

function shorthand(seconds: number): string | undefined {
  const unit = UNITS.find(([, size]) => seconds % size === 0);
  return unit && `${seconds / unit[1]}${unit[0]}`;
}

function document(slo: ExportSlo, name: string, service: string, budget: number) {
  const { planned } = slo;
  const { action, target } = planned;
  const annotations: Record<string, string> = {
    [`${PREFIX}slo`]: planned.label,
    ...(slo.modelName ? { [`${PREFIX}model`]: slo.modelName } : {}),
    [`${PREFIX}action`]: action.name,
    [`${PREFIX}severity`]: action.ladder,
    [`${PREFIX}aggregate`]: planned.aggregate,
    [`${PREFIX}target`]: planned.targetText,
    [`${PREFIX}budget`]: `${budget}: the objective's target, chosen at export (the policy's SLO has no error budget).`,
    ...(slo.neverEvent ? { [`${PREFIX}never-event`]: 'true' } : {}),
    ...(slo.neverEvents.length ? { [`${PREFIX}never-events`]: slo.neverEvents.join(', ') } : {}),
  };
  return {
    apiVersion: 'openslo/v1',
    kind: 'SLO',
    metadata: { name, displayName: planned.label, annotations },
    spec: {
      ...(slo.objective ? { description: slo.objective.length > 1050 ? `${slo.objective.slice(0, 1049)}…` : slo.objective } : {}),
      service,
      indicator: {
        metadata: { name: `${name}-sli`, displayName: `${planned.aggregate} of ${slo.selector}` },
        spec: { thresholdMetric: { metricSource: { type: 'Prometheus', spec: { query: slo.query } } } },
      },
      timeWindow: [{ duration: shorthand(slo.seconds)!, isRolling: true }],
      budgetingMethod: 'Occurrences',
      objectives: [{ displayName: `${planned.label} ${planned.targetText}`, op: OPS[target.comparator]!, value: target.value, target: budget }],
    },
  };
}

/** An RFC 1123 label, as OpenSLO names are: lower-case letters, digits and `-`, at most `max` characters. */
function dnsLabel(text: string, max: number): string {
  const label = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, '').slice(0, max).replace(/-+$/, '');
  return label || 'slo';
}
