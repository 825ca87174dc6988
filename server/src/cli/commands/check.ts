import type { Command } from '../command';
import { applyBaseline, readBaselineFile, writeBaselineFile } from '../baseline-file';
import { EXIT, UsageError } from '../errors';
import type { FileReport, StaleEntry } from '../format/report';
import { activeSuppressions, formatSuppressionsJson, formatSuppressionsText } from '../format/suppressions';
import { hasConfigError, lint } from '../lint-run';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';
import { isMarkdownKind, MARKDOWN_KINDS } from '../spec-kind';
import { writeOutput, writeReport } from '../write-report';

export const check: Command = {
  name: 'check',
  summary: 'Validate and lint policy files and their config; exit 1 on findings at or above --fail-on.',
  usage: 'safety-specs check [options] [paths...]   (default path: .)',
  options: {
    ...WALK_FLAGS,
    baseline: { type: 'string' },
    'update-baseline': { type: 'boolean' },
    'list-suppressions': { type: 'boolean' },
    'markdown-as': { type: 'string' },
  },
  optionHelp: [
    ...WALK_HELP,
    '  --baseline FILE      fail only on findings not recorded in FILE; report entries that no longer occur',
    '  --update-baseline    (with --baseline) record today\'s findings in FILE, dropping fixed ones',
    '  --list-suppressions  print the active inline suppressions (rule, file, line, reason, expiry), text or json',
    '  --markdown-as KIND   check every .md file named on the command line as a model card or a deliberation',
    '                       note (KIND: card or note), whatever its name; folder walks go by names as always',
  ],
  run({ global, values, positionals }) {
    const baselinePath = values.baseline as string | undefined;
    if (values['update-baseline'] && !baselinePath) throw new UsageError('--update-baseline needs --baseline FILE.');
    const markdownAs = values['markdown-as'] as string | undefined;
    if (markdownAs !== undefined && !isMarkdownKind(markdownAs)) throw new UsageError(`--markdown-as must be one of ${MARKDOWN_KINDS.join(', ')}, not "${markdownAs}".`);
    const linted = lint(positionals, { config: global.config, noIgnore: !!values['no-ignore'], markdownAs });
    const configError = hasConfigError(linted.configs);

    if (values['list-suppressions']) {
      if (global.format !== 'text' && global.format !== 'json') throw new UsageError('--list-suppressions prints text or json.');
      const list = activeSuppressions([...linted.policies, ...linted.markdown]);
      writeOutput(global.format === 'json' ? formatSuppressionsJson(list) : formatSuppressionsText(list), global);
      return configError ? EXIT.usage : EXIT.clean;
    }

    let specs: readonly FileReport[] = [...linted.policies, ...linted.markdown];
    let stale: StaleEntry[] = [];
    if (baselinePath) {
      const baseline = values['update-baseline'] ? writeBaselineFile(baselinePath, specs) : readBaselineFile(baselinePath);
      if (values['update-baseline']) process.stderr.write(`safety-specs: wrote ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} to ${baselinePath}\n`);
      ({ reports: specs, stale } = applyBaseline(specs, baseline));
    }
    const code = writeReport({ files: [...linted.configs, ...specs], notices: linted.notices, stale, baseline: !!baselinePath }, global);
    return configError ? EXIT.usage : code;
  },
};
