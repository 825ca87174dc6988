import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { folderOf, uriOf, type Files } from '../../folder/testing';
import type { ModelFolder } from '../../folder/model-folder';
import { note } from '../../note/testing';
import type { MarkdownSpec } from './spec';

/** Test helpers only: nothing in the engine imports this file. */

export const POLICY = `version: 1
model: claims-triage
slos:
  - name: ood_recall_7d   # the main one
    objective: Detect distribution shift before harm.
    target: ">= 0.90"
    window: 7d
    action_on_breach: degrade_to_safe_mode
  - name: "unreviewed_denials"
    metric: denials_without_review
    objective: Never deny a claim without human review.
    target: "== 0"
    window: 24h
    action_on_breach: rollback
    never_events: [NE-1, 'NE-3']
`;

export const CARD = `---
license: apache-2.0
objective: Route each claim to the right reviewer so no valid claim is denied unfairly.
safety_slos: ./safety-slos.yaml
---
# Claims triage

See [the policy](./safety-slos.yaml), [the site](https://example.com) and [notes][n].

## Proxies

- \`ood_recall_7d\`: fails when only easy claims are audited.

## Never events

- \`NE-1\` Never deny a claim without a human review.
- Never share a claimant's data with a third party.

### Details

Reviewed yearly.

[n]: <./deliberation notes/x.md>
`;

export const NOTE = note({
  front: { slos: '[ood_recall_7d, "unreviewed_denials"]' },
  sections: {
    Change: 'Raise `ood_recall_7d` from 0.90 to 0.95, and keep `unreviewed_denials` at zero.',
    'Decision and actions': 'Approved.\n\n- [ ] raise the OOD threshold — owner: @sre-oncall (due 2026-12-01)\n- [ ] brief support',
  },
});

export const FILES: Files = { 'safety-slos.yaml': POLICY, 'MODEL_CARD.md': CARD, 'deliberation-note.md': NOTE };

/** `files` with one `‸` marking the cursor in one of them: their folder, and the URI and position of the cursor. */
export function withCursorIn(files: Files): { readonly folder: ModelFolder; readonly uri: string; readonly position: Position } {
  const entries = Object.entries(files);
  const marked = entries.filter(([, text]) => text.includes('‸'));
  if (marked.length !== 1 || marked[0]![1].split('‸').length !== 2) throw new Error('mark the cursor with exactly one ‸');
  const [path, text] = marked[0]!;
  const at = text.indexOf('‸');
  const folder = folderOf(Object.fromEntries(entries.map(([p, t]) => [p, t.replace('‸', '')])));
  return { folder, uri: uriOf(path), position: positionIn(text.replace('‸', ''), at) };
}

/** The card or the model's note of `folder` as a MarkdownSpec. */
export function specOf(folder: ModelFolder, kind: MarkdownSpec['kind']): MarkdownSpec {
  if (kind === 'card') return { kind, card: folder.card!.card };
  return { kind, note: folder.notes[0]!.note };
}

/** The range of the `nth` occurrence of `needle` in `text`. */
export function rangeIn(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  return { start: positionIn(text, at), end: positionIn(text, at + needle.length) };
}

function positionIn(text: string, offset: number): Position {
  return TextDocument.create('file:///x', 'plaintext', 1, text).positionAt(offset);
}
