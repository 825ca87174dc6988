import { LADDER_TEXT } from '../ladder';
import { formatThreshold } from '../target';
import { difference, equals, intersect, isEmpty, isSubset, sampleOf } from './intervals';
import { contains, describeScope, overlaps, sameScope, signature, type Scope } from './scope';
import { domainSet, type SloFacts } from './facts';

export const CONFLICT_KINDS = [
  'unsatisfiable',
  'contradictory-actions',
  'inverted-escalation',
  'redundant',
  'window-mismatch',
  'ineffective-override',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/**
 * One conflict as seen from one SLO (`subject`), naming the SLO it conflicts with. Messages are
 * built only for the conflicts that are reported (`conflictMessage`): a large policy can have many.
 */
export interface Conflict {
  readonly kind: ConflictKind;
  readonly subject: SloFacts;
  readonly other: SloFacts;
}

type Emit = (kind: ConflictKind, subject: SloFacts, other: SloFacts) => void;

/**
 * Finds every conflict among SLOs that apply to the same traffic. Combination semantics: every SLO
 * that applies must hold, nothing overrides anything, and a breach of several triggers the most
 * severe action. Only SLOs with the same metric, unit class and window are compared (plus, for
 * window mismatches, the same metric and scope), and within those only pairs whose scopes overlap,
 * found through an index of scope values rather than by trying every pair.
 */
export function forEachConflict(facts: readonly SloFacts[], emit: Emit): void {
  // A target that accepts no value or every value is reported on its own (conflict/unreachable,
  // slo/ratio-bounds); compared with its neighbours it would make each of them look wrong too.
  const all = facts.filter((f) => !isEmpty(f.holds) && !equals(f.holds, domainSet(f.domain)));
  for (const group of groupBy(all, (f) => `${f.metric}\u0000${f.unit}\u0000${f.window}`).values()) {
    forEachOverlappingPair(group, (a, b) => sameWindow(a, b, emit));
  }
  for (const group of groupBy(all, (f) => `${f.metric}\u0000${f.unit}\u0000${signature(f.scope)}`).values()) {
    if (group.length < 2) continue;
    // Few SLOs share a metric and an exact scope, so these groups are small.
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) if (group[i].window !== group[j].window) acrossWindows(group[i], group[j], emit);
    }
  }
}

