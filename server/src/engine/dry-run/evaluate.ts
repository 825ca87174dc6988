import type { Range } from 'vscode-languageserver-types';
import { readScope } from '../conflicts/scope';
import { didYouMean } from '../did-you-mean';
import { isLadderAction, type LadderAction } from '../ladder';
import { rangeOf, type PolicyFile, type SloView } from '../policy/parse';
import { resolveActionInModel, sloAction, sloTarget, type ResolvedAction } from '../policy/semantics';
import { comparedThreshold, NEGATED, satisfies, type Target } from '../target';
import { metricKey, metricOf } from './metric-key';
import type { MetricValues, Site } from './metric-values';
import { gateViews, scenarioViews, type GateView, type OnMissingData, type ScenarioView } from './views';
import { readMetricMap } from './metric-values';
import { isSeriesScenario, readScenarioValues, runSeriesScenario, type ScenarioValues, type SeriesRun } from './series-scenario';
import { diffTitle, verdictText } from '../diff/render';
import type { SloDiff } from '../diff/types';
import { uriFileName } from '../uri';

/** One SLO of a model as a gate reads it: its key in the metric values, its target and its action, each resolved once. */
export interface ModelSlo {
  readonly file: PolicyFile;
  readonly slo: SloView;
  readonly name: string;
  readonly key: string;
  readonly target: { readonly ok: true; readonly target: Target; readonly raw: string } | { readonly ok: false; readonly raw: string };
  readonly action?: { readonly name: string; readonly resolved?: ResolvedAction };
}

export type SloStatus = 'pass' | 'breach' | 'no_data' | 'error';

/** How one SLO fared: the trace line every view of a decision shows (editor, CLI text, CLI json). */
export interface SloOutcome {
  readonly slo: string;
  /** The key its value was looked up by (metric-key.ts). */
  readonly key: string;
  readonly uri: string;
  /** The SLO's name in the policy. */
  readonly range: Range;
  readonly status: SloStatus;
  readonly target?: string;
  readonly observed?: { readonly value: number; readonly text: string; readonly site: Site };
  /** `0.84 < 0.90`: the comparison that decided pass or breach. */
  readonly comparison?: string;
  /** The action a breach triggers. */
  readonly action?: string;
  /** Why there is no data, or what the error is. */
  readonly reason?: string;
  /** This SLO decided the gate. */
  readonly decides: boolean;
}

export type Decision =
  | { readonly kind: 'pass' }
  | { readonly kind: 'breach'; readonly action: string; readonly ladder: LadderAction }
  | { readonly kind: 'block' }
  | { readonly kind: 'error' };

export type RequirementStatus = 'met' | 'unmet' | 'not_evaluated';

export interface RequirementOutcome {
  readonly name: string;
  readonly status: RequirementStatus;
  readonly reason: string;
  readonly decides: boolean;
}

/** A decision with its explanation: the gate (or scenario) trace. */
export interface Outcome {
  readonly decision: Decision;
  /** One line: why this decision. */
  readonly reason: string;
  readonly slos: readonly SloOutcome[];
  readonly requirements: readonly RequirementOutcome[];
  readonly onMissingData: OnMissingData;
}

export interface GateOutcome extends Outcome {
  readonly gate: string;
  readonly uri: string;
  readonly range: Range;
}

export interface ScenarioOutcome extends Outcome {
  readonly scenario: string;
  readonly uri: string;
  readonly range: Range;
  /** What it expects: a decision, or for a series scenario the expect that decides the verdict (`pass at 65m`). */
  readonly expect?: string;
  readonly passed: boolean;
  /** Keys of the scenario's metrics that no SLO of the gate reads (a typo, or a stale scenario). */
  readonly unusedKeys: readonly { readonly key: string; readonly site: Site; readonly suggestion?: string }[];
  readonly values: ScenarioValues;
  /** A series scenario's run (its expects and the gate's timeline); the outcome above is the trace at its verdict. */
  readonly series?: SeriesRun;
}

