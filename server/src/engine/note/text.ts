import type { Nodes, RootContent } from 'mdast';

/**
 * The prose of a node: its text and inline code, markup dropped, HTML (comments) left out; blocks and
 * inline pieces are joined with a space so words never run together across them.
 */
export function prose(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'html' || node.type === 'yaml' || !('children' in node)) return '';
  return node.children.map(prose).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * What a section says, piece by piece: each list item, each other block (paragraph, sub-heading, table,
 * quote, code block), as prose, with unfilled template placeholders (`{title of option 1}`, `[More Information Needed]`,
 * `TBD`, `...`) and blank pieces left out.
 */
export function statements(nodes: readonly RootContent[]): string[] {
  return nodes
    .flatMap((node) => (node.type === 'list' ? node.children.map(prose) : [node.type === 'code' ? node.value.trim() : prose(node)]))
    .filter((text) => text !== '' && !PLACEHOLDER.test(text));
}

const PLACEHOLDER = /^(?:\{[^}]*\}|\[[^\]]*\]|<[^>]*>|\.\.\.|…|tbd|tba|todo|-+)[.:]?$/i;

/** "None", "N/A", "No alternatives were considered": a statement that there is nothing to say. */
export function saysNone(text: string): boolean {
  const words = text.toLowerCase().replace(/[^\p{L}\p{N}\s]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return /^(?:none|n a|nothing|not applicable|no alternatives?|no other options?)(?: (?:were|was))?(?: (?:considered|found|identified|proposed|raised))?$/.test(words);
}

/** Words of prose: runs of letters and digits, with inner apostrophes, hyphens, dots or underscores (`don't`, `ood_recall_7d`, `v1.2`). */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’._-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}
