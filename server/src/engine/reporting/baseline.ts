import type { Finding } from '../types';

/** One recorded finding. `path` and `message` are for people reading the file; matching is by fingerprint. */
export interface BaselineEntry {
  readonly fingerprint: string;
  readonly rule: string;
  readonly path: string;
  readonly message: string;
}

export interface Baseline {
  readonly entries: readonly BaselineEntry[];
}

export const BASELINE_VERSION = 1;

/** The findings of one file, by the path the baseline records (relative to where the CLI runs, or to the workspace). */
export interface PathFindings {
  readonly path: string;
  readonly findings: readonly Finding[];
}

export interface BaselineMatch {
  /** Findings not in the baseline: these count. */
  readonly fresh: ReadonlyMap<string, readonly Finding[]>;
  /** Findings the baseline records: shown as known, never failing a run. */
  readonly known: ReadonlyMap<string, readonly Finding[]>;
  /** Entries no finding matched: fixed since, so the baseline can shrink. */
  readonly stale: readonly BaselineEntry[];
}

/** Reads a baseline file's text; a clear message, never an exception, for anything that is not one. */
export function parseBaseline(text: string): Baseline | { readonly error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return { error: `not JSON (${(e as Error).message})` };
  }
  const record = data as { version?: unknown; findings?: unknown };
  if (typeof data !== 'object' || data === null || record.version !== BASELINE_VERSION || !Array.isArray(record.findings)) {
    return { error: `not a safety-specs baseline (expected {"version": ${BASELINE_VERSION}, "findings": [...]}); write one with --update-baseline` };
  }
  const entries: BaselineEntry[] = [];
  for (const [i, item] of (record.findings as unknown[]).entries()) {
    const e = item as Partial<Record<keyof BaselineEntry, unknown>>;
    if (typeof e?.fingerprint !== 'string' || typeof e.rule !== 'string' || typeof e.path !== 'string') {
      return { error: `findings[${i}] needs string "fingerprint", "rule" and "path"` };
    }
    entries.push({ fingerprint: e.fingerprint, rule: e.rule, path: e.path, message: typeof e.message === 'string' ? e.message : '' });
  }
  return { entries };
}

/** A baseline's text: sorted, one entry a line group, so it diffs well in review. */
export function serializeBaseline(files: readonly PathFindings[]): string {
  const entries: BaselineEntry[] = files.flatMap(({ path, findings }) => findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, path, message: f.message })));
  entries.sort((a, b) => compare(a.path, b.path) || compare(a.rule, b.rule) || compare(a.fingerprint, b.fingerprint));
  return JSON.stringify({ version: BASELINE_VERSION, findings: entries }, null, 2) + '\n';
}

/**
 * Splits findings into fresh and known. Each entry absorbs one finding with its fingerprint (two equal
 * findings need two entries), entries of the same path first, so a renamed file keeps its baseline.
 */
export function matchBaseline(files: readonly PathFindings[], baseline: Baseline): BaselineMatch {
  const unused = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.entries) {
    const list = unused.get(entry.fingerprint);
    if (list) list.push(entry);
    else unused.set(entry.fingerprint, [entry]);
  }
  const take = (fingerprint: string, path: string, samePath: boolean): boolean => {
    const list = unused.get(fingerprint);
    const i = list?.findIndex((e) => (e.path === path) === samePath) ?? -1;
    if (i < 0) return false;
    list!.splice(i, 1);
    return true;
  };
  const isKnown = new Set<Finding>();
  for (const samePath of [true, false]) {
    for (const { path, findings } of files) for (const f of findings) if (!isKnown.has(f) && take(f.fingerprint, path, samePath)) isKnown.add(f);
  }
  const fresh = new Map<string, Finding[]>();
  const known = new Map<string, Finding[]>();
  for (const { path, findings } of files) {
    fresh.set(path, findings.filter((f) => !isKnown.has(f)));
    known.set(path, findings.filter((f) => isKnown.has(f)));
  }
  return { fresh, known, stale: [...unused.values()].flat() };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
