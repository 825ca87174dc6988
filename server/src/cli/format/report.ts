import type { Finding, Severity, Waived } from '../../engine';

/** One checked file: its findings, or the error that kept it from being checked. */
export type FileReport =
  | {
      readonly path: string;
      readonly uri: string;
      /** The findings that count: after configuration, suppressions and the baseline. */
      readonly findings: readonly Finding[];
      /** Silenced by an inline suppression, with its reason: the audit trail. */
      readonly waived?: readonly Waived[];
      /** Known findings recorded in the baseline: shown as such, never failing the run. */
      readonly baselined?: readonly Finding[];
    }
  | { readonly path: string; readonly error: string };

/** Something about the run that is not a finding and does not fail it: a symlink loop, an unreadable folder. */
export interface Notice {
  readonly path: string;
  readonly message: string;
}

/** A baseline entry no finding matched any more: the baseline can shrink. */
export interface StaleEntry {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  readonly fingerprint: string;
}

/** Everything one run reports, whatever the format. */
export interface RunReport {
  readonly files: readonly FileReport[];
  readonly notices: readonly Notice[];
  readonly stale: readonly StaleEntry[];
  /** A baseline was applied: SARIF then marks every result new or unchanged. */
  readonly baseline?: boolean;
}

export interface Summary {
  readonly files: number;
  /** Counted findings only: neither suppressed nor baselined. */
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly unreadable: number;
  /** Findings silenced by inline suppressions. */
  readonly waived: number;
  /** Findings recorded in the baseline. */
  readonly baselined: number;
}

/** Most severe first. */
export const SEVERITIES = ['error', 'warning', 'info'] as const satisfies readonly Severity[];

/** Whether a finding of this severity fails a run with `--fail-on threshold`: the one place that decides. */
export function fails(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) <= SEVERITIES.indexOf(threshold);
}

export function summarise(run: RunReport): Summary {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let unreadable = 0;
  let waived = 0;
  let baselined = 0;
  for (const report of run.files) {
    if ('error' in report) {
      unreadable++;
      continue;
    }
    for (const f of report.findings) counts[f.severity]++;
    waived += report.waived?.length ?? 0;
    baselined += report.baselined?.length ?? 0;
  }
  return { files: run.files.length, errors: counts.error, warnings: counts.warning, infos: counts.info, unreadable, waived, baselined };
}

/** How many counted findings are at or above the threshold. */
export function failing(summary: Summary, threshold: Severity): number {
  const counts: Record<Severity, number> = { error: summary.errors, warning: summary.warnings, info: summary.infos };
  return SEVERITIES.filter((s) => fails(s, threshold)).reduce((n, s) => n + counts[s], 0);
}

export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `4 errors, 1 warning in 3 files checked; 1 path could not be checked; 2 suppressed findings not listed.` */
export function countsSentence(summary: Summary): string {
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.infos) counts.push(plural(summary.infos, 'info'));
  const checked = summary.files - summary.unreadable;
  const unreadable = summary.unreadable ? `; ${plural(summary.unreadable, 'path')} could not be checked` : '';
  const hidden = [summary.waived ? `${summary.waived} suppressed` : '', summary.baselined ? `${summary.baselined} baselined` : ''].filter(Boolean);
  const notListed = hidden.length ? `; ${hidden.join(' and ')} finding${summary.waived + summary.baselined === 1 ? '' : 's'} not listed` : '';
  return `${counts.join(', ')} in ${plural(checked, 'file')} checked${unreadable}${notListed}.`;
}

/** `path:line:col` (1-based) of a finding in the file at `path`. */
export function locationOf(path: string, finding: Finding): string {
  return `${path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
}

/** `path:line:col severity rule message`: one finding, as the text format prints it. */
export function findingLine(path: string, finding: Finding, paint: (part: 'severity' | 'rule', s: string) => string = (_, s) => s): string {
  return `${locationOf(path, finding)} ${paint('severity', finding.severity)} ${paint('rule', finding.rule)} ${finding.message}`;
}
