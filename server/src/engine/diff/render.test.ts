import { strict as assert } from 'node:assert';
import { policy, slo } from '../testing';
import { aspectText, diffJson, diffMarkdown, diffText, diffTitle, verdictText } from './render';
import { diffOf, type Notes, type Version } from './testing';

const label = (uri: string) => uri.replace('file:///repo/', '');

const BASE: Version = {
  'safety-slos.yaml': policy(slo() + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.02"', window: '28d' }) + slo({ name: 'escalation_recall_7d' })),
};
/** Tightens ood_recall_7d, relaxes appeal_overturn_rate_28d (and rewords it with a pipe), removes escalation_recall_7d. */
const HEAD: Version = {
  'safety-slos.yaml': policy(slo({ target: '">= 0.95"' }) + slo({ name: 'appeal_overturn_rate_28d', target: '"<= 0.05"', window: '28d', objective: 'Appeals | overturns stay rare.' })),
};
const NOTE = (slos: string) => `---\ndate: 2026-05-14\nslos: [${slos}]\n---\n# Relax the appeal target\n`;

const diffWith = (notes: Notes = {}) => diffOf(BASE, HEAD, notes);

describe('render', () => {
  describe('diffTitle', () => {
    it('counts each class, and says whether the loosened changes are acknowledged', () => {
      assert.equal(diffTitle(diffWith()), 'SLO diff vs main: 1 tightened, 2 loosened (not acknowledged)');
      assert.equal(diffTitle(diffWith({ 'deliberation-note.md': { text: NOTE('appeal_overturn_rate_28d'), status: 'added' } })), 'SLO diff vs main: 1 tightened, 2 loosened (1 not acknowledged)');
      assert.equal(
        diffTitle(diffWith({ 'deliberation-note.md': { text: NOTE('appeal_overturn_rate_28d, escalation_recall_7d'), status: 'changed' } })),
        'SLO diff vs main: 1 tightened, 2 loosened (acknowledged)',
      );
    });

    it('names neutral changes, and says when there is nothing', () => {
      assert.equal(diffTitle(diffOf(BASE, { 'safety-slos.yaml': `# comment\n${BASE['safety-slos.yaml']!}` })), 'SLO diff vs main: 1 neutral');
      assert.equal(diffTitle(diffOf(BASE, BASE)), 'SLO diff vs main: no changes');
    });
  });

  describe('verdictText', () => {
    it('green, with or without loosened changes; not green with the count', () => {
      assert.equal(verdictText(diffOf(BASE, BASE)), 'green: nothing is loosened');
      assert.equal(verdictText(diffWith({ 'deliberation-note.md': { text: NOTE('appeal_overturn_rate_28d, escalation_recall_7d'), status: 'added' } })), 'green: every loosened change is acknowledged in a changed deliberation note');
      assert.equal(verdictText(diffWith()), 'not green: 2 loosened changes are not acknowledged in a deliberation note added or changed in the diff');
      assert.equal(verdictText(diffWith({ 'deliberation-note.md': { text: NOTE('appeal_overturn_rate_28d'), status: 'added' } })), 'not green: 1 loosened change is not acknowledged in a deliberation note added or changed in the diff');
    });
  });

  it('aspectText: the field with its values, or the reason for an addition or removal', () => {
    const [removed, tightened] = diffWith().changes;
    assert.equal(aspectText(removed!.aspects[0]!), 'Removed: a breach of escalation_recall_7d no longer triggers degrade_to_safe_mode.');
    assert.equal(aspectText(tightened!.aspects[0]!), 'target: >= 0.90 -> >= 0.95');
  });

  it('diffText: a block per model, a line per change at its head location, a line per aspect', () => {
    const text = diffText([diffWith({ 'deliberation-note.md': { text: NOTE('escalation_recall_7d'), status: 'unchanged' } })], label);
    assert.equal(
      text,
      [
        'SLO diff vs main: 1 tightened, 2 loosened (not acknowledged) (claims-triage)',
        '  loosened  removed  slo escalation_recall_7d  safety-slos.yaml:3  [named in deliberation-note.md, which did not change]',
        '      Removed: a breach of escalation_recall_7d no longer triggers degrade_to_safe_mode.',
        '  tightened modified slo ood_recall_7d  safety-slos.yaml:4',
        '      target: >= 0.90 -> >= 0.95 (A stricter target: a value of 0.925 now breaches.)',
        '  loosened  modified slo appeal_overturn_rate_28d  safety-slos.yaml:9  [not acknowledged]',
        '      target: <= 0.02 -> <= 0.05 (A relaxed target: a value of 0.035 used to breach and now passes.)',
        '      objective: Detect distribution shift before harm. -> Appeals | overturns stay rare. (The objective is reworded; decisions do not change.)',
        '  not green: 2 loosened changes are not acknowledged in a deliberation note added or changed in the diff',
        '',
      ].join('\n'),
    );
  });

  it('diffMarkdown: a verdict, then a table per model whose cells escape pipes', () => {
    const markdown = diffMarkdown([diffWith({ 'deliberation-note.md': { text: NOTE('appeal_overturn_rate_28d'), status: 'added' } })], label);
    const lines = markdown.split('\n');
    assert.deepEqual(lines.slice(0, 8), [
      '## Safety Specs: SLO diff ❌ not green',
      '',
      '### claims-triage: SLO diff vs main: 1 tightened, 2 loosened (1 not acknowledged)',
      '',
      '❌ not green: 1 loosened change is not acknowledged in a deliberation note added or changed in the diff.',
      '',
      '| Change | What | Detail | Why | Deliberation note |',
      '| --- | --- | --- | --- | --- |',
    ]);
    const row = lines.find((l) => l.includes('appeal_overturn_rate_28d'))!;
    assert.equal(
      row,
      '| ⚠️ loosened (modified) | slo `appeal_overturn_rate_28d` | target: &lt;= 0.02 -> &lt;= 0.05<br>objective: Detect distribution shift before harm. -> Appeals \\| overturns stay rare. | A relaxed target: a value of 0.035 used to breach and now passes.<br>The objective is reworded; decisions do not change. | acknowledged in deliberation-note.md |',
    );
    // Every row has exactly the five cells of the header: no value broke out of its cell.
    for (const l of lines.filter((x) => x.startsWith('| '))) assert.equal(l.replace(/\\\|/g, '').split('|').length, 7, l);
    assert.match(diffMarkdown([diffOf(BASE, BASE)], label), /^## Safety Specs: SLO diff ✅ green\n/);
  });

  it('diffJson: stable fields, files by label, acknowledgement of loosened changes only', () => {
    const json = diffJson([diffWith({ 'deliberation-note.md': { text: NOTE('escalation_recall_7d'), status: 'unchanged' } })], label);
    assert.equal(json.green, false);
    const [model] = json.models;
    assert.deepEqual([model!.model, model!.base, model!.green, model!.counts, model!.unacknowledged], ['claims-triage', 'main', false, { tightened: 1, loosened: 2, neutral: 0 }, 2]);
    assert.deepEqual(model!.changes[0], {
      subject: 'slo',
      kind: 'removed',
      name: 'escalation_recall_7d',
      class: 'loosened',
      before: { file: 'safety-slos.yaml', line: 14 },
      aspects: [{ field: 'slo', class: 'loosened', before: '>= 0.90, 7d, degrade_to_safe_mode', after: '', reason: 'Removed: a breach of escalation_recall_7d no longer triggers degrade_to_safe_mode.' }],
      acknowledged: false,
      note: { file: 'deliberation-note.md', line: 3 },
    });
    assert.equal('acknowledged' in model!.changes[1]!, false, 'a tightened change has no acknowledgement');
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'plain JSON');
  });
});
