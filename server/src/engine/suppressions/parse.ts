import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { markdownComments, yamlComments, type Comment } from './comments';

/** A rule id as a suppression writes it, where it is written. */
export interface RuleRef {
  readonly id: string;
  readonly range: Range;
}

/**
 * One `safety-specs-ignore[-file] <rule>[, <rule>...]: <reason> [until YYYY-MM-DD]` comment, as written
 * (`# ...` in YAML, `<!-- ... -->` in Markdown): whether it is in force (reason, expiry, rules) is judged in validity.ts.
 */
export interface Suppression {
  /** The zero-based line it covers, or the whole file (`safety-specs-ignore-file`). */
  readonly target: { readonly line: number } | 'file';
  readonly rules: readonly RuleRef[];
  /** Undefined when none is written after a colon. */
  readonly reason?: string;
  /** The expiry as written (maybe not a valid date), and where. */
  readonly until?: { readonly date: string; readonly range: Range };
  /** The comment. */
  readonly range: Range;
  /** What removing it deletes: its whole lines when it is alone on them, else the comment and the blanks beside it. */
  readonly removal: Range;
}

/** The keyword, then a comma-separated rule list (same pattern as the TextMate grammar), then an optional colon. */
const DIRECTIVE = /^\s*safety-specs-ignore(-file)?(?![\w-])(?:[\t ]+([\w.-]+(?:\/[\w.-]+)*(?:[\t ]*,[\t ]*[\w.-]+(?:\/[\w.-]+)*)*))?[\t ]*(:)?/;
const RULE_ID = /[\w.-]+(?:\/[\w.-]+)*/g;
/** A trailing `until <date>`, bare, in brackets or in parentheses; anything date-like, so a wrong date is reported rather than read as reason. */
const UNTIL = /(?<![^\s:])[[(]?until[\t ]+(\d+(?:[-./]\d+)+)[\])]?\s*$/;

/**
 * Every suppression comment of a document: YAML comments in a policy or config file; in a Markdown file
 * (a model card, a deliberation note), HTML comments and the YAML comments of its front matter.
 */
export function parseSuppressions(document: TextDocument): Suppression[] {
  const text = document.getText();
  const comments = isMarkdown(document) ? markdownComments(document) : yamlComments(text);
  const placed = comments.map((comment) => placeOf(document, comment));
  const commentLines = new Set(placed.flatMap((p) => (p.alone ? lines(p.start.line, p.end.line) : [])));
  const suppressions: Suppression[] = [];
  comments.forEach((comment, i) => {
    const body = text.slice(comment.offset + comment.body.start, comment.offset + comment.body.end);
    const m = DIRECTIVE.exec(body);
    if (!m) return;
    const place = placed[i];
    const at = (index: number, length: number): Range => {
      const offset = comment.offset + comment.body.start + index;
      return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
    };
    const listStart = m[2] === undefined ? 0 : m[0].indexOf(m[2]);
    const rules = [...(m[2] ?? '').matchAll(RULE_ID)].map((r) => ({ id: r[0], range: at(listStart + r.index, r[0].length) }));
    // The reason is what follows the colon, up to the expiry; the expiry can only follow a colon too.
    const expiry = m[3] ? UNTIL.exec(body) : null;
    const reason = m[3] ? body.slice(m[0].length, expiry?.index).trim().replace(/\s*\n\s*/g, ' ') : '';
    suppressions.push({
      target: m[1] ? 'file' : { line: place.alone ? nextContentLine(document, place.end.line, commentLines) : place.start.line },
      rules,
      reason: reason || undefined,
      until: expiry ? { date: expiry[1], range: at(expiry.index + expiry[0].indexOf(expiry[1]), expiry[1].length) } : undefined,
      range: { start: place.start, end: place.end },
      removal: place.removal,
    });
  });
  return suppressions;
}

/** A model card or a deliberation note, by language or, for callers that do not set one, by extension. */
function isMarkdown(document: TextDocument): boolean {
  return document.languageId === 'markdown' || /\.md$/i.test(document.uri);
}

interface Place {
  readonly start: Range['start'];
  readonly end: Range['end'];
  /** Nothing but blanks before it on its first line and after it on its last. */
  readonly alone: boolean;
  readonly removal: Range;
}

function placeOf(document: TextDocument, comment: Comment): Place {
  const start = document.positionAt(comment.offset);
  const end = document.positionAt(comment.offset + comment.length);
  const before = document.getText({ start: { line: start.line, character: 0 }, end: start });
  const after = document.getText({ start: end, end: { line: end.line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const blanksBefore = before.length - before.trimEnd().length;
  const blanksAfter = after.length - after.trimStart().length;
  const alone = before.trim() === '' && after.trim() === '';
  let removal: Range;
  if (alone) removal = { start: { line: start.line, character: 0 }, end: document.positionAt(document.offsetAt({ line: end.line + 1, character: 0 })) };
  else if (after.trim() === '') removal = { start: document.positionAt(comment.offset - blanksBefore), end };
  else removal = { start, end: document.positionAt(comment.offset + comment.length + blanksAfter) };
  return { start, end, alone, removal };
}

function lines(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** The line a comment alone on its line(s) covers: the next one that is neither blank nor only a comment. */
function nextContentLine(document: TextDocument, line: number, commentLines: ReadonlySet<number>): number {
  let next = line + 1;
  const blank = (l: number) => document.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).trim() === '';
  while (next < document.lineCount && (commentLines.has(next) || blank(next))) next++;
  return next;
}
