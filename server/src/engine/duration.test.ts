import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { COMMON_WINDOWS, parseLength, parseWindow, windowAdjective, windowDescription, type Window } from './duration';

function parsed(raw: string): Window {
  const result = parseWindow(raw);
  assert.ok(result.ok, `expected "${raw}" to parse: ${result.ok ? '' : result.message}`);
  return result.window;
}

function failure(raw: string): { message: string; suggestion?: string } {
  const result = parseWindow(raw);
  assert.ok(!result.ok, `expected "${raw}" not to parse`);
  return result.suggestion === undefined ? { message: result.message } : { message: result.message, suggestion: result.suggestion };
}

const SECONDS = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 } as const;

describe('duration', () => {
  describe('parseWindow', () => {
    it('parses durations to seconds, keeping the text', () => {
      assert.deepEqual(parsed('7d'), { kind: 'duration', seconds: 604800, text: '7d' });
      assert.deepEqual(parsed(' 24h '), { kind: 'duration', seconds: 86400, text: '24h' });
      assert.equal((parsed('1h30m') as { seconds: number }).seconds, 5400);
      assert.equal((parsed('1w2d3h4m5s') as { seconds: number }).seconds, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
      assert.equal((parsed('0h30m') as { seconds: number }).seconds, 1800);
    });

    it('parses rolling, only in lower case', () => {
      assert.deepEqual(parsed('rolling'), { kind: 'rolling' });
      assert.deepEqual(failure('Rolling'), { message: 'Window "Rolling" is written "rolling".', suggestion: 'rolling' });
      assert.equal(failure('since-start').suggestion, 'rolling');
    });

    it('parses every common window', () => {
      for (const w of COMMON_WINDOWS) parsed(w);
    });

    it('rejects units out of order, repeated, zero, or missing', () => {
      assert.match(failure('30m15h').message, /repeats a unit or lists them out of order/);
      assert.match(failure('1h1h').message, /repeats a unit or lists them out of order/);
      assert.deepEqual(failure('0d'), { message: 'Window "0d" is empty: a window must be longer than zero.' });
      assert.deepEqual(failure('7'), { message: 'Window "7" has no unit. Add one: "30m", "24h", "7d", "4w", "1h30m" or "rolling".' });
      assert.match(failure('7.5').message, /has no unit/);
      assert.match(failure('').message, /^Window is empty\./);
    });

    it('respells words, months, years, ISO 8601 and spaced parts', () => {
      const cases: ReadonlyArray<readonly [string, string]> = [
        ['7 days', '7d'],
        ['1 day', '1d'],
        ['24 hours', '24h'],
        ['3 hrs', '3h'],
        ['2 weeks', '2w'],
        ['30 minutes', '30m'],
        ['30 mins', '30m'],
        ['45 seconds', '45s'],
        ['07 Days', '7d'],
        ['1 month', '30d'],
        ['2 months', '60d'],
        ['1mo', '30d'],
        ['1M', '30d'],
        ['1 year', '365d'],
        ['P7D', '7d'],
        ['P1W', '1w'],
        ['PT1H30M', '1h30m'],
        ['P1DT12H', '1d12h'],
        ['1h 30m', '1h30m'],
        ['1d  12h', '1d12h'],
      ];
      for (const [raw, suggestion] of cases) assert.equal(failure(raw).suggestion, suggestion, raw);
      assert.equal(failure('1 month').message, 'A month is not a unit here (months differ in length). Say the days, like "30d".');
      assert.equal(failure('P7D').message, 'Window "P7D" is an ISO 8601 duration; here it is written "7d".');
    });

    it('suggests nothing it cannot parse itself', () => {
      for (const raw of ['0 days', '0 months', '0 years', '30m 1h', '1h 1h', '0h 0m']) {
        const result = failure(raw);
        assert.equal(result.suggestion, undefined, raw);
        assert.match(result.message, new RegExp(`^Window "${raw}" is not a valid window: `));
      }
      assert.equal(failure('PT0S').suggestion, undefined);
      assert.equal(failure('P').suggestion, undefined);
    });
  });

  describe('describing a window', () => {
    it('reads as an adjective', () => {
      assert.equal(windowAdjective(parsed('7d')), '7-day');
      assert.equal(windowAdjective(parsed('24h')), '24-hour');
      assert.equal(windowAdjective(parsed('30m')), '30-minute');
      assert.equal(windowAdjective(parsed('1h30m')), '1h30m');
      assert.equal(windowAdjective(parsed('rolling')), 'rolling (since-start)');
    });

    it('describes its length in seconds', () => {
      assert.equal(windowDescription(parsed('7d')), '7d = 604,800 seconds');
      assert.equal(windowDescription(parsed('rolling')), 'rolling: accumulates since the start and never resets');
    });
  });

  describe('properties', () => {
    it('never throws on arbitrary strings, and answers ok or a non-empty message', () => {
      const strings = fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        fc.stringMatching(/^ ?\d{0,3} ?[a-zA-Z]{0,7} ?\d{0,2}[a-zA-Z]?$/),
        fc.stringMatching(/^P(\d{1,2}W)?(\d{1,2}D)?(T(\d{1,2}H)?(\d{1,2}M)?(\d{1,2}S)?)?$/),
      );
      fc.assert(
        fc.property(strings, (s) => {
          const result = parseWindow(s);
          if (!result.ok) assert.ok(result.message.length > 0);
        }),
        { numRuns: 3000 },
      );
    });

    it('a valid duration (units in order, each once, positive counts) is the sum of its parts', () => {
      const parts = fc.subarray(['w', 'd', 'h', 'm', 's'] as const, { minLength: 1 }).chain((units) =>
        fc.tuple(...units.map((u) => fc.integer({ min: 1, max: 100000 }).map((n) => [n, u] as const))),
      );
      fc.assert(
        fc.property(parts, (ps) => {
          const text = ps.map(([n, u]) => `${n}${u}`).join('');
          const window = parsed(text);
          assert.deepEqual(window, { kind: 'duration', seconds: ps.reduce((sum, [n, u]) => sum + n * SECONDS[u], 0), text });
        }),
        { numRuns: 2000 },
      );
    });

    it('every suggestion parses', () => {
      const word = fc.constantFrom('days', 'day', 'd', 'hours', 'hrs', 'h', 'weeks', 'w', 'minutes', 'mins', 'm', 'M', 'months', 'mo', 'years', 'y', 'seconds', 's', 'Rolling', 'rolling');
      const spelled = fc.tuple(fc.nat({ max: 400 }), fc.constantFrom('', ' ', '  '), word).map(([n, gap, w]) => `${n}${gap}${w}`);
      const spaced = fc.array(fc.tuple(fc.nat({ max: 90 }), fc.constantFrom('w', 'd', 'h', 'm', 's')), { minLength: 1, maxLength: 4 }).map((ps) => ps.map(([n, u]) => `${n}${u}`).join(' '));
      const iso = fc.stringMatching(/^P(\d{1,2}W)?(\d{1,2}D)?(T(\d{1,2}H)?(\d{1,2}M)?(\d{1,2}S)?)?$/);
      fc.assert(
        fc.property(fc.oneof(fc.string(), spelled, spaced, iso), (s) => {
          const result = parseWindow(s);
          if (!result.ok && result.suggestion !== undefined) assert.ok(parseWindow(result.suggestion).ok, `"${s}" suggests "${result.suggestion}", which does not parse`);
        }),
        { numRuns: 3000 },
      );
    });
  });
});

describe('parseLength', () => {
  it('reads a duration as milliseconds, and names the option in its errors', () => {
    assert.deepEqual(parseLength('--step', '1h30m'), { ms: 5_400_000 });
    assert.deepEqual(parseLength('--step', 'rolling'), { error: '--step needs a length, like 5m or 7d; "rolling" has none.' });
    assert.match((parseLength('last', '7 days') as { error: string }).error, /^last 7 days: Window "7 days"/);
  });
});
