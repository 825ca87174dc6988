import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { rangeOf, scalarText, type PolicyFile } from '../policy/parse';

/** The outline: top-level keys, with one child per SLO (named by its name) and per custom action. */
export function documentSymbols(file: PolicyFile): DocumentSymbol[] {
  const { document } = file;
  const root = file.root;
  if (!root) return [];
  const symbols: DocumentSymbol[] = [];
  for (const pair of root.node.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const value = pair.value as Node | null;
    const keyRange = rangeOf(document, pair.key);
    const range = { start: keyRange.start, end: value?.range ? rangeOf(document, value).end : keyRange.end };
    const symbol: DocumentSymbol = { name: key, kind: kindOf(value), range, selectionRange: keyRange, children: [] };
    if (key === 'slos') {
      symbol.children = file.slos.map((slo) => {
        const nameNode = slo.fields.get('name')?.value;
        const field = (k: string) => scalarText(document, slo.fields.get(k)?.value) ?? '?';
        const itemRange = rangeOf(document, slo.node);
        return {
          name: slo.name || `SLO #${slo.index + 1}`,
          detail: `${field('target')} over ${field('window')} → ${field('action_on_breach')}`,
          kind: SymbolKind.Object,
          range: itemRange,
          selectionRange: nameNode?.range ? rangeOf(document, nameNode) : itemRange,
        };
      });
    } else if (key === 'actions') {
      symbol.children = file.actions.map((action) => ({
        name: action.name,
        detail: `ranks with ${scalarText(document, action.fields.get('severity')?.value) ?? '?'}`,
        kind: SymbolKind.Function,
        range: { start: rangeOf(document, action.nameKey).start, end: rangeOf(document, action.node).end },
        selectionRange: rangeOf(document, action.nameKey),
      }));
    } else {
      symbol.detail = isScalar(value) ? (scalarText(document, value) ?? '') : undefined;
    }
    symbols.push(symbol);
  }
  return symbols;
}

function kindOf(value: Node | null): SymbolKind {
  if (isSeq(value)) return SymbolKind.Array;
  if (isMap(value)) return SymbolKind.Object;
  if (isScalar(value) && typeof value.value === 'number') return SymbolKind.Number;
  return SymbolKind.String;
}
