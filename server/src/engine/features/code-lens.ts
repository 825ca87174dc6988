import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeLens, Range } from 'vscode-languageserver-types';
import type { Node } from 'yaml';
import { diffTitle } from '../diff/render';
import type { SloDiff } from '../diff/types';
import { decide, decisionName, evaluateSlo, type DryRun, type GateOutcome, type ModelSlo, type Outcome, type ScenarioOutcome, type SloOutcome } from '../dry-run/evaluate';
import { gateLensTitle, runAllLensTitle, scenarioLensTitle, sloLensTitle, traceMarkdown } from '../dry-run/explain';
import type { MetricProblem, MetricValues } from '../dry-run/metric-values';
import { gateViews, scenarioViews } from '../dry-run/views';
import { rangeOf, type PolicyFile } from '../policy/parse';

/**
 * Dry-run code lenses and what clicking one shows. Every lens runs one command (standard LSP: any editor with
 * code lenses can run it) whose argument says what to explain; the server answers with `explainDryRun`.
 */
export const EXPLAIN_COMMAND = 'safetySpecs.server.explain';

/** The command of the SLO diff lens; its argument is the policy's URI, and the server answers `{ title, markdown }`. */
export const SHOW_DIFF_COMMAND = 'safetySpecs.server.showDiff';

/** The argument of the explain command. `value`: evaluate that SLO against this number instead of the snapshot. */
export type ExplainTarget =
  | { readonly uri: string; readonly kind: 'slo'; readonly name: string; readonly value?: number }
  | { readonly uri: string; readonly kind: 'gate' | 'scenario'; readonly name: string }
  | { readonly uri: string; readonly kind: 'scenarios' };

/**
 * The metrics SLO and gate lenses read: none named, named but unusable (a missing file, a URL, a snapshot that
 * yields nothing but problems: `message` says why), or loaded, possibly with problems (a NaN...).
 */
export type LensMetrics =
  | { readonly kind: 'none' }
  | { readonly kind: 'unusable'; readonly message: string; readonly problems: readonly MetricProblem[] }
  | { readonly kind: 'loaded'; readonly values: MetricValues };

export const NO_METRICS: LensMetrics = { kind: 'none' };

/** Parsed values as lenses use them: a snapshot with no readable value but problems is an error, not "no data" everywhere. */
export function loadedMetrics(values: MetricValues): LensMetrics {
  const [first] = values.problems;
  if (first && values.values.size === 0 && values.invalid.size === 0) return { kind: 'unusable', message: `error (${short(first.message)})`, problems: values.problems };
  return { kind: 'loaded', values };
}

export interface Explanation {
  readonly title: string;
  readonly markdown: string;
  /** An SLO asked about with no value to read (no snapshot loaded, none given): an editor may ask the user for one. */
  readonly needsValue?: true;
}

const TOP: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * The lenses of one policy file of a model: `run` is the model's dry run (`dryRun` over all its files, with the
 * values `metrics` loaded), so a gate or scenario here reads SLOs of the other files too.
 */
export function dryRunLenses(file: PolicyFile, run: DryRun, metrics: LensMetrics = NO_METRICS): CodeLens[] {
  const { document } = file;
  const { uri } = document;
  const lens = (range: Range, title: string, target: ExplainTarget): CodeLens => ({ range, command: { title, command: EXPLAIN_COMMAND, arguments: [target] } });
  const lenses: CodeLens[] = [];
  if (run.scenarios.length) lenses.push(lens(TOP, runAllLensTitle(run.scenarios), { uri, kind: 'scenarios' }));
  run.slos.forEach((slo, i) => {
    if (slo.file.document.uri !== uri) return;
    const title = metrics.kind === 'unusable' ? `Dry run: ${metrics.message}` : sloLensTitle(run.sloOutcomes?.[i]);
    lenses.push(lens(firstLine(document, slo.slo.node), title, { uri, kind: 'slo', name: slo.name }));
  });
  // The run lists every file's gates and scenarios in file order, each file's as its views list them.
  const gates = run.gates?.filter((g) => g.uri === uri);
  gateViews(file).forEach((view, i) => {
    const outcome = gates?.[i];
    const name = outcome?.gate ?? view.name?.name ?? `gates[${view.index}]`;
    lenses.push(lens(firstLine(document, view.node), gateTitle(name, outcome, metrics), { uri, kind: 'gate', name }));
  });
  const scenarios = run.scenarios.filter((s) => s.uri === uri);
  scenarioViews(file).forEach((view, i) => {
    const outcome = scenarios[i];
    if (outcome) lenses.push(lens(firstLine(document, view.node), scenarioLensTitle(outcome), { uri, kind: 'scenario', name: outcome.scenario }));
  });
  return lenses;
}

