import { stringOf } from '../../../policy/parse';
import type { Rule } from '../../rule';

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/objective-sentence',
    defaultSeverity: 'warning',
    description: 'An objective states what the SLO protects in exactly one plain-language sentence.',
  },
  check({ file, report, range }) {
    for (const slo of file.slos) {
      const field = slo.fields.get('objective');
      const text = stringOf(field?.value);
      if (!field || text === undefined) continue; // missing or not a string: schema findings
      const count = [...sentences.segment(text)].filter((s) => /\w/.test(s.segment)).length;
      if (count === 1) continue;
      report({
        message: count === 0
          ? 'Objective is empty: say in one sentence what this SLO protects, for whom.'
          : `Objective has ${count} sentences; keep it to one and move the rest to "description".`,
        range: range(field.value, field.key),
      });
    }
  },
};
