import { isScalar, isSeq, type Scalar } from 'yaml';
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type Position, type Range } from 'vscode-languageserver-types';
import type { ModelCard } from '../../card/model-card';
import type { ModelFolder } from '../../folder/model-folder';
import { findSection, rangeOfNode, type FrontMatter, type MarkdownFile } from '../../markdown/parse';
import { lineRange } from '../../note/ranges';
import { NEVER_EVENT_HEADINGS, neverEvents } from '../../rules/card/never-events';
import { folderSlos, listedNeverEvents } from '../../rules/model/folder-slos';
import { docUrl } from '../../rules/rule';
import { sloObjective, sloSummary } from './describe';
import { expectedSections } from './headings';
import { codeSpanSites, contains, frontMatterSite } from './sites';
import { markdownOf, type MarkdownSpec } from './spec';

/**
 * Completion in a card or a note: the expected sections that are missing, at the start of a heading line;
 * SLO names in code and in a note's `slos:`; in a card's never events, the ids the SLOs list that the card
 * does not. Every item replaces exactly what is typed.
 */
export function markdownCompletion(spec: MarkdownSpec, position: Position, folder?: ModelFolder): CompletionItem[] {
  const md = markdownOf(spec);
  if (md.frontMatter && contains(md.frontMatter.range, position)) {
    if (spec.kind !== 'note' || !folder) return [];
    const typed = slosEntryAt(md, md.frontMatter, position);
    return typed ? sloItems(folder, typed.range, typed.listed) : [];
  }
  // Code blocks, HTML and the like are not prose: nothing is offered there.
  const block = md.tree.children.find((node) => contains(rangeOfNode(md.document, node), position));
  if (block && !PROSE.has(block.type)) return [];
  const code = codeAt(md, position);
  if (code) {
    if (spec.kind === 'card' && folder && inNeverEvents(md, position)) return neverEventItems(spec.card, folder, code);
    return folder ? sloItems(folder, code, new Set()) : [];
  }
  const heading = headingLine(md, position, block?.type);
  return heading ? headingItems(spec, heading) : [];
}

const PROSE = new Set(['paragraph', 'heading', 'list', 'table', 'blockquote']);

/** What of a code name is typed: inside a code span its whole text; after an unclosed backtick, up to the cursor. */
function codeAt(md: MarkdownFile, position: Position): Range | undefined {
  const span = codeSpanSites(md).find((site) => contains(site.range, position));
  if (span) return span.range;
  // An unclosed backtick is text to the parser, not a code span yet: the line says whether one is open.
  const before = md.document.getText({ start: { line: position.line, character: 0 }, end: position });
  const ticks = before.split('`').length - 1;
  if (ticks % 2 === 0) return undefined;
  return { start: { line: position.line, character: before.lastIndexOf('`') + 1 }, end: position };
}

/** In a list or a table of the never events, where their items are. */
function inNeverEvents(md: MarkdownFile, position: Position): boolean {
  const section = findSection(md, NEVER_EVENT_HEADINGS);
  return !!section?.nodes.some((node) => (node.type === 'list' || node.type === 'table') && contains(rangeOfNode(md.document, node), position));
}

/**
 * The `slos:` entry at the cursor, from the front matter's YAML nodes: a string entry, an empty block item
 * (`- `), or a gap in a flow list (`[a, ]`); and the names the other entries give.
 */
function slosEntryAt(md: MarkdownFile, fm: FrontMatter, position: Position): { readonly range: Range; readonly listed: ReadonlySet<string> } | undefined {
  const list = fm.file.root?.fields.get('slos')?.value;
  if (!isSeq(list) || !list.range) return undefined;
  // The YAML starts on the line after the opening fence (markdown/parse.ts), so lines map by that shift.
  const offset = fm.file.document.offsetAt({ line: position.line - fm.range.start.line - 1, character: position.character });
  const scalars = list.items.filter((node): node is Scalar => isScalar(node));
  const item = scalars.find((node) => node.range && node.range[0] <= offset && offset <= node.range[1]);
  const others = new Set(scalars.flatMap((node) => (node !== item ? [String(node.value)] : [])));
  if (item) {
    const site = frontMatterSite(md, item);
    if (site) return { range: site.range, listed: others };
    return item.value === null ? { range: fm.rangeOf(item), listed: others } : undefined;
  }
  const insideFlow = list.flow && list.range[0] < offset && offset < list.range[1];
  return insideFlow ? { range: { start: position, end: position }, listed: others } : undefined;
}

