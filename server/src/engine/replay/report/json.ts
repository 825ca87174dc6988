import type { LadderAction } from '../../ladder';
import type { Aggregate } from '../aggregate';
import type { Episode, GateReplay, ReplayResult, SloReplay, WhatIf } from '../result';
import { isoTime } from '../series';
import { periodMs } from './content';

/**
 * The JSON shape of a replay, stable for scripts: every key is always present (`null` when it does not apply),
 * times are ISO 8601 UTC strings, and every duration is given twice, `...Ms` (milliseconds) and `...Seconds`.
 */
export interface ReplayJson {
  readonly source: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly periodMs: number;
  readonly periodSeconds: number;
  /** `null`: evaluated at every sample's time. */
  readonly stepMs: number | null;
  readonly stepSeconds: number | null;
  readonly evaluations: number;
  readonly samples: number;
  readonly samplesRead: number;
  readonly cancelled: boolean;
  readonly gates: readonly GateJson[];
  readonly slos: readonly SloJson[];
  readonly whatIf: WhatIfJson | null;
  readonly problems: readonly { readonly line: number; readonly column: number | null; readonly severity: 'error' | 'warning'; readonly message: string }[];
  readonly problemsOmitted: number;
  readonly unknownMetrics: readonly { readonly metric: string; readonly line: number; readonly samples: number; readonly suggestion: string | null }[];
}

