/**
 * Who owns an action item and when it is due, read from the item's own text as written:
 * `- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)`.
 */

/** A mention (`@sre-oncall`, `@acme/ml-team`); not the `@` of an e-mail address. */
const MENTION = /(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}][\p{L}\p{N}_.-]*(?:\/[\p{L}\p{N}_.-]+)?/u;

/** `owner: Dana`, `**Owner:** SRE on-call`, `owned by Dana`: the name runs to the next `,;()` or the line's end. */
const NAMED_OWNER = /(?:\b(?:owners?|assignees?)[*_]*\s*[:=]|\b(?:owned by|assigned to)\b)[*_\s]*([^\s,;()*_][^,;()\n]*)/iu;

/** Names that stand for no one. */
const NO_ONE = /^(?:tbd|tba|todo|none|nobody|no one|unassigned|unknown|n\/a|-+|\?+)$/i;

/** `due 2026-12-01`, `due: 2026-12-01`, `due by 12/01/2026`, `**Due:** 2026-12-01`: digits with separators after "due". */
const DUE = /\bdue(?:\s+(?:date|by|on))?[*_]*\s*[:=]?[*_\s]*(\d+[-/.]\d+(?:[-/.]\d+)?)/iu;

/** The owner an item names, as written, or undefined. */
export function ownerIn(text: string): string | undefined {
  const mention = MENTION.exec(text);
  if (mention) return mention[0];
  const named = NAMED_OWNER.exec(text)?.[1]?.trim().replace(/[.\s]+$/, '');
  return named && !NO_ONE.test(named) ? named : undefined;
}

/** The due date an item gives, as written, with its offset in `text`. */
export function dueIn(text: string): { readonly text: string; readonly offset: number } | undefined {
  const m = DUE.exec(text);
  if (!m) return undefined;
  return { text: m[1]!, offset: m.index + m[0].length - m[1]!.length };
}
