import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isPolicyFileName, MAX_POLICY_BYTES } from '../engine';

/** Past this we do not even read the file; below it, the engine's file/too-large rule explains. */
const READ_LIMIT = 16 * MAX_POLICY_BYTES;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn']);

export type Input = { readonly path: string; readonly document: TextDocument } | { readonly path: string; readonly error: string };

/** Expands the paths given on the command line into policy files, each read or with a clear error. */
export function collectInputs(paths: readonly string[]): Input[] {
  const inputs: Input[] = [];
  const seen = new Set<string>();
  // A file reached twice (named, and inside a named folder) is checked once.
  const once = (input: Input) => {
    const key = 'document' in input ? input.document.uri : `error:${input.path}`;
    if (!seen.has(key)) {
      seen.add(key);
      inputs.push(input);
    }
  };
  for (const path of paths) {
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      inputs.push({ path, error: describeIoError(e, 'no such file or folder') });
      continue;
    }
    if (stat.isDirectory()) {
      const found = walk(path);
      if (found.length === 0) inputs.push({ path, error: 'no policy files in this folder (looked for safety-slos.yaml, safety-slos.yml and *.safety-slos.yaml)' });
      for (const file of found) once(read(file));
    } else {
      once(read(path)); // named explicitly: checked as a policy whatever its name
    }
  }
  return inputs;
}

function walk(folder: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) files.push(...walk(path));
    else if (entry.isFile() && isPolicyFileName(entry.name)) files.push(path);
  }
  return files;
}

function read(path: string): Input {
  const shown = relative(process.cwd(), path) || path;
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
