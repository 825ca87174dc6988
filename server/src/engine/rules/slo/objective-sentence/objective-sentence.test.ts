import { strict as assert } from 'node:assert';
import { findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'slo/objective-sentence';

const withObjective = (objective: string | undefined) => policy(slo({ objective }));

describe(RULE, () => {
  describe('accepts one sentence', () => {
    const ok = [
      '"Detect distribution shift before harm."',
      'Detect distribution shift before harm',
      '"Catch harmful replies, e.g. self-harm advice, before users see them."',
      '"Route claims, i.e. denials over 10k, to a human."',
      '"Handle the U.S. market fairly."',
      '"Keep p95 latency under 0.5 s for claims."',
      '"Is the model still calibrated?"',
      '>-\n      Detect distribution shift\n      before harm.',
    ];
    for (const written of ok) it(written.replace(/\n\s*/g, ' ⏎ '), () => assert.deepEqual(findingsFor(withObjective(written), RULE), []));
  });

  // Intl.Segmenter (ICU, without abbreviation suppressions) would end a sentence after a title or an abbreviation
  // followed by a capital; the rule masks those dots first.
  for (const written of ['"Escalate to Dr. Smith\'s team within a day."', '"Cover sensitive topics, e.g. Self-harm and abuse."']) {
    it(`accepts one sentence with an abbreviation before a capital: ${written}`, () => assert.deepEqual(findingsFor(withObjective(written), RULE), []));
  }

  it('flags two sentences as a warning on the objective', () => {
    const written = '"Few denials are overturned. Appeals are reviewed weekly."';
    const [f, ...rest] = findingsFor(withObjective(written), RULE);
    assert.deepEqual(rest, []);
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.range, range(4, 15, 4, 15 + written.length));
    assert.equal(f.message, 'Objective has 2 sentences; keep it to one and move the rest to "description".');
  });

  it('counts three sentences, including ones ending in ! and ?', () => {
    const [f] = findingsFor(withObjective('"Never leak PII! Why? Because trust matters."'), RULE);
    assert.match(f.message, /^Objective has 3 sentences/);
  });

  it('flags an empty or whitespace-only objective as empty', () => {
    for (const written of ['""', '"   "', '"..."', "' \t'", '']) {
      const [f, ...rest] = findingsFor(withObjective(written), RULE);
      assert.deepEqual(rest, [], written);
      assert.equal(f.message, 'Objective is empty: say in one sentence what this SLO protects, for whom.', written);
      assert.equal(f.range.start.line, 4);
    }
  });

  it('flags an objective that is not a string (the schema leaves objective to this rule)', () => {
    for (const written of ['5', '[a, b]', '{ a: 1 }', 'true']) {
      const findings = findingsFor(withObjective(written));
      assert.deepEqual(findings.map((f) => f.rule), [RULE], written);
      assert.match(findings[0].message, /^Objective must be one plain-language sentence/);
      assert.deepEqual(findings[0].range, range(4, 15, 4, 15 + written.length));
    }
  });

  it('leaves a missing objective to schema/missing-key', () => {
    const text = withObjective(undefined);
    assert.deepEqual(findingsFor(text, RULE), []);
    assert.equal(findingsFor(text, 'schema/missing-key').length, 1);
  });
});
