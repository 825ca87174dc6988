import type { Range } from 'vscode-languageserver-types';
import type { LadderAction } from '../ladder';
import type { Aggregate } from './aggregate';
import type { DataProblem } from './series';

/** Times are milliseconds since the Unix epoch (UTC); durations are milliseconds. Renderers show ISO 8601. */
export interface ReplayResult {
  /** The history's label in messages: its path. */
  readonly source: string;
  /** First and last evaluation times; absent when nothing was evaluated (no samples). */
  readonly start?: number;
  readonly end?: number;
  /** Evaluations every `step` ms, or (absent) at every sample's time. */
  readonly step?: number;
  readonly evaluations: number;
  /** Samples read (after the problems' lines were dropped), and those some SLO read. */
  readonly samples: number;
  readonly samplesRead: number;
  readonly gates: readonly GateReplay[];
  readonly slos: readonly SloReplay[];
  readonly whatIf?: WhatIf;
  /** Located problems, in line order: the first `PROBLEMS_KEPT`, then a count of the rest. */
  readonly problems: readonly DataProblem[];
  readonly problemsOmitted: number;
  /** Metrics in the history that no SLO reads: once each, with its first line. */
  readonly unknownMetrics: readonly { readonly metric: string; readonly line: number; readonly samples: number; readonly suggestion?: string }[];
  /** The replay was cancelled: what is here covers the history up to `end`. */
  readonly cancelled?: boolean;
}

export interface TimelineEntry {
  /** From this evaluation on, until the next entry. */
  readonly at: number;
  /** `pass`, `block`, `error` or the action that fired. */
  readonly decision: string;
  /** For an action: the built-in it ranks with. */
  readonly ladder?: LadderAction;
  /** Why: the deciding SLO and its windowed value, missing data, or the error. */
  readonly reason: string;
}

export interface GateReplay {
  readonly name: string;
  /** The policy as a whole (`policy`): every SLO that can be evaluated, missing data ignored. */
  readonly implicit: boolean;
  readonly uri: string;
  readonly range: Range;
  /** The labels of the SLOs it reads. */
  readonly slos: readonly string[];
  /** Decision changes in time order, the first at `start`. */
  readonly timeline: readonly TimelineEntry[];
  /** Changes beyond the kept ones (a flapping gate); the totals below still count them. */
  readonly timelineOmitted: number;
  /** Time spent in each decision, most severe first. */
  readonly timeIn: readonly { readonly decision: string; readonly ladder?: LadderAction; readonly ms: number }[];
}

export interface Episode {
  /** The series that breached first (`metric{labels}`). */
  readonly series: string;
  readonly breachedAt: number;
  /** The windowed value at the breach. */
  readonly value: number;
  /** When it stopped: the SLO passed again, or its window ran out of data. Absent while still breached at the end. */
  readonly endedAt?: number;
  readonly endedBy?: 'recovered' | 'no_data';
  /** When the raw metric crossed the target: the start of the latest run of raw samples failing it. */
  readonly crossedAt?: number;
  /** `breachedAt - crossedAt`. */
  readonly detectMs?: number;
}

export interface SloReplay {
  readonly name: string;
  readonly label: string;
  readonly uri: string;
  readonly range: Range;
  readonly metric: string;
  /** Absent when the SLO cannot be evaluated: then `problem` says why. */
  readonly target?: string;
  readonly window?: string;
  readonly aggregate?: Aggregate;
  readonly action?: string;
  readonly ladder?: LadderAction;
  readonly problem?: string;
  /** Series it read, by key. */
  readonly series: readonly string[];
  readonly episodes: readonly Episode[];
  readonly episodesOmitted: number;
  /** All breaches, kept or not. */
  readonly breaches: number;
  readonly timeInBreach: number;
  readonly timeWithoutData: number;
  /** Time to detect is not defined for `sum` and `count` (a raw sample is not comparable with the target). */
  readonly detects: boolean;
}

export interface WhatIfRow {
  readonly threshold: number;
  /** The target with this threshold, as it would be written (`>= 0.88`). */
  readonly target: string;
  /** This is the SLO's own threshold. */
  readonly current: boolean;
  readonly breaches: number;
  readonly timeInBreach: number;
  /** Time to detect over the breaches: median and worst. */
  readonly detectMedianMs?: number;
  readonly detectMaxMs?: number;
  readonly firstBreachAt?: number;
}

export interface WhatIf {
  readonly slo: string;
  readonly target: string;
  readonly aggregate: Aggregate;
  readonly window: string;
  readonly rows: readonly WhatIfRow[];
}
