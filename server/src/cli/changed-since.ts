import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../engine';
import { changedRegions, isAboutChange, type FileChanges, type Head } from '../engine/diff/changed-regions';
import { GitError, readFilesAt, type Base } from '../git';
import { UsageError } from './errors';
import type { FileReport } from './format/report';

/** Narrows one file's report to the findings about what changed since the base. */
export type SinceFilter = (report: FileReport) => FileReport;

/**
 * `check --changed-since REV`: every checked file (`heads`, by URI) compared with its version at `base`, read in
 * one git process. The whole model was analysed, so a cross-file finding is right; only what is reported narrows.
 */
export async function changedSince(root: string, base: Base, heads: ReadonlyMap<string, Head>): Promise<SinceFilter> {
  const paths = new Map([...heads.keys()].flatMap((uri) => repoPaths(root, uri).map((path) => [uri, path] as const)));
  let texts: Map<string, string>;
  try {
    texts = await readFilesAt(root, base.commit, [...paths.values()]);
  } catch (e) {
    throw e instanceof GitError ? new UsageError(`--changed-since: ${e.message}.`) : e;
  }
  const changes = new Map<string, FileChanges>();
  for (const [uri, head] of heads) {
    const path = paths.get(uri);
    // The working tree's copy had its byte-order mark dropped when read; so does the base's.
    changes.set(uri, changedRegions(path === undefined ? undefined : texts.get(path)?.replace(/^\uFEFF/, ''), head));
  }
  const about = (uri: string) => (finding: Finding) => isAboutChange(uri, finding, (u) => changes.get(u));
  return (report) => {
    if ('error' in report) return report;
    const keep = about(report.uri);
    return {
      ...report,
      findings: report.findings.filter(keep),
      ...(report.waived && { waived: report.waived.filter((w) => keep(w.finding)) }),
      ...(report.baselined && { baselined: report.baselined.filter(keep) }),
    };
  };
}

/**
 * The file's path in the repository, as git names it: the folder's real path (the root git prints is one), the
 * file's own name kept (a symlink is tracked under its name). None for a file outside the worktree: it is new.
 */
function repoPaths(root: string, uri: string): string[] {
  try {
    const file = fileURLToPath(uri);
    const path = relative(root, join(realpathSync(dirname(file)), basename(file)));
    return path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path) ? [] : [path.split(sep).join('/')];
  } catch {
    return [];
  }
}
