import { removal } from '../../../suppressions/fixes';
import { isDate } from '../../../dates';
import { isLapsed } from '../../../suppressions/validity';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'suppression',
  meta: {
    id: 'suppression/expired',
    defaultSeverity: 'warning',
    description: 'A suppression past its `until` date, or with an expiry that is not a YYYY-MM-DD date, silences nothing.',
  },
  check({ suppressions, today, report }) {
    for (const s of suppressions) {
      if (!s.until || !isLapsed(s, today)) continue;
      const { date, range } = s.until;
      report({
        message: isDate(date)
          ? `This suppression expired after ${date}: the findings it silenced are reported again. Fix them, or renew it with a later date if the reason still holds.`
          : `"${date}" is not a date: write the expiry as "until YYYY-MM-DD". Until then this suppression silences nothing.`,
        range,
        fixes: [removal(s)],
      });
    }
  },
};
