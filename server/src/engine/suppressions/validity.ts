import type { RuleMeta } from '../types';
import type { Suppression } from './parse';

/** `YYYY-MM-DD` naming a real day (not 2027-02-30). */
export function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  // Out-of-range months are invalid dates; out-of-range days roll over into the next month.
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text);
}

/** Past its expiry (it still works on the `until` day itself), or with an expiry that is not a date. */
export function isLapsed(suppression: Suppression, today: string): boolean {
  const until = suppression.until?.date;
  return until !== undefined && (!isDate(until) || until < today);
}

/** In force: it gives a reason and has not lapsed. It then silences the findings of the rules it names that may be suppressed. */
export function inForce(suppression: Suppression, today: string): suppression is Suppression & { readonly reason: string } {
  return suppression.reason !== undefined && !isLapsed(suppression, today);
}

/** Never events are fixed, not waived; suppression findings are about the comments themselves (configuration can turn them off). */
export function mayBeSuppressed(meta: RuleMeta): boolean {
  return !meta.guardsNeverEvents && !meta.id.startsWith('suppression/');
}
