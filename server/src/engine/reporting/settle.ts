import type { TextDocument } from 'vscode-languageserver-textdocument';
import { RULE_BY_ID } from '../rules/catalog';
import type { Finding, Level, RuleLevels } from '../types';

export interface ReportingOptions {
  /** The levels that apply to this file: its config chain over the editor's settings. */
  readonly levels?: RuleLevels;
  /** `YYYY-MM-DD`: the day a suppression's expiry is judged against. */
  readonly today: string;
}

/** What is shown for a file: its findings after configuration and suppressions. */
export interface Settled {
  readonly findings: readonly Finding[];
}

/** The level a rule's findings get: rules that guard never events keep theirs whatever the configuration says. */
export function levelOf(finding: Finding, levels: RuleLevels | undefined): Level {
  const meta = RULE_BY_ID.get(finding.rule);
  if (meta?.guardsNeverEvents) return meta.defaultSeverity;
  return levels?.[finding.rule] ?? finding.severity;
}

/** Applies a file's reporting options to its raw findings (from analyzeFile and analyzeModel). */
export function settle(document: TextDocument, findings: readonly Finding[], options: ReportingOptions): Settled {
  void document;
  const kept: Finding[] = [];
  for (const finding of findings) {
    const level = levelOf(finding, options.levels);
    if (level !== 'off') kept.push(level === finding.severity ? finding : { ...finding, severity: level });
  }
  return { findings: kept };
}

/** Today as `YYYY-MM-DD` in UTC, the day suppressions' expiry dates are judged against. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