/**
 * What the gate knows of the world beyond the metrics. `deliberationNote`: the model folder's newest note, `null`
 * when it has none, left out when unknown (a policy checked without its folder). `diff`: the model's SLO diff against
 * its git base, or why there is none (not a git repository, an unknown revision); left out when not computed.
 */
export interface RequirementFacts {
  readonly deliberationNote?: { readonly uri: string } | null;
  readonly diff?: SloDiff | { readonly error: string };
}

export function decisionName(decision: Decision): string {
  return decision.kind === 'breach' ? decision.action : decision.kind;
}

/** Every SLO of a model, in one order for every caller (files by URI, SLOs as written). */
export function modelSlos(files: readonly PolicyFile[]): ModelSlo[] {
  return sortedFiles(files).flatMap((file) =>
    file.slos.flatMap((slo): ModelSlo[] => {
      if (!slo.name || !slo.metric) return [];
      const scope = readScope(slo.fields.get('scope')?.value) ?? new Map();
      const parsed = sloTarget(file, slo);
      const action = sloAction(file, slo) ?? undefined;
      return [
        {
          file,
          slo,
          name: slo.name,
          key: metricKey(slo.metric, scope),
          target: parsed?.result.ok ? { ok: true, target: parsed.result.target, raw: parsed.raw } : { ok: false, raw: parsed?.raw ?? '' },
          ...(action ? { action: { name: action.name, resolved: action.resolved ?? resolveActionInModel(files, action.name) } } : {}),
        },
      ];
    }),
  );
}

export function sortedFiles(files: readonly PolicyFile[]): PolicyFile[] {
  return [...files].sort((a, b) => (a.document.uri < b.document.uri ? -1 : a.document.uri > b.document.uri ? 1 : 0));
}

/** One SLO against the values: pass, breach, no data or error, with the reason. */
export function evaluateSlo(slo: ModelSlo, values: MetricValues): SloOutcome {
  const target = slo.target.ok ? slo.target.raw.trim() : undefined;
  const invalid = values.invalid.get(slo.key);
  if (invalid) return sloOutcome(slo, 'error', { target, reason: invalid.message });
  const value = values.values.get(slo.key);
  // With no value the target is not read: a scenario about other SLOs does not fail on this one's typo.
  if (!value || value.kind === 'null') {
    return sloOutcome(slo, 'no_data', { target, reason: value ? `"${slo.key}" is null in ${values.label}.` : missingReason(slo, values) });
  }
  if (!slo.target.ok) return sloOutcome(slo, 'error', { reason: `its target "${slo.target.raw}" does not parse (slo/target-syntax), so it cannot be evaluated.` });
  const t = slo.target.target;
  // `99.2` against `>= 99.5%` is a percentage where a ratio was due: comparing it would pass whatever it says.
  if (t.unit === '%' && (value.value < 0 || value.value > 1)) {
    return sloOutcome(slo, 'error', { target, reason: `${value.text} is not a ratio, but the target "${target}" is a percentage, compared as the ratio ${t.value}: write ${value.text}% as ${Number((value.value / 100).toPrecision(12))}.` });
  }
  const unit = t.unit && t.unit !== '%' ? t.unit : '';
  const observed = { value: value.value, text: value.text, site: value.site };
  if (satisfies(t, value.value)) return sloOutcome(slo, 'pass', { target, observed, comparison: `${value.text}${unit} ${t.comparator} ${comparedThreshold(t)}` });
  const comparison = `${value.text}${unit} ${NEGATED[t.comparator]} ${comparedThreshold(t)}`;
  if (!slo.action) return sloOutcome(slo, 'error', { target, observed, comparison, reason: `breached (${comparison}), but it has no action_on_breach.` });
  if (!slo.action.resolved) {
    return sloOutcome(slo, 'error', { target, observed, comparison, action: slo.action.name, reason: `breached (${comparison}), but its action "${slo.action.name}" is unknown (slo/unknown-action).` });
  }
  return sloOutcome(slo, 'breach', { target, observed, comparison, action: slo.action.name });
}

type OutcomeFields = Pick<SloOutcome, 'target' | 'observed' | 'comparison' | 'action' | 'reason'>;

