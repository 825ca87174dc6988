import type { Command } from '../command';
import { applyBaseline, readBaselineFile, writeBaselineFile } from '../baseline-file';
import { EXIT, UsageError } from '../errors';
import type { FileReport, StaleEntry } from '../format/report';
import { activeSuppressions, formatSuppressionsJson, formatSuppressionsText } from '../format/suppressions';
import { hasConfigError, lint } from '../lint-run';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';
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
  },
  optionHelp: [
    ...WALK_HELP,
    '  --baseline FILE      fail only on findings not recorded in FILE; report entries that no longer occur',
    '  --update-baseline    (with --baseline) record today\'s findings in FILE, dropping fixed ones',
    '  --list-suppressions  print the active inline suppressions (rule, file, line, reason, expiry), text or json',
  ],
  run({ global, values, positionals }) {
    const baselinePath = values.baseline as string | undefined;
    if (values['update-baseline'] && !baselinePath) throw new UsageError('--update-baseline needs --baseline FILE.');
    const linted = lint(positionals, { config: global.config, noIgnore: !!values['no-ignore'] });
    const configError = hasConfigError(linted.configs);

    if (values['list-suppressions']) {
      if (global.format !== 'text' && global.format !== 'json') throw new UsageError('--list-suppressions prints text or json.');
      const list = activeSuppressions(linted.policies);
      writeOutput(global.format === 'json' ? formatSuppressionsJson(list) : formatSuppressionsText(list), global);
      return configError ? EXIT.usage : EXIT.clean;
    }

    let policies: readonly FileReport[] = linted.policies;
    let stale: StaleEntry[] = [];
    if (baselinePath) {
      const baseline = values['update-baseline'] ? writeBaselineFile(baselinePath, policies) : readBaselineFile(baselinePath);
      if (values['update-baseline']) process.stderr.write(`safety-specs: wrote ${baseline.entries.length} finding${baseline.entries.length === 1 ? '' : 's'} to ${baselinePath}\n`);
      ({ reports: policies, stale } = applyBaseline(policies, baseline));
    }
    const code = writeReport({ files: [...linted.configs, ...policies], notices: linted.notices, stale, baseline: !!baselinePath }, global);
    return configError ? EXIT.usage : code;
  },
};
