import { LADDER_TEXT } from '../ladder';
import { formatThreshold } from '../target';
import { equals, intersect, isEmpty, isSubset, sampleOf, difference } from './intervals';
import { contains, describeScope, overlaps, sameScope, signature } from './scope';
import type { SloFacts } from './facts';

export const CONFLICT_KINDS = [
  'unsatisfiable',
  'contradictory-actions',
  'inverted-escalation',
  'redundant',
  'window-mismatch',
  'ineffective-override',
] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

/** One conflict as seen from one SLO (`subject`), naming the SLO it conflicts with. */
export interface Conflict {
  readonly kind: ConflictKind;
  readonly subject: SloFacts;
  readonly other: SloFacts;
  readonly message: string;
}

/**
 * Finds every conflict among SLOs that apply to the same traffic. Combination semantics: every SLO
 * that applies must hold, nothing overrides anything, and a breach of several triggers the most
 * severe action. SLOs are grouped by metric (and unit) and window first, so only SLOs that can
 * interact are ever compared.
 */
export function findConflicts(all: readonly SloFacts[]): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const group of groupBy(all, (f) => `${f.metric}\u0000${f.unit}\u0000${f.window}`).values()) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) sameWindow(group[i], group[j], conflicts);
    }
  }
  for (const group of groupBy(all, (f) => `${f.metric}\u0000${f.unit}\u0000${signature(f.scope)}`).values()) {
    if (group.length < 2) continue;
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) if (group[i].window !== group[j].window) acrossWindows(group[i], group[j], conflicts);
    }
  }
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

const t = (f: SloFacts) => `"${f.target.comparator} ${f.target.literal}${f.target.unit ?? ''}"`;
const who = (f: SloFacts) => `"${f.name}" (${t(f)} → ${f.action.name})`;
/** The traffic both apply to, in words: the narrower scope when one contains the other. */
const where = (a: SloFacts, b: SloFacts) =>
  contains(a.scope, b.scope) ? describeScope(b.scope) : contains(b.scope, a.scope) ? describeScope(a.scope) : `${describeScope(a.scope)} ∩ ${describeScope(b.scope)}`;

function sameWindow(a: SloFacts, b: SloFacts, out: Conflict[]): void {
  if (!overlaps(a.scope, b.scope)) return;
  const push = (kind: ConflictKind, subject: SloFacts, other: SloFacts, message: string) => out.push({ kind, subject, other, message });

  if (isEmpty(intersect(a.holds, b.holds))) {
    const message = (x: SloFacts, y: SloFacts) =>
      `Unsatisfiable with ${who(y)}: both apply to ${where(x, y)} over ${x.windowText} on "${x.metric}", and no value is both ${t(x).slice(1, -1)} and ${t(y).slice(1, -1)}, so one of them always breaches.`;
    push('unsatisfiable', a, b, message(a, b));
    push('unsatisfiable', b, a, message(b, a));
    return;
  }
  if (equals(a.holds, b.holds)) {
    if (a.action.name !== b.action.name) {
      const message = (x: SloFacts, y: SloFacts) =>
        `Contradictory actions with "${y.name}": both breach at the same values of "${x.metric}" (${t(x).slice(1, -1)} over ${x.windowText}, on ${where(x, y)}), but this one answers with ${x.action.name} and the other with ${y.action.name}. One breach, two responses: keep one SLO with the action you mean.`;
      push('contradictory-actions', a, b, message(a, b));
      push('contradictory-actions', b, a, message(b, a));
      return;
    }
    // Same values, same action: the narrower (or, for equal scopes, the later) one adds nothing.
    if (contains(a.scope, b.scope)) push('redundant', b, a, redundantMessage(a));
    else if (contains(b.scope, a.scope)) push('redundant', a, b, redundantMessage(b));
    return;
  }
  // Order the pair so that `strict` breaches whenever `loose` does (and at more values).
  const [strict, loose] = isSubset(a.holds, b.holds) ? [a, b] : isSubset(b.holds, a.holds) ? [b, a] : [undefined, undefined];
  if (!strict || !loose || !contains(strict.scope, loose.scope)) return;
  const narrower = !sameScope(strict.scope, loose.scope);
  if (narrower && loose.action.rank <= strict.action.rank) {
    push(
      'ineffective-override',
      loose,
      strict,
      `No effect: this SLO applies to ${describeScope(loose.scope)} and is looser (${t(loose).slice(1, -1)}) than ${who(strict)}, which applies to ${describeScope(strict.scope)} and so to this traffic too. Policies combine and nothing overrides: whenever this one breaches, "${strict.name}" already has. To relax ${describeScope(loose.scope)}, narrow "${strict.name}"'s scope instead; to tighten it, make this target stricter.`,
    );
  } else if (strict.action.rank > loose.action.rank) {
    const value = sampleOf(difference(loose.holds, strict.holds));
    const example = value === undefined ? '' : ` A value of ${formatThreshold(value)} already triggers ${strict.action.name} while "${loose.name}" still holds.`;
    const message = (x: SloFacts) =>
      `Inverted escalation: ${who(strict)} breaches before ${who(loose)} and acts more severely, so ${loose.action.name} can never fire on its own.${x === loose ? example : ''} The threshold that breaches first should carry the milder action (ladder: ${LADDER_TEXT}).`;
    push('inverted-escalation', loose, strict, message(loose));
    push('inverted-escalation', strict, loose, message(strict));
  } else if (!narrower && strict.action.rank === loose.action.rank) {
    push('redundant', loose, strict, redundantMessage(strict));
  }
}

function redundantMessage(by: SloFacts): string {
  return `Redundant: this SLO can never be the only one breached. ${who(by)} applies to the same traffic, breaches whenever this one does, and acts at least as severely. Remove this SLO, or give it a different target or action.`;
}

function acrossWindows(a: SloFacts, b: SloFacts, out: Conflict[]): void {
  const [short, long] = a.window === 'rolling' || (b.window !== 'rolling' && a.window > b.window) ? [b, a] : [a, b];
  if (long.window === 'rolling' && long.neverEvent && !equals(short.holds, long.holds)) {
    const message = `Window mismatch: never-event SLO "${long.name}" (${t(long).slice(1, -1)}, rolling) and "${short.name}" (${t(short).slice(1, -1)} over ${short.windowText}) measure "${long.metric}" on ${describeScope(long.scope)} with different targets: the windowed one tolerates what the never event forbids, or breaches on what it allows. Give them the same target or separate metrics.`;
    out.push({ kind: 'window-mismatch', subject: long, other: short, message }, { kind: 'window-mismatch', subject: short, other: long, message });
    return;
  }
  if (isSubset(short.holds, long.holds) && !equals(short.holds, long.holds) && short.action.rank < long.action.rank) {
    const message = `Window mismatch on "${short.metric}" (${describeScope(short.scope)}): the shorter window ${short.windowText} has the stricter target (${t(short).slice(1, -1)}) but the milder action (${short.action.name}), while ${long.windowText} has the looser target (${t(long).slice(1, -1)}) and the more severe action (${long.action.name}). So a short dip gets the strict threshold and a mild response, while sustained drift waits for the long window before the severe action fires.`;
    out.push({ kind: 'window-mismatch', subject: short, other: long, message }, { kind: 'window-mismatch', subject: long, other: short, message });
  }
}
