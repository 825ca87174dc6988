import { strict as assert } from 'node:assert';
import { range } from '../testing';
import { analyzeNote, isNoteFileName } from '.';
import { parseNote } from './parse';
import { note, noteDocument, TODAY } from './testing';

const parsed = (text: string) => parseNote(noteDocument(text));

describe('note/parse', () => {
  it('gives the front matter\'s SLO names (inside their quotes) and the body\'s code spans, each with its exact range', () => {
    const text = note({ front: { slos: '[ood_recall_7d, "harmful_reply_rate_24h", 3]' }, sections: { Change: 'Raise ` ood_recall_7d ` and ``p95_latency``;\nnot `kill_switch`.' } });
    const { slos, codeSpans, markdown } = parsed(text);
    assert.deepEqual(slos, [
      { text: 'ood_recall_7d', range: range(3, 7, 3, 20) },
      { text: 'harmful_reply_rate_24h', range: range(3, 23, 3, 45) },
    ]);
    assert.deepEqual(codeSpans, [
      { text: 'ood_recall_7d', range: range(14, 8, 14, 21) },
      { text: 'p95_latency', range: range(14, 30, 14, 41) },
      { text: 'kill_switch', range: range(15, 5, 15, 16) },
    ]);
    for (const { text: name, range: r } of [...slos, ...codeSpans]) assert.equal(markdown.document.getText(r), name);
  });

  it('keeps those ranges exact with CRLF line endings and a BOM', () => {
    const text = `\uFEFF${note().replace(/\n/g, '\r\n')}`;
    const { slos, codeSpans, markdown } = parsed(text);
    assert.deepEqual(slos.map((s) => [s.text, markdown.document.getText(s.range)]), [['ood_recall_7d', 'ood_recall_7d']]);
    assert.deepEqual(codeSpans.map((s) => [s.range, markdown.document.getText(s.range)]), [[range(14, 7, 14, 20), 'ood_recall_7d']]);
    assert.deepEqual(analyzeNote(markdown.document, { today: TODAY }).findings, []);
  });

  it('finds each section by role, whatever heading of the table it uses', () => {
    const text = note({ sections: { 'Who might be affected': undefined, Disagreement: undefined, Stakeholders: 'Users and bystanders.', '3. Dissent:': 'Sam.' } });
    const { sections } = parsed(text);
    assert.deepEqual(Object.fromEntries(Object.entries(sections).map(([role, s]) => [role, s.title])), {
      change: 'Change',
      alternatives: 'Alternatives considered',
      affected: 'Stakeholders',
      feedback: 'Feedback that changed the plan',
      disagreement: '3. Dissent:',
      decision: 'Decision and actions',
    });
  });

  it('takes a heading with a subtitle for its role, but not a heading that goes on with other words', () => {
    const text = note({ sections: { 'Decision and actions': undefined, 'Decision drivers': 'Cost.', 'Decision (proposed): raise it': 'Approved.', 'What’s proposed': 'x' } });
    assert.equal(parsed(text).sections.decision?.title, 'Decision (proposed): raise it');
    assert.equal(parsed(note({ sections: { Change: undefined, 'What’s proposed': 'Raise it.' } })).sections.change?.title, 'What’s proposed');
    assert.equal(parsed(note({ sections: { 'Decision and actions': undefined, 'Decision-makers': 'Dana.' } })).sections.decision, undefined);
  });

  it('reads each action\'s owner and due date', () => {
    const { actions } = parsed(note({ sections: { 'Decision and actions': '- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)\n- [x] brief support' } }));
    assert.deepEqual(
      actions.map((a) => [a.owner, a.due, a.range, a.section.title]),
      [
        ['@sre-oncall', { text: '2026-12-01', range: range(34, 56, 34, 66) }, range(34, 0, 34, 67), 'Decision and actions'],
        [undefined, undefined, range(35, 0, 35, 19), 'Decision and actions'],
      ],
    );
  });

  it('reads the reviewers that are maps', () => {
    const { reviewers } = parsed(note({ front: { reviewers: '\n  - { name: Dana, role: product }\n  - Sam\n  - { name: Lee }' } }));
    assert.deepEqual(reviewers, [{ name: 'Dana', role: 'product' }, { name: 'Lee', role: undefined }]);
  });

  it('knows a note by its file name', () => {
    for (const path of ['deliberation-note.md', '/w/models/claims/deliberation-note.md', 'C:\\w\\deliberation-notes\\2026-05-14-ood.md', 'models/deliberation-notes/raise.md']) {
      assert.ok(isNoteFileName(path), path);
    }
    for (const path of ['README.md', 'deliberation-notes.md', 'deliberation-notes/raise.txt', 'notes/deliberation-notes/x/raise.md']) {
      assert.ok(!isNoteFileName(path), path);
    }
  });
});
