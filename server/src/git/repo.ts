import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { gitFailure, runGit } from './run';

/** Failures that mean "not inside a worktree" (also inside `.git` or a bare repository), not a broken git. */
const OUTSIDE_WORKTREE = /not a git repository|must be run in a work tree/;

/** The folder git should start from: the path itself when it is a folder, else its parent; undefined when gone. */
async function startFolder(path: string): Promise<string | undefined> {
  for (const candidate of [path, dirname(path)]) {
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isDirectory()) return candidate;
  }
  return undefined;
}

/**
 * The absolute root of the worktree holding `path` (a file or a folder), or undefined when it is in none.
 * GitError when git is missing or refuses the repository (e.g. one owned by another user).
 */
export async function findRepo(path: string): Promise<string | undefined> {
  const cwd = await startFolder(path);
  if (cwd === undefined) return undefined;
  const { code, stdout, stderr } = await runGit(cwd, ['rev-parse', '--show-toplevel']);
  if (code === 0) return stdout.toString('utf8').replace(/\n$/, '');
  if (OUTSIDE_WORKTREE.test(stderr)) return undefined;
  throw gitFailure(stderr, 'rev-parse');
}
