import type { Range, TextEdit } from 'vscode-languageserver-types';

/** Severities as users configure them; `off` never reaches a finding. */
export type Severity = 'error' | 'warning' | 'info';

/** What a configuration can set a rule to: a severity, or `off` to silence it. */
export type Level = Severity | 'off';

/** Per-rule levels, as a config file, an override block or the editor's settings give them. */
export type RuleLevels = Readonly<Partial<Record<RuleId, Level>>>;

/** A rule id is `<group>/<name>`, e.g. `slo/target-syntax`; the doc page is docs/rules/<id>.md. */
export type RuleId = `${string}/${string}`;

export interface RuleMeta {
  readonly id: RuleId;
  readonly defaultSeverity: Severity;
  /** One line, shown in `safety-specs rules` and on the doc page. */
  readonly description: string;
  /** True for rules that protect never events: later config cannot turn them off or downgrade them. */
  readonly guardsNeverEvents?: boolean;
}

/** A fix is a titled set of edits; it is offered as a quick fix and is always minimal. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The single obvious fix: editors may apply it with "auto fix". */
  readonly preferred?: boolean;
  /** A file the fix creates with this text (a model card from its template); it is never overwritten. */
  readonly newFile?: { readonly uri: string; readonly text: string };
}

export interface RelatedLocation {
  readonly uri: string;
  readonly range: Range;
  readonly message: string;
  /** The SLO (or other named thing) at that location. */
  readonly anchor?: string;
}

/** What a rule reports; the engine adds the rule id, severity and doc link. */
export interface Report {
  readonly message: string;
  /** What the finding is about, by name rather than position: the SLO's name, when it concerns one. */
  readonly anchor?: string;
  readonly range: Range;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

export interface Finding extends Report {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly docUrl: string;
  /** Stable identity for baselines and SARIF: see fingerprint.ts. */
  readonly fingerprint: string;
}
