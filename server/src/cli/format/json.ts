import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION } from '../../version';

/** A related location in another file names it, relative to the working folder like the report's paths. */
function pathOf(uri: string): string {
  return uri.startsWith('file:') ? relative(process.cwd(), fileURLToPath(uri)) : uri;
}
import type { FileReport, Summary } from './report';

/** A stable, documented JSON shape: positions are 1-based like the text output. */
export function formatJson(reports: readonly FileReport[], summary: Summary): string {
  return JSON.stringify(
    {
      tool: { name: 'safety-specs', version: VERSION },
      summary,
      files: reports.map((report) =>
        'error' in report
          ? { path: report.path, error: report.error }
          : {
              path: report.path,
              findings: report.findings.map((f) => ({
                rule: f.rule,
                severity: f.severity,
                message: f.message,
                line: f.range.start.line + 1,
                column: f.range.start.character + 1,
                endLine: f.range.end.line + 1,
                endColumn: f.range.end.character + 1,
                docUrl: f.docUrl,
                related: (f.related ?? []).map((r) => ({ ...(r.uri !== report.uri ? { path: pathOf(r.uri) } : {}), message: r.message, line: r.range.start.line + 1, column: r.range.start.character + 1 })),
                fixes: (f.fixes ?? []).map((x) => x.title),
              })),
            },
      ),
    },
    null,
    2,
  ) + '\n';
}
