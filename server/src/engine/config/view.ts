import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { mapView, parseYaml, stringOf, type MapView, type YamlFile } from '../policy/parse';
import type { Level, RuleMeta } from '../types';

/** The levels a config can set, mildest last: the order completion offers them in. */
export const LEVELS: readonly Level[] = ['error', 'warning', 'info', 'off'];

/** One `<rule id>: <level>` entry of `rules:` or of an override's `rules:`. */
export interface LevelEntry {
  readonly id: string;
  readonly key: Scalar;
  readonly value: Node | null;
  /** Set when the value is a level; anything else is config/invalid's to report. */
  readonly level?: Level;
}

export interface OverrideView {
  readonly files: readonly string[];
  readonly rules: readonly LevelEntry[];
}

/**
 * A parsed config file: its YAML and typed views over what it sets, each entry with its nodes so
 * rules can point at them. Like a policy's, the views are partial: whatever parsed is read.
 */
export interface ConfigFile extends YamlFile {
  readonly isRoot: boolean;
  readonly rules: readonly LevelEntry[];
  readonly overrides: readonly OverrideView[];
  readonly ignore: readonly string[];
}

export function readConfigFile(document: TextDocument): ConfigFile {
  // No yaml/duplicate-key runs on configs, so a repeated key is a YAML error here.
  const file = parseYaml(document, { uniqueKeys: true });
  const root = field(file.root, 'root');
  const overrides = field(file.root, 'overrides');
  return {
    ...file,
    isRoot: isScalar(root) && root.value === true,
    rules: levelEntries(field(file.root, 'rules')),
    overrides: isSeq(overrides)
      ? overrides.items.flatMap((item) => {
          if (!isMap(item)) return [];
          const view = mapView(item);
          return [{ files: strings(field(view, 'files')), rules: levelEntries(field(view, 'rules')) }];
        })
      : [],
    ignore: strings(field(file.root, 'ignore')),
  };
}

/** Every level entry: the top-level `rules`, then each override's. */
export function allLevelEntries(config: ConfigFile): LevelEntry[] {
  return [...config.rules, ...config.overrides.flatMap((o) => o.rules)];
}

/** A rule that guards never events set below `error`: a single never event must always block. */
export function downgradesNeverEvent(meta: RuleMeta, level: Level): boolean {
  return !!meta.guardsNeverEvents && level !== 'error';
}

function field(view: MapView | undefined, name: string): Node | null {
  return view?.fields.get(name)?.value ?? null;
}

function levelEntries(node: Node | null): LevelEntry[] {
  if (!isMap(node)) return [];
  return [...mapView(node).fields.values()].map(({ key, value }) => {
    const text = stringOf(value);
    return { id: String(key.value), key, value, level: LEVELS.find((l) => l === text) };
  });
}

function strings(node: Node | null): string[] {
  return isSeq(node) ? node.items.flatMap((item) => stringOf(item as Node) ?? []) : [];
}

/** Whether a data path is a map of rule levels: `rules`, or an override's `rules`. */
export function isRulesMap(path: readonly (string | number)[]): boolean {
  return (path.length === 1 && path[0] === 'rules') || (path.length === 3 && path[0] === 'overrides' && typeof path[1] === 'number' && path[2] === 'rules');
}
