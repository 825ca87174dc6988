import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

/** A line of the document, without its line break (a line past the end is the document's last position). */
export function lineRange(document: TextDocument, line: number): Range {
  const start = document.positionAt(document.offsetAt({ line, character: 0 }));
  const text = document.getText({ start, end: { line: start.line + 1, character: 0 } });
  return { start, end: { line: start.line, character: start.character + text.replace(/\r?\n$/, '').length } };
}

/** The part of a range on its first line: findings on a multi-line item point at where it starts. */
export function firstLine(document: TextDocument, range: Range): Range {
  return range.end.line === range.start.line ? range : { start: range.start, end: lineRange(document, range.start.line).end };
}
