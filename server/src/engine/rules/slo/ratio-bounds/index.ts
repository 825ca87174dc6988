import { isScalar } from 'yaml';
import { replaceScalar } from '../../../edits';
import { isRatioLike } from '../../../metric-kind';
import { sloTarget } from '../../../policy/semantics';
import { formatThreshold } from '../../../target';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/ratio-bounds',
    defaultSeverity: 'error',
    description: 'A ratio-like metric (recall, precision, rate, ece, ...) has a target within [0, 1]; ">= 90" where 0.90 was meant is caught.',
  },
  check({ file, document, report, range }) {
    for (const slo of file.slos) {
      const target = sloTarget(file, slo);
      if (!target?.result.ok || !slo.metric || !isRatioLike(slo.metric)) continue;
      const { comparator, value, unit } = target.result.target;
      if (unit && unit !== '%') {
        report({ message: `"${slo.metric}" is a ratio, but its target has the unit "${unit}". Use a number in [0, 1] or a percentage.`, range: range(target.field.value) });
        continue;
      }
      if (value >= 0 && value <= 1) continue;
      const node = target.field.value;
      if (!unit && value > 1 && value <= 100) {
        const meant = `${comparator} ${formatThreshold(Number((value / 100).toPrecision(12)))}`;
        // From 10 up, `90` or `99.5` reads as a percentage and as a dropped "0." alike; `1.5` might be 1.5% or 0.15.
        const unambiguous = value >= 10;
        report({
          message: unambiguous
            ? `"${slo.metric}" is a ratio in [0, 1], but the target is ${value}: a percentage written as a number? Did you mean "${meant}" (or "${comparator} ${value}%")?`
            : `"${slo.metric}" is a ratio in [0, 1], but the target is ${value}: a percentage written as a number ("${comparator} ${value}%"), or a misplaced decimal point? Write the ratio.`,
          range: range(node),
          fixes: unambiguous && isScalar(node) ? [{ title: `Change target to "${meant}"`, edits: [replaceScalar(document, node, meant)], preferred: true }] : undefined,
        });
        continue;
      }
      report({ message: `"${slo.metric}" is a ratio in [0, 1], but the target threshold is ${formatThreshold(value)}, which no ratio can reach or always exceeds.`, range: range(node) });
    }
  },
};
