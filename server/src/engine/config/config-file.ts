import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { byPosition, guard, toFinding } from '../analyze';
import { rangeOf } from '../policy/parse';
import { RULE_BY_ID, RULES } from '../rules/catalog';
import type { Finding, Level, Report, RuleId, RuleLevels } from '../types';
import { isGlob } from './globs';
import { downgradesNeverEvent, readConfigFile, type ConfigFile, type LevelEntry, type RuleOptions } from './view';

export const CONFIG_FILE_NAME = '.safety-specs.yaml';

export function isConfigFileName(path: string): boolean {
  return path.split(/[\\/]/).pop() === CONFIG_FILE_NAME;
}

/** What one config file sets, valid entries only: what a problem made unusable is left out (and reported). */
export interface ConfigLayer {
  /** The config document's URI. */
  readonly uri: string;
  /** The absolute file-system path of the folder it is in: its globs are relative to it. */
  readonly folder: string;
  /** `root: true`: no config file in a folder above this one applies. */
  readonly root: boolean;
  readonly levels: RuleLevels;
  readonly options: RuleOptions;
  readonly overrides: readonly { readonly files: readonly string[]; readonly levels: RuleLevels; readonly options: RuleOptions }[];
  readonly ignore: readonly string[];
}

/** A config document's layer, and its findings (config/*), located in it, at their rules' default severity. */
export function parseConfig(document: TextDocument): { layer: ConfigLayer; findings: Finding[] } {
  const config = readConfigFile(document);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (rule.kind !== 'config') continue;
    const report = (r: Report) => findings.push(toFinding(rule, r, document, undefined));
    guard(rule, () => rule.check({ config, rules: RULE_BY_ID, report }), (message) => report({ message, range: rangeOf(document, null) }));
  }
  return { layer: toLayer(config), findings: findings.sort(byPosition) };
}

function toLayer(config: ConfigFile): ConfigLayer {
  return {
    uri: config.document.uri,
    folder: folderOf(config.document.uri),
    root: config.isRoot,
    levels: effective(config.rules),
    options: config.ruleOptions,
    overrides: config.overrides.map((o) => ({ files: o.files.filter(isGlob), levels: effective(o.rules), options: o.ruleOptions })),
    ignore: config.ignore.filter(isGlob),
  };
}

/** The entries that take effect: known rules at a valid level, and never-event rules only at `error`. */
function effective(entries: readonly LevelEntry[]): RuleLevels {
  const levels: Partial<Record<RuleId, Level>> = {};
  for (const { id, level } of entries) {
    const meta = RULE_BY_ID.get(id);
    if (meta && level && !downgradesNeverEvent(meta, level)) levels[meta.id] = level;
  }
  return levels;
}

function folderOf(uri: string): string {
  try {
    return dirname(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  } catch {
    // A file: URI Node cannot map to a path (a UNC host on POSIX): no folder of ours matches it.
    return dirname(uri);
  }
}
