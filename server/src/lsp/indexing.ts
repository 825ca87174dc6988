import { pathToFileURL } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import { isPolicyFileName, mayBeMarkdownSpec } from '../engine';
import { isConfigFileName } from '../engine/config';
import type { Files } from './files';
import { beginProgress } from './progress';
import { findFiles, inChunks, MAX_SCANNED_FILES } from './scan';
import type { Workspace } from './workspace';

/**
 * The initial scan: reads the policy, config and Markdown files (model cards, notes, READMEs) under the workspace folders a
 * chunk at a time (requests are answered meanwhile), with work-done progress where the client shows it.
 */
export async function indexWorkspace(connection: Connection, folders: readonly string[], files: Files, workspace: Workspace, showProgress: boolean): Promise<void> {
  const progress = await beginProgress(connection, showProgress, 'Safety Specs: indexing policy files, model cards and notes');
  const { paths, truncated } = await findFiles(folders, (path) => isPolicyFileName(path) || isConfigFileName(path) || mayBeMarkdownSpec(path));
  if (truncated) connection.console.warn(`Indexed the first ${MAX_SCANNED_FILES} policy, config and Markdown files only (the bound on the initial scan); others get diagnostics once opened.`);
  let policies = 0;
  let configs = 0;
  let markdown = 0;
  await inChunks(
    paths,
    (path) => {
      const uri = pathToFileURL(path).href;
      if (!files.load(uri)) return;
      if (isPolicyFileName(path)) {
        policies++;
        workspace.prepare(uri);
      } else if (isConfigFileName(path)) configs++;
      else markdown++;
    },
    (done) => progress.report(done, paths.length),
  );
  const counted = `${policies} policy files in the workspace (${configs} config file${configs === 1 ? '' : 's'}, ${markdown} Markdown file${markdown === 1 ? '' : 's'})`;
  progress.end(`Indexed ${counted}`);
  connection.console.info(`Indexed ${counted}.`);
}
