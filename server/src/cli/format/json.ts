import type { Finding } from '../../engine';
import { VERSION } from '../../version';
import { relativePath } from './paths';
import type { Notice, RunReport, StaleEntry, Summary } from './report';

/** The JSON report's shape, declared once: the formatter is typed against it and the tests read it. */
export interface JsonRelated {
  /** Present when the location is in another file: relative to the folder the CLI ran in. */
  readonly path?: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/** Positions are 1-based, like the text output. */
export interface JsonFinding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly docUrl: string;
  readonly related: readonly JsonRelated[];
  /** The titles of the finding's quick fixes. */
  readonly fixes: readonly string[];
}

/** A finding an inline suppression silenced, with the suppression's reason and expiry. */
export interface JsonWaived extends JsonFinding {
  readonly reason: string;
  /** `YYYY-MM-DD`, when the suppression stops working. */
  readonly until?: string;
}

export interface JsonCheckedFile {
  readonly path: string;
  /** The findings that count. */
  readonly findings: readonly JsonFinding[];
  readonly waived: readonly JsonWaived[];
  /** Findings recorded in the baseline: listed, never counted. */
  readonly baselined: readonly JsonFinding[];
}

export interface JsonReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly summary: Summary;
  readonly files: readonly (JsonCheckedFile | { readonly path: string; readonly error: string })[];
  readonly notices: readonly Notice[];
  /** Baseline entries no finding matches any more. */
  readonly stale: readonly StaleEntry[];
}

function jsonFinding(f: Finding, uri: string): JsonFinding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    docUrl: f.docUrl,
    related: (f.related ?? []).map((r) => ({
      ...(r.uri !== uri ? { path: relativePath(r.uri) } : {}),
      message: r.message,
      line: r.range.start.line + 1,
      column: r.range.start.character + 1,
    })),
    fixes: (f.fixes ?? []).map((x) => x.title),
  };
}

export function formatJson(run: RunReport, summary: Summary): string {
  const report: JsonReport = {
    tool: { name: 'safety-specs', version: VERSION },
    summary,
    files: run.files.map((file) =>
      'error' in file
        ? { path: file.path, error: file.error }
        : {
            path: file.path,
            findings: file.findings.map((f) => jsonFinding(f, file.uri)),
            waived: (file.waived ?? []).map(({ finding, waiver }) => ({ ...jsonFinding(finding, file.uri), reason: waiver.reason, ...(waiver.until ? { until: waiver.until } : {}) })),
            baselined: (file.baselined ?? []).map((f) => jsonFinding(f, file.uri)),
          },
    ),
    notices: run.notices,
    stale: run.stale,
  };
  return JSON.stringify(report, null, 2) + '\n';
}
