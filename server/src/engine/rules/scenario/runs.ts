import { dryRun, gateViews, scenarioViews, type ModelSlo, type ScenarioOutcome, type ScenarioView } from '../../dry-run';
import { sortedFiles } from '../../dry-run/evaluate';
import { LADDER } from '../../ladder';
import type { Node } from 'yaml';
import type { PolicyFile } from '../../policy/parse';
import { actionNames } from '../../policy/semantics';

/** A scenario as written, with what it decides. */
export interface ScenarioRun {
  readonly view: ScenarioView;
  readonly outcome: ScenarioOutcome;
  /** The SLOs it may give values for: those of its gate, else every SLO of the model. */
  readonly readable: readonly ModelSlo[];
}

const cache = new WeakMap<readonly PolicyFile[], readonly ScenarioRun[]>();

/**
 * The model's scenarios, run once per analysis however many scenario rules ask: analyzeModel hands every model
 * rule the same `files` array. The rules run the same `dryRun` as the CLI and the code lenses, so a scenario
 * fails in the editor exactly when `safety-specs test` fails it. A scenario with a YAML syntax error in it is left
 * out: yaml/syntax reports it, and what parsed of it is not what was written.
 */
export function scenarioRuns(files: readonly PolicyFile[]): readonly ScenarioRun[] {
  let runs = cache.get(files);
  if (!runs) {
    const views = sortedFiles(files).flatMap(scenarioViews);
    // Most policies have no scenarios: they do not pay for reading every SLO of the model.
    const { slos, scenarios } = views.length ? dryRun(files, undefined) : { slos: [], scenarios: [] };
    const gates = sortedFiles(files).flatMap(gateViews);
    // Many scenarios run one gate: its SLOs are listed once.
    const readableBy = new Map<string, readonly ModelSlo[]>();
    const readable = (name: string | undefined): readonly ModelSlo[] => {
      const gate = name === undefined ? undefined : gates.find((g) => g.name?.name === name);
      if (!gate || gate.slos.kind === 'all') return slos;
      let list = readableBy.get(name!);
      if (!list) {
        const listed = new Set(gate.slos.names.map((n) => n.name));
        readableBy.set(name!, (list = slos.filter((s) => listed.has(s.name))));
      }
      return list;
    };
    // dryRun runs each file's scenarios as written, files in URI order: the order of these views.
    runs = views.flatMap((view, i) => (hasSyntaxError(view.file, view.node) ? [] : [{ view, outcome: scenarios[i], readable: readable(view.gate?.name) }]));
    cache.set(files, runs);
  }
  return runs;
}

/** What a scenario may expect: `pass`, `block`, a built-in action, or a custom action declared in a file of the model. */
export function expectable(files: readonly PolicyFile[]): { readonly names: ReadonlySet<string>; readonly list: string } {
  const custom = [...new Set(files.flatMap(actionNames))];
  return {
    names: new Set(['pass', 'block', ...LADDER, ...custom]),
    list: `pass, block, or an action: ${LADDER.join(', ')}${custom.length ? `; custom: ${custom.join(', ')}` : ''}`,
  };
}

/** The names of the model's gates, in every policy file. */
export function gateNames(files: readonly PolicyFile[]): ReadonlySet<string> {
  return new Set(files.flatMap(gateViews).flatMap((g) => (g.name ? [g.name.name] : [])));
}

/** A YAML syntax error inside `node`. */
export function hasSyntaxError(file: PolicyFile, node: Node | null | undefined): boolean {
  const range = node?.range;
  return !!range && (file.yamlDocs[0]?.errors ?? []).some((e) => e.pos[0] >= range[0] && e.pos[0] <= range[2]);
}
