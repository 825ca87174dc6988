import { isMap, isPair, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'yaml/duplicate-key',
    defaultSeverity: 'error',
    description: 'A key repeated in one map: YAML keeps only the last value, silently dropping the others.',
  },
  check({ file, document, report, range }) {
    // A plain walk: this runs on every keystroke over every node, and `yaml.visit` costs more.
    const walk = (node: unknown): void => {
      if (isSeq(node)) {
        for (const item of node.items) walk(item);
        return;
      }
      if (!isMap(node)) return;
      const seen = new Map<string, Scalar>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        walk(pair.value);
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        const first = seen.get(key);
        if (!first) {
          seen.set(key, pair.key);
          continue;
        }
        const firstRange = range(first);
        report({
          message: `Duplicate key "${key}" (first on line ${firstRange.start.line + 1}); YAML keeps only the last value. Remove or rename one.`,
          range: range(pair.key as Node),
          related: [{ uri: document.uri, range: firstRange, message: `First "${key}" is here.` }],
        });
      }
    };
    walk(file.yamlDocs[0]?.contents);
  },
};
