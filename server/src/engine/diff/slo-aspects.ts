import { contains, describeScope, sameScope } from '../conflicts/scope';
import { targetHolds } from '../conflicts/facts';
import { difference, equals, isSubset, sampleOf } from '../conflicts/intervals';
import { formatThreshold } from '../target';
import { fieldSite, type Read, type SloReading } from './slo-reading';
import type { Aspect, ChangeClass } from './types';

/**
 * How one SLO changed, field by field, judged with the conflict analysis's model: a target is the set
 * of values that pass (intervals), an action its rank on the ladder, a scope the traffic it covers.
 */
export function sloAspects(before: SloReading, after: SloReading): Aspect[] {
  const aspects: Aspect[] = [];
  const add = (field: string, cls: ChangeClass, reason: string, b: string, a: string) =>
    aspects.push({ field, class: cls, before: b, after: a, reason, at: fieldSite(after, field) });

  if (before.metric !== after.metric) {
    add('metric', 'loosened', `It now measures "${after.metric}" instead of "${before.metric}", which no SLO of this name guards any more.`, before.metric, after.metric);
  }
  const target = targetChange(before, after);
  if (target) add('target', target.class, target.reason, before.target.raw, after.target.raw);
  const window = ordered(before.window, after.window, 'window', {
    tightened: 'A shorter window: a breach shows sooner and is averaged away less.',
    loosened: 'A longer window: a breach is averaged over more time and shows later, or not at all.',
  });
  if (window) add('window', window.class, window.reason, before.window.raw, after.window.raw);
  const action = actionChange(before, after);
  if (action) add('action_on_breach', action.class, action.reason, before.action.raw, after.action.raw);
  const scope = scopeChange(before, after);
  if (scope) add('scope', scope.class, scope.reason, describe(before), describe(after));
  aspects.push(...neverEventAspects(before, after));
  for (const key of new Set([...before.others.keys(), ...after.others.keys()])) {
    const b = before.others.get(key) ?? '';
    const a = after.others.get(key) ?? '';
    if (a !== b) add(key, 'neutral', key === 'objective' || key === 'description' ? `The ${key} is reworded; decisions do not change.` : `"${key}" changed; the gate does not read it.`, b, a);
  }
  return aspects;
}

type Verdict = { readonly class: ChangeClass; readonly reason: string } | undefined;

function targetChange(before: SloReading, after: SloReading): Verdict {
  const b = before.target.meaning;
  const a = after.target.meaning;
  if (!a || !b) return parseChange(before.target, after.target, 'target');
  const old = targetHolds(before.metric, b);
  const now = targetHolds(after.metric, a);
  if (old.unit !== now.unit) return { class: 'loosened', reason: 'The target changed between a duration and a plain number, so the two cannot be compared: treated as loosened.' };
  if (equals(old.holds, now.holds)) return before.target.raw === after.target.raw ? undefined : { class: 'neutral', reason: 'The same threshold, written differently.' };
  if (isSubset(now.holds, old.holds)) {
    const value = sampleOf(difference(old.holds, now.holds));
    return { class: 'tightened', reason: `A stricter target${value === undefined ? '' : `: a value of ${formatThreshold(value)} now breaches`}.` };
  }
  const value = sampleOf(difference(now.holds, old.holds));
  return { class: 'loosened', reason: `A relaxed target${value === undefined ? '' : `: a value of ${formatThreshold(value)} used to breach and now passes`}.` };
}

function actionChange(before: SloReading, after: SloReading): Verdict {
  const b = before.action.meaning;
  const a = after.action.meaning;
  if (!a || !b) return parseChange(before.action, after.action, 'action');
  if (a.rank > b.rank) return { class: 'tightened', reason: `A breach now triggers ${a.name} (${a.ladder} on the ladder), more severe than ${b.name}.` };
  if (a.rank < b.rank) return { class: 'loosened', reason: `A breach now triggers ${a.name} (${a.ladder} on the ladder), milder than ${b.name}.` };
  return a.name === b.name ? undefined : { class: 'neutral', reason: `${a.name} ranks with ${b.name} (${a.ladder}): the same severity.` };
}

function scopeChange(before: SloReading, after: SloReading): Verdict {
  const b = before.scope.meaning;
  const a = after.scope.meaning;
  if (!a || !b) return parseChange(before.scope, after.scope, 'scope');
  if (sameScope(a, b)) return undefined;
  if (contains(a, b)) return { class: 'tightened', reason: `The scope is widened: the SLO now covers ${describeScope(a)}.` };
  if (contains(b, a)) return { class: 'loosened', reason: `The scope is narrowed: traffic in ${describeScope(b)} but outside ${describeScope(a)} is no longer covered.` };
  return { class: 'loosened', reason: `The scope moved: some traffic of ${describeScope(b)} is no longer covered.` };
}

function neverEventAspects(before: SloReading, after: SloReading): Aspect[] {
  const aspects: Aspect[] = [];
  const at = fieldSite(after, 'never_events');
  if (before.neverEvent && !after.neverEvent) {
    aspects.push({ field: 'never_events', class: 'loosened', reason: 'It no longer guards a never event.', before: 'never event', after: 'ordinary SLO', at });
  } else if (!before.neverEvent && after.neverEvent) {
    aspects.push({ field: 'never_events', class: 'tightened', reason: 'It now guards a never event.', before: 'ordinary SLO', after: 'never event', at });
  }
  for (const id of before.neverEventIds) {
    if (!after.neverEventIds.includes(id)) aspects.push({ field: 'never_events', class: 'loosened', reason: `Never event ${id} is no longer covered by this SLO.`, before: id, after: '', at });
  }
  for (const id of after.neverEventIds) {
    if (!before.neverEventIds.includes(id)) aspects.push({ field: 'never_events', class: 'tightened', reason: `Never event ${id} is now covered by this SLO.`, before: '', after: id, at });
  }
  return aspects;
}

function ordered(before: Read<number>, after: Read<number>, what: string, reasons: { readonly tightened: string; readonly loosened: string }): Verdict {
  const b = before.meaning;
  const a = after.meaning;
  if (a === undefined || b === undefined) return parseChange(before, after, what);
  if (a < b) return { class: 'tightened', reason: reasons.tightened };
  if (a > b) return { class: 'loosened', reason: reasons.loosened };
  return before.raw === after.raw ? undefined : { class: 'neutral', reason: `The same ${what}, written differently.` };
}

/** A field that does not parse on one side guards nothing there: losing it loosens, gaining it tightens. */
function parseChange<T>(before: Read<T>, after: Read<T>, what: string): Verdict {
  if (before.raw === after.raw) return undefined;
  if (before.meaning !== undefined && after.meaning === undefined) {
    return { class: 'loosened', reason: after.raw === '' ? `The ${what} is gone, so the SLO no longer decides anything.` : `The new ${what} "${after.raw}" is not valid, so the SLO no longer decides anything.` };
  }
  if (before.meaning === undefined && after.meaning !== undefined) return { class: 'tightened', reason: `The ${what} is now valid, so the SLO decides again.` };
  return { class: 'neutral', reason: `The ${what} is invalid in both versions.` };
}

function describe(r: SloReading): string {
  return r.scope.meaning ? describeScope(r.scope.meaning) : r.scope.raw;
}
