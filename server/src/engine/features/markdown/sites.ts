import { isMap, isScalar, isSeq, type Node as YamlNode, type Scalar } from 'yaml';
import type { ListItem, Nodes, TableRow } from 'mdast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { ModelCard } from '../../card/model-card';
import { replaceScalar } from '../../edits';
import type { ModelFolder } from '../../folder/model-folder';
import { codeSpans, descendants, rangeOfNode, type MarkdownFile } from '../../markdown/parse';
import { mapView, rangeOf, type PolicyFile } from '../../policy/parse';
import type { NeverEvent } from '../../rules/card/never-events';
import { coversNeverEvent, folderSlos, listedNeverEvents, type FolderSlo } from '../../rules/model/folder-slos';
import { markdownOf, type MarkdownSpec } from './spec';

/**
 * A name as written in one file: the range of the name itself (inside its quotes or backticks, so a
 * reference highlights just the name), and the edit that writes another name there, keeping the quoting.
 */
export interface Site {
  readonly uri: string;
  readonly name: string;
  readonly range: Range;
  rename(name: string): TextEdit;
}

/** An SLO's name, or a never-event id in its `never_events`, in a policy file of the folder. */
export interface PolicySite extends FolderSlo {
  readonly site: Site;
}

/** Whether `position` is in `range`, its end included: the cursor just after a name is still on it. */
export function contains(range: Range, position: Position): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(range.start, position) && before(position, range.end);
}

/**
 * Where a card or a note names SLOs: a note's `slos:` entries, whatever they name, and the code spans that
 * name one of `known` (code is also file names, commands and ids, so only a known name makes a span an SLO).
 */
export function sloSites(spec: MarkdownSpec, known: ReadonlySet<string>): Site[] {
  const md = markdownOf(spec);
  const spans = codeSpanSites(md).filter((site) => known.has(site.name));
  return spec.kind === 'note' ? [...frontMatterStrings(md, 'slos'), ...spans] : spans;
}

/** The SLOs that cover a never event: those listing its id, and the one that covers them all. */
export function coveringSlos(folder: ModelFolder, id: string): FolderSlo[] {
  return folderSlos(folder).filter((s) => coversNeverEvent(s, id));
}

/** Every named SLO of the folder's policies, at its `name` value. */
export function sloDeclarations(folder: ModelFolder): PolicySite[] {
  return folderSlos(folder).flatMap((s) => {
    const node = s.slo.fields.get('name')?.value;
    const site = isScalar(node) ? policySite(s.file, node) : undefined;
    return site ? [{ ...s, site }] : [];
  });
}

/** Every item of the SLOs' `never_events` lists. */
export function neverEventListings(folder: ModelFolder): PolicySite[] {
  return folderSlos(folder).flatMap((s) => listedNeverEvents(s.slo).flatMap(({ node }) => policySite(s.file, node) ?? []).map((site) => ({ ...s, site })));
}

/**
 * Where the card writes a never event's explicit id: the code span (or id cell) of its item, and the
 * front-matter `never_events` entries that give it. Empty for an id that is only a slug of the text.
 */
export function neverEventIdSites(card: ModelCard, event: NeverEvent): Site[] {
  if (!event.explicit) return [];
  const { document } = card;
  const item = [...descendants(card.tree)].find((n): n is ListItem | TableRow => (n.type === 'listItem' || n.type === 'tableRow') && sameRange(rangeOfNode(document, n), event.range));
  const leaf = item && idLeaf(item, event.id);
  const inItem = leaf ? textSite(document, leaf, event.id) : undefined;
  const declared = card.frontMatter?.file.root?.fields.get('never_events')?.value;
  const entries = isSeq(declared) ? declared.items.filter(isMap).map((entry) => mapView(entry).fields.get('id')?.value) : [];
  const inFrontMatter = entries.flatMap((node) => (isScalar(node) && node.value === event.id ? (frontMatterSite(card, node) ?? []) : []));
  return [...(inItem ? [inItem] : []), ...inFrontMatter];
}

/** The node of an item that holds its id: a code span, or in a table the text of the id cell. */
function idLeaf(item: ListItem | TableRow, id: string): Nodes | undefined {
  const own = item.type === 'listItem' ? item.children.filter((c) => c.type !== 'list') : item.children;
  return own
    .flatMap((child) => [...descendants(child)])
    .find((n) => (n.type === 'inlineCode' || (n.type === 'text' && item.type === 'tableRow')) && n.value.trim() === id);
}

/** Every code span, at its trimmed text, as a site. */
export function codeSpanSites(md: MarkdownFile): Site[] {
  return codeSpans(md).map(({ text, range }) => ({ uri: md.document.uri, name: text, range, rename: (newName) => ({ range, newText: newName }) }));
}

/** The string items of a top-level list of the front matter (`slos: [a, b]`). */
export function frontMatterStrings(md: MarkdownFile, key: string): Site[] {
  const list = md.frontMatter?.file.root?.fields.get(key)?.value;
  return isSeq(list) ? list.items.flatMap((item) => (isScalar(item) ? (frontMatterSite(md, item) ?? []) : [])) : [];
}

/** A front-matter string scalar (a top-level value or a list item) as a site of the Markdown document. */
export function frontMatterSite(md: MarkdownFile, node: YamlNode): Site | undefined {
  const fm = md.frontMatter;
  return fm && isScalar(node) ? scalarSite(md.document.uri, fm.file.document, node, fm.rangeOf(node)) : undefined;
}

export function policySite(file: PolicyFile, node: Scalar): Site | undefined {
  return scalarSite(file.document.uri, file.document, node, rangeOf(file.document, node));
}

/** `outer` is where the scalar is in the file of `uri`; `yaml` is the YAML document it was parsed from. */
function scalarSite(uri: string, yaml: TextDocument, node: Scalar, outer: Range): Site | undefined {
  const name = node.value;
  if (typeof name !== 'string') return undefined;
  // Inside the quotes when they hold the name as is (no escapes, one line), as a reference should highlight it.
  const written = yaml.getText(rangeOf(yaml, node));
  const quoted = written.length === name.length + 2 && written.slice(1, -1) === name && /^["']/.test(written);
  const range = quoted ? { start: { ...outer.start, character: outer.start.character + 1 }, end: { ...outer.end, character: outer.end.character - 1 } } : outer;
  return { uri, name, range, rename: (newName) => ({ range: outer, newText: replaceScalar(yaml, node, newName).newText }) };
}

/** `name` inside a Markdown node (a code span without its backticks, a cell's text without its padding). */
function textSite(document: TextDocument, node: Nodes, name: string): Site | undefined {
  const outer = rangeOfNode(document, node);
  const at = document.getText(outer).indexOf(name);
  if (at < 0) return undefined; // a code span broken over lines: not a name
  const start = document.offsetAt(outer.start) + at;
  const range = { start: document.positionAt(start), end: document.positionAt(start + name.length) };
  return { uri: document.uri, name, range, rename: (newName) => ({ range, newText: newName }) };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
