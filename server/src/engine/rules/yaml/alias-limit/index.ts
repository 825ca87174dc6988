import { isAlias, visit, type Node } from 'yaml';
import { MAX_ALIAS_COUNT, policyData } from '../../../policy/data';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'yaml/alias-limit',
    defaultSeverity: 'error',
    description: `YAML aliases that expand past ${MAX_ALIAS_COUNT} nodes (an "alias bomb") are refused, not expanded.`,
  },
  check({ file, report, range }) {
    const data = policyData(file);
    if (data.ok || data.reason !== 'alias-limit') return;
    let firstAlias: Node | undefined;
    const doc = file.yamlDocs[0];
    if (doc) {
      visit(doc, {
        Alias(_, node) {
          if (isAlias(node)) {
            firstAlias = node;
            return visit.BREAK;
          }
          return undefined;
        },
      });
    }
    report({
      message: `YAML aliases in this file expand past the limit of ${MAX_ALIAS_COUNT} (a resource-exhaustion "alias bomb"), so its contents were not checked against the schema. Write the values out instead of using * aliases.`,
      range: range(firstAlias),
    });
  },
};
