import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseNote } from '../note/parse';
import { parsePolicy, stringOf, type PolicyFile } from '../policy/parse';
import type { Finding } from '../types';
import { analyzeDiff } from './analyze-diff';
import { sloDiff } from './slo-diff';
import type { NoteVersion, SloDiff } from './types';

/** Test helpers only: nothing in the engine imports this file. */

/** A model's policy files by path, with their text. */
export type Version = Readonly<Record<string, string>>;

/** Notes by path, as the head has them, with their status against the base. */
export type Notes = Readonly<Record<string, { readonly text: string; readonly status: NoteVersion['status'] }>>;

export const uriOf = (path: string) => `file:///repo/${path}`;

export function files(version: Version): PolicyFile[] {
  return Object.entries(version).map(([path, text]) => parsePolicy(TextDocument.create(uriOf(path), 'yaml', 1, text)));
}

/** The diff of two versions of a model's policy files (by path), with notes as the head has them. */
export function diffOf(before: Version, after: Version, notes: Notes = {}, base = 'main'): SloDiff {
  return diffOfFiles(files(before), files(after), notes, base);
}

/** The same, over parsed files; the model is named by the first `model:` of either version, as the CLI does. */
export function diffOfFiles(before: readonly PolicyFile[], after: readonly PolicyFile[], notes: Notes = {}, base = 'main'): SloDiff {
  const model = [...after, ...before].map((f) => stringOf(f.root?.fields.get('model')?.value)).find((m) => m !== undefined);
  return sloDiff({
    base,
    ...(model ? { model } : {}),
    before,
    after,
    notes: Object.entries(notes).map(([path, n]) => ({ uri: uriOf(path), note: parseNote(TextDocument.create(uriOf(path), 'markdown', 1, n.text)), status: n.status })),
  });
}

/** The diff rules' findings on the head version, each with the path of its file. */
export function diffFindings(before: Version, after: Version, notes: Notes = {}): (Finding & { readonly path: string })[] {
  const head = files(after);
  return [...analyzeDiff(diffOfFiles(files(before), head, notes), head)].flatMap(([uri, findings]) => findings.map((f) => ({ ...f, path: uri.replace(uriOf(''), '') })));
}

/** `class kind name: field class, field class` per change, for compact assertions. */
export function summaryOf(diff: SloDiff): string[] {
  return diff.changes.map((c) => `${c.class} ${c.kind} ${c.subject} ${c.oldName ? `${c.oldName}->` : ''}${c.name}: ${c.aspects.map((a) => `${a.field} ${a.class}`).join(', ')}`);
}
