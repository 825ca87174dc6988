import { isDate } from '../dates';
import type { RuleMeta } from '../types';
import type { Suppression } from './parse';

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
