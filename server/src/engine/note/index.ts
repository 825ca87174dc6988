import type { TextDocument } from 'vscode-languageserver-textdocument';
import { byPosition, guard, toFinding } from '../analyze';
import { RULES } from '../rules/catalog';
import { DEFAULT_MAX_WORDS } from '../rules/note/length';
import type { Finding, Report } from '../types';
import { parseNote, type DeliberationNote } from './parse';

export { isNoteFileName } from '../folder/file-names';
export { parseNote, type ActionItem, type DeliberationNote, type Mention, type Reviewer } from './parse';
export { NOTE_SECTIONS, type NoteSectionRole } from './sections';

export interface NoteOptions {
  /** `YYYY-MM-DD`: the day the note's dates are judged against (see `today()` in reporting/settle.ts). */
  readonly today: string;
  /** The word count above which note/length reports (default 800). */
  readonly maxWords?: number;
}

/** A deliberation note's own findings (the `note/*` rules), at their default severities. Pure: same text and options, same findings. */
export function analyzeNote(document: TextDocument, options: NoteOptions): { note: DeliberationNote; findings: Finding[] } {
  const note = parseNote(document);
  const findings: Finding[] = [];
  const { today, maxWords = DEFAULT_MAX_WORDS } = options;
  for (const rule of RULES) {
    if (rule.kind !== 'note') continue;
    const report = (r: Report) => findings.push(toFinding(rule, r, document, undefined));
    guard(rule, () => rule.check({ note, document, today, maxWords, report }), (message) => report({ message, range: note.top }));
  }
  return { note, findings: findings.sort(byPosition) };
}
