import { isMap, isScalar, visit, type Scalar } from 'yaml';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'yaml/duplicate-key',
    defaultSeverity: 'error',
    description: 'A key repeated in one map: YAML keeps only the last value, silently dropping the others.',
  },
  check({ file, document, report, range }) {
    const doc = file.yamlDocs[0];
    if (!doc) return;
    visit(doc, {
      Map(_, map) {
        if (!isMap(map)) return;
        const seen = new Map<string, Scalar>();
        for (const pair of map.items) {
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
            range: range(pair.key),
            related: [{ uri: document.uri, range: firstRange, message: `First "${key}" is here.` }],
          });
        }
      },
    });
  },
};
