import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction, type Range } from 'vscode-languageserver-types';
import { analyze } from '../analyze';
import { codeActions } from './code-actions';
import { doc, policy, range, slo, TEST_URI } from '../testing';

function actionsAt(text: string, at: Range): CodeAction[] {
  return codeActions(TEST_URI, analyze(doc(text)), at);
}

function applied(text: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[TEST_URI];
  assert.ok(edits, `${action.title} has no edit for the document`);
  return TextDocument.applyEdits(doc(text), edits);
}

describe('features/code-actions', () => {
  describe('normalise target (refactor.rewrite)', () => {
    it('rewrites ">=0.9" to ">= 0.90", keeping quotes and the comment', () => {
      const text = policy(slo({ target: '">=0.9"   # weekly' }));
      const actions = actionsAt(text, range(5, 14, 5, 14));
      assert.equal(actions.length, 1);
      const [action] = actions;
      assert.equal(action.title, 'Normalise target to ">= 0.90"');
      assert.equal(action.kind, CodeActionKind.RefactorRewrite);
      assert.equal(action.diagnostics, undefined);
      assert.equal(applied(text, action), policy(slo({ target: '">= 0.90"   # weekly' })));
    });

    it('keeps single quotes and turns a percentage into a ratio', () => {
      const text = policy(slo({ target: "'>= 99.5%'" }));
      const [action] = actionsAt(text, range(5, 12, 5, 23));
      assert.equal(action.title, 'Normalise target to ">= 0.995"');
      assert.equal(applied(text, action), policy(slo({ target: "'>= 0.995'" })));
    });

    it('offers nothing for a target already canonical, or outside the requested range', () => {
      assert.deepEqual(actionsAt(policy(slo({ target: '">= 0.90"' })), range(5, 14, 5, 14)), []);
      assert.deepEqual(actionsAt(policy(slo({ target: '"<= 500ms"', name: 'p95_latency' })), range(5, 14, 5, 14)), []);
      assert.deepEqual(actionsAt(policy(slo({ target: '">=0.9"' })), range(3, 0, 3, 5)), []);
    });

    it('never rewrites a tiny threshold into exponent notation or zero', () => {
      assert.deepEqual(actionsAt(policy(slo({ name: 'pii_leak_rate', target: '"<= 0.0000001"' })), range(5, 14, 5, 14)), []);
      const text = policy(slo({ name: 'pii_leak_rate', target: '"<=0.00001%"' }));
      const [action] = actionsAt(text, range(5, 14, 5, 14));
      assert.equal(action.title, 'Normalise target to "<= 0.0000001"');
    });

    it('offers one rewrite per target in a selection spanning several SLOs', () => {
      const text = policy(slo({ name: 'a_recall', target: '">=0.9"' }) + slo({ name: 'b_recall', target: '">= .95"' }));
      assert.deepEqual(actionsAt(text, range(0, 0, 15, 0)).map((a) => a.title), ['Normalise target to ">= 0.90"', 'Normalise target to ">= 0.95"']);
    });
  });

  describe('quick fixes', () => {
    it('turns each fix of an overlapping finding into a quick fix carrying its diagnostic', () => {
      const text = policy(slo({ window: '7 days  # weekly' }));
      const actions = actionsAt(text, range(6, 13, 6, 13));
      assert.equal(actions.length, 1);
      const [action] = actions;
      assert.equal(action.title, 'Change window to "7d"');
      assert.equal(action.kind, CodeActionKind.QuickFix);
      assert.equal(action.isPreferred, true);
      assert.equal(action.diagnostics?.length, 1);
      assert.equal(action.diagnostics?.[0].code, 'slo/window-syntax');
      assert.equal(action.diagnostics?.[0].source, 'safety-specs');
      assert.equal(applied(text, action), policy(slo({ window: '7d  # weekly' })));
    });

    it('keeps the order and the preferred flag of several fixes', () => {
      const text = policy(slo({ name: 'self_harm_never_events', target: '"== 0"', action_on_breach: 'page' }));
      const actions = actionsAt(text, range(7, 23, 7, 23));
      assert.deepEqual(actions.map((a) => [a.title, a.isPreferred]), [['Change action to "kill_switch"', true], ['Change action to "rollback"', false]]);
    });

    it('offers nothing away from findings, and nothing for a file that was not parsed', () => {
      assert.deepEqual(actionsAt(policy(slo({ window: '7 days' })), range(3, 0, 3, 1)), []);
      assert.deepEqual(codeActions(TEST_URI, analyze(doc('version: 1\u0000')), range(0, 0, 0, 20)), []);
    });
  });
});
