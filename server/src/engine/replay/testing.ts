import { parsePolicy } from '../policy/parse';
import { doc } from '../testing';
import { findSlo, replayPlan } from './plan';
import { Replay, type ReplayOptions } from './replay';
import type { ReplayResult } from './result';
import { SeriesTable } from './series';
import { defaultThresholds } from './thresholds';

/** Test helpers only: real replays for the engine's and the reports' tests. */

export const MIN = 60_000;
/** 2026-11-17T00:00:00Z: reports show times from here. */
export const T0 = Date.UTC(2026, 10, 17);

/** An SLO whose name holds every character a report must escape. */
export const HOSTILE = 'tox <b>&"x|`y`';

/**
 * recall (mean over 10m, degrade) dips to 0.8 from minute 20 to 34; the hostile SLO (max over 5m, kill switch)
 * spikes at minute 40 on a labelled series; volume counts samples (no time to detect). Gate `release` reads recall.
 */
export const POLICY = `version: 1
model: claims-triage
slos:
  - name: recall
    objective: "x."
    target: ">= 0.9"
    window: "10m"
    action_on_breach: degrade_to_safe_mode
  - name: '${HOSTILE}'
    objective: "x."
    target: "<= 0.05"
    window: "5m"
    aggregate: max
    action_on_breach: kill_switch
  - name: volume
    objective: "x."
    target: ">= 1"
    window: "10m"
    aggregate: count
    action_on_breach: alert
gates:
  - name: release
    slos: [recall]
    on_missing_data: block
`;

export type Row = readonly [minute: number, metric: string, value: number, labels?: Record<string, string>];

/** `count` samples of `metric`, one a minute from minute 0: `value(i)` at minute i. */
export function rows(metric: string, count: number, value: (i: number) => number, labels?: Record<string, string>): Row[] {
  return Array.from({ length: count }, (_, i): Row => [i, metric, value(i), labels]);
}

/** An hour of the policy above: the recall dip, the spike on `tox{tenant="a<b>"}`, a volume sample a minute. */
export const HOUR: readonly Row[] = Array.from({ length: 60 }, (_, i): Row[] => [
  [i, 'recall', i >= 20 && i < 35 ? 0.8 : 0.95],
  [i, HOSTILE, i === 40 ? 0.2 : 0.01, { tenant: 'a<b>' }],
  [i, 'volume', 1],
]).flat();

export interface Run extends Partial<Omit<ReplayOptions, 'whatIf'>> {
  readonly policy?: string;
  /** The SLO to sweep, at its default thresholds or at those given. */
  readonly whatIf?: string | { readonly slo: string; readonly thresholds: readonly number[] };
  /** Stop pushing after this many rows and finish cancelled. */
  readonly cancelAfter?: number;
}

export function replayOf(rows: readonly Row[], run: Run = {}): ReplayResult {
  const { policy, whatIf: sweep, cancelAfter, ...options } = run;
  const plan = replayPlan([parsePolicy(doc(policy ?? POLICY))]);
  const named = typeof sweep === 'string' ? { slo: sweep, thresholds: undefined } : sweep;
  const swept = named && findSlo(plan, named.slo);
  if (swept && !('ok' in swept && swept.ok)) throw new Error(`cannot sweep ${named!.slo}`);
  const whatIf = swept && 'ok' in swept && swept.ok ? { slo: swept.index, thresholds: named!.thresholds ?? defaultThresholds(swept.target) } : undefined;
  const replay = new Replay(plan, { source: 'h.jsonl', ...options, ...(whatIf ? { whatIf } : {}) });
  const table = new SeriesTable();
  const pushed = rows.slice(0, cancelAfter ?? rows.length);
  pushed.forEach(([minute, metric, value, labels], i) => replay.push({ time: T0 + minute * MIN, series: table.intern(metric, Object.entries(labels ?? {})), value, line: i + 1 }));
  return replay.finish(cancelAfter !== undefined);
}
