import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import {
  breachPhrase,
  canonicalTarget,
  COMPARATORS,
  completeBareThreshold,
  formatThreshold,
  holdsPhrase,
  parseTarget,
  TARGET_UNITS,
  type Target,
} from './target';

function parsed(raw: string): Target {
  const result = parseTarget(raw);
  assert.ok(result.ok, `expected "${raw}" to parse: ${result.ok ? '' : result.message}`);
  return result.target;
}

function failure(raw: string): { message: string; suggestion?: string } {
  const result = parseTarget(raw);
  assert.ok(!result.ok, `expected "${raw}" not to parse`);
  return result.suggestion === undefined ? { message: result.message } : { message: result.message, suggestion: result.suggestion };
}

describe('target', () => {
  describe('parseTarget', () => {
    it('parses comparator, number and unit, keeping the literal as written', () => {
      assert.deepEqual(parsed('>= 0.90'), { comparator: '>=', literal: '0.90', value: 0.9 });
      assert.deepEqual(parsed('<=500ms'), { comparator: '<=', literal: '500', value: 500, unit: 'ms' });
      assert.deepEqual(parsed('  != -3  '), { comparator: '!=', literal: '-3', value: -3 });
      assert.deepEqual(parsed('> .5'), { comparator: '>', literal: '.5', value: 0.5 });
      assert.deepEqual(parsed('== 0'), { comparator: '==', literal: '0', value: 0 });
      assert.deepEqual(parsed('< 2 h'), { comparator: '<', literal: '2', value: 2, unit: 'h' });
    });

    it('scales percentages to ratios without floating-point noise', () => {
      assert.deepEqual(parsed('>= 99.5%'), { comparator: '>=', literal: '99.5', value: 0.995, unit: '%' });
      assert.equal(parsed('<= 0.1%').value, 0.001);
      assert.equal(parsed('>= 57%').value, 0.57);
      assert.equal(parsed('<= 0.3%').value, 0.003);
    });

    it('accepts every comparator and unit', () => {
      for (const c of COMPARATORS) for (const u of ['', ...TARGET_UNITS]) assert.equal(parsed(`${c} 1${u}`).comparator, c);
    });

    it('rejects what the grammar does not allow', () => {
      for (const raw of ['>= 1e3', '>= 0x10', '>= 1.', '>= +1', '>= 1 2', '>>= 1', '>= 0.9 # comment', '>= NaN', '>= Infinity', '≥', '>=']) {
        const { message } = failure(raw);
        assert.ok(message.length > 0);
      }
    });

    it('explains an empty target', () => {
      assert.deepEqual(failure('   '), { message: 'Target is empty. Write a comparator then a number, like ">= 0.90", "<= 0.05", "== 0", ">= 99.5%", "<= 500ms".' });
    });

    it('suggests the comparator meant by a habit spelling', () => {
      const cases: ReadonlyArray<readonly [string, string]> = [
        ['=> 0.5', '>= 0.5'],
        ['=< 0.5', '<= 0.5'],
        ['= 0', '== 0'],
        ['=== 0', '== 0'],
        ['≥ 0.9', '>= 0.9'],
        ['≤0.05', '<= 0.05'],
        ['≠ 1', '!= 1'],
        ['<> 1', '!= 1'],
        ['gte 0.9', '>= 0.9'],
        ['at least 90%', '>= 90%'],
        ['Minimum 0.9', '>= 0.9'],
        ['at most 5ms', '<= 5ms'],
        ['below 0.1', '< 0.1'],
        ['more than 3', '> 3'],
        ['exactly 0', '== 0'],
        ['not 0', '!= 0'],
      ];
      for (const [raw, suggestion] of cases) {
        assert.deepEqual(failure(raw), { message: `Target "${raw}" has no valid comparator. Did you mean "${suggestion}"?`, suggestion }, raw);
      }
    });

    it('suggests a decimal point for a decimal comma', () => {
      assert.deepEqual(failure('>= 0,9'), { message: 'Target ">= 0,9" uses a decimal comma. Did you mean ">= 0.9"?', suggestion: '>= 0.9' });
      assert.equal(failure('>= 99,5%').suggestion, '>= 99.5%');
      assert.equal(failure('<= 0,005').suggestion, '<= 0.005');
    });

    it('does not guess when the comma may separate thousands', () => {
      for (const raw of ['<= 1,000ms', '>= 10,000', '< 250,000']) {
        const result = failure(raw);
        assert.equal(result.suggestion, undefined, raw);
        assert.match(result.message, /a decimal comma or a thousands separator\?/);
      }
    });

    it('names an unknown unit', () => {
      assert.deepEqual(failure('<= 5 days'), { message: 'Target "<= 5 days" has an unknown unit "days". Units are %, ms, s, m, h, d; or write a plain number.' });
      assert.match(failure('<= 5us').message, /unknown unit "us"/);
    });

    it('asks for a direction when the comparator is missing', () => {
      assert.deepEqual(failure('0.9'), { message: 'Target "0.9" has no comparator: say whether the value must stay above or below it, like ">= 0.9" or "<= 0.9".' });
    });
  });

  describe('completeBareThreshold', () => {
    it('completes a bare number with the direction the metric name implies', () => {
      assert.equal(completeBareThreshold('0.9', 'ood_recall_7d'), '>= 0.9');
      assert.equal(completeBareThreshold(' 0.05 ', 'decision_ece_p95_24h'), '<= 0.05');
      assert.equal(completeBareThreshold('99.5%', 'availability'), '>= 99.5%');
      assert.equal(completeBareThreshold('500 ms', 'p95_latency'), '<= 500ms');
    });

    it('gives up when the direction or the number is unclear', () => {
      assert.equal(completeBareThreshold('0.9', 'agent_score'), undefined);
      assert.equal(completeBareThreshold('0.9', 'recall_error'), undefined);
      assert.equal(completeBareThreshold('high', 'ood_recall'), undefined);
      assert.equal(completeBareThreshold('>= 0.9', 'ood_recall'), undefined);
    });
  });

  describe('formatThreshold', () => {
    it('writes ratios with at least two decimals and integers as they are', () => {
      assert.equal(formatThreshold(0.9), '0.90');
      assert.equal(formatThreshold(0.05), '0.05');
      assert.equal(formatThreshold(0.995), '0.995');
      assert.equal(formatThreshold(-0.5), '-0.50');
      assert.equal(formatThreshold(1), '1');
      assert.equal(formatThreshold(0), '0');
      assert.equal(formatThreshold(500), '500');
    });

    it('never uses exponent notation, which the grammar rejects', () => {
      assert.equal(formatThreshold(1e-7), '0.0000001');
      assert.equal(formatThreshold(1.5e-7), '0.00000015');
      assert.equal(formatThreshold(-2.5e-10), '-0.00000000025');
      assert.equal(formatThreshold(1e21), '1000000000000000000000');
      assert.equal(formatThreshold(1.25e22), '12500000000000000000000');
    });
  });

  describe('canonicalTarget', () => {
    it('spaces the comparator, pads ratios, turns percentages into ratios and keeps time units', () => {
      assert.equal(canonicalTarget(parsed('>=0.9')), '>= 0.90');
      assert.equal(canonicalTarget(parsed('>= 99.5%')), '>= 0.995');
      assert.equal(canonicalTarget(parsed('>= 90%')), '>= 0.90');
      assert.equal(canonicalTarget(parsed('<=500ms')), '<= 500ms');
      assert.equal(canonicalTarget(parsed('<= 1.50 s')), '<= 1.50s');
      assert.equal(canonicalTarget(parsed('==0')), '== 0');
      assert.equal(canonicalTarget(parsed('<= 0.0000001')), '<= 0.0000001');
      assert.equal(canonicalTarget(parsed('<= 0.00001%')), '<= 0.0000001');
    });
  });

  describe('phrases', () => {
    it('says when the target breaches and when it holds', () => {
      assert.equal(breachPhrase(parsed('>= 0.9')), 'falls below 0.90');
      assert.equal(holdsPhrase(parsed('>= 0.9')), 'at least 0.90');
      assert.equal(breachPhrase(parsed('> 0.9')), 'falls to or below 0.90');
      assert.equal(breachPhrase(parsed('<= 500ms')), 'rises above 500ms');
      assert.equal(breachPhrase(parsed('< 0.05')), 'rises to or above 0.05');
      assert.equal(breachPhrase(parsed('== 0')), 'is anything other than 0');
      assert.equal(breachPhrase(parsed('!= 1')), 'equals 1');
      assert.equal(holdsPhrase(parsed('>= 99.5%')), 'at least 99.5% (0.995)');
      assert.equal(holdsPhrase(parsed('!= 1')), 'anything but 1');
    });
  });

  describe('properties', () => {
    const comparator = fc.constantFrom(...COMPARATORS);
    /** Finite numbers that `String()` writes without an exponent, i.e. as the grammar's digits. */
    const plainNumber = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !/e/.test(String(n)));
    const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
    const unit = fc.constantFrom(undefined, ...TARGET_UNITS);

    it('`${comparator} ${n}` parses back to the same comparator and value', () => {
      fc.assert(
        fc.property(comparator, plainNumber, (c, n) => {
          const t = parsed(`${c} ${n}`);
          assert.equal(t.comparator, c);
          assert.ok(t.value === n, `${t.value} !== ${n}`);
        }),
        { numRuns: 2000 },
      );
    });

    it('any finite number, as formatThreshold writes it, parses back to the same value', () => {
      fc.assert(
        fc.property(comparator, anyFinite, (c, n) => {
          const t = parsed(`${c} ${formatThreshold(n)}`);
          assert.equal(t.comparator, c);
          assert.ok(t.value === n, `${formatThreshold(n)} read back as ${t.value}, not ${n}`);
        }),
        { numRuns: 2000 },
      );
    });

    it('canonicalTarget re-parses to the same comparator and value, and is idempotent', () => {
      fc.assert(
        fc.property(comparator, fc.oneof(plainNumber, fc.integer({ min: -1000, max: 1000 }).map((i) => i / 1000)), unit, fc.constantFrom('', ' '), (c, n, u, gap) => {
          const target = parsed(`${c}${gap}${n}${u ?? ''}`);
          const canonical = canonicalTarget(target);
          const again = parsed(canonical);
          assert.equal(again.comparator, c);
          assert.ok(again.value === target.value, `${canonical}: ${again.value} !== ${target.value}`);
          assert.equal(canonicalTarget(again), canonical);
        }),
        { numRuns: 2000 },
      );
    });

    it('never throws on arbitrary strings, and answers ok or a non-empty message', () => {
      const strings = fc.oneof(
        fc.string(),
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme' }),
        fc.stringMatching(/^[<>=!≥≤≠ ]{0,3}-?\d{0,4}[.,]?\d{0,4} ?(%|ms|s|m|h|d|x)?$/),
      );
      fc.assert(
        fc.property(strings, (s) => {
          const result = parseTarget(s);
          if (!result.ok) assert.ok(result.message.length > 0);
        }),
        { numRuns: 3000 },
      );
    });

    it('every suggestion parses', () => {
      const typo = fc.constantFrom('=>', '=<', '=', '===', '≥', '≤', '≠', '<>', 'gte', 'at least', 'below', 'not', 'eq', '>=', '<');
      const number = fc.stringMatching(/^-?\d{1,4}([.,]\d{1,4})?$/);
      const strings = fc.oneof(fc.string(), fc.tuple(typo, fc.constantFrom('', ' '), number, fc.constantFrom('', '%', 'ms', ' h')).map((parts) => parts.join('')));
      fc.assert(
        fc.property(strings, (s) => {
          const result = parseTarget(s);
          if (!result.ok && result.suggestion !== undefined) assert.ok(parseTarget(result.suggestion).ok, `"${s}" suggests "${result.suggestion}", which does not parse`);
        }),
        { numRuns: 3000 },
      );
    });
  });
});
