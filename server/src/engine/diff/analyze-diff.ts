import { byPosition, guard, toFinding } from '../analyze';
import type { PolicyFile } from '../policy/parse';
import { RULES } from '../rules/catalog';
import type { Finding, Report } from '../types';
import type { SloDiff } from './types';

/**
 * The findings of the diff rules, by document URI: only on the head version's files (`after`), since
 * a finding on a file the working tree no longer has could not be shown or fixed. Pure.
 */
export function analyzeDiff(diff: SloDiff, after: readonly PolicyFile[]): Map<string, Finding[]> {
  const files = new Map(after.map((f) => [f.document.uri, f]));
  const byUri = new Map<string, Finding[]>();
  for (const rule of RULES) {
    if (rule.kind !== 'diff') continue;
    const report = (uri: string, r: Report) => {
      const file = files.get(uri);
      if (!file) return;
      const list = byUri.get(uri) ?? byUri.set(uri, []).get(uri)!;
      list.push(toFinding(rule, r, file.document, file));
    };
    const first = after[0];
    guard(rule, () => rule.check({ diff, report }), (message) => first && report(first.document.uri, { message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }));
  }
  for (const list of byUri.values()) list.sort(byPosition);
  return byUri;
}
