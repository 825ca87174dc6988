import { strict as assert } from 'node:assert';
import { settledFor } from '../../../suppressions/testing';
import { applyFix, policy, range, slo } from '../../../testing';

const RULE = 'suppression/unused';
const withTarget = (target: string) => policy(slo({ target }));

describe(RULE, () => {
  it('flags a suppression that silences nothing on the comment, and its preferred fix removes it', () => {
    const text = withTarget('">= 0.90"   # safety-specs-ignore slo/ratio-bounds: percent scale');
    const [f, ...rest] = settledFor(text);
    assert.deepEqual(rest, []);
    assert.equal(f.rule, RULE);
    assert.equal(f.severity, 'warning');
    assert.equal(f.message, 'This suppression silences nothing: there is no "slo/ratio-bounds" finding on line 6.');
    assert.deepEqual(f.range, range(5, 24, 5, 77));
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Remove this suppression', true]]);
    assert.equal(applyFix(text, f.fixes![0]), withTarget('">= 0.90"'));
  });

  it('flags, on the id, a rule of a suppression that silenced another one, and removes just that id', () => {
    for (const [list, without] of [['slo/ratio-bounds, slo/target-syntax', 'slo/ratio-bounds'], ['slo/target-syntax,slo/ratio-bounds', 'slo/ratio-bounds']]) {
      const text = withTarget(`">= 95"   # safety-specs-ignore ${list}: percent scale`);
      const [f, ...rest] = settledFor(text);
      assert.deepEqual(rest, [], list);
      assert.equal(f.message, '"slo/target-syntax" silences nothing here: there is no slo/target-syntax finding on line 6.');
      const at = text.split('\n')[5].indexOf('slo/target-syntax');
      assert.deepEqual(f.range, range(5, at, 5, at + 'slo/target-syntax'.length));
      assert.deepEqual(f.fixes?.map((x) => x.title), ['Remove "slo/target-syntax" from this suppression']);
      const after = applyFix(text, f.fixes![0]);
      assert.equal(after, withTarget(`">= 95"   # safety-specs-ignore ${without}: percent scale`));
      assert.deepEqual(settledFor(after), []);
    }
  });

  it('says "in this file" for a file-wide suppression', () => {
    const [f] = settledFor(`# safety-specs-ignore-file slo/ratio-bounds: legacy\n${withTarget('">= 0.90"')}`, RULE);
    assert.equal(f.message, 'This suppression silences nothing: there is no "slo/ratio-bounds" finding in this file.');
  });

  it('leaves suppressions not in force, and ids that cannot suppress, to the other suppression rules', () => {
    for (const comment of ['slo/ratio-bounds', 'slo/ratio-bounds: old [until 2026-01-01]', 'slo/nope: why', 'never-event/target-zero: why']) {
      assert.deepEqual(settledFor(withTarget(`">= 0.90"   # safety-specs-ignore ${comment}`), RULE), [], comment);
    }
  });

  it('accepts a suppression that silences a finding', () => {
    assert.deepEqual(settledFor(withTarget('">= 95"   # safety-specs-ignore slo/ratio-bounds: percent scale')), []);
  });
});
