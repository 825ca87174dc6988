// File-name patterns that identify Safety Specs files.
//
// Kept free of any `vscode` import so that tests can check them against the
// manifest (package.json `activationEvents`) and the server's own file-name tests
// without an extension host.

import { CARD_FILE_NAMES, DEFAULT_NOTE_FILE_NAME, NOTES_FOLDER } from '../../server/src/engine/folder/file-names';
import { POLICY_FILE_GLOB } from '../../server/src/engine/policy/file-names';

/** Policy files: `safety-slos.yaml`, `safety-slos.yml` and `*.safety-slos.yaml`; one definition, shared with the server. */
export { POLICY_FILE_GLOB };

/** The main policy of a model folder: a folder holding one of these is where a model's card and notes live. */
export const MAIN_POLICY_FILE_NAMES = ['safety-slos.yaml', 'safety-slos.yml'] as const;
export const MAIN_POLICY_GLOB = `**/{${MAIN_POLICY_FILE_NAMES.join(',')}}`;

/** Project-level configuration for the linter (read by the server). */
export const CONFIG_FILE_GLOB = '**/.safety-specs.yaml';

/**
 * `MODEL_CARD.md` as `[Mm][Oo][Dd][Ee][Ll]_[Cc][Aa][Rr][Dd].[Mm][Dd]`: the server compares these names
 * case-insensitively, but a DocumentFilter's or a file watcher's glob is matched case-sensitively.
 */
function anyCase(name: string): string {
  return name.replace(/\p{L}/gu, (c) => (c.toUpperCase() === c.toLowerCase() ? c : `[${c.toUpperCase()}${c.toLowerCase()}]`));
}

/**
 * Markdown files that may be a model card or a deliberation note by their name (see `mayBeMarkdownSpec` in
 * server/src/engine/folder/file-names.ts): the card names, `README.md` (a card only when its front matter says
 * so: the server decides, and a plain README gets nothing from it) and `deliberation-note.md`, in any letter
 * case; and any `.md` file in a `deliberation-notes/` folder (one note per change).
 */
export const MARKDOWN_SPEC_GLOBS = [
  `**/{${[...new Set([...CARD_FILE_NAMES, 'README.md', DEFAULT_NOTE_FILE_NAME].map((n) => n.toLowerCase()))].map(anyCase).join(',')}}`,
  `**/${NOTES_FOLDER}/*.[Mm][Dd]`,
] as const;

/**
 * Documents handed to the language server.
 *
 * Policy files stay in the `yaml` language on purpose: the YAML grammar (plus our
 * injection grammar), the snippets and other YAML tooling keep working on them.
 * Only on-disk files are selected: an untitled buffer has no file name to match,
 * and a card or note means something only beside its policy.
 */
export const POLICY_DOCUMENT_SELECTOR = [{ scheme: 'file', language: 'yaml', pattern: POLICY_FILE_GLOB }] as const;

/**
 * Model cards and deliberation notes, and no other Markdown: the built-in Markdown support and markdownlint keep
 * every Markdown file, and these get Safety Specs' diagnostics, hovers, completion and links besides.
 */
export const MARKDOWN_DOCUMENT_SELECTOR = MARKDOWN_SPEC_GLOBS.map((pattern) => ({ scheme: 'file', language: 'markdown', pattern }) as const);

/** Everything the server answers for: policy files, config files (validated, with hover and completion), model cards and notes. */
export const DOCUMENT_SELECTOR = [
  ...POLICY_DOCUMENT_SELECTOR,
  { scheme: 'file', language: 'yaml', pattern: CONFIG_FILE_GLOB },
  ...MARKDOWN_DOCUMENT_SELECTOR,
] as const;
