/** Replays of a metric history through a model's policy: windows, aggregates, decisions over time, what-if sweeps. */
export { AGGREGATES, isAggregate, quantileOf, windowAggregate, type Aggregate, type WindowAggregate } from './aggregate';
export { findSlo, POLICY_GATE, plannedSlos, reads, replayPlan, windowMs, type PlannedGate, type PlannedSlo, type ReplayPlan } from './plan';
export { formatValue, PROBLEMS_KEPT, Replay, type ReplayOptions } from './replay';
export type { Episode, GateReplay, ReplayResult, SloReplay, TimelineEntry, WhatIf, WhatIfRow } from './result';
export { isoTime, SeriesTable, seriesKey, type DataProblem, type Sample, type Series } from './series';
export { defaultThresholds, targetText, thresholdRange, thresholdTarget } from './thresholds';
