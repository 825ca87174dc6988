import { strict as assert } from 'node:assert';
import { note, noteFindings } from '../../../note/testing';
import { range } from '../../../testing';

const RULE = 'note/action-owner';
const NO_OWNER = 'This action has no owner: name who does it, e.g. "— owner: @sre-oncall". An action everyone owns is done by no one.';

/** The findings for a note whose decision section (under `heading`) is `body`; its first line is line 34. */
const shown = (body: string, heading = 'Decision and actions') =>
  noteFindings(note({ sections: { 'Decision and actions': undefined, [heading]: body } }), RULE).map((f) => [f.message, f.range, f.anchor]);

describe(RULE, () => {
  it('flags an action without an owner, on the item, anchored to its section', () => {
    const item = '- [ ] raise the OOD threshold (due 2026-12-01)';
    assert.deepEqual(shown(`${item}\n- [ ] tell support — owner: @support-leads`), [[NO_OWNER, range(34, 0, 34, item.length), 'Decision and actions']]);
  });

  it('covers the whole first paragraph of a multi-line item', () => {
    assert.deepEqual(shown('- raise the OOD threshold\n  on all tenants\n\n  More detail here.'), [[NO_OWNER, range(34, 0, 35, 16), 'Decision and actions']]);
  });

  describe('accepts an owner', () => {
    for (const item of [
      '- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)',
      '- [ ] raise the OOD threshold @sre-oncall',
      '- [ ] raise the OOD threshold (@acme/ml-team)',
      '- raise the OOD threshold. **Owner:** Dana Reyes',
      '- raise the OOD threshold, owned by the SRE on-call',
      '- raise the OOD threshold\n  - owner: @sre-oncall',
    ]) {
      it(item.replace(/\n/g, ' '), () => assert.deepEqual(shown(item), []));
    }
  });

  describe('does not take for an owner', () => {
    for (const item of ['- [ ] raise the OOD threshold — owner: TBD', '- [ ] raise the OOD threshold, mail dana@example.com', '- [ ] notify the owners of the dataset']) {
      it(item, () => assert.deepEqual(shown(item).map(([m]) => m), [NO_OWNER]));
    }
  });

  it('flags a due date that is not a real YYYY-MM-DD day, on the date', () => {
    assert.deepEqual(shown('- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-02-30)'), [
      ['"2026-02-30" is not a date: write the due date as YYYY-MM-DD, e.g. "(due 2026-12-01)".', range(34, 56, 34, 66), 'Decision and actions'],
    ]);
    assert.deepEqual(shown('- [ ] raise the OOD threshold — owner: @sre-oncall, **due:** 12/01/2026').map(([m, r]) => [m, r]), [
      ['"12/01/2026" is not a date: write the due date as YYYY-MM-DD, e.g. "(due 2026-12-01)".', range(34, 61, 34, 71)],
    ]);
    assert.deepEqual(shown('- [ ] raise the OOD threshold — owner: @sre-oncall, due next week'), []);
  });

  it('under a decision heading, reads only task items as actions; under an action heading, every item', () => {
    const body = 'Approved, because:\n\n- shifts went unseen\n- [ ] raise the OOD threshold';
    assert.deepEqual(shown(body, 'Decision').map(([m, r]) => [m, r]), [[NO_OWNER, range(37, 0, 37, 29)]]);
    assert.deepEqual(shown(body, 'Next steps').map(([m, r]) => [m, r]), [
      [NO_OWNER, range(36, 0, 36, 20)],
      [NO_OWNER, range(37, 0, 37, 29)],
    ]);
  });

  it('does not read nested items as actions of their own, nor lists outside the decision', () => {
    assert.deepEqual(shown('- [ ] raise the OOD threshold — owner: @sre-oncall\n  - first on tenant A\n  - then on all'), []);
    assert.deepEqual(noteFindings(note({ sections: { Change: '- [ ] an unowned task in the change section' } }), RULE), []);
  });

  it('keeps exact ranges with CRLF line endings', () => {
    const text = note({ sections: { 'Decision and actions': '- [ ] raise the OOD threshold (due 2026-13-01)' } }).replace(/\n/g, '\r\n');
    assert.deepEqual(
      noteFindings(text, RULE).map((f) => f.range),
      [range(34, 0, 34, 46), range(34, 35, 34, 45)],
    );
  });
});