export function findConflicts(all: readonly SloFacts[]): Conflict[] {
  const conflicts: Conflict[] = [];
  forEachConflict(all, (kind, subject, other) => conflicts.push({ kind, subject, other }));
  return conflicts;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Calls `visit` once for each pair of SLOs whose scopes overlap. Candidates for an SLO come from
 * its most selective dimension: the SLOs with one of its values there, or no constraint there.
 */
function forEachOverlappingPair(group: readonly SloFacts[], visit: (a: SloFacts, b: SloFacts) => void): void {
  if (group.length < 2) return;
  const byValue = new Map<string, Map<string, number[]>>();
  const unconstrained = new Map<string, number[]>();
  const dimensions = new Set(group.flatMap((f) => [...f.scope.keys()]));
  for (const d of dimensions) {
    byValue.set(d, new Map());
    unconstrained.set(d, []);
  }
  group.forEach((f, i) => {
    for (const d of dimensions) {
      const values = f.scope.get(d);
      if (!values) unconstrained.get(d)!.push(i);
      else for (const v of values) {
        const list = byValue.get(d)!.get(v);
        if (list) list.push(i);
        else byValue.get(d)!.set(v, [i]);
      }
    }
  });
  // `seenBy[j] === i + 1`: j was already offered to i (an SLO can sit in several of i's value lists).
  const seenBy = new Uint32Array(group.length);
  group.forEach((a, i) => {
    // Size the candidates of each constrained dimension first; walk only the smallest.
    let best: number[][] | undefined;
    let bestSize = Infinity;
    for (const [d, values] of a.scope) {
      const lists = [unconstrained.get(d)!, ...[...values].map((v) => byValue.get(d)!.get(v) ?? [])];
      const size = lists.reduce((n, l) => n + l.length, 0);
      if (size < bestSize) [best, bestSize] = [lists, size];
    }
    const offer = (j: number) => {
      if (j <= i || seenBy[j] === i + 1) return;
      seenBy[j] = i + 1;
      if (overlaps(a.scope, group[j].scope)) visit(a, group[j]);
    };
    if (best) for (const list of best) for (const j of list) offer(j);
    else for (let j = i + 1; j < group.length; j++) offer(j);
  });
}

function sameWindow(a: SloFacts, b: SloFacts, emit: Emit): void {
  if (isEmpty(intersect(a.holds, b.holds))) {
    emit('unsatisfiable', a, b);
    emit('unsatisfiable', b, a);
    return;
  }
  if (equals(a.holds, b.holds)) {
    if (a.action.name !== b.action.name) {
      emit('contradictory-actions', a, b);
      emit('contradictory-actions', b, a);
    } else if (contains(a.scope, b.scope)) {
      // Same values, same action: the narrower (or, for equal scopes, the later) one adds nothing.
      emit('redundant', b, a);
    } else if (contains(b.scope, a.scope)) {
      emit('redundant', a, b);
    }
    return;
  }
  const pair = strictFirst(a, b);
  if (!pair || !contains(pair.strict.scope, pair.loose.scope)) return;
  const { strict, loose } = pair;
  const narrower = !sameScope(strict.scope, loose.scope);
  if (narrower && loose.action.rank <= strict.action.rank) {
    emit('ineffective-override', loose, strict);
  } else if (strict.action.rank > loose.action.rank) {
    emit('inverted-escalation', loose, strict);
    emit('inverted-escalation', strict, loose);
  } else if (!narrower && strict.action.rank === loose.action.rank) {
    emit('redundant', loose, strict);
  }
}

/** Orders a pair so that `strict` breaches whenever `loose` does (and at more values); none if neither. */
function strictFirst(a: SloFacts, b: SloFacts): { strict: SloFacts; loose: SloFacts } | undefined {
  if (isSubset(a.holds, b.holds)) return { strict: a, loose: b };
  if (isSubset(b.holds, a.holds)) return { strict: b, loose: a };
  return undefined;
}

function shortAndLong(a: SloFacts, b: SloFacts): [SloFacts, SloFacts] {
  return a.window === 'rolling' || (b.window !== 'rolling' && a.window > b.window) ? [b, a] : [a, b];
}

function acrossWindows(a: SloFacts, b: SloFacts, emit: Emit): void {
  const [short, long] = shortAndLong(a, b);
  const neverEventMismatch = long.window === 'rolling' && long.neverEvent && !equals(short.holds, long.holds);
  const inverted = isSubset(short.holds, long.holds) && !equals(short.holds, long.holds) && short.action.rank < long.action.rank;
  if (neverEventMismatch || inverted) {
    emit('window-mismatch', long, short);
    emit('window-mismatch', short, long);
  }
}

const target = (f: SloFacts) => `${f.target.comparator} ${f.target.literal}${f.target.unit ?? ''}`;
const lineOf = (f: SloFacts) => f.file.document.positionAt(f.slo.node.range?.[0] ?? 0).line + 1;

/** Where `f` is, seen from `from`'s file: "line 12", or "tenants/acme.safety-slos.yaml:17" in another file. */
function locationOf(f: SloFacts, from: SloFacts): string {
  const there = f.file.document.uri;
  const here = from.file.document.uri;
  if (there === here) return `line ${lineOf(f)}`;
  const a = here.split('/').slice(0, -1);
  const b = there.split('/');
  let common = 0;
  while (common < a.length && common < b.length - 1 && a[common] === b[common]) common++;
  const relative = [...a.slice(common).map(() => '..'), ...b.slice(common)].join('/');
  return `${decodeURIComponent(relative)}:${lineOf(f)}`;
}

/** `"name" (">= 0.90" → alert, line 12)`: another SLO, with what makes it conflict and where it is. */
function whoFrom(f: SloFacts, from: SloFacts): string {
  return `"${f.name}" ("${target(f)}" → ${f.action.name}, ${locationOf(f, from)})`;
}

/** The traffic both apply to, in words: the narrower scope when one contains the other. */
function where(a: Scope, b: Scope): string {
  if (contains(a, b)) return describeScope(b);
  if (contains(b, a)) return describeScope(a);
  return `${describeScope(a)} ∩ ${describeScope(b)}`;
}

/** The message for a conflict, from its subject's point of view, with the values that make it. */
export function conflictMessage({ kind, subject: x, other: y }: Conflict): string {
  const who = (f: SloFacts) => (f === x ? `"${f.name}" ("${target(f)}" → ${f.action.name})` : whoFrom(f, x));
  switch (kind) {
    case 'unsatisfiable':
      return `Unsatisfiable with ${who(y)}: both apply to ${where(x.scope, y.scope)} over ${x.windowText} on "${x.metric}", and no value is both ${target(x)} and ${target(y)}, so one of them always breaches.`;
    case 'contradictory-actions':
      return `Contradictory actions with "${y.name}" (${locationOf(y, x)}): both breach at the same values of "${x.metric}" (${target(x)} over ${x.windowText}, on ${where(x.scope, y.scope)}), but this one answers with ${x.action.name} and the other with ${y.action.name}. One breach, two responses: keep one SLO with the action you mean.`;
    case 'inverted-escalation': {
      const { strict, loose } = strictFirst(x, y)!;
      const value = x === loose ? sampleOf(difference(loose.holds, strict.holds)) : undefined;
      const example = value === undefined ? '' : ` A value of ${formatThreshold(value)} already triggers ${strict.action.name} while "${loose.name}" still holds.`;
      return `Inverted escalation: ${who(strict)} breaches before ${who(loose)} and acts more severely, so ${loose.action.name} can never fire on its own.${example} The threshold that breaches first should carry the milder action (ladder: ${LADDER_TEXT}).`;
    }
    case 'redundant':
      return `Redundant: this SLO can never be the only one breached. ${who(y)} applies to the same traffic, breaches whenever this one does, and acts at least as severely. Remove this SLO, or give it a different target or action.`;
    case 'ineffective-override':
      return `No effect: this SLO applies to ${describeScope(x.scope)} and is looser (${target(x)}) than ${who(y)}, which applies to ${describeScope(y.scope)} and so to this traffic too. Policies combine and nothing overrides: whenever this one breaches, "${y.name}" already has. To relax ${describeScope(x.scope)}, narrow "${y.name}"'s scope instead; to tighten it, make this target stricter.`;
    case 'window-mismatch': {
      const [short, long] = shortAndLong(x, y);
      if (long.window === 'rolling' && long.neverEvent && !equals(short.holds, long.holds)) {
        return `Window mismatch: never-event SLO "${long.name}" (${target(long)}, rolling) and "${short.name}" (${target(short)} over ${short.windowText}; the other is at ${locationOf(y, x)}) measure "${long.metric}" on ${describeScope(long.scope)} with different targets: the windowed one tolerates what the never event forbids, or breaches on what it allows. Give them the same target or separate metrics.`;
      }
      return `Window mismatch on "${short.metric}" (${describeScope(short.scope)}) with "${y.name}" (${locationOf(y, x)}): the shorter window ${short.windowText} has the stricter target (${target(short)}) but the milder action (${short.action.name}), while ${long.windowText} has the looser target (${target(long)}) and the more severe action (${long.action.name}). So a short dip gets the strict threshold and a mild response, while sustained drift waits for the long window before the severe action fires.`;
    }
  }
}
