import { didYouMean } from '../did-you-mean';
import { ladderRank, type LadderAction } from '../ladder';
import { comparedThreshold, NEGATED, satisfies, type Target } from '../target';
import { comparesRawSamples, windowAggregate, type WindowAggregate } from './aggregate';
import { reads, windowMs, type PlannedGate, type PlannedSlo, type ReplayPlan } from './plan';
import type { Episode, GateReplay, ReplayResult, SloReplay, TimelineEntry, WhatIf } from './result';
import { isoTime, type DataProblem, type Sample, type Series } from './series';
import { thresholdTarget, targetText } from './thresholds';

export interface ReplayOptions {
  /** The history's label in messages (its path). */
  readonly source: string;
  /** Evaluate every `step` ms (at multiples of it since the epoch); without one, at every sample's time. */
  readonly step?: number;
  /** Evaluate from this time on; samples before it only fill the windows (`--last 7d`). */
  readonly from?: number;
  /**
   * With `step`: evaluate every step from `start` through `end`, whether or not samples fall there (a scenario's
   * series may begin or end with missing samples, and still spans its whole length).
   */
  readonly span?: { readonly start: number; readonly end: number };
  /** Sweep one SLO's threshold (its index in the plan) over these values, in the target's compared unit. */
  readonly whatIf?: { readonly slo: number; readonly thresholds: readonly number[] };
  /** Timeline entries and episodes kept per gate and SLO (default 10,000); totals count every one. */
  readonly keep?: number;
}

export const PROBLEMS_KEPT = 200;

type Status = 'pass' | 'breach' | 'no_data';
type Evaluable = Extract<PlannedSlo, { ok: true }>;

/** One SLO over one series it reads. */
interface Reader {
  readonly run: SloRun;
  readonly series: Series;
  readonly window: WindowAggregate;
  value: number | undefined;
  /** The start of the current run of raw samples failing the target (NaN: the last sample passed). */
  failingSince: number;
  /** The start of the latest such run, ended or not: where time to detect starts. */
  lastCrossing: number;
  /** The same two per what-if threshold. */
  readonly sweep?: { readonly failingSince: Float64Array; readonly lastCrossing: Float64Array };
}

interface EpisodeState {
  series: string;
  breachedAt: number;
  value: number;
  endedAt?: number;
  endedBy?: 'recovered' | 'no_data';
  crossedAt?: number;
  detectMs?: number;
}

interface SloRun {
  readonly plan: Evaluable;
  readonly windowMs: number;
  readonly detects: boolean;
  readonly readers: Reader[];
  /** A sample arrived since the last evaluation. */
  dirty: boolean;
  status: Status;
  breaching?: Reader;
  breaches: number;
  open?: EpisodeState;
  readonly episodes: EpisodeState[];
  episodesOmitted: number;
  timeInBreach: number;
  timeWithoutData: number;
  percentProblems: number;
}

interface Sweep {
  readonly run: SloRun;
  readonly targets: readonly Target[];
  readonly breached: Uint8Array;
  readonly breaches: Float64Array;
  readonly timeInBreach: Float64Array;
  readonly firstBreachAt: Float64Array;
  readonly detects: number[][];
}

interface GateRun {
  readonly plan: PlannedGate;
  /** Why the gate cannot decide (an SLO it lists is unknown or cannot be evaluated): `error` throughout. */
  readonly error?: string;
  current?: TimelineEntry;
  readonly timeline: TimelineEntry[];
  timelineOmitted: number;
  readonly timeIn: Map<string, { decision: string; ladder?: LadderAction; ms: number }>;
}

interface SeriesState {
  readonly readers: readonly Reader[];
  lastTime: number;
  lastValue: number;
  lastLine: number;
}

/**
 * Replays a metric history through a model's policy. Samples are pushed in time order; the policy is evaluated at
 * each sample's time (once every sample of that time is in) or every `step`, and only SLOs whose windows changed are
 * re-evaluated. A sample is never trusted in part: one out of time order, a second value for the same series and
 * time, or a percentage target's value outside 0..1 is a located problem and is left out.
 */
