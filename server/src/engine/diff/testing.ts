import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseNote } from '../note/parse';
import { parsePolicy } from '../policy/parse';
import { sloDiff } from './slo-diff';
import type { NoteVersion, SloDiff } from './types';

/** Test helpers only: nothing in the engine imports this file. */

export type Version = Readonly<Record<string, string>>;

const uri = (path: string) => `file:///repo/${path}`;

function files(version: Version) {
  return Object.entries(version).map(([path, text]) => parsePolicy(TextDocument.create(uri(path), 'yaml', 1, text)));
}

/** The diff of two versions of a model's policy files (by path), with notes as the head has them. */
export function diffOf(before: Version, after: Version, notes: Readonly<Record<string, { text: string; status: NoteVersion['status'] }>> = {}): SloDiff {
  return sloDiff({
    base: 'main',
    before: files(before),
    after: files(after),
    notes: Object.entries(notes).map(([path, n]) => ({ uri: uri(path), note: parseNote(TextDocument.create(uri(path), 'markdown', 1, n.text)), status: n.status })),
  });
}

/** `class kind name: field class, field class` per change, for compact assertions. */
export function summaryOf(diff: SloDiff): string[] {
  return diff.changes.map((c) => `${c.class} ${c.kind} ${c.subject} ${c.oldName ? `${c.oldName}->` : ''}${c.name}: ${c.aspects.map((a) => `${a.field} ${a.class}`).join(', ')}`);
}
