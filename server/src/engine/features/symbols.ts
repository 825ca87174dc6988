import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { gateViews, scenarioViews } from '../dry-run/views';
import { rangeOf, scalarText, type MapView, type PolicyFile } from '../policy/parse';

/** The outline: top-level keys, with one child per SLO, gate and scenario (named by its name) and per custom action. */
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
        const field = (k: string) => scalarText(document, slo.fields.get(k)?.value) ?? '?';
        const detail = `${field('target')} over ${field('window')} → ${field('action_on_breach')}`;
        return itemSymbol(document, slo, slo.name || `SLO #${slo.index + 1}`, detail, SymbolKind.Object);
      });
    } else if (key === 'gates') {
      symbol.children = gateViews(file).map((gate) => {
        const slos = gate.slos.kind === 'all' ? 'all SLOs' : gate.slos.names.map((n) => n.name).join(', ');
        const require = gate.require.length ? ` + ${gate.require.map((r) => r.name).join(', ')}` : '';
        const detail = `${slos}${require}; missing data: ${gate.onMissingData}`;
        return itemSymbol(document, gate, gate.name?.name ?? `Gate #${gate.index + 1}`, detail, SymbolKind.Event);
      });
    } else if (key === 'scenarios') {
      symbol.children = scenarioViews(file).map((scenario) => {
        const detail = `expect ${scenario.expect?.name ?? '?'}${scenario.gate ? ` (gate ${scenario.gate.name})` : ''}`;
        return itemSymbol(document, scenario, scenario.name?.name ?? `Scenario #${scenario.index + 1}`, detail, SymbolKind.Method);
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

/** A list item named by its `name:` (selected), or by its position when it has none. */
function itemSymbol(document: TextDocument, item: MapView, name: string, detail: string, kind: SymbolKind): DocumentSymbol {
  const nameNode = item.fields.get('name')?.value;
  const range = rangeOf(document, item.node);
  return { name, detail, kind, range, selectionRange: nameNode?.range ? rangeOf(document, nameNode) : range };
}

function kindOf(value: Node | null): SymbolKind {
  if (isSeq(value)) return SymbolKind.Array;
  if (isMap(value)) return SymbolKind.Object;
  if (isScalar(value) && typeof value.value === 'number') return SymbolKind.Number;
  return SymbolKind.String;
}
