import { removal } from '../../../suppressions/fixes';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'suppression',
  meta: {
    id: 'suppression/missing-reason',
    defaultSeverity: 'error',
    description: 'A suppression comment says why the finding is acceptable, after a colon: without a reason it silences nothing.',
  },
  check({ suppressions, report }) {
    for (const s of suppressions) {
      if (s.reason !== undefined) continue;
      report({
        message: 'This suppression gives no reason, so it silences nothing. Say why the finding is acceptable after a colon: "# safety-specs-ignore <rule>: <reason>".',
        range: s.range,
        fixes: [removal(s)],
      });
    }
  },
};
