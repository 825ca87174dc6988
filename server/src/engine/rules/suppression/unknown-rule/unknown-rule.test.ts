import { strict as assert } from 'node:assert';
import { settledFor } from '../../../suppressions/testing';
import { applyFix, policy, range, slo } from '../../../testing';

const RULE = 'suppression/unknown-rule';
const withTarget = (target: string) => policy(slo({ target }));

describe(RULE, () => {
  it('flags a misspelt rule id on the id, with did-you-mean and a fix that renames it', () => {
    const text = withTarget('">= 95"   # safety-specs-ignore slo/ratio-bound: percent scale');
    const [back, f, ...rest] = settledFor(text);
    assert.deepEqual(rest, []);
    assert.equal(back.rule, 'slo/ratio-bounds', 'the misspelt suppression silences nothing');
    assert.equal(f.rule, RULE);
    assert.equal(f.message, 'Unknown rule "slo/ratio-bound". Did you mean "slo/ratio-bounds"? Nothing is silenced for it; `safety-specs rules` lists the rule ids.');
    assert.deepEqual(f.range, range(5, 44, 5, 59));
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change rule to "slo/ratio-bounds"', true]]);
    const after = applyFix(text, f.fixes![0]);
    assert.equal(after, withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale'));
    assert.deepEqual(settledFor(after), []);
  });

  it('without a close match, offers to remove the id from the suppression', () => {
    const text = withTarget('">= 95"   # safety-specs-ignore frobnicate, slo/ratio-bounds: percent scale');
    const [f, ...rest] = settledFor(text);
    assert.deepEqual(rest, [], 'the known rule is still silenced');
    assert.equal(f.message, 'Unknown rule "frobnicate". Nothing is silenced for it; `safety-specs rules` lists the rule ids.');
    assert.deepEqual(f.range, range(5, 44, 5, 54));
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Remove "frobnicate" from this suppression']);
    assert.equal(applyFix(text, f.fixes![0]), withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale'));
  });

  it('flags a suppression that names no rule, on the comment', () => {
    const text = withTarget('">= 0.90"   # safety-specs-ignore: why');
    const [f, ...rest] = settledFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.message, 'This suppression names no rule, so it silences nothing: "# safety-specs-ignore <rule>: <reason>".');
    assert.deepEqual(f.range, range(5, 24, 5, 50));
    assert.equal(applyFix(text, f.fixes![0]), withTarget('">= 0.90"'));
  });

  it('accepts every rule id of the catalog', () => {
    assert.deepEqual(settledFor(withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds, slo/target-syntax: percent scale'), RULE), []);
  });
});
