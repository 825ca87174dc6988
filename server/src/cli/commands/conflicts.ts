import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../engine';
import type { Command } from '../command';
import { EXIT } from '../errors';
import { locationOf } from '../format/report';
import type { Notice } from '../format/report';
import { hasConfigError, lint } from '../lint-run';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';
import { writeReport } from '../write-report';

interface Row {
  readonly path: string;
  readonly finding: Finding;
}

export const conflicts: Command = {
  name: 'conflicts',
  summary: 'List the conflicts among SLOs (within and across the files of each model) as a table.',
  usage: 'safety-specs conflicts [options] [paths...]   (default path: .)',
  options: WALK_FLAGS,
  optionHelp: WALK_HELP,
  run({ global, values, positionals }) {
    const linted = lint(positionals, { config: global.config, noIgnore: !!values['no-ignore'] });
    // A config error stops the gate (exit 2), so the table says what it is.
    const errors = [...linted.configs, ...linted.policies].flatMap((r) =>
      'error' in r ? [r] : linted.configs.includes(r) ? r.findings.filter((f) => f.severity === 'error').map((f) => ({ path: locationOf(r.path, f), error: `${f.rule} ${f.message}` })) : [],
    );
    const files = linted.policies.map((r) => ('error' in r ? r : { ...r, findings: r.findings.filter((f) => f.rule.startsWith('conflict/')), waived: [] }));
    const rows: Row[] = files.flatMap((r) => ('error' in r ? [] : r.findings.map((finding) => ({ path: r.path, finding }))));
    const { notices } = linted;
    const code = writeReport({ files, notices, stale: [] }, global, { text: () => table(rows, errors, notices), json: () => json(rows, errors, notices) });
    return hasConfigError(linted.configs) ? EXIT.usage : code;
  },
};

const at = (path: string, line: number) => `${path}:${line + 1}`;

function otherLocation(f: Finding): string {
  const r = f.related?.[0];
  if (!r) return '';
  const path = r.uri.startsWith('file:') ? relative(process.cwd(), fileURLToPath(r.uri)) : r.uri;
  return at(path, r.range.start.line);
}

function table(rows: readonly Row[], errors: readonly { path: string; error: string }[], notices: readonly Notice[]): string {
  const lines = [...errors.map((e) => `${e.path}: error: ${e.error}`), ...notices.map((n) => `${n.path}: warning: ${n.message}`)];
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

function json(rows: readonly Row[], errors: readonly { path: string; error: string }[], notices: readonly Notice[]): string {
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
      notices,
    },
    null,
    2,
  ) + '\n';
}
