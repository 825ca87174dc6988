import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../version';
import type { FileReport, Summary } from './report';

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

export interface JsonReport {
  readonly tool: { readonly name: string; readonly version: string };
  readonly summary: Summary;
  readonly files: readonly ({ readonly path: string; readonly findings: readonly JsonFinding[] } | { readonly path: string; readonly error: string })[];
}

/** A related location in another file names it, relative to the working folder like the report's paths. */
function pathOf(uri: string): string {
  return uri.startsWith('file:') ? relative(process.cwd(), fileURLToPath(uri)) : uri;
}

export function formatJson(reports: readonly FileReport[], summary: Summary): string {
  const report: JsonReport = {
    tool: { name: 'safety-specs', version: VERSION },
    summary,
    files: reports.map((file) =>
      'error' in file
        ? { path: file.path, error: file.error }
        : {
            path: file.path,
            findings: file.findings.map((f) => ({
              rule: f.rule,
              severity: f.severity,
              message: f.message,
              line: f.range.start.line + 1,
              column: f.range.start.character + 1,
              endLine: f.range.end.line + 1,
              endColumn: f.range.end.character + 1,
              docUrl: f.docUrl,
              related: (f.related ?? []).map((r) => ({
                ...(r.uri !== file.uri ? { path: pathOf(r.uri) } : {}),
                message: r.message,
                line: r.range.start.line + 1,
                column: r.range.start.character + 1,
              })),
              fixes: (f.fixes ?? []).map((x) => x.title),
            })),
          },
    ),
  };
  return JSON.stringify(report, null, 2) + '\n';
}
