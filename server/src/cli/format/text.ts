import type { FileReport, Summary } from './report';

const COLOURS = { red: 31, yellow: 33, cyan: 36, dim: 2, bold: 1 } as const;

/** `file:line:col severity rule message`, one finding a line, then a summary line. */
export function formatText(reports: readonly FileReport[], summary: Summary, color: boolean): string {
  const paint = (c: keyof typeof COLOURS, s: string) => (color ? `\u001b[${COLOURS[c]}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  for (const report of reports) {
    if ('error' in report) {
      lines.push(`${report.path}: ${paint('red', 'error')}: ${report.error}`);
      continue;
    }
    for (const f of report.findings) {
      const where = `${report.path}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
      const severity = f.severity === 'error' ? paint('red', 'error') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'info');
      lines.push(`${where} ${severity} ${paint('dim', f.rule)} ${f.message}`);
    }
  }
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning')];
  if (summary.infos) counts.push(plural(summary.infos, 'info'));
  const checked = summary.files - summary.unreadable;
  const unreadable = summary.unreadable ? `; ${plural(summary.unreadable, 'path')} could not be checked` : '';
  lines.push(paint('bold', `${counts.join(', ')} in ${plural(checked, 'file')} checked${unreadable}.`));
  return lines.join('\n') + '\n';
}
