import { readFileSync, realpathSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CARD_FILE_NAMES, MAX_POLICY_BYTES } from '../engine';
import type { Notice } from './format/report';
import { isMarkdownPath, namedKind, walkedKind, type MarkdownKind, type SpecKind } from './spec-kind';
import { walkPolicyFiles, type WalkOptions } from './walk';

/** Past this we do not even read the file; below it, the engine's file/too-large rule explains. */
const READ_LIMIT = 16 * MAX_POLICY_BYTES;

/** `--no-ignore`, for the commands that walk folders: `values['no-ignore']`. */
export const WALK_FLAGS = { 'no-ignore': { type: 'boolean' } } as const satisfies ParseArgsConfig['options'];
export const WALK_HELP = [
  '  --no-ignore          check every policy file, card and note in the folders walked: .gitignore files and the',
  '                       config files\' ignore: globs do not apply (node_modules and .git are still skipped)',
];

/** A file read as a document, or the error that keeps it from being read. */
export type ReadFile = { readonly path: string; readonly document: TextDocument } | { readonly path: string; readonly error: string };

/** A file to check, read, with what it is checked as; or a path that cannot be checked, and why. */
export type Input = { readonly path: string; readonly document: TextDocument; readonly kind: SpecKind } | { readonly path: string; readonly error: string };

/** A README.md found or named: a model card only where its model folder makes it one. */
export interface Readme {
  readonly path: string;
  /** Named on the command line: the user is told when it is not a card. */
  readonly named: boolean;
}

export interface CollectOptions extends WalkOptions {
  /** `--markdown-as`: every `.md` file named on the command line is checked as this kind. */
  readonly markdownAs?: MarkdownKind;
}

/**
 * Expands the paths given on the command line into spec files (policy files, model cards, deliberation notes),
 * each read or with a clear error, the READMEs that may be model cards (read when their folder is a model
 * folder), and notices about what the folder walks left out. A file named explicitly is checked whatever its
 * name and ignore rules, except a `.md` file, whose kind its name (or `--markdown-as`) must say.
 */
export function collectInputs(paths: readonly string[], options: CollectOptions = {}): { inputs: Input[]; readmes: Readme[]; notices: Notice[] } {
  const inputs: Input[] = [];
  const readmes: Readme[] = [];
  const notices: Notice[] = [];
  const seen = new Set<string>();
  // A file reached twice (named, inside a named folder, or through another symlink) is checked once.
  const once = (file: string, kind: SpecKind | 'readme', named: boolean) => {
    const key = realpathSync(file);
    if (seen.has(key)) return;
    seen.add(key);
    if (kind === 'readme') readmes.push({ path: resolve(file), named });
    else inputs.push(withKind(readInput(file), kind));
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
      const kind = namedKind(path, options.markdownAs);
      if (typeof kind === 'object') inputs.push({ path: shownPath(path), error: kind.error });
      else once(path, kind, true);
      continue;
    }
    let walked;
    try {
      walked = walkPolicyFiles(path, options);
    } catch (e) {
      inputs.push({ path, error: describeIoError(e, 'cannot read') });
      continue;
    }
    const found = walked.files.map((file) => ({ file, kind: walkedKind(file)! }));
    // A README alone is a project's README: the folder holds nothing to check.
    if (found.every((f) => f.kind === 'readme')) inputs.push({ path, error: NOTHING_TO_CHECK });
    for (const { file, kind } of found) once(file, kind, false);
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
  return { inputs, readmes, notices };
}

const NOTHING_TO_CHECK =
  'no policy files in this folder (looked for safety-slos.yaml, safety-slos.yml and *.safety-slos.yaml), and no model ' +
  `card or deliberation note (${CARD_FILE_NAMES.join(', ')}, deliberation-note.md, deliberation-notes/*.md)`;

const withKind = (read: ReadFile, kind: SpecKind): Input => ('error' in read ? read : { ...read, kind });

/** Relative to the folder the CLI runs in, as every report path. */
export const shownPath = (path: string) => relative(process.cwd(), path) || path;

/** One file read as a document (Markdown for `.md` files, else YAML), or the error that keeps it from being read. */
export function readInput(path: string): ReadFile {
  const shown = shownPath(path);
  const markdown = isMarkdownPath(path);
  // Policy files have a finding for being too large (file/too-large); Markdown files are refused here.
  const limit = markdown ? MAX_POLICY_BYTES : READ_LIMIT;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { path: shown, error: 'not a regular file' };
    if (stat.size > limit) {
      const kind = markdown ? 'model cards and deliberation notes' : 'policy files';
      return { path: shown, error: `file is ${(stat.size / 1024 / 1024).toFixed(1)} MiB; ${kind} are limited to ${MAX_POLICY_BYTES / 1024 / 1024} MiB` };
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
    return { path: shown, document: TextDocument.create(pathToFileURL(path).href, markdown ? 'markdown' : 'yaml', 1, text) };
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
