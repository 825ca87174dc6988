import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modelFolder } from '../engine';
import type { SloDiff } from '../engine/diff';
import { diffModels, headModel, loadBaseVersions, type BaseVersions } from '../diff';
import { findRepo, GitError, resolveBase } from '../git';
import type { Model } from './dry-run-inputs';
import { UsageError } from './errors';
import type { SpecFiles } from './spec-files';

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

/** Each model's diff against the base, plus models deleted since the base under the paths asked about. */
export function cliDiffs(base: BaseVersions, models: readonly Model[], lookup: SpecFiles, paths: readonly string[]): SloDiff[] {
  const roots = (paths.length ? paths : ['.']).map((p) => resolve(p));
  const within = (uri: string) => {
    const path = fileURLToPath(uri);
    return roots.some((r) => path === r || path.startsWith(r.endsWith(sep) ? r : r + sep));
  };
  const heads = models.map((m) => {
    const folders = [...new Set(m.files.map((f) => dirname(fileURLToPath(f.document.uri))))].flatMap((folder) => modelFolder(folder, lookup) ?? []);
    return headModel(m.files, folders);
  });
  return diffModels(base, heads, within);
}
