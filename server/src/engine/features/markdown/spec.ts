import type { ModelCard } from '../../card/model-card';
import type { MarkdownFile } from '../../markdown/parse';
import type { DeliberationNote } from '../../note/parse';

/**
 * A Markdown file the engine knows, by kind, parsed as its kind: a card's never events and a note's actions
 * and `slos:` are read from their own parses, so the editor features and the rules read the same things.
 */
export type MarkdownSpec = { readonly kind: 'card'; readonly card: ModelCard } | { readonly kind: 'note'; readonly note: DeliberationNote };

export function markdownOf(spec: MarkdownSpec): MarkdownFile {
  return spec.kind === 'card' ? spec.card : spec.note.markdown;
}
