import { strict as assert } from 'node:assert';
import type { CompletionItem } from 'vscode-languageserver-types';
import { RULE_METAS } from '../rules/catalog';
import { range, withCursor } from '../testing';
import { configCompletion } from './completion';

function complete(marked: string): CompletionItem[] {
  const { file, position } = withCursor(marked);
  return configCompletion(file.document, position);
}

const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);
const ALL_IDS = RULE_METAS.map((m) => m.id);

describe('config/completion', () => {
  it('offers the top-level keys not yet written, sections as blocks', () => {
    assert.deepEqual(labels(complete('‸')), ['root', 'rules', 'rule_options', 'overrides', 'ignore']);
    const items = complete('root: true\n‸\nignore: []\n');
    assert.deepEqual(labels(items), ['rules', 'rule_options', 'overrides']);
    assert.equal(items[0]?.insertText, 'rules:\n  ');
    assert.match(String((items[0]?.documentation as { value: string }).value), /^The level of each rule/);
  });

  it('offers the keys of an override', () => {
    assert.deepEqual(labels(complete('overrides:\n  - ‸\n')), ['files', 'rules', 'rule_options']);
    assert.deepEqual(labels(complete('overrides:\n  - files: [a]\n    ‸\n')), ['rules', 'rule_options']);
  });

  it('under rule_options:, offers the rules that take options, with their description, and then their options', () => {
    for (const marked of ['rule_options:\n  ‸\n', 'overrides:\n  - files: [a]\n    rule_options:\n      ‸\n']) {
      const [length, ...rest] = complete(marked);
      assert.deepEqual(rest, [], marked);
      assert.equal(length?.label, 'note/length');
      assert.equal(length?.detail, RULE_METAS.find((m) => m.id === 'note/length')?.description);
      assert.equal(length?.insertText, 'note/length:\n  ');
    }
    const [maxWords, ...rest] = complete('rule_options:\n  note/length:\n    ‸\n');
    assert.deepEqual(rest, []);
    assert.equal(maxWords?.label, 'max_words');
    assert.match(String((maxWords?.documentation as { value: string }).value), /a whole number, at least 50\. The default is 800/);
    assert.deepEqual(complete('rule_options:\n  note/length: {}\n  ‸\n'), [], 'nothing left to set');
  });

  it('under rules:, offers every rule id not yet set, with its description', () => {
    const items = complete('rules:\n  slo/ratio-bounds: off\n  slo/ob‸\n  conflict/redundant: info\n');
    assert.deepEqual(labels(items), ALL_IDS.filter((id) => id !== 'slo/ratio-bounds' && id !== 'conflict/redundant'));
    const objective = items.find((i) => i.label === 'slo/objective-sentence');
    assert.equal(objective?.detail, RULE_METAS.find((m) => m.id === 'slo/objective-sentence')?.description);
    assert.equal(objective?.insertText, 'slo/objective-sentence: ');
  });

  it("under an override's rules:, offers the rule ids not set in that override", () => {
    const marked = 'rules:\n  slo/ratio-bounds: off\noverrides:\n  - files: [a]\n    rules:\n      conflict/redundant: off\n      ‸\n';
    assert.deepEqual(labels(complete(marked)), ALL_IDS.filter((id) => id !== 'conflict/redundant'));
  });

  it('offers the levels as values, replacing what is typed', () => {
    const items = complete('rules:\n  slo/ratio-bounds: wa‸\n');
    assert.deepEqual(labels(items), ['error', 'warning', 'info', 'off']);
    assert.deepEqual(items[1]?.textEdit, { range: range(1, 20, 1, 22), newText: 'warning' });
    assert.deepEqual(labels(complete('overrides:\n  - files: [a]\n    rules:\n      slo/ratio-bounds: ‸\n')), ['error', 'warning', 'info', 'off']);
  });

  it('never offers a downgrade for a rule that guards never events', () => {
    assert.deepEqual(labels(complete('rules:\n  never-event/target-zero: ‸\n')), ['error']);
  });

  it('offers nothing for values elsewhere', () => {
    assert.deepEqual(complete('ignore: ‸\n'), []);
  });
});
