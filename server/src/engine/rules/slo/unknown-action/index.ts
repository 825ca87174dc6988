import { isAlias, isScalar } from 'yaml';
import { didYouMean } from '../../../did-you-mean';
import { replaceScalar } from '../../../edits';
import { LADDER } from '../../../ladder';
import { actionNames, resolveAction } from '../../../policy/semantics';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/unknown-action',
    defaultSeverity: 'error',
    description: 'action_on_breach names a built-in ladder action or a custom action declared under `actions:`.',
  },
  check({ file, document, report, range }) {
    const custom = actionNames(file);
    const known = [...LADDER, ...custom];
    const list = `${LADDER.join(', ')}${custom.length ? `; custom: ${custom.join(', ')}` : ''}`;
    for (const slo of file.slos) {
      const field = slo.fields.get('action_on_breach');
      if (!field) continue;
      const node = field.value;
      if (isAlias(node)) continue; // yaml/syntax reports an alias with no anchor; a resolved one is checked in the data
      if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
        report({ message: `action_on_breach must name an action: ${list}.`, range: node?.range ? range(node) : range(field.key) });
        continue;
      }
      const name = node.value;
      if (resolveAction(file, name) || custom.includes(name)) continue; // a custom action with a bad severity is action/custom-severity's finding
      const suggestion = didYouMean(name, known);
      report({
        message: `Unknown action "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Actions, least to most severe: ${list}.`,
        range: range(node),
        fixes: suggestion ? [{ title: `Change action to "${suggestion}"`, edits: [replaceScalar(document, node, suggestion)], preferred: true }] : undefined,
      });
    }
  },
};
