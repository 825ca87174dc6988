import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isNoteFileName } from '../engine/folder/file-names';
import { parsePolicy, type PolicyFile } from '../engine/policy/parse';
import { isPolicyFileName } from '../engine/policy/file-names';
import { listFilesAt, readFilesAt, type Base } from '../git';

/**
 * The base revision as the diff reads it: every policy file and every deliberation note at that commit,
 * read once (a commit never changes, so callers cache this by commit). Files get the URI their path
 * has in the working tree, so a file that did not move pairs with itself.
 */
export interface BaseVersions {
  readonly root: string;
  readonly base: Base;
  readonly policies: readonly PolicyFile[];
  /** Note texts at the base, by absolute path; a note absent here did not exist at the base. */
  readonly notes: ReadonlyMap<string, string>;
}

export async function loadBaseVersions(root: string, base: Base): Promise<BaseVersions> {
  const paths = (await listFilesAt(root, base.commit)).filter((p) => isPolicyFileName(p) || isNoteFileName(p));
  const texts = await readFilesAt(root, base.commit, paths);
  const policies: PolicyFile[] = [];
  const notes = new Map<string, string>();
  for (const [path, text] of texts) {
    const absolute = join(root, path);
    if (isPolicyFileName(path)) policies.push(parsePolicy(TextDocument.create(pathToFileURL(absolute).href, 'yaml', 0, text)));
    else notes.set(absolute, text);
  }
  return { root, base, policies, notes };
}
