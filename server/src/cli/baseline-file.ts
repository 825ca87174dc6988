import { readFileSync, writeFileSync } from 'node:fs';
import { sep } from 'node:path';
import { matchBaseline, parseBaseline, serializeBaseline, type Baseline, type PathFindings } from '../engine';
import { UsageError } from './errors';
import type { FileReport, StaleEntry } from './format/report';

/** Baselines record paths with forward slashes, so one file serves CI on Linux and developers on Windows. */
const portable = (path: string) => path.split(sep).join('/');

function recorded(reports: readonly FileReport[]): PathFindings[] {
  return reports.flatMap((r) => ('error' in r ? [] : [{ path: portable(r.path), findings: r.findings }]));
}

export function readBaselineFile(path: string): Baseline {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline ${path}: ${code === 'ENOENT' ? 'no such file (write one with --update-baseline)' : `cannot read (${code ?? (e as Error).message})`}`);
  }
  const parsed = parseBaseline(text);
  if ('error' in parsed) throw new UsageError(`--baseline ${path}: ${parsed.error}`);
  return parsed;
}

/** Records every finding of the run; returns the baseline as it is now on disk. */
export function writeBaselineFile(path: string, reports: readonly FileReport[]): Baseline {
  const text = serializeBaseline(recorded(reports));
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`--baseline ${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseBaseline(text) as Baseline;
}

/** Moves the findings the baseline knows out of the counted ones; reports entries nothing matched. */
export function applyBaseline(reports: readonly FileReport[], baseline: Baseline): { reports: FileReport[]; stale: StaleEntry[] } {
  const match = matchBaseline(recorded(reports), baseline);
  return {
    reports: reports.map((r) => ('error' in r ? r : { ...r, findings: match.fresh.get(portable(r.path)) ?? r.findings, baselined: match.known.get(portable(r.path)) ?? [] })),
    stale: match.stale.map(({ path, rule, message, fingerprint }) => ({ path, rule, message, fingerprint })),
  };
}
