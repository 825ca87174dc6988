import { existsSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { modelFolder } from '../engine';
import type { SloDiff } from '../engine/diff';
import { diffModel, diffModels, headModel, loadBaseVersions, type BaseVersions, type HeadModel } from '../diff';
import { checkRevision, findRepo, GitError, isHeadFallback, NO_DEFAULT_BRANCH, resolveBase } from '../git';
import type { Model } from './dry-run-inputs';
import { UsageError } from './errors';
import type { SpecFiles } from './spec-files';

/** `--base REV`, for the commands that compare with a git revision (diff, gate): `values.base`. */
export const BASE_FLAG = { base: { type: 'string' } } as const satisfies ParseArgsConfig['options'];
export const BASE_HELP = [
  '  --base REV           the git revision to compare with (a branch, tag or commit). Default: the merge base',
  '                       of HEAD with the default branch (origin/HEAD, else main, else master), else HEAD',
];

/** The `--base` given, or undefined; a name git must not see (`-x` would be read as an option) is a usage error. */
export function baseOption(values: Record<string, unknown>): string | undefined {
  const rev = values.base as string | undefined;
  const problem = rev === undefined ? undefined : checkRevision(rev);
  if (problem !== undefined) throw new UsageError(`--base: ${problem}.`);
  return rev;
}

/** The base every model of a run is compared with, read once. */
export async function cliBase(paths: readonly string[], rev: string | undefined): Promise<BaseVersions> {
  const start = resolve(paths[0] ?? '.');
  try {
    const root = await findRepo(start);
    if (!root) throw new UsageError(`${paths[0] ?? '.'} is not in a git repository: the SLO diff compares the policy with a git revision.`);
    return await loadBaseVersions(root, await resolveBase(root, rev));
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * The base a gate's diff requirements read. An explicit `--base` must be readable (else exit 2, as for diff);
 * the default one may not be (not a git repository, no commits yet, no default branch): the requirements then
 * say why and block.
 */
export async function gateBase(paths: readonly string[], rev: string | undefined): Promise<BaseVersions | { readonly error: string }> {
  try {
    const base = await cliBase(paths, rev);
    // HEAD against itself would make slo_diff_green pass on nothing: not evaluated, so the gate blocks.
    return isHeadFallback(rev, base.base) ? { error: `${NO_DEFAULT_BRANCH}.` } : base;
  } catch (e) {
    if (rev === undefined && e instanceof UsageError) return { error: e.message };
    throw e;
  }
}

/** Each model's diff against the base, then models deleted since the base under the paths asked about. */
export function cliDiffs(base: BaseVersions, models: readonly Model[], lookup: SpecFiles, paths: readonly string[]): SloDiff[] {
  const roots = (paths.length ? paths : ['.']).map((p) => resolve(p));
  const within = (uri: string) => {
    const path = fileURLToPath(uri);
    return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
  };
  return diffModels(narrowedBase(base, models), models.map((m) => head(m, lookup)), within);
}

/** One model's diff against the base: `base` as `narrowedBase` gives it for the run's models. */
export function modelDiff(base: BaseVersions, model: Model, lookup: SpecFiles): SloDiff {
  return diffModel(base, head(model, lookup));
}

/**
 * The base's policies that the run's files stand for: those it read, and those deleted since. Checking one file
 * of a model (a pre-commit hook) must not read its other files as removed, nor a file left out of the run (too
 * large, ignored) its SLOs. Once per run: each base file not in the run costs a look at the disk.
 */
export function narrowedBase(base: BaseVersions, models: readonly Model[]): BaseVersions {
  const inRun = new Set(models.flatMap((m) => m.files.map((f) => f.document.uri)));
  return { ...base, policies: base.policies.filter((f) => inRun.has(f.document.uri) || !existsSync(fileURLToPath(f.document.uri))) };
}

function head(model: Model, lookup: SpecFiles): HeadModel {
  const folders = [...new Set(model.files.map((f) => dirname(fileURLToPath(f.document.uri))))].flatMap((folder) => modelFolder(folder, lookup) ?? []);
  return headModel(model.files, folders);
}
