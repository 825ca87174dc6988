import { isScalar } from 'yaml';
import { replaceScalar } from '../../../edits';
import { isNeverEventSlo, sloTarget } from '../../../policy/semantics';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'never-event/target-zero',
    defaultSeverity: 'error',
    description: 'A never-event SLO tolerates no event: its target is "== 0".',
    guardsNeverEvents: true,
  },
  check({ file, document, report, range }) {
    for (const slo of file.slos) {
      if (!isNeverEventSlo(slo)) continue;
      const target = sloTarget(file, slo);
      if (!target?.result.ok) continue;
      const { comparator, value } = target.result.target;
      if (comparator === '==' && value === 0) continue;
      const node = target.field.value;
      report({
        message: `"${slo.name ?? 'This SLO'}" guards never events, so a single event must breach it: its target must be "== 0", not "${target.raw.trim()}".`,
        range: range(node),
        fixes: isScalar(node) ? [{ title: 'Change target to "== 0"', edits: [replaceScalar(document, node, '== 0')], preferred: true }] : undefined,
      });
    }
  },
};
