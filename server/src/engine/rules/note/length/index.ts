import { prose, countWords } from '../../../note/text';
import type { Rule } from '../../rule';

/** The default limit: about three minutes of reading, so everyone the change concerns reads it all. */
export const DEFAULT_MAX_WORDS = 800;

export const rule: Rule = {
  kind: 'note',
  meta: {
    id: 'note/length',
    defaultSeverity: 'warning',
    description: `A deliberation note stays short enough for everyone concerned to read: ${DEFAULT_MAX_WORDS} words of prose at most by default.`,
  },
  check({ note, maxWords, report }) {
    const words = countWords(prose(note.markdown.tree));
    if (words <= maxWords) return;
    report({
      message: `This note has ${words} words, over the limit of ${maxWords}: a note nobody finishes informs nobody. Link to the details instead of including them.`,
      range: note.top,
      anchor: 'length',
    });
  },
};
