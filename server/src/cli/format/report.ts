import type { Finding } from '../../engine';

/** One checked file: its findings, or the error that kept it from being checked. */
export type FileReport = { readonly path: string; readonly uri: string; readonly findings: readonly Finding[] } | { readonly path: string; readonly error: string };

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
