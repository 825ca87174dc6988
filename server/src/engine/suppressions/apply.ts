import type { Waived, Waiver } from '../reporting/settle';
import { RULE_BY_ID } from '../rules/catalog';
import type { Finding } from '../types';
import type { Suppression } from './parse';
import { inForce, mayBeSuppressed } from './validity';

export interface AppliedSuppression extends Suppression {
  /** The findings it silenced: none when it is not in force. */
  readonly silenced: readonly Finding[];
}

export interface Suppressed {
  readonly kept: readonly Finding[];
  readonly waived: readonly Waived[];
  readonly suppressions: readonly AppliedSuppression[];
}

/**
 * Silences the findings that a suppression in force covers: its line (or the file) and one of its rules.
 * A finding two suppressions cover counts for both (neither is unused); its waiver is the line one.
 */
export function applySuppressions(suppressions: readonly Suppression[], findings: readonly Finding[], today: string): Suppressed {
  const silenced = new Map<Suppression, Finding[]>(suppressions.map((s) => [s, []]));
  const active = suppressions.filter((s) => inForce(s, today)).sort((a, b) => Number(a.target === 'file') - Number(b.target === 'file'));
  const kept: Finding[] = [];
  const waived: Waived[] = [];
  for (const finding of findings) {
    const meta = RULE_BY_ID.get(finding.rule);
    const covering = meta && mayBeSuppressed(meta) ? active.filter((s) => covers(s, finding)) : [];
    if (covering.length === 0) {
      kept.push(finding);
      continue;
    }
    for (const s of covering) silenced.get(s)!.push(finding);
    waived.push({ finding, waiver: waiverOf(covering[0]) });
  }
  return { kept, waived, suppressions: suppressions.map((s) => ({ ...s, silenced: silenced.get(s)! })) };
}

function covers(suppression: Suppression, finding: Finding): boolean {
  const { target } = suppression;
  return suppression.rules.some((r) => r.id === finding.rule) && (target === 'file' || target.line === finding.range.start.line);
}

function waiverOf(suppression: Suppression & { readonly reason: string }): Waiver {
  return { rules: suppression.rules.map((r) => r.id), reason: suppression.reason, until: suppression.until?.date, range: suppression.range };
}
