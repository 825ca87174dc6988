import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { COMMON_WINDOWS } from '../duration';
import { LADDER } from '../ladder';
import type { PolicyFile } from '../policy/parse';
import { actionNames, resolveAction } from '../policy/semantics';
import { POLICY_SCHEMA, schemaAt, summary, type SchemaNode } from '../schema';
import { COMPARATORS } from '../target';

/**
 * Completion works on the text as typed, which is often not valid YAML yet, so the context (which
 * map the cursor is in, which key's value it is on) comes from indentation, and the choices from
 * the schema and the policy's own actions.
 */
export function completion(file: PolicyFile, position: Position): CompletionItem[] {
  const spot = completionSpot(file.document, position);
  if (!spot) return [];
  return spot.on === 'key' ? keyItems(spot.path, spot.present) : replacingTyped(valueItems(file, spot.path, spot.quoted), spot.typed);
}

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

/** Value items replace what is typed of the value. */
export function replacingTyped(items: readonly CompletionItem[], typed: Range): CompletionItem[] {
  return items.map((item) => ({ ...item, textEdit: { range: typed, newText: item.insertText ?? item.label } }));
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

const VALUE_SNIPPETS: Record<string, string> = {
  target: '"${1|>=,<=,==,>,<,!=|} ${2:0.90}"',
  window: '"${1|7d,24h,1h,30m,28d,rolling|}"',
  action_on_breach: '${1|' + LADDER.join(',') + '|}',
  objective: '"${1:What this SLO protects, in one sentence.}"',
  name: '${1:slo_name}',
};

/** The keys a schema (the policy's by default) allows at `path`, but those already written; some with a snippet for their value. */
export function keyItems(
  path: readonly (string | number)[],
  present: ReadonlySet<string>,
  { root, snippets }: { readonly root: SchemaNode; readonly snippets: Readonly<Record<string, string>> } = { root: POLICY_SCHEMA, snippets: VALUE_SNIPPETS },
): CompletionItem[] {
  const schema = schemaAt(path, root);
  const properties = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return Object.entries(properties)
    .filter(([key]) => !present.has(key))
    .map(([key, written]) => {
      const property = schemaAt([...path, key], root) ?? written; // through its $ref
      const isRequired = required.has(key);
      const snippet = snippets[key];
      const block = ([] as string[]).concat(property.type ?? []).some((t) => t === 'array' || t === 'object');
      return {
        label: key,
        kind: CompletionItemKind.Property,
        detail: isRequired ? 'required' : 'optional',
        documentation: { kind: 'markdown', value: property.markdownDescription ?? property.description ?? '' },
        insertText: snippet ? `${key}: ${snippet}` : block ? `${key}:\n  ` : `${key}: `,
        insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        sortText: `${isRequired ? 0 : 1}${key}`,
      } satisfies CompletionItem;
    });
}

function valueItems(file: PolicyFile, path: readonly (string | number)[], quoted: boolean): CompletionItem[] {
  const key = path[path.length - 1];
  const inSlo = path[0] === 'slos' && path.length === 3;
  const inAction = path[0] === 'actions' && path.length === 3;
  if ((inSlo && key === 'action_on_breach') || (inAction && key === 'severity')) {
    const names = inSlo ? [...LADDER, ...actionNames(file)] : [...LADDER];
    return names.map((name) => {
      const resolved = resolveAction(file, name);
      return {
        label: name,
        kind: CompletionItemKind.EnumMember,
        detail: resolved ? `${resolved.custom ? `custom, ranks with ${resolved.ladder}; ` : ''}${resolved.rank + 1} of ${LADDER.length} on the ladder` : 'custom action',
        insertText: name,
        sortText: String(resolved?.rank ?? 9).padStart(2, '0'),
      };
    });
  }
  if (inSlo && key === 'window') {
    return COMMON_WINDOWS.map((w, i) => ({ label: w, kind: CompletionItemKind.Value, insertText: w, sortText: String(i) }));
  }
  if (inSlo && key === 'target') {
    // `>` and `<` start block scalars in plain YAML, so an unquoted target is inserted quoted.
    return COMPARATORS.map((c, i) => ({
      label: c,
      kind: CompletionItemKind.Operator,
      detail: summary(schemaAt(['slos', 0, 'target'])),
      insertText: quoted ? `${c} ` : `"${c} \${1:0.90}"`,
      insertTextFormat: quoted ? InsertTextFormat.PlainText : InsertTextFormat.Snippet,
      sortText: String(i),
    }));
  }
  const schema = schemaAt(path);
  const options = schema?.enum ?? (schema?.const !== undefined ? [schema.const] : []);
  return options.map((o) => ({ label: String(o), kind: CompletionItemKind.EnumMember, insertText: String(o) }));
}
