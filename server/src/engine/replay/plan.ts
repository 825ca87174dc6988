import type { Range } from 'vscode-languageserver-types';
import { readScope, type Scope } from '../conflicts/scope';
import { didYouMean } from '../did-you-mean';
import { modelSlos, sortedFiles, type ModelSlo } from '../dry-run/evaluate';
import { gateViews, type OnMissingData } from '../dry-run/views';
import type { Window } from '../duration';
import { rangeOf, type PolicyFile } from '../policy/parse';
import { sloAggregate, sloWindow, type ResolvedAction } from '../policy/semantics';
import type { Target } from '../target';
import type { Aggregate } from './aggregate';
import type { Series } from './series';

/** What a replay needs of one SLO, read once; an SLO it cannot evaluate carries why (its gates then decide `error`). */
export type PlannedSlo = {
  readonly index: number;
  readonly name: string;
  /** The name, with `#2`, `#3`... for the second and later SLOs of the same name (scoped variants). */
  readonly label: string;
  readonly metric: string;
  /** Undefined when a dimension lists no value: the SLO applies to no traffic and reads no series. */
  readonly scope: Scope | undefined;
  readonly uri: string;
  /** The SLO's name in the policy. */
  readonly range: Range;
  readonly source: ModelSlo;
} & (
  | {
      readonly ok: true;
      readonly target: Target;
      /** The target as written. */
      readonly targetText: string;
      readonly window: Window;
      readonly aggregate: Aggregate;
      readonly action: ResolvedAction;
    }
  | { readonly ok: false; readonly problem: string }
);

export interface PlannedGate {
  readonly name: string;
  /** The policy as a whole (every SLO that can be evaluated, missing data ignored): what would have fired, gate or not. */
  readonly implicit: boolean;
  readonly uri: string;
  readonly range: Range;
  /** Indices into the plan's SLOs, in model order. */
  readonly slos: readonly number[];
  readonly onMissingData: OnMissingData;
  /** SLO names the gate lists that the model does not have: the gate decides `error` throughout. */
  readonly unknown: readonly string[];
}

export interface ReplayPlan {
  readonly slos: readonly PlannedSlo[];
  readonly gates: readonly PlannedGate[];
}

export const POLICY_GATE = 'policy';

/**
 * A model's SLOs and gates as a replay runs them: the implicit policy gate first, then each gate. A gate's
 * `require:` is not replayed: it asks about the repository at release time, not about the metrics.
 */
export function replayPlan(files: readonly PolicyFile[]): ReplayPlan {
  const slos = plannedSlos(modelSlos(files));
  const first = sortedFiles(files)[0];
  const policy: PlannedGate = {
    name: POLICY_GATE,
    implicit: true,
    uri: first?.document.uri ?? '',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    // What would have fired: the SLOs that can be evaluated (the others' problems are reported on their own).
    slos: slos.filter((s) => s.ok).map((s) => s.index),
    onMissingData: 'ignore',
    unknown: [],
  };
  const gates = sortedFiles(files).flatMap((f) => gateViews(f)).map((g): PlannedGate => {
    const listed = g.slos.kind === 'list' ? new Set(g.slos.names.map((n) => n.name)) : undefined;
    return {
      name: g.name?.name ?? `gates[${g.index}]`,
      implicit: false,
      uri: g.file.document.uri,
      range: rangeOf(g.file.document, g.name?.node, g.node),
      slos: slos.filter((s) => !listed || listed.has(s.name)).map((s) => s.index),
      onMissingData: g.onMissingData,
      unknown: g.slos.kind === 'list' ? g.slos.names.map((n) => n.name).filter((n) => !slos.some((s) => s.name === n)) : [],
    };
  });
  return { slos, gates: [policy, ...gates] };
}

export function plannedSlos(model: readonly ModelSlo[]): PlannedSlo[] {
  const seen = new Map<string, number>();
  return model.map((m, index): PlannedSlo => {
    const count = (seen.get(m.name) ?? 0) + 1;
    seen.set(m.name, count);
    const base = {
      index,
      name: m.name,
      label: count > 1 ? `${m.name}#${count}` : m.name,
      metric: m.slo.metric ?? m.name,
      scope: readScope(m.slo.fields.get('scope')?.value),
      uri: m.file.document.uri,
      range: rangeOf(m.file.document, m.slo.fields.get('name')?.value, m.slo.node),
      source: m,
    };
    return { ...base, ...evaluable(m) };
  });
}


type Readiness = Pick<Extract<PlannedSlo, { ok: true }>, 'ok' | 'target' | 'targetText' | 'window' | 'aggregate' | 'action'> | { readonly ok: false; readonly problem: string };

function evaluable(m: ModelSlo): Readiness {
  if (!m.target.ok) return { ok: false, problem: `its target "${m.target.raw}" does not parse (slo/target-syntax).` };
  const window = sloWindow(m.file, m.slo);
  if (!window?.result.ok) return { ok: false, problem: `its window "${window?.raw ?? ''}" does not parse (slo/window-syntax).` };
  const aggregate = sloAggregate(m.file, m.slo)?.result;
  if (aggregate && !aggregate.ok) return { ok: false, problem: `its aggregate: ${aggregate.message}` };
  if (!m.action) return { ok: false, problem: 'it has no action_on_breach.' };
  if (!m.action.resolved) return { ok: false, problem: `its action "${m.action.name}" is unknown (slo/unknown-action).` };
  return { ok: true, target: m.target.target, targetText: m.target.raw.trim(), window: window.result.window, aggregate: aggregate?.aggregate ?? 'mean', action: m.action.resolved };
}

/** A series is read by an SLO of its metric whose scope its labels satisfy (extra labels are fine, as in PromQL). */
export function reads(slo: PlannedSlo, series: Series): boolean {
  if (slo.metric !== series.metric || !slo.scope) return false;
  for (const [dimension, values] of slo.scope) {
    const value = series.labels.get(dimension);
    if (value === undefined || !values.has(value)) return false;
  }
  return true;
}

/** Milliseconds of a window, Infinity for `rolling`. */
export function windowMs(window: Window): number {
  return window.kind === 'rolling' ? Infinity : window.seconds * 1000;
}

/** The SLO a what-if sweeps, by its label: `name` (the first of that name) or `name#2` for the second. */
export function findSlo(plan: ReplayPlan, spec: string): PlannedSlo | { readonly error: string } {
  const label = spec.trim();
  const slo = plan.slos.find((s) => s.label === label);
  if (!slo) {
    const near = didYouMean(label, plan.slos.map((s) => s.label));
    return { error: `no SLO is named "${label}"${near ? `; did you mean "${near}"?` : '.'}` };
  }
  return slo.ok ? slo : { error: `${slo.label} cannot be replayed: ${slo.problem}` };
}