export class Replay {
  private readonly slos: (SloRun | undefined)[];
  private readonly byMetric = new Map<string, SloRun[]>();
  private readonly gates: GateRun[];
  private readonly seriesStates = new Map<Series, SeriesState>();
  private readonly unknown = new Map<string, { metric: string; line: number; samples: number }>();
  private readonly problems: DataProblem[] = [];
  private problemsOmitted = 0;
  private readonly sweep?: Sweep;
  private readonly keep: number;
  private lastTime = -Infinity;
  /** The time of the samples not yet evaluated (without a step). */
  private pending: number | undefined;
  private nextEval: number | undefined;
  private lastEval: number | undefined;
  private start: number | undefined;
  private evaluations = 0;
  private samples = 0;
  private samplesRead = 0;

  constructor(
    private readonly plan: ReplayPlan,
    private readonly options: ReplayOptions,
  ) {
    this.keep = options.keep ?? 10_000;
    this.slos = plan.slos.map((slo) => {
      if (!slo.ok) return undefined;
      const run: SloRun = {
        plan: slo,
        windowMs: windowMs(slo.window),
        detects: comparesRawSamples(slo.aggregate),
        readers: [],
        dirty: true,
        status: 'no_data',
        breaches: 0,
        episodes: [],
        episodesOmitted: 0,
        timeInBreach: 0,
        timeWithoutData: 0,
        percentProblems: 0,
      };
      const same = this.byMetric.get(slo.metric);
      if (same) same.push(run);
      else this.byMetric.set(slo.metric, [run]);
      return run;
    });
    this.gates = plan.gates.map((gate) => ({ plan: gate, error: gateError(plan, gate), timeline: [], timelineOmitted: 0, timeIn: new Map() }));
    const what = options.whatIf;
    const run = what && this.slos[what.slo];
    if (what && run) {
      const n = what.thresholds.length;
      this.sweep = {
        run,
        targets: what.thresholds.map((t) => thresholdTarget(run.plan.target, t)),
        breached: new Uint8Array(n),
        breaches: new Float64Array(n),
        timeInBreach: new Float64Array(n),
        firstBreachAt: new Float64Array(n).fill(NaN),
        detects: what.thresholds.map(() => []),
      };
    }
  }

  /** A problem the reader found on a line (a value that does not parse): kept with the replay's own. */
  problem(problem: DataProblem): void {
    if (this.problems.length < PROBLEMS_KEPT) this.problems.push(problem);
    else this.problemsOmitted++;
  }

  push(sample: Sample): void {
    const { time, value, line, series } = sample;
    if (time < this.lastTime) {
      this.problem({ line, severity: 'error', message: `${isoTime(time)} is earlier than the sample before it (${isoTime(this.lastTime)}): the history must be in time order (sort it by time); this sample is left out.` });
      return;
    }
    if (!Number.isFinite(value)) {
      this.problem({ line, severity: 'error', message: `${value} is not a finite number; this sample is left out.` });
      return;
    }
    this.advance(time);
    this.lastTime = time;
    let state = this.seriesStates.get(series);
    if (!state) this.seriesStates.set(series, (state = this.register(series, line)));
    else if (state.lastTime === time) {
      const same = state.lastValue === value;
      this.problem({
        line,
        severity: same ? 'warning' : 'error',
        message: same
          ? `${series.key} at ${isoTime(time)} repeats line ${state.lastLine}; the duplicate is ignored.`
          : `${series.key} has two values at ${isoTime(time)}: ${state.lastValue} (line ${state.lastLine}) and ${value}; the second is left out.`,
      });
      return;
    }
    state.lastTime = time;
    state.lastValue = value;
    state.lastLine = line;
    this.samples++;
    if (state.readers.length === 0) {
      const unknown = this.unknown.get(series.metric);
      if (unknown) unknown.samples++;
      return;
    }
    let read = false;
    for (const reader of state.readers) if (this.add(reader, time, value, line)) read = true;
    if (read) this.samplesRead++;
  }

  /** Evaluates what is left and returns the result; `cancelled` when the caller stopped pushing early. */
  finish(cancelled = false): ReplayResult {
    if (!cancelled) this.advance(Infinity);
    return {
      source: this.options.source,
      ...(this.start !== undefined ? { start: this.start, end: this.lastEval } : {}),
      ...(this.options.step ? { step: this.options.step } : {}),
      evaluations: this.evaluations,
      samples: this.samples,
      samplesRead: this.samplesRead,
      gates: this.gates.map((g) => gateReplay(g, this.plan)),
      slos: this.plan.slos.map((slo) => sloReplay(slo, this.slos[slo.index], this.readSeries(slo.index))),
      ...(this.sweep ? { whatIf: whatIf(this.sweep) } : {}),
      problems: this.problems,
      problemsOmitted: this.problemsOmitted,
      unknownMetrics: [...this.unknown.values()].map((u) => {
        const suggestion = didYouMean(u.metric, this.byMetric.keys());
        return { ...u, ...(suggestion ? { suggestion } : {}) };
      }),
      ...(cancelled ? { cancelled } : {}),
    };
  }

