import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseMarkdown } from '../markdown/parse';
import { parsePolicy } from '../policy/parse';
import { doc, findingsFor, policy, range, slo, TEST_URI } from '../testing';
import type { Finding } from '../types';
import { changedAt, changedRegions, isAboutChange, type FileChanges } from './changed-regions';

const head = (text: string) => parsePolicy(doc(text));

/** `key: changed|same` per region, for compact assertions. */
function regionsOf(changes: FileChanges): string[] {
  assert.equal(changes.kind, 'modified');
  return changes.kind === 'modified' ? changes.regions.map((r) => `${r.key}: ${r.changed ? 'changed' : 'same'}`) : [];
}

const GATES = `gates:
  - name: release
    slos: [a_rate]
scenarios:
  - name: calm
    metrics: { a_rate: 0.95 }
    expect: pass
actions:
  call_owner:
    severity: page
`;

describe('changedRegions', () => {
  it('calls a file absent from the base added, and an identical one unchanged', () => {
    const text = policy(slo());
    assert.deepEqual(changedRegions(undefined, head(text)), { kind: 'added' });
    assert.deepEqual(changedRegions(text, head(text)), { kind: 'unchanged' });
    assert.deepEqual(changedRegions(text, doc(text)), { kind: 'unchanged' });
    assert.deepEqual(changedRegions(text, doc(`${text}# more\n`)), { kind: 'modified', regions: [] });
  });

  it('compares each SLO, gate, scenario, action and top-level key with the base item of the same name', () => {
    const base = policy(slo({ name: 'a_rate' }) + slo({ name: 'b_rate' }), GATES);
    const changes = changedRegions(base, head(policy(slo({ name: 'a_rate' }) + slo({ name: 'b_rate', target: '">= 0.95"' }), GATES.replace('call_owner:\n    severity: page', 'call_owner:\n    severity: ticket'))));
    assert.deepEqual(regionsOf(changes), [
      'key version 1: same',
      'key model 1: same',
      'slo a_rate 1: same',
      'slo b_rate 1: changed',
      'gate release 1: same',
      'scenario calm 1: same',
      'action call_owner 1: changed',
    ]);
    // An SLO's region runs from its first key to its last value, not into the next item.
    const b = changes.kind === 'modified' ? changes.regions[3]! : undefined;
    assert.deepEqual(b?.range, range(8, 4, 12, 42));
  });

  it('counts new SLOs as changed, leaves removed ones out, and pairs duplicate names in order', () => {
    const base = policy(slo({ name: 'a_rate' }) + slo({ name: 'a_rate', window: '24h' }) + slo({ name: 'gone_rate' }));
    const now = policy(slo({ name: 'a_rate' }) + slo({ name: 'a_rate', window: '1h' }) + slo({ name: 'new_rate' }));
    assert.deepEqual(regionsOf(changedRegions(base, head(now))).filter((r) => r.startsWith('slo')), ['slo a_rate 1: same', 'slo a_rate 2: changed', 'slo new_rate 1: changed']);
  });

  it('reads a list key of the wrong shape as one piece, like any other key', () => {
    assert.deepEqual(regionsOf(changedRegions('version: 1\nslos: none\n', head('version: 1\nslos: nothing\n'))), ['key version 1: same', 'key slos 1: changed']);
  });

  it('compares Markdown sections by heading path (own text and subsection headings), and the front matter', () => {
    const card = (results: string, limits: string, extra = '') =>
      `---\nlicense: mit\n---\n# Claims triage\n\nIntro.\n\n## Evaluation\n\n### Results\n\n${results}\n\n### Limits\n\n${limits}\n\n${extra}## Safe mode\n\nRoute to humans.\n`;
    const md = (text: string) => parseMarkdown(TextDocument.create('file:///w/MODEL_CARD.md', 'markdown', 1, text));
    const changes = changedRegions(card('Recall 0.91.', 'English only.'), md(card('Recall 0.93.', 'English only.')));
    assert.deepEqual(regionsOf(changes), [
      'front matter 1: same',
      'section # Claims triage 1: same',
      'section # Claims triage\u0000## Evaluation 1: same',
      'section # Claims triage\u0000## Evaluation\u0000### Results 1: changed',
      'section # Claims triage\u0000## Evaluation\u0000### Limits 1: same',
      'section # Claims triage\u0000## Safe mode 1: same',
    ]);
    // The innermost section decides: the edited subsection, not its parents or siblings.
    assert.equal(changedAt(changes, { line: 11, character: 0 }), true); // Recall 0.93.
    assert.equal(changedAt(changes, { line: 15, character: 3 }), false); // English only.
    assert.equal(changedAt(changes, { line: 3, character: 2 }), false); // the title, where card-wide findings go
    assert.equal(changedAt(changes, { line: 1, character: 0 }), false); // front matter

    // A subsection added (or removed) changes its parents: a card-wide finding may be about it.
    const added = changedRegions(card('Recall 0.91.', 'English only.'), md(card('Recall 0.91.', 'English only.', '### Fairness\n\nChecked.\n\n')));
    assert.deepEqual(
      regionsOf(added).filter((r) => r.endsWith('changed')),
      ['section # Claims triage 1: changed', 'section # Claims triage\u0000## Evaluation 1: changed', 'section # Claims triage\u0000## Evaluation\u0000### Fairness 1: changed'],
    );
  });

  it('does not count line endings as a change', () => {
    const text = policy(slo());
    assert.deepEqual(changedRegions(text.replace(/\n/g, '\r\n'), head(text)), { kind: 'unchanged' });
  });
});

