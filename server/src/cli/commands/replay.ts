import { writeFileSync } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replays } from '../../engine';
import { parseLength } from '../../engine/duration';
import { replayHistory, ReplayInputError, type HistoryProgress } from '../../replay';
import { VERSION } from '../../version';
import type { Command } from '../command';
import { findModels, siteLine, type Model } from '../dry-run-inputs';
import { dataError, dryRunReport } from '../dry-run-report';
import { EXIT, UsageError } from '../errors';
import { relativePath } from '../format/paths';
import { ProgressBar } from '../progress-bar';
import { shownPath, WALK_FLAGS, WALK_HELP } from '../read-policy';

/** Ctrl-C: the replay stops where it is, reports what it covered, and the CLI exits as interrupted programs do. */
const EXIT_INTERRUPTED = 130;

/** One model replayed over its history. */
interface Replayed {
  readonly model: Model;
  readonly result: replays.ReplayResult;
}

/** A model and the history file it is replayed over (absolute path), or why it has none. */
type HistoryOf = { readonly model: Model } & ({ readonly kind: 'file'; readonly path: string } | { readonly kind: 'none' | 'url'; readonly problem: string });

const REPORT_FORMATS: Readonly<Record<string, (result: replays.ReplayResult) => string>> = {
  '.md': (result) => replays.replayMarkdown(result),
  '.markdown': (result) => replays.replayMarkdown(result),
  '.html': (result) => replays.replayHtml(result, { theme: 'standalone' }),
  '.htm': (result) => replays.replayHtml(result, { theme: 'standalone' }),
};

