// Files at a commit, read from git's object store: never the worktree, never through filters or textconv.
import { assertRevision, unknownRevision } from './revision';
import { GitError, git } from './run';

/** Every file path at `commit` (symlinks included, submodules not), repo-relative and '/'-separated. */
export async function listFilesAt(root: string, commit: string): Promise<string[]> {
  assertRevision(commit);
  const out = await git(root, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', commit]);
  const files: string[] = [];
  // Each entry is "<mode> <type> <object>\t<path>"; submodules have type "commit".
  for (const entry of out.toString('utf8').split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab >= 0 && entry.slice(0, tab).split(' ')[1] === 'blob') files.push(entry.slice(tab + 1));
  }
  return files;
}

/**
 * A path `<commit>:<path>` reads as given: one line of `cat-file --batch` input (no newline, no trailing CR,
 * which git strips), and no `.`/`..` segment (git resolves those against the folder it runs in).
 */
const isRepoPath = (path: string): boolean =>
  !/[\0\n]|\r$/.test(path) && path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');

/**
 * The contents (utf8) of `paths` at `commit`; paths that are not files there are absent. One `git cat-file
 * --batch` process reads them all; symlinks within the tree are followed, as reading the worktree would.
 */
export async function readFilesAt(root: string, commit: string, paths: readonly string[]): Promise<Map<string, string>> {
  assertRevision(commit);
  const wanted = [...new Set(paths)].filter(isRepoPath);
  // The commit itself comes first, so an unknown commit fails instead of reading as "every file missing".
  const names = [`${commit}^{commit}`, ...wanted.map((path) => `${commit}:${path}`)];
  const out = await git(root, ['cat-file', '--batch', '--follow-symlinks'], names.map((name) => `${name}\n`).join(''));
  const [self, ...objects] = parseBatch(out, names.length);
  if (self === undefined) throw new GitError(unknownRevision(commit));
  const files = new Map<string, string>();
  objects.forEach((object, i) => {
    if (object?.type === 'blob') files.set(wanted[i], object.content.toString('utf8'));
  });
  return files;
}

interface BatchObject {
  readonly type: string;
  readonly content: Buffer;
}

/** An object's header: "<object> <type> <size>". */
const OBJECT_HEADER = /^[0-9a-f]+ (\S+) (\d+)$/;
/** What `--follow-symlinks` prints instead for a link it cannot follow: "<kind> <size>", then the name. */
const LINK_HEADER = /^(?:symlink|dangling|loop|notdir) (\d+)$/;

/**
 * Splits `cat-file --batch` output into one entry per input line: undefined for a missing name. Sizes count
 * bytes, so the output is cut as a Buffer and decoded per object.
 */
function parseBatch(out: Buffer, count: number): (BatchObject | undefined)[] {
  const objects: (BatchObject | undefined)[] = [];
  let at = 0;
  while (objects.length < count) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) throw malformed();
    const header = out.toString('utf8', at, eol);
    at = eol + 1;
    const object = OBJECT_HEADER.exec(header);
    const size = object?.[2] ?? LINK_HEADER.exec(header)?.[1];
    // Anything else is "<name> missing" (or "ambiguous"), a line with no content after it.
    if (size === undefined) {
      objects.push(undefined);
      continue;
    }
    const end = at + Number(size);
    if (out[end] !== 0x0a) throw malformed();
    objects.push(object ? { type: object[1], content: out.subarray(at, end) } : undefined);
    at = end + 1;
  }
  return objects;
}

const malformed = (): GitError => new GitError('git cat-file printed output that could not be read');
