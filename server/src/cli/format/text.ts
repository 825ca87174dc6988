import type { Severity } from '../../engine';
import { countsSentence, findingLine, type RunReport, type Summary } from './report';

const COLOURS = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;
const SEVERITY_COLOUR: Record<Severity, keyof typeof COLOURS> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * `file:line:col severity rule message`, one counted finding a line, the run's notices, the stale baseline
 * entries, then a summary line. Suppressed and baselined findings are only counted there.
 */
export function formatText(run: RunReport, summary: Summary, color: boolean): string {
  const paint = (c: keyof typeof COLOURS, s: string) => (color ? `\u001b[${COLOURS[c]}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const report of run.files) {
    if ('error' in report) {
      lines.push(`${report.path}: ${paint('red', 'error')}: ${report.error}`);
      continue;
    }
    for (const f of report.findings) {
      lines.push(findingLine(report.path, f, (part, s) => (part === 'rule' ? paint('dim', s) : paint(SEVERITY_COLOUR[f.severity], s))));
    }
  }
  for (const notice of run.notices) lines.push(`${notice.path}: ${paint('yellow', 'warning')}: ${notice.message}`);
  if (run.stale.length) {
    const one = run.stale.length === 1;
    lines.push(`${run.stale.length} baseline ${one ? 'entry no longer occurs' : 'entries no longer occur'}; run with --update-baseline to drop ${one ? 'it' : 'them'}:`);
    for (const entry of run.stale) lines.push(`  ${entry.path}: ${paint('dim', entry.rule)} ${entry.message}`);
  }
  lines.push(paint('bold', countsSentence(summary)));
  return lines.join('\n') + '\n';
}
