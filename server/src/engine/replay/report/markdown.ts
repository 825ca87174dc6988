import { markdownText as md } from '../../markdown/escape';
import type { ReplayResult } from '../result';
import { reportContent, type ReportSection, type ReportTable } from './content';

/**
 * The replay report as GitHub-flavoured Markdown (for editors other than VS Code, and `--report FILE.md`): the
 * summary, then a section per gate, per SLO, the actions fired and the what-if sweep, every fact in a table.
 */
export function replayMarkdown(result: ReplayResult, options: { readonly title?: string } = {}): string {
  const content = reportContent(result, options.title);
  const out = [`# ${md(content.title)}`, ''];
  if (content.cancelled) out.push(`> **${md(content.cancelled)}**`, '');
  for (const item of content.summary) {
    out.push(`- **${md(item.label)}:** ${md(item.text)}`);
    for (const sub of item.items) out.push(`  - ${md(sub)}`);
  }
  out.push('');
  for (const section of content.sections) out.push(...sectionLines(section, 2));
  return `${out.join('\n').trimEnd()}\n`;
}

function sectionLines(section: ReportSection, level: number): string[] {
  const out = [`${'#'.repeat(level)} ${md(section.heading)}`, ''];
  for (const p of section.paragraphs) out.push(md(p), '');
  for (const table of section.tables) out.push(...tableLines(table));
  for (const sub of section.subsections) out.push(...sectionLines(sub, level + 1));
  return out;
}

function tableLines(table: ReportTable): string[] {
  const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    `**${md(table.caption)}**`,
    '',
    row(table.columns.map(md)),
    row(table.columns.map(() => '---')),
    // The current what-if row stands out in bold; an empty cell stays empty (`****` would show).
    ...table.rows.map((r) => row(r.cells.map((c) => (r.current && c ? `**${md(c)}**` : md(c))))),
    '',
    ...table.notes.flatMap((n) => [`*${md(n)}*`, '']),
  ];
}
