import type { TextDocument } from 'vscode-languageserver-textdocument';
import { byPosition, guard, toFinding } from '../analyze';
import { RULES } from '../rules/catalog';
import type { Rule } from '../rules/rule';
import type { Finding, Report } from '../types';
import { cardStart, sectionAt } from './locate';
import { parseCard, type ModelCard } from './model-card';

export interface CardAnalysis {
  readonly card: ModelCard;
  readonly findings: Finding[];
}

/** A model card's own findings (the card rules). Pure: same text, same findings. */
export function analyzeCard(document: TextDocument): CardAnalysis {
  const card = parseCard(document);
  const findings: Finding[] = [];
  // A card finding is about the section it sits in: the heading names it across edits (its fingerprint anchor).
  const emit = (rule: Rule, report: Report) =>
    findings.push(toFinding(rule, { ...report, anchor: report.anchor ?? sectionAt(card, report.range.start)?.title }, document, undefined));
  for (const rule of RULES) {
    if (rule.kind !== 'card') continue;
    guard(rule, () => rule.check({ card, document, report: (r) => emit(rule, r) }), (message) => emit(rule, { message, range: cardStart(card) }));
  }
  return { card, findings: findings.sort(byPosition) };
}
