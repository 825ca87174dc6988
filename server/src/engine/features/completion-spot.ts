import type { Position, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/** Where the cursor is: on a key's value (and what of it is typed), or where a key of some map goes. */
export type CompletionSpot =
  | { readonly on: 'value'; readonly path: readonly (string | number)[]; readonly typed: Range; readonly quoted: boolean }
  | { readonly on: 'key'; readonly path: readonly (string | number)[]; readonly present: ReadonlySet<string> };

/** The completion context at `position` of any YAML document, read from the line and the indentation above. */
export function completionSpot(document: TextDocument, position: Position): CompletionSpot | undefined {
  const line = document.getText({ start: { line: position.line, character: 0 }, end: position });
  const value = /^(\s*)(-\s+)?([A-Za-z_][\w/-]*)\s*:\s+(["']?)([^"'#]*)$/.exec(line);
  if (value) {
    const [, indent, dash, key, quote, typed] = value;
    const path = [...containerPath(document, position.line, indent.length + (dash?.length ?? 0), !!dash), key];
    const start = { line: position.line, character: position.character - typed.length };
    return { on: 'value', path, typed: { start, end: position }, quoted: !!quote };
  }
  const key = /^(\s*)(-\s+)?([A-Za-z_][\w/-]*)?$/.exec(line);
  if (!key) return undefined;
  const [, indent, dash] = key;
  const column = indent.length + (dash?.length ?? 0);
  return { on: 'key', path: containerPath(document, position.line, column, !!dash), present: siblingKeys(document, position.line, column, !!dash) };
}

const ITEM = 0;

/** The data path of the map whose keys start at `column` on `line`, read from the lines above. */
function containerPath(document: TextDocument, line: number, column: number, startsItem: boolean): (string | number)[] {
  const path: (string | number)[] = startsItem ? [ITEM] : [];
  let current = startsItem ? column - 2 : column;
  for (let l = line - 1; l >= 0 && current > 0; l--) {
    const text = lineText(document, l);
    const m = /^(\s*)(-\s+)?([A-Za-z_][\w/-]*\s*:)?/.exec(text);
    if (!m || text.trim() === '' || text.trim().startsWith('#')) continue;
    const indent = m[1].length;
    const contentColumn = indent + (m[2]?.length ?? 0);
    if (m[2] && contentColumn === current && indent < current) {
      path.unshift(ITEM);
      current = indent;
    } else if (indent < current && m[3] && !m[2]) {
      path.unshift(m[3].replace(/\s*:$/, ''));
      current = indent;
    } else if (indent < current && m[2] && m[3]) {
      // `- key:` above us, less indented: we are inside that key's value, in a list item.
      path.unshift(ITEM, m[3].replace(/\s*:$/, ''));
      current = indent;
    }
  }
  return path;
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
}

/** Keys already written in the map at `column` around `line`, so completion offers only the rest. */
function siblingKeys(document: TextDocument, line: number, column: number, startsItem: boolean): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: number) => {
    for (let l = from; l >= 0 && l < document.lineCount; l += step) {
      const text = lineText(document, l);
      if (text.trim() === '' || text.trim().startsWith('#')) continue;
      const m = /^(\s*)(-\s+)?([A-Za-z_][\w/-]*)\s*:/.exec(text);
      const indent = /^\s*/.exec(text)![0].length;
      const contentColumn = indent + (m?.[2]?.length ?? 0);
      if (contentColumn < column || (m?.[2] && step > 0 && contentColumn === column)) return;
      if (m && contentColumn === column) keys.add(m[3]);
      if (m?.[2] && contentColumn === column) return; // the first key of this list item
    }
  };
  if (!startsItem) scan(line - 1, -1); // on `- ` the lines above belong to the previous item
  scan(line + 1, 1);
  return keys;
}
