import { dirname, join, resolve } from 'node:path';
import type { Range } from 'vscode-languageserver-types';
import type { ModelCard } from '../card/model-card';
import type { DeliberationNote } from '../note/parse';
import { isDate } from '../dates';
import { isPolicyFileName } from '../policy/file-names';
import { rangeOf, stringOf, type PolicyFile } from '../policy/parse';
import { neverEvents, type NeverEvent } from '../rules/card/never-events';
import { CARD_FILE_NAMES, isReadmeFileName, NOTES_FOLDER, DEFAULT_NOTE_FILE_NAME } from './file-names';

/**
 * The disk as the engine sees it, keyed by absolute path: the CLI answers from the file system, the
 * server from its index. Parsing is the caller's too, so each file is parsed once and cached there.
 */
export interface FolderLookup {
  /** The names in a folder (files and folders), empty when it does not exist. */
  list(folder: string): readonly string[];
  policy(path: string): PolicyFile | undefined;
  card(path: string): ModelCard | undefined;
  note(path: string): DeliberationNote | undefined;
}

export interface CardFile {
  readonly path: string;
  readonly card: ModelCard;
  readonly neverEvents: readonly NeverEvent[];
}

export interface NoteFile {
  readonly path: string;
  readonly note: DeliberationNote;
  /** The front matter's `date`, when it is one: the newest note is the model's. */
  readonly date?: string;
}

/** What a policy's `model_card:` says, when the file it names cannot be read. */
export interface BrokenCardLink {
  readonly file: PolicyFile;
  readonly path: string;
  readonly range: Range;
}

/**
 * A model folder: a folder holding `safety-slos.yaml`, with the model's three artifacts. The policy may
 * be split over several files of the folder (`*.safety-slos.yaml`); the main one comes first.
 */
export interface ModelFolder {
  readonly folder: string;
  readonly policies: readonly [PolicyFile, ...PolicyFile[]];
  readonly card?: CardFile;
  /** `model_card:` names a file that is not there (then `card` is undefined). */
  readonly brokenCardLink?: BrokenCardLink;
  /** Every note of the folder, the model's own (the newest) first. */
  readonly notes: readonly NoteFile[];
}

/** The model's deliberation note: the newest of its folder. */
export function modelNote(folder: ModelFolder): NoteFile | undefined {
  return folder.notes[0];
}

/** The folder a model folder's main policy would be in: the folder of `safety-slos.yaml` / `.yml`. */
export function isMainPolicyFileName(path: string): boolean {
  return /^safety-slos\.ya?ml$/.test(path.split(/[\\/]/).pop() ?? '');
}

/** The model folder `folder` is, or undefined when it holds no `safety-slos.yaml` the lookup can parse. */
export function modelFolder(folder: string, lookup: FolderLookup): ModelFolder | undefined {
  const names = lookup.list(folder);
  const main = names.filter(isMainPolicyFileName).sort().map((n) => lookup.policy(join(folder, n)))[0];
  if (!main) return undefined;
  const others = names
    .filter((n) => isPolicyFileName(n) && !isMainPolicyFileName(n))
    .sort()
    .flatMap((n) => lookup.policy(join(folder, n)) ?? []);
  const { card, broken } = findCard(folder, names, main, lookup);
  return { folder, policies: [main, ...others], card, brokenCardLink: broken, notes: findNotes(folder, names, lookup) };
}

/** The folders that may be model folders for these files: a policy's own folder, a note's or card's model folder. */
export function candidateFolder(path: string): string {
  const folder = dirname(path);
  return folder.split(/[\\/]/).pop() === NOTES_FOLDER ? dirname(folder) : folder;
}

function findCard(folder: string, names: readonly string[], main: PolicyFile, lookup: FolderLookup): { card?: CardFile; broken?: BrokenCardLink } {
  const link = main.root?.fields.get('model_card');
  const linked = stringOf(link?.value);
  if (link && linked) {
    const path = resolve(folder, linked);
    const card = lookup.card(path);
    return card ? { card: cardFile(path, card) } : { broken: { file: main, path: linked, range: rangeOf(main.document, link.value) } };
  }
  for (const wanted of CARD_FILE_NAMES) {
    const name = names.find((n) => n.toLowerCase() === wanted.toLowerCase());
    const card = name && lookup.card(join(folder, name));
    if (card) return { card: cardFile(join(folder, name), card) };
  }
  const readme = names.find(isReadmeFileName);
  const card = readme && lookup.card(join(folder, readme));
  return card && hasCardFrontMatter(card) ? { card: cardFile(join(folder, readme), card) } : {};
}

function cardFile(path: string, card: ModelCard): CardFile {
  return { path, card, neverEvents: neverEvents(card) };
}

/**
 * Front matter a model card has and a project README does not: the safety keys, or the Hugging Face
 * card metadata (a Hub model repository's README is its model card).
 */
const CARD_KEYS = ['objective', 'never_events', 'safety_slos', 'model-index', 'license', 'base_model', 'pipeline_tag', 'library_name', 'datasets'];

export function hasCardFrontMatter(card: ModelCard): boolean {
  const fields = card.frontMatter?.file.root?.fields;
  return !!fields && CARD_KEYS.some((key) => fields.has(key));
}

function findNotes(folder: string, names: readonly string[], lookup: FolderLookup): NoteFile[] {
  const notes: NoteFile[] = [];
  const single = names.find((n) => n.toLowerCase() === DEFAULT_NOTE_FILE_NAME);
  const singleNote = single && lookup.note(join(folder, single));
  if (singleNote) notes.push(noteFile(join(folder, single), singleNote));
  if (names.includes(NOTES_FOLDER)) {
    const sub = join(folder, NOTES_FOLDER);
    for (const name of lookup.list(sub)) {
      if (!name.toLowerCase().endsWith('.md')) continue;
      const note = lookup.note(join(sub, name));
      if (note) notes.push(noteFile(join(sub, name), note));
    }
  }
  // Newest first by `date`; undated notes last; then by path, newest-looking (date-prefixed names) first.
  return notes.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.path.localeCompare(a.path));
}

function noteFile(path: string, note: DeliberationNote): NoteFile {
  const date = stringOf(note.frontMatter?.file.root?.fields.get('date')?.value);
  return { path, note, date: date && isDate(date) ? date : undefined };
}
