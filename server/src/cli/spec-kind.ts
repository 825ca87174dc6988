import { basename, extname, resolve } from 'node:path';
import { CARD_FILE_NAMES, isCardFileName, isConfigFileName, isNoteFileName, isPolicyFileName, isReadmeFileName } from '../engine';

/** The kinds of Markdown spec, also the values of `--markdown-as`. */
export const MARKDOWN_KINDS = ['card', 'note'] as const;
export type MarkdownKind = (typeof MARKDOWN_KINDS)[number];
export const isMarkdownKind = (value: string): value is MarkdownKind => (MARKDOWN_KINDS as readonly string[]).includes(value);

/** What the CLI checks a file as. */
export type SpecKind = 'policy' | 'config' | MarkdownKind;

/**
 * What a file is by its name alone. A `readme` is a model card only where its model folder makes it one
 * (beside `safety-slos.yaml`, with model-card front matter, or named by `model_card:`): the engine decides.
 */
export type NamedKind = SpecKind | 'readme';

export const isMarkdownPath = (path: string) => extname(path).toLowerCase() === '.md';

/** A folder walk keeps policy files, cards, notes and READMEs; the rest is undefined. */
export function walkedKind(path: string): Exclude<NamedKind, 'config'> | undefined {
  return isPolicyFileName(basename(path)) ? 'policy' : markdownKindByName(path);
}

/**
 * What a file named on the command line is checked as: a `.md` file by its name, or as `markdownAs` says
 * (then every named `.md` file is that kind); any other file as a policy (or a config, by its name).
 */
export function namedKind(path: string, markdownAs: MarkdownKind | undefined): NamedKind | { readonly error: string } {
  if (!isMarkdownPath(path)) return isConfigFileName(basename(path)) ? 'config' : 'policy';
  return markdownAs ?? markdownKindByName(path) ?? { error: UNKNOWN_MARKDOWN };
}

const UNKNOWN_MARKDOWN =
  `neither a model card nor a deliberation note by its name: name a card ${CARD_FILE_NAMES.join(', ')} (or a README.md with ` +
  'model-card front matter beside safety-slos.yaml) and a note deliberation-note.md or deliberation-notes/<change>.md, ' +
  'or pass --markdown-as card|note';

function markdownKindByName(path: string): MarkdownKind | 'readme' | undefined {
  // A note is known by its folder too (deliberation-notes/), so the name is read from the absolute path.
  const absolute = resolve(path);
  if (isCardFileName(absolute)) return 'card';
  if (isNoteFileName(absolute)) return 'note';
  return isReadmeFileName(absolute) ? 'readme' : undefined;
}
