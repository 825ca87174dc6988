import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Notice } from './format/report';
import { GitIgnore } from './gitignore';
import { walkedKind } from './spec-kind';

/** Never policy folders, and often huge: skipped even with --no-ignore. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export interface WalkOptions {
  /** Walk everything: neither .gitignore files nor `isIgnored` apply. */
  readonly noIgnore?: boolean;
  /** Files to leave out besides the .gitignore'd ones (the config files' `ignore:` globs), by absolute path. */
  readonly isIgnored?: (absolutePath: string) => boolean;
}

export interface Walked {
  /**
   * Absolute paths of the spec files found (policy files, model cards and deliberation notes by their names,
   * and README.md files, which may be model cards), in name order (a file linked twice is here twice).
   */
  readonly files: readonly string[];
  /** What was not walked and why (symlink loops, dangling symlinks, unreadable folders), with absolute paths. */
  readonly notices: readonly Notice[];
}

/**
 * The spec files under `folder` (see `Walked.files`), following symlinks: a folder already on the way down is
 * a loop and is reported, not entered; a folder reached again through another link is walked once. Throws only
 * when `folder` itself cannot be read.
 */
export function walkPolicyFiles(folder: string, options: WalkOptions = {}): Walked {
  const top = resolve(folder);
  const files: string[] = [];
  const notices: Notice[] = [];
  const seenFolders = new Set<string>();
  const ignored = (path: string, isFolder: boolean, rules: GitIgnore | undefined) =>
    !!rules?.ignores(path, isFolder) || (!isFolder && !options.noIgnore && !!options.isIgnored?.(path));

  const visit = (path: string, real: string, descent: ReadonlySet<string>, rules: GitIgnore | undefined, entries: readonly Dirent[]) => {
    seenFolders.add(real);
    const below = new Set(descent).add(real);
    for (const entry of [...entries].sort((a, b) => a.name.localeCompare(b.name))) {
      const child = join(path, entry.name);
      const kind = kindOf(entry, child, notices);
      if (kind === 'folder' && !SKIPPED_FOLDERS.has(entry.name) && !ignored(child, true, rules)) {
        const childReal = realpathSync(child);
        if (below.has(childReal)) notices.push({ path: child, message: 'symlink loop, not followed' });
        else if (!seenFolders.has(childReal)) {
          const childEntries = readFolder(child, notices);
          if (childEntries) visit(child, childReal, below, rules?.enter(child, notices), childEntries);
        }
      } else if (kind === 'file' && walkedKind(child) && !ignored(child, false, rules)) {
        files.push(child);
      }
    }
  };

  const entries = readdirSync(top, { withFileTypes: true });
  visit(top, realpathSync(top), new Set(), options.noIgnore ? undefined : GitIgnore.forWalk(top, notices), entries);
  return { files, notices };
}

/** What an entry is once symlinks are followed; a dangling or looping link is reported and skipped. */
function kindOf(entry: Dirent, path: string, notices: Notice[]): 'folder' | 'file' | 'other' {
  if (entry.isDirectory()) return 'folder';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  let target: Stats;
  try {
    target = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ELOOP: links that point at each other, never reaching a file or folder.
    notices.push({ path, message: code === 'ELOOP' ? 'symlink loop, not followed' : code === 'ENOENT' ? 'dangling symlink, not followed' : `cannot follow symlink (${code})` });
    return 'other';
  }
  return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
}

/** A folder's entries, or a notice and none when it cannot be read: the rest of the walk goes on. */
function readFolder(path: string, notices: Notice[]): Dirent[] | undefined {
  try {
    return readdirSync(path, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    notices.push({ path, message: `cannot read folder: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code}` });
    return undefined;
  }
}
