import { resolve } from 'node:path';
import { loadBaseVersions, type BaseVersions } from '../diff';
import { checkRevision, findRepo, GitError, isHeadFallback, NO_DEFAULT_BRANCH, resolveBase, type Base } from '../git';
import { UsageError } from './errors';
import type { Notice } from './format/report';

/** `check --base REV` and `check --changed-since REV`, as given. */
export interface Revisions {
  readonly base?: string;
  readonly changedSince?: string;
}

/** What `check` compares with in git, resolved once per run. */
export interface CheckBases {
  /** The worktree root, as git names it. */
  readonly root: string;
  /** The SLO diff's base, read; absent when the run has no policy file to diff. */
  readonly diff?: BaseVersions;
  /** `--changed-since`: only findings about what changed since this commit are reported. */
  readonly since?: Base;
}

/**
 * The git revisions `check` compares with: `--base` (else `--changed-since`, else the merge base with the default
 * branch) for the SLO diff, read only when `diff` says there are policy files. Without a revision given, git is
 * optional: outside a repository the run goes on without a diff, and a git problem becomes a notice. A revision
 * given is a promise the user relies on: anything that keeps it from being used is a usage error (exit 2).
 */
export async function checkBases(paths: readonly string[], revisions: Revisions, diff: boolean): Promise<{ readonly bases?: CheckBases; readonly notice?: Notice }> {
  const given = [
    { flag: '--changed-since', rev: revisions.changedSince },
    { flag: '--base', rev: revisions.base },
  ].filter((g): g is { flag: string; rev: string } => g.rev !== undefined);
  for (const { flag, rev } of given) {
    const problem = checkRevision(rev);
    if (problem !== undefined) throw new UsageError(`${flag}: ${problem}.`);
  }
  const start = paths[0] ?? '.';
  try {
    const root = await findRepo(resolve(start));
    if (!root) {
      if (given.length) throw new UsageError(`${given.map((g) => g.flag).join(' and ')}: ${start} is not in a git repository.`);
      return {};
    }
    const named = (flag: string, rev: string | undefined) =>
      rev === undefined ? undefined : resolveBase(root, rev).catch((e: unknown) => Promise.reject(e instanceof GitError ? new UsageError(`${flag}: ${e.message}.`) : e));
    const since = await named('--changed-since', revisions.changedSince);
    const base = (await named('--base', revisions.base)) ?? (diff ? (since ?? (await resolveBase(root))) : undefined);
    const bases = { root, since, diff: diff && base ? await loadBaseVersions(root, base) : undefined };
    // A shallow CI checkout has no default branch: the diff would compare HEAD with itself and see nothing.
    const fellBack = revisions.changedSince === undefined && base !== undefined && isHeadFallback(revisions.base, base);
    return fellBack ? { bases, notice: { path: start, message: `${NO_DEFAULT_BRANCH}.` } } : { bases };
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    if (given.length) throw new UsageError(e.message);
    return { notice: { path: start, message: `the SLO diff (diff/* rules) was not checked: ${e.message}` } };
  }
}
