import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { Notice } from './format/report';

/** Git compares names case-insensitively where the file system does (`core.ignorecase`, set by `git init`). */
const IGNORE_CASE = process.platform === 'darwin' || process.platform === 'win32';

/**
 * The .gitignore rules in force in one folder of a walk, as git applies them: `.git/info/exclude`, then each
 * `.gitignore` from the repository's root down to this folder, deeper files and later lines winning. Every file's
 * patterns are rebased onto one top folder and kept in one `ignore` matcher: a matcher excludes the files of a
 * folder it excludes by its own rules alone, so with one matcher per file, `build*` at the root would hide all of
 * `sub/build2/` although `sub/.gitignore` brings that folder back with `!build2/`.
 */
export class GitIgnore {
  private constructor(
    /** What the patterns are relative to: the repository's root, or the walked folder outside a repository. */
    private readonly top: string,
    private readonly matcher: Ignore,
  ) {}

  /**
   * The rules for the entries of `folder` (absolute), which is about to be walked. In a repository these come
   * from its root down, never from above it; outside one, from `folder` down. A folder named on the command line
   * is walked even if it is itself ignored: then only the .gitignore files inside it apply.
   */
  static forWalk(folder: string, notices: Notice[]): GitIgnore {
    const root = repositoryRoot(folder);
    if (!root) return GitIgnore.startingAt(folder, notices);
    let rules = GitIgnore.startingAt(root, notices);
    for (let at = root; at !== folder; ) {
      at = join(at, relative(at, folder).split(sep)[0]);
      if (rules.ignores(at, true)) return GitIgnore.startingAt(folder, notices);
      rules = rules.enter(at, notices);
    }
    return rules;
  }

  /** The rules for the entries of `folder`, a subfolder just entered: these plus its own .gitignore. */
  enter(folder: string, notices: Notice[]): GitIgnore {
    // A repository inside the walk (a submodule, a clone) has rules of its own, as in git.
    return existsSync(join(folder, '.git')) ? GitIgnore.startingAt(folder, notices) : this.withRulesOf(folder, notices);
  }

  /** Whether `path` (absolute, inside the walked folder) is ignored. */
  ignores(path: string, isFolder: boolean): boolean {
    return this.matcher.ignores(relative(this.top, path).split(sep).join('/') + (isFolder ? '/' : ''));
  }

  /** These rules, then those of the .gitignore in `folder`. */
  private withRulesOf(folder: string, notices: Notice[]): GitIgnore {
    const patterns = readPatterns(join(folder, '.gitignore'), notices);
    if (!patterns.length) return this;
    const prefix = relative(this.top, folder).split(sep).map(escapeGlob).join('/');
    return new GitIgnore(this.top, newMatcher().add(this.matcher).add(patterns.map((p) => rebase(p, prefix))));
  }

  /** The rules from `root` down: its repository's info/exclude if it is a repository's root, then its .gitignore. */
  private static startingAt(root: string, notices: Notice[]): GitIgnore {
    const gitDir = gitDirOf(root);
    const exclude = gitDir ? readPatterns(join(gitDir, 'info', 'exclude'), notices) : [];
    return new GitIgnore(root, newMatcher().add(exclude)).withRulesOf(root, notices);
  }
}

const newMatcher = () => ignore({ ignoreCase: IGNORE_CASE });

/** The nearest folder from `folder` up that holds `.git` (a folder, or a file in submodules and worktrees). */
function repositoryRoot(folder: string): string | undefined {
  for (let at = folder; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return undefined;
  }
}

/** Where info/exclude lives: `.git`, or the folder a `.git` file points to (`gitdir:`), or that one's common folder. */
function gitDirOf(root: string): string | undefined {
  const dotGit = join(root, '.git');
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!pointer) return undefined;
    const gitDir = resolve(root, pointer[1]);
    const common = join(gitDir, 'commondir');
    return existsSync(common) ? resolve(gitDir, readFileSync(common, 'utf8').trim()) : gitDir;
  } catch {
    return undefined; // an unreadable .git: no info/exclude, as git itself would fail here
  }
}

/** The pattern lines of an ignore file; none when there is no such file, a notice when it cannot be read. */
function readPatterns(path: string, notices: Notice[]): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EISDIR') {
      notices.push({ path, message: `cannot read${code === 'EACCES' || code === 'EPERM' ? ': permission denied' : ` (${code})`}; its rules are not applied` });
    }
    return [];
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/**
 * A pattern of the .gitignore in `prefix` (relative to the top folder) made relative to the top folder. A slash
 * before its end anchors a pattern to its own folder; without one it matches at any depth below that folder.
 */
function rebase(pattern: string, prefix: string): string {
  if (!prefix) return pattern;
  const negated = pattern.startsWith('!');
  const body = negated ? pattern.slice(1) : pattern;
  const anchored = body.trimEnd().replace(/\/$/, '').includes('/');
  return `${negated ? '!' : ''}${prefix}/${anchored ? body.replace(/^\//, '') : `**/${body}`}`;
}

/** A folder name as a literal in a pattern. */
const escapeGlob = (name: string) => name.replace(/[\\*?[\]!#]/g, '\\$&');
