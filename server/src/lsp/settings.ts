import { isAbsolute, resolve } from 'node:path';
import { RULE_BY_ID, RULE_METAS, type Level, type RuleId, type RuleLevels } from '../engine';
import { downgradesNeverEvent, LEVELS } from '../engine/config/view';
import { didYouMean } from '../engine/did-you-mean';
import { workspacePath } from './scan';

/** How findings the baseline records are shown. */
export type BaselineSeverity = 'hint' | 'information' | 'unchanged' | 'hide';
const BASELINE_SEVERITIES: readonly BaselineSeverity[] = ['hint', 'information', 'unchanged', 'hide'];

/** The editor's `safetySpecs.*` settings, validated, with paths made absolute. */
export interface Settings {
  /** Lowest precedence: the project's config files override them, as they do in CI. */
  readonly levels: RuleLevels;
  /** A config file used instead of discovery (the CLI's `--config`). */
  readonly configPath?: string;
  /** A baseline written by `safety-specs check --update-baseline`. */
  readonly baseline?: string;
  readonly baselineSeverity: BaselineSeverity;
  /** A metrics snapshot for the dry-run code lenses, used instead of each policy's `metrics:`. */
  readonly dryRunMetrics?: string;
  /** The git revision the SLO diff compares with; unset: the merge base with the default branch. */
  readonly diffBase?: string;
  /** A metric history for replays, used instead of each policy's `history:`. */
  readonly replayHistory?: string;
}

export const DEFAULT_SETTINGS: Settings = { levels: {}, baselineSeverity: 'hint' };

export interface SettingsContext {
  /** Workspace folders as file-system paths; relative paths resolve against the first. */
  readonly folders: readonly string[];
  /** In an untrusted workspace, settings may not point at files outside the workspace folders. */
  readonly trusted: boolean;
}

/**
 * Reads the `safetySpecs` configuration section. A bad entry is ignored (the rest still applies)
 * and explained in one sentence among `problems`.
 */
export function readSettings(raw: unknown, context: SettingsContext): { settings: Settings; problems: string[] } {
  const section = isRecord(raw) ? raw : {};
  const problems: string[] = [];
  const levels = readLevels(section.rules, problems);
  const configPath = readPath('configPath', section.configPath, context, problems);
  const baseline = readPath('baseline', section.baseline, context, problems);
  const dryRunMetrics = readPath('dryRun.metrics', isRecord(section.dryRun) ? section.dryRun.metrics : undefined, context, problems);
  const diffBase = readRevision(isRecord(section.diff) ? section.diff.base : undefined, problems);
  const replayHistory = readPath('replay.history', isRecord(section.replay) ? section.replay.history : undefined, context, problems);
  let baselineSeverity: BaselineSeverity = 'hint';
  if (BASELINE_SEVERITIES.includes(section.baselineSeverity as BaselineSeverity)) baselineSeverity = section.baselineSeverity as BaselineSeverity;
  else if (section.baselineSeverity != null) problems.push(`safetySpecs.baselineSeverity must be one of ${BASELINE_SEVERITIES.join(', ')}, not ${JSON.stringify(section.baselineSeverity)}; using "hint".`);
  return { settings: { levels, baselineSeverity, ...(configPath ? { configPath } : {}), ...(baseline ? { baseline } : {}), ...(dryRunMetrics ? { dryRunMetrics } : {}), ...(diffBase ? { diffBase } : {}), ...(replayHistory ? { replayHistory } : {}) }, problems };
}

function readLevels(rules: unknown, problems: string[]): RuleLevels {
  if (rules == null) return {};
  if (!isRecord(rules)) {
    problems.push('safetySpecs.rules must be an object of rule id to level (error, warning, info or off); ignored.');
    return {};
  }
  const levels: Partial<Record<RuleId, Level>> = {};
  for (const [id, level] of Object.entries(rules)) {
    const meta = RULE_BY_ID.get(id as RuleId);
    if (!meta) {
      const guess = didYouMean(id, RULE_METAS.map((m) => m.id));
      problems.push(`safetySpecs.rules: unknown rule "${id}"${guess ? ` (did you mean "${guess}"?)` : ''}; ignored.`);
    } else if (!LEVELS.includes(level as Level)) {
      problems.push(`safetySpecs.rules: "${id}" must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)}; ignored.`);
    } else if (downgradesNeverEvent(meta, level as Level)) {
      problems.push(`safetySpecs.rules: "${id}" guards never events, so it cannot be turned off or downgraded; ignored.`);
    } else {
      levels[meta.id] = level as Level;
    }
  }
  return levels;
}

/** An absolute path for a path setting, or undefined (with a problem when it was set but unusable). */
function readPath(name: string, value: unknown, context: SettingsContext, problems: string[]): string | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value !== 'string') {
    problems.push(`safetySpecs.${name} must be a path; ignored.`);
    return undefined;
  }
  const [first] = context.folders;
  if (!isAbsolute(value) && !first) {
    problems.push(`safetySpecs.${name} "${value}" is relative to the first workspace folder, but no folder is open; ignored.`);
    return undefined;
  }
  const path = resolve(first ?? '', value);
  if (!context.trusted && workspacePath(path, context.folders) === undefined) {
    problems.push(`safetySpecs.${name} "${value}" is outside the workspace folders, which an untrusted workspace may not read; ignored.`);
    return undefined;
  }
  return path;
}

/** A revision name as given: git judges it when the base is resolved, and the diff's code lens shows why it fails. */
function readRevision(value: unknown, problems: string[]): string | undefined {
  if (value == null || value === '') return undefined;
  if (typeof value === 'string') return value;
  problems.push('safetySpecs.diff.base must be a git revision name (a string); using the default base.');
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