/**
 * Every outcome is one literal of the same fields (undefined where they do not apply): a scenario through a large
 * gate makes one per SLO, and spreading a shared base into each cost more than the comparisons (bench/gates.mjs).
 */
function sloOutcome(slo: ModelSlo, status: SloStatus, f: OutcomeFields): SloOutcome {
  return { slo: slo.name, key: slo.key, uri: slo.file.document.uri, range: nameRange(slo), status, target: f.target, observed: f.observed, comparison: f.comparison, action: f.action, reason: f.reason, decides: false };
}

// The same SLO is in every scenario of its gates: its name's range is computed once.
const nameRanges = new WeakMap<ModelSlo, Range>();

function nameRange(slo: ModelSlo): Range {
  let range = nameRanges.get(slo);
  if (!range) nameRanges.set(slo, (range = rangeOf(slo.file.document, slo.slo.fields.get('name')?.value, slo.slo.node)));
  return range;
}

/** "No value", with a hint when the metric is there under another scope (a scoped SLO reads a scoped key). */
function missingReason(slo: ModelSlo, values: MetricValues): string {
  const other = firstKeys(values).get(metricOf(slo.key));
  const hint = other ? ` There is "${other}"; an SLO with a scope reads the key with its scope, "${slo.key}".` : '';
  return `no value for "${slo.key}" in ${values.label}.${hint}`;
}

// Per set of values, built once: a snapshot with thousands of keys is read by thousands of SLOs.
const firstKeysMemo = new WeakMap<MetricValues, ReadonlyMap<string, string>>();

/** The first key of each metric in the values. */
function firstKeys(values: MetricValues): ReadonlyMap<string, string> {
  let first = firstKeysMemo.get(values);
  if (!first) {
    const map = new Map<string, string>();
    for (const key of values.values.keys()) if (!map.has(metricOf(key))) map.set(metricOf(key), key);
    firstKeysMemo.set(values, (first = map));
  }
  return first;
}

/**
 * The decision over some SLOs' outcomes. An error (a value that is not a number, a target or action that does not
 * resolve) makes it `error`: a gate never passes on what it could not read. Else the most severe breached action
 * decides (ties: the first SLO). Else missing data blocks unless the gate ignores it, then unmet requirements block.
 */
export function decide(outcomes: readonly SloOutcome[], requirements: readonly RequirementOutcome[], onMissingData: OnMissingData, slos: ReadonlyMap<SloOutcome, ModelSlo>): Outcome {
  const mark = (chosen: ReadonlySet<SloOutcome>) => outcomes.map((o) => (chosen.has(o) ? { ...o, decides: true } : o));
  const errors = outcomes.filter((o) => o.status === 'error');
  if (errors.length) {
    return { decision: { kind: 'error' }, reason: `${errors[0].slo}: ${errors[0].reason}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`, slos: mark(new Set(errors)), requirements, onMissingData };
  }
  let worst: { outcome: SloOutcome; resolved: ResolvedAction } | undefined;
  for (const o of outcomes) {
    const resolved = o.status === 'breach' ? slos.get(o)?.action?.resolved : undefined;
    if (resolved && (!worst || resolved.rank > worst.resolved.rank)) worst = { outcome: o, resolved };
  }
  if (worst) {
    const { outcome, resolved } = worst;
    return {
      decision: { kind: 'breach', action: resolved.name, ladder: resolved.ladder },
      reason: `${outcome.slo} breached (${outcome.comparison}): ${resolved.name}${resolved.custom ? ` (ranks with ${resolved.ladder})` : ''}.`,
      slos: mark(new Set([outcome])),
      requirements,
      onMissingData,
    };
  }
  const missing = outcomes.filter((o) => o.status === 'no_data');
  if (missing.length && onMissingData === 'block') {
    return { decision: { kind: 'block' }, reason: `no data for ${missing.map((o) => o.slo).join(', ')} (on_missing_data: block).`, slos: mark(new Set(missing)), requirements, onMissingData };
  }
  const blocking = requirements.filter((r) => r.status !== 'met');
  if (blocking.length) {
    return {
      decision: { kind: 'block' },
      reason: blocking.map((r) => `${r.name}: ${r.reason}`).join(' '),
      slos: outcomes,
      requirements: requirements.map((r) => (r.status !== 'met' ? { ...r, decides: true } : r)),
      onMissingData,
    };
  }
  const ignored = missing.length ? ` (no data for ${missing.map((o) => o.slo).join(', ')}, ignored)` : '';
  return { decision: { kind: 'pass' }, reason: `no SLO breached${ignored}.`, slos: outcomes, requirements, onMissingData };
}

