import type { Command } from '../command';
import { applyBaseline, readBaselineFile, writeBaselineFile } from '../baseline-file';
import { EXIT, UsageError } from '../errors';
import type { FileReport, StaleEntry } from '../format/report';
import { activeSuppressions, formatSuppressionsJson, formatSuppressionsText } from '../format/suppressions';
import { hasConfigError, lintInRepo } from '../lint-run';
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
    base: { type: 'string' },
    'changed-since': { type: 'string' },
  },
  optionHelp: [
    ...WALK_HELP,
    '  --baseline FILE      fail only on findings not recorded in FILE; report entries that no longer occur',
    '  --update-baseline    (with --baseline) record today\'s findings in FILE, dropping fixed ones',
    '  --list-suppressions  print the active inline suppressions (rule, file, line, reason, expiry), text or json',
    '  --markdown-as KIND   check every .md file named on the command line as a model card or a deliberation',
    '                       note (KIND: card or note), whatever its name; folder walks go by names as always',
    '  --base REV           the git revision the SLO diff compares the policies with (diff/loosened-unacknowledged:',
    '                       a loosened SLO no changed deliberation note names); default: the merge base with the',
    '                       default branch (origin/HEAD, else main, else master), else HEAD. Outside a git',
    '                       repository, check runs without the diff',
    '  --changed-since REV  report only findings about what changed since REV: SLOs, gates, scenarios, actions and',
    '                       other top-level keys of policies, sections and front matter of cards and notes (files',
    '                       unchanged since REV report nothing; diff findings always show). The whole model is',
    '                       still analysed, so cross-file findings stay right. Also the diff\'s base unless --base',
  ],
  epilogue: [
    'Revisions are read with the git binary (nothing is fetched); one that is unknown or starts with "-" exits 2.',
  ],
  async run({ global, values, positionals }) {
    const baselinePath = values.baseline as string | undefined;
    if (values['update-baseline'] && !baselinePath) throw new UsageError('--update-baseline needs --baseline FILE.');
    const revisions = { base: values.base as string | undefined, changedSince: values['changed-since'] as string | undefined };
    // A baseline records every finding; one written from the changed ones only would forget the rest.
    if (values['update-baseline'] && revisions.changedSince !== undefined) throw new UsageError('--update-baseline records every finding: drop --changed-since.');
    const markdownAs = values['markdown-as'] as string | undefined;
    if (markdownAs !== undefined && !isMarkdownKind(markdownAs)) throw new UsageError(`--markdown-as must be one of ${MARKDOWN_KINDS.join(', ')}, not "${markdownAs}".`);
    const linted = await lintInRepo(positionals, { config: global.config, noIgnore: !!values['no-ignore'], markdownAs }, revisions);
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
    // After the baseline: its entries are matched against every finding, so none reads as stale for being unchanged.
    if (linted.since) specs = specs.map(linted.since);
    const code = writeReport({ files: [...linted.configs, ...specs], notices: linted.notices, stale, baseline: !!baselinePath }, global);
    return configError ? EXIT.usage : code;
  },
};
