import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { note, noteDocument, noteFindings, TODAY } from '../../../note/testing';
import { range } from '../../../testing';

const RULE = 'note/front-matter';

const shown = (text: string) => noteFindings(text, RULE).map((f) => [f.message, f.range]);

describe(RULE, () => {
  it('flags a note without front matter on its first line', () => {
    const text = note().replace(/^---\n[^]*?\n---\n/, '');
    assert.deepEqual(noteFindings(text).filter((f) => f.rule !== RULE), []);
    assert.deepEqual(shown(text), [['A deliberation note starts with YAML front matter between "---" lines, giving date, change, slos, reviewers, decision.', range(0, 0, 0, 29)]]);
  });

  it('flags each missing key on the opening fence', () => {
    assert.deepEqual(shown(note({ front: { decision: undefined, change: undefined } })), [
      ['The front matter has no "change": one line saying what changes.', range(0, 0, 0, 3)],
      ['The front matter has no "decision": one of approved, rejected, deferred.', range(0, 0, 0, 3)],
    ]);
  });

  describe('date', () => {
    it('flags a day that is not in the calendar, and a date not written YYYY-MM-DD, on the value', () => {
      assert.deepEqual(shown(note({ front: { date: '2026-02-30' } })), [['2026-02-30 is not a day of the calendar: give the day of the decision.', range(1, 6, 1, 16)]]);
      assert.deepEqual(shown(note({ front: { date: '14/05/2026' } })), [['"14/05/2026" is not a date: write the day of the decision as YYYY-MM-DD.', range(1, 6, 1, 16)]]);
      assert.deepEqual(shown(note({ front: { date: '20260514' } })), [['"20260514" is not a date: write the day of the decision as YYYY-MM-DD.', range(1, 6, 1, 14)]]);
    });

    it('flags a date after today, and accepts today and quoted dates', () => {
      assert.deepEqual(shown(note({ front: { date: '2026-06-16' } })), [[`The date 2026-06-16 is in the future (today is ${TODAY}): a note records a decision already taken.`, range(1, 6, 1, 16)]]);
      assert.deepEqual(shown(note({ front: { date: TODAY } })), []);
      assert.deepEqual(shown(note({ front: { date: '"2026-05-14"' } })), []);
    });

    it('points just after the key when the value is missing', () => {
      assert.deepEqual(shown(note({ front: { date: '' } })), [['"date" is empty: give the day of the decision, as YYYY-MM-DD.', range(1, 6, 1, 6)]]);
    });
  });

  it('flags a change that is not text', () => {
    assert.deepEqual(shown(note({ front: { change: '[a, b]' } })), [['"change" is not text: give one line saying what changes.', range(2, 8, 2, 14)]]);
  });

  describe('decision', () => {
    it('suggests the closest decision and fixes it', () => {
      const text = note({ front: { decision: 'aproved' } });
      const [f, ...rest] = noteFindings(text, RULE);
      assert.deepEqual(rest, []);
      assert.equal(f!.message, '"aproved" is not a decision: the decision is one of approved, rejected, deferred. Did you mean "approved"?');
      assert.deepEqual(f!.range, range(8, 10, 8, 17));
      assert.deepEqual(f!.fixes?.map((x) => [x.title, x.preferred]), [['Change decision to "approved"', true]]);
      const fixed = TextDocument.applyEdits(noteDocument(text), [...f!.fixes![0]!.edits]);
      assert.equal(fixed, note());
    });

    it('keeps the quotes when fixing, and corrects the case', () => {
      const text = note({ front: { decision: "'Deferred'" } });
      const [f] = noteFindings(text, RULE);
      assert.equal(TextDocument.applyEdits(noteDocument(text), [...f!.fixes![0]!.edits]), note({ front: { decision: "'deferred'" } }));
    });

    it('offers no fix when nothing is close', () => {
      const [f] = noteFindings(note({ front: { decision: 'accepted' } }), RULE);
      assert.equal(f!.message, '"accepted" is not a decision: the decision is one of approved, rejected, deferred.');
      assert.equal(f!.fixes, undefined);
    });

    for (const decision of ['approved', 'rejected', 'deferred']) {
      it(`accepts ${decision}`, () => assert.deepEqual(shown(note({ front: { decision } })), []));
    }
  });

  it('flags slos that are not a list, and items that are not names, each on its node', () => {
    assert.deepEqual(shown(note({ front: { slos: 'ood_recall_7d' } })), [['"slos" is not a list: give the list of SLO names this change touches, e.g. [ood_recall_7d].', range(3, 6, 3, 19)]]);
    assert.deepEqual(shown(note({ front: { slos: '[ood_recall_7d, 3, ""]' } })), [
      ['An SLO name is a string, as in the policy (e.g. ood_recall_7d).', range(3, 22, 3, 23)],
      ['An SLO name is a string, as in the policy (e.g. ood_recall_7d).', range(3, 25, 3, 27)],
    ]);
    assert.deepEqual(shown(note({ front: { slos: '[]' } })), []);
  });

  it('flags reviewers that are not maps with a name and a role, each on its item', () => {
    const reviewers = '\n  - Dana (SRE)\n  - name: Sam Okafor\n    team: ml\n  - { name: Lee Park, role: 3 }\n  - { name: Ana Silva, role: legal }';
    assert.deepEqual(shown(note({ front: { reviewers } })), [
      ['A reviewer is a map with a name and a role, e.g. { name: Dana, role: SRE }.', range(5, 4, 5, 14)],
      ['This reviewer has no "role": give each reviewer a name and a role (product, ML, SRE, security, ...).', range(6, 4, 6, 20)],
      ['A reviewer\'s "role" is a non-empty string.', range(8, 28, 8, 29)],
    ]);
    assert.deepEqual(shown(note({ front: { reviewers: 'Dana, Sam' } })), [['"reviewers" is not a list: give the list of reviewers, each with a name and a role, e.g. - { name: Dana, role: SRE }.', range(4, 11, 4, 20)]]);
  });

  it('reports YAML errors inside the front matter at their place in the note, and judges the fields once it parses', () => {
    assert.deepEqual(shown(note({ front: { change: 'a: b: c' } })), [
      ['YAML: Nested mappings are not allowed in compact mappings', range(2, 8, 2, 9)],
      ['YAML: Nested mappings are not allowed in compact mappings', range(2, 11, 2, 12)],
    ]);
  });

  it('flags front matter that is not a map', () => {
    assert.deepEqual(shown('---\n- a\n- b\n---\n# Note\n'), [['The front matter is not a map of keys: give date, change, slos, reviewers, decision.', range(0, 0, 0, 3)]]);
  });

  it('keeps exact ranges with CRLF line endings and a BOM', () => {
    const crlf = note({ front: { date: '2026-02-30' } }).replace(/\n/g, '\r\n');
    assert.deepEqual(shown(crlf), [['2026-02-30 is not a day of the calendar: give the day of the decision.', range(1, 6, 1, 16)]]);
    assert.deepEqual(noteFindings(`\uFEFF${note().replace(/\n/g, '\r\n')}`), []);
  });
});