  private register(series: Series, line: number): SeriesState {
    const readers: Reader[] = [];
    for (const run of this.byMetric.get(series.metric) ?? []) {
      if (!reads(run.plan, series)) continue;
      const n = this.sweep?.run === run ? this.sweep.targets.length : 0;
      const reader: Reader = {
        run,
        series,
        window: windowAggregate(run.plan.aggregate, run.windowMs === Infinity),
        value: undefined,
        failingSince: NaN,
        lastCrossing: NaN,
        ...(n ? { sweep: { failingSince: new Float64Array(n).fill(NaN), lastCrossing: new Float64Array(n).fill(NaN) } } : {}),
      };
      run.readers.push(reader);
      readers.push(reader);
    }
    // The metric of an SLO that cannot be replayed is not unknown: that SLO's own problem says why it is not read.
    const planned = this.plan.slos.some((s) => s.metric === series.metric);
    if (!planned && !this.unknown.has(series.metric)) this.unknown.set(series.metric, { metric: series.metric, line, samples: 0 });
    return { readers, lastTime: NaN, lastValue: NaN, lastLine: line };
  }

  /** Adds a sample to one SLO's window; false when that SLO cannot take it. */
  private add(reader: Reader, time: number, value: number, line: number): boolean {
    const run = reader.run;
    const target = run.plan.target;
    if (target.unit === '%' && (value < 0 || value > 1)) {
      if (run.percentProblems++ === 0) {
        this.problem({ line, severity: 'error', message: `${reader.series.key} is ${value}, not a ratio, but ${run.plan.label}'s target "${run.plan.targetText}" is a percentage compared as the ratio ${target.value}; such samples are left out of ${run.plan.label}.` });
      }
      return false;
    }
    // A sample a window old can never be in a later window: dropping it now keeps memory bounded between evaluations.
    if (reader.window.oldest() <= time - run.windowMs) reader.window.evict(time - run.windowMs);
    reader.window.add(time, value);
    run.dirty = true;
    if (!run.detects) return true;
    if (satisfies(target, value)) reader.failingSince = NaN;
    else if (Number.isNaN(reader.failingSince)) reader.failingSince = reader.lastCrossing = time;
    const sweep = reader.sweep;
    if (!sweep) return true;
    const targets = this.sweep!.targets;
    for (let k = 0; k < targets.length; k++) {
      if (satisfies(targets[k], value)) sweep.failingSince[k] = NaN;
      else if (Number.isNaN(sweep.failingSince[k])) sweep.failingSince[k] = sweep.lastCrossing[k] = time;
    }
    return true;
  }

  /** Evaluates every evaluation time before `time` (all of whose samples are in). */
  private advance(time: number): void {
    const step = this.options.step;
    if (!step) {
      if (this.pending !== undefined && time > this.pending) this.evaluateAt(this.pending);
      this.pending = time === Infinity ? undefined : time;
      return;
    }
    const span = this.options.span;
    if (time === Infinity) {
      if (this.nextEval === undefined && !span) return;
      this.nextEval ??= Math.ceil(span!.start / step) * step;
      const last = Math.max(this.lastTime, span?.end ?? -Infinity);
      while (this.nextEval <= last) this.evaluateAt((this.nextEval += step) - step);
      return;
    }
    this.nextEval ??= Math.ceil((span ? span.start : Math.max(time, this.options.from ?? -Infinity)) / step) * step;
    while (this.nextEval < time) this.evaluateAt((this.nextEval += step) - step);
  }

  private evaluateAt(time: number): void {
    if (this.options.from !== undefined && time < this.options.from) return;
    if (this.lastEval !== undefined) this.account(time - this.lastEval);
    else this.start = time;
    let changed = this.lastEval === undefined;
    for (const run of this.slos) {
      if (!run || !(run.dirty || expiring(run, time))) continue;
      run.dirty = false;
      if (this.evaluate(run, time)) changed = true;
    }
    if (changed) for (const gate of this.gates) this.decide(gate, time);
    this.lastEval = time;
    this.evaluations++;
  }

