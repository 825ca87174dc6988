import { strict as assert } from 'node:assert';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';
import { parsePolicy } from '../policy/parse';
import { documentSymbols } from './symbols';
import { doc, range } from '../testing';

const TEXT = `# Policy.
version: 1
model: claims-triage
actions:
  notify_ts:
    severity: page
    description: Page the on-call.
slos:
  - name: ood_recall_7d
    objective: "Detect distribution shift before harm."
    target: ">= 0.90"
    window: 7d
    action_on_breach: notify_ts
  - objective: "No name yet."
    target: 0.5
`;

const symbolsOf = (text: string) => documentSymbols(parsePolicy(doc(text)));

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

describe('features/symbols', () => {
  it('lists the top-level keys with their kinds and scalar details', () => {
    const symbols = symbolsOf(TEXT);
    assert.deepEqual(symbols.map((s) => [s.name, s.kind, s.detail]), [
      ['version', SymbolKind.Number, '1'],
      ['model', SymbolKind.String, 'claims-triage'],
      ['actions', SymbolKind.Object, undefined],
      ['slos', SymbolKind.Array, undefined],
    ]);
    assert.deepEqual(symbols[1].range, range(2, 0, 2, 20));
    assert.deepEqual(symbols[1].selectionRange, range(2, 0, 2, 5));
  });

  it('has one child per SLO, named by its name or position, with target, window and action', () => {
    const slos = symbolsOf(TEXT).find((s) => s.name === 'slos');
    assert.deepEqual(slos?.children?.map((c) => [c.name, c.detail, c.kind]), [
      ['ood_recall_7d', '>= 0.90 over 7d → notify_ts', SymbolKind.Object],
      ['SLO #2', '0.5 over ? → ?', SymbolKind.Object],
    ]);
    const first = slos!.children![0];
    assert.deepEqual(first.selectionRange, range(8, 10, 8, 23));
    assert.deepEqual(first.range.start, { line: 8, character: 4 });
  });

  it('has one child per custom action, with its rank', () => {
    const actions = symbolsOf(TEXT).find((s) => s.name === 'actions');
    assert.deepEqual(actions?.children?.map((c) => [c.name, c.detail, c.kind]), [['notify_ts', 'ranks with page', SymbolKind.Function]]);
    assert.deepEqual(actions!.children![0].selectionRange, range(4, 2, 4, 11));
  });

  it('nests ranges as the protocol requires: selection inside range, children inside parents', () => {
    const check = (symbol: DocumentSymbol, parent?: DocumentSymbol) => {
      assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selectionRange outside range`);
      if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name}: outside ${parent.name}`);
      for (const child of symbol.children ?? []) check(child, symbol);
    };
    for (const s of symbolsOf(TEXT)) check(s);
  });

  it('has one child per gate and per scenario, named by its name or position, with what it reads and expects', () => {
    const text = `${TEXT}gates:
  - name: release
    require: [slo_diff_green]
  - name: canary_10pct
    slos: [ood_recall_7d, decision_ece]
    on_missing_data: ignore
  - slos: all
scenarios:
  - name: launch_week_ood_spike
    metrics: { ood_recall_7d: 0.84 }
    expect: degrade_to_safe_mode
  - name: healthy_canary
    gate: canary_10pct
    metrics: { ood_recall_7d: 0.95 }
    expect: pass
  - metrics: {}
`;
    const symbols = symbolsOf(text);
    const gates = symbols.find((s) => s.name === 'gates');
    assert.deepEqual(gates?.children?.map((c) => [c.name, c.detail, c.kind]), [
      ['release', 'all SLOs + slo_diff_green; missing data: block', SymbolKind.Event],
      ['canary_10pct', 'ood_recall_7d, decision_ece; missing data: ignore', SymbolKind.Event],
      ['Gate #3', 'all SLOs; missing data: block', SymbolKind.Event],
    ]);
    assert.deepEqual(gates!.children![0].selectionRange, range(16, 10, 16, 17));
    assert.deepEqual(gates!.children![2].selectionRange, gates!.children![2].range);
    const scenarios = symbols.find((s) => s.name === 'scenarios');
    assert.deepEqual(scenarios?.children?.map((c) => [c.name, c.detail, c.kind]), [
      ['launch_week_ood_spike', 'expect degrade_to_safe_mode', SymbolKind.Method],
      ['healthy_canary', 'expect pass (gate canary_10pct)', SymbolKind.Method],
      ['Scenario #3', 'expect ?', SymbolKind.Method],
    ]);
    assert.deepEqual(scenarios!.children![1].selectionRange, range(26, 10, 26, 24));
    assert.deepEqual(scenarios!.children![1].range, { start: { line: 26, character: 4 }, end: { line: 30, character: 0 } });
    const check = (symbol: DocumentSymbol, parent?: DocumentSymbol) => {
      assert.ok(contains(symbol.range, symbol.selectionRange), `${symbol.name}: selectionRange outside range`);
      if (parent) assert.ok(contains(parent.range, symbol.range), `${symbol.name}: outside ${parent.name}`);
      for (const child of symbol.children ?? []) check(child, symbol);
    };
    for (const s of symbols) check(s);
  });

  it('gives an outline for broken YAML and nothing for a root that is not a map', () => {
    assert.deepEqual(symbolsOf('version: 1\nslos:\n  - name: a\n    target: >= 0.9\n').map((s) => s.name), ['version', 'slos']);
    assert.deepEqual(symbolsOf('- a\n- b\n'), []);
    assert.deepEqual(symbolsOf(''), []);
  });
});
