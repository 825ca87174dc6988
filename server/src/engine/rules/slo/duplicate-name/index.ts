import { isScalar } from 'yaml';
import { replaceScalar } from '../../../edits';
import type { SloView } from '../../../policy/parse';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/duplicate-name',
    defaultSeverity: 'error',
    description: 'SLO names are unique in a file: gates, scenarios and diffs refer to SLOs by name.',
  },
  check({ file, document, report, range }) {
    const taken = new Set(file.slos.map((s) => s.name).filter((n): n is string => !!n));
    const first = new Map<string, SloView>();
    for (const slo of file.slos) {
      if (!slo.name) continue;
      const original = first.get(slo.name);
      if (!original) {
        first.set(slo.name, slo);
        continue;
      }
      const node = slo.fields.get('name')?.value;
      const originalRange = range(original.fields.get('name')?.value);
      let n = 2;
      while (taken.has(`${slo.name}_${n}`)) n++;
      const rename = `${slo.name}_${n}`;
      taken.add(rename);
      report({
        message: `Duplicate SLO name "${slo.name}" (first on line ${originalRange.start.line + 1}). Names must be unique: gates, scenarios and diffs refer to SLOs by name.`,
        range: range(node),
        related: [{ uri: document.uri, range: originalRange, message: `First SLO named "${slo.name}".` }],
        fixes: isScalar(node) ? [{ title: `Rename to "${rename}"`, edits: [replaceScalar(document, node, rename)], preferred: true }] : undefined,
      });
    }
  },
};
