import { readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bounds on the initial scan, so a huge repository cannot stall the server. */
export const MAX_SCANNED_FILES = 5000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);

/** Whether `path` is a file the scan would find: under one of `folders`, outside the skipped folders. */
export function inWorkspace(path: string, folders: readonly string[]): boolean {
  return folders.some((folder) => !!within(folder, path)?.slice(0, -1).every((segment) => !SKIPPED_FOLDERS.has(segment)));
}

/** The workspace-relative path of `path`, with `/` separators (as a baseline records it), or undefined outside the folders. */
export function workspacePath(path: string, folders: readonly string[]): string | undefined {
  for (const folder of folders) {
    const segments = within(folder, path);
    if (segments) return segments.join('/');
  }
  return undefined;
}

/** The path segments of `path` below `folder`, or undefined when it is not below it. */
function within(folder: string, path: string): string[] | undefined {
  const rel = relative(folder, path);
  return rel && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`) ? rel.split(sep) : undefined;
}

/**
 * The files under `folders` that are `wanted` (by path), at most MAX_SCANNED_FILES. The walk is
 * asynchronous, so requests are answered while a large tree is read.
 */
export async function findFiles(folders: readonly string[], wanted: (path: string) => boolean): Promise<{ paths: string[]; truncated: boolean }> {
  const paths: string[] = [];
  const pending = [...folders];
  while (pending.length) {
    const folder = pending.shift()!;
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing to index there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) pending.push(path);
      else if (entry.isFile() && wanted(path)) {
        if (paths.length === MAX_SCANNED_FILES) return { paths, truncated: true };
        paths.push(path);
      }
    }
  }
  return { paths, truncated: false };
}

/**
 * Runs `each` over `items` a chunk at a time, yielding to the event loop between chunks so that
 * requests and notifications are served meanwhile; `progress` after each chunk.
 */
export async function inChunks<T>(items: readonly T[], each: (item: T) => void, progress: (done: number) => void, chunkSize = 50): Promise<void> {
  for (let start = 0; start < items.length; start += chunkSize) {
    for (const item of items.slice(start, start + chunkSize)) each(item);
    progress(Math.min(start + chunkSize, items.length));
    await nextTurn();
  }
}
