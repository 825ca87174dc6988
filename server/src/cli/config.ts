import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { RULE_METAS, type RuleId, type RuleLevels } from '../engine';
import { didYouMean } from '../engine/did-you-mean';
import { UsageError } from './errors';

const LEVELS = ['error', 'warning', 'info', 'off'] as const;

/**
 * `--config FILE`: for now, per-rule severities under `rules:`. Anything else in the file is an error,
 * so a setting never seems to apply when it does not.
 */
export function loadConfig(path: string | undefined): RuleLevels {
  if (!path) return {};
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'), { maxAliasCount: 100 });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--config ${path}: ${code === 'ENOENT' ? 'no such file' : code ? `cannot read (${code})` : (e as Error).message}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`--config ${path}: expected a map with "rules".`);
  const { rules, ...rest } = data as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length) throw new UsageError(`--config ${path}: unknown key "${unknown[0]}" (supported: rules).`);
  const severities: Partial<Record<RuleId, (typeof LEVELS)[number]>> = {};
  const ids = RULE_METAS.map((m) => m.id as string);
  for (const [id, level] of Object.entries((rules ?? {}) as Record<string, unknown>)) {
    if (!ids.includes(id)) {
      const guess = didYouMean(id, ids);
      throw new UsageError(`--config ${path}: unknown rule "${id}".${guess ? ` Did you mean "${guess}"?` : ''}`);
    }
    if (!LEVELS.includes(level as (typeof LEVELS)[number])) throw new UsageError(`--config ${path}: rule "${id}" must be one of ${LEVELS.join(', ')}, not "${String(level)}".`);
    if (RULE_METAS.find((m) => m.id === id)?.guardsNeverEvents && level !== 'error') {
      throw new UsageError(`--config ${path}: rule "${id}" guards never events, so it cannot be turned off or downgraded (a single never event must always block).`);
    }
    severities[id as RuleId] = level as (typeof LEVELS)[number];
  }
  return severities;
}
