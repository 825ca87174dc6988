import { strict as assert } from 'node:assert';
import { card, cardFindings } from '../../../card/testing';
import { range } from '../../../testing';

const RULE = 'card/objective';
const NO_OBJECTIVE = 'license: apache-2.0\n';

describe(RULE, () => {
  it('accepts one sentence in the front matter', () => {
    assert.deepEqual(cardFindings(card(), RULE), []);
  });

  it('flags two sentences in the front matter, on the value', () => {
    const [f, ...rest] = cardFindings(card({ frontMatter: 'objective: Triage claims fairly. And fast.\n' }), RULE);
    assert.deepEqual(rest, []);
    assert.equal(f!.severity, 'error');
    assert.deepEqual(f!.range, range(1, 11, 1, 42));
    assert.equal(f!.message, 'The front matter `objective` has 2 sentences; keep the objective to one and move the rest to the model description.');
  });

  it('flags an objective that is not a string, or is empty', () => {
    assert.match(cardFindings(card({ frontMatter: 'objective: [a, b]\n' }), RULE)[0]!.message, /not a number, list or map/);
    const [empty] = cardFindings(card({ frontMatter: 'objective:\n' }), RULE);
    assert.equal(empty!.message, 'The front matter `objective` is empty: say in one sentence what the model is for, and for whom.');
    assert.deepEqual(empty!.range, range(1, 0, 1, 9));
  });

  it('reads a "Human objective:" paragraph, bold or plain, anywhere, without counting the label', () => {
    for (const paragraph of ['**Human objective:** Route claims fairly, e.g. to Dr. Smith.', 'Human objective — Route claims fairly.', '- *Human objective*: Route claims fairly.']) {
      assert.deepEqual(cardFindings(card({ frontMatter: NO_OBJECTIVE, title: `# Claims triage\n\n${paragraph}\n` }), RULE), [], paragraph);
    }
    const [f] = cardFindings(card({ frontMatter: NO_OBJECTIVE, title: '# Claims triage\n\n**Human objective:** Route claims.\nDeny none.\n' }), RULE);
    assert.deepEqual(f!.range, range(5, 0, 6, 10));
    assert.match(f!.message, /^The "Human objective" paragraph has 2 sentences/);
  });

  it('prefers the front matter to a labelled paragraph', () => {
    const text = card({ title: '# Claims triage\n\nHuman objective: One. Two. Three.\n' });
    assert.deepEqual(cardFindings(text, RULE), []);
  });

  it('reads an "Objective" section near the top, up to its first subheading', () => {
    const section = '# Claims triage\n\n## Objective\n\nRoute claims fairly.\n\n### Background\n\nMore. Sentences here.\n';
    assert.deepEqual(cardFindings(card({ frontMatter: NO_OBJECTIVE, title: section }), RULE), []);
    const [f] = cardFindings(card({ frontMatter: NO_OBJECTIVE, title: '# Claims triage\n\n## Human Objective\n\nRoute claims.\n\nDeny none.\n' }), RULE);
    assert.deepEqual(f!.range, range(7, 0, 9, 10));
    assert.match(f!.message, /^The "Human Objective" section has 2 sentences/);
    const [empty] = cardFindings(card({ frontMatter: NO_OBJECTIVE, title: '# Claims triage\n\n## Objective\n' }), RULE);
    assert.deepEqual(empty!.range, range(5, 0, 5, 12));
  });

  it('ignores an "Objective" section further down than the first five headings', () => {
    const late = '# Claims triage\n\n## A\n\n## B\n\n## C\n\n## D\n\n## Objective\n\nRoute claims fairly.\n';
    const [f] = cardFindings(card({ frontMatter: NO_OBJECTIVE, title: late }), RULE);
    assert.match(f!.message, /^No human objective/);
  });

  it('reports a missing objective on the first heading', () => {
    const [f, ...rest] = cardFindings(card({ frontMatter: NO_OBJECTIVE }), RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f!.range, range(3, 0, 3, 15));
    assert.equal(f!.anchor, 'Claims triage');
  });

  it('keeps exact ranges with a BOM and CRLF line endings', () => {
    const text = '\uFEFF' + card({ frontMatter: 'objective: One. Two.\n' }).replace(/\n/g, '\r\n');
    const [f] = cardFindings(text, RULE);
    assert.deepEqual(f!.range, range(1, 11, 1, 20));
  });
});
