import type { Finding, Waived } from '../../engine';

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
}

export interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly unreadable: number;
}

export function summarise(reports: readonly FileReport[]): Summary {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  let unreadable = 0;
  for (const report of reports) {
    if ('error' in report) {
      unreadable++;
      continue;
    }
    for (const f of report.findings) {
      if (f.severity === 'error') errors++;
      else if (f.severity === 'warning') warnings++;
      else infos++;
    }
  }
  return { files: reports.length, errors, warnings, infos, unreadable };
}
