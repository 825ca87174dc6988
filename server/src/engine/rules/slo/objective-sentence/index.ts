import { isScalar } from 'yaml';
import { stringOf } from '../../../policy/parse';
import type { Rule } from '../../rule';

const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

/** ICU ends a sentence after these before a capital ("Dr. Smith", "e.g. Self-harm"); their dots are dropped before segmenting. */
const ABBREVIATIONS = /\b(?:e\.g|i\.e|dr|mr|mrs|ms|prof|st|vs|etc|approx|cf)\./gi;

/** Sentences in a text, abbreviations allowed. Segmenting is costly; text with no sentence end followed by more words is one sentence (or none). */
export function sentenceCount(text: string): number {
  if (!/\w/.test(text)) return 0;
  if (!/[.!?;]\s+\S/.test(text)) return 1;
  const masked = text.replace(ABBREVIATIONS, (m) => m.replace(/\./g, ''));
  return [...sentences.segment(masked)].filter((s) => /\w/.test(s.segment)).length;
}

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
      if (!field) continue; // missing: schema/missing-key's finding
      const text = stringOf(field.value);
      if (text === undefined) {
        // The schema leaves `objective` to this rule (x-checked-by), so a value that is no string is reported here.
        const empty = field.value === null || (isScalar(field.value) && field.value.value === null);
        report({
          message: empty
            ? 'Objective is empty: say in one sentence what this SLO protects, for whom.'
            : 'Objective must be one plain-language sentence (a string), not a number, list or map.',
          range: range(field.value, field.key),
        });
        continue;
      }
      const count = sentenceCount(text);
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