export interface Location {
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

export interface GateJson {
  readonly name: string;
  readonly implicit: boolean;
  readonly location: Location;
  readonly slos: readonly string[];
  /** Most severe first; `share` is the fraction of the period (0..1), `null` for a period of no length. */
  readonly timeIn: readonly { readonly decision: string; readonly ladder: LadderAction | null; readonly ms: number; readonly seconds: number; readonly share: number | null }[];
  readonly timeline: readonly { readonly at: string; readonly decision: string; readonly ladder: LadderAction | null; readonly reason: string }[];
  readonly timelineOmitted: number;
}

export interface SloJson {
  readonly name: string;
  readonly label: string;
  readonly location: Location;
  readonly metric: string;
  readonly target: string | null;
  readonly window: string | null;
  readonly aggregate: Aggregate | null;
  readonly action: string | null;
  readonly ladder: LadderAction | null;
  /** Why the SLO was not replayed; `null` when it was. */
  readonly problem: string | null;
  readonly series: readonly string[];
  readonly breaches: number;
  readonly firstBreachAt: string | null;
  readonly timeInBreachMs: number;
  readonly timeInBreachSeconds: number;
  readonly timeWithoutDataMs: number;
  readonly timeWithoutDataSeconds: number;
  /** Time to detect is defined for this SLO's aggregate (not for `sum` and `count`). */
  readonly detects: boolean;
  readonly episodes: readonly EpisodeJson[];
  readonly episodesOmitted: number;
}

export interface EpisodeJson {
  readonly series: string;
  readonly breachedAt: string;
  readonly value: number;
  /** `null` while still breached at the end. */
  readonly endedAt: string | null;
  readonly endedBy: 'recovered' | 'no_data' | null;
  readonly durationMs: number | null;
  readonly durationSeconds: number | null;
  readonly crossedAt: string | null;
  readonly detectMs: number | null;
  readonly detectSeconds: number | null;
}

export interface WhatIfJson {
  readonly slo: string;
  readonly target: string;
  readonly aggregate: Aggregate;
  readonly window: string;
  readonly rows: readonly {
    readonly threshold: number;
    readonly target: string;
    readonly current: boolean;
    readonly breaches: number;
    readonly timeInBreachMs: number;
    readonly timeInBreachSeconds: number;
    readonly detectMedianMs: number | null;
    readonly detectMedianSeconds: number | null;
    readonly detectMaxMs: number | null;
    readonly detectMaxSeconds: number | null;
    readonly firstBreachAt: string | null;
  }[];
}

/** `path` names a policy file as the reader knows it (a relative path); URIs by default. */
export function replayJson(result: ReplayResult, path: (uri: string) => string = (uri) => uri): ReplayJson {
  const period = periodMs(result);
  return {
    source: result.source,
    start: time(result.start),
    end: time(result.end),
    periodMs: period,
    periodSeconds: seconds(period),
    stepMs: result.step ?? null,
    stepSeconds: result.step === undefined ? null : seconds(result.step),
    evaluations: result.evaluations,
    samples: result.samples,
    samplesRead: result.samplesRead,
    cancelled: !!result.cancelled,
    gates: result.gates.map((g) => gateJson(g, period, path)),
    slos: result.slos.map((s) => sloJson(s, path)),
    whatIf: result.whatIf ? whatIfJson(result.whatIf) : null,
    problems: result.problems.map((p) => ({ line: p.line, column: p.column ?? null, severity: p.severity, message: p.message })),
    problemsOmitted: result.problemsOmitted,
    unknownMetrics: result.unknownMetrics.map((u) => ({ metric: u.metric, line: u.line, samples: u.samples, suggestion: u.suggestion ?? null })),
  };
}

function gateJson(g: GateReplay, period: number, path: (uri: string) => string): GateJson {
  return {
    name: g.name,
    implicit: g.implicit,
    location: location(g, path),
    slos: g.slos,
    timeIn: g.timeIn.map((t) => ({ decision: t.decision, ladder: t.ladder ?? null, ms: t.ms, seconds: seconds(t.ms), share: period > 0 ? t.ms / period : null })),
    timeline: g.timeline.map((e) => ({ at: isoTime(e.at), decision: e.decision, ladder: e.ladder ?? null, reason: e.reason })),
    timelineOmitted: g.timelineOmitted,
  };
}

function sloJson(s: SloReplay, path: (uri: string) => string): SloJson {
  return {
    name: s.name,
    label: s.label,
    location: location(s, path),
    metric: s.metric,
    target: s.target ?? null,
    window: s.window ?? null,
    aggregate: s.aggregate ?? null,
    action: s.action ?? null,
    ladder: s.ladder ?? null,
    problem: s.problem ?? null,
    series: s.series,
    breaches: s.breaches,
    firstBreachAt: time(s.episodes[0]?.breachedAt),
    timeInBreachMs: s.timeInBreach,
    timeInBreachSeconds: seconds(s.timeInBreach),
    timeWithoutDataMs: s.timeWithoutData,
    timeWithoutDataSeconds: seconds(s.timeWithoutData),
    detects: s.detects,
    episodes: s.episodes.map(episodeJson),
    episodesOmitted: s.episodesOmitted,
  };
}

function episodeJson(e: Episode): EpisodeJson {
  const duration = e.endedAt === undefined ? undefined : e.endedAt - e.breachedAt;
  return {
    series: e.series,
    breachedAt: isoTime(e.breachedAt),
    value: e.value,
    endedAt: time(e.endedAt),
    endedBy: e.endedBy ?? null,
    durationMs: duration ?? null,
    durationSeconds: duration === undefined ? null : seconds(duration),
    crossedAt: time(e.crossedAt),
    detectMs: e.detectMs ?? null,
    detectSeconds: e.detectMs === undefined ? null : seconds(e.detectMs),
  };
}

function whatIfJson(w: WhatIf): WhatIfJson {
  return {
    slo: w.slo,
    target: w.target,
    aggregate: w.aggregate,
    window: w.window,
    rows: w.rows.map((r) => ({
      threshold: r.threshold,
      target: r.target,
      current: r.current,
      breaches: r.breaches,
      timeInBreachMs: r.timeInBreach,
      timeInBreachSeconds: seconds(r.timeInBreach),
      detectMedianMs: r.detectMedianMs ?? null,
      detectMedianSeconds: r.detectMedianMs === undefined ? null : seconds(r.detectMedianMs),
      detectMaxMs: r.detectMaxMs ?? null,
      detectMaxSeconds: r.detectMaxMs === undefined ? null : seconds(r.detectMaxMs),
      firstBreachAt: time(r.firstBreachAt),
    })),
  };
}

function location(site: { readonly uri: string; readonly range: GateReplay['range'] }, path: (uri: string) => string): Location {
  return { path: path(site.uri), line: site.range.start.line + 1, column: site.range.start.character + 1 };
}

function time(ms: number | undefined): string | null {
  return ms === undefined ? null : isoTime(ms);
}

function seconds(ms: number): number {
  return ms / 1000;
}
