import { isScalar } from 'yaml';
import { didYouMean } from '../../../did-you-mean';
import { replaceScalar } from '../../../edits';
import { isLadderAction, LADDER } from '../../../ladder';
import { scalarText } from '../../../policy/parse';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'action/custom-severity',
    defaultSeverity: 'error',
    description: 'A custom action ranks with a built-in ladder action through its `severity`, so it can be ordered against the others.',
  },
  check({ file, document, report, range }) {
    for (const action of file.actions) {
      if (isLadderAction(action.name)) {
        report({
          message: `Custom action "${action.name}" has the name of a built-in action, which always wins: this declaration is ignored. Rename it.`,
          range: range(action.nameKey),
        });
      }
      const field = action.fields.get('severity');
      if (!field) continue; // a missing severity is schema/missing-key's finding
      const node = field.value;
      const value = scalarText(document, node);
      if (value && isLadderAction(value)) continue;
      const suggestion = value ? didYouMean(value, LADDER) : undefined;
      const what = value ? `"${value}" is not a built-in action` : isScalar(node) || !node ? 'it is empty' : 'it is not a single name';
      report({
        message: `Custom action "${action.name}" needs a severity naming the built-in action it ranks with, but ${what}.${suggestion ? ` Did you mean "${suggestion}"?` : ''} Ladder: ${LADDER.join(' < ')}.`,
        range: node?.range ? range(node) : range(field.key),
        fixes: suggestion && isScalar(node) ? [{ title: `Change severity to "${suggestion}"`, edits: [replaceScalar(document, node, suggestion)], preferred: true }] : undefined,
      });
    }
  },
};
