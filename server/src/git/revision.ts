import { GitError, gitQuery } from './run';

const NO_COMMITS = 'the repository has no commits yet';

/** A revision to compare with: `label` is what users read ("main", "origin/main", "HEAD", or the name given). */
export interface Base {
  readonly label: string;
  /** The full hexadecimal object name of the commit. */
  readonly commit: string;
}

/**
 * Why `rev` cannot be passed to git, or undefined when it can. A name starting with `-` would be read as an
 * option; ranges (`..`) and paths (`:`) name something other than one commit.
 */
export function checkRevision(rev: string): string | undefined {
  if (rev === '') return 'the revision name is empty';
  // JSON quoting shows control characters escaped, so the message stays on one line.
  if (/[\s\p{Cc}]/u.test(rev)) return `the revision name ${JSON.stringify(rev)} contains whitespace or control characters`;
  if (rev.startsWith('-')) return `the revision name '${rev}' looks like an option: it must not start with '-'`;
  if (rev.includes('..')) return `'${rev}' is a range: give one revision`;
  if (rev.includes(':')) return `'${rev}' names a path (':'): give one revision`;
  return undefined;
}

export const unknownRevision = (rev: string): string => `unknown revision '${rev}'`;

/** Throws the GitError for a revision name git must not see. */
export function assertRevision(rev: string): void {
  const problem = checkRevision(rev);
  if (problem !== undefined) throw new GitError(problem);
}

/** The commit `rev` names (peeling tags), or undefined when there is none. */
function commitOf(root: string, rev: string): Promise<string | undefined> {
  return gitQuery(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]);
}

/** Where the default branch may be, in order: origin/HEAD's target, then main, then master, local first. */
async function defaultBranchRefs(root: string): Promise<string[]> {
  const originHead = await gitQuery(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  const refs = ['refs/heads/main', 'refs/remotes/origin/main', 'refs/heads/master', 'refs/remotes/origin/master'];
  return originHead === undefined ? refs : [originHead, ...refs.filter((ref) => ref !== originHead)];
}

/** `refs/heads/main` -> `main`, `refs/remotes/origin/main` -> `origin/main`. */
const shortName = (ref: string): string => ref.replace(/^refs\/(heads|remotes)\//, '');

/**
 * The default base fell back to HEAD (no default branch, as in a shallow CI checkout, or no history shared with
 * it): the diff compares HEAD with itself and sees only uncommitted edits, which callers must say.
 */
export function isHeadFallback(rev: string | undefined, base: Base): boolean {
  return rev === undefined && base.label === 'HEAD';
}

export const NO_DEFAULT_BRANCH =
  'no default branch (origin/HEAD, main, master) shares history with HEAD, so the SLO diff would compare HEAD with ' +
  'itself. In CI, fetch the base branch (actions/checkout with fetch-depth: 0) or pass --base REV';

/**
 * The base revision in the repository at `root`. An explicit `rev` is taken as given; by default, the merge base
 * of HEAD with the default branch, else HEAD itself (no default branch, or no history shared with it).
 */
export async function resolveBase(root: string, rev?: string): Promise<Base> {
  if (rev !== undefined) {
    assertRevision(rev);
    const commit = await commitOf(root, rev);
    if (commit !== undefined) return { label: rev, commit };
    throw new GitError((await commitOf(root, 'HEAD')) === undefined ? NO_COMMITS : unknownRevision(rev));
  }
  const head = await commitOf(root, 'HEAD');
  if (head === undefined) throw new GitError(NO_COMMITS);
  for (const ref of await defaultBranchRefs(root)) {
    const tip = await commitOf(root, ref);
    if (tip === undefined) continue;
    const commit = await gitQuery(root, ['merge-base', '--end-of-options', head, tip]);
    return commit === undefined ? { label: 'HEAD', commit: head } : { label: shortName(ref), commit };
  }
  return { label: 'HEAD', commit: head };
}
