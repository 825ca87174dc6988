import { sep } from 'node:path';
import type { FileReport } from './report';

/** One active waiver as `--list-suppressions` prints it: the audit trail of a safety artifact. */
export interface JsonSuppression {
  readonly rule: string;
  readonly path: string;
  /** 1-based line of the finding it silences. */
  readonly line: number;
  /** 1-based line of the `# safety-specs-ignore` comment. */
  readonly commentLine: number;
  readonly reason: string;
  readonly until?: string;
  readonly message: string;
}

export function activeSuppressions(reports: readonly FileReport[]): JsonSuppression[] {
  return reports.flatMap((r) =>
    'error' in r
      ? []
      : (r.waived ?? []).map(({ finding, waiver }) => ({
          rule: finding.rule,
          path: r.path.split(sep).join('/'),
          line: finding.range.start.line + 1,
          commentLine: waiver.range.start.line + 1,
          reason: waiver.reason,
          ...(waiver.until ? { until: waiver.until } : {}),
          message: finding.message,
        })),
  );
}

export function formatSuppressionsJson(list: readonly JsonSuppression[]): string {
  return JSON.stringify({ suppressions: list }, null, 2) + '\n';
}

/** A table: rule, where, expiry, reason; then the count. */
export function formatSuppressionsText(list: readonly JsonSuppression[]): string {
  if (list.length === 0) return 'No active suppressions.\n';
  const rows = list.map((s) => [s.rule, `${s.path}:${s.line}`, s.until ?? 'never', s.reason]);
  const header = ['RULE', 'WHERE', 'EXPIRES', 'REASON'];
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c)).join('  ');
  return [line(header), ...rows.map(line), '', `${list.length} active suppression${list.length === 1 ? '' : 's'}.`, ''].join('\n');
}
