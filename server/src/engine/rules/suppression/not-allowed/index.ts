import { removal } from '../../../suppressions/fixes';
import { mayBeSuppressed } from '../../../suppressions/validity';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'suppression',
  meta: {
    id: 'suppression/not-allowed',
    defaultSeverity: 'error',
    description: 'Rules that guard never events, and the suppression rules themselves, cannot be suppressed by a comment.',
  },
  check({ suppressions, rules, report }) {
    for (const s of suppressions) {
      for (const ref of s.rules) {
        const meta = rules.get(ref.id);
        if (!meta || mayBeSuppressed(meta)) continue;
        report({
          message: meta.guardsNeverEvents
            ? `"${ref.id}" guards a never event and cannot be suppressed: a never event is fixed in the policy, not waived in a comment. Its findings stay.`
            : `"${ref.id}" cannot be suppressed inline: it judges suppressions themselves. Set "${ref.id}: off" in the configuration instead.`,
          range: ref.range,
          fixes: [{ ...removal(s, ref), preferred: true }],
        });
      }
    }
  },
};
