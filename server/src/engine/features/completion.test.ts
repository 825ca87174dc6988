import { strict as assert } from 'node:assert';
import { InsertTextFormat, type CompletionItem } from 'vscode-languageserver-types';
import { completion } from './completion';
import { withCursor } from '../testing';

const LADDER = ['alert', 'ticket', 'page', 'route_to_human_review', 'throttle', 'degrade_to_safe_mode', 'rollback', 'kill_switch'];
const SLO_KEYS = ['name', 'objective', 'target', 'window', 'aggregate', 'action_on_breach', 'metric', 'scope', 'owner', 'severity', 'description', 'never_events'];
const TOP_KEYS = ['version', 'model', 'slos', 'actions', 'gates', 'scenarios', 'metrics', 'history', 'safe_mode', 'model_card'];

function complete(marked: string): CompletionItem[] {
  const { file, position } = withCursor(marked);
  return completion(file, position);
}

const labels = (items: CompletionItem[]) => items.map((i) => i.label);
/** Labels in the order an editor shows them (by sortText, then label). */
const sorted = (items: CompletionItem[]) => [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);

const HEAD = 'version: 1\nmodel: claims-triage\n';

describe('features/completion', () => {
  describe('keys', () => {
    it('offers every top-level key in an empty file, required ones first', () => {
      const items = complete('‸');
      assert.deepEqual(labels(items).sort(), [...TOP_KEYS].sort());
      assert.deepEqual(sorted(items).slice(0, 2), ['slos', 'version']);
      assert.equal(items.find((i) => i.label === 'version')?.detail, 'required');
      assert.equal(items.find((i) => i.label === 'gates')?.detail, 'optional');
    });

    it('offers only the top-level keys not yet written', () => {
      assert.deepEqual(labels(complete(`${HEAD}‸\n`)).sort(), TOP_KEYS.filter((k) => k !== 'version' && k !== 'model').sort());
      assert.deepEqual(labels(complete(`version: 1\n‸\nslos:\n  - name: a\n`)).sort(), TOP_KEYS.filter((k) => k !== 'version' && k !== 'slos').sort());
    });

    it('offers SLO keys for a new list item, required first, with snippets', () => {
      const items = complete(`${HEAD}slos:\n  - ‸\n`);
      assert.deepEqual(labels(items), SLO_KEYS);
      assert.deepEqual(sorted(items).slice(0, 5), ['action_on_breach', 'name', 'objective', 'target', 'window']);
      const target = items.find((i) => i.label === 'target');
      assert.equal(target?.insertText, 'target: "${1|>=,<=,==,>,<,!=|} ${2:0.90}"');
      assert.equal(target?.insertTextFormat, InsertTextFormat.Snippet);
      const owner = items.find((i) => i.label === 'owner');
      assert.equal(owner?.insertText, 'owner: ');
      assert.equal(owner?.insertTextFormat, InsertTextFormat.PlainText);
      assert.equal(items.find((i) => i.label === 'scope')?.insertText, 'scope:\n  ');
    });

    it('inside a half-typed SLO (broken YAML above), offers the SLO keys not yet written', () => {
      const marked = `${HEAD}slos:\n  - name: ood_recall_7d\n    target: >= 0.9\n    win‸\n`;
      assert.deepEqual(labels(complete(marked)), SLO_KEYS.filter((k) => k !== 'name' && k !== 'target'));
    });

    it('sees the keys written below the cursor in the same SLO, but not those of the next SLO', () => {
      const marked = `${HEAD}slos:\n  - name: a_rate\n    ‸\n    window: 7d\n  - name: b_rate\n    target: "<= 0.1"\n`;
      assert.deepEqual(labels(complete(marked)), SLO_KEYS.filter((k) => k !== 'name' && k !== 'window'));
    });

    it('offers the keys of a custom action', () => {
      const items = complete(`${HEAD}actions:\n  notify_ts:\n    ‸\n`);
      assert.deepEqual(labels(items), ['severity', 'description']);
      assert.ok(items.every((i) => i.detail === 'required'));
    });

    it('documents each key with the schema description', () => {
      const [version] = complete('‸').filter((i) => i.label === 'version');
      assert.deepEqual(version.documentation, { kind: 'markdown', value: 'Version of the policy format. Only `1` exists.' });
    });

    // Regression: the scan upwards used to collect the keys of the previous item (same column).
    it('offers every SLO key on a new item after an existing one', () => {
      const marked = `${HEAD}slos:\n  - name: a_rate\n    objective: "One."\n    target: "<= 0.1"\n  - ‸\n`;
      assert.deepEqual(labels(complete(marked)), SLO_KEYS);
    });
  });

  describe('values', () => {
    it('offers the ladder then custom actions for action_on_breach, replacing what is typed', () => {
      const marked = `${HEAD}actions:\n  notify_ts:\n    severity: page\n    description: x\nslos:\n  - name: a_rate\n    action_on_breach: ro‸\n`;
      const items = complete(marked);
      assert.deepEqual(labels(items), [...LADDER, 'notify_ts']);
      const rollback = items.find((i) => i.label === 'rollback');
      assert.deepEqual(rollback?.textEdit, { range: { start: { line: 8, character: 22 }, end: { line: 8, character: 24 } }, newText: 'rollback' });
      assert.equal(rollback?.detail, '7 of 8 on the ladder');
      const custom = items.find((i) => i.label === 'notify_ts');
      assert.equal(custom?.detail, 'custom, ranks with page; 3 of 8 on the ladder');
      assert.equal(custom?.sortText, items.find((i) => i.label === 'page')?.sortText);
    });

    it('offers actions on the first line of a list item too', () => {
      assert.deepEqual(labels(complete(`${HEAD}slos:\n  - action_on_breach: ‸\n`)), LADDER);
    });

    it('offers only the ladder for a custom action\'s severity', () => {
      assert.deepEqual(labels(complete(`${HEAD}actions:\n  notify_ts:\n    severity: ‸\n`)), LADDER);
    });

    it('offers common windows, in order', () => {
      const items = complete(`${HEAD}slos:\n  - name: a_rate\n    window: 2‸\n`);
      assert.deepEqual(sorted(items), ['5m', '1h', '24h', '7d', '28d', 'rolling']);
      assert.deepEqual(items[0].textEdit, { range: { start: { line: 4, character: 12 }, end: { line: 4, character: 13 } }, newText: '5m' });
    });

    it('offers comparators for a target, quoted when the value is not yet quoted', () => {
      const unquoted = complete(`${HEAD}slos:\n  - name: a_rate\n    target: ‸\n`);
      assert.deepEqual(labels(unquoted), ['>=', '>', '<=', '<', '==', '!=']);
      assert.equal(unquoted[0].insertText, '">= ${1:0.90}"');
      assert.equal(unquoted[0].insertTextFormat, InsertTextFormat.Snippet);
      const quoted = complete(`${HEAD}slos:\n  - name: a_rate\n    target: "‸\n`);
      assert.equal(quoted[0].insertText, '>= ');
      assert.equal(quoted[0].insertTextFormat, InsertTextFormat.PlainText);
      assert.deepEqual(quoted[0].textEdit, { range: { start: { line: 4, character: 13 }, end: { line: 4, character: 13 } }, newText: '>= ' });
    });

    it('offers enum and const values from the schema', () => {
      assert.deepEqual(labels(complete(`${HEAD}slos:\n  - name: a_rate\n    severity: ‸\n`)), ['low', 'medium', 'high', 'critical']);
      assert.deepEqual(labels(complete('version: ‸\n')), ['1']);
    });

    it('offers nothing for free-text values, after a comment, or past the indicator of a value', () => {
      assert.deepEqual(complete(`${HEAD}slos:\n  - name: ‸\n`), []);
      assert.deepEqual(complete(`${HEAD}slos:\n  - name: a_rate\n    window: 7d  # w‸\n`), []);
      assert.deepEqual(complete(`${HEAD}slos:\n  - name: a_rate\n    scope: { a: ‸\n`), []);
    });
  });
});
