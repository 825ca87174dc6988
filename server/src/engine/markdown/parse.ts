import type { Node as YamlNode } from 'yaml';
import type { Nodes, Root, RootContent } from 'mdast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { parseYaml, rangeOf, type YamlFile } from '../policy/parse';
import { fromMarkdown, frontmatter, frontmatterFromMarkdown, gfm, gfmFromMarkdown, toString } from './esm';

/** YAML front matter: parsed as its own small document, whose ranges `rangeOf` maps back into the Markdown. */
export interface FrontMatter {
  /** The YAML between the fences; `file.document` holds just that text. */
  readonly file: YamlFile;
  /** The YAML as data (undefined when it does not load, e.g. an alias bomb). */
  readonly data: unknown;
  /** The whole block, fences included. */
  readonly range: Range;
  /** Where a node of `file` is in the Markdown document (as `rangeOf` in policy/parse.ts, shifted). */
  rangeOf(node: YamlNode | null | undefined, fallback?: YamlNode): Range;
}

/** A heading and what it governs: every top-level node up to the next heading of the same or a higher level. */
export interface Section {
  readonly depth: number;
  readonly title: string;
  readonly heading: Range;
  /** From the heading's start to the end of its last node (subsections included). */
  readonly range: Range;
  readonly nodes: readonly RootContent[];
}

export interface MarkdownFile {
  readonly document: TextDocument;
  readonly tree: Root;
  readonly frontMatter?: FrontMatter;
  /** Top-level headings in document order (headings inside lists, quotes or code are not sections). */
  readonly sections: readonly Section[];
}

const BOM = '\uFEFF';

/** Parses CommonMark + GFM (tables, task lists) with YAML front matter. Never throws. */
export function parseMarkdown(document: TextDocument): MarkdownFile {
  const tree = parseTree(document.getText());
  const first = tree.children[0];
  const frontMatter = first?.type === 'yaml' ? parseFrontMatter(document, rangeOfNode(document, first)) : undefined;
  return { document, tree, frontMatter, sections: sectionsOf(document, tree) };
}

function parseTree(text: string): Root {
  try {
    return fromMarkdown(text, { extensions: [gfm(), frontmatter(['yaml'])], mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml'])] });
  } catch {
    // The tree utilities recurse: thousands of nested quotes or lists overflow the stack. Such a file has no
    // structure worth checking; it reads as empty rather than taking the editor or CI down.
    return { type: 'root', children: [] };
  }
}

/**
 * micromark drops a leading BOM and counts offsets without it; offsets are mapped, not lines and columns,
 * because offsets are exact whatever the line endings and tabs.
 */
export function rangeOfNode(document: TextDocument, node: { readonly position?: Nodes['position'] }): Range {
  const p = node.position;
  if (p?.start.offset === undefined || p.end.offset === undefined) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const shift = document.getText().startsWith(BOM) ? BOM.length : 0;
  return { start: document.positionAt(p.start.offset + shift), end: document.positionAt(p.end.offset + shift) };
}

/**
 * The text a node shows, markup removed (`**Human** objective` is "Human objective"). HTML (comments included)
 * shows nothing: a suppression comment's words must not change what the rules read, nor a heading's title.
 */
export function plainText(node: Nodes | readonly Nodes[]): string {
  return toString(node, { includeHtml: false });
}

/**
 * Every inline code span, at its trimmed text (backticks and padding excluded): SLO names and never-event ids
 * are written so. A span broken over lines is left out: its text is not in the document as it reads.
 */
export function codeSpans(file: MarkdownFile): { readonly text: string; readonly range: Range }[] {
  const { document } = file;
  return [...descendants(file.tree)].flatMap((node) => {
    if (node.type !== 'inlineCode' || !node.value.trim()) return [];
    const text = node.value.trim();
    const outer = rangeOfNode(document, node);
    const at = document.getText(outer).indexOf(text);
    if (at < 0) return [];
    const start = document.offsetAt(outer.start) + at;
    return [{ text, range: { start: document.positionAt(start), end: document.positionAt(start + text.length) } }];
  });
}

/** Every node under `root`, itself included, in document order; iterative, so deep nesting cannot overflow. */
export function* descendants(root: Nodes): Generator<Nodes> {
  const stack: Nodes[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
}

/**
 * The first section whose title matches one of `synonyms`. Titles are compared case-insensitively after
 * dropping leading numbering or emoji and trailing punctuation ("2.1 Proxies:" matches "proxies"); a string
 * synonym must equal the title, a RegExp is tested against it.
 */
export function findSection(file: MarkdownFile, synonyms: readonly RegExp[] | readonly string[]): Section | undefined {
  const tests = (synonyms as readonly (RegExp | string)[]).map(matcher);
  return file.sections.find((section) => {
    const key = headingKey(section.title);
    return tests.some((test) => test(key));
  });
}

function matcher(synonym: RegExp | string): (key: string) => boolean {
  if (typeof synonym === 'string') {
    const wanted = headingKey(synonym);
    return (key) => key === wanted;
  }
  const flags = synonym.flags.replace(/[gy]/g, ''); // stateless, and always case-insensitive
  const re = new RegExp(synonym.source, flags.includes('i') ? flags : `${flags}i`);
  return (key) => re.test(key);
}

/** A heading as compared: lower case, no leading numbering or symbols, no trailing punctuation, single spaces. */
export function headingKey(title: string): string {
  return title
    .replace(/^[^\p{L}]+/u, '')
    .replace(/[^\p{L}\p{N})]+$/u, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

function sectionsOf(document: TextDocument, tree: Root): Section[] {
  const children = tree.children;
  const sections: Section[] = [];
  children.forEach((node, i) => {
    if (node.type !== 'heading') return;
    let end = i + 1;
    while (end < children.length && !(children[end]!.type === 'heading' && (children[end] as { depth: number }).depth <= node.depth)) end++;
    const nodes = children.slice(i + 1, end);
    const heading = rangeOfNode(document, node);
    const last = nodes.at(-1);
    sections.push({ depth: node.depth, title: plainText(node).trim(), heading, range: { start: heading.start, end: last ? rangeOfNode(document, last).end : heading.end }, nodes });
  });
  return sections;
}

function parseFrontMatter(document: TextDocument, range: Range): FrontMatter {
  // The YAML starts on the line after the opening fence, at column 0, so a line shift maps its ranges exactly.
  const lineOffset = range.start.line + 1;
  const start = document.offsetAt({ line: lineOffset, character: 0 });
  const end = Math.max(start, document.offsetAt({ line: range.end.line, character: 0 }));
  const yamlDocument = TextDocument.create(document.uri, 'yaml', document.version, document.getText().slice(start, end));
  const file = parseYaml(yamlDocument, { uniqueKeys: false });
  return {
    file,
    data: loadData(file),
    range,
    rangeOf(node, fallback) {
      const r = rangeOf(yamlDocument, node, fallback);
      return { start: { line: r.start.line + lineOffset, character: r.start.character }, end: { line: r.end.line + lineOffset, character: r.end.character } };
    },
  };
}

function loadData(file: YamlFile): unknown {
  try {
    return file.yamlDocs[0]?.toJS({ maxAliasCount: 100 });
  } catch {
    return undefined; // an alias bomb or a broken alias: the typed view (file.root) is still there
  }
}
