import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'slo/target-syntax';

/** A policy whose only SLO has this target (as written in YAML) and, optionally, this name. */
const withTarget = (target: string, name = 'ood_recall_7d') => policy(slo({ name, target }));

/** The single finding of the rule, asserting there is exactly one. */
function only(text: string) {
  const findings = findingsFor(text, RULE);
  assert.equal(findings.length, 1, `expected one ${RULE} finding, got ${JSON.stringify(findings.map((f) => f.message))}`);
  return findings[0];
}

describe(RULE, () => {
  describe('flags a malformed target on its value, with one preferred fix that resolves it', () => {
    const cases: ReadonlyArray<{ written: string; message: RegExp; fixed: string; name?: string }> = [
      { written: '"=> 0.5"', message: /^Target "=> 0\.5" has no valid comparator\. Did you mean ">= 0\.5"\?$/, fixed: '">= 0.5"' },
      { written: '"=< 0.5"', message: /Did you mean "<= 0\.5"\?$/, fixed: '"<= 0.5"', name: 'error_rate_7d' },
      { written: '"= 0"', message: /Did you mean "== 0"\?$/, fixed: '"== 0"', name: 'leak_count_7d' },
      { written: '"≥ 0.9"', message: /Did you mean ">= 0\.9"\?$/, fixed: '">= 0.9"' },
      { written: '"≤ 5%"', message: /Did you mean "<= 5%"\?$/, fixed: '"<= 5%"', name: 'error_rate_7d' },
      { written: '"at least 0.9"', message: /Did you mean ">= 0\.9"\?$/, fixed: '">= 0.9"' },
      { written: '">= 0,9"', message: /^Target ">= 0,9" uses a decimal comma\. Did you mean ">= 0\.9"\?$/, fixed: '">= 0.9"' },
      // Unquoted, `=> 0.5` is a plain YAML string; the fix must quote it, since `>` cannot start a plain scalar.
      { written: '=> 0.5', message: /Did you mean ">= 0\.5"\?$/, fixed: '">= 0.5"' },
      // A single-quoted value stays single-quoted.
      { written: "'=> 0.5'", message: /Did you mean ">= 0\.5"\?$/, fixed: "'>= 0.5'" },
      // Bare numbers: the metric's name says which way is good.
      { written: '0.9', message: /has no comparator.* For "ood_recall_7d" that is likely ">= 0\.90"\.$/, fixed: '">= 0.90"' },
      { written: '"0.9"', message: /that is likely ">= 0\.90"\.$/, fixed: '">= 0.90"' },
      { written: '0.05', message: /For "decision_ece_p95_24h" that is likely "<= 0\.05"\.$/, fixed: '"<= 0.05"', name: 'decision_ece_p95_24h' },
      { written: '"99.5%"', message: /that is likely ">= 0\.995"\.$/, fixed: '">= 0.995"', name: 'escalation_recall_7d' },
    ];
    for (const { written, message, fixed, name } of cases) {
      it(`target: ${written}${name ? ` (${name})` : ''}`, () => {
        const text = withTarget(`${written}   # why`, name);
        const f = only(text);
        assert.deepEqual(f.range, range(5, 12, 5, 12 + written.length));
        assert.match(f.message, message);
        assert.equal(f.severity, 'error');
        assert.equal(f.fixes?.length, 1);
        const [fix] = f.fixes!;
        assert.equal(fix.preferred, true);
        assert.equal(fix.title, `Change target to ${JSON.stringify(JSON.parse(fixed.replace(/^'|'$/g, '"')))}`);
        const after = applyFix(text, fix);
        assert.equal(after, withTarget(`${fixed}   # why`, name));
        assert.deepEqual(findingsFor(after, RULE), []);
      });
    }
  });

  it('offers both comparators, neither preferred, for a bare number on a metric of unknown direction', () => {
    const text = withTarget('0.9', 'agent_score_7d');
    const f = only(text);
    assert.match(f.message, /^Target "0\.9" has no comparator: say whether the value must stay above or below it, like ">= 0\.9" or "<= 0\.9"\.$/);
    assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Change target to ">= 0.9"', false], ['Change target to "<= 0.9"', false]]);
    for (const fix of f.fixes!) {
      const after = applyFix(text, fix);
      assert.equal(after, withTarget(fix.edits[0].newText, 'agent_score_7d'));
      assert.deepEqual(findingsFor(after, RULE), []);
    }
  });

  it('leaves unquoted values YAML does not read as the target to yaml/syntax (">= 0.9", "!= 0")', () => {
    for (const written of ['>= 0.9', '!= 0']) {
      const text = withTarget(written, 'coverage_7d');
      assert.deepEqual(findingsFor(text, RULE), [], written);
      assert.equal(findingsFor(text, 'yaml/syntax').length, 1, written);
    }
  });

  it('reports an unknown unit, without a fix', () => {
    const f = only(withTarget('"<= 5 days"', 'p95_latency'));
    assert.equal(f.message, 'Target "<= 5 days" has an unknown unit "days". Units are %, ms, s, m, h, d; or write a plain number.');
    assert.deepEqual(f.fixes, []);
  });

  it('offers no fix that would stay broken (a bare number with a bad unit)', () => {
    const f = only(withTarget('"5 days"', 'agent_score_7d'));
    assert.match(f.message, /is not a valid target/);
    assert.deepEqual(f.fixes, []);
  });

  it('does not guess when a comma may be a thousands separator', () => {
    const f = only(withTarget('"<= 1,000ms"', 'p95_latency'));
    assert.match(f.message, /a decimal comma or a thousands separator\?/);
    assert.deepEqual(f.fixes, []);
  });

  it('reports an empty target: empty string, and nothing after the colon', () => {
    const quoted = only(withTarget('""'));
    assert.deepEqual(quoted.range, range(5, 12, 5, 14));
    assert.match(quoted.message, /^Target is empty\. Write a comparator then a number, like ">= 0\.90"/);
    const nothing = only(withTarget(''));
    assert.equal(nothing.range.start.line, 5);
    assert.match(nothing.message, /^Target is empty\./);
  });

  it('reports a list or map value as not a single value', () => {
    const list = only(withTarget('[">= 0.9"]'));
    assert.deepEqual(list.range, range(5, 12, 5, 22));
    assert.equal(list.message, 'Target must be a single value like ">= 0.90", not a list or a map.');
    assert.equal(list.fixes, undefined);
    assert.match(only(withTarget('{ min: 0.9 }')).message, /not a list or a map/);
  });

  it('reports words that are no target, with the valid forms', () => {
    const f = only(withTarget('high'));
    assert.equal(f.message, 'Target "high" is not a valid target. Write a comparator then a number, like ">= 0.90", "<= 0.05", "== 0", ">= 99.5%", "<= 500ms".');
  });

  describe('accepts every valid form', () => {
    const valid: ReadonlyArray<readonly [string, string]> = [
      ['">= 0.90"', 'ood_recall_7d'],
      ['">=0.9"', 'ood_recall_7d'],
      ['"> .5"', 'ood_recall_7d'],
      ['"<= 0.05"', 'decision_ece_p95_24h'],
      ['"< 1"', 'error_rate_7d'],
      ['"== 0"', 'leak_count_7d'],
      ['"!= 1"', 'leak_count_7d'],
      ['">= 99.5%"', 'ood_recall_7d'],
      ['"<= 500ms"', 'p95_latency'],
      ['"<= 2s"', 'p95_latency'],
      ["'<= 30m'", 'time_to_review'],
      ['"<= 4h"', 'time_to_review'],
      ['"<= 2d"', 'time_to_review'],
      ['"> -1"', 'score_delta'],
    ];
    for (const [written, name] of valid) {
      it(`target: ${written}`, () => assert.deepEqual(findingsFor(withTarget(written, name), RULE), []));
    }
  });

  it('checks every SLO, not just the first', () => {
    const text = policy(slo({ name: 'a_recall', target: '"=> 0.5"' }) + slo({ name: 'b_recall', target: '">= 0.5"' }) + slo({ name: 'c_recall', target: '"≥ 0.5"' }));
    assert.deepEqual(findingsFor(text, RULE).map((f) => f.range.start.line), [5, 15]);
  });
});