  /** Re-reads one SLO's windows at `time`; true when its status changed. */
  private evaluate(run: SloRun, time: number): boolean {
    const cutoff = time - run.windowMs;
    const target = run.plan.target;
    let breaching: Reader | undefined;
    let data = false;
    for (const reader of run.readers) {
      reader.window.evict(cutoff);
      const value = (reader.value = reader.window.value());
      if (value === undefined) continue;
      data = true;
      if (!breaching && !satisfies(target, value)) breaching = reader;
    }
    if (this.sweep?.run === run) this.sweepAt(time);
    const status: Status = breaching ? 'breach' : data ? 'pass' : 'no_data';
    run.breaching = breaching;
    if (status === run.status) return false;
    if (run.open) {
      run.open.endedAt = time;
      run.open.endedBy = status === 'pass' ? 'recovered' : 'no_data';
      run.open = undefined;
    }
    if (breaching) {
      run.breaches++;
      const crossedAt = run.detects && !Number.isNaN(breaching.lastCrossing) ? breaching.lastCrossing : undefined;
      const episode: EpisodeState = { series: breaching.series.key, breachedAt: time, value: breaching.value!, ...(crossedAt !== undefined ? { crossedAt, detectMs: time - crossedAt } : {}) };
      run.open = episode;
      if (run.episodes.length < this.keep) run.episodes.push(episode);
      else run.episodesOmitted++;
    }
    run.status = status;
    return true;
  }

  private sweepAt(time: number): void {
    const sweep = this.sweep!;
    for (let k = 0; k < sweep.targets.length; k++) {
      let breaching: Reader | undefined;
      for (const reader of sweep.run.readers) {
        if (reader.value !== undefined && !satisfies(sweep.targets[k], reader.value)) {
          breaching = reader;
          break;
        }
      }
      if (!breaching) {
        sweep.breached[k] = 0;
        continue;
      }
      if (sweep.breached[k]) continue;
      sweep.breached[k] = 1;
      sweep.breaches[k]++;
      if (Number.isNaN(sweep.firstBreachAt[k])) sweep.firstBreachAt[k] = time;
      const crossed = breaching.sweep!.lastCrossing[k];
      if (sweep.run.detects && !Number.isNaN(crossed)) sweep.detects[k].push(time - crossed);
    }
  }

  /** The time since the last evaluation goes to what held then. */
  private account(ms: number): void {
    for (const run of this.slos) {
      if (run?.status === 'breach') run.timeInBreach += ms;
      else if (run?.status === 'no_data') run.timeWithoutData += ms;
    }
    const sweep = this.sweep;
    if (sweep) for (let k = 0; k < sweep.targets.length; k++) if (sweep.breached[k]) sweep.timeInBreach[k] += ms;
    for (const gate of this.gates) {
      const current = gate.current!;
      const total = gate.timeIn.get(current.decision);
      if (total) total.ms += ms;
      else gate.timeIn.set(current.decision, { decision: current.decision, ...(current.ladder ? { ladder: current.ladder } : {}), ms });
    }
  }

  private decide(gate: GateRun, time: number): void {
    const entry = decision(gate, this.slos, time);
    if (gate.current?.decision === entry.decision) return;
    gate.current = entry;
    if (gate.timeline.length < this.keep) gate.timeline.push(entry);
    else gate.timelineOmitted++;
  }

  private readSeries(index: number): string[] {
    return this.slos[index]?.readers.map((r) => r.series.key) ?? [];
  }
}

function expiring(run: SloRun, time: number): boolean {
  if (run.windowMs === Infinity) return false;
  for (const reader of run.readers) if (reader.window.oldest() + run.windowMs <= time) return true;
  return false;
}

function gateError(plan: ReplayPlan, gate: PlannedGate): string | undefined {
  if (gate.unknown.length) return `the gate lists "${gate.unknown[0]}", but no SLO of this model has that name.`;
  const broken = gate.slos.map((i) => plan.slos[i]).find((s) => !s.ok);
  return broken && !broken.ok ? `${broken.label} cannot be evaluated: ${broken.problem}` : undefined;
}

