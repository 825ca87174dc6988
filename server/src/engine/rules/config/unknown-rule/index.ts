import { allLevelEntries } from '../../../config/view';
import { didYouMean } from '../../../did-you-mean';
import { replaceScalar } from '../../../edits';
import { rangeOf } from '../../../policy/parse';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'config',
  meta: {
    id: 'config/unknown-rule',
    defaultSeverity: 'error',
    description: 'A config sets levels for existing rules by their exact id: a misspelt id changes nothing.',
  },
  check({ config, rules, report }) {
    for (const entry of allLevelEntries(config)) {
      if (rules.has(entry.id)) continue;
      const suggestion = didYouMean(entry.id, rules.keys());
      report({
        message: `Unknown rule "${entry.id}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} This entry changes nothing; \`safety-specs rules\` lists the rule ids.`,
        range: rangeOf(config.document, entry.key),
        fixes: suggestion ? [{ title: `Change rule to "${suggestion}"`, edits: [replaceScalar(config.document, entry.key, suggestion)], preferred: true }] : undefined,
      });
    }
  },
};
