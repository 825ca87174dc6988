import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseMarkdown, type MarkdownFile } from '../markdown/parse';

/**
 * A model card as the card rules read it: the parsed Markdown and its front matter. The safety parts
 * (objective, proxies, never events) are read by the rules that own them, so each has one definition.
 */
export type ModelCard = MarkdownFile;

export function parseCard(document: TextDocument): ModelCard {
  return parseMarkdown(document);
}
