import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseCard } from '../card/model-card';
import { parseNote } from '../note/parse';
import { parsePolicy } from '../policy/parse';
import type { Finding } from '../types';
import { analyzeFolder } from './analyze-folder';
import { modelFolder, type FolderLookup, type ModelFolder } from './model-folder';

/** Test helpers only: nothing in the engine imports this file. */

/** Where the in-memory files are: `folderOf` builds the model folder of this path. */
export const FOLDER = '/ws/model';

/** Files by path relative to FOLDER (`deliberation-notes/2026-01-02-x.md`), with their text. */
export type Files = Readonly<Record<string, string>>;

export function uriOf(path: string): string {
  return pathToFileURL(join(FOLDER, path)).href;
}

/** The path relative to FOLDER of a file's URI: `uriOf`'s inverse. */
export function pathOfUri(uri: string): string {
  return relative(FOLDER, fileURLToPath(uri)).split(sep).join('/');
}

/** A lookup over `files` as a disk would answer it: each file parsed once, as the kind asked for. */
export function lookupOf(files: Files): FolderLookup {
  const absolute = new Map(Object.entries(files).map(([path, text]) => [join(FOLDER, path), text]));
  const parsed = new Map<string, unknown>();
  const parse = <T>(path: string, language: string, as: (document: TextDocument) => T): T | undefined => {
    const text = absolute.get(path);
    if (text === undefined) return undefined;
    if (!parsed.has(path)) parsed.set(path, as(TextDocument.create(pathToFileURL(path).href, language, 1, text)));
    return parsed.get(path) as T;
  };
  return {
    list(folder) {
      const names = [...absolute.keys()].filter((p) => p.startsWith(folder + sep)).map((p) => relative(folder, p).split(sep)[0]!);
      return [...new Set(names)];
    },
    policy: (path) => parse(path, 'yaml', parsePolicy),
    card: (path) => parse(path, 'markdown', parseCard),
    note: (path) => parse(path, 'markdown', parseNote),
  };
}

/** The model folder of `files` at FOLDER; throws when they hold no `safety-slos.yaml`. */
export function folderOf(files: Files): ModelFolder {
  const folder = modelFolder(FOLDER, lookupOf(files));
  if (!folder) throw new Error(`no safety-slos.yaml among ${Object.keys(files).join(', ')}`);
  return folder;
}

/** The folder rules' findings for `files`, optionally of one rule, with the path (relative to FOLDER) each is on. */
export function folderFindings(files: Files, ruleId?: string): (Finding & { readonly path: string })[] {
  return [...analyzeFolder(folderOf(files))].flatMap(([uri, findings]) =>
    findings.filter((f) => !ruleId || f.rule === ruleId).map((f) => ({ ...f, path: pathOfUri(uri) })),
  );
}

/** Where a file of FOLDER is, for tests on paths the lookup resolves. */
export function pathOf(name: string): string {
  return join(FOLDER, name);
}
