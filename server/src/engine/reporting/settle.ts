import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { byPosition } from '../analyze';
import { RULE_BY_ID, RULES } from '../rules/catalog';
import { applySuppressions } from '../suppressions/apply';
import { checkSuppressions } from '../suppressions/check';
import { parseSuppressions } from '../suppressions/parse';
import type { Finding, Level, RuleLevels } from '../types';

export interface ReportingOptions {
  /** The levels that apply to this file: its config chain over the editor's settings. */
  readonly levels?: RuleLevels;
  /** `YYYY-MM-DD`: the day a suppression's expiry is judged against. */
  readonly today: string;
}

/** An accountable inline suppression (`# safety-specs-ignore rule: reason [until YYYY-MM-DD]`, in Markdown `<!-- ... -->`). */
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

/**
 * Applies a file's reporting options to its raw findings (from the policy, model, card, note or folder analyses):
 * levels first, then the file's suppression comments (YAML comments; in a model card or note, HTML comments and
 * the front matter's YAML comments), whose own findings (suppression/*) get levels too but cannot be suppressed inline.
 */
export function settle(document: TextDocument, findings: readonly Finding[], options: ReportingOptions): Settled {
  const leveled = withLevels(findings, options.levels);
  // Most files have no suppression, so skip the YAML CST or the Markdown tree; a file a source rule refused (too large, binary) is not read either.
  if (!document.getText().includes(DIRECTIVE) || findings.some((f) => SOURCE_RULES.has(f.rule))) return { findings: leveled, waived: [] };
  const { kept, waived, suppressions } = applySuppressions(parseSuppressions(document), leveled, options.today);
  const own = withLevels(checkSuppressions(document, suppressions, options.today), options.levels);
  return { findings: [...kept, ...own].sort(byPosition), waived };
}

const DIRECTIVE = 'safety-specs-ignore';
const SOURCE_RULES: ReadonlySet<string> = new Set(RULES.filter((r) => r.kind === 'source').map((r) => r.meta.id));

function withLevels(findings: readonly Finding[], levels: RuleLevels | undefined): Finding[] {
  const kept: Finding[] = [];
  for (const finding of findings) {
    const level = levelOf(finding, levels);
    if (level !== 'off') kept.push(level === finding.severity ? finding : { ...finding, severity: level });
  }
  return kept;
}

