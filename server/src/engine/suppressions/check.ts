import type { TextDocument } from 'vscode-languageserver-textdocument';
import { guard, toFinding } from '../analyze';
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
    guard(rule, () => rule.check({ document, today, suppressions, rules: RULE_BY_ID, report }), (message) => report({ message, range: rangeOf(document, null) }));
  }
  return findings;
}
