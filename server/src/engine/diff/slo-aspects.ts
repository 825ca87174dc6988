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
  const window = windowChange(before, after);
  if (window) add('window', window.class, window.reason, before.window.raw, after.window.raw);
  const action = actionChange(before, after);
  if (action) add('action_on_breach', action.class, action.reason, actionText(before), actionText(after));
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
  if (a.rank > b.rank) return { class: 'tightened', reason: `A breach now triggers ${actionText(after)}, more severe than ${actionText(before)}.` };
  if (a.rank < b.rank) return { class: 'loosened', reason: `A breach now triggers ${actionText(after)}, milder than ${actionText(before)}.` };
  return a.name === b.name ? undefined : { class: 'neutral', reason: `${a.name} ranks with ${b.name} (${a.ladder}): the same severity.` };
}

function scopeChange(before: SloReading, after: SloReading): Verdict {
  const b = before.scope.meaning;
  const a = after.scope.meaning;
  if (b && !a) return { class: 'loosened', reason: 'The scope has an empty list, which matches no traffic: the SLO no longer applies anywhere.' };
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

/**
 * Which way a longer window moves an SLO. Over an average (a rate, a latency) it dilutes a breach. Under
 * zero tolerance (`== 0`) one event anywhere in the window breaches, so a longer window is stricter. A
 * count may be a total over its window (stricter when longer) or a rate per period (looser when longer):
 * unless the target only bounds it from below, where both readings agree, either change may loosen.
 */
type WindowEffect = 'longer-loosens' | 'longer-tightens' | 'either-loosens';

function windowEffect(r: SloReading): WindowEffect {
  if (!r.target.meaning) return 'longer-loosens';
  const { holds, domain } = targetHolds(r.metric, r.target.meaning);
  const only = holds.length === 1 ? holds[0] : undefined;
  if (only?.lo === 0 && only.hi === 0) return 'longer-tightens';
  if (domain === 'count' && only?.hi !== Infinity) return 'either-loosens';
  return 'longer-loosens';
}

const WINDOW_REASONS: Record<WindowEffect, { readonly longer: string; readonly shorter: string }> = {
  'longer-loosens': {
    longer: 'A longer window: a breach is averaged over more time and shows later, or not at all.',
    shorter: 'A shorter window: a breach shows sooner and is averaged away less.',
  },
  'longer-tightens': {
    longer: 'A longer window under zero tolerance: an event now counts against the target for longer.',
    shorter: 'A shorter window under zero tolerance: an event stops counting against the target sooner.',
  },
  'either-loosens': {
    longer: 'A longer window on a count: read as a rate per period, a breach is diluted, so treated as loosened.',
    shorter: 'A shorter window on a count: read as a total, fewer events add up to a breach, so treated as loosened.',
  },
};

function windowChange(before: SloReading, after: SloReading): Verdict {
  const b = before.window.meaning;
  const a = after.window.meaning;
  if (a === undefined || b === undefined) return parseChange(before.window, after.window, 'window');
  if (a === b) return before.window.raw === after.window.raw ? undefined : { class: 'neutral', reason: 'The same window, written differently.' };
  const effect = windowEffect(after);
  if (windowEffect(before) !== effect) return { class: 'loosened', reason: 'The window changed together with the kind of target, so the two cannot be compared: treated as loosened.' };
  const longer = a > b;
  const loosens = effect === 'either-loosens' || (effect === 'longer-loosens') === longer;
  return { class: loosens ? 'loosened' : 'tightened', reason: WINDOW_REASONS[effect][longer ? 'longer' : 'shorter'] };
}

/**
 * A field that does not parse (or an action that no longer resolves) on one side guards nothing there:
 * losing it loosens, gaining it tightens, even when its text did not change.
 */
function parseChange<T>(before: Read<T>, after: Read<T>, what: string): Verdict {
  if (before.meaning !== undefined && after.meaning === undefined) {
    return { class: 'loosened', reason: after.raw === '' ? `The ${what} is gone, so the SLO no longer decides anything.` : `The ${what} "${after.raw}" is not valid${after.raw === before.raw ? ' any more' : ''}, so the SLO no longer decides anything.` };
  }
  if (before.meaning === undefined && after.meaning !== undefined) return { class: 'tightened', reason: `The ${what} is now valid, so the SLO decides again.` };
  return before.raw === after.raw ? undefined : { class: 'neutral', reason: `The ${what} is invalid in both versions.` };
}

/** A custom action shows the built-in it ranks with (`notify_oncall (page)`), so a changed `severity` is visible. */
function actionText(r: SloReading): string {
  return r.action.meaning?.custom ? `${r.action.raw} (${r.action.meaning.ladder})` : r.action.raw;
}

function describe(r: SloReading): string {
  return r.scope.meaning ? describeScope(r.scope.meaning) : r.scope.raw;
}
