import { strict as assert } from 'node:assert';
import { isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { replaceScalar } from './edits';

/** Replaces the value of `key` in a one-line YAML map and returns the new text. */
function replaced(line: string, value: string): string {
  const document = TextDocument.create('file:///w/x.yaml', 'yaml', 1, line);
  const root = parseDocument(line).contents;
  assert.ok(isMap(root));
  const node = root.items[0].value;
  assert.ok(isScalar(node));
  return TextDocument.applyEdits(document, [replaceScalar(document, node as Scalar, value)]);
}

describe('edits.replaceScalar', () => {
  it('replaces only the scalar: the key, spacing and a trailing comment stay', () => {
    assert.equal(replaced('window:   7 days   # weekly\n', '7d'), 'window:   7d   # weekly\n');
  });

  it('keeps the quoting style the user chose', () => {
    assert.equal(replaced('window: "7 days"\n', '7d'), 'window: "7d"\n');
    assert.equal(replaced("window: '7 days'\n", '7d'), "window: '7d'\n");
    assert.equal(replaced("objective: 'x'\n", "it's"), "objective: 'it''s'\n");
    assert.equal(replaced('objective: "x"\n', 'say "hi"'), 'objective: "say \\"hi\\""\n');
  });

  it('quotes a plain value when the new text would not read back as the same string', () => {
    assert.equal(replaced('target: => 0.5\n', '>= 0.5'), 'target: ">= 0.5"\n');
    assert.equal(replaced('action: nope\n', 'kill_switch'), 'action: kill_switch\n');
    for (const special of ['yes', 'No', 'true', 'null', '~', '0.5', '1e3', '- a', 'a: b', '# c']) {
      const after = replaced('value: x\n', special);
      assert.equal(parseDocument(after).toJS().value, special, after);
    }
  });

  it('keeps durations plain', () => {
    assert.equal(replaced('window: 1 h 30 m\n', '1h30m'), 'window: 1h30m\n');
  });
});