/** Like a dry run's decision: the most severe breached action (ties: the first SLO), else missing data, else pass. */
function decision(gate: GateRun, slos: readonly (SloRun | undefined)[], at: number): TimelineEntry {
  if (gate.error) return { at, decision: 'error', reason: gate.error };
  let worst: SloRun | undefined;
  const missing: string[] = [];
  for (const i of gate.plan.slos) {
    const run = slos[i]!;
    if (run.status === 'breach' && (!worst || run.plan.action.rank > worst.plan.action.rank)) worst = run;
    else if (run.status === 'no_data') missing.push(run.plan.label);
  }
  if (worst) {
    const { action } = worst.plan;
    return { at, decision: action.name, ladder: action.ladder, reason: breachReason(worst) };
  }
  if (missing.length && gate.plan.onMissingData === 'block') return { at, decision: 'block', reason: `no data for ${missing.join(', ')} (on_missing_data: block).` };
  return { at, decision: 'pass', reason: missing.length ? `no SLO breached (no data for ${missing.join(', ')}, ignored).` : 'no SLO breached.' };
}

/** `ood_recall_7d breached: mean over 7d 0.84 < 0.9 on ood_recall{tenant="acme"}.` */
function breachReason(run: SloRun): string {
  const { plan } = run;
  const reader = run.breaching!;
  const over = plan.window.kind === 'rolling' ? 'since the start' : `over ${plan.window.text}`;
  const on = reader.series.key === plan.metric ? '' : ` on ${reader.series.key}`;
  return `${plan.label} breached: ${plan.aggregate} ${over} ${formatValue(reader.value!)} ${NEGATED[plan.target.comparator]} ${comparedThreshold(plan.target)}${on}.`;
}

export function formatValue(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function gateReplay(gate: GateRun, plan: ReplayPlan): GateReplay {
  const timeIn = [...gate.timeIn.values()].sort((a, b) => severity(b) - severity(a));
  return {
    name: gate.plan.name,
    implicit: gate.plan.implicit,
    uri: gate.plan.uri,
    range: gate.plan.range,
    slos: gate.plan.slos.map((i) => plan.slos[i].label),
    timeline: gate.timeline,
    timelineOmitted: gate.timelineOmitted,
    timeIn,
  };
}

/** Order of decisions in totals: error, the actions most severe first, block, pass. */
function severity(d: { decision: string; ladder?: LadderAction }): number {
  if (d.decision === 'error') return 100;
  if (d.ladder) return 10 + ladderRank(d.ladder);
  return d.decision === 'block' ? 1 : 0;
}

function sloReplay(slo: PlannedSlo, run: SloRun | undefined, series: string[]): SloReplay {
  const base = { name: slo.name, label: slo.label, uri: slo.uri, range: slo.range, metric: slo.metric, series };
  if (!slo.ok || !run) {
    return { ...base, problem: slo.ok ? 'not evaluated.' : slo.problem, episodes: [], episodesOmitted: 0, breaches: 0, timeInBreach: 0, timeWithoutData: 0, detects: false };
  }
  return {
    ...base,
    target: slo.targetText,
    window: slo.window.kind === 'rolling' ? 'rolling' : slo.window.text,
    aggregate: slo.aggregate,
    action: slo.action.name,
    ladder: slo.action.ladder,
    episodes: run.episodes.map((e): Episode => ({ ...e })),
    episodesOmitted: run.episodesOmitted,
    breaches: run.breaches,
    timeInBreach: run.timeInBreach,
    timeWithoutData: run.timeWithoutData,
    detects: run.detects,
  };
}

function whatIf(sweep: Sweep): WhatIf {
  const plan = sweep.run.plan;
  return {
    slo: plan.label,
    target: plan.targetText,
    aggregate: plan.aggregate,
    window: plan.window.kind === 'rolling' ? 'rolling' : plan.window.text,
    rows: sweep.targets.map((target, k) => {
      const detects = [...sweep.detects[k]].sort((a, b) => a - b);
      return {
        threshold: target.value,
        target: targetText(target),
        current: target.value === plan.target.value,
        breaches: sweep.breaches[k],
        timeInBreach: sweep.timeInBreach[k],
        ...(detects.length ? { detectMedianMs: median(detects), detectMaxMs: detects[detects.length - 1] } : {}),
        ...(Number.isNaN(sweep.firstBreachAt[k]) ? {} : { firstBreachAt: sweep.firstBreachAt[k] }),
      };
    }),
  };
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
