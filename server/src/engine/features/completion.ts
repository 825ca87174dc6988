import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import { COMMON_WINDOWS } from '../duration';
import { LADDER } from '../ladder';
import type { PolicyFile } from '../policy/parse';
import { actionNames, resolveAction } from '../policy/semantics';
import { POLICY_SCHEMA, schemaAt, summary, type SchemaNode } from '../schema';
import { COMPARATORS } from '../target';
import { completionSpot } from './completion-spot';
import { dryRunCompletion } from './dry-run-completion';

export { completionSpot, type CompletionSpot } from './completion-spot';

/**
 * Completion works on the text as typed, which is often not valid YAML yet, so the context (which
 * map the cursor is in, which key's value it is on) comes from indentation, and the choices from
 * the schema and the policy's own actions. `model` is every policy file of the file's model (gates and scenarios
 * name SLOs, gates and actions of any of them).
 */
export function completion(file: PolicyFile, position: Position, model: readonly PolicyFile[] = [file]): CompletionItem[] {
  const spot = completionSpot(file.document, position);
  // This parse of the file stands for any other copy of it the caller's model holds.
  const dryRun = dryRunCompletion(file, position, spot, [file, ...model.filter((f) => f.document.uri !== file.document.uri)]);
  if (dryRun) return dryRun;
  if (!spot) return [];
  return spot.on === 'key' ? keyItems(spot.path, spot.present) : replacingTyped(valueItems(file, spot.path, spot.quoted), spot.typed);
}

/** Value items replace what is typed of the value. */
export function replacingTyped(items: readonly CompletionItem[], typed: Range): CompletionItem[] {
  return items.map((item) => ({ ...item, textEdit: { range: typed, newText: item.insertText ?? item.label } }));
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
