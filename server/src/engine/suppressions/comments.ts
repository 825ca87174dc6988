import { Parser } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { descendants, parseMarkdown, rangeOfNode } from '../markdown/parse';

/** A real comment of a document, which may hold a suppression directive. */
export interface Comment {
  /** Where it starts in the document, and its length, delimiters included. */
  readonly offset: number;
  readonly length: number;
  /** The text a directive is read from, relative to `offset`: after `#`, or between `<!--` and `-->`. */
  readonly body: { readonly start: number; readonly end: number };
}

/** The comments of a YAML text from its CST, so `#` in a string or block scalar is text; `base` is where the text starts in its document. */
export function yamlComments(text: string, base = 0): Comment[] {
  const tokens: { source: string; offset: number }[] = [];
  for (const token of new Parser().parse(text)) collectComments(token, tokens);
  return tokens.map(({ source, offset }) => ({ offset: base + offset, length: source.length, body: { start: 1, end: source.length } }));
}

/**
 * The HTML comments of a Markdown document, found in the mdast `html` nodes (so never inside code blocks or
 * code spans), and the YAML comments of its front matter.
 */
export function markdownComments(document: TextDocument): Comment[] {
  const { tree, frontMatter } = parseMarkdown(document);
  const text = document.getText();
  const comments: Comment[] = [];
  for (const node of descendants(tree)) {
    if (node.type !== 'html') continue;
    // The source, not the node's value: inside a quote or a list item the value lacks the container's prefixes.
    const { start, end } = rangeOfNode(document, node);
    const to = document.offsetAt(end);
    for (let open = text.indexOf('<!--', document.offsetAt(start)); open >= 0 && open < to; ) {
      // From open + 2, so that `<!-->` and `<!--->`, which HTML reads as empty comments, end where HTML ends them.
      const close = text.indexOf('-->', open + 2);
      if (close < 0 || close + 3 > to) break; // unterminated: HTML reads the rest as the comment, and it holds no directive
      comments.push({ offset: open, length: close + 3 - open, body: { start: 4, end: Math.max(4, close - open) } });
      open = text.indexOf('<!--', close + 3);
    }
  }
  if (frontMatter) {
    // `rangeOf` with no node maps the front-matter YAML's origin into the Markdown.
    comments.push(...yamlComments(frontMatter.file.document.getText(), document.offsetAt(frontMatter.rangeOf(null).start)));
  }
  return comments.sort((a, b) => a.offset - b.offset);
}

/** Comment tokens sit in many places of the CST (item starts, separators, collection and document ends): walk it all. */
function collectComments(node: unknown, into: { source: string; offset: number }[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collectComments(item, into);
  } else if (node && typeof node === 'object') {
    const token = node as { type?: unknown; source?: unknown; offset?: unknown };
    if (token.type === 'comment' && typeof token.source === 'string' && typeof token.offset === 'number') into.push({ source: token.source, offset: token.offset });
    else for (const value of Object.values(node)) collectComments(value, into);
  }
}
