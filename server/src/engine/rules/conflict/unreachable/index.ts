import { domainSet, sloFacts } from '../../../conflicts/facts';
import { equals, isEmpty } from '../../../conflicts/intervals';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'conflict/unreachable',
    defaultSeverity: 'warning',
    description: 'A target that can never breach or always breaches, given the values its metric can take (">= 0" on a ratio, "< 0" on a count).',
  },
  check({ file, report, range }) {
    for (const f of sloFacts(file)) {
      const { value, comparator, unit } = f.target;
      // A ratio threshold outside [0, 1] is slo/ratio-bounds' finding, with a better message.
      if (f.domain === 'ratio' && (value < 0 || value > 1)) continue;
      const never = equals(f.holds, domainSet(f.domain));
      if (!never && !isEmpty(f.holds)) continue;
      const values = { ratio: 'a ratio lies in [0, 1]', count: 'a count is never negative', duration: 'a duration is never negative', real: '' }[f.domain];
      report({
        message: never
          ? `"${comparator} ${f.target.literal}${unit ?? ''}" can never breach: ${values}, so every value satisfies it and ${f.action.name} never fires.`
          : `"${comparator} ${f.target.literal}${unit ?? ''}" always breaches: ${values}, so no value satisfies it and ${f.action.name} fires all the time.`,
        anchor: f.name,
        range: range(f.slo.fields.get('target')?.value),
      });
    }
  },
};
