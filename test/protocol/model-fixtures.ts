// Two policy files of one model (a base and a tenant's overrides) and a temp workspace to put them in:
// shared by the cross-file conflict and workspace-index tests. Line numbers are 0-based.
import { mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tempRoot } from '../fixtures/model-folder-rules';
import { lines, type Diagnostic, type PublishDiagnosticsParams } from './lsp-client';

/** The base policy of the claims-triage model: clean on its own. */
export const BASE = lines(
  '# Base policy for the claims-triage model.', //  0
  'version: 1', //                                  1
  'model: claims-triage', //                        2
  'slos:', //                                       3
  '  - name: ood_recall_7d', //                     4  name at 10..23
  '    metric: ood_recall', //                      5
  '    objective: "Detect distribution shift before harm."', // 6
  '    target: ">= 0.90"', //                       7
  '    window: 7d', //                              8
  '    action_on_breach: degrade_to_safe_mode', //  9
);

/** The first four lines of acme's overrides, up to `slos:`. */
export const ACME_HEADER = lines(
  '# Acme overrides: they apply on top of the base policy.', // 0
  'version: 1', //                                  1
  'model: claims-triage', //                        2
  'slos:', //                                       3
);

/** An SLO for acme that no value can meet together with the base's ood_recall_7d (">= 0.90"). */
export const CAP_SLO = lines(
  '  - name: acme_ood_recall_cap', //               +0  name at 10..29
  '    metric: ood_recall', //                      +1
  '    objective: "Acme tolerates lower recall."', // +2
  '    target: "<= 0.80"', //                       +3
  '    window: 7d', //                              +4
  '    action_on_breach: degrade_to_safe_mode', //  +5
  '    scope: { tenant: acme }', //                 +6
);

const diagnosticsOf = (p: PublishDiagnosticsParams | Diagnostic[]) => (Array.isArray(p) ? p : p.diagnostics);
export const conflictsOf = (p: PublishDiagnosticsParams | Diagnostic[]) => diagnosticsOf(p).filter((d) => String(d.code).startsWith('conflict/'));
export const codes = (p: PublishDiagnosticsParams | Diagnostic[]) => diagnosticsOf(p).map((d) => String(d.code));

/** A temp workspace folder with the given files; removed by `cleanup`. */
export function tempWorkspace(files: Record<string, string>, options: { readonly modelFolders?: boolean } = {}) {
  const { base, root } = tempRoot('safety-specs-workspace-', options);
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return {
    root,
    write,
    remove: (path: string) => unlinkSync(join(root, path)),
    path: (path: string) => join(root, path),
    uri: (path: string) => pathToFileURL(join(root, path)).href,
    folder: { uri: pathToFileURL(root).href, name: 'claims' },
    cleanup: () => rmSync(base, { recursive: true, force: true }),
  };
}
