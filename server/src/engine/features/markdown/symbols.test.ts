import { strict as assert } from 'node:assert';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { cardDocument } from '../../card/testing';
import { parseCard } from '../../card/model-card';
import { parseNote } from '../../note/parse';
import { noteDocument } from '../../note/testing';
import { range } from '../../testing';
import { markdownSymbols } from './symbols';
import { CARD, NOTE, rangeIn } from './testing';

const cardSymbols = (text: string) => markdownSymbols({ kind: 'card', card: parseCard(cardDocument(text)) });

/** The outline as nested [name, children] pairs. */
function tree(symbols: readonly DocumentSymbol[]): unknown[] {
  return symbols.map((s) => (s.children?.length ? [s.name, tree(s.children)] : s.name));
}

describe('features/markdown/symbols', () => {
  it('nests the headings by depth, each spanning its section and selecting its heading', () => {
    const symbols = cardSymbols(CARD);
    assert.deepEqual(tree(symbols), [['Claims triage', ['Proxies', ['Never events', ['NE-1', 'never-share-a-claimant-s-data-with-a-third-party', 'Details']]]]]);
    const neverEvents = symbols[0]!.children![1]!;
    assert.deepEqual([neverEvents.range, neverEvents.selectionRange, neverEvents.kind], [range(13, 0, 22, 32), range(13, 0, 13, 15), SymbolKind.String]);
  });

  it('lists each never event under its section by id, with its text, selecting an id written in the item', () => {
    const [explicit, slug] = cardSymbols(CARD)[0]!.children![1]!.children!;
    assert.deepEqual(explicit, { name: 'NE-1', detail: 'Never deny a claim without a human review.', kind: SymbolKind.Event, range: range(15, 0, 15, 51), selectionRange: rangeIn(CARD, 'NE-1') });
    assert.deepEqual([slug!.detail, slug!.selectionRange], ["Never share a claimant's data with a third party.", range(16, 0, 16, 51)]);
  });

  it('selects the id cell of a table row, and the whole item when the id is given in the front matter', () => {
    const table = '# Card\n\n## Never events\n\n| Id | Never event |\n| --- | --- |\n| PII-1 | Never leak PII. |\n';
    assert.deepEqual(cardSymbols(table)[0]!.children![0]!.children!.map((s) => [s.name, s.selectionRange]), [['PII-1', range(6, 2, 6, 7)]]);
    const declared = '---\nnever_events:\n  - { id: NE-7, text: Never leak PII. }\n---\n## Never events\n\n- Never leak PII.\n';
    assert.deepEqual(cardSymbols(declared)[0]!.children!.map((s) => [s.name, s.selectionRange]), [['NE-7', range(6, 0, 6, 17)]]);
  });

  it('puts skipped levels under the nearest shallower heading, and names an empty heading', () => {
    assert.deepEqual(tree(cardSymbols('# A\n\n### B\n\n## C\n\n##\n\n# D\n')), [['A', ['B', 'C', '(empty heading)']], 'D']);
  });

  it('lists each action of a note under its decision section, with its owner', () => {
    const symbols = markdownSymbols({ kind: 'note', note: parseNote(noteDocument(NOTE)) });
    const decision = symbols[0]!.children!.find((s) => s.name === 'Decision and actions')!;
    assert.deepEqual(
      decision.children!.map((s) => [s.name, s.detail, s.kind, s.range]),
      [
        ['raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)', '@sre-oncall', SymbolKind.Function, rangeIn(NOTE, '- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)')],
        ['brief support', 'no owner', SymbolKind.Function, rangeIn(NOTE, '- [ ] brief support')],
      ],
    );
  });

  it('keeps every range exact with CRLF line endings and a BOM', () => {
    const text = `\uFEFF${CARD.replace(/\n/g, '\r\n')}`;
    const symbols = cardSymbols(text);
    const neverEvents = symbols[0]!.children![1]!;
    assert.deepEqual(neverEvents.selectionRange, range(13, 0, 13, 15));
    assert.deepEqual(neverEvents.children![0]!.selectionRange, rangeIn(text, 'NE-1'));
    assert.deepEqual(neverEvents.children![0]!.range, range(15, 0, 15, 51));
  });
});
