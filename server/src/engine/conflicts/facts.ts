import { isLadderAction } from '../ladder';
import { isCountLike, isRatioLike } from '../metric-kind';
import type { PolicyFile, SloView } from '../policy/parse';
import { isNeverEventSlo, sloAction, sloTarget, sloWindow, type ResolvedAction } from '../policy/semantics';
import type { Target } from '../target';
import { holdsSet, intersect, interval, REAL_LINE, type IntervalSet } from './intervals';
import { readScope, type Scope } from './scope';

/** The values a metric can take, read from its name and unit. */
export type Domain = 'ratio' | 'count' | 'duration' | 'real';

const DOMAIN_SETS: Record<Domain, IntervalSet> = {
  ratio: interval(0, 1),
  count: interval(0, Infinity),
  duration: interval(0, Infinity),
  real: REAL_LINE,
};

export function domainSet(domain: Domain): IntervalSet {
  return DOMAIN_SETS[domain];
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** What the conflict analysis knows about one SLO; built only for SLOs whose fields all parse. */
export interface SloFacts {
  readonly file: PolicyFile;
  readonly slo: SloView;
  readonly name: string;
  readonly metric: string;
  readonly scope: Scope;
  /** `rolling`, or the window in seconds. */
  readonly window: 'rolling' | number;
  readonly windowText: string;
  readonly target: Target;
  /** Durations are compared in seconds; plain numbers and ratios as they are. */
  readonly unit: 'time' | 'none';
  readonly domain: Domain;
  /** The values for which the SLO holds, within its domain. */
  readonly holds: IntervalSet;
  readonly action: ResolvedAction;
  readonly neverEvent: boolean;
}

const cache = new WeakMap<PolicyFile, SloFacts[]>();

/** The facts of a file's SLOs, built once per parse (conflict/unreachable and the model rules share them). */
export function sloFacts(file: PolicyFile): SloFacts[] {
  let facts = cache.get(file);
  if (!facts) cache.set(file, (facts = buildFacts(file)));
  return facts;
}

function buildFacts(file: PolicyFile): SloFacts[] {
  const facts: SloFacts[] = [];
  for (const slo of file.slos) {
    const target = sloTarget(file, slo)?.result;
    const window = sloWindow(file, slo)?.result;
    const action = sloAction(file, slo)?.resolved;
    const scope = readScope(slo.fields.get('scope')?.value);
    if (!slo.name || !slo.metric || !target?.ok || !window?.ok || !action || !isLadderAction(action.ladder) || !scope) continue;
    const { holds, unit, domain } = targetHolds(slo.metric, target.target);
    facts.push({
      file,
      slo,
      name: slo.name,
      metric: slo.metric,
      scope,
      window: window.window.kind === 'rolling' ? 'rolling' : window.window.seconds,
      windowText: window.window.kind === 'rolling' ? 'rolling' : window.window.text,
      target: target.target,
      unit,
      domain,
      holds,
      action,
      neverEvent: isNeverEventSlo(slo),
    });
  }
  return facts;
}

/** The values for which `metric target` holds, within the metric's domain; durations in seconds. */
export function targetHolds(metric: string, t: Target): { readonly holds: IntervalSet; readonly unit: 'time' | 'none'; readonly domain: Domain } {
  const time = t.unit !== undefined && t.unit !== '%';
  const domain: Domain = time ? 'duration' : isRatioLike(metric) ? 'ratio' : isCountLike(metric) ? 'count' : 'real';
  // Rounded so that `700ms` and `0.7s` are the same threshold (700 * 0.001 is 0.7000000000000001).
  const threshold = time ? Number((t.value * UNIT_SECONDS[t.unit!]).toPrecision(12)) : t.value;
  return { holds: intersect(holdsSet(t.comparator, threshold), DOMAIN_SETS[domain]), unit: time ? 'time' : 'none', domain };
}
