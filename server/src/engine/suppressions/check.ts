import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toFinding } from '../analyze';
import { rangeOf } from '../policy/parse';
import { RULE_BY_ID, RULES } from '../rules/catalog';
import type { Finding, Report } from '../types';
import type { AppliedSuppression } from './apply';

/** The suppression rules' findings about a file's suppression comments, at their default severity. */
export function checkSuppressions(document: TextDocument, suppressions: readonly AppliedSuppression[], today: string): Finding[] {
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.kind !== 'suppression') continue;
    const report = (r: Report) => findings.push(toFinding(rule, r, document, undefined));
    try {
      rule.check({ document, today, suppressions, rules: RULE_BY_ID, report });
    } catch (e) {
      // As analyze.ts does for the other rules: a bug in one rule must not hide the findings of the others.
      report({ message: `Internal error in rule ${rule.meta.id}: ${(e as Error).message}. Please report it.`, range: rangeOf(document, null) });
    }
  }
  return findings;
}
