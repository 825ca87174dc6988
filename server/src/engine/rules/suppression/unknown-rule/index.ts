import { didYouMean } from '../../../did-you-mean';
import { removal } from '../../../suppressions/fixes';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'suppression',
  meta: {
    id: 'suppression/unknown-rule',
    defaultSeverity: 'error',
    description: 'A suppression names existing rules by their exact id: a misspelt id silences nothing.',
  },
  check({ suppressions, rules, report }) {
    for (const s of suppressions) {
      if (s.rules.length === 0) {
        report({ message: 'This suppression names no rule, so it silences nothing: "# safety-specs-ignore <rule>: <reason>".', range: s.range, fixes: [removal(s)] });
        continue;
      }
      for (const ref of s.rules) {
        if (rules.has(ref.id)) continue;
        const suggestion = didYouMean(ref.id, rules.keys());
        report({
          message: `Unknown rule "${ref.id}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Nothing is silenced for it; \`safety-specs rules\` lists the rule ids.`,
          range: ref.range,
          fixes: [suggestion ? { title: `Change rule to "${suggestion}"`, edits: [{ range: ref.range, newText: suggestion }], preferred: true } : removal(s, ref)],
        });
      }
    }
  },
};
