import { isScalar } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Location, Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { parseCard } from '../card/model-card';
import { modelNote, type CardFile, type ModelFolder } from '../folder/model-folder';
import { lineRange } from '../note/ranges';
import { rangeOf, type PolicyFile } from '../policy/parse';
import { LEADING_ID, neverEvents, type NeverEvent } from '../rules/card/never-events';
import { schemaAt } from '../schema';
import { contains, neverEventIdSites, neverEventListings, policySite, sloDeclarations, sloSites, type PolicySite, type Site } from './markdown/sites';
import type { MarkdownSpec } from './markdown/spec';
import { nodeAt } from './node-at';

/*
 * Go to definition, find references and rename across a model folder's policy files, its card and its
 * note (the newest: older notes record past decisions in the names of their day). Two kinds of names are
 * shared: SLO names (declared by an SLO's `name`, used in the note's `slos:` and as code in the note and
 * the card) and never-event ids (declared by the card, used in SLOs' `never_events`).
 */

/** A name under the cursor; `site` when the cursor is on the name as written (a card item may be pointed at anywhere). */
type Occurrence =
  | { readonly kind: 'slo'; readonly name: string; readonly site: Site }
  | { readonly kind: 'never-event'; readonly name: string; readonly site?: Site };

/** The declaration of the name under the cursor: an SLO's `name` in the policy, a never event's item in the card. */
export function definition(folder: ModelFolder, uri: string, position: Position): Location[] {
  const at = occurrenceAt(folder, uri, position);
  if (!at) return [];
  if (at.kind === 'slo') return sloDeclarations(folder).filter((d) => d.site.name === at.name).map((d) => locationOf(d.site));
  const card = folder.card;
  if (!card || card.card.document.uri === uri) return [];
  return card.neverEvents.filter((e) => e.id === at.name).map((e) => ({ uri: card.card.document.uri, range: e.range }));
}

/** Every place the name under the cursor is written in the folder's files, its declarations first when asked for. */
export function references(folder: ModelFolder, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const at = occurrenceAt(folder, uri, position);
  if (!at) return [];
  if (at.kind === 'slo') {
    const declarations = includeDeclaration ? sloDeclarations(folder).filter((d) => d.site.name === at.name).map((d) => d.site) : [];
    return [...declarations, ...sloUses(folder, at.name)].map(locationOf);
  }
  const card = folder.card;
  // A never event whose id is a slug is declared by its whole item.
  const declarations = includeDeclaration && card
    ? card.neverEvents.filter((e) => e.id === at.name).flatMap((e) => {
        const sites = neverEventIdSites(card.card, e);
        return sites.length ? sites.map(locationOf) : [{ uri: card.card.document.uri, range: e.range }];
      })
    : [];
  return [...declarations, ...listingsOf(folder, at.name).map((l) => locationOf(l.site))];
}

/** Where a rename starts (the name as written, for the editor to show), or why the name there cannot be renamed. */
export type RenameTarget = { readonly range: Range; readonly placeholder: string } | { readonly error: string };

/** The edits of a rename across the folder, or why it was refused. */
export type RenameResult = { readonly edit: WorkspaceEdit } | { readonly error: string };

/** Undefined when no renameable name is under the cursor. */
export function prepareRename(folder: ModelFolder, uri: string, position: Position): RenameTarget | undefined {
  const at = occurrenceAt(folder, uri, position);
  if (!at) return undefined;
  const plan = renamePlan(folder, at);
  if ('error' in plan) return plan;
  return at.site && { range: at.site.range, placeholder: at.site.name };
}

/** Undefined when no renameable name is under the cursor. */
export function rename(folder: ModelFolder, uri: string, position: Position, newName: string): RenameResult | undefined {
  const at = occurrenceAt(folder, uri, position);
  if (!at) return undefined;
  const plan = renamePlan(folder, at);
  if ('error' in plan) return plan;
  if (!at.site) return undefined;
  const problem = plan.problem(newName);
  if (problem) return { error: problem };
  const changes: Record<string, TextEdit[]> = {};
  for (const { uri: file, edit } of plan.edits(newName)) (changes[file] ??= []).push(edit);
  return { edit: { changes } };
}

interface FileEdit {
  readonly uri: string;
  readonly edit: TextEdit;
}

/** What renaming a name edits, and what a new name must be; or why the name cannot be renamed at all. */
type RenamePlan = { readonly error: string } | { problem(newName: string): string | undefined; edits(newName: string): FileEdit[] };

function renamePlan(folder: ModelFolder, at: Occurrence): RenamePlan {
  return at.kind === 'slo' ? sloRename(folder, at.name) : neverEventRename(folder, at.name);
}

/** SLO names as the schema has them (snake_case). */
const SLO_NAME = schemaAt(['slos', 0, 'name'])!;
const SLO_NAME_PATTERN = new RegExp(SLO_NAME.pattern!);

function sloRename(folder: ModelFolder, name: string): RenamePlan {
  const all = sloDeclarations(folder);
  const declarations = all.filter((d) => d.site.name === name);
  if (declarations.length === 0) return { error: `"${name}" is not an SLO of the policy: there is nothing to rename.` };
  const sites = [...declarations.map((d) => d.site), ...sloUses(folder, name)];
  return {
    problem(newName) {
      if (!SLO_NAME_PATTERN.test(newName)) return `"${newName}" is not an SLO name: ${SLO_NAME.patternErrorMessage}`;
      if (newName !== name && all.some((d) => d.site.name === newName)) return `An SLO named "${newName}" already exists.`;
      return undefined;
    },
    edits: (newName) => [...sites.map((site) => ({ uri: site.uri, edit: site.rename(newName) })), ...declarations.flatMap((d) => keepMetric(d, name))],
  };
}

