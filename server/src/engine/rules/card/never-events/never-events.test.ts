import { strict as assert } from 'node:assert';
import { parseCard } from '../../../card/model-card';
import { card, cardDocument, cardFindings } from '../../../card/testing';
import { range } from '../../../testing';
import { neverEvents, slug } from '.';

const RULE = 'card/never-events';
const FRONT = 'objective: Route each claim to the right reviewer so no valid claim is denied unfairly.\n';
const withNever = (neverEvents: string | undefined, frontMatter = FRONT) => card({ neverEvents, frontMatter });
const events = (text: string) => neverEvents(parseCard(cardDocument(text))).map(({ id, explicit }) => [id, explicit]);

// In the default card (front matter of one line), the Never events heading is on line 9, its first item on line 11.
describe(RULE, () => {
  it('accepts "never" and "must not" statements with unique ids', () => {
    const list = '## Never events\n\n- `NE-1` Never deny a claim without a human review.\n- A claimant must not see another claimant\'s records.\n';
    assert.deepEqual(cardFindings(withNever(list), RULE), []);
  });

  describe('ids', () => {
    it('takes an explicit code id: letters-dash-digits anywhere, any word-like code span at the start', () => {
      const list = '## Never events\n\n- Never deny a claim without review (`PII-2`).\n- `no_unreviewed_denial`: Never close a claim unread.\n- Never call `delete_claim` on open claims.\n';
      assert.deepEqual(events(withNever(list)), [['PII-2', true], ['no_unreviewed_denial', true], ['never-call-delete-claim-on-open-claims', false]]);
    });

    it('takes an id from a front-matter entry with the same text, unless the item has its own', () => {
      const front = `${FRONT}never_events:\n  - id: NE-7\n    text: Never close a claim unread\n  - id: NE-8\n    text: Never deny a claim without review.\n`;
      const list = '## Never events\n\n- Never close a claim, unread!\n- `NE-1` Never deny a claim without review.\n';
      assert.deepEqual(events(withNever(list, front)), [['NE-7', true], ['NE-1', true]]);
    });

    it('takes an id from a table\'s ID column', () => {
      const table = '## Never events\n\n| ID | Never event |\n| --- | --- |\n| NE-1 | Never deny a claim without review. |\n';
      const [event] = neverEvents(parseCard(cardDocument(withNever(table))));
      assert.deepEqual(event, { id: 'NE-1', text: 'Never deny a claim without review.', range: range(13, 0, 13, 45), explicit: true });
      assert.deepEqual(cardFindings(withNever(table), RULE), []);
    });

    it('slugs the text, cut at a word', () => {
      assert.equal(slug('Never deny a claim without a human review.'), 'never-deny-a-claim-without-a-human-review');
      assert.equal(slug('Never café'), 'never-cafe');
      const long = slug('Never deny a claim without a human review, nor close one unread, nor lose its documents');
      assert.equal(long, 'never-deny-a-claim-without-a-human-review-nor-close-one');
    });

    it('leaves nested items out: they detail the statement above them', () => {
      assert.deepEqual(events(withNever('## Never events\n\n- `NE-1` Never deny a claim\n  - `NE-9` not even a small one\n')), [['NE-1', true]]);
    });
  });

  it('flags an item that is not a "never" statement, on the item', () => {
    const [f, ...rest] = cardFindings(withNever('## Never events\n\n- `NE-1` Never deny a claim without review.\n- `NE-2` Claims are answered within a day.\n'), RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f!.range, range(12, 0, 12, 42));
    assert.equal(f!.message, 'Never event "NE-2" is not a "never ..." statement: say what must never happen ("Never ...", "... must not ...").');
    assert.equal(f!.severity, 'error');
  });

  it('flags a duplicate id on the later item, case-insensitively, pointing at the first', () => {
    const [f, ...rest] = cardFindings(withNever('## Never events\n\n- `NE-1` Never deny a claim.\n- `ne-1` Never close a claim unread.\n'), RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f!.range, range(12, 0, 12, 36));
    assert.deepEqual(f!.related?.map((r) => r.range), [range(11, 0, 11, 28)]);
    assert.match(f!.message, /^Never event id "ne-1" is already used above/);
    const [slugged] = cardFindings(withNever('## Never events\n\n- Never deny a claim.\n- Never deny a claim!\n'), RULE);
    assert.match(slugged!.message, /give one an explicit id like `NE-2`/);
  });

  it('flags front-matter entries that are malformed or match no item, on the entry', () => {
    const front = `${FRONT}never_events:\n  - id: NE-7\n    text: Never close a claim unread.\n  - NE-8\n`;
    const findings = cardFindings(withNever(undefined, front).replace('# Claims', '## Never events\n\n- `NE-1` Never deny a claim.\n\n# Claims'), RULE);
    assert.deepEqual(findings.map((f) => [f.range, f.message.slice(0, 40)]), [
      [range(3, 4, 5, 0), 'Never event "NE-7" in the front matter m'],
      [range(5, 4, 5, 8), 'A `never_events` entry needs an `id` and'],
    ]);
    const [notList] = cardFindings(withNever(undefined, `${FRONT}never_events: NE-1\n`).replace('# Claims', '## Never events\n\n- Never deny.\n\n# Claims'), RULE);
    assert.deepEqual(notList!.range, range(2, 0, 2, 12));
  });

  it('reports a missing section on the first heading, and an empty one on its heading', () => {
    const [missing] = cardFindings(withNever(undefined), RULE);
    assert.deepEqual(missing!.range, range(3, 0, 3, 15));
    assert.match(missing!.message, /^No "Never events" section/);
    const [empty] = cardFindings(withNever('Never-events\n============\n\nNothing yet.\n'), RULE);
    assert.deepEqual(empty!.range, range(9, 0, 10, 12));
    assert.match(empty!.message, /^"Never-events" lists no never events/);
  });

  it('keeps exact ranges with a BOM and CRLF line endings', () => {
    const text = '\uFEFF' + withNever('## Never events\n\n- `NE-1` Claims are answered.\n').replace(/\n/g, '\r\n');
    assert.deepEqual(cardFindings(text, RULE).map((f) => f.range), [range(11, 0, 11, 29)]);
  });
});
