import { strict as assert } from 'node:assert';
import { note, noteFindings } from '../../../note/testing';
import { range } from '../../../testing';
import { DEFAULT_MAX_WORDS } from '.';

const RULE = 'note/length';

/** The words the default note has (its prose as counted, by the rule itself with a limit of 1). */
const BASE_WORDS = Number(/has (\d+) words/.exec(noteFindings(note(), RULE, { maxWords: 1 })[0]!.message)![1]);

/** The default note with an "Appendix" section: one more word for its heading, and `words` more. */
const padded = (words: number) => note({ sections: { Appendix: 'word '.repeat(words) } });
const countOf = (text: string) => noteFindings(text, RULE, { maxWords: 0 }).map((f) => /has (\d+) words/.exec(f.message)![1]);

describe(RULE, () => {
  it('counts words of prose: headings, text and inline code; not the front matter, HTML comments or code blocks', () => {
    const text = "---\nchange: not counted\n---\n# Title here\n\nOne two-part `ood_recall_7d` **don't** v1.2.\n\n<!-- not counted -->\n\n```\nnot counted\n```\n";
    assert.deepEqual(countOf(text), ['7']);
    assert.deepEqual(countOf(text.replace(/\n/g, '\r\n')), ['7']);
  });

  it('flags a note over the default limit on its title, and says the count', () => {
    const over = DEFAULT_MAX_WORDS - BASE_WORDS;
    assert.deepEqual(noteFindings(padded(over - 1), RULE), []);
    const [f, ...rest] = noteFindings(padded(over));
    assert.deepEqual(rest, []);
    assert.equal(f!.rule, RULE);
    assert.equal(f!.message, `This note has ${DEFAULT_MAX_WORDS + 1} words, over the limit of ${DEFAULT_MAX_WORDS}: a note nobody finishes informs nobody. Link to the details instead of including them.`);
    assert.deepEqual(f!.range, range(10, 0, 10, 29));
  });

  it('uses the limit the context carries', () => {
    assert.deepEqual(noteFindings(note(), RULE, { maxWords: BASE_WORDS }), []);
    assert.match(noteFindings(note(), RULE, { maxWords: BASE_WORDS - 1 })[0]!.message, new RegExp(`^This note has ${BASE_WORDS} words, over the limit of ${BASE_WORDS - 1}:`));
  });

  it('counts the same with CRLF line endings, and points at the first line when there is no heading', () => {
    assert.deepEqual(noteFindings(note().replace(/\n/g, '\r\n'), RULE, { maxWords: BASE_WORDS - 1 }).map((f) => f.range), [range(10, 0, 10, 29)]);
    const [f] = noteFindings('---\ndate: 2026-05-14\n---\nOne two three.\r\n', RULE, { maxWords: 2 });
    assert.deepEqual(f!.range, range(3, 0, 3, 14));
  });
});