function requirementOutcomes(gate: GateView, facts: RequirementFacts): RequirementOutcome[] {
  return gate.require.map(({ name }): RequirementOutcome => {
    if (name === 'deliberation_note') return noteRequirement(facts);
    if (name === 'slo_diff_green') return diffRequirement(facts);
    return { name, status: 'unmet', reason: `"${name}" is not a requirement Safety Specs knows.`, decides: false };
  });
}

/**
 * With a diff, the note must have been added or changed in it: a release decision is recorded when it is made.
 * Without one (no git), the folder having a note is all that can be checked, and the reason says so.
 */
function noteRequirement(facts: RequirementFacts): RequirementOutcome {
  const outcome = (status: RequirementStatus, reason: string): RequirementOutcome => ({ name: 'deliberation_note', status, reason, decides: false });
  const diff = facts.diff && !('error' in facts.diff) ? facts.diff : undefined;
  const changed = diff?.notes.find((n) => n.status !== 'unchanged');
  if (diff && changed) return outcome('met', `${uriFileName(changed.uri)} was ${changed.status} since ${diff.base}.`);
  if (facts.deliberationNote === undefined) return outcome('not_evaluated', 'the model folder of this policy is not known.');
  if (!facts.deliberationNote) return outcome('unmet', 'the model folder has no deliberation note.');
  if (diff) return outcome('unmet', `no deliberation note was added or changed since ${diff.base}.`);
  const unchecked = facts.diff && 'error' in facts.diff ? ` (not checked for a change: ${facts.diff.error.replace(/\.$/, '')})` : '';
  return outcome('met', `the model folder has a deliberation note (${uriFileName(facts.deliberationNote.uri)})${unchecked}.`);
}

function diffRequirement(facts: RequirementFacts): RequirementOutcome {
  const name = 'slo_diff_green';
  const diff = facts.diff;
  if (!diff) return { name, status: 'not_evaluated', reason: 'no SLO diff against a git base was computed (not a git repository?).', decides: false };
  if ('error' in diff) return { name, status: 'not_evaluated', reason: diff.error, decides: false };
  return { name, status: diff.green ? 'met' : 'unmet', reason: `${diffTitle(diff)}: ${verdictText(diff)}.`, decides: false };
}

/** What a gate reads: its SLOs, the keys they read, and the listed names no SLO has (error outcomes). */
interface GateReads {
  readonly slos: readonly ModelSlo[];
  /** Per key, the positions in the model's SLOs of those that read it. */
  readonly keys: ReadonlyMap<string, readonly number[]>;
  readonly unknown: readonly { readonly name: string; readonly range: Range; readonly uri: string }[];
}

// Per list of a model's SLOs, per gate (undefined: every SLO): scenarios run the same gates over the same SLOs.
const gateReadsMemo = new WeakMap<readonly ModelSlo[], Map<GateView | undefined, GateReads>>();

/** The SLOs a gate reads: its list, or every SLO of the model. */
function gateSlos(all: readonly ModelSlo[], gate: GateView | undefined): GateReads {
  let memo = gateReadsMemo.get(all);
  if (!memo) gateReadsMemo.set(all, (memo = new Map()));
  let reads = memo.get(gate);
  if (!reads) memo.set(gate, (reads = readsOf(all, gate)));
  return reads;
}

