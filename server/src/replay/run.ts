import { open } from 'node:fs/promises';
import { replays, type PolicyFile } from '../engine';
import { lastTime, readHistory, type HistoryProgress } from './read-history';

/** Why a replay cannot start: the history file or the options. Its message is one line for the user. */
export class ReplayInputError extends Error {
  override readonly name = 'ReplayInputError';
}

export interface ReplayHistoryOptions {
  /** The history's name in messages and reports (its path as the user wrote it). */
  readonly label: string;
  /** Evaluate every `step` ms; without it, at every sample time. */
  readonly step?: number;
  /** Evaluate only the last `last` ms before the history's last sample; earlier samples still fill the windows. */
  readonly last?: number;
  /** Sweep one SLO (`name`, or `name#2` for the second of that name) over these thresholds, by default 21 around its own. */
  readonly whatIf?: { readonly slo: string; readonly thresholds?: readonly number[] };
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/**
 * Replays the history file at `historyPath` through a model's policy files, streaming it. Bad lines are located
 * problems in the result; an unreadable file, an unknown format or bad options throw `ReplayInputError`. Aborting
 * `signal` stops at the next chunk with a `cancelled` result covering what was read.
 */
export async function replayHistory(files: readonly PolicyFile[], historyPath: string, options: ReplayHistoryOptions): Promise<replays.ReplayResult> {
  const format = replays.historyFormat(historyPath);
  if (!format) throw new ReplayInputError(`${options.label}: a history is JSON Lines (.jsonl, .ndjson) or CSV (.csv); the file name says which.`);
  for (const [name, ms] of [['step', options.step], ['last', options.last]] as const) {
    if (ms !== undefined && !(Number.isFinite(ms) && ms > 0)) throw new ReplayInputError(`the ${name} must be a duration above zero, not ${ms} ms.`);
  }
  const plan = replays.replayPlan(files);
  const whatIf = options.whatIf && sweep(plan, options.whatIf);
  await readable(historyPath, options.label);
  const end = options.last !== undefined ? await lastTime(historyPath, format) : undefined;
  const replay = new replays.Replay(plan, {
    source: options.label,
    ...(options.step !== undefined ? { step: options.step } : {}),
    ...(end !== undefined && options.last !== undefined ? { from: end - options.last } : {}),
    ...(whatIf ? { whatIf } : {}),
  });
  const reader = new replays.HistoryReader(format, new replays.SeriesTable(), (warning) => replay.problem(warning));
  const { cancelled } = await readHistory(historyPath, reader, replay, { signal: options.signal, onProgress: options.onProgress });
  return replay.finish(cancelled);
}

function sweep(plan: replays.ReplayPlan, whatIf: NonNullable<ReplayHistoryOptions['whatIf']>): { slo: number; thresholds: readonly number[] } {
  const slo = replays.findSlo(plan, whatIf.slo);
  if ('error' in slo) throw new ReplayInputError(`what-if ${whatIf.slo}: ${slo.error}`);
  if (!slo.ok) throw new ReplayInputError(`what-if ${slo.label}: it cannot be replayed: ${slo.problem}`);
  const thresholds = whatIf.thresholds ?? replays.defaultThresholds(slo.target);
  if (!thresholds.length || thresholds.length > 1000 || !thresholds.every(Number.isFinite)) {
    throw new ReplayInputError(`what-if ${whatIf.slo}: the thresholds must be 1 to 1,000 finite numbers (${thresholds.length} given).`);
  }
  return { slo: slo.index, thresholds };
}

/** A regular file that can be opened, or a one-line reason. */
async function readable(path: string, label: string): Promise<void> {
  let kind: 'file' | 'directory' | 'other';
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      kind = info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ReplayInputError(`${label}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? (e as Error).message})`}.`);
  }
  if (kind !== 'file') throw new ReplayInputError(`${label}: ${kind === 'directory' ? 'is a directory' : 'is not a regular file'}; name the history file.`);
}
