import { strict as assert } from 'node:assert';
import { analyze } from '../analyze';
import { doc, policy, slo } from '../testing';
import { applySuppressions } from './apply';
import { parseSuppressions } from './parse';
import { TODAY } from './testing';

/** Raw findings and parsed suppressions of a text, applied on TODAY. */
function apply(text: string) {
  const document = doc(text);
  return applySuppressions(parseSuppressions(document), analyze(document).findings, TODAY);
}

const TWO_SENTENCES = '"Two sentences. Here."';

describe('applySuppressions', () => {
  it('silences the named rule on the covered line only, and records the waiver', () => {
    const text = policy(slo({ objective: `${TWO_SENTENCES}  # safety-specs-ignore slo/objective-sentence: legacy wording until 2026-12-31`, target: '">= 95"' }));
    const { kept, waived, suppressions } = apply(text);
    assert.deepEqual(kept.map((f) => f.rule), ['slo/ratio-bounds']);
    assert.equal(waived.length, 1);
    assert.equal(waived[0].finding.rule, 'slo/objective-sentence');
    assert.deepEqual(waived[0].waiver, { rules: ['slo/objective-sentence'], reason: 'legacy wording', until: '2026-12-31', range: suppressions[0].range });
    assert.deepEqual(suppressions[0].silenced, [waived[0].finding]);
  });

  it('credits every suppression that covers a finding; the waiver is the line one', () => {
    const text = '# safety-specs-ignore-file slo/ratio-bounds: whole file\n' + policy(slo({ target: '">= 95"  # safety-specs-ignore slo/ratio-bounds: this line' }));
    const { kept, waived, suppressions } = apply(text);
    assert.deepEqual(kept, []);
    assert.equal(waived[0].waiver.reason, 'this line');
    assert.deepEqual(suppressions.map((s) => s.silenced.length), [1, 1]);
  });

  it('keeps a never-event finding whatever the suppression says', () => {
    const text = policy(slo({ name: 'never_event_violations', target: '"<= 1"   # safety-specs-ignore never-event/target-zero: accepted', action_on_breach: 'kill_switch' }));
    const { kept, waived, suppressions } = apply(text);
    assert.deepEqual(kept.map((f) => f.rule), ['never-event/target-zero']);
    assert.deepEqual(waived, []);
    assert.deepEqual(suppressions[0].silenced, []);
  });

  it('a suppression without a reason, expired, or with a wrong date silences nothing', () => {
    for (const comment of ['slo/ratio-bounds', 'slo/ratio-bounds: old until 2026-06-14', 'slo/ratio-bounds: old until 2026-02-30']) {
      const { kept, waived } = apply(policy(slo({ target: `">= 95"  # safety-specs-ignore ${comment}` })));
      assert.deepEqual(kept.map((f) => f.rule), ['slo/ratio-bounds'], comment);
      assert.deepEqual(waived, [], comment);
    }
  });

  it('an unknown id beside a known one does not stop the known one', () => {
    const { kept } = apply(policy(slo({ target: '">= 95"  # safety-specs-ignore slo/nope, slo/ratio-bounds: legacy scale' })));
    assert.deepEqual(kept, []);
  });
});
