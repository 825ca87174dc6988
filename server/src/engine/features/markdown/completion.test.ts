import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InsertTextFormat, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { range } from '../../testing';
import { markdownCompletion } from './completion';
import type { MarkdownSpec } from './spec';
import { CARD, FILES, NOTE, rangeIn, specOf, withCursorIn } from './testing';

const FILE = { card: 'MODEL_CARD.md', note: 'deliberation-note.md' } as const;

/** Completion at the `‸` of `marked`, the card or the note of FILES; `withFolder: false` completes without the folder. */
function complete(kind: MarkdownSpec['kind'], marked: string, withFolder = true): CompletionItem[] {
  const { folder, position } = withCursorIn({ ...FILES, [FILE[kind]]: marked });
  return markdownCompletion(specOf(folder, kind), position, withFolder ? folder : undefined);
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);
const edit = (item: CompletionItem | undefined) => item?.textEdit as TextEdit | undefined;

/** The text once `item` is accepted (its snippet as written). */
function accept(marked: string, item: CompletionItem): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x.md', 'markdown', 1, marked.replace('‸', '')), [edit(item)!]);
}

describe('features/markdown/completion', () => {
  describe('section headings', () => {
    it('offers the expected sections a card is missing, on an empty line, as snippets replacing the line', () => {
      const bare = '---\nlicense: mit\n---\n# Claims triage\n\n‸\n';
      const items = complete('card', bare);
      assert.deepEqual(labels(items), ['Human objective', 'Proxies', 'Never events', 'Safe mode']);
      const never = items[2]!;
      assert.equal(never.insertTextFormat, InsertTextFormat.Snippet);
      assert.deepEqual(edit(never)?.range, range(5, 0, 5, 0));
      assert.equal(accept(bare, never), '---\nlicense: mit\n---\n# Claims triage\n\n## Never events\n\n- `${1:NE-1}` Never ${2:what must never happen}.\n');
      assert.match(never.detail ?? '', /card\/never-events/);
    });

    it('offers only what is missing: a card with its objective in the front matter needs no objective section', () => {
      assert.deepEqual(labels(complete('card', CARD.replace('### Details', '‸'))), ['Safe mode']);
    });

    it('keeps the heading marker typed, and filters by the heading line', () => {
      const marked = CARD.replace('## Proxies\n\n- `ood_recall_7d`: fails when only easy claims are audited.\n', '### Pro‸\n');
      const [proxies] = complete('card', marked).filter((i) => i.label === 'Proxies');
      assert.equal(proxies?.filterText, '### Proxies');
      assert.deepEqual(edit(proxies)?.range, rangeIn(marked.replace('‸', ''), '### Pro'));
      assert.equal(edit(proxies)?.newText, '### Proxies\n\n- ${1:proxy metric}: fails when ${2:how it fails when over-optimised}.');
    });

    it('offers the canonical headings of the note sections that are missing', () => {
      const marked = NOTE.replace(/## Disagreement\n\nNone\.\n/, '‸\n').replace('## Feedback that changed the plan', '## Consultation');
      assert.deepEqual(labels(complete('note', marked)), ['Disagreement']);
    });

    it('offers nothing on a heading already written, in a code block, or on a line with text', () => {
      assert.deepEqual(complete('card', CARD.replace('### Details', '‸### Details')), []);
      assert.deepEqual(complete('card', CARD.replace('Reviewed yearly.', '```\n‸\n```')), []);
      assert.deepEqual(complete('card', CARD.replace('Reviewed yearly.', 'Reviewed ‸yearly.')), []);
    });
  });

  describe('SLO names', () => {
    it('after an open backtick (outside the never-event items): every SLO, replacing what is typed, with its target and objective', () => {
      const marked = CARD.replace('Reviewed yearly.', 'Reviewed with `ood‸');
      const items = complete('card', marked);
      assert.deepEqual(labels(items), ['ood_recall_7d', 'unreviewed_denials']);
      assert.deepEqual([items[0]!.detail, items[0]!.documentation], ['>= 0.90 over 7d → degrade_to_safe_mode', { kind: 'markdown', value: 'Detect distribution shift before harm.' }]);
      assert.match(accept(marked, items[0]!), /\n### Details\n\nReviewed with `ood_recall_7d\n\n\[n\]/);
    });

    it('inside a code span: replacing its whole text', () => {
      const marked = NOTE.replace('Raise `ood_recall_7d`', 'Raise `ood_re‸call_7d`');
      const [first] = complete('note', marked);
      assert.deepEqual(edit(first)?.range, rangeIn(NOTE, 'ood_recall_7d', 1));
    });

    it('in the note\'s `slos:` list, but those already listed, in a flow or a block list, quoted or not', () => {
      const flow = NOTE.replace('slos: [ood_recall_7d, "unreviewed_denials"]', 'slos: [ood_recall_7d, ‸]');
      const [item, ...rest] = complete('note', flow);
      assert.deepEqual([item?.label, rest], ['unreviewed_denials', []]);
      assert.equal(accept(flow, item!).split('\n')[3], 'slos: [ood_recall_7d, unreviewed_denials]');
      const block = NOTE.replace('slos: [ood_recall_7d, "unreviewed_denials"]', 'slos:\n  - unreviewed_denials\n  - ‸');
      assert.deepEqual(complete('note', block).map((i) => [i.label, edit(i)?.range]), [['ood_recall_7d', range(5, 4, 5, 4)]]);
      const typed = NOTE.replace('slos: [ood_recall_7d, "unreviewed_denials"]', 'slos:\n  - "ood‸"');
      assert.deepEqual(complete('note', typed).map((i) => [i.label, edit(i)?.range]), [['ood_recall_7d', range(4, 5, 4, 8)], ['unreviewed_denials', range(4, 5, 4, 8)]]);
    });

    it('offers nothing elsewhere in the front matter, nor without the folder', () => {
      assert.deepEqual(complete('note', NOTE.replace('decision: approved', 'decision: ‸approved')), []);
      assert.deepEqual(complete('card', CARD.replace('Reviewed yearly.', 'Reviewed with `‸'), false), []);
    });

    it('keeps the range exact with CRLF line endings and a BOM', () => {
      const marked = `\uFEFF${NOTE.replace('slos: [ood_recall_7d, "unreviewed_denials"]', 'slos: [ood_recall_7d, "unr‸"]').replace(/\n/g, '\r\n')}`;
      const [item] = complete('note', marked);
      assert.deepEqual(edit(item)?.range, range(3, 23, 3, 26));
      assert.match(accept(marked, item!), /\r\nslos: \[ood_recall_7d, "unreviewed_denials"\]\r\n/);
    });
  });

  describe('never-event ids', () => {
    it('in the card\'s never events, after a backtick: the ids the SLOs list that the card does not', () => {
      const marked = CARD.replace("- Never share a claimant's data with a third party.", '- `‸');
      const items = complete('card', marked);
      assert.deepEqual(items.map((i) => [i.label, i.detail, edit(i)?.range]), [['NE-3', 'never event listed by unreviewed_denials', range(16, 3, 16, 3)]]);
    });
  });
});
