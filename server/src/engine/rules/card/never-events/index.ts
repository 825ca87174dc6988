import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { entriesOf, requiredEntries, type Entry } from '../../../card/entries';
import type { ModelCard } from '../../../card/model-card';
import { descendants, findSection, rangeOfNode, type Section } from '../../../markdown/parse';
import { mapView, stringOf } from '../../../policy/parse';
import type { Report } from '../../../types';
import type { CardContext, Rule } from '../../rule';

export const NEVER_EVENT_HEADINGS = [/^never[- ]?events?\b/];

/** A never event as the card lists it; the id is how SLOs refer to it (`never_events: [NE-1]`). */
export interface NeverEvent {
  readonly id: string;
  readonly text: string;
  readonly range: Range;
  /** False when the id is only a slug of the text, which changes when the text does. */
  readonly explicit: boolean;
}

/** `NE-1`, `PII-2`: written anywhere in an item, a code span of this shape is its id. */
const NUMBERED_ID = /^[A-Za-z][A-Za-z0-9]*-\d+$/;
/** At the very start of an item, any code span of word characters is its id (`` `no_pii` Never ... ``). */
export const LEADING_ID = /^[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)*$/;
const NEVER = /\bnever\b|\bmust not\b/i;

/** A front-matter `never_events:` entry that gives an id to the item with the same text. */
interface Declared {
  readonly id: string;
  readonly text: string;
  readonly range: Range;
}

/** The items of the "Never events" section with their ids: explicit code id, else front-matter id, else slug. */
export function neverEvents(card: ModelCard): NeverEvent[] {
  const section = findSection(card, NEVER_EVENT_HEADINGS);
  return section ? identify(card, entriesOf(section.nodes), declared(card).entries) : [];
}

function identify(card: ModelCard, entries: readonly Entry[], declarations: readonly Declared[]): NeverEvent[] {
  const byText = new Map(declarations.map((d) => [comparable(d.text), d.id]));
  return entries.map((entry) => {
    const code = explicitId(entry);
    const text = statement(entry, code);
    const id = code ?? byText.get(comparable(text));
    return { id: id ?? slug(text), text, range: rangeOfNode(card.document, entry.node), explicit: id !== undefined };
  });
}

function explicitId(entry: Entry): string | undefined {
  if (entry.kind === 'row') {
    const column = entry.header.findIndex((h) => /^id$/i.test(h));
    if (column >= 0 && entry.cells[column]) return entry.cells[column];
  }
  // Nested items are details of the statement, not where its id is.
  const own = entry.kind === 'item' ? entry.node.children.filter((c) => c.type !== 'list') : [entry.node];
  const leaves = own.flatMap((n) => [...descendants(n)]).filter((n) => !('children' in n));
  const code = leaves.find((n, i) => n.type === 'inlineCode' && (NUMBERED_ID.test(n.value) || (i === 0 && LEADING_ID.test(n.value))));
  return code?.type === 'inlineCode' ? code.value : undefined;
}

/** The item's text without its id and the punctuation after it (`` `NE-1`: Never ... `` is "Never ..."). */
function statement(entry: Entry, id: string | undefined): string {
  const text = entry.kind === 'row' ? entry.cells.filter((c) => c !== id).join(' ') : entry.text;
  if (!id) return text.trim();
  return text.replace(id, '').replace(/^[\s:—–\-|.)]+/, '').replace(/\(\s*\)/, '').trim();
}

function comparable(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** `Never deny a claim without review.` is `never-deny-a-claim-without-review`, cut at a word near 60 characters. */
export function slug(text: string): string {
  const full = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (full.length <= 60) return full;
  const cut = full.slice(0, 61);
  return cut.slice(0, cut.lastIndexOf('-') > 0 ? cut.lastIndexOf('-') : 60);
}

/** The front matter's `never_events:` entries that have an id and a text, and what is wrong with the others. */
function declared(card: ModelCard): { entries: Declared[]; problems: Report[] } {
  const fm = card.frontMatter;
  const field = fm?.file.root?.fields.get('never_events');
  if (!fm || !field) return { entries: [], problems: [] };
  if (!isSeq(field.value)) {
    return { entries: [], problems: [{ message: '`never_events` in the front matter is a list of entries, each with an `id` and the `text` of its item.', range: fm.rangeOf(field.key) }] };
  }
  const entries: Declared[] = [];
  const problems: Report[] = [];
  for (const item of field.value.items as YamlNode[]) {
    const fields = isMap(item) ? mapView(item).fields : undefined;
    const id = stringOf(fields?.get('id')?.value);
    const text = stringOf(fields?.get('text')?.value);
    if (id && text) entries.push({ id, text, range: fm.rangeOf(item) });
    else problems.push({ message: 'A `never_events` entry needs an `id` and the `text` of the item it names, both strings.', range: fm.rangeOf(item) });
  }
  return { entries, problems };
}

export const rule: Rule = {
  kind: 'card',
  meta: {
    id: 'card/never-events',
    defaultSeverity: 'error',
    description: 'A model card lists what must never happen in a "Never events" section: each item a "never ..." statement with a unique id.',
    guardsNeverEvents: true,
  },
  check({ card, report }) {
    const listed = requiredEntries(card, NEVER_EVENT_HEADINGS, report, {
      missing: 'No "Never events" section: list what must never happen (each item a "never ..." statement, e.g. `NE-1` Never deny a claim without human review).',
      empty: (title) => `"${title}" lists no never events: give each one a list item ("never ..." statement).`,
    });
    if (!listed) return;
    const { section, entries } = listed;
    const { entries: declarations, problems } = declared(card);
    problems.forEach(report);
    const events = identify(card, entries, declarations);
    reportStatements(events, report);
    reportDuplicates(card, events, report);
    reportUnmatched(section, events, declarations, report);
  },
};

function reportStatements(events: readonly NeverEvent[], report: CardContext['report']): void {
  for (const event of events) {
    if (NEVER.test(event.text)) continue;
    report({ message: `Never event "${event.id}" is not a "never ..." statement: say what must never happen ("Never ...", "... must not ...").`, range: event.range });
  }
}

function reportDuplicates(card: ModelCard, events: readonly NeverEvent[], report: CardContext['report']): void {
  const first = new Map<string, NeverEvent>();
  for (const event of events) {
    const key = event.id.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, event);
      continue;
    }
    report({
      message: `Never event id "${event.id}" is already used above: SLOs refer to never events by id, so each needs its own${event.explicit ? '' : ' (give one an explicit id like `NE-2`)'}.`,
      range: event.range,
      related: [{ uri: card.document.uri, range: earlier.range, message: `"${earlier.id}" first used here`, anchor: earlier.id }],
    });
  }
}

function reportUnmatched(section: Section, events: readonly NeverEvent[], declarations: readonly Declared[], report: CardContext['report']): void {
  const used = new Set(events.map((e) => e.id));
  for (const d of declarations) {
    if (used.has(d.id)) continue;
    report({ message: `Never event "${d.id}" in the front matter matches no item of "${section.title}" by its text: the section is the list of never events.`, range: d.range });
  }
}
