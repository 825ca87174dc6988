import * as path from 'node:path';
import * as vscode from 'vscode';
import { NOTES_FOLDER } from '../../server/src/engine/folder/file-names';
import { MAIN_POLICY_FILE_NAMES, MAIN_POLICY_GLOB } from './selectors';

/**
 * The model folder a new card or note goes into: the one of `resource` (an explorer item) or of the active
 * editor's file; otherwise the user picks one of the workspace's. Undefined when cancelled, or when the workspace
 * has none (an error message says so).
 */
export async function chooseModelFolder(resource: vscode.Uri | undefined, what: string): Promise<vscode.Uri | undefined> {
  const file = resource ?? vscode.window.activeTextEditor?.document.uri;
  const own = file && (await modelFolderOf(file));
  if (own) return own;
  const folders = await findModelFolders();
  if (folders.length === 0) {
    void vscode.window.showErrorMessage(`Safety Specs: no model folder to put a ${what} in: a model folder is a folder with a safety-slos.yaml, and this workspace has none.`);
    return undefined;
  }
  if (folders.length === 1) return folders[0];
  const picked = await vscode.window.showQuickPick(
    folders.map((folder) => ({ label: labelOf(folder), description: vscode.workspace.getWorkspaceFolder(folder)?.name, folder })),
    { title: `New ${what}`, placeHolder: 'The model folder (a folder with safety-slos.yaml) to put it in', matchOnDescription: true },
  );
  return picked?.folder;
}

/** A file's model folder: its own folder, or the one above its `deliberation-notes/`, if it holds the main policy. */
async function modelFolderOf(file: vscode.Uri): Promise<vscode.Uri | undefined> {
  // The server indexes files on disk only.
  if (file.scheme !== 'file') return undefined;
  const folder = vscode.Uri.joinPath(file, '..');
  const candidate = path.posix.basename(folder.path) === NOTES_FOLDER ? vscode.Uri.joinPath(folder, '..') : folder;
  return (await isModelFolder(candidate)) ? candidate : undefined;
}

async function isModelFolder(folder: vscode.Uri): Promise<boolean> {
  const found = await Promise.all(
    MAIN_POLICY_FILE_NAMES.map((name) => vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name)).then((s) => (s.type & vscode.FileType.File) !== 0, () => false)),
  );
  return found.includes(true);
}

/** The folders of the workspace's main policy files, in path order. */
async function findModelFolders(): Promise<vscode.Uri[]> {
  const policies = await vscode.workspace.findFiles(MAIN_POLICY_GLOB, '**/node_modules/**');
  const folders = new Map(policies.map((policy) => vscode.Uri.joinPath(policy, '..')).map((folder) => [folder.toString(), folder]));
  return [...folders.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** The folder as the workspace names it (`claims-triage`), or the workspace folder's name for its root. */
function labelOf(folder: vscode.Uri): string {
  const root = vscode.workspace.getWorkspaceFolder(folder);
  if (root && root.uri.toString() === folder.toString()) return root.name;
  return vscode.workspace.asRelativePath(folder, false);
}
