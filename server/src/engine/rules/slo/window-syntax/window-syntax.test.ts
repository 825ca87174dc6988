import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'slo/window-syntax';

const withWindow = (window: string) => policy(slo({ window }));

function only(text: string) {
  const findings = findingsFor(text, RULE);
  assert.equal(findings.length, 1, `expected one ${RULE} finding, got ${JSON.stringify(findings.map((f) => f.message))}`);
  return findings[0];
}

describe(RULE, () => {
  describe('flags a misspelt window on its value, with a preferred fix that resolves it', () => {
    const cases: ReadonlyArray<{ written: string; message: string; fixed: string }> = [
      { written: '7 days', message: 'Window "7 days" is written "7d".', fixed: '7d' },
      { written: '"7 days"', message: 'Window "7 days" is written "7d".', fixed: '"7d"' },
      { written: "'7 days'", message: 'Window "7 days" is written "7d".', fixed: "'7d'" },
      { written: '24 hours', message: 'Window "24 hours" is written "24h".', fixed: '24h' },
      { written: '2 weeks', message: 'Window "2 weeks" is written "2w".', fixed: '2w' },
      { written: '30 mins', message: 'Window "30 mins" is written "30m".', fixed: '30m' },
      { written: '1 month', message: 'A month is not a unit here (months differ in length). Say the days, like "30d".', fixed: '30d' },
      { written: '3M', message: 'A month is not a unit here (months differ in length). Say the days, like "90d".', fixed: '90d' },
      { written: '1 year', message: 'A year is not a unit here. Say the days, like "365d".', fixed: '365d' },
      { written: 'P7D', message: 'Window "P7D" is an ISO 8601 duration; here it is written "7d".', fixed: '7d' },
      { written: 'PT1H30M', message: 'Window "PT1H30M" is an ISO 8601 duration; here it is written "1h30m".', fixed: '1h30m' },
      { written: '1h 30m', message: 'Window "1h 30m" is written without spaces: "1h30m".', fixed: '1h30m' },
      { written: 'Rolling', message: 'Window "Rolling" is written "rolling".', fixed: 'rolling' },
      { written: 'since_start', message: 'Window "since_start" is written "rolling".', fixed: 'rolling' },
    ];
    for (const { written, message, fixed } of cases) {
      it(`window: ${written}`, () => {
        const text = withWindow(`${written}  # how long`);
        const f = only(text);
        assert.deepEqual(f.range, range(6, 12, 6, 12 + written.length));
        assert.equal(f.message, message);
        assert.equal(f.fixes?.length, 1);
        assert.equal(f.fixes![0].preferred, true);
        const after = applyFix(text, f.fixes![0]);
        assert.equal(after, withWindow(`${fixed}  # how long`));
        assert.deepEqual(findingsFor(after, RULE), []);
      });
    }
  });

  describe('flags what has no single obvious spelling, without a fix', () => {
    const cases: ReadonlyArray<readonly [string, RegExp]> = [
      ['7', /^Window "7" has no unit\. Add one: "30m", "24h", "7d", "4w", "1h30m" or "rolling"\.$/],
      ['30m15h', /^Window "30m15h" repeats a unit or lists them out of order; write the largest unit first, each once, like "1h30m"\.$/],
      ['1h1h', /repeats a unit or lists them out of order/],
      ['0d', /^Window "0d" is empty: a window must be longer than zero\.$/],
      ['0h0m', /is empty: a window must be longer than zero/],
      ['1.5h', /^Window "1\.5h" is not a valid window\./],
      ['forever', /^Window "forever" is not a valid window\. Write "30m", "24h", "7d", "4w", "1h30m" or "rolling"\.$/],
      // Respellings that would themselves be invalid are not offered.
      ['0 days', /^Window "0 days" is not a valid window: Window "0d" is empty/],
      ['30m 1h', /^Window "30m 1h" is not a valid window: .*out of order/],
    ];
    for (const [written, message] of cases) {
      it(`window: ${written}`, () => {
        const f = only(withWindow(written));
        assert.deepEqual(f.range, range(6, 12, 6, 12 + written.length));
        assert.match(f.message, message);
        assert.equal(f.fixes, undefined);
      });
    }
  });

  it('reports an empty window: empty string and nothing after the colon', () => {
    assert.match(only(withWindow('""')).message, /^Window is empty\. Write a duration or "rolling"/);
    const nothing = only(withWindow(''));
    assert.equal(nothing.range.start.line, 6);
    assert.match(nothing.message, /^Window is empty\./);
  });

  it('reports a list or map value', () => {
    const f = only(withWindow('[7d, 24h]'));
    assert.deepEqual(f.range, range(6, 12, 6, 21));
    assert.equal(f.message, 'Window must be a single value like "7d", not a list or a map.');
  });

  describe('accepts every valid form', () => {
    for (const written of ['7d', '"24h"', "'30m'", '4w', '45s', '1h30m', '1w2d3h4m5s', 'rolling', '"rolling"', '0h30m']) {
      it(`window: ${written}`, () => assert.deepEqual(findingsFor(withWindow(written), RULE), []));
    }
  });
});
