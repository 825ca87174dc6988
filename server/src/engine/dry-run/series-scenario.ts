import { isMap, isScalar, Scalar, type Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { parseWindow } from '../duration';
import { rangeOf, valueRange, type Field } from '../policy/parse';
import { windowAggregate } from '../replay/aggregate';
import { MAX_SAMPLES, parseExpanding } from '../replay/expanding';
import { plannedSlos, windowMs, type PlannedGate, type PlannedSlo } from '../replay/plan';
import { formatValue, Replay } from '../replay/replay';
import type { TimelineEntry } from '../replay/result';
import { SeriesTable, type Series } from '../replay/series';
import { evaluateSlo, matches, type Decision, type ModelSlo, type Outcome, type SloOutcome } from './evaluate';
import { NUMBER_TEXT, numberReader, readValueMap, type MetricMap, type MetricProblem, type MetricValue, type MetricValues, type Site, type ValueReader } from './metric-values';
import type { OnMissingData, ScenarioView } from './views';

/**
 * Series scenarios: an incident replayed as a test. Each metric is a series in Prometheus's expanding notation
 * (`"0.95x59 0.60x30"`), sample i at i·step from time 0; a plain number is the same sample at every step, `null`
 * no sample at all. The scenario runs as a replay (replay/): every SLO it reads aggregates its window at every step,
 * and its gate decides at every step. Each `expect: { at: 65m, decision: ... }` is checked against the decision in
 * force at that time; a plain `expect: name` against the decision at the last step.
 *
 * As in every scenario, a value is read by the SLOs whose key it is (`ood_recall_7d{tenant="acme"}` by the SLO
 * scoped to acme alone), so turning a number into a series never changes which SLOs read it.
 */

/** A value of a series scenario: a series, or a number or null as in any scenario. */
export type ScenarioValue = MetricValue | { readonly kind: 'series'; readonly samples: readonly (number | null)[]; readonly site: Site };
export type ScenarioValues = MetricMap<ScenarioValue>;

/** `step:` when a scenario does not say: one sample a minute. */
export const DEFAULT_STEP_MS = 60_000;

/** One expect of a series scenario, checked or not. */
export type ExpectCheck = {
  /** The decision expected, as written; absent when the expect names none. */
  readonly expected?: string;
  /** The time as written (`65m`), or `end` for a plain `expect: name`. */
  readonly when: string;
  /** The expected decision in the policy (or the expect, when it names none). */
  readonly site: Site;
} & (
  | {
      readonly checked: true;
      /** Milliseconds from the start. */
      readonly at: number;
      readonly actual: Decision;
      /** Why the decision in force then began (`since 1h10m, ...` when it began earlier). */
      readonly reason: string;
      readonly passed: boolean;
    }
  | { readonly checked: false; readonly why: string }
);

export interface SeriesRun {
  /** Milliseconds between two samples. */
  readonly step: number;
  /** Samples of the longest series: the scenario runs from 0 to (samples - 1) · step. */
  readonly samples: number;
  readonly checks: readonly ExpectCheck[];
  /** The gate's decision changes, `at` in ms from the start; empty when the scenario could not run. */
  readonly timeline: readonly TimelineEntry[];
  /** The time (ms from the start) whose windows the scenario's trace shows: its verdict's; absent when it could not run. */
  readonly traceAt?: number;
  /** Problems with `step:` and the expects' `at:`, located (scenario/series-time). */
  readonly problems: readonly MetricProblem[];
}

/** What a dry run gives a series scenario to run. */
export interface SeriesInput {
  readonly scenario: ScenarioView;
  readonly values: ScenarioValues;
  /** The SLOs the scenario runs (its gate's, or those it gives values for), in model order. */
  readonly slos: readonly ModelSlo[];
  /** Names its gate lists that no SLO of the model has. */
  readonly unknown: readonly string[];
  readonly onMissingData: OnMissingData;
  /** Why the scenario cannot run at all (its gate does not exist). */
  readonly error?: string;
  /** The gate's trace with each SLO evaluated by `evaluate` (the dry run's own decision over outcomes). */
  readonly trace: (evaluate: (slo: ModelSlo) => SloOutcome) => Outcome;
}

export interface SeriesOutcome {
  /** The trace where the verdict is decided: the first failing expect, else the last one. */
  readonly outcome: Outcome;
  /** The expect that decides the verdict, in words: `degrade_to_safe_mode at 70m`. */
  readonly expect?: string;
  readonly passed: boolean;
  /** The scenario's values, with the problems the replay found in them (a percentage target's sample above 1). */
  readonly values: ScenarioValues;
  readonly series: SeriesRun;
}

/** A series scenario: a metric value is a series, or an expect has a time. */
export function isSeriesScenario(scenario: ScenarioView): boolean {
  if (scenario.expects) return true;
  const metrics = scenario.metrics?.value;
  return isMap(metrics) && metrics.items.some((pair) => isSeriesText(pair.value as Node | null));
}

/**
 * A string that is not a lone number: `"0.84"` stays what it was in every scenario, a number someone quoted
 * (scenario/metric-value offers to unquote it); as a series it would count as one sample for `sum` and `count`.
 */
function isSeriesText(node: Node | null): node is Scalar<string> {
  return isScalar(node) && typeof node.value === 'string' && !NUMBER_TEXT.test(node.value.trim());
}

/** The `metrics:` of a series scenario: numbers and nulls as in any scenario, strings as series. */
export function readScenarioValues(document: TextDocument, node: Node | null | undefined, label: string, fallback: Node | undefined): ScenarioValues {
  const number = numberReader(document);
  const read: ValueReader<ScenarioValue> = (value, where, site) => {
    if (!isSeriesText(value)) return number(value, where, site);
    const parsed = parseExpanding(value.value);
    if (parsed.ok) return { kind: 'series', samples: parsed.values, site };
    return { message: `${where}: ${parsed.message}`, site: { uri: site.uri, range: innerRange(document, value, parsed.offset, parsed.length) ?? site.range } };
  };
  const values = readValueMap(document, node, label, fallback, read);
  const length = seriesLength(values);
  // A number is one sample per step of the longest series.
  const samples = [...values.values.values()].reduce((sum, v) => sum + (v.kind === 'series' ? v.samples.length : v.kind === 'number' ? length : 0), 0);
  if (samples <= MAX_SAMPLES) return values;
  const problem = { message: `${label} replays ${samples.toLocaleString('en-US')} samples; a scenario replays at most ${MAX_SAMPLES.toLocaleString('en-US')} (use fewer steps, or a longer step).`, site: { uri: document.uri, range: rangeOf(document, fallback ?? node) } };
  return { ...values, problems: [...values.problems, problem] };
}

/**
 * Characters `offset..offset+length` of a scalar's value, in the document: for a plain or quoted scalar whose
 * source is its value. Escapes (`\t`, `''`) and folded lines move the characters; then undefined (the whole scalar).
 */
function innerRange(document: TextDocument, node: Scalar<string>, offset: number, length: number): Range | undefined {
  if (!node.range) return undefined;
  const [start, end] = node.range;
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  const source = document.getText().slice(start, end);
  if ((quoted ? source.slice(1, -1) : source) !== node.value) return undefined;
  const from = start + (quoted ? 1 : 0) + offset;
  return { start: document.positionAt(from), end: document.positionAt(from + length) };
}

/** Samples in the longest series; at least one (a scenario of numbers alone is one step). */
function seriesLength(values: ScenarioValues): number {
  let length = 1;
  for (const v of values.values.values()) if (v.kind === 'series') length = Math.max(length, v.samples.length);
  return length;
}

function sampleAt(value: ScenarioValue, i: number): number | null {
  if (value.kind === 'series') return value.samples[i] ?? null;
  return value.kind === 'number' ? value.value : null;
}

/** `1h10m`: an offset from the start of a scenario, in the grammar `at:` is written in. */
export function offsetText(ms: number): string {
  let rest = Math.round(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n) parts.push(`${n}${unit}`);
  }
  return parts.join('') || '0s';
}

