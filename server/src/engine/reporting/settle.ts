import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { RULE_BY_ID } from '../rules/catalog';
import type { Finding, Level, RuleLevels } from '../types';

export interface ReportingOptions {
  /** The levels that apply to this file: its config chain over the editor's settings. */
  readonly levels?: RuleLevels;
  /** `YYYY-MM-DD`: the day a suppression's expiry is judged against. */
  readonly today: string;
}

/** An accountable inline suppression (`# safety-specs-ignore rule: reason [until YYYY-MM-DD]`). */
export interface Waiver {
  /** The rule ids it names, as written. */
  readonly rules: readonly string[];
  readonly reason: string;
  /** `YYYY-MM-DD`, when the suppression stops working. */
  readonly until?: string;
  /** The comment's range. */
  readonly range: Range;
}

/** A finding a valid, unexpired suppression silenced: kept for the audit trail (`--list-suppressions`, SARIF). */
export interface Waived {
  readonly finding: Finding;
  readonly waiver: Waiver;
}

/** What is shown for a file: its findings after configuration and suppressions, and what was waived. */
export interface Settled {
  readonly findings: readonly Finding[];
  readonly waived: readonly Waived[];
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
  return { findings: kept, waived: [] };
}

/** Today as `YYYY-MM-DD` in UTC, the day suppressions' expiry dates are judged against. */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
