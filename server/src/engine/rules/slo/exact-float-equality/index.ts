import { sloTarget } from '../../../policy/semantics';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/exact-float-equality',
    defaultSeverity: 'warning',
    description: '"==" or "!=" on a non-integer target: exact equality of measured fractions practically never holds.',
  },
  check({ file, report, range }) {
    for (const slo of file.slos) {
      const target = sloTarget(file, slo);
      if (!target?.result.ok) continue;
      const { comparator, value } = target.result.target;
      if ((comparator !== '==' && comparator !== '!=') || Number.isInteger(value)) continue;
      const holds = comparator === '==' ? 'almost never holds, so this SLO would breach all the time' : 'almost always holds, so this SLO would never breach';
      report({
        message: `"${comparator} ${target.result.target.literal}${target.result.target.unit ?? ''}" compares a measured value for exact equality with a fraction, which ${holds}. Use a bound such as ">=" or "<=".`,
        range: range(target.field.value),
      });
    }
  },
};
