import { diffJson, diffMarkdown, diffText, type SloDiff } from '../../engine/diff';
import type { Base } from '../../git';
import { VERSION } from '../../version';
import type { Command } from '../command';
import { BASE_FLAG, BASE_HELP, baseOption, cliBase, cliDiffs } from '../diff-inputs';
import { findModels } from '../dry-run-inputs';
import { dataError, dryRunReport } from '../dry-run-report';
import { EXIT, UsageError } from '../errors';
import { relativePath, repoPath } from '../format/paths';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';

const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;

export const diff: Command = {
  name: 'diff',
  summary: 'Compare each model\'s policy with a git revision: every change tightened, loosened or neutral.',
  usage: 'safety-specs diff [--base REV] [--format text|json|markdown] [paths...]   (default path: .)',
  options: { ...WALK_FLAGS, ...BASE_FLAG },
  formats: DIFF_FORMATS,
  optionHelp: [...BASE_HELP, ...WALK_HELP],
  epilogue: [
    'The head is the working tree as it is, uncommitted edits included; the base is read from git\'s object store',
    '(nothing in the repository runs). SLOs, gates and scenarios are matched by name; an SLO with the same metric,',
    'scope, window and target under a new name is a rename. Policy files pair by model (model:), so a moved file',
    'is no change. Each change is tightened (stricter target, more severe action, new SLO, wider scope, ...),',
    'loosened (relaxed target, milder action, SLO or scenario removed, narrower scope, longer window, a gate\'s',
    'on_missing_data from block to ignore, ...) or neutral (wording, order, formatting, comments).',
    '',
    'The diff is green when nothing is loosened, or when every loosened SLO is named (in slos: or as `code`)',
    'in a deliberation note of the model that was added or changed since the base.',
    'Formats: text, json, or markdown (a pull-request comment: see docs/ci/pr-comment.md).',
    '',
    'Exit codes: 0 every model\'s diff is green; 1 one is not; 2 a usage or git error (not a git repository, an',
    'unknown revision, a revision name starting with "-"), or a policy that cannot be read or does not parse.',
  ],
  async run({ global, values, positionals }) {
    const write = dryRunReport('diff', global, DIFF_FORMATS);
    const rev = baseOption(values);
    const found = findModels(positionals, { config: global.config, noIgnore: !!values['no-ignore'], noneIsFine: true });
    for (const n of found.notices) process.stderr.write(`${n.path}: warning: ${n.message}\n`);
    if (found.problems.length) return dataError(found.problems, 'no SLO diff was computed.');
    const base = await cliBase(positionals, rev);
    const diffs = cliDiffs(base, found.models, found.lookup, positionals);
    if (!diffs.length) throw new UsageError(`no policy files in ${(positionals.length ? positionals : ['.']).join(', ')}, now or at ${base.base.label}.`);
    write({
      text: () => diffText(diffs, relativePath),
      json: () => json(diffs, base.base),
      markdown: () => diffMarkdown(diffs, repoPath),
    });
    return diffs.every((d) => d.green) ? EXIT.clean : EXIT.findings;
  },
};

function json(diffs: readonly SloDiff[], base: Base): string {
  return `${JSON.stringify({ version: VERSION, base: { label: base.label, commit: base.commit }, ...diffJson(diffs, relativePath) }, null, 2)}\n`;
}
