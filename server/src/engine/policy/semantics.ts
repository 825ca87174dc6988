import { isScalar, isSeq, type Scalar } from 'yaml';
import { parseWindow, type WindowParse } from '../duration';
import { isLadderAction, ladderRank, type LadderAction } from '../ladder';
import { parseTarget, type TargetParse } from '../target';
import { AGGREGATES, isAggregate, type Aggregate } from '../replay/aggregate';
import { scalarText, stringOf, type Field, type PolicyFile, type SloView } from './parse';

/** A field read through its grammar: the scalar it came from and what it parsed to. */
export interface Parsed<T> {
  readonly field: Field;
  readonly raw: string;
  readonly result: T;
}

export interface ResolvedAction {
  readonly name: string;
  /** The built-in this action ranks with: itself, or a custom action's `severity`. */
  readonly ladder: LadderAction;
  readonly rank: number;
  readonly custom: boolean;
}

/** Several rules read the same fields; each field of each parsed SLO goes through its grammar once. */
const memo = new WeakMap<SloView, Map<string, Parsed<unknown> | undefined>>();

function read<T>(file: PolicyFile, slo: SloView, key: string, parse: (raw: string) => T): Parsed<T> | undefined {
  let fields = memo.get(slo);
  if (!fields) memo.set(slo, (fields = new Map()));
  if (fields.has(key)) return fields.get(key) as Parsed<T> | undefined;
  const parsed = readUncached(file, slo, key, parse);
  fields.set(key, parsed);
  return parsed;
}

function readUncached<T>(file: PolicyFile, slo: SloView, key: string, parse: (raw: string) => T): Parsed<T> | undefined {
  const field = slo.fields.get(key);
  if (!field) return undefined;
  const raw = field.value === null ? '' : scalarText(file.document, field.value);
  return raw === undefined ? undefined : { field, raw, result: parse(raw) };
}

export function sloTarget(file: PolicyFile, slo: SloView): Parsed<TargetParse> | undefined {
  return read(file, slo, 'target', parseTarget);
}

export function sloWindow(file: PolicyFile, slo: SloView): Parsed<WindowParse> | undefined {
  return read(file, slo, 'window', parseWindow);
}

/** A built-in action, or a custom one declared under `actions:` with a valid ladder severity. */
export function resolveAction(file: PolicyFile, name: string): ResolvedAction | undefined {
  if (isLadderAction(name)) return { name, ladder: name, rank: ladderRank(name), custom: false };
  const custom = file.actions.find((a) => a.name === name);
  const severity = stringOf(custom?.fields.get('severity')?.value);
  if (!severity || !isLadderAction(severity)) return undefined;
  return { name, ladder: severity, rank: ladderRank(severity), custom: true };
}

/** An action as the model resolves it: custom actions may be declared in any of its files. */
export function resolveActionInModel(files: readonly PolicyFile[], name: string): ResolvedAction | undefined {
  for (const file of files) {
    const resolved = resolveAction(file, name);
    if (resolved) return resolved;
  }
  return undefined;
}

export function sloAction(file: PolicyFile, slo: SloView): { readonly node: Scalar; readonly name: string; readonly resolved?: ResolvedAction } | undefined {
  const node = slo.fields.get('action_on_breach')?.value;
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  return { node, name: node.value, resolved: resolveAction(file, node.value) };
}

/** Custom action names as declared, for suggestions and completion. */
export function actionNames(file: PolicyFile): string[] {
  return file.actions.map((a) => a.name);
}

/** Words that say "never event" in a name (split on `_`) or an objective. */
const NEVER_EVENT_TEXT = /\bnever[\s_-]?events?\b|\bzero\s+(?:\w+\s+)?violations?\b/i;

/**
 * An SLO guards never events when it says so: a `never_events` list; a name with the word `never`
 * (`never_event_violations`, `never_deny_unreviewed`); or an objective that speaks of never events,
 * of zero violations, or is a prohibition ("Never ..."). A "never" in the middle of an objective
 * ("claimants never wait long") is not enough: that is a latency goal, not a never event.
 */
export function isNeverEventSlo(slo: SloView): boolean {
  const objective = stringOf(slo.fields.get('objective')?.value) ?? '';
  const listed = slo.fields.get('never_events')?.value;
  const hasList = isSeq(listed) && listed.items.length > 0;
  const nameSaysNever = (slo.name ?? '').toLowerCase().split('_').includes('never');
  return hasList || nameSaysNever || NEVER_EVENT_TEXT.test(objective) || /^\s*never\b/i.test(objective);
}

/** How the SLO aggregates its metric over the window in a replay (`aggregate:`); `mean` when left out. */
export function sloAggregate(file: PolicyFile, slo: SloView): Parsed<AggregateParse> | undefined {
  return read(file, slo, 'aggregate', parseAggregate);
}

export type AggregateParse = { readonly ok: true; readonly aggregate: Aggregate } | { readonly ok: false; readonly message: string };

function parseAggregate(raw: string): AggregateParse {
  const text = raw.trim();
  return isAggregate(text) ? { ok: true, aggregate: text } : { ok: false, message: `"${text}" is not an aggregate: write one of ${AGGREGATES.join(', ')}.` };
}
