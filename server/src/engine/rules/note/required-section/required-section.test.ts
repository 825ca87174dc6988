import { strict as assert } from 'node:assert';
import { note, noteFindings } from '../../../note/testing';
import { range } from '../../../testing';

const RULE = 'note/required-section';

const shown = (text: string) => noteFindings(text, RULE).map((f) => [f.message, f.range]);
const TITLE = range(10, 0, 10, 29);

describe(RULE, () => {
  it('flags each missing section on the title, anchored to the canonical heading', () => {
    const text = note({ sections: { 'Feedback that changed the plan': undefined, Disagreement: undefined } });
    const findings = noteFindings(text);
    assert.deepEqual(findings.map((f) => [f.rule, f.message, f.range, f.anchor]), [
      [RULE, 'The note has no "Feedback that changed the plan" section (or a heading that means the same): add "## Feedback that changed the plan".', TITLE, 'Feedback that changed the plan'],
      [RULE, 'The note has no "Disagreement" section (or a heading that means the same): add "## Disagreement".', TITLE, 'Disagreement'],
    ]);
  });

  it('flags an empty section on its heading, comments and template placeholders counting as empty', () => {
    assert.deepEqual(shown(note({ sections: { Change: '' } })), [['"Change" is empty: say what changes, and why.', range(12, 0, 12, 9)]]);
    assert.deepEqual(shown(note({ sections: { Change: '<!-- what changes -->\n\n{Describe the change}' } })), [['"Change" is empty: say what changes, and why.', range(12, 0, 12, 9)]]);
    assert.deepEqual(shown(note({ sections: { Disagreement: '- TBD\n- …' } })), [['"Disagreement" is empty: record the objections that remain, and who holds them, or write "None".', range(28, 0, 28, 15)]]);
  });

  it('counts a code block or a sub-section as content', () => {
    assert.deepEqual(shown(note({ sections: { Change: '```diff\n- target: ">= 0.90"\n+ target: ">= 0.95"\n```' } })), []);
    assert.deepEqual(shown(note({ sections: { 'Alternatives considered': '### Keep 0.90\n\nCheaper, but shifts go unseen.' } })), []);
  });

  it('does not count a heading inside a code block as a section', () => {
    const text = note({ sections: { Disagreement: undefined, Change: 'Raise the target.\n\n```markdown\n## Disagreement\n\nNone.\n```' } });
    assert.deepEqual(shown(text).map(([m]) => m), ['The note has no "Disagreement" section (or a heading that means the same): add "## Disagreement".']);
  });

  describe('alternatives', () => {
    for (const body of ['None.', 'N/A', '- None\n- n/a', 'No alternatives were considered.']) {
      it(`flags "${body.replace(/\n/g, ' ')}"`, () => {
        assert.deepEqual(shown(note({ sections: { 'Alternatives considered': body } })), [
          ['"Alternatives considered" names no alternative: name at least one option you did not choose (doing nothing is one), and why not.', range(16, 0, 16, 26)],
        ]);
      });
    }

    it('accepts a real alternative next to "none", and doing nothing', () => {
      assert.deepEqual(shown(note({ sections: { 'Alternatives considered': '- None of the vendors fit.\n- Do nothing: the shifts keep going unseen.' } })), []);
      assert.deepEqual(shown(note({ sections: { 'Alternatives considered': 'Doing nothing, which leaves shifts unseen for days.' } })), []);
    });
  });

  describe('who might be affected', () => {
    const affected = (body: string) => shown(note({ sections: { 'Who might be affected': body } }));
    const heading = range(20, 0, 20, 24);

    it('flags a section that names only users', () => {
      assert.deepEqual(affected('Claimants, whose claims go to review more often, and the adjusters who review them.'), [
        ['"Who might be affected" names only users: say how people who never use the system are affected too: bystanders, third parties, the public, the people its decisions are about.', heading],
      ]);
    });

    it('does not read "public" alone, or terms naming things, as people', () => {
      assert.deepEqual(affected('Users reach it through a public load balancer, the public internet and a third-party library.').map(([m]) => m), [
        '"Who might be affected" names only users: say how people who never use the system are affected too: bystanders, third parties, the public, the people its decisions are about.',
      ]);
    });

    it('does not read "non-users" as users', () => {
      assert.deepEqual(affected('Non-users named in claims.'), [['"Who might be affected" names no users: say how the users are affected too.', heading]]);
    });

    it('flags a section that names no one', () => {
      assert.deepEqual(affected('The review queue grows by 4%.'), [
        ['"Who might be affected" names neither users nor non-users: say how the users are affected, and people who never use the system (bystanders, third parties, the public).', heading],
      ]);
    });

    for (const others of ['bystanders', 'third parties', 'the public', 'people who never use the app', 'Non-users', 'neighbours']) {
      it(`accepts users and ${others}`, () => assert.deepEqual(affected(`- Users: more reviews.\n- ${others}: fewer wrongful denials.`), []));
    }
  });

  it('accepts "None" as the disagreement', () => {
    assert.deepEqual(shown(note({ sections: { Disagreement: 'None: every reviewer agreed.' } })), []);
  });

  it('accepts a MADR-style note', () => {
    const madr = note({
      sections: {
        Change: undefined,
        'Alternatives considered': undefined,
        'Who might be affected': undefined,
        'Feedback that changed the plan': undefined,
        Disagreement: undefined,
        'Decision and actions': undefined,
        'Context and Problem Statement': 'Two distribution shifts went unnoticed for days; `ood_recall_7d` must rise.',
        'Considered Options': '* Raise the target to 0.95\n* Keep 0.90 with a weekly manual review',
        'Decision Outcome': 'Chosen option: "Raise the target to 0.95", because it catches shifts within a day.\n\n### Consequences\n\n* Good, because claimants are protected sooner, and so are third parties named in claims.\n* Bad, because more claims wait for review.',
        'Review Feedback': 'Support asked for a notice explaining the longer review.',
        'Open Questions': 'None.',
        'Action Items': '* [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)',
      },
    });
    assert.deepEqual(noteFindings(madr), []);
  });

  it('accepts a Nygard-style note with numbered and setext headings', () => {
    const nygard = [
      '---\ndate: 2026-05-14\nchange: Raise the OOD recall target\nslos: [ood_recall_7d]\n',
      'reviewers: [{ name: Dana, role: product }, { name: Sam, role: ML }, { name: Lee, role: SRE }]\ndecision: approved\n---\n',
      'Raise the OOD recall target\n===========================\n\n',
      '## 1. Context\n\nShifts went unseen; raise `ood_recall_7d` to 0.95.\n\n',
      '## 2. Alternatives\n\nKeep 0.90 and review weekly.\n\n',
      '## 3. Consequences\n\nUsers wait longer for some decisions; the public sees fewer wrongful denials.\n\n',
      '## 4. Feedback\n\nLegal asked for an appeal route; added.\n\n',
      '## 5. Objections\n\nSam would rather retrain first.\n\n',
      'Decision\n--------\n\nApproved, with the actions below.\n\n- [x] raise the OOD threshold — owner: @sre-oncall\n',
    ].join('');
    assert.deepEqual(noteFindings(nygard), []);
  });

  it('keeps exact ranges with CRLF line endings', () => {
    const text = note({ sections: { Change: '' } }).replace(/\n/g, '\r\n');
    assert.deepEqual(shown(text), [['"Change" is empty: say what changes, and why.', range(12, 0, 12, 9)]]);
  });
});
