import type { ListItem } from 'mdast';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { descendants, findSection, plainText, rangeOfNode, type Section } from '../../markdown/parse';
import { NEVER_EVENT_HEADINGS, neverEvents } from '../../rules/card/never-events';
import { contains, neverEventIdSites } from './sites';
import { markdownOf, type MarkdownSpec } from './spec';

/**
 * The outline: the heading tree, with one child per never event under a card's "Never events" section
 * and one per action under a note's decision sections, so both can be found by name.
 */
export function markdownSymbols(spec: MarkdownSpec): DocumentSymbol[] {
  const md = markdownOf(spec);
  const roots: DocumentSymbol[] = [];
  const open: { readonly depth: number; readonly symbol: DocumentSymbol }[] = [];
  const bySection = new Map<Section, DocumentSymbol>();
  for (const section of md.sections) {
    // An outline name must not be empty: `#` alone is a heading with no text.
    const symbol: DocumentSymbol = { name: section.title || '(empty heading)', kind: SymbolKind.String, range: section.range, selectionRange: section.heading, children: [] };
    while (open.length && open.at(-1)!.depth >= section.depth) open.pop();
    (open.at(-1)?.symbol.children ?? roots).push(symbol);
    open.push({ depth: section.depth, symbol });
    bySection.set(section, symbol);
  }
  for (const { section, symbol } of itemSymbols(spec)) {
    const parent = bySection.get(section)!;
    parent.children = [...parent.children!, symbol].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  return roots;
}

function itemSymbols(spec: MarkdownSpec): { readonly section: Section; readonly symbol: DocumentSymbol }[] {
  if (spec.kind === 'card') {
    const section = findSection(spec.card, NEVER_EVENT_HEADINGS);
    if (!section) return [];
    return neverEvents(spec.card).map((event) => {
      // The id is selected when the item writes it; a front-matter or slug id selects the whole item.
      const id = neverEventIdSites(spec.card, event).find((site) => contains(event.range, site.range.start));
      return { section, symbol: { name: event.id, detail: event.text, kind: SymbolKind.Event, range: event.range, selectionRange: id?.range ?? event.range } };
    });
  }
  const { markdown } = spec.note;
  const items = [...descendants(markdown.tree)].filter((n): n is ListItem => n.type === 'listItem');
  return spec.note.actions.map((action) => {
    const item = items.find((n) => {
      const { start } = rangeOfNode(markdown.document, n);
      return start.line === action.range.start.line && start.character === action.range.start.character;
    });
    const first = item?.children[0];
    const name = (first ? plainText(first) : markdown.document.getText(action.range)).split('\n')[0]!.trim() || '(empty action)';
    return { section: action.section, symbol: { name, detail: action.owner ?? 'no owner', kind: SymbolKind.Function, range: action.range, selectionRange: action.range } };
  });
}
