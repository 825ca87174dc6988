import { isMap, isSeq, type Node } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { gateViews, scenarioViews } from '../dry-run/views';
import { parseMarkdown, type MarkdownFile, type Section } from '../markdown/parse';
import { parsePolicy, type PolicyFile } from '../policy/parse';
import { RULES } from '../rules/catalog';
import type { Finding } from '../types';

/**
 * One piece of the head version: an SLO, gate, scenario or action of a policy, or another top-level key; a
 * Markdown section (its heading to the next heading of the same or a higher level) or the front matter.
 * Sections nest: a finding belongs to the innermost one around it (see `changedAt`).
 */
export interface Region {
  /** Its identity across versions: what it is, its name (a section: its heading path) and which occurrence. */
  readonly key: string;
  readonly range: Range;
  /** Its text differs from the base's piece with the same key, or the base has none. */
  readonly changed: boolean;
}

/** One file since a base revision: nothing changed, all of it is new, or these pieces of it are what they are now. */
export type FileChanges = { readonly kind: 'unchanged' } | { readonly kind: 'added' } | { readonly kind: 'modified'; readonly regions: readonly Region[] };

/** The head version as parsed; a bare document (a file the source rules refused) is one piece. */
export type Head = PolicyFile | MarkdownFile | TextDocument;

/** `before`: the file's text at the base revision, undefined when the file did not exist there. Pure. */
export function changedRegions(before: string | undefined, head: Head): FileChanges {
  if (before === undefined) return { kind: 'added' };
  const document = 'document' in head ? head.document : head;
  if (lf(before) === lf(document.getText())) return { kind: 'unchanged' };
  if (!('document' in head)) return { kind: 'modified', regions: [] };
  const base = TextDocument.create(document.uri, document.languageId, 0, before);
  const [now, then] = 'tree' in head ? [markdownPieces(head), markdownPieces(parseMarkdown(base))] : [policyPieces(head), policyPieces(parsePolicy(base))];
  const old = new Map(then.map((p) => [p.key, lf(p.text)]));
  return { kind: 'modified', regions: now.map(({ key, range, text }) => ({ key, range, changed: old.get(key) !== lf(text) })) };
}

/** Line endings are not a change: git may store LF where the working tree has CRLF. */
const lf = (text: string) => text.replace(/\r\n?/g, '\n');

/**
 * Whether `position` is in something that changed. Sections nest, so the innermost region around it decides:
 * a finding in a subsection is judged by that subsection, not by its parent. Outside every region (a comment
 * between items, text before the first heading), the file having changed at all decides.
 */
export function changedAt(changes: FileChanges, position: Position): boolean {
  if (changes.kind !== 'modified') return changes.kind === 'added';
  let innermost: Region | undefined;
  for (const region of changes.regions) {
    if (before(position, region.range.start) || before(region.range.end, position)) continue;
    if (!innermost || before(innermost.range.start, region.range.start)) innermost = region;
  }
  return innermost?.changed ?? true;
}

const DIFF_RULES: ReadonlySet<string> = new Set(RULES.flatMap((r) => (r.kind === 'diff' ? [r.meta.id] : [])));

/**
 * Whether a finding on `uri` is about what changed: it starts in a change, or one of its related locations does
 * (the cause of a cross-file finding changed). Diff findings always are: a removal is reported on the list it
 * left, which may be untouched otherwise. `changesOf` answers undefined for a file it knows nothing of.
 */
export function isAboutChange(uri: string, finding: Finding, changesOf: (uri: string) => FileChanges | undefined): boolean {
  if (DIFF_RULES.has(finding.rule)) return true;
  const at = (u: string, range: Range) => {
    const changes = changesOf(u);
    return changes !== undefined && changedAt(changes, range.start);
  };
  return at(uri, finding.range) || (finding.related ?? []).some((r) => at(r.uri, r.range));
}

interface Piece {
  readonly key: string;
  readonly range: Range;
  readonly text: string;
}

/** Keys the items of these lists stand for (when the value is the list it should be), rather than the key itself. */
const ITEM_LISTS: Readonly<Record<string, (value: Node | null) => boolean>> = { slos: isSeq, gates: isSeq, scenarios: isSeq, actions: isMap };

function policyPieces(file: PolicyFile): Piece[] {
  const { document, root } = file;
  if (!root) return [];
  const piece = (kind: string, name: string, from: Node, to: Node | null) => span(document, `${kind} ${name}`, from.range![0], (to ?? from).range![1]);
  const pieces: Piece[] = [];
  for (const [key, field] of root.fields) if (!ITEM_LISTS[key]?.(field.value)) pieces.push(piece('key', key, field.key, field.value));
  for (const slo of file.slos) pieces.push(piece('slo', slo.name ?? `#${slo.index}`, slo.node, null));
  for (const gate of gateViews(file)) pieces.push(piece('gate', gate.name?.name ?? `#${gate.index}`, gate.node, null));
  for (const scenario of scenarioViews(file)) pieces.push(piece('scenario', scenario.name?.name ?? `#${scenario.index}`, scenario.node, null));
  for (const action of file.actions) pieces.push(piece('action', action.name, action.nameKey, action.node));
  return numbered(pieces);
}

function markdownPieces(file: MarkdownFile): Piece[] {
  const { document, sections } = file;
  const pieces: Piece[] = file.frontMatter ? [{ key: 'front matter', range: file.frontMatter.range, text: document.getText(file.frontMatter.range) }] : [];
  const path: { depth: number; title: string }[] = [];
  sections.forEach((section, i) => {
    while (path.length && path.at(-1)!.depth >= section.depth) path.pop();
    path.push(section);
    const key = `section ${path.map((s) => `${'#'.repeat(s.depth)} ${s.title}`).join('\u0000')}`;
    pieces.push({ key, range: section.range, text: outline(document, sections, i) });
  });
  return numbered(pieces);
}

/**
 * What a section is compared by: its own text and its subsections' headings. A subsection's body is the
 * subsection's own business: editing it leaves the parent's findings (say, about the card as a whole, on its
 * title) quiet, while adding, removing or renaming a subsection changes the parent.
 */
function outline(document: TextDocument, sections: readonly Section[], i: number): string {
  const section = sections[i]!;
  let end = i + 1;
  while (end < sections.length && sections[end]!.depth > section.depth) end++;
  const subsections = sections.slice(i + 1, end);
  const own = document.getText({ start: section.heading.start, end: subsections[0]?.heading.start ?? section.range.end });
  return [own, ...subsections.map((s) => document.getText(s.heading))].join('\u0000');
}

/** From `start` to `end` without the trailing blank space YAML counts in a node: the next line is not part of it. */
function span(document: TextDocument, key: string, start: number, end: number): Piece {
  const text = document.getText();
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return { key, range: { start: document.positionAt(start), end: document.positionAt(end) }, text: text.slice(start, end) };
}

/** Two pieces with one key (duplicate SLO names, repeated headings) pair with their namesakes in order. */
function numbered(pieces: readonly Piece[]): Piece[] {
  const seen = new Map<string, number>();
  return pieces.map((p) => {
    const n = (seen.get(p.key) ?? 0) + 1;
    seen.set(p.key, n);
    return { ...p, key: `${p.key} ${n}` };
  });
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
