import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeWorkspace } from '../../analyze';
import { policy, slo, TEST_URI } from '../../testing';
import type { Finding } from '../../types';

/** Test helpers for the gate and scenario rules only: nothing in the engine imports this file. */

/** A second policy file of the same model. */
export const TENANT_URI = 'file:///w/tenants/acme.safety-slos.yaml';

/** A never-event SLO that kills the model on the first violation. */
export const NEVER_EVENT_SLO = slo({ name: 'never_event_violations', objective: 'No claim is denied without review.', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch' });

/** A clean policy with `ood_recall_7d` (>= 0.90, degrade_to_safe_mode) and `never_event_violations`, then `extra`. */
export function dryRunPolicy(extra: string, slos = slo() + NEVER_EVENT_SLO): string {
  return policy(slos, extra);
}

/** The findings of several files analysed together (grouped by model as the CLI does), each with its URI. */
export function workspaceFindings(texts: Readonly<Record<string, string>>, ruleId?: string): (Finding & { readonly uri: string })[] {
  const results = analyzeWorkspace(Object.entries(texts).map(([uri, text]) => TextDocument.create(uri, 'yaml', 1, text)));
  return [...results].flatMap(([uri, a]) => a.findings.filter((f) => !ruleId || f.rule === ruleId).map((f) => ({ ...f, uri })));
}

export { TEST_URI };
