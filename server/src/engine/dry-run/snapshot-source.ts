import { isMap, isScalar } from 'yaml';
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
  const ordered = sortedFiles(files).sort((a, b) => Number(isMain(b)) - Number(isMain(a)));
  for (const file of ordered) {
    const field = file.root?.fields.get('metrics');
    if (!field?.value) continue;
    const document = file.document;
    if (isMap(field.value)) return { kind: 'inline', values: readMetricMap(document, field.value, `the metrics of ${uriFileName(document.uri)}`) };
    if (isScalar(field.value) && typeof field.value.value === 'string' && field.value.value.trim() !== '') {
      const path = field.value.value.trim();
      const site = { uri: document.uri, range: rangeOf(document, field.value) };
      return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path) ? { kind: 'url', url: path, site } : { kind: 'file', path, policyUri: document.uri, site };
    }
  }
  return { kind: 'none' };
}

function isMain(file: PolicyFile): boolean {
  return /(^|\/)safety-slos\.ya?ml$/.test(file.document.uri);
}
