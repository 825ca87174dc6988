import { strict as assert } from 'node:assert';
import { configFindings, layerOf, onlyConfigFinding } from '../../../config/testing';
import { applyFix, range } from '../../../testing';

const RULE = 'config/invalid';

const only = (text: string) => onlyConfigFinding(text, RULE);

describe(RULE, () => {
  describe('YAML', () => {
    it('reports a syntax error at its location', () => {
      const findings = configFindings('rules:\n  slo/ratio-bounds: [off\n', RULE);
      assert.deepEqual(
        findings.map((f) => [f.message, f.range]),
        [
          ['"slo/ratio-bounds" in "rules": expected one of error, warning, info, off, found a list.', range(1, 20, 2, 0)],
          ['YAML: Flow sequence in block collection must be sufficiently indented and end with a ]', range(2, 0, 2, 0)],
        ],
      );
    });

    it('reports a repeated key on the repeat, since YAML drops the first', () => {
      const text = 'rules:\n  slo/ratio-bounds: off\nrules:\n  slo/objective-sentence: info\n';
      const f = only(text);
      assert.equal(f.message, 'Duplicate key "rules": YAML keeps only the last value, so the earlier one is ignored. Merge the two.');
      assert.deepEqual(f.range, range(2, 0, 2, 5));
      assert.deepEqual(layerOf(text).levels, { 'slo/objective-sentence': 'info' }, 'the layer is what YAML loads');
    });

    it('reports a second YAML document, which is ignored', () => {
      const f = only('root: true\n---\nrules: {}\n');
      assert.equal(f.message, 'A config file holds one YAML document; this document and any after it are ignored.');
      assert.deepEqual(f.range, range(1, 0, 1, 0));
    });
  });

  describe('schema', () => {
    it('reports an unknown top-level key on the key, with did-you-mean and a rename that keeps the rest', () => {
      const text = 'rulez:   # levels\n  slo/ratio-bounds: off\n';
      const f = only(text);
      assert.equal(f.message, 'Unknown key "rulez" in the configuration. Did you mean "rules"?');
      assert.deepEqual(f.range, range(0, 0, 0, 5));
      assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Rename "rulez" to "rules"', true]]);
      const after = applyFix(text, f.fixes![0]);
      assert.equal(after, 'rules:   # levels\n  slo/ratio-bounds: off\n');
      assert.deepEqual(configFindings(after), []);
    });

    it('lists the allowed keys when nothing is close', () => {
      assert.equal(only('extends: base\n').message, 'Unknown key "extends" in the configuration. Allowed keys: root, rules, rule_options, overrides, ignore.');
    });

    it('reports an unknown key in an override, naming the override', () => {
      const text = 'overrides:\n  - files: ["legacy/**"]\n    rule:\n      slo/ratio-bounds: off\n';
      const findings = configFindings(text);
      assert.deepEqual(
        findings.map((f) => [f.message, f.range]),
        [
          ['Override #1 is missing "rules": The level of each rule, by rule id: error, warning, info or off.', range(1, 4, 1, 9)],
          ['Unknown key "rule" in override #1. Did you mean "rules"?', range(2, 4, 2, 8)],
        ],
      );
      const after = applyFix(text, findings[1]!.fixes![0]!);
      assert.equal(after, 'overrides:\n  - files: ["legacy/**"]\n    rules:\n      slo/ratio-bounds: off\n');
      assert.deepEqual(configFindings(after), []);
    });

    it('reports a wrong level on the value, with the allowed levels and a fix that keeps the quotes', () => {
      const text = 'rules:\n  slo/objective-sentence: "warnig"\n';
      const f = only(text);
      assert.equal(f.message, '"slo/objective-sentence" in "rules": "warnig" is not one of error, warning, info, off. Did you mean "warning"?');
      assert.deepEqual(f.range, range(1, 26, 1, 34));
      assert.deepEqual(f.fixes?.map((x) => x.title), ['Change to "warning"']);
      const after = applyFix(text, f.fixes![0]!);
      assert.equal(after, 'rules:\n  slo/objective-sentence: "warning"\n');
      assert.deepEqual(configFindings(after), []);
    });

    it('names the override of a wrong level', () => {
      const f = only('overrides:\n  - files: [a]\n    rules:\n      slo/ratio-bounds: Off\n');
      assert.equal(f.message, '"slo/ratio-bounds" in the rules of override #1: "Off" is not one of error, warning, info, off. Did you mean "off"?');
      assert.deepEqual(f.range, range(3, 24, 3, 27));
    });

    it('reports values of the wrong type', () => {
      assert.equal(only('root: yes\n').message, '"root" in the configuration: expected true or false, found the string "yes".');
      assert.equal(only('ignore: "vendor/**"\n').message, '"ignore" in the configuration: expected a list or nothing, found the string "vendor/**".');
      assert.equal(only('- rules\n').message, 'The configuration: expected a map, found a list.');
      const f = only('ignore:\n  - vendor/**\n  - 5\n');
      assert.equal(f.message, 'Item #2 of "ignore": expected a string, found the number 5.');
      assert.deepEqual(f.range, range(2, 4, 2, 5));
    });

    it('reports empty and negated globs, and an override without files', () => {
      assert.equal(only('ignore:\n  - ""\n').message, 'Item #1 of "ignore": must not be empty.');
      const negated = only('ignore:\n  - "!keep.safety-slos.yaml"\n');
      assert.equal(negated.message, 'Item #1 of "ignore": A leading `!` (negation) is not supported: list only the files to match.');
      assert.deepEqual(negated.range, range(1, 4, 1, 28));
      assert.equal(only('overrides:\n  - files: []\n    rules: {}\n').message, '"files" in override #1: must list at least 1 item.');
    });
  });

  it('accepts an empty file, a file of comments, and empty sections', () => {
    for (const text of ['', '# nothing yet\n', 'rules:\noverrides:\nignore:\n']) assert.deepEqual(configFindings(text), [], JSON.stringify(text));
  });

  it('leaves what it reports out of the layer', () => {
    const layer = layerOf('rules:\n  slo/objective-sentence: warn\n  slo/ratio-bounds: info\nignore:\n  - "!keep"\n  - 5\n  - "vendor/**"\n');
    assert.deepEqual(layer.levels, { 'slo/ratio-bounds': 'info' });
    assert.deepEqual(layer.ignore, ['vendor/**']);
  });
});
