import { dryRuns } from '../../engine';
import { didYouMean } from '../../engine/did-you-mean';
import { VERSION } from '../../version';
import type { Command } from '../command';
import { BASE_FLAG, BASE_HELP, baseOption, gateBase, modelDiff, narrowedBase } from '../diff-inputs';
import { findModels, loadSnapshot, requirementFacts, type Model, type SnapshotCache } from '../dry-run-inputs';
import { dataError, dryRunReport } from '../dry-run-report';
import { EXIT, UsageError } from '../errors';
import { relativePath } from '../format/paths';
import { plural } from '../format/report';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';

/** The requirements that read the SLO diff against the git base: only a gate with one of them makes the CLI ask git. */
const DIFF_REQUIREMENTS = new Set(['slo_diff_green', 'deliberation_note']);

/** One gate decided: the model it belongs to and the metrics it read. */
interface Decided {
  readonly model: Model;
  readonly metrics: string;
  readonly outcome: dryRuns.GateOutcome;
}

const NO_GATES = [
  'declare one in the policy, then run safety-specs gate again:',
  '  gates:',
  '    - name: release',
  '      slos: all                # or a list of SLO names',
  '      on_missing_data: block   # block (default: fail closed) or ignore',
].join('\n');

export const gate: Command = {
  name: 'gate',
  summary: 'Dry-run the gates of each model on a metrics snapshot: the decision of each, and why.',
  usage: 'safety-specs gate [--gate NAME] [--metrics FILE] [--base REV] [--format text|json] [paths...]   (default path: .)',
  options: { ...WALK_FLAGS, ...BASE_FLAG, gate: { type: 'string' }, metrics: { type: 'string' } },
  optionHelp: [
    '  --gate NAME          decide only the gate NAME (in each model that has one by that name)',
    '  --metrics FILE       the metrics snapshot for every model: a JSON or YAML map of metric key to value',
    '                       (ood_recall_7d: 0.93, "ood_recall_7d{tenant=acme}": 0.95, null for no data).',
    '                       Without it, each policy\'s metrics: (a file relative to that policy, or an inline map)',
    ...BASE_HELP,
    ...WALK_HELP,
  ],
  epilogue: [
    'Each gate\'s decision is the most severe action among its breached SLOs, pass when none breach, and block',
    'on missing data (unless on_missing_data: ignore) or on an unmet requirement. Formats: text or json.',
    'require: [slo_diff_green] is met when the SLO diff against --base is green (see safety-specs diff --help);',
    'require: [deliberation_note] when a deliberation note of the model was added or changed since --base. Outside',
    'a git repository (or one with no commits) there is no diff: slo_diff_green blocks and says why, and',
    'deliberation_note is met by any note in the model folder. An explicit --base that git cannot read is exit 2.',
    '',
    'Exit codes: 0 every gate passes; 1 a gate breaches or blocks; 2 a gate\'s decision is error (a value or a',
    'target it cannot read), or a usage or data error: no metrics, an unknown --gate, a snapshot that cannot be',
    'read or that has any problem (broken YAML/JSON, NaN, an infinity, a string), even for a key no gate reads:',
    'each problem is printed as path:line:col: message and no gate is decided.',
  ],
  async run({ global, values, positionals }) {
    const write = dryRunReport('gate', global, ['text', 'json']);
    const rev = baseOption(values);
    const wanted = values.gate as string | undefined;
    const override = values.metrics as string | undefined;
    const found = findModels(positionals, { config: global.config, noIgnore: !!values['no-ignore'] });
    for (const n of found.notices) process.stderr.write(`${n.path}: warning: ${n.message}\n`);
    if (found.problems.length) return dataError(found.problems, 'no gate was decided.');

    const models = found.models.map((model) => ({ model, gates: model.files.flatMap((f) => dryRuns.gateViews(f)) }));
    const names = [...new Set(models.flatMap((m) => m.gates.flatMap((g) => g.name?.name ?? [])))];
    if (!models.some((m) => m.gates.length)) throw new UsageError(`the policies found declare no gates: ${NO_GATES}`);
    if (wanted !== undefined && !names.includes(wanted)) {
      const guess = didYouMean(wanted, names);
      throw new UsageError(`no gate named "${wanted}".${guess ? ` Did you mean "${guess}"?` : ''} Gates: ${names.join(', ') || '(none named)'}.`);
    }
    if (wanted === undefined) for (const { model, gates } of models) if (!gates.length) process.stderr.write(`safety-specs: model ${model.name} has no gates; nothing to decide for it.\n`);

    const selected = models
      .map(({ model, gates }) => ({ model, gates: wanted === undefined ? gates : gates.filter((g) => g.name?.name === wanted) }))
      .filter((m) => m.gates.length);
    const cache: SnapshotCache = new Map();
    const snapshots = selected.map((m) => ({ ...m, snapshot: loadSnapshot(m.model, override, cache) }));
    const problems = [...new Set(snapshots.flatMap((s) => ('problems' in s.snapshot ? s.snapshot.problems : [])))];
    if (problems.length) return dataError(problems, 'the metrics cannot be trusted, so no gate was decided.');

    const readsDiff = selected.some((m) => m.gates.some((g) => g.require.some((r) => DIFF_REQUIREMENTS.has(r.name))));
    const read = readsDiff ? await gateBase(positionals, rev) : undefined;
    const base = read && ('error' in read ? read : narrowedBase(read, found.models));
    const decided = snapshots.flatMap(({ model, gates, snapshot }): Decided[] => {
      if (!('values' in snapshot)) return [];
      const metrics = snapshot.values;
      const slos = dryRuns.modelSlos(model.files);
      const facts = requirementFacts(model, found.lookup, base && ('error' in base ? base : modelDiff(base, model, found.lookup)));
      return gates.map((g) => ({ model, metrics: metrics.label, outcome: dryRuns.evaluateGate(slos, g, metrics, facts) }));
    });
    write({ text: () => text(decided), json: () => json(decided, override) });
    const kinds = new Set(decided.map((d) => d.outcome.decision.kind));
    return kinds.has('error') ? EXIT.usage : kinds.has('breach') || kinds.has('block') ? EXIT.findings : EXIT.clean;
  },
};

/** Per model, where its metrics came from, then each gate's trace; last, the count of each decision. */
function text(decided: readonly Decided[]): string {
  const lines: string[] = [];
  let model: Model | undefined;
  for (const d of decided) {
    if (d.model !== model) {
      if (model) lines.push('');
      model = d.model;
      lines.push(`model ${model.name} (metrics: ${d.metrics})`);
    }
    lines.push(...dryRuns.traceText(`gate ${d.outcome.gate}`, d.outcome));
  }
  const counts = new Map<string, number>();
  for (const d of decided) counts.set(d.outcome.decision.kind, (counts.get(d.outcome.decision.kind) ?? 0) + 1);
  const tally = ['pass', 'breach', 'block', 'error'].flatMap((k) => (counts.get(k) ? [`${counts.get(k)} ${k}`] : []));
  lines.push('', `${plural(decided.length, 'gate')}: ${tally.join(', ')}.`, '');
  return lines.join('\n');
}

function json(decided: readonly Decided[], override: string | undefined): string {
  const gates = decided.map(({ model, metrics, outcome }) => ({
    gate: outcome.gate,
    model: model.name,
    file: relativePath(outcome.uri),
    line: outcome.range.start.line + 1,
    metrics,
    ...dryRuns.traceJson(outcome, relativePath),
  }));
  return `${JSON.stringify({ version: VERSION, metrics: override ?? null, gates }, null, 2)}\n`;
}