type Timing = { readonly ms: number } | { readonly problem: string };

/** A duration as `step:` and `at:` are written (`1m`, `1h30m`); `at:` may also be zero. */
function readDuration(field: Field, what: string, zero: boolean): Timing {
  const node = field.value;
  const raw = isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value).trim() : undefined;
  const forms = zero ? 'like 65m, 1h30m or 0s' : 'like 1m, 30s or 1h';
  if (raw === undefined || raw === '') return { problem: `${what} is a duration, ${forms}.` };
  if (zero && /^0+[wdhms]?$/.test(raw)) return { ms: 0 };
  const parsed = parseWindow(raw);
  if (parsed.ok && parsed.window.kind === 'duration') return { ms: parsed.window.seconds * 1000 };
  if (parsed.ok) return { problem: `${what} is a duration, ${forms}: "rolling" is a window, not a time.` };
  if (/^\d+(\.\d+)?$/.test(raw)) return { problem: `${what} ${raw} has no unit: write ${raw}m for minutes or ${raw}s for seconds.` };
  return { problem: `${what} "${raw}" is not a duration: write one ${forms}.${parsed.suggestion ? ` Did you mean "${parsed.suggestion}"?` : ''}` };
}

interface Spec {
  readonly expected?: string;
  readonly when: string;
  readonly site: Site;
  /** The time to check, or why it cannot be checked. */
  readonly at: Timing;
  /** Where `at`'s problem is reported (scenario/series-time); absent for a missing `at:` (schema/missing-key's). */
  readonly atSite?: Site;
}

