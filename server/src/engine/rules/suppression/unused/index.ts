import { removal } from '../../../suppressions/fixes';
import { inForce, mayBeSuppressed } from '../../../suppressions/validity';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'suppression',
  meta: {
    id: 'suppression/unused',
    defaultSeverity: 'warning',
    description: 'A suppression in force that silences nothing: stale, it would hide a future finding unnoticed.',
  },
  check({ suppressions, today, rules, report }) {
    for (const s of suppressions) {
      if (!inForce(s, today)) continue; // missing-reason and expired say why it silences nothing
      const idle = s.rules.filter((ref) => {
        const meta = rules.get(ref.id);
        return meta && mayBeSuppressed(meta) && !s.silenced.some((f) => f.rule === ref.id);
      });
      if (idle.length === 0) continue;
      const where = s.target === 'file' ? 'in this file' : `on line ${s.target.line + 1}`;
      if (s.silenced.length === 0) {
        const names = idle.map((ref) => `"${ref.id}"`).join(' or ');
        report({ message: `This suppression silences nothing: there is no ${names} finding ${where}.`, range: s.range, fixes: [{ ...removal(s), preferred: true }] });
        continue;
      }
      for (const ref of idle) {
        report({ message: `"${ref.id}" silences nothing here: there is no ${ref.id} finding ${where}.`, range: ref.range, fixes: [{ ...removal(s, ref), preferred: true }] });
      }
    }
  },
};