/**
 * An SLO reads the metric of its name unless `metric` says otherwise: renaming it must not change what it
 * reads, so an SLO without `metric` gets one, with its old name, on the line after its name.
 */
function keepMetric({ file, slo, site }: PolicySite, oldName: string): FileEdit[] {
  if (slo.fields.has('metric')) return [];
  const { document } = file;
  const name = slo.fields.get('name')!;
  const value = site.rename(oldName).newText; // the old name, quoted as the name is
  if (slo.node.flow) return [{ uri: site.uri, edit: { range: { start: rangeOf(document, name.value).end, end: rangeOf(document, name.value).end }, newText: `, metric: ${value}` } }];
  const end = lineRange(document, rangeOf(document, name.value).end.line).end;
  const eol = document.getText({ start: end, end: { line: end.line + 1, character: 0 } }).startsWith('\r\n') ? '\r\n' : '\n';
  const indent = ' '.repeat(rangeOf(document, name.key).start.character);
  return [{ uri: site.uri, edit: { range: { start: end, end }, newText: `${eol}${indent}metric: ${value}` } }];
}

function neverEventRename(folder: ModelFolder, id: string): RenamePlan {
  const card = folder.card;
  if (!card) return { error: `The model folder has no model card that declares "${id}".` };
  const events = card.neverEvents.map((event, index) => ({ event, index, sites: neverEventIdSites(card.card, event) })).filter(({ event }) => event.id === id);
  if (events.length === 0) return { error: `The model card lists no never event "${id}".` };
  if (events.some((e) => e.sites.length === 0)) {
    return { error: `Never event "${id}" has no explicit id, only a slug of its text: give its item an id first (e.g. \`NE-1\` at its start).` };
  }
  const declared = events.flatMap((e) => e.sites);
  const sites = [...declared, ...listingsOf(folder, id).map((l) => l.site)];
  return {
    problem(newName) {
      if (!LEADING_ID.test(newName)) return `"${newName}" is not a never-event id: use letters and digits joined by "-", "_" or "." (e.g. NE-2, no_pii).`;
      // Ids are unique whatever their case (card/never-events).
      if (card.neverEvents.some((e) => e.id !== id && e.id.toLowerCase() === newName.toLowerCase())) return `The model card already has a never event "${newName}".`;
      const reread = renamedCard(card, declared, newName);
      const lost = events.find(({ index }) => reread[index]?.id !== newName);
      return lost && `"${newName}" would not read as the id of "${lost.event.text}": an id written after the start of an item must look like NE-1.`;
    },
    edits: (newName) => sites.map((site) => ({ uri: site.uri, edit: site.rename(newName) })),
  };
}

/** The card's never events once its sites of an id say `newName`: the card is re-read as the rules would read it. */
function renamedCard(card: CardFile, sites: readonly Site[], newName: string): NeverEvent[] {
  const { document } = card.card;
  const text = TextDocument.applyEdits(document, sites.map((site) => site.rename(newName)));
  return neverEvents(parseCard(TextDocument.create(document.uri, document.languageId, document.version + 1, text)));
}

function occurrenceAt(folder: ModelFolder, uri: string, position: Position): Occurrence | undefined {
  const policy = folder.policies.find((p) => p.document.uri === uri);
  if (policy) return policyOccurrence(policy, position);
  const known = new Set(sloDeclarations(folder).map((d) => d.site.name));
  const card = folder.card;
  if (card?.card.document.uri === uri) return neverEventOccurrence(card, position) ?? sloOccurrence({ kind: 'card', card: card.card }, known, position);
  const note = modelNote(folder)?.note;
  return note?.markdown.document.uri === uri ? sloOccurrence({ kind: 'note', note }, known, position) : undefined;
}

/** On an SLO's `name`, or on an item of its `never_events`. */
function policyOccurrence(file: PolicyFile, position: Position): Occurrence | undefined {
  const at = nodeAt(file, file.document.offsetAt(position));
  if (at?.on !== 'value' || at.path[0] !== 'slos' || !isScalar(at.node)) return undefined;
  const site = policySite(file, at.node);
  if (!site) return undefined;
  if (at.path.length === 3 && at.path[2] === 'name') return { kind: 'slo', name: site.name, site };
  if (at.path.length === 4 && at.path[2] === 'never_events') return { kind: 'never-event', name: site.name, site };
  return undefined;
}

function neverEventOccurrence(card: CardFile, position: Position): Occurrence | undefined {
  for (const event of card.neverEvents) {
    const site = neverEventIdSites(card.card, event).find((s) => contains(s.range, position));
    if (site || contains(event.range, position)) return { kind: 'never-event', name: event.id, site };
  }
  return undefined;
}

function sloOccurrence(spec: MarkdownSpec, known: ReadonlySet<string>, position: Position): Occurrence | undefined {
  const site = sloSites(spec, known).find((s) => contains(s.range, position));
  return site && { kind: 'slo', name: site.name, site };
}

/** An SLO name in the note (its `slos:` and code) and the card (code). */
function sloUses(folder: ModelFolder, name: string): Site[] {
  const note = modelNote(folder)?.note;
  const specs: MarkdownSpec[] = [...(note ? [{ kind: 'note' as const, note }] : []), ...(folder.card ? [{ kind: 'card' as const, card: folder.card.card }] : [])];
  const only = new Set([name]);
  return specs.flatMap((spec) => sloSites(spec, only).filter((site) => site.name === name));
}

function listingsOf(folder: ModelFolder, id: string): PolicySite[] {
  return neverEventListings(folder).filter((l) => l.site.name === id);
}

function locationOf(site: Site): Location {
  return { uri: site.uri, range: site.range };
}
