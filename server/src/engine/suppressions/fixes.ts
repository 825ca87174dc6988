import type { Fix } from '../types';
import type { RuleRef, Suppression } from './parse';

/** Deletes the suppression; or, given one of several rules it names, only that rule (and its comma). */
export function removal(suppression: Suppression, ref?: RuleRef): Fix {
  const i = ref ? suppression.rules.indexOf(ref) : -1;
  if (i < 0 || suppression.rules.length < 2) return { title: 'Remove this suppression', edits: [{ range: suppression.removal, newText: '' }] };
  const range = i > 0 ? { start: suppression.rules[i - 1].range.end, end: ref!.range.end } : { start: ref!.range.start, end: suppression.rules[1].range.start };
  return { title: `Remove "${ref!.id}" from this suppression`, edits: [{ range, newText: '' }] };
}
