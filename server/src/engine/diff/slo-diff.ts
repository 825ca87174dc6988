import { dataText, readSlo, renameKey, type SloReading } from './slo-reading';
import { sloAspects } from './slo-aspects';
import { gateAspects, scenarioAspects } from './gate-aspects';
import { gateViews, scenarioViews, type GateView, type ScenarioView } from '../dry-run/views';
import { rangeOf, type PolicyFile, type SloView } from '../policy/parse';
import { sortedFiles } from '../dry-run/evaluate';
import { acknowledge } from './acknowledge';
import type { Aspect, Change, ChangeClass, NoteVersion, Site, SloDiff, Subject } from './types';

/** One model's policy in two versions, and its notes as the head has them. */
export interface DiffInput {
  /** How users name the base revision (`main`). */
  readonly base: string;
  readonly model?: string;
  /** The model's policy files at the base, each with the URI the file has (or had) in the working tree. */
  readonly before: readonly PolicyFile[];
  readonly after: readonly PolicyFile[];
  readonly notes: readonly NoteVersion[];
}

/**
 * Compares two versions of a model's policy. SLOs, gates and scenarios are matched by name across all
 * the model's files (moving one between files is not a change to what it decides); an SLO left
 * unmatched on both sides with the same metric, scope, window and target is a rename.
 */
export function sloDiff(input: DiffInput): SloDiff {
  const before = sortedFiles(input.before);
  const after = sortedFiles(input.after);
  const slos = sloChanges(before, after);
  const changes = [
    ...slos.changes,
    ...itemChanges('gate', before, after, gateViews, (b, a) => gateAspects(b, a, slos.renames)),
    ...itemChanges('scenario', before, after, scenarioViews, scenarioAspects),
  ];
  changes.push(...formattingChanges(before, after, changes));
  changes.sort(bySite);
  const diffed = acknowledge(changes, input.notes);
  const counts: Record<ChangeClass, number> = { tightened: 0, loosened: 0, neutral: 0 };
  for (const c of diffed) counts[c.class]++;
  const unacknowledged = diffed.filter((c) => c.class === 'loosened' && !c.acknowledgement?.inChangedNote).length;
  return { base: input.base, ...(input.model ? { model: input.model } : {}), changes: diffed, notes: input.notes, counts, unacknowledged, green: unacknowledged === 0 };
}

type NamedSlo = SloView & { readonly name: string; readonly metric: string };

/** The SLO changes, and the renamed SLOs (old name to new), which gates that list them follow. */
function sloChanges(before: readonly PolicyFile[], after: readonly PolicyFile[]): { changes: Change[]; renames: Map<string, string> } {
  const named = (files: readonly PolicyFile[]) => files.flatMap((file) => file.slos.flatMap((slo) => (slo.name && slo.metric ? [{ file, slo: slo as NamedSlo, name: slo.name }] : [])));
  const byName = pairByName(named(before), named(after));
  // Each field is read through its grammar only where the text differs: most SLOs of a change set do not.
  const readBefore = (s: { file: PolicyFile; slo: NamedSlo }) => readSlo(s.file, s.slo, before);
  const readAfter = (s: { file: PolicyFile; slo: NamedSlo }) => readSlo(s.file, s.slo, after);
  const { renamed, removed, added } = pairByRenameKey(byName.removed.map(readBefore), byName.added.map(readAfter));
  // Custom actions are declared beside the SLOs: when they change, an SLO's text alone says nothing.
  const sameActions = actionsText(before) === actionsText(after);
  const differing = byName.pairs.filter(([b, a]) => !(sameActions && b.file.document.uri === a.file.document.uri && sourceText(b.file, b.slo) === sourceText(a.file, a.slo)));
  const changes: Change[] = [];
  for (const [b, a] of [...differing.map(([b, a]): [SloReading, SloReading] => [readBefore(b), readAfter(a)]), ...renamed]) {
    const change = modified('slo', b.name, a.name, sloAspects(b, a), sloSite(b), sloSite(a), moved(b.file, a.file));
    if (change) changes.push(change);
  }
  for (const b of removed) {
    const neverEvent = b.neverEvent ? ' It guarded a never event, which is now uncovered.' : '';
    changes.push(gone('slo', b.name, summary(b), `Removed: a breach of ${b.name} no longer triggers ${b.action.raw || 'anything'}.${neverEvent}`, sloSite(b), anchorOf(after, b.file, 'slos')));
  }
  for (const a of added) changes.push(come('slo', a.name, summary(a), `New: a breach of ${a.name} triggers ${a.action.raw || 'nothing yet'}.`, sloSite(a)));
  return { changes, renames: new Map(renamed.map(([b, a]) => [b.name, a.name])) };
}

