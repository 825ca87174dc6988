import { basename } from 'node:path';

/** The names a model card goes by beside its policy (compared case-insensitively; `README.md` only with card front matter). */
export const CARD_FILE_NAMES = ['MODEL_CARD.md', 'model-card.md', 'model_card.md'] as const;

/** Where a new model card is created when a model folder has none. */
export const DEFAULT_CARD_FILE_NAME = 'MODEL_CARD.md';
/** Where a new deliberation note is created when a model folder has none. */
export const DEFAULT_NOTE_FILE_NAME = 'deliberation-note.md';
/** One note per change: `deliberation-notes/<date>-<change>.md`. */
export const NOTES_FOLDER = 'deliberation-notes';

export function isCardFileName(path: string): boolean {
  const name = basename(path).toLowerCase();
  return CARD_FILE_NAMES.some((n) => n.toLowerCase() === name);
}

export function isReadmeFileName(path: string): boolean {
  return basename(path).toLowerCase() === 'readme.md';
}

/** A deliberation note: `deliberation-note.md`, or any `.md` file in a `deliberation-notes/` folder (one per change). */
export function isNoteFileName(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const name = parts.at(-1)!.toLowerCase();
  return name === DEFAULT_NOTE_FILE_NAME || (parts.at(-2) === NOTES_FOLDER && name.endsWith('.md'));
}

/** Files that may be a model card or a note by their name alone (a README is one only if its front matter says so). */
export function mayBeMarkdownSpec(path: string): boolean {
  return isCardFileName(path) || isNoteFileName(path) || isReadmeFileName(path);
}
