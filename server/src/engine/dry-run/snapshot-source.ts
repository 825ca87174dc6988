import { isMap, isScalar, type Node } from 'yaml';
import { rangeOf, type PolicyFile } from '../policy/parse';
import { readMetricMap, type MetricValues, type Site } from './metric-values';
import { sortedFiles } from './evaluate';
import { uriFileName } from '../uri';

/**
 * Where a model's default metrics come from, as its policy says (`metrics:`): a snapshot file, named relative to
 * the policy that names it, or an inline map. Callers read the file (the CLI from disk, the server from its index)
 * and may override it (`--metrics`, the `safetySpecs.dryRun.metrics` setting). The main policy's `metrics:` wins
 * over another file's; a URL is refused: dry runs never fetch anything.
 */
export type SnapshotSource =
  | { readonly kind: 'file'; readonly path: string; readonly policyUri: string; readonly site: Site }
  | { readonly kind: 'inline'; readonly values: MetricValues }
  | { readonly kind: 'url'; readonly url: string; readonly site: Site }
  | { readonly kind: 'none' };

export function policySnapshot(files: readonly PolicyFile[]): SnapshotSource {
  for (const file of mainFirst(files)) {
    const value = file.root?.fields.get('metrics')?.value;
    if (isMap(value)) return { kind: 'inline', values: readMetricMap(file.document, value, `the metrics of ${uriFileName(file.document.uri)}`) };
    const path = writtenPath(file, value);
    if (path) return path;
  }
  return { kind: 'none' };
}

/** A model's files in the order their top-level settings are looked for: the main policy first, then by URI. */
export function mainFirst(files: readonly PolicyFile[]): PolicyFile[] {
  return sortedFiles(files).sort((a, b) => Number(isMain(b)) - Number(isMain(a)));
}

/** A path a policy names (`metrics:`, `history:`): a file relative to that policy, or a URL; undefined when blank or not a string. */
export function writtenPath(file: PolicyFile, node: Node | null | undefined): Extract<SnapshotSource, { kind: 'file' | 'url' }> | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') return undefined;
  const path = node.value.trim();
  const site = { uri: file.document.uri, range: rangeOf(file.document, node) };
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) ? { kind: 'url', url: path, site } : { kind: 'file', path, policyUri: file.document.uri, site };
}

function isMain(file: PolicyFile): boolean {
  return /(^|\/)safety-slos\.ya?ml$/.test(file.document.uri);
}