/** SLOs left unmatched by name on both sides, paired in order when they keep metric, scope, window and target. */
function pairByRenameKey(removed: readonly SloReading[], added: readonly SloReading[]): { renamed: [SloReading, SloReading][]; removed: SloReading[]; added: SloReading[] } {
  const unmatched = new Map<string, SloReading[]>();
  for (const a of added) {
    const key = renameKey(a);
    (unmatched.get(key) ?? unmatched.set(key, []).get(key)!).push(a);
  }
  const renamed: [SloReading, SloReading][] = [];
  const gone: SloReading[] = [];
  for (const b of removed) {
    const a = unmatched.get(renameKey(b))?.shift();
    if (a) renamed.push([b, a]);
    else gone.push(b);
  }
  return { renamed, removed: gone, added: [...unmatched.values()].flat() };
}

function itemChanges<V extends GateView | ScenarioView>(
  subject: 'gate' | 'scenario',
  before: readonly PolicyFile[],
  after: readonly PolicyFile[],
  views: (file: PolicyFile) => readonly V[],
  aspects: (b: V, a: V) => Aspect[],
): Change[] {
  const named = (files: readonly PolicyFile[]) => files.flatMap((f) => views(f).flatMap((v) => (v.name ? [{ ...v, name: v.name.name, view: v }] : [])));
  const { pairs, removed, added } = pairByName(named(before), named(after));
  const key = subject === 'gate' ? 'gates' : 'scenarios';
  const changes: Change[] = [];
  for (const [b, a] of pairs) {
    const change = modified(subject, b.name, a.name, aspects(b.view, a.view), viewSite(b.view), viewSite(a.view), moved(b.view.file, a.view.file));
    if (change) changes.push(change);
  }
  const removal = subject === 'gate' ? 'Removed: nothing is decided by this gate any more.' : 'Removed: the behaviour it tested is no longer checked.';
  const addition = subject === 'gate' ? 'New gate.' : 'New scenario: one more behaviour is checked.';
  for (const b of removed) changes.push(gone(subject, b.name, b.name, removal, viewSite(b.view), anchorOf(after, b.view.file, key)));
  for (const a of added) changes.push(come(subject, a.name, a.name, addition, viewSite(a.view)));
  return changes;
}

