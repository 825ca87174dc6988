import { findSection } from '../../../markdown/parse';
import { rangeOf } from '../../../policy/parse';
import { sloAction } from '../../../policy/semantics';
import type { Rule } from '../../rule';
import { folderSlos } from '../folder-slos';

/** Card sections that say what safe mode is. */
export const SAFE_MODE_HEADINGS = [/^safe[- ]mode\b/, /^safe baseline\b/];

const SAFE_MODE = 'degrade_to_safe_mode';

export const rule: Rule = {
  kind: 'folder',
  meta: {
    id: 'model/safe-mode',
    defaultSeverity: 'warning',
    description: 'A policy that degrades to safe mode says what safe mode is: a top-level `safe_mode:` in the policy, or a "Safe mode" section in the model card.',
  },
  check({ folder, report }) {
    const uses = folderSlos(folder).flatMap(({ file, slo }) => {
      const action = sloAction(file, slo);
      if (action?.resolved?.ladder !== SAFE_MODE) return [];
      const via = action.resolved.custom ? ` ("${action.name}" ranks with ${SAFE_MODE})` : '';
      return [{ document: file.document, name: slo.name, range: rangeOf(file.document, action.node), via }];
    });
    const [first, ...others] = uses;
    if (!first) return;
    if (folder.policies.some((p) => p.root?.fields.has('safe_mode'))) return;
    if (folder.card && findSection(folder.card.card, SAFE_MODE_HEADINGS)) return;
    report(first.document, {
      message: `"${first.name ?? 'This SLO'}" degrades to safe mode${first.via}, but nothing says what safe mode is: describe it under a top-level \`safe_mode:\` in the policy, or in a "Safe mode" (or "Safe baseline") section of the model card.`,
      range: first.range,
      anchor: first.name,
      related: others.map((o) => ({ uri: o.document.uri, range: o.range, message: `"${o.name ?? 'this SLO'}" degrades to safe mode too${o.via}`, anchor: o.name })),
    });
  },
};
