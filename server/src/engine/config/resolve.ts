import { dirname } from 'node:path';
import type { Level, RuleId, RuleLevels } from '../types';
import type { ConfigLayer } from './config-file';
import { matchesAny } from './globs';
import type { RuleOptions } from './view';

/**
 * The config layers that apply to a policy file, nearest first: one per folder from the file's own up
 * to the file-system root that `lookup` has a config for, stopping after one with `root: true`.
 * `lookup` reads the folder's `.safety-specs.yaml` (from disk, or an open document), if any.
 */
export function chainFor(filePath: string, lookup: (folder: string) => ConfigLayer | undefined): ConfigLayer[] {
  const chain: ConfigLayer[] = [];
  for (let folder = dirname(filePath); ; folder = dirname(folder)) {
    const layer = lookup(folder);
    if (layer) chain.push(layer);
    if (layer?.root || dirname(folder) === folder) return chain;
  }
}

/** What applies to one file: its rule levels and options, and whether a config ignores it. */
export interface FileSettings extends RuleOptions {
  readonly levels: RuleLevels;
  readonly ignored: boolean;
}

/**
 * The settings of a file. Precedence, lowest first: the rules' defaults, `base` (the editor's levels), then
 * each layer from the farthest to the nearest, within a layer its `rules` and `rule_options`, then its matching
 * `overrides` in order. Any layer's `ignore` ignores the file. An option no layer sets is left out (the rule's
 * default applies).
 */
export function resolveSettings(filePath: string, chain: readonly ConfigLayer[], base: RuleLevels = {}): FileSettings {
  const levels: Partial<Record<RuleId, Level>> = { ...base };
  let options: RuleOptions = {};
  let ignored = false;
  for (const layer of [...chain].reverse()) {
    Object.assign(levels, layer.levels);
    options = { ...options, ...layer.options };
    for (const override of layer.overrides) {
      if (!matchesAny(override.files, layer.folder, filePath)) continue;
      Object.assign(levels, override.levels);
      options = { ...options, ...override.options };
    }
    ignored ||= matchesAny(layer.ignore, layer.folder, filePath);
  }
  return { levels, ignored, ...options };
}