describe('isAboutChange', () => {
  const twoFindings = (b: string) => policy(slo({ name: 'a_rate', target: '"=> 0.9"' }) + slo({ name: 'b_rate', target: b }));
  const base = twoFindings('"=> 0.9"');
  const now = twoFindings('"=> 0.95"');
  const changes = changedRegions(base, head(now));
  const only = (c: FileChanges | undefined) => () => c;

  it('keeps the findings of a changed SLO, and drops those of an untouched one', () => {
    const findings = findingsFor(now, 'slo/target-syntax');
    assert.equal(findings.length, 2);
    assert.deepEqual(
      findings.filter((f) => isAboutChange(TEST_URI, f, only(changes))).map((f) => now.split('\n')[f.range.start.line]),
      ['    target: "=> 0.95"'],
    );
    assert.deepEqual(findingsFor(now).filter((f) => isAboutChange(TEST_URI, f, only({ kind: 'unchanged' }))), []);
    assert.equal(findingsFor(now).every((f) => isAboutChange(TEST_URI, f, only({ kind: 'added' }))), true);
  });

  it('keeps a finding outside every item only when the file changed, and a finding whose cause changed elsewhere', () => {
    const outside: Finding = { ...findingsFor(now)[0]!, range: range(2, 0, 2, 5) }; // the `slos` key itself
    assert.equal(isAboutChange(TEST_URI, outside, only(changes)), true);
    assert.equal(isAboutChange(TEST_URI, outside, only({ kind: 'unchanged' })), false);

    const other = 'file:///w/tenant.safety-slos.yaml';
    const unchangedSlo = findingsFor(now, 'slo/target-syntax')[0]!; // a_rate, untouched
    const crossFile: Finding = { ...unchangedSlo, related: [{ uri: other, range: range(3, 10, 3, 16), message: 'The other SLO.' }] };
    const changesOf = (changed: boolean) => (uri: string) => (uri === other ? { kind: 'modified' as const, regions: [{ key: 'slo x 1', range: range(3, 4, 7, 20), changed }] } : changes);
    assert.equal(isAboutChange(TEST_URI, crossFile, changesOf(true)), true);
    assert.equal(isAboutChange(TEST_URI, crossFile, changesOf(false)), false);
  });

  it('always keeps diff findings: a removal is reported on the list it left', () => {
    const removal: Finding = { ...findingsFor(now)[0]!, rule: 'diff/loosened-unacknowledged' };
    assert.equal(isAboutChange(TEST_URI, removal, only({ kind: 'unchanged' })), true);
  });
});
