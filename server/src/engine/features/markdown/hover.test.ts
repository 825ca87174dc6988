import { strict as assert } from 'node:assert';
import type { Position } from 'vscode-languageserver-types';
import { folderOf } from '../../folder/testing';
import type { ModelFolder } from '../../folder/model-folder';
import { markdownHover } from './hover';
import { CARD, FILES, NOTE, rangeIn, specOf } from './testing';
import type { MarkdownSpec } from './spec';

const FOLDER = folderOf(FILES);

/** The position `shift` characters into the `nth` occurrence of `needle` in `text`. */
function inside(text: string, needle: string, shift = 1, nth = 0): Position {
  const { start } = rangeIn(text, needle, nth);
  return { line: start.line, character: start.character + shift };
}

/** The hover of the card or note of `folder`; `null` hovers FOLDER's file without its folder. */
function hoverAt(kind: MarkdownSpec['kind'], position: Position, folder: ModelFolder | null = FOLDER) {
  const hover = markdownHover(specOf(folder ?? FOLDER, kind), position, folder ?? undefined);
  if (!hover) return undefined;
  assert.ok(typeof hover.contents === 'object' && 'kind' in hover.contents && hover.contents.kind === 'markdown');
  return { text: hover.contents.value, range: hover.range };
}

describe('features/markdown/hover', () => {
  describe('over an SLO name', () => {
    const OOD = ['**ood_recall_7d** (SLO)', 'Detect distribution shift before harm.', '`>= 0.90 over 7d → degrade_to_safe_mode`', 'Defined in [safety-slos.yaml:4](file:///ws/model/safety-slos.yaml#L4)'].join('\n\n');

    it('in a code span of the card: the SLO, what it holds and where it is', () => {
      assert.deepEqual(hoverAt('card', inside(CARD, '`ood_recall_7d`', 3)), { text: OOD, range: rangeIn(CARD, 'ood_recall_7d') });
    });

    it('in the note\'s `slos:`, quoted or not, and in its text', () => {
      assert.deepEqual(hoverAt('note', inside(NOTE, 'ood_recall_7d', 0)), { text: OOD, range: rangeIn(NOTE, 'ood_recall_7d') });
      const quoted = hoverAt('note', inside(NOTE, '"unreviewed_denials"', 5));
      assert.deepEqual(quoted?.range, rangeIn(NOTE, 'unreviewed_denials'));
      assert.match(quoted?.text ?? '', /^\*\*unreviewed_denials\*\* \(SLO\)\n\nNever deny a claim without human review\.\n\n`== 0 over 24h → rollback`\n\nDefined in \[safety-slos\.yaml:9\]/);
      assert.deepEqual(hoverAt('note', inside(NOTE, 'ood_recall_7d', 13, 1))?.range, rangeIn(NOTE, 'ood_recall_7d', 1));
    });

    it('says when a `slos:` entry is not an SLO of the policy; a code span that names none is just code', () => {
      const files = { ...FILES, 'deliberation-note.md': NOTE.replace('slos: [ood_recall_7d,', 'slos: [ood_recall_30d,') };
      const folder = folderOf(files);
      const text = files['deliberation-note.md'];
      assert.deepEqual(hoverAt('note', inside(text, 'ood_recall_30d'), folder), { text: '`ood_recall_30d` is not an SLO of the policy (safety-slos.yaml).', range: rangeIn(text, 'ood_recall_30d') });
      const code = NOTE.replace('Approved.', 'Approved, not `kill_switch`.');
      assert.equal(hoverAt('note', inside(code, 'kill_switch'), folderOf({ ...FILES, 'deliberation-note.md': code })), undefined);
    });
  });

  describe('over a never event', () => {
    it('gives its id, its text and the SLOs that cover it, from its id or anywhere in its item', () => {
      const expected = '**Never event `NE-1`**\n\nNever deny a claim without a human review.\n\nCovered by `unreviewed_denials` ([safety-slos.yaml:9](file:///ws/model/safety-slos.yaml#L9)).';
      assert.deepEqual(hoverAt('card', inside(CARD, 'NE-1')), { text: expected, range: rangeIn(CARD, 'NE-1') });
      assert.deepEqual(hoverAt('card', inside(CARD, 'human review')), { text: expected, range: rangeIn(CARD, '- `NE-1` Never deny a claim without a human review.') });
    });

    it('counts the SLO named never_event_violations as covering every never event', () => {
      const policy = `${FILES['safety-slos.yaml']}  - name: never_event_violations\n    objective: Never any never event.\n    target: "== 0"\n    window: 24h\n    action_on_breach: kill_switch\n`;
      const text = hoverAt('card', inside(CARD, 'third party'), folderOf({ ...FILES, 'safety-slos.yaml': policy }))?.text;
      assert.match(text ?? '', /\n\nCovered by `never_event_violations` \(\[safety-slos\.yaml:16\]\(file:\/\/\/ws\/model\/safety-slos\.yaml#L16\)\)\.$/);
    });

    it('says when no SLO covers it, and when its id is only a slug of its text', () => {
      const text = hoverAt('card', inside(CARD, 'third party'))?.text ?? '';
      assert.match(text, /^\*\*Never event `never-share-a-claimant-s-data-with-a-third-party`\*\* \(a slug of its text: give it an explicit id/);
      assert.match(text, /\n\nNot covered by any SLO: list `never-share-a-claimant-s-data-with-a-third-party` in the `never_events` of an SLO with target `== 0`/);
    });

    it('leaves coverage out without the folder', () => {
      assert.equal(hoverAt('card', inside(CARD, 'NE-1'), null)?.text, '**Never event `NE-1`**\n\nNever deny a claim without a human review.');
    });
  });

  describe('over a heading', () => {
    it('of a card section a rule reads: what it must say, with the rule\'s page', () => {
      assert.deepEqual(hoverAt('card', inside(CARD, '## Never events', 5)), {
        text: '**Never events**\n\nA model card lists what must never happen in a "Never events" section: each item a "never ..." statement with a unique id. ([card/never-events](https://github.com/safety-specs/safety-specs/blob/main/docs/rules/card/never-events.md))',
        range: rangeIn(CARD, '## Never events'),
      });
      assert.match(hoverAt('card', inside(CARD, '## Proxies'))?.text ?? '', /^\*\*Proxies\*\*\n\nA model card lists the proxies .*\(\[card\/proxy-failure-mode\]/);
      assert.equal(hoverAt('card', inside(CARD, '### Details')), undefined);
    });

    it('of an "Objective" section only when the objective rule reads it there', () => {
      const card = CARD.replace(/^objective: .*\n/m, '').replace('## Proxies', '## Objective\n\nRoute each claim well.\n\n## Proxies');
      const text = hoverAt('card', inside(card, '## Objective'), folderOf({ ...FILES, 'MODEL_CARD.md': card }))?.text;
      assert.match(text ?? '', /^\*\*Human objective\*\*\n\nA model card states its human objective.*\(\[card\/objective\]/);
      const besideFrontMatter = CARD.replace('## Proxies', '## Objective\n\nRoute each claim well.\n\n## Proxies');
      assert.equal(hoverAt('card', inside(besideFrontMatter, '## Objective'), folderOf({ ...FILES, 'MODEL_CARD.md': besideFrontMatter })), undefined);
    });

    it('of a note section, under whatever heading of the synonym table, with its rules and synonyms', () => {
      const text = hoverAt('note', inside(NOTE, '## Decision and actions'))?.text ?? '';
      assert.match(text, /^\*\*Decision and actions\*\*\n\nA deliberation note has its six sections.*\[note\/required-section\].*\n\nEvery action of the decision names its owner.*\[note\/action-owner\]/);
      assert.match(text, /\n\nAlso written as: Decision, Decisions, Decision outcome, .*Next steps/);
      const dissent = NOTE.replace('## Disagreement', '## Dissent');
      const folder = folderOf({ ...FILES, 'deliberation-note.md': dissent });
      assert.deepEqual(hoverAt('note', inside(dissent, '## Dissent'), folder)?.range, rangeIn(dissent, '## Dissent'));
    });
  });

  it('keeps ranges exact with CRLF line endings and a BOM', () => {
    const card = `\uFEFF${CARD.replace(/\n/g, '\r\n')}`;
    const folder = folderOf({ ...FILES, 'MODEL_CARD.md': card });
    assert.deepEqual(hoverAt('card', inside(card, 'NE-1'), folder)?.range, rangeIn(card, 'NE-1'));
    assert.deepEqual(hoverAt('card', inside(card, 'ood_recall_7d'), folder)?.range, rangeIn(card, 'ood_recall_7d'));
  });
});
