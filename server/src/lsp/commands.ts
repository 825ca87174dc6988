import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { DEFAULT_CARD_FILE_NAME, DEFAULT_NOTE_FILE_NAME, isMainPolicyFileName, newCardText, newNoteText, NOTES_FOLDER, today } from '../engine';
import { EXPLAIN_COMMAND, SHOW_DIFF_COMMAND } from '../engine/features/code-lens';
import { REPLAY_COMMAND, REPLAY_SLOS_COMMAND } from '../engine/features/replay-lens';
import type { Files } from './files';
import type { ModelFolders } from './folders';

/** Commands the server runs through workspace/executeCommand, so every editor can offer them. */
export const SERVER_COMMANDS = {
  newModelCard: 'safetySpecs.server.newModelCard',
  newDeliberationNote: 'safetySpecs.server.newDeliberationNote',
  /** What a dry-run code lens shows (dry-runs.ts). */
  explain: EXPLAIN_COMMAND,
  /** What the SLO diff lens shows (diffs.ts). */
  showDiff: SHOW_DIFF_COMMAND,
  /** A replay's report (replays.ts). */
  replay: REPLAY_COMMAND,
  /** The SLOs a what-if can sweep (replays.ts). */
  replaySlos: REPLAY_SLOS_COMMAND,
} as const;

export type NewFileResult = { readonly uri: string; readonly created: boolean } | { readonly error: string };

/**
 * Creates a model folder's card or a new deliberation note from the template, filled in from its policy, with
 * workspace/applyEdit (the editor creates the file, so it can be undone). An existing card is returned as it
 * is; a folder that already has a note gets one more in `deliberation-notes/`, named by date and `title`.
 */
export async function newSpecFile(connection: Connection, files: Files, folders: ModelFolders, command: string, args: readonly unknown[]): Promise<NewFileResult> {
  const [folderUri, title] = args;
  if (typeof folderUri !== 'string' || !folderUri.startsWith('file:')) return { error: 'Give the model folder as a file: URI.' };
  const folderPath = fileURLToPath(folderUri);
  const main = files.list(folderPath).find(isMainPolicyFileName);
  const folder = main && folders.folderOf(join(folderPath, main));
  if (!folder) return { error: `${folderPath} is not a model folder: it holds no safety-slos.yaml.` };
  let path: string;
  let text: string;
  if (command === SERVER_COMMANDS.newModelCard) {
    if (folder.card) return { uri: pathToFileURL(folder.card.path).href, created: false };
    path = join(folderPath, folder.brokenCardLink?.path ?? DEFAULT_CARD_FILE_NAME);
    text = newCardText(folder, folder.brokenCardLink?.path ?? DEFAULT_CARD_FILE_NAME);
  } else {
    const day = today();
    path = folder.notes.length || existsSync(join(folderPath, DEFAULT_NOTE_FILE_NAME)) ? freeNotePath(folderPath, day, typeof title === 'string' ? title : '') : join(folderPath, DEFAULT_NOTE_FILE_NAME);
    text = newNoteText(folder, day);
  }
  const uri = pathToFileURL(path).href;
  const { applied, failureReason } = await connection.workspace.applyEdit({
    label: command === SERVER_COMMANDS.newModelCard ? 'New model card' : 'New deliberation note',
    edit: { documentChanges: [{ kind: 'create', uri }, { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] }] },
  });
  return applied ? { uri, created: true } : { error: `The editor did not create ${path}${failureReason ? `: ${failureReason}` : ''}.` };
}

/** `deliberation-notes/2026-11-24-raise-ood-threshold.md`, with `-2`, `-3`, ... when taken. */
function freeNotePath(folder: string, day: string, title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '') || 'change';
  const base = join(folder, NOTES_FOLDER, `${day}-${slug}`);
  let path = `${base}.md`;
  for (let n = 2; existsSync(path); n++) path = `${base}-${n}.md`;
  return path;
}