function sloItems(folder: ModelFolder, typed: Range, listed: ReadonlySet<string>): CompletionItem[] {
  const seen = new Set(listed);
  return folderSlos(folder).flatMap((slo) => {
    const name = slo.slo.name;
    if (!name || seen.has(name)) return [];
    seen.add(name);
    const objective = sloObjective(slo);
    return [{
      label: name,
      kind: CompletionItemKind.Reference,
      detail: sloSummary(slo),
      documentation: objective && { kind: 'markdown', value: objective },
      textEdit: { range: typed, newText: name },
    } satisfies CompletionItem];
  });
}

/** The never-event ids the SLOs list that the card does not, each with the SLOs that list it. */
function neverEventItems(card: ModelCard, folder: ModelFolder, typed: Range): CompletionItem[] {
  const known = new Set(neverEvents(card).map((e) => e.id));
  const listedBy = new Map<string, string[]>();
  for (const { slo } of folderSlos(folder)) {
    for (const { id } of listedNeverEvents(slo)) {
      if (!known.has(id)) listedBy.set(id, [...(listedBy.get(id) ?? []), slo.name ?? 'an unnamed SLO']);
    }
  }
  return [...listedBy].map(([id, slos]) => ({
    label: id,
    kind: CompletionItemKind.EnumMember,
    detail: `never event listed by ${slos.join(', ')}`,
    textEdit: { range: typed, newText: id },
  }));
}

/** A line that is empty, or a heading being typed (`## Pro`, the cursor at its end): the line, and the marker to keep. */
function headingLine(md: MarkdownFile, position: Position, block: string | undefined): { readonly range: Range; readonly marker: string } | undefined {
  const range = lineRange(md.document, position.line);
  if (md.document.getText({ start: position, end: range.end }).trim() !== '') return undefined;
  const text = md.document.getText(range);
  if (block === undefined && text.trim() === '') return { range, marker: '##' };
  const atx = block === 'heading' ? /^(#{1,6})(?:[ \t]|$)/.exec(text) : null;
  return atx ? { range, marker: atx[1]! } : undefined;
}

/** What goes under a new section's heading (a snippet), by canonical heading; a section not listed gets a blank line. */
const BODIES: Readonly<Record<string, string>> = {
  'Human objective': '${1:What the model is for, and for whom, in one sentence.}',
  Proxies: '- ${1:proxy metric}: fails when ${2:how it fails when over-optimised}.',
  'Never events': '- `${1:NE-1}` Never ${2:what must never happen}.',
  'Decision and actions': '${1:Approved.}\n\n- [ ] ${2:action} — owner: @${3:owner}',
};

function headingItems(spec: MarkdownSpec, line: { readonly range: Range; readonly marker: string }): CompletionItem[] {
  return expectedSections(spec)
    .filter((expected) => expected.missing)
    .map((expected, i) => {
      const heading = `${line.marker} ${expected.heading}`;
      return {
        label: expected.heading,
        kind: CompletionItemKind.Snippet,
        detail: `expected section (${expected.rules.map((r) => r.id).join(', ')})`,
        documentation: { kind: 'markdown', value: expected.rules.map((r) => `${r.description} ([${r.id}](${docUrl(r)}))`).join('\n\n') },
        // The range starts at the line's start, so the filter compares the typed `## Pro` with the heading line.
        filterText: heading,
        sortText: String(i).padStart(2, '0'),
        insertTextFormat: InsertTextFormat.Snippet,
        textEdit: { range: line.range, newText: `${heading}\n\n${BODIES[expected.heading] ?? '$0'}` },
      } satisfies CompletionItem;
    });
}
