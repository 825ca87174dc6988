import type { Position, Range } from 'vscode-languageserver-types';
import { rangeOfNode, type Section } from '../markdown/parse';
import type { ModelCard } from './model-card';

/** Where a finding about something missing from the whole card goes: its first heading, else its first block. */
export function cardStart(card: ModelCard): Range {
  const first = card.sections[0]?.heading;
  if (first) return first;
  const block = card.tree.children.find((n) => n.type !== 'yaml');
  if (block) return rangeOfNode(card.document, block);
  return card.frontMatter?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The innermost section around a position: its heading is the anchor of findings there. */
export function sectionAt(card: ModelCard, position: Position): Section | undefined {
  let found: Section | undefined;
  for (const section of card.sections) {
    if (after(section.range.start, position)) break;
    if (!after(position, section.range.end)) found = section;
  }
  return found;
}

function after(a: Position, b: Position): boolean {
  return a.line > b.line || (a.line === b.line && a.character > b.character);
}