function readsOf(all: readonly ModelSlo[], gate: GateView | undefined): GateReads {
  const names = gate?.slos.kind === 'list' ? gate.slos.names : undefined;
  const listed = names && new Set(names.map((n) => n.name));
  const slos: ModelSlo[] = [];
  const keys = new Map<string, number[]>();
  all.forEach((s, i) => {
    if (listed && !listed.has(s.name)) return;
    slos.push(s);
    const at = keys.get(s.key);
    if (at) at.push(i);
    else keys.set(s.key, [i]);
  });
  if (!gate || !names) return { slos, keys, unknown: [] };
  const known = new Set(all.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n.name)).map((n) => ({ name: n.name, uri: gate.file.document.uri, range: rangeOf(gate.file.document, n.node) }));
  return { slos, keys, unknown };
}

/** The SLOs that read the keys a scenario gives, in the model's order (of equally severe breaches, the first decides). */
function givenSlos(all: readonly ModelSlo[], values: ScenarioValues): ModelSlo[] {
  const { keys } = gateSlos(all, undefined);
  const at = [...values.values.keys(), ...values.invalid.keys()].flatMap((k) => keys.get(k) ?? []);
  return at.sort((a, b) => a - b).map((i) => all[i]);
}

/** The gate's SLOs, each evaluated by `evaluate` (against values, or a series scenario's windows at one time), decided. */
function run(all: readonly ModelSlo[], gate: GateView | undefined, evaluate: (slo: ModelSlo) => SloOutcome, requirements: readonly RequirementOutcome[], onMissingData: OnMissingData): Outcome {
  const { slos, unknown } = gateSlos(all, gate);
  const bySlo = new Map<SloOutcome, ModelSlo>();
  const outcomes = slos.map((s) => {
    const o = evaluate(s);
    bySlo.set(o, s);
    return o;
  });
  const missing = unknown.map((u): SloOutcome => ({ slo: u.name, key: u.name, uri: u.uri, range: u.range, status: 'error', reason: `the gate lists "${u.name}", but no SLO of this model has that name.`, decides: false }));
  return decide([...outcomes, ...missing], requirements, onMissingData, bySlo);
}

export function evaluateGate(all: readonly ModelSlo[], gate: GateView, values: MetricValues, facts: RequirementFacts): GateOutcome {
  const outcome = run(all, gate, (s) => evaluateSlo(s, values), requirementOutcomes(gate, facts), gate.onMissingData);
  const document = gate.file.document;
  return { ...outcome, gate: gate.name?.name ?? `gates[${gate.index}]`, uri: document.uri, range: rangeOf(document, gate.name?.node, gate.node) };
}

/**
 * A scenario: its own values through its gate's SLOs, or without a gate through the SLOs it gives values for (a
 * scenario names the values it is about). Requirements are not part of a scenario: it tests the policy, not the
 * repository. A series scenario (series-scenario.ts) runs the same SLOs as a replay over its series.
 */
export function runScenario(all: readonly ModelSlo[], gates: readonly GateView[], scenario: ScenarioView): ScenarioOutcome {
  const document = scenario.file.document;
  const name = scenario.name?.name ?? `scenarios[${scenario.index}]`;
  const label = `scenario ${name}`;
  const fallback = scenario.metrics?.key ?? scenario.node;
  const gate = scenario.gate ? gates.find((g) => g.name?.name === scenario.gate!.name) : undefined;
  const noGate = scenario.gate && !gate ? `the scenario runs gate "${scenario.gate.name}", which this model does not have.` : undefined;
  const onMissingData = gate?.onMissingData ?? 'ignore';
  const where = { scenario: name, uri: document.uri, range: rangeOf(document, scenario.name?.node, scenario.node) };
  if (isSeriesScenario(scenario)) {
    const given = readScenarioValues(document, scenario.metrics?.value, label, fallback);
    const slos = gate ? all : givenSlos(all, given);
    const { slos: read, unknown } = gateSlos(slos, gate);
    const ran = runSeriesScenario({
      scenario,
      values: given,
      slos: read,
      unknown: unknown.map((u) => u.name),
      onMissingData,
      ...(noGate ? { error: noGate } : {}),
      trace: (evaluate) => run(slos, gate, evaluate, [], onMissingData),
    });
    const { values } = ran;
    return { ...ran.outcome, ...where, ...(ran.expect ? { expect: ran.expect } : {}), passed: ran.passed, unusedKeys: unusedKeys(all, gate, values), values, series: ran.series };
  }
  const values = readMetricMap(document, scenario.metrics?.value, label, fallback);
  const outcome: Outcome = noGate
    ? { decision: { kind: 'error' }, reason: noGate, slos: [], requirements: [], onMissingData }
    : withProblems(run(gate ? all : givenSlos(all, values), gate, (s) => evaluateSlo(s, values), [], onMissingData), values);
  const expect = scenario.expect?.name;
  return { ...outcome, ...where, ...(expect ? { expect } : {}), passed: expect !== undefined && matches(outcome.decision, expect), unusedKeys: unusedKeys(all, gate, values), values };
}

