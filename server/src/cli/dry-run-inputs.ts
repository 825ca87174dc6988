import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyzeFile, DEFAULT_MAX_WORDS, dryRuns, groupByModel, modelFolder, modelName, modelNote, today, type PolicyFile } from '../engine';
import { ConfigFiles } from './config';
import { UsageError } from './errors';
import type { Notice } from './format/report';
import { relativePath } from './format/paths';
import { collectInputs, readInput, shownPath } from './read-policy';
import { SpecFiles } from './spec-files';

/** One model's policy files (as `groupByModel` groups them, in URI order): what a dry run evaluates. */
export interface Model {
  /** Its `model:`, or the path of its one file. */
  readonly name: string;
  readonly files: readonly PolicyFile[];
}

export interface FoundModels {
  readonly models: readonly Model[];
  /** Why a path cannot be dry-run (unreadable, not YAML): one `path[:line:col]: message` line each. Without any, there is a model. */
  readonly problems: readonly string[];
  readonly notices: readonly Notice[];
  /** The spec files read, answering the model folders' lookups (the deliberation note). */
  readonly lookup: SpecFiles;
}

export interface FindOptions {
  readonly config?: string;
  readonly noIgnore: boolean;
  /** No policy file is an answer, not a usage error: diff reports the policies deleted since its base. */
  readonly noneIsFine?: boolean;
}

/**
 * The models under `paths`, walked as `check` walks them (ignore files and config `ignore:` globs apply unless
 * `noIgnore`). A policy that does not parse is a problem, not a model: a gate never decides on half a policy.
 */
export function findModels(paths: readonly string[], options: FindOptions): FoundModels {
  const configs = new ConfigFiles(options.config);
  const collected = collectInputs(paths.length ? paths : ['.'], { noIgnore: options.noIgnore, isIgnored: (path) => configs.settingsFor(path).ignored });
  const day = today();
  const lookup = new SpecFiles(() => ({ today: day, maxWords: DEFAULT_MAX_WORDS }));
  const problems: string[] = [];
  const files: PolicyFile[] = [];
  for (const input of collected.inputs) {
    if ('error' in input) {
      problems.push(`${input.path}: ${input.error}`);
      continue;
    }
    if (input.kind !== 'policy') continue;
    const { file, findings } = analyzeFile(input.document);
    const broken = findings.filter((f) => f.rule === 'yaml/syntax' || f.rule.startsWith('file/'));
    problems.push(...broken.map((f) => `${located(input.path, f.range)}: ${f.message} (${f.rule}; a dry run needs a policy that parses)`));
    if (!file || broken.length) continue;
    lookup.addPolicy(resolve(input.path), input, file);
    files.push(file);
  }
  const models = modelsOf(files);
  if (!models.length && !problems.length && !options.noneIsFine) throw new UsageError(`no policy files in ${(paths.length ? paths : ['.']).join(', ')}.`);
  return { models, problems, notices: collected.notices, lookup };
}

/** Policy files grouped by model (`model:`, else each file its own), each model's files in URI order. */
export function modelsOf(files: readonly PolicyFile[]): Model[] {
  return groupByModel(files).map((group): Model => {
    const sorted = dryRuns.sortedFiles(group);
    return { name: modelName(sorted[0]!) ?? relativePath(sorted[0]!.document.uri), files: sorted };
  });
}

/**
 * What a gate's requirements need beyond the metrics: the model's SLO diff when one was asked for (or why there
 * is none), and the newest deliberation note of the model's folder, `null` when the folder has none. A policy
 * outside a model folder (no `safety-slos.yaml` beside it) leaves the note unknown.
 */
export function requirementFacts(model: Model, lookup: SpecFiles, diff?: dryRuns.RequirementFacts['diff']): dryRuns.RequirementFacts {
  const facts = diff ? { diff } : {};
  const folders = [...new Set(model.files.map((f) => dirname(fileURLToPath(f.document.uri))))].flatMap((folder) => modelFolder(folder, lookup) ?? []);
  if (!folders.length) return facts;
  const note = folders.map(modelNote).find((n) => n !== undefined);
  return { ...facts, deliberationNote: note ? { uri: pathToFileURL(note.path).href } : null };
}

/** The metric values a model's gates read, or every problem that keeps them from being used. */
export type Snapshot = { readonly values: dryRuns.MetricValues } | { readonly problems: readonly string[] };

/** Snapshot files by absolute path: read and parsed once, however many models name them. */
export type SnapshotCache = Map<string, Snapshot>;

/**
 * The snapshot of `model`: the `--metrics` file when given, else what its policy's `metrics:` says (a file relative
 * to that policy, or an inline map). A URL is refused (dry runs never fetch), and so is a snapshot with any problem,
 * even one about a key no gate reads: a broken evaluation output is not trusted in part.
 */
export function loadSnapshot(model: Model, override: string | undefined, cache: SnapshotCache): Snapshot {
  if (override !== undefined) return snapshotFile(resolve(override), cache);
  const source = dryRuns.policySnapshot(model.files);
  switch (source.kind) {
    case 'file':
      return snapshotFile(resolve(dirname(fileURLToPath(source.policyUri)), source.path), cache);
    case 'inline':
      return checked(source.values);
    case 'url':
      return { problems: [`${siteLine(source.site)}: metrics: ${source.url}: a snapshot is a local file; dry runs never fetch one. Download it and name the file (or pass --metrics FILE).`] };
    case 'none': {
      const where = relativePath(model.files[0]!.document.uri);
      return { problems: [`${where}: model ${model.name} has gates but no metrics to decide them on: pass --metrics FILE, or name a snapshot in the policy (metrics: ./eval/latest.json).`] };
    }
  }
}

function snapshotFile(path: string, cache: SnapshotCache): Snapshot {
  let snapshot = cache.get(path);
  if (!snapshot) {
    const read = readInput(path);
    snapshot = 'error' in read ? { problems: [`${read.path}: ${read.error}`] } : checked(dryRuns.parseSnapshot(read.document, shownPath(path)));
    cache.set(path, snapshot);
  }
  return snapshot;
}

function checked(values: dryRuns.MetricValues): Snapshot {
  return values.problems.length ? { problems: values.problems.map((p) => `${siteLine(p.site)}: ${p.message}`) } : { values };
}

/** `path:line:col` (1-based, path relative to where the CLI runs) of a place in a file. */
export function siteLine(site: dryRuns.Site): string {
  return located(relativePath(site.uri), site.range);
}

function located(path: string, range: dryRuns.Site['range']): string {
  return `${path}:${range.start.line + 1}:${range.start.character + 1}`;
}