/** The lens at the top of a policy: its model's SLO diff against the git base, or why there is none (one line). */
export function diffLens(file: PolicyFile, diff: SloDiff | { readonly error: string }): CodeLens {
  const title = 'error' in diff ? `SLO diff: no git base (${diff.error})` : diffTitle(diff);
  return { range: TOP, command: { title, command: SHOW_DIFF_COMMAND, arguments: [file.document.uri] } };
}

function gateTitle(name: string, outcome: GateOutcome | undefined, metrics: LensMetrics): string {
  if (metrics.kind === 'unusable') return `Gate ${name}: ${metrics.message}`;
  if (metrics.kind === 'loaded' && outcome && outcome.decision.kind !== 'error' && metrics.values.problems.length) {
    return `Gate ${name}: error (${problemCount(metrics.values.problems.length)} in ${metrics.values.label})`;
  }
  return gateLensTitle(name, outcome);
}

/**
 * What a lens shows when run; undefined when the model has no such SLO, gate or scenario (the file changed).
 * `path` turns a URI into what the reader knows, for the locations of problems.
 */
export function explainDryRun(run: DryRun, metrics: LensMetrics, target: ExplainTarget, path: (uri: string) => string): Explanation | undefined {
  switch (target.kind) {
    case 'slo': {
      const slo = pick(run.slos, (s) => s.name === target.name, (s) => s.file.document.uri === target.uri);
      if (!slo) return undefined;
      const title = `SLO ${slo.name}`;
      if (target.value !== undefined) return sloExplanation(title, slo, givenValue(slo, target.value), path);
      return metrics.kind === 'loaded' ? sloExplanation(title, slo, metrics.values, path) : { ...withoutValues(title, metrics, path), needsValue: true };
    }
    case 'gate': {
      const title = `Gate ${target.name}`;
      if (metrics.kind !== 'loaded') return withoutValues(title, metrics, path);
      const gate = pick(run.gates ?? [], (g) => g.gate === target.name, (g) => g.uri === target.uri);
      if (!gate) return undefined;
      const outcome = withSnapshotProblems(gate, metrics.values);
      const markdown = [traceMarkdown(title, outcome), '', `Values from \`${metrics.values.label}\`.`, ...problemsMarkdown(`Problems in ${metrics.values.label}`, metrics.values.problems, path)];
      return { title: `${title}: ${decisionName(outcome.decision)}`, markdown: markdown.join('\n') };
    }
    case 'scenario': {
      const scenario = pick(run.scenarios, (s) => s.scenario === target.name, (s) => s.uri === target.uri);
      return scenario && { title: `Scenario ${scenario.scenario}: ${decisionName(scenario.decision)}`, markdown: scenarioMarkdown(scenario, path) };
    }
    case 'scenarios': {
      const title = runAllLensTitle(run.scenarios);
      const parts = run.scenarios.length ? run.scenarios.map((s) => scenarioMarkdown(s, path)) : ['This model has no scenarios.'];
      return { title, markdown: [`## ${title}`, ...parts].join('\n\n---\n\n') };
    }
  }
}

