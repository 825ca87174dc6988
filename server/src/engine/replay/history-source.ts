import { mainFirst, writtenPath, type SnapshotSource } from '../dry-run/snapshot-source';
import type { PolicyFile } from '../policy/parse';

/**
 * The metric history a model's policy names (`history:`): a JSONL or CSV file, relative to the policy that names
 * it. The main policy's wins over another file's; a URL is refused by callers: replays never fetch anything. The CLI's
 * `--metrics` and the `safetySpecs.replay.history` setting override it.
 */
export type HistorySource = Extract<SnapshotSource, { kind: 'file' | 'url' | 'none' }>;

export function policyHistory(files: readonly PolicyFile[]): HistorySource {
  for (const file of mainFirst(files)) {
    const path = writtenPath(file, file.root?.fields.get('history')?.value);
    if (path) return path;
  }
  return { kind: 'none' };
}