/** How long a scenario runs; unknown when its step is not a duration. */
interface Span {
  readonly step: number;
  readonly samples: number;
  readonly series: boolean;
}

/** The scenario's expects, each with its time read and, when the span is known, within it (a plain expect: the end). */
function specs(scenario: ScenarioView, span: Span | undefined): Spec[] {
  const document = scenario.file.document;
  const site = (node: Node | null | undefined, fallback?: Node): Site => ({ uri: document.uri, range: rangeOf(document, node, fallback) });
  const end = span ? (span.samples - 1) * span.step : Infinity;
  if (scenario.expect) return [{ expected: scenario.expect.name, when: 'end', site: site(scenario.expect.node), at: { ms: end } }];
  return (scenario.expects ?? []).map((e): Spec => {
    if (e.kind === 'other') return { when: '?', site: site(e.node, scenario.node), at: { problem: 'an expect in a list is a map, like { at: 65m, decision: degrade_to_safe_mode }.' } };
    const base = { expected: e.decision?.name, site: site(e.decision?.node ?? e.node) };
    if (!e.at) return { ...base, when: '?', at: { problem: 'the expect has no `at:`, the time to check.' } };
    const when = isScalar(e.at.value) ? String(e.at.value.value ?? '').trim() : '';
    const atSite = { uri: document.uri, range: valueRange(document, e.at) };
    const at = readDuration(e.at, 'at', true);
    if (!span || 'problem' in at || at.ms <= end) return { ...base, when, at, atSite };
    const hint = span.series ? '' : ' Give a metric a series, like "0.95x60 0.80x10", to run the scenario over time.';
    const length = `${span.samples} sample${span.samples === 1 ? '' : 's'}, one every ${offsetText(span.step)}`;
    return { ...base, when, atSite, at: { problem: `at ${when} is after the series ends at ${offsetText(end)} (${length}): the gate's decision there is not known.${hint}` } };
  });
}

