import { strict as assert } from 'node:assert';
import { FoldingRangeKind } from 'vscode-languageserver-types';
import { parsePolicy } from '../policy/parse';
import { foldingRanges } from './folding';
import { doc } from '../testing';

const TEXT = `# Safety SLOs for the claims model.
# Owned by ml-safety.
version: 1
model: claims-triage
actions:
  notify_ts:
    severity: page
    description: Page the on-call.
slos:
  - name: ood_recall_7d
    objective: "Detect distribution shift before harm."
    target: ">= 0.90"
    window: 7d
    action_on_breach: notify_ts
    scope: { endpoint: claims }
  - name: never_events
    target: "== 0"
    never_events:
      - ne_one
      - ne_two
`;

const foldsOf = (text: string) =>
  foldingRanges(parsePolicy(doc(text)))
    .map((r) => `${r.startLine}-${r.endLine}${r.kind ? ` ${r.kind}` : ''}`)
    .sort();

describe('features/folding', () => {
  it('folds multi-line values, list items and comment runs', () => {
    assert.deepEqual(foldsOf(TEXT), [
      '0-1 comment',
      '15-19', // the second SLO
      '17-19', // never_events
      '4-7', // actions
      '5-7', // notify_ts
      '8-19', // slos
      '9-14', // the first SLO
    ].sort());
  });

  it('does not fold one-line flow collections or single comment lines', () => {
    const folds = foldsOf('# one comment\nversion: 1\nscope: { a: 1, b: 2 }\nlist: [1, 2]\n');
    assert.deepEqual(folds, []);
  });

  it('uses the comment kind for comment runs anywhere, indented ones included', () => {
    const ranges = foldingRanges(parsePolicy(doc('version: 1\nslos:\n  # first\n  # second\n  - name: a\n')));
    assert.ok(ranges.some((r) => r.startLine === 2 && r.endLine === 3 && r.kind === FoldingRangeKind.Comment));
  });

  it('handles CRLF and broken YAML', () => {
    assert.deepEqual(foldsOf(TEXT.replace(/\n/g, '\r\n')), foldsOf(TEXT));
    assert.doesNotThrow(() => foldsOf('slos:\n  - name: a\n    target: >= 0.9\n  - [\n'));
  });

  it('treats # lines inside a block scalar as text, and folds the block scalar', () => {
    assert.deepEqual(foldsOf('version: 1\ndescription: |\n  # heading\n  # more\n  text\n'), ['1-4']);
  });
});
