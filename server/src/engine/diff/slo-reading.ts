import { isScalar, isSeq, type Node } from 'yaml';
import { readScope, signature, type Scope } from '../conflicts/scope';
import { rangeOf, type PolicyFile, type SloView } from '../policy/parse';
import { isNeverEventSlo, resolveActionInModel, sloAction, sloTarget, sloWindow, type ResolvedAction } from '../policy/semantics';
import { targetHolds } from '../conflicts/facts';
import type { Target } from '../target';
import type { Site } from './types';

/** A field as written and what it means; `meaning` is absent when the text does not parse. */
export interface Read<T> {
  readonly raw: string;
  readonly meaning?: T;
}

/** What the diff compares of one SLO, each field read through the same grammar the rules use. */
export interface SloReading {
  readonly file: PolicyFile;
  readonly slo: SloView;
  readonly name: string;
  readonly metric: string;
  readonly target: Read<Target>;
  /** In seconds; `rolling` accumulates since the start, so it is the longest window there is. */
  readonly window: Read<number>;
  readonly action: Read<ResolvedAction>;
  /** Absent meaning: an empty list, which matches no traffic. */
  readonly scope: Read<Scope>;
  readonly neverEvent: boolean;
  readonly neverEventIds: readonly string[];
  /** Every other field (objective, owner, ...) as data, so that formatting is not a change. */
  readonly others: ReadonlyMap<string, string>;
}

/** The fields whose meaning the diff classifies; a change to any other field is neutral. */
export const SEMANTIC_FIELDS = new Set(['name', 'metric', 'target', 'window', 'action_on_breach', 'scope', 'never_events']);

export function readSlo(file: PolicyFile, slo: SloView & { readonly name: string; readonly metric: string }, model: readonly PolicyFile[]): SloReading {
  const target = sloTarget(file, slo);
  const window = sloWindow(file, slo);
  const action = sloAction(file, slo);
  const scopeNode = slo.fields.get('scope')?.value;
  const scope = readScope(scopeNode);
  const others = new Map<string, string>();
  for (const [key, field] of slo.fields) if (!SEMANTIC_FIELDS.has(key)) others.set(key, dataText(field.value));
  return {
    file,
    slo,
    name: slo.name,
    metric: slo.metric,
    target: { raw: target?.raw ?? '', ...(target?.result.ok ? { meaning: target.result.target } : {}) },
    window: {
      raw: window?.raw ?? '',
      ...(window?.result.ok ? { meaning: window.result.window.kind === 'rolling' ? Infinity : window.result.window.seconds } : {}),
    },
    action: (() => {
      const resolved = action && (action.resolved ?? resolveActionInModel(model, action.name));
      return { raw: action?.name ?? '', ...(resolved ? { meaning: resolved } : {}) };
    })(),
    scope: { raw: scope ? signature(scope) : dataText(scopeNode), ...(scope ? { meaning: scope } : {}) },
    neverEvent: isNeverEventSlo(slo),
    neverEventIds: neverEventIds(slo.fields.get('never_events')?.value),
    others,
  };
}

/**
 * What makes two SLOs the same objective under different names: a rename keeps all four. A target is
 * keyed by the values that pass, so `<= 500ms` renamed and respelt `<= 0.5s` is still a rename.
 */
export function renameKey(r: SloReading): string {
  const target = r.target.meaning ? JSON.stringify(targetHolds(r.metric, r.target.meaning)) : r.target.raw;
  return [r.metric, r.scope.raw, r.window.meaning ?? r.window.raw, target].join('\u0000');
}

/** Where a field's value is in the head version; the SLO's name (or the SLO) when the field is absent. */
export function fieldSite(r: SloReading, key: string): Site {
  const node = r.slo.fields.get(key)?.value ?? r.slo.fields.get('name')?.value ?? r.slo.node;
  return { uri: r.file.document.uri, range: rangeOf(r.file.document, node, r.slo.fields.get(key)?.key) };
}

/** A value as the data it loads to: `0.9` and `0.90` differ in text, not in data. Strings show bare. */
export function dataText(node: Node | null | undefined): string {
  if (!node) return '';
  try {
    const data: unknown = (node as Node & { toJSON(): unknown }).toJSON();
    return typeof data === 'string' ? data : (JSON.stringify(data) ?? '');
  } catch {
    // An alias resolves only within its document: compare it as written.
    return String(node);
  }
}

function neverEventIds(node: Node | null | undefined): string[] {
  if (!isSeq(node)) return [];
  return node.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [item.value] : []));
}
