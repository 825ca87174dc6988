import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeWorkspace, settle, today, type Finding } from '../../engine';
import type { Command } from '../command';
import { loadConfig } from '../config';
import { EXIT } from '../errors';
import { formatSarif } from '../format/sarif';
import { collectInputs } from '../read-policy';
import { writeOutput } from '../write-report';

interface Row {
  readonly path: string;
  readonly finding: Finding;
}

export const conflicts: Command = {
  name: 'conflicts',
  summary: 'List the conflicts among SLOs (within and across the files of each model) as a table.',
  usage: 'safety-specs conflicts [options] [paths...]   (default path: .)',
  options: {},
  optionHelp: [],
  run({ global, positionals }) {
    const options = { levels: loadConfig(global.config), today: today() };
    const inputs = collectInputs(positionals.length ? positionals : ['.']);
    const errors = inputs.flatMap((i) => ('error' in i ? [i] : []));
    const documents = inputs.flatMap((i) => ('document' in i ? [i] : []));
    const analyses = analyzeWorkspace(documents.map((i) => i.document));
    const rows: Row[] = documents.flatMap((input) =>
      settle(input.document, analyses.get(input.document.uri)!.findings, options).findings.filter((f) => f.rule.startsWith('conflict/')).map((finding) => ({ path: input.path, finding })),
    );
    const sarif = () =>
      formatSarif([
        ...errors,
        ...documents.map((input) => ({ path: input.path, uri: input.document.uri, findings: rows.filter((r) => r.path === input.path).map((r) => r.finding) })),
      ]);
    writeOutput(global.format === 'json' ? json(rows, errors) : global.format === 'sarif' ? sarif() : table(rows, errors), global);
    if (errors.length) return EXIT.usage;
    return rows.some((r) => r.finding.severity === 'error') ? EXIT.findings : EXIT.clean;
  },
};

const at = (path: string, line: number) => `${path}:${line + 1}`;

function otherLocation(f: Finding): string {
  const r = f.related?.[0];
  if (!r) return '';
  const path = r.uri.startsWith('file:') ? relative(process.cwd(), fileURLToPath(r.uri)) : r.uri;
  return at(path, r.range.start.line);
}

function table(rows: readonly Row[], errors: readonly { path: string; error: string }[]): string {
  const lines = errors.map((e) => `${e.path}: error: ${e.error}`);
  if (rows.length === 0) return [...lines, 'No conflicts.', ''].join('\n');
  const cells = rows.map(({ path, finding: f }) => [
    f.severity,
    f.rule.replace('conflict/', ''),
    `${f.anchor ?? ''} (${at(path, f.range.start.line)})`,
    f.related?.[0] ? `${f.related[0].anchor ?? ''} (${otherLocation(f)})` : '',
    f.message,
  ]);
  const header = ['SEVERITY', 'KIND', 'SLO', 'WITH', 'DETAIL'];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const row = (c: string[]) => c.map((x, i) => (i < 4 ? x.padEnd(widths[i]) : x)).join('  ');
  lines.push(row(header), ...cells.map(row), '', `${rows.length} conflict finding${rows.length === 1 ? '' : 's'}.`, '');
  return lines.join('\n');
}

function json(rows: readonly Row[], errors: readonly { path: string; error: string }[]): string {
  return JSON.stringify(
    {
      conflicts: rows.map(({ path, finding: f }) => ({
          kind: f.rule.replace('conflict/', ''),
          rule: f.rule,
          severity: f.severity,
          slo: f.anchor,
          path,
          line: f.range.start.line + 1,
          column: f.range.start.character + 1,
          with: f.related?.map((r) => ({ slo: r.anchor, uri: r.uri, line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })) ?? [],
          message: f.message,
          docUrl: f.docUrl,
      })),
      errors,
    },
    null,
    2,
  ) + '\n';
}