/** The keys a scenario gives that no SLO of its gate reads, with the key each was likely meant to be. */
function unusedKeys(all: readonly ModelSlo[], gate: GateView | undefined, values: ScenarioValues): ScenarioOutcome['unusedKeys'] {
  const read = gateSlos(all, gate).keys;
  const unused = [...values.values].filter(([key]) => !read.has(key));
  const free = unused.length ? byMetric([...read.keys()].filter((k) => !values.values.has(k) && !values.invalid.has(k))) : new Map<string, string[]>();
  return unused.map(([key, v]) => {
    const suggestion = suggestKey(key, free);
    return { key, site: v.site, ...(suggestion ? { suggestion } : {}) };
  });
}

function byMetric(keys: readonly string[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const metric = metricOf(key);
    const group = groups.get(metric);
    if (group) group.push(key);
    else groups.set(metric, [key]);
  }
  return groups;
}

/**
 * The key an unused one was likely meant to be, among the keys read and not given: of its own metric (a wrong
 * scope), else of the metric closest to its own (a typo in the metric). Edit distances against every key of a
 * large model would cost more than the whole dry run.
 */
function suggestKey(key: string, free: ReadonlyMap<string, readonly string[]>): string | undefined {
  const metric = metricOf(key);
  const near = free.has(metric) ? metric : didYouMean(metric, free.keys());
  return near === undefined ? undefined : didYouMean(key, free.get(near)!);
}

/** A scenario whose values have a problem no SLO read (a malformed key, metrics that are not a map) cannot pass either. */
function withProblems(outcome: Outcome, values: MetricValues): Outcome {
  const [first] = values.problems;
  if (!first || outcome.decision.kind === 'error') return outcome;
  return { ...outcome, decision: { kind: 'error' }, reason: `${first.message}${values.problems.length > 1 ? ` (and ${values.problems.length - 1} more)` : ''}` };
}

/** `expect` names the decision (`pass`, `block`, an action), or for a custom action also the built-in it ranks with. */
export function matches(decision: Decision, expect: string): boolean {
  if (decision.kind !== 'breach') return decision.kind === expect;
  return decision.action === expect || (isLadderAction(expect) && decision.ladder === expect && !isLadderAction(decision.action));
}

/** Everything a dry run shows for one model: each SLO, each gate and each scenario. */
export interface DryRun {
  readonly slos: readonly ModelSlo[];
  /** Each SLO against the loaded values, when there are values. */
  readonly sloOutcomes?: readonly SloOutcome[];
  readonly gates?: readonly GateOutcome[];
  readonly scenarios: readonly ScenarioOutcome[];
}

/** The policy files of one model (as `groupByModel` groups them) against a snapshot, when one is loaded. */
export function dryRun(files: readonly PolicyFile[], values: MetricValues | undefined, facts: RequirementFacts = {}): DryRun {
  const slos = modelSlos(files);
  const gates = sortedFiles(files).flatMap((f) => gateViews(f));
  const scenarios = sortedFiles(files).flatMap((f) => scenarioViews(f).map((s) => runScenario(slos, gates, s)));
  if (!values) return { slos, scenarios };
  return { slos, sloOutcomes: slos.map((s) => evaluateSlo(s, values)), gates: gates.map((g) => evaluateGate(slos, g, values, facts)), scenarios };
}