/** One SLO's trace, decided as a gate of that SLO alone would be. */
function sloExplanation(title: string, slo: ModelSlo, values: MetricValues, path: (uri: string) => string): Explanation {
  const outcome: SloOutcome = evaluateSlo(slo, values);
  const trace = decide([outcome], [], 'block', new Map([[outcome, slo]]));
  const source = values.label === GIVEN ? 'Evaluated against the value given.' : `Value from \`${values.label}\`.`;
  const markdown = [traceMarkdown(title, trace), '', source, ...problemsMarkdown(`Problems in ${values.label}`, values.problems, path)];
  return { title: `${title}: ${decisionName(trace.decision)}`, markdown: markdown.join('\n') };
}

const GIVEN = 'the value given';

function givenValue(slo: ModelSlo, value: number): MetricValues {
  const site = { uri: slo.file.document.uri, range: rangeOf(slo.file.document, slo.slo.node) };
  return { label: GIVEN, values: new Map([[slo.key, { kind: 'number', value, text: String(value), site }]]), invalid: new Map(), problems: [] };
}

function withoutValues(title: string, metrics: Exclude<LensMetrics, { kind: 'loaded' }>, path: (uri: string) => string): Explanation {
  const markdown = [
    `### ${title}: no metrics loaded`,
    '',
    ...(metrics.kind === 'unusable' ? [`The metrics snapshot cannot be used: ${metrics.message}.`, ''] : []),
    'Name a metrics snapshot (a JSON or YAML map of metric to value) with `metrics:` in the policy or with the `safetySpecs.dryRun.metrics` setting, or run one SLO with a value.',
    ...(metrics.kind === 'unusable' ? problemsMarkdown('Problems', metrics.problems, path) : []),
  ];
  return { title: `${title}: no metrics loaded`, markdown: markdown.join('\n') };
}

/** A snapshot with problems decides nothing: a gate reading it is `error`, as the CLI's exit code says. */
function withSnapshotProblems(outcome: GateOutcome, values: MetricValues): Outcome {
  const [first] = values.problems;
  if (!first || outcome.decision.kind === 'error') return outcome;
  return { ...outcome, decision: { kind: 'error' }, reason: `${values.label} has ${problemCount(values.problems.length)}, so no decision is made on it: ${first.message}` };
}

function scenarioMarkdown(o: ScenarioOutcome, path: (uri: string) => string): string {
  const got = decisionName(o.decision);
  const verdict = o.expect === undefined ? `✗ The scenario has no \`expect\` (it decides \`${got}\`).` : `${o.passed ? '✓' : '✗'} Expected \`${o.expect}\`, got \`${got}\`.`;
  const unused = o.unusedKeys.map((u) => `- \`${u.key}\` (${at(u.site, path)}) is read by no SLO here${u.suggestion ? `; did you mean \`${u.suggestion}\`?` : '.'}`);
  return [
    traceMarkdown(`Scenario ${o.scenario}`, o),
    '',
    verdict,
    ...(unused.length ? ['', '**Values no SLO reads**', '', ...unused] : []),
    ...problemsMarkdown(`Problems in ${o.values.label}`, o.values.problems, path),
  ].join('\n');
}

function problemsMarkdown(heading: string, problems: readonly MetricProblem[], path: (uri: string) => string): string[] {
  if (!problems.length) return [];
  return ['', `**${heading}**`, '', ...problems.map((p) => `- \`${at(p.site, path)}\`: ${p.message.replace(/\n/g, ' ')}`)];
}

function at(site: MetricProblem['site'], path: (uri: string) => string): string {
  return `${path(site.uri)}:${site.range.start.line + 1}:${site.range.start.character + 1}`;
}

/** The item named so, preferring the one of the file the lens is in (names may repeat across a model's files). */
function pick<T>(items: readonly T[], named: (item: T) => boolean, here: (item: T) => boolean): T | undefined {
  const matching = items.filter(named);
  return matching.find(here) ?? matching[0];
}

/** The lens sits on the item's first line. */
function firstLine(document: TextDocument, node: Node): Range {
  const { start } = rangeOf(document, node);
  const rest = document.getText({ start, end: { line: start.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  return { start, end: { line: start.line, character: start.character + rest.length } };
}

function problemCount(n: number): string {
  return n === 1 ? '1 problem' : `${n} problems`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
