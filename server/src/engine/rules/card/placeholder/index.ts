import { descendants, rangeOfNode } from '../../../markdown/parse';
import type { Rule } from '../../rule';

/**
 * What card templates leave behind: the Hugging Face template's "[More Information Needed]", unrendered
 * Jinja (`{{ model_id }}`), and TODO / TBD / FIXME markers (in capitals: "todo" is a word). Only prose is
 * searched: code, HTML comments and the front matter are not.
 */
const PLACEHOLDER = /\[?[Mm]ore [Ii]nformation [Nn]eeded\]?|\{\{[^{}]*\}\}|\b(?:TODO|TBD|FIXME)\b/g;

export const rule: Rule = {
  kind: 'card',
  meta: {
    id: 'card/placeholder',
    defaultSeverity: 'warning',
    description: 'Unfilled template placeholders, such as "[More Information Needed]", "{{ ... }}" or TODO, left in a model card.',
  },
  check({ card, document, report }) {
    for (const node of descendants(card.tree)) {
      if (node.type !== 'text') continue;
      // Searched in the source, not the node's value: offsets into it are exact even where the value unescaped something.
      const range = rangeOfNode(document, node);
      const start = document.offsetAt(range.start);
      for (const m of document.getText(range).matchAll(PLACEHOLDER)) {
        const at = start + m.index;
        report({
          message: `Unfilled template placeholder "${m[0]}": fill it in, or remove it if it does not apply.`,
          range: { start: document.positionAt(at), end: document.positionAt(at + m[0].length) },
        });
      }
    }
  },
};
