import { requiredEntries, type Entry } from '../../../card/entries';
import { rangeOfNode } from '../../../markdown/parse';
import type { Rule } from '../../rule';

/** "Proxies", "Proxy metrics", "Optimised proxies", "Proxies and their failure modes", ... */
export const PROXY_HEADINGS = [/^(?:optimi[sz]ed |tracked )?prox(?:y|ies)\b/];

/** How a proxy's failure under optimisation pressure is usually written. */
const FAILURE = /\bfail(?:s|ing)?\s+(?:when|if|by|because|as|under)\b|\bfailure(?:[ -]modes?)?\s*[:—–]|\bfailure[ -]modes?\b|\bover-?optimi[sz]|\bgoodhart|\bgam(?:ed|ing)\b|\bat the expense of\b/i;

/** A table column that holds failure modes. */
const FAILURE_COLUMN = /fail|over-?optimi|goodhart|gam(?:ed|ing)/i;

/** A cell that only looks filled in. */
const BLANK = /^(?:[-–—?]*|n\/?a|none|tbd|todo|\[more information needed\])$/i;

function statesFailure(entry: Entry): boolean {
  if (entry.kind === 'item') return entry.nested.some((list) => list.children.length > 0) || FAILURE.test(entry.text);
  const column = entry.header.findIndex((h) => FAILURE_COLUMN.test(h));
  return column >= 0 ? !BLANK.test(entry.cells[column]?.trim() ?? '') : FAILURE.test(entry.text);
}

/** The proxy's name as a message quotes it: a row's first cell, or an item's text up to its first separator. */
function proxyName(entry: Entry): string {
  const name = entry.kind === 'row' ? (entry.cells[0] ?? '') : entry.text.split(/\s[-—–]\s|:\s|\(/)[0]!;
  const trimmed = name.trim();
  return trimmed.length > 48 ? `${trimmed.slice(0, 47)}…` : trimmed;
}

export const rule: Rule = {
  kind: 'card',
  meta: {
    id: 'card/proxy-failure-mode',
    defaultSeverity: 'error',
    description: 'A model card lists the proxies it optimises in a Proxies section, and how each one fails when over-optimised.',
  },
  check({ card, document, report }) {
    const listed = requiredEntries(card, PROXY_HEADINGS, report, {
      missing: 'No "Proxies" section: list each proxy metric the model is optimised or judged on, and how it fails when over-optimised.',
      empty: (title) => `"${title}" lists no proxies: give each one a list item or a table row, with how it fails when over-optimised.`,
    });
    if (!listed) return;
    for (const entry of listed.entries) {
      if (statesFailure(entry)) continue;
      report({
        message: `Proxy "${proxyName(entry)}" does not say how it fails when over-optimised: add "fails when ...", a nested item, or a "Failure mode" column.`,
        range: rangeOfNode(document, entry.node),
      });
    }
  },
};