/** Files whose text changed while nothing they hold decides differently: formatting, comments or order. */
function formattingChanges(before: readonly PolicyFile[], after: readonly PolicyFile[], changes: readonly Change[]): Change[] {
  const touched = new Set(changes.flatMap((c) => [c.before?.uri, c.after?.uri]));
  const old = new Map(before.map((f) => [f.document.uri, f.document.getText()]));
  return after.flatMap((file): Change[] => {
    const uri = file.document.uri;
    const text = old.get(uri);
    if (text === undefined || text === file.document.getText() || touched.has(uri)) return [];
    const site: Site = { uri, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    return [{ subject: 'file', kind: 'modified', name: uri, class: 'neutral', aspects: [{ field: 'text', class: 'neutral', reason: 'Formatting, comments or order changed; no decision changes.', at: site }], after: site, anchor: site }];
  });
}

/** Items matched by name: the k-th of a name in the base with the k-th in the head (duplicates are a rule's to report). */
function pairByName<T extends { readonly name: string }>(before: readonly T[], after: readonly T[]): { pairs: [T, T][]; removed: T[]; added: T[] } {
  const byName = new Map<string, { readonly items: T[]; taken: number }>();
  for (const a of after) {
    const entry = byName.get(a.name);
    if (entry) entry.items.push(a);
    else byName.set(a.name, { items: [a], taken: 0 });
  }
  const pairs: [T, T][] = [];
  const removed: T[] = [];
  for (const b of before) {
    const entry = byName.get(b.name);
    if (entry && entry.taken < entry.items.length) pairs.push([b, entry.items[entry.taken++]!]);
    else removed.push(b);
  }
  return { pairs, removed, added: [...byName.values()].flatMap((e) => e.items.slice(e.taken)) };
}

function modified(subject: Subject, oldName: string, name: string, aspects: Aspect[], before: Site, after: Site, move: Aspect | undefined): Change | undefined {
  const all = move ? [...aspects, move] : aspects;
  if (all.length === 0 && oldName === name) return undefined;
  return { subject, kind: oldName === name ? 'modified' : 'renamed', name, ...(oldName === name ? {} : { oldName }), class: classOf(all), aspects: all, before, after, anchor: after };
}

function gone(subject: Subject, name: string, before: string, reason: string, site: Site, anchor: Site | undefined): Change {
  const aspect: Aspect = { field: subject, class: 'loosened', before, after: '', reason, ...(anchor ? { at: anchor } : {}) };
  return { subject, kind: 'removed', name, class: 'loosened', aspects: [aspect], before: site, ...(anchor ? { anchor } : {}) };
}

function come(subject: Subject, name: string, after: string, reason: string, site: Site): Change {
  return { subject, kind: 'added', name, class: 'tightened', aspects: [{ field: subject, class: 'tightened', before: '', after, reason, at: site }], after: site, anchor: site };
}

function moved(before: PolicyFile, after: PolicyFile): Aspect | undefined {
  if (before.document.uri === after.document.uri) return undefined;
  const [from, to] = distinctTails(before.document.uri, after.document.uri);
  return { field: 'file', class: 'neutral', before: from, after: to, reason: `Moved from ${from} to ${to}; where it is written does not change what it decides.` };
}

function classOf(aspects: readonly Aspect[]): ChangeClass {
  if (aspects.some((a) => a.class === 'loosened')) return 'loosened';
  if (aspects.some((a) => a.class === 'tightened')) return 'tightened';
  return 'neutral';
}

/** A removal is reported where the item was: the same list in the same file, else the model's first file. */
function anchorOf(after: readonly PolicyFile[], file: PolicyFile, key: string): Site | undefined {
  const same = after.find((f) => f.document.uri === file.document.uri) ?? after[0];
  if (!same) return undefined;
  const field = same.root?.fields.get(key) ?? same.root?.fields.get('slos');
  return { uri: same.document.uri, range: rangeOf(same.document, field?.key ?? same.root?.node ?? null) };
}

function sloSite(r: SloReading): Site {
  return { uri: r.file.document.uri, range: rangeOf(r.file.document, r.slo.fields.get('name')?.value ?? r.slo.node) };
}

function viewSite(v: GateView | ScenarioView): Site {
  return { uri: v.file.document.uri, range: rangeOf(v.file.document, v.name?.node ?? v.node) };
}

function summary(r: SloReading): string {
  return [r.target.raw, r.window.raw, r.action.raw].filter(Boolean).join(', ');
}

function sourceText(file: PolicyFile, slo: SloView): string {
  const r = slo.node.range;
  return r ? file.document.getText().slice(r[0], r[1]) : '';
}

function actionsText(files: readonly PolicyFile[]): string {
  return files.map((f) => dataText(f.root?.fields.get('actions')?.value)).join('\u0000');
}

/** The two paths from their first differing folder on: `a/safety-slos.yaml` and `b/safety-slos.yaml`. */
function distinctTails(a: string, b: string): [string, string] {
  const x = decodeURIComponent(a).split('/');
  const y = decodeURIComponent(b).split('/');
  let i = 0;
  while (i < Math.min(x.length, y.length) - 1 && x[i] === y[i]) i++;
  return [x.slice(i).join('/'), y.slice(i).join('/')];
}

function bySite(a: Change, b: Change): number {
  const x = a.anchor ?? a.before;
  const y = b.anchor ?? b.before;
  if (!x || !y) return x ? -1 : y ? 1 : 0;
  return x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character;
}
