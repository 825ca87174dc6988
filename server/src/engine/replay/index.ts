/** Replays of a metric history through a model's policy: windows, aggregates, decisions over time, what-if sweeps. */
export { AGGREGATES, isAggregate, quantileOf, windowAggregate, type Aggregate, type WindowAggregate } from './aggregate';
export { MAX_SAMPLES, parseExpanding, type ExpandingParse } from './expanding';
export { CSV_HEADER, HistoryReader, historyFormat, type HistoryFormat } from './history-lines';
export { policyHistory, type HistorySource } from './history-source';
export { findSlo, POLICY_GATE, plannedSlos, reads, replayPlan, windowMs, type PlannedGate, type PlannedSlo, type ReplayPlan } from './plan';
export { formatValue, PROBLEMS_KEPT, Replay, type ReplayOptions } from './replay';
export { problemLines, replayText } from './report/text';
export { replayJson, type ReplayJson } from './report/json';
export type { Episode, GateReplay, ReplayResult, SloReplay, TimelineEntry, WhatIf, WhatIfRow } from './result';
export { isoTime, SeriesTable, seriesKey, type DataProblem, type Sample, type Series } from './series';
export { defaultThresholds, parseThresholds, targetText, thresholdRange, thresholdTarget } from './thresholds';
export { replayHtml, type ReplayHtmlOptions } from './report/html';
export { replayMarkdown } from './report/markdown';
export { timelineSvg } from './report/chart';
