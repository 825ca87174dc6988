import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy, rangeOf, type PolicyFile } from './policy/parse';
import { RULES } from './rules/catalog';
import { docUrl, type Rule, type RuleContext } from './rules/rule';
import type { Finding, Report, RuleId, Severity } from './types';

export interface AnalyzeOptions {
  /** Per-rule severity overrides; `off` silences a rule. */
  readonly severities?: Readonly<Partial<Record<RuleId, Severity | 'off'>>>;
}

export interface Analysis {
  /** Undefined when a source rule refused the file (too large, binary): nothing else was checked. */
  readonly file?: PolicyFile;
  readonly findings: readonly Finding[];
}

/** Runs every rule over one policy document. Pure: same text and options, same findings. */
export function analyze(document: TextDocument, options: AnalyzeOptions = {}): Analysis {
  const findings: Finding[] = [];
  const emit = (rule: Rule, report: Report) => {
    const severity = effectiveSeverity(rule, options);
    if (severity !== 'off') findings.push({ ...report, rule: rule.meta.id, severity, docUrl: docUrl(rule.meta) });
  };

  const text = document.getText();
  for (const rule of RULES) {
    if (rule.kind !== 'source') continue;
    const report = rule.check(text, document);
    if (report) {
      emit(rule, report);
      return { findings };
    }
  }

  const file = parsePolicy(document);
  for (const rule of RULES) {
    if (rule.kind !== 'policy') continue;
    const ctx: RuleContext = {
      file,
      document,
      report: (report) => emit(rule, report),
      range: (node, fallback) => rangeOf(document, node, fallback),
    };
    try {
      rule.check(ctx);
    } catch (e) {
      // A bug in one rule must not hide the findings of the others, nor crash the editor or CI.
      emit(rule, { message: `Internal error in rule ${rule.meta.id}: ${(e as Error).message}. Please report it.`, range: rangeOf(document, null) });
    }
  }
  findings.sort(byPosition);
  return { file, findings };
}

/** Rules that guard never events keep their severity whatever the configuration says. */
export function effectiveSeverity(rule: Rule, options: AnalyzeOptions): Severity | 'off' {
  return (!rule.meta.guardsNeverEvents && options.severities?.[rule.meta.id]) || rule.meta.defaultSeverity;
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.rule.localeCompare(b.rule);
}
