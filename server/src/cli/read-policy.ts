import { readFileSync, realpathSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_POLICY_BYTES } from '../engine';
import type { Notice } from './format/report';
import { walkPolicyFiles, type WalkOptions } from './walk';

/** Past this we do not even read the file; below it, the engine's file/too-large rule explains. */
const READ_LIMIT = 16 * MAX_POLICY_BYTES;

/** `--no-ignore`, for the commands that walk folders: `values['no-ignore']`. */
export const WALK_FLAGS = { 'no-ignore': { type: 'boolean' } } as const satisfies ParseArgsConfig['options'];
export const WALK_HELP = [
  '  --no-ignore          check every policy file in the folders walked: .gitignore files and the',
  '                       config files\' ignore: globs do not apply (node_modules and .git are still skipped)',
];

export type Input = { readonly path: string; readonly document: TextDocument } | { readonly path: string; readonly error: string };

/**
 * Expands the paths given on the command line into policy files, each read or with a clear error, and notices
 * about what the folder walks left out. A file named explicitly is checked whatever its name and ignore rules.
 */
export function collectInputs(paths: readonly string[], options: WalkOptions = {}): { inputs: Input[]; notices: Notice[] } {
  const inputs: Input[] = [];
  const notices: Notice[] = [];
  const seen = new Set<string>();
  // A file reached twice (named, inside a named folder, or through another symlink) is checked once.
  const once = (file: string) => {
    const key = realpathSync(file);
    if (!seen.has(key)) {
      seen.add(key);
      inputs.push(readInput(file));
    }
  };
  const noticed = new Set<string>();
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      inputs.push({ path, error: describeIoError(e, 'no such file or folder') });
      continue;
    }
    if (!stat.isDirectory()) {
      once(path);
      continue;
    }
    let walked;
    try {
      walked = walkPolicyFiles(path, options);
    } catch (e) {
      inputs.push({ path, error: describeIoError(e, 'cannot read') });
      continue;
    }
    if (walked.files.length === 0) inputs.push({ path, error: 'no policy files in this folder (looked for safety-slos.yaml, safety-slos.yml and *.safety-slos.yaml)' });
    walked.files.forEach(once);
    // Overlapping folders on the command line meet the same loop twice: report it once.
    for (const notice of walked.notices) {
      const shown = { path: shownPath(notice.path), message: notice.message };
      const key = `${shown.path}\0${shown.message}`;
      if (!noticed.has(key)) {
        noticed.add(key);
        notices.push(shown);
      }
    }
  }
  return { inputs, notices };
}

/** Relative to the folder the CLI runs in, as every report path. */
const shownPath = (path: string) => relative(process.cwd(), path) || path;

/** One file read as a policy (or config) document, or the error that keeps it from being read. */
export function readInput(path: string): Input {
  const shown = shownPath(path);
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { path: shown, error: 'not a regular file' };
    if (stat.size > READ_LIMIT) {
      return { path: shown, error: `file is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; policy files are limited to ${MAX_POLICY_BYTES / 1024 / 1024} MiB` };
    }
    const bytes = readFileSync(path);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { path: shown, error: 'not UTF-8 text (is it a binary file?)' };
    }
    // Editors drop a byte-order mark before the server sees the text; do the same so findings match.
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { path: shown, document: TextDocument.create(pathToFileURL(path).href, 'yaml', 1, text) };
  } catch (e) {
    return { path: shown, error: describeIoError(e, 'cannot read') };
  }
}

function describeIoError(e: unknown, fallback: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot read: permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return `${fallback}${code ? ` (${code})` : ''}`;
}
