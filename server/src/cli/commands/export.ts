import { budgetProblem, DEFAULT_BUDGET, exportOpenSlo, exportPrometheus, type ExportResult, type Skipped } from '../../engine/export';
import type { Command } from '../command';
import { findModels } from '../dry-run-inputs';
import { dataError } from '../dry-run-report';
import { EXIT, UsageError } from '../errors';
import { relativePath } from '../format/paths';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';
import { writeOutput } from '../write-report';

const TARGETS = ['prometheus', 'openslo'] as const;

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export each model\'s SLOs where they are enforced: a Prometheus rule file or OpenSLO v1 documents.',
  usage: 'safety-specs export --to prometheus|openslo [--output FILE] [--budget N] [--strict] [paths...]   (default path: .)',
  options: { ...WALK_FLAGS, to: { type: 'string' }, budget: { type: 'string' }, strict: { type: 'boolean' } },
  optionHelp: [
    '  --to FORMAT          prometheus: a rule file, one alerting rule per SLO firing while it is breached;',
    '                       openslo: OpenSLO v1 documents, one SLO each (thresholdMetric, Prometheus query)',
    `  --budget N           openslo only: the objectives' target, above 0 and below 1 (default: ${DEFAULT_BUDGET}). A safety`,
    '                       SLO has no error budget, but an OpenSLO target must be below 1',
    '  --strict             exit 1 when an SLO cannot be exported',
    ...WALK_HELP,
  ],
  epilogue: [
    'Writes to standard output, or to --output FILE. Each SLO becomes its breach condition over its window in PromQL',
    '(avg_over_time(ood_recall{tenant="acme"}[7d]) < 0.9; min, max, sum, count, last and p50/p95/p99 likewise),',
    'deciding as `safety-specs replay` decides. An SLO that cannot be said the same way is not exported, never',
    'approximated: a rolling window (since the start), a target or action that does not parse; for openslo also',
    '== and != targets (never events) and windows with seconds. Each is named on standard error as',
    'path:line:col: SLO name not exported: why, and in a comment at the top of the output. See docs/export.md.',
    '',
    'Exit codes: 0 exported (some SLOs may be noted as not exported); 1 with --strict when an SLO was not exported;',
    '2 a usage error, or a policy that cannot be read or does not parse (nothing is written).',
  ],
  run({ global, values, positionals }) {
    const to = values.to as string | undefined;
    if (to === undefined) throw new UsageError(`export needs --to: ${TARGETS.join(' or ')}.`);
    if (!(TARGETS as readonly string[]).includes(to)) throw new UsageError(`--to must be one of ${TARGETS.join(', ')}, not "${to}".`);
    if (values.format !== undefined) throw new UsageError(`export writes ${to}'s own format; --format does not apply (write to a file with --output FILE).`);
    const budget = budgetOption(values.budget as string | undefined, to);
    const found = findModels(positionals, { config: global.config, noIgnore: !!values['no-ignore'] });
    for (const n of found.notices) process.stderr.write(`${n.path}: warning: ${n.message}\n`);
    if (found.problems.length) return dataError(found.problems, 'nothing was exported.');
    const result: ExportResult = to === 'prometheus' ? exportPrometheus(found.models) : exportOpenSlo(found.models, { budget });
    for (const s of result.skipped) process.stderr.write(`${note(s)}\n`);
    writeOutput(result.text, global);
    return values.strict && result.skipped.length ? EXIT.findings : EXIT.clean;
  },
};

function budgetOption(text: string | undefined, to: string): number {
  if (text === undefined) return DEFAULT_BUDGET;
  if (to !== 'openslo') throw new UsageError('--budget is the OpenSLO objectives\' target: it applies to --to openslo only.');
  const budget = Number(text);
  if (text.trim() === '' || Number.isNaN(budget)) throw new UsageError(`--budget ${text} is not a number: write one above 0 and below 1, like ${DEFAULT_BUDGET}.`);
  const problem = budgetProblem(budget);
  if (problem) throw new UsageError(`--budget ${text}: ${problem}`);
  return budget;
}

/** `path:line:col: SLO x not exported: why`. */
function note(s: Skipped): string {
  return `${relativePath(s.uri)}:${s.range.start.line + 1}:${s.range.start.character + 1}: SLO ${s.slo} not exported: ${s.reason}`;
}