export const replay: Command = {
  name: 'replay',
  summary: 'Replay a metric history through each model\'s policy: decisions over time, breaches, time to detect.',
  usage: 'safety-specs replay [--metrics FILE] [--step 1m] [--last 7d] [--what-if SLO[#N]] [--thresholds FROM:TO:STEP] [--format text|json] [--report FILE.md|FILE.html] [paths...]   (default path: .)',
  options: {
    ...WALK_FLAGS,
    metrics: { type: 'string' },
    step: { type: 'string' },
    last: { type: 'string' },
    'what-if': { type: 'string' },
    thresholds: { type: 'string' },
    report: { type: 'string' },
  },
  optionHelp: [
    '  --metrics FILE       the metric history for every model: JSON Lines (.jsonl, .ndjson) or CSV (.csv), one',
    '                       sample per line in time order: timestamp (ISO 8601 with a zone, or Unix seconds),',
    '                       metric, value, and labels. Without it, each policy\'s history: (relative to that policy)',
    '  --step DURATION      evaluate every DURATION (1m, 5m, 1h) at multiples of it since the Unix epoch;',
    '                       without it, at every distinct sample time',
    '  --last DURATION      evaluate only the last DURATION of the history (7d); earlier samples still fill windows',
    '  --what-if SLO[#N]    sweep that SLO\'s threshold (name#2: the second SLO of that name): per threshold, the',
    '                       breaches, the time in breach and the time to detect',
    '  --thresholds F:T:S   the thresholds swept, from F to T every S, in the unit the target is compared in (a',
    '                       ratio for a percentage: 0.95:0.999:0.001); default: 21 values 1% apart around the SLO\'s',
    '  --report FILE        also write the report to FILE: Markdown (.md) or self-contained HTML (.html, the',
    '                       timeline as inline SVG). One model\'s replay per report: name one model\'s folder',
    ...WALK_HELP,
  ],
  epilogue: [
    'Text prints per model the period, each gate\'s time in each decision and its timeline, each SLO\'s breaches',
    '(with the time to detect and the recovery) and the what-if table; times are ISO 8601 UTC. See docs/replay.md.',
    '',
    'json prints {version, replays: [{model, ...}]}, every key always present (null when it does not apply), times',
    'as ISO 8601 strings, durations twice: ...Ms (milliseconds) and ...Seconds. Per replay: source, start, end,',
    'periodMs/periodSeconds, stepMs/stepSeconds (null: every sample time), evaluations, samples, samplesRead,',
    'cancelled; gates[] {name, implicit, location, slos, timeIn[] {decision, ladder, ms, seconds, share (0..1)},',
    'timeline[] {at, decision, ladder, reason}, timelineOmitted}; slos[] {name, label, location, metric, target,',
    'window, aggregate, action, ladder, problem, series, breaches, firstBreachAt, timeInBreachMs/Seconds,',
    'timeWithoutDataMs/Seconds, detects, episodes[] {series, breachedAt, value, endedAt, endedBy (recovered or',
    'no_data), durationMs/Seconds, crossedAt, detectMs/Seconds}, episodesOmitted}; whatIf {slo, target, aggregate,',
    'window, rows[] {threshold, target, current, breaches, timeInBreachMs/Seconds, detectMedianMs/Seconds,',
    'detectMaxMs/Seconds, firstBreachAt}} or null; problems[] {line, column, severity, message}, problemsOmitted,',
    'unknownMetrics[] {metric, line, samples, suggestion}.',
    '',
    'Problems in the history are printed as path:line[:col]: message (on standard error, or in the text report',
    'when it is printed on standard output); a sample with an error is left out. A progress bar is shown on',
    'standard error when it is a terminal. Ctrl-C stops the replay and prints what was replayed so far.',
    '',
    'Exit codes: 0 replayed; 2 a usage error (no history, a history URL, an unknown --what-if SLO, a bad duration),',
    'a policy that cannot be read or does not parse, or a history with an error (the report is still written);',
    '130 interrupted (Ctrl-C).',
  ],
  async run({ global, values, positionals }) {
    const write = dryRunReport('replay', global, ['text', 'json']);
    const step = durationOption('--step', values.step);
    const last = durationOption('--last', values.last);
    const whatIf = values['what-if'] as string | undefined;
    const thresholds = thresholdsOption(values.thresholds as string | undefined, whatIf);
    const report = reportOption(values.report as string | undefined);
    const override = values.metrics as string | undefined;

    const found = findModels(positionals, { config: global.config, noIgnore: !!values['no-ignore'] });
    for (const n of found.notices) process.stderr.write(`${n.path}: warning: ${n.message}\n`);
    if (found.problems.length) return dataError(found.problems, 'nothing was replayed.');
    if (report && found.models.length > 1) {
      throw new UsageError(`--report writes one model's replay, and ${positionals.length ? positionals.join(', ') : '.'} holds ${found.models.length} models (${found.models.map((m) => m.name).join(', ')}): name one model's folder.`);
    }
    const swept = whatIf === undefined ? new Set<Model>() : sweptModels(found.models, whatIf);

    const histories = found.models.map((model) => historyOf(model, override));
    const runnable = histories.flatMap((h) => (h.kind === 'file' ? [h] : []));
    const missing = histories.flatMap((h) => (h.kind === 'file' ? [] : [h]));
    // A URL is always an error; a model without any history only when no model has one.
    const refused = missing.filter((h) => h.kind === 'url' || !runnable.length);
    if (refused.length) return dataError(refused.map((h) => h.problem), 'nothing was replayed.');
    for (const h of missing) process.stderr.write(`safety-specs: model ${h.model.name} has no history: not replayed.\n`);

    const controller = new AbortController();
    const interrupt = () => controller.abort();
    process.once('SIGINT', interrupt);
    const replayed: Replayed[] = [];
    try {
      for (const { model, path } of runnable) {
        if (controller.signal.aborted) break;
        const result = await withProgress(shownPath(path), (onProgress) =>
          replayHistory(model.files, path, {
            label: shownPath(path),
            ...(step !== undefined ? { step } : {}),
            ...(last !== undefined ? { last } : {}),
            ...(whatIf !== undefined && swept.has(model) ? { whatIf: { slo: whatIf, ...(thresholds ? { thresholds } : {}) } } : {}),
            signal: controller.signal,
            ...(onProgress ? { onProgress } : {}),
          }),
        ).catch((e: unknown) => {
          // The file cannot be read, or is no history: the user's to fix, in one line.
          throw e instanceof ReplayInputError ? new UsageError(e.message) : e;
        });
        replayed.push({ model, result });
      }
    } finally {
      process.off('SIGINT', interrupt);
    }

    if (report && replayed[0]) writeReportFile(report.file, report.render(replayed[0].result));
    write({ text: () => text(replayed), json: () => json(replayed) });
    const textOnStdout = global.format === 'text' && !global.output;
    const problems = [...new Set(replayed.flatMap((r) => replays.problemLines(r.result)))];
    if (!textOnStdout) for (const line of problems) process.stderr.write(`${line}\n`);
    if (controller.signal.aborted) {
      process.stderr.write('safety-specs: interrupted: the report covers the history replayed so far.\n');
      return EXIT_INTERRUPTED;
    }
    // Problems past the kept ones are unknown in kind: more than a few hundred bad lines is not to be trusted either.
    const errors = replayed.reduce((n, r) => n + r.result.problems.filter((p) => p.severity === 'error').length, 0);
    const omitted = replayed.reduce((n, r) => n + r.result.problemsOmitted, 0);
    if (!errors && !omitted) return EXIT.clean;
    const counted = [...(errors ? [errors === 1 ? 'an error' : `${errors} errors`] : []), ...(omitted ? [`${omitted} more problems not listed`] : [])];
    process.stderr.write(`safety-specs: the history has ${counted.join(' and ')}: those samples were left out, so the replay is not to be trusted.\n`);
    return EXIT.usage;
  },
};