/** Runs a series scenario through its gate with a replay, and checks each expect against the timeline. */
export function runSeriesScenario(input: SeriesInput): SeriesOutcome {
  const { scenario } = input;
  const document = scenario.file.document;
  const stepField = scenario.step;
  const stepTiming: Timing = stepField ? readDuration(stepField, 'step', false) : { ms: DEFAULT_STEP_MS };
  const step = 'ms' in stepTiming ? stepTiming.ms : DEFAULT_STEP_MS;
  const samples = seriesLength(input.values);
  const end = (samples - 1) * step;
  const series = [...input.values.values.values()].some((v) => v.kind === 'series');
  // Without a valid step, or with a value that did not read (it may be the longest series), the end is not known:
  // an `at:` is then only read, not compared with it.
  const expects = specs(scenario, 'ms' in stepTiming && input.values.invalid.size === 0 ? { step, samples, series } : undefined);
  const problems: MetricProblem[] = [
    ...('problem' in stepTiming && stepField ? [{ message: stepTiming.problem, site: { uri: document.uri, range: valueRange(document, stepField) } }] : []),
    ...expects.flatMap((s) => ('problem' in s.at && s.atSite ? [{ message: s.at.problem, site: s.atSite }] : [])),
  ];
  const runOf = (checks: readonly ExpectCheck[], timeline: readonly TimelineEntry[] = [], traceAt?: number): SeriesRun => ({ step, samples, checks, timeline, ...(traceAt === undefined ? {} : { traceAt }), problems });
  const blocked = input.error ?? first(input.values.problems) ?? ('problem' in stepTiming ? stepTiming.problem : undefined);
  if (blocked) return unrun(input, input.values, expects, runOf, blocked);

  const plan = plannedSlos(input.slos).map(keyed);
  const run = replay(input, plan, step, samples);
  const values = run.problems.length ? { ...input.values, problems: [...input.values.problems, ...run.problems] } : input.values;
  if (run.problems.length) return unrun(input, values, expects, runOf, first(run.problems)!);

  const checks = expects.map((s): ExpectCheck => {
    if ('problem' in s.at) return { expected: s.expected, when: s.when, site: s.site, checked: false, why: s.at.problem };
    const entry = inForce(run.timeline, s.at.ms);
    const actual = entryDecision(entry);
    // The timeline says why a decision began: an older one is dated, its windowed value is of then.
    const reason = entry.at < s.at.ms ? `since ${offsetText(entry.at)}, ${entry.reason}` : entry.reason;
    return { expected: s.expected, when: s.when, site: s.site, checked: true, at: s.at.ms, actual, reason, passed: s.expected !== undefined && matches(actual, s.expected) };
  });
  const decisive = verdictCheck(checks);
  const passed = checks.length > 0 && checks.every((c) => c.checked && c.passed);
  if (decisive && !decisive.checked) return { outcome: errorOutcome(decisive.why, input.onMissingData), expect: expectText(decisive), passed, values, series: runOf(checks, run.timeline) };
  // The verdict's time (the end, without expects), at the evaluation in force then: the trace shows each SLO's window there.
  const time = Math.min(end, Math.floor((decisive?.checked ? decisive.at : end) / step) * step);
  const entry = inForce(run.timeline, time);
  const traced = input.trace(windowed(input, plan, step, samples, time));
  return {
    outcome: { ...traced, decision: entryDecision(entry) },
    ...(decisive ? { expect: expectText(decisive) } : {}),
    passed,
    values,
    series: runOf(checks, run.timeline, time),
  };
}

/** The expect a series scenario's verdict (and trace) is about: the first one not met, else the last. */
export function verdictCheck(checks: readonly ExpectCheck[]): ExpectCheck | undefined {
  return checks.find((c) => !(c.checked && c.passed)) ?? checks[checks.length - 1];
}

function first(problems: readonly MetricProblem[]): string | undefined {
  return problems.length ? `${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}` : undefined;
}

function expectText(check: ExpectCheck): string {
  const decision = check.expected ?? 'a decision';
  return check.when === 'end' ? decision : `${decision} at ${check.when}`;
}

function errorOutcome(reason: string, onMissingData: OnMissingData): Outcome {
  return { decision: { kind: 'error' }, reason, slos: [], requirements: [], onMissingData };
}

/** A scenario that cannot run decides `error`, and none of its expects is checked. */
function unrun(input: SeriesInput, values: ScenarioValues, expects: readonly Spec[], runOf: (checks: readonly ExpectCheck[]) => SeriesRun, why: string): SeriesOutcome {
  const checks = expects.map((s): ExpectCheck => ({ expected: s.expected, when: s.when, site: s.site, checked: false, why: 'problem' in s.at ? s.at.problem : why }));
  return { outcome: errorOutcome(why, input.onMissingData), ...(checks.length ? { expect: expectText(checks[0]) } : {}), passed: false, values, series: runOf(checks) };
}

/** An SLO read by its key alone: the replay's series are the scenario's keys, so no label matching widens what it reads. */
function keyed(slo: PlannedSlo): PlannedSlo {
  return { ...slo, metric: slo.source.key, scope: new Map() };
}

