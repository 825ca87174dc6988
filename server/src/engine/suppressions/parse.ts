import { Parser } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

/** A rule id as a suppression writes it, where it is written. */
export interface RuleRef {
  readonly id: string;
  readonly range: Range;
}

/**
 * One `# safety-specs-ignore[-file] <rule>[, <rule>...]: <reason> [until YYYY-MM-DD]` comment, as written:
 * whether it is in force (reason, expiry, rules) is judged in validity.ts.
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
  /** What removing it deletes: its whole line when it is alone on it, else the comment and the blanks before it. */
  readonly removal: Range;
}

/** The keyword, then a comma-separated rule list (same pattern as the TextMate grammar), then an optional colon. */
const DIRECTIVE = /^#[\t ]*safety-specs-ignore(-file)?(?![\w-])(?:[\t ]+([\w.-]+(?:\/[\w.-]+)*(?:[\t ]*,[\t ]*[\w.-]+(?:\/[\w.-]+)*)*))?[\t ]*(:)?/;
const RULE_ID = /[\w.-]+(?:\/[\w.-]+)*/g;
/** A trailing `until <date>`, bare, in brackets or in parentheses; anything date-like, so a wrong date is reported rather than read as reason. */
const UNTIL = /(?<![^\t :])[[(]?until[\t ]+(\d+(?:[-./]\d+)+)[\])]?[\t ]*$/;

/** Every suppression comment of a document. Comments come from the YAML CST, so `#` in a string or block scalar is text. */
export function parseSuppressions(document: TextDocument): Suppression[] {
  const comments = commentsOf(document);
  const standalone = new Set(comments.filter((c) => c.alone).map((c) => c.line));
  const suppressions: Suppression[] = [];
  for (const comment of comments) {
    const m = DIRECTIVE.exec(comment.source);
    if (!m) continue;
    const at = (index: number, length: number): Range => ({ start: document.positionAt(comment.offset + index), end: document.positionAt(comment.offset + index + length) });
    const listStart = m[2] === undefined ? 0 : m[0].indexOf(m[2]);
    const rules = [...(m[2] ?? '').matchAll(RULE_ID)].map((r) => ({ id: r[0], range: at(listStart + r.index, r[0].length) }));
    // The reason is what follows the colon, up to the expiry; the expiry can only follow a colon too.
    const expiry = m[3] ? UNTIL.exec(comment.source) : null;
    const reason = m[3] ? comment.source.slice(m[0].length, expiry?.index).trim() : '';
    suppressions.push({
      target: m[1] ? 'file' : { line: comment.alone ? nextContentLine(document, comment.line, standalone) : comment.line },
      rules,
      reason: reason || undefined,
      until: expiry ? { date: expiry[1], range: at(expiry.index + expiry[0].indexOf(expiry[1]), expiry[1].length) } : undefined,
      range: at(0, comment.source.length),
      removal: comment.alone
        ? { start: { line: comment.line, character: 0 }, end: document.positionAt(document.offsetAt({ line: comment.line + 1, character: 0 })) }
        : { start: document.positionAt(comment.offset - comment.blanksBefore), end: at(comment.source.length, 0).end },
    });
  }
  return suppressions;
}

interface Comment {
  readonly source: string;
  readonly offset: number;
  readonly line: number;
  /** Nothing but blanks before it on its line. */
  readonly alone: boolean;
  /** How many spaces and tabs precede it on its line. */
  readonly blanksBefore: number;
}

function commentsOf(document: TextDocument): Comment[] {
  const text = document.getText();
  const tokens: { source: string; offset: number }[] = [];
  for (const token of new Parser().parse(text)) collectComments(token, tokens);
  return tokens.map(({ source, offset }) => {
    const position = document.positionAt(offset);
    const before = text.slice(offset - position.character, offset);
    const blanksBefore = before.length - before.trimEnd().length;
    return { source, offset, line: position.line, alone: blanksBefore === before.length, blanksBefore };
  });
}

/** Comment tokens sit in many places of the CST (item starts, separators, collection and document ends): walk it all. */
function collectComments(node: unknown, into: { source: string; offset: number }[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectComments(item, into);
  } else if (node && typeof node === 'object') {
    const token = node as { type?: unknown; source?: unknown; offset?: unknown };
    if (token.type === 'comment' && typeof token.source === 'string' && typeof token.offset === 'number') into.push({ source: token.source, offset: token.offset });
    else for (const value of Object.values(node)) collectComments(value, into);
  }
}

/** The line a comment alone on its line covers: the next one that is neither blank nor only a comment. */
function nextContentLine(document: TextDocument, line: number, commentLines: ReadonlySet<number>): number {
  let next = line + 1;
  const blank = (l: number) => document.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).trim() === '';
  while (next < document.lineCount && (commentLines.has(next) || blank(next))) next++;
  return next;
}
