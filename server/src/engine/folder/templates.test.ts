import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeCard } from '../card/analyze-card';
import { analyzeNote } from '../note';
import { NOTE_SECTION_ROLES } from '../note/sections';
import { neverEvents } from '../rules/card/never-events';
import { cardTemplate, noteTemplate } from './templates';

const cardAnalysis = (text: string) => analyzeCard(TextDocument.create('file:///w/MODEL_CARD.md', 'markdown', 1, text));
const noteAnalysis = (text: string) => analyzeNote(TextDocument.create('file:///w/deliberation-note.md', 'markdown', 1, text), { today: '2026-06-15' });
const fired = (findings: readonly { rule: string; range: { start: { line: number } } }[]) => findings.map((f) => `${f.range.start.line} ${f.rule}`);

describe('cardTemplate', () => {
  const text = cardTemplate({ model: 'claims-triage', slos: ['ood_recall_7d', 'never_event_violations'], neverEvents: [{ id: 'NE-1' }, { id: 'NE-2', text: 'Never deny a claim without a human review.' }] });

  it('writes the safety sections: objective, proxies from the SLOs, the never events by id, safe mode', () => {
    assert.equal(text, [
      '---',
      'safety_slos: safety-slos.yaml',
      '---',
      '# claims-triage model card',
      '',
      '## Human objective',
      '',
      'TODO: say in one sentence what claims-triage is for, and for whom.',
      '',
      '## Proxies',
      '',
      '| Proxy | How it fails when over-optimised |',
      '| --- | --- |',
      '| `ood_recall_7d` | TODO: what goes wrong when this number is pushed at any cost. |',
      '| `never_event_violations` | TODO: what goes wrong when this number is pushed at any cost. |',
      '',
      '## Never events',
      '',
      '- `NE-1` Never TODO: say what must never happen.',
      '- `NE-2` Never deny a claim without a human review.',
      '',
      '## Safe mode',
      '',
      'TODO: what claims-triage does when an SLO degrades it to safe mode (its safe baseline), and who is told.',
      '',
    ].join('\n'));
    const card = cardAnalysis(text).card;
    assert.deepEqual(neverEvents(card).map((e) => [e.id, e.explicit]), [['NE-1', true], ['NE-2', true]]);
  });

  it('fails only card/placeholder (warnings), once per TODO, until the blanks are filled in', () => {
    const { findings } = cardAnalysis(text);
    assert.deepEqual(fired(findings), ['7 card/placeholder', '13 card/placeholder', '14 card/placeholder', '18 card/placeholder', '23 card/placeholder']);
    assert.ok(findings.every((f) => f.severity === 'warning'));
    const filled = text
      .replace(/TODO: say in one sentence .*/, 'Route each claim to the right reviewer so that no valid claim is denied unfairly.')
      .replace(/TODO: what goes wrong .*? \|/g, 'fails when only easy claims are counted. |')
      .replace('Never TODO: say what must never happen.', 'Never show a claimant another claimant\'s records.')
      .replace(/TODO: what claims-triage does .*/, 'Rules-based triage; every denial goes to a person.');
    assert.deepEqual(fired(cardAnalysis(filled).findings), []);
  });

  it('has a proxy row and a never event to fill in when the policy names none, and names the policy it is given', () => {
    const bare = cardTemplate({ slos: [], neverEvents: [], policy: '../safety-slos.yml' });
    assert.match(bare, /^---\nsafety_slos: \.\.\/safety-slos\.yml\n---\n# Model card\n/);
    assert.match(bare, /\| TODO \| TODO: what goes wrong/);
    assert.match(bare, /TODO: say in one sentence what the model is for/);
    assert.deepEqual(neverEvents(cardAnalysis(bare).card).map((e) => e.id), ['NE-1']);
    assert.deepEqual([...new Set(cardAnalysis(bare).findings.map((f) => f.rule))], ['card/placeholder']);
  });
});

describe('noteTemplate', () => {
  const text = noteTemplate({ model: 'claims-triage', slos: ['ood_recall_7d', 'appeal_overturn_rate_28d'], today: '2026-06-01' });

  it('writes the front matter and every required section, with a prompt in a comment', () => {
    const { note } = noteAnalysis(text);
    assert.match(text, /^---\ndate: 2026-06-01\nchange: {3}# one line: what changes\nslos: \[ood_recall_7d, appeal_overturn_rate_28d\]\n/);
    assert.deepEqual(note.slos.map((s) => s.text), ['ood_recall_7d', 'appeal_overturn_rate_28d']);
    assert.deepEqual(note.reviewers.map((r) => r.role), ['product', 'ML', 'SRE']);
    assert.deepEqual(Object.keys(note.sections), [...NOTE_SECTION_ROLES]);
    assert.equal(note.markdown.sections[0]!.title, 'claims-triage: change to the safety policy');
    assert.match(text, /## Decision and actions\n\n<!-- The decision, then each action with its owner: .*owner: @sre-oncall/);
  });

  it('fails exactly where a person must write: the empty fields and the six sections (errors)', () => {
    const { findings } = noteAnalysis(text);
    assert.deepEqual(fired(findings), [
      '2 note/front-matter', '5 note/front-matter', '7 note/front-matter', '9 note/front-matter', '11 note/front-matter',
      '15 note/required-section', '19 note/required-section', '23 note/required-section', '27 note/required-section', '31 note/required-section', '35 note/required-section',
    ]);
    assert.ok(findings.every((f) => f.severity === 'error'));
  });

  it('passes every note rule once filled in', () => {
    const bodies = [
      'Raise `ood_recall_7d` from 0.90 to 0.95.',
      '- Keep 0.90 and review weekly: a shift can go unseen for a week.',
      'Claimants wait longer; third parties named in claims are protected.',
      'Support asked for a notice about the longer review.',
      'None.',
      'Approved.\n\n- [ ] raise the OOD threshold — owner: @sre-oncall',
    ];
    let i = 0;
    const filled = text
      .replace('change:   # one line: what changes', 'change: Raise the OOD recall target')
      .replace(/ {2}- name:\n/g, () => `  - name: Reviewer ${++i}\n`)
      .replace('decision:   # approved | rejected | deferred', 'decision: approved')
      .replace(/<!-- .* -->/g, () => bodies.shift()!);
    assert.deepEqual(fired(noteAnalysis(filled).findings), []);
  });
});
