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

/** The smallest word limit a config can give note/length (the schema's `minimum`): below it every note fails. */
export const MIN_MAX_WORDS = 50;

/** The rule options a `rule_options:` map sets, valid values only, as the rules take them. */
export interface RuleOptions {
  /** note/length's word limit (`note/length: { max_words }`). */
  readonly maxWords?: number;
}

export interface OverrideView {
  readonly files: readonly string[];
  readonly rules: readonly LevelEntry[];
  readonly ruleOptions: RuleOptions;
}

/**
 * A parsed config file: its YAML and typed views over what it sets, each entry with its nodes so
 * rules can point at them. Like a policy's, the views are partial: whatever parsed is read.
 */
export interface ConfigFile extends YamlFile {
  readonly isRoot: boolean;
  readonly rules: readonly LevelEntry[];
  readonly ruleOptions: RuleOptions;
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
    ruleOptions: ruleOptions(field(file.root, 'rule_options')),
    overrides: isSeq(overrides)
      ? overrides.items.flatMap((item) => {
          if (!isMap(item)) return [];
          const view = mapView(item);
          return [{ files: strings(field(view, 'files')), rules: levelEntries(field(view, 'rules')), ruleOptions: ruleOptions(field(view, 'rule_options')) }];
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

/** Invalid values are config/invalid's to report (through the schema), and set nothing. */
function ruleOptions(node: Node | null): RuleOptions {
  const length = isMap(node) ? field(mapView(node), 'note/length') : null;
  const maxWords = isMap(length) ? field(mapView(length), 'max_words') : null;
  const value = isScalar(maxWords) ? maxWords.value : undefined;
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_MAX_WORDS ? { maxWords: value } : {};
}

function strings(node: Node | null): string[] {
  return isSeq(node) ? node.items.flatMap((item) => stringOf(item as Node) ?? []) : [];
}

/** Whether a data path is a map of rule levels: `rules`, or an override's `rules`. */
export function isRulesMap(path: readonly (string | number)[]): boolean {
  return isRuleMap(path, 'rules');
}

/** Whether a data path is a map of rule options: `rule_options`, or an override's `rule_options`. */
export function isRuleOptionsMap(path: readonly (string | number)[]): boolean {
  return isRuleMap(path, 'rule_options');
}

/** A map keyed by rule id: `key` at the top level or in an override. */
function isRuleMap(path: readonly (string | number)[], key: string): boolean {
  return (path.length === 1 && path[0] === key) || (path.length === 3 && path[0] === 'overrides' && typeof path[1] === 'number' && path[2] === key);
}
