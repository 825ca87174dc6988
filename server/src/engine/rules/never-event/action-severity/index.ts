import { replaceScalar } from '../../../edits';
import { ladderRank, LADDER_TEXT } from '../../../ladder';
import { isNeverEventSlo, sloAction } from '../../../policy/semantics';
import type { Rule } from '../../rule';

const MINIMUM = 'rollback';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'never-event/action-severity',
    defaultSeverity: 'error',
    description: 'A never-event SLO acts at least as severely as rollback; kill_switch is the default answer to a never event.',
    guardsNeverEvents: true,
  },
  check({ file, document, report, range }) {
    for (const slo of file.slos) {
      if (!isNeverEventSlo(slo)) continue;
      const action = sloAction(file, slo);
      if (!action?.resolved || action.resolved.rank >= ladderRank(MINIMUM)) continue;
      const via = action.resolved.custom ? ` (ranks with ${action.resolved.ladder})` : '';
      report({
        message: `"${slo.name ?? 'This SLO'}" guards never events, so its action must be at least ${MINIMUM}; "${action.name}"${via} is milder. Ladder: ${LADDER_TEXT}.`,
        range: range(action.node),
        fixes: ['kill_switch', 'rollback'].map((name, i) => ({
          title: `Change action to "${name}"`,
          edits: [replaceScalar(document, action.node, name)],
          preferred: i === 0,
        })),
      });
    }
  },
};
