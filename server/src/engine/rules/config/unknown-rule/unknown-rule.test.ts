import { strict as assert } from 'node:assert';
import { configFindings, layerOf, onlyConfigFinding } from '../../../config/testing';
import { RULE_METAS } from '../../catalog';
import { applyFix, range } from '../../../testing';

const RULE = 'config/unknown-rule';

describe(RULE, () => {
  it('flags a misspelt rule id on the key, with did-you-mean and a fix that renames it in place', () => {
    const text = 'rules:\n  slo/ratio-bound: off   # percent scale\n';
    const f = onlyConfigFinding(text, RULE);
    assert.equal(f.message, 'Unknown rule "slo/ratio-bound". Did you mean "slo/ratio-bounds"? This entry changes nothing; `safety-specs rules` lists the rule ids.');
    assert.deepEqual(f.range, range(1, 2, 1, 17));
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change rule to "slo/ratio-bounds"', true]]);
    const after = applyFix(text, f.fixes![0]!);
    assert.equal(after, 'rules:\n  slo/ratio-bounds: off   # percent scale\n');
    assert.deepEqual(configFindings(after), []);
  });

  it('keeps the quotes of a quoted id, and checks the rules of overrides', () => {
    const text = 'overrides:\n  - files: ["legacy/**"]\n    rules:\n      "slo/Objective-Sentence": off\n';
    const f = onlyConfigFinding(text, RULE);
    assert.deepEqual(f.range, range(3, 6, 3, 30));
    assert.equal(applyFix(text, f.fixes![0]!), 'overrides:\n  - files: ["legacy/**"]\n    rules:\n      "slo/objective-sentence": off\n');
  });

  it('without a close match, says so and offers no fix', () => {
    const [f] = configFindings('rules:\n  frobnicate: off\n', RULE);
    assert.equal(f.message, 'Unknown rule "frobnicate". This entry changes nothing; `safety-specs rules` lists the rule ids.');
    assert.equal(f.fixes, undefined);
  });

  it('leaves unknown ids out of the layer', () => {
    assert.deepEqual(layerOf('rules:\n  slo/ratio-bound: off\n  slo/ratio-bounds: warning\n').levels, { 'slo/ratio-bounds': 'warning' });
  });

  it('accepts every rule id of the catalog', () => {
    const text = `rules:\n${RULE_METAS.map((m) => `  ${m.id}: error\n`).join('')}`;
    assert.deepEqual(configFindings(text), []);
    assert.equal(Object.keys(layerOf(text).levels).length, RULE_METAS.length);
  });
});