/**
 * The replay of the scenario's samples through one gate, evaluated every step from 0 to the end whether or not a
 * series has a sample there (a series that starts or ends with `_` still spans the scenario). A sample's `line` is
 * its value's place in the map, for problems.
 */
function replay(input: SeriesInput, plan: readonly PlannedSlo[], step: number, samples: number): { timeline: readonly TimelineEntry[]; problems: MetricProblem[] } {
  const { scenario, values } = input;
  const gate: PlannedGate = {
    name: scenario.gate?.name ?? 'scenario',
    implicit: false,
    uri: scenario.file.document.uri,
    range: rangeOf(scenario.file.document, scenario.gate?.node ?? scenario.name?.node, scenario.node),
    slos: plan.map((s) => s.index),
    onMissingData: input.onMissingData,
    unknown: input.unknown,
  };
  const run = new Replay({ slos: plan, gates: [gate] }, { source: values.label, step, span: { start: 0, end: (samples - 1) * step }, keep: samples + 1 });
  const table = new SeriesTable();
  const feeds: { series: Series; value: ScenarioValue }[] = [...values.values].map(([key, value]) => ({ series: table.intern(key, []), value }));
  for (let i = 0; i < samples; i++) {
    feeds.forEach(({ series, value }, k) => {
      const v = sampleAt(value, i);
      if (v !== null) run.push({ time: i * step, series, value: v, line: k + 1 });
    });
  }
  const result = run.finish();
  const problems = result.problems.filter((p) => p.severity === 'error').map((p) => ({ message: p.message, site: feeds[p.line - 1]?.value.site ?? { uri: scenario.file.document.uri, range: rangeOf(scenario.file.document, scenario.node) } }));
  return { timeline: result.gates[0].timeline, problems };
}

/** The timeline entry in force at `time` (the first is at 0, where the replay's span starts). */
function inForce(timeline: readonly TimelineEntry[], time: number): TimelineEntry {
  let entry = timeline[0];
  for (const e of timeline) {
    if (e.at > time) break;
    entry = e;
  }
  return entry;
}

function entryDecision(entry: TimelineEntry): Decision {
  if (entry.ladder) return { kind: 'breach', action: entry.decision, ladder: entry.ladder };
  return entry.decision === 'block' ? { kind: 'block' } : entry.decision === 'error' ? { kind: 'error' } : { kind: 'pass' };
}

/**
 * Each SLO as the replay saw it at `time`: its window's aggregate over the scenario's samples, compared as a dry
 * run compares a value, so the trace reads like any scenario's (value, target, result, what decides).
 */
function windowed(input: SeriesInput, plan: readonly PlannedSlo[], step: number, samples: number, time: number): (slo: ModelSlo) => SloOutcome {
  const planned = new Map(input.slos.map((s, i) => [s, plan[i]]));
  const label = `${input.values.label} at ${offsetText(time)}`;
  return (slo) => {
    const p = planned.get(slo)!;
    const given = input.values.values.get(slo.key);
    const at = (value: MetricValue | undefined): MetricValues => ({ label, values: new Map(value ? [[slo.key, value]] : []), invalid: new Map(), problems: [] });
    if (!p.ok) return { ...evaluateSlo(slo, at(undefined)), status: 'error', reason: `it cannot be evaluated: ${p.problem}` };
    if (!given) return evaluateSlo(slo, at(undefined));
    const window = windowAggregate(p.aggregate);
    for (let i = 0; i < samples && i * step <= time; i++) {
      const v = sampleAt(given, i);
      if (v !== null) window.add(i * step, v);
    }
    window.evict(time - windowMs(p.window));
    const value = window.value();
    if (value !== undefined) return evaluateSlo(slo, at({ kind: 'number', value, text: formatValue(value), site: given.site }));
    const over = p.window.kind === 'rolling' ? 'by' : `in the ${p.window.text} up to`;
    return { ...evaluateSlo(slo, at({ kind: 'null', site: given.site })), reason: `no sample of "${slo.key}" ${over} ${offsetText(time)}.` };
  };
}
