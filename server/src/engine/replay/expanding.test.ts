import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { MAX_SAMPLES, parseExpanding } from './expanding';

function values(text: string): readonly (number | null)[] {
  const parsed = parseExpanding(text);
  assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.message}`);
  return parsed.values;
}

/** The problem, with the characters it points at. */
function problem(text: string, limit?: number): { message: string; at: string } {
  const parsed = parseExpanding(text, limit);
  assert.ok(!parsed.ok, `${text} parses`);
  return { message: parsed.message, at: text.slice(parsed.offset, parsed.offset + parsed.length) };
}

describe('replay/expanding', () => {
  it('expands every form as promtool does (axn and a+bxn are n+1 samples, _xn is n)', () => {
    assert.deepEqual(values('1'), [1]);
    assert.deepEqual(values('1x4'), [1, 1, 1, 1, 1]);
    assert.deepEqual(values('-2+4x3'), [-2, 2, 6, 10]);
    assert.deepEqual(values(' 1-2x4'), [1, -1, -3, -5, -7]);
    assert.deepEqual(values('1 _x3 2'), [1, null, null, null, 2]);
    assert.deepEqual(values('_ 3 _'), [null, 3, null]);
    assert.deepEqual(values('5x0 _x0'), [5]);
    assert.deepEqual(values('0.95+0x2 0.80x1'), [0.95, 0.95, 0.95, 0.8, 0.8]);
  });

  it('reads signs, decimals and exponents, and any run of spaces or tabs between terms', () => {
    assert.deepEqual(values('+1 -.5 1. 2e3 1E-3x1 1e+2+1e1x2'), [1, -0.5, 1, 2000, 0.001, 0.001, 100, 110, 120]);
    assert.deepEqual(values('  1 \t 2\n3  '), [1, 2, 3]);
  });

  it('computes a + i*b without drift: the decimal the author wrote is the sample compared', () => {
    assert.deepEqual(values('0.95-0.01x10'), [0.95, 0.94, 0.93, 0.92, 0.91, 0.9, 0.89, 0.88, 0.87, 0.86, 0.85]);
    assert.equal(values('0+0.1x99999')[99_999], 9999.9);
    assert.equal(values('1-0.1x3')[3], 0.7);
  });

  it('matches the expansion of each term written out, over random series', () => {
    const term = fc.oneof(
      fc.record({ kind: fc.constant('value' as const), a: fc.integer({ min: -50, max: 50 }), b: fc.integer({ min: -9, max: 9 }), n: fc.option(fc.integer({ min: 0, max: 20 })) }),
      fc.record({ kind: fc.constant('missing' as const), n: fc.option(fc.integer({ min: 0, max: 20 })) }),
    );
    fc.assert(
      fc.property(fc.array(term, { minLength: 1, maxLength: 8 }), (terms) => {
        const expected: (number | null)[] = [];
        const text = terms
          .map((t) => {
            if (t.kind === 'missing') {
              for (let i = 0; i < (t.n ?? 1); i++) expected.push(null);
              return t.n === null ? '_' : `_x${t.n}`;
            }
            if (t.n === null) {
              expected.push(t.a);
              return String(t.a);
            }
            for (let i = 0; i <= t.n; i++) expected.push(t.a + i * t.b);
            return `${t.a}${t.b < 0 ? '-' : '+'}${Math.abs(t.b)}x${t.n}`;
          })
          .join(' ');
        assert.deepEqual(values(text), expected, text);
      }),
    );
  });

  it('locates each problem at its characters', () => {
    const cases: [text: string, at: string, message: RegExp][] = [
      ['0.9x10 stale', 'stale', /"stale" \(a staleness marker\) is not supported: write _ for a missing sample\./],
      ['0.9 NaN', 'NaN', /"NaN" is not a sample a gate can compare \(NaN and infinities are refused\)/],
      ['-Inf', '-Inf', /NaN and infinities are refused/],
      ['1 +Infx3', '+Infx3', /NaN and infinities are refused/],
      ['0.9x 1', '0.9x', /"0.9x" has no count after x: write 0.9xn/],
      ['0.9x1.5', '0.9x1.5', /the count after x is a whole number of samples/],
      ['1 1+2', '1+2', /"1\+2" has an increment but no count: write 1\+2xn/],
      ['1 abc 2', 'abc', /"abc" is not a sample: write a number, `axn`, `a\+bxn`, `a-bxn`, `_` or `_xn`/],
      ['1+-2x3', '1+-2x3', /is not a sample/],
      ['_5', '_5', /is not a sample/],
      ['1e999', '1e999', /1e999 is too large a number/],
      ['1+1e999x2', '1e999', /1e999 is too large a number/],
      ['1e308+1e308x3', '1e308+1e308x3', /sample 1 of "1e308\+1e308x3" is too large a number/],
    ];
    for (const [text, at, message] of cases) {
      const p = problem(text);
      assert.match(p.message, message, text);
      assert.equal(p.at, at, text);
    }
  });

  it('refuses an empty series', () => {
    assert.match(problem('').message, /the series is empty/);
    assert.match(problem('   ').message, /the series is empty/);
  });

  it('caps the samples a series expands to, before expanding it, and points at the count', () => {
    const huge = problem('1 2x1000000000');
    assert.match(huge.message, /more than 100,000 samples/);
    assert.equal(huge.at, '1000000000');
    assert.equal(problem('_x3 _', 3).at, '_');
    assert.equal(values(`1x${MAX_SAMPLES - 1}`).length, MAX_SAMPLES);
    assert.equal(problem(`1x${MAX_SAMPLES}`).at, String(MAX_SAMPLES));
  });
});
