import { strict as assert } from 'node:assert';
import { configFindings, layerOf, onlyConfigFinding } from '../../../config/testing';
import { applyFix, range } from '../../../testing';

const RULE = 'config/never-event-downgrade';

describe(RULE, () => {
  it('flags a never-event rule turned off, on the value, with fixes to set it to error or remove the entry', () => {
    const text = 'rules:\n  slo/ratio-bounds: warning\n  never-event/target-zero: off   # too noisy\n  slo/objective-sentence: info\n';
    const f = onlyConfigFinding(text, RULE);
    assert.equal(f.message, '"never-event/target-zero" guards never events, so it stays at error: a single never event must always block. Setting it to "off" is ignored.');
    assert.deepEqual(f.range, range(2, 27, 2, 30));
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [
      ['Set "never-event/target-zero" to error', true],
      ['Remove the "never-event/target-zero" entry', undefined],
    ]);
    const set = applyFix(text, f.fixes![0]!);
    assert.equal(set, 'rules:\n  slo/ratio-bounds: warning\n  never-event/target-zero: error   # too noisy\n  slo/objective-sentence: info\n');
    assert.deepEqual(configFindings(set), []);
    const removed = applyFix(text, f.fixes![1]!);
    assert.equal(removed, 'rules:\n  slo/ratio-bounds: warning\n  slo/objective-sentence: info\n');
    assert.deepEqual(configFindings(removed), []);
  });

  it('flags a downgrade to warning or info in an override; removing the last entry leaves a valid empty map', () => {
    const text = 'overrides:\n  - files: ["legacy/**"]\n    rules:\n      never-event/action-severity: info\n';
    const f = onlyConfigFinding(text, RULE);
    assert.equal(f.message, '"never-event/action-severity" guards never events, so it stays at error: a single never event must always block. Setting it to "info" is ignored.');
    assert.deepEqual(f.range, range(3, 35, 3, 39));
    assert.deepEqual(configFindings(applyFix(text, f.fixes![1]!)), []);
    assert.equal(configFindings('rules:\n  never-event/target-zero: warning\n', RULE).length, 1);
  });

  it('offers no removal when the entry shares its line (a flow map)', () => {
    const [f] = configFindings('rules: { never-event/target-zero: off }\n', RULE);
    assert.deepEqual(f.fixes?.map((x) => x.title), ['Set "never-event/target-zero" to error']);
  });

  it('ignores the downgrade in the layer, and accepts error', () => {
    assert.deepEqual(layerOf('rules:\n  never-event/target-zero: off\n').levels, {});
    assert.deepEqual(layerOf('overrides:\n  - files: [a]\n    rules:\n      never-event/target-zero: warning\n').overrides[0]?.levels, {});
    const text = 'rules:\n  never-event/target-zero: error\n';
    assert.deepEqual(configFindings(text), []);
    assert.deepEqual(layerOf(text).levels, { 'never-event/target-zero': 'error' });
  });
});
