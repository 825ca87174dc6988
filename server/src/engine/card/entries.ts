import type { List, ListItem, RootContent, TableCell, TableRow } from 'mdast';
import { findSection, plainText, type Section } from '../markdown/parse';
import type { Report } from '../types';
import { cardStart } from './locate';
import type { ModelCard } from './model-card';

/** One thing a section lists: a list item (its nested lists apart), or a table row with its table's header. */
export type Entry =
  | { readonly kind: 'item'; readonly node: ListItem; readonly text: string; readonly nested: readonly List[] }
  | { readonly kind: 'row'; readonly node: TableRow; readonly text: string; readonly header: readonly string[]; readonly cells: readonly string[] };

/** The items of a section's lists and the body rows of its tables, in document order. */
export function entriesOf(nodes: readonly RootContent[]): Entry[] {
  return nodes.flatMap((node): Entry[] => {
    if (node.type === 'list') return node.children.map(itemEntry);
    if (node.type !== 'table') return [];
    const [head, ...rows] = node.children;
    const header = head ? cellTexts(head.children) : [];
    return rows.map((row) => {
      const cells = cellTexts(row.children);
      return { kind: 'row', node: row, text: cells.filter(Boolean).join(' | '), header, cells };
    });
  });
}

function itemEntry(node: ListItem): Entry {
  const own = node.children.filter((c) => c.type !== 'list');
  return { kind: 'item', node, text: own.map((c) => plainText(c).trim()).join(' '), nested: node.children.filter((c): c is List => c.type === 'list') };
}

function cellTexts(cells: readonly TableCell[]): string[] {
  return cells.map((c) => plainText(c).trim());
}

/**
 * The entries of a section the card must have (Proxies, Never events). When it is missing, that is reported on
 * the card's first heading; when it lists nothing, on its heading; either way there is nothing more to check.
 */
export function requiredEntries(
  card: ModelCard,
  headings: readonly RegExp[],
  report: (report: Report) => void,
  say: { readonly missing: string; readonly empty: (title: string) => string },
): { readonly section: Section; readonly entries: readonly Entry[] } | undefined {
  const section = findSection(card, headings);
  if (!section) {
    report({ message: say.missing, range: cardStart(card) });
    return undefined;
  }
  const entries = entriesOf(section.nodes);
  if (entries.length > 0) return { section, entries };
  report({ message: say.empty(section.title), range: section.heading });
  return undefined;
}