/** `--step 5m`, `--last 7d`: a window of the policy's grammar in milliseconds; `rolling` has no length. */
function durationOption(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const length = parseLength(flag, String(value));
  if ('error' in length) throw new UsageError(length.error);
  return length.ms;
}

/** `--thresholds 0.85:0.95:0.01`: the values swept; only with --what-if. */
function thresholdsOption(value: string | undefined, whatIf: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  if (whatIf === undefined) throw new UsageError('--thresholds sets the thresholds of a what-if sweep: name the SLO with --what-if SLO.');
  const range = replays.parseThresholds(value);
  if ('error' in range) throw new UsageError(`--thresholds ${value}: ${range.error}`);
  return range;
}

function reportOption(file: string | undefined): { readonly file: string; readonly render: (result: replays.ReplayResult) => string } | undefined {
  if (file === undefined) return undefined;
  const render = REPORT_FORMATS[extname(file).toLowerCase()];
  if (!render) throw new UsageError(`--report ${file}: the report is Markdown (.md) or HTML (.html); name the file with one of those extensions.`);
  return { file, render };
}

/**
 * The models that have the SLO `--what-if` names. Unknown in every model is a usage error (with the closest name);
 * a model without it is replayed without a sweep, and told.
 */
function sweptModels(models: readonly Model[], spec: string): Set<Model> {
  const swept = new Set<Model>();
  const errors: string[] = [];
  for (const model of models) {
    const slo = replays.findSlo(replays.replayPlan(model.files), spec);
    if ('error' in slo) errors.push(models.length > 1 ? `model ${model.name}: ${slo.error}` : slo.error);
    else swept.add(model);
  }
  if (!swept.size) throw new UsageError(`--what-if ${spec}: ${errors.join(' ')}`);
  for (const e of errors) process.stderr.write(`safety-specs: --what-if ${spec}: ${e} Replayed without a sweep.\n`);
  return swept;
}

/** The history of `model`: `--metrics` (relative to where the CLI runs), else its policy's `history:` (relative to that policy). */
function historyOf(model: Model, override: string | undefined): HistoryOf {
  if (override !== undefined) return { model, kind: 'file', path: resolve(override) };
  const source = replays.policyHistory(model.files);
  switch (source.kind) {
    case 'file':
      return { model, kind: 'file', path: resolve(dirname(fileURLToPath(source.policyUri)), source.path) };
    case 'url':
      return { model, kind: 'url', problem: `${siteLine(source.site)}: history: ${source.url}: a history is a local file; replays never fetch one. Download it and name the file (or pass --metrics FILE).` };
    case 'none':
      return { model, kind: 'none', problem: `${relativePath(model.files[0]!.document.uri)}: model ${model.name} has no metric history to replay: pass --metrics FILE, or name one in the policy (history: eval/history.jsonl).` };
  }
}

/** Runs `replay` with a progress bar on standard error when it is a terminal (never in a pipe or a CI log). */
async function withProgress<T>(label: string, replay: (onProgress?: (p: HistoryProgress) => void) => Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return replay();
  let bar: ProgressBar | undefined;
  try {
    return await replay((p) => {
      bar ??= new ProgressBar(process.stderr, { total: p.totalBytes, label });
      bar.update(p.bytesRead, p.samples);
    });
  } finally {
    bar?.clear();
  }
}

function writeReportFile(file: string, content: string): void {
  try {
    writeFileSync(file, content);
  } catch (e) {
    throw new UsageError(`--report ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Each model's replay under its name. */
function text(replayed: readonly Replayed[]): string {
  return replayed.map(({ model, result }) => `model ${model.name}\n${replays.replayText(result)}`).join('\n');
}

function json(replayed: readonly Replayed[]): string {
  const list = replayed.map(({ model, result }) => ({ model: model.name, ...replays.replayJson(result, relativePath) }));
  return `${JSON.stringify({ version: VERSION, replays: list }, null, 2)}\n`;
}
