import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { COMPARATORS, type Comparator } from '../target';
import { difference, equals, holdsSet, interval, intersect, isEmpty, isSubset, REAL_LINE, sampleOf, type IntervalSet } from './intervals';

/** Membership, written out from the interval fields: what every operation below must agree with. */
function member(set: IntervalSet, v: number): boolean {
  return set.some((i) => (i.loOpen ? v > i.lo : v >= i.lo) && (i.hiOpen ? v < i.hi : v <= i.hi));
}

function compare(v: number, c: Comparator, t: number): boolean {
  return { '>=': v >= t, '>': v > t, '<=': v <= t, '<': v < t, '==': v === t, '!=': v !== t }[c];
}

const RATIO = interval(0, 1);
const COUNT = interval(0, Infinity);

describe('conflicts/intervals', () => {
  describe('holdsSet', () => {
    it('gives closed and open ends per comparator', () => {
      assert.deepEqual(holdsSet('>=', 0.9), [{ lo: 0.9, hi: Infinity, loOpen: false, hiOpen: true }]);
      assert.deepEqual(holdsSet('>', 0.9), [{ lo: 0.9, hi: Infinity, loOpen: true, hiOpen: true }]);
      assert.deepEqual(holdsSet('<=', 0.8), [{ lo: -Infinity, hi: 0.8, loOpen: true, hiOpen: false }]);
      assert.deepEqual(holdsSet('<', 0.8), [{ lo: -Infinity, hi: 0.8, loOpen: true, hiOpen: true }]);
      assert.deepEqual(holdsSet('==', 0), [{ lo: 0, hi: 0, loOpen: false, hiOpen: false }]);
      assert.deepEqual(holdsSet('!=', 0), [
        { lo: -Infinity, hi: 0, loOpen: true, hiOpen: true },
        { lo: 0, hi: Infinity, loOpen: true, hiOpen: true },
      ]);
    });

    it('holds exactly where the comparator does, at the threshold, next to it and far away', () => {
      for (const c of COMPARATORS) {
        for (const t of [-1, 0, 0.5, 1, 7]) {
          for (const v of [t - 1, t - 1e-9, t, t + 1e-9, t + 1, -Infinity, Infinity]) {
            if (!Number.isFinite(v)) {
              // Infinite ends are open: no target ever holds at ±Infinity itself.
              assert.equal(member(holdsSet(c, t), v), false, `${c} ${t} at ${v}`);
              continue;
            }
            assert.equal(member(holdsSet(c, t), v), compare(v, c, t), `${c} ${t} at ${v}`);
          }
        }
      }
    });
  });

  it('interval() keeps infinite ends open', () => {
    assert.deepEqual(interval(0, Infinity), [{ lo: 0, hi: Infinity, loOpen: false, hiOpen: true }]);
    assert.deepEqual(interval(-Infinity, 1), [{ lo: -Infinity, hi: 1, loOpen: true, hiOpen: false }]);
    assert.deepEqual(interval(0, 1, true, false), [{ lo: 0, hi: 1, loOpen: true, hiOpen: false }]);
    assert.deepEqual(REAL_LINE, [{ lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true }]);
  });

  describe('intersect and isEmpty', () => {
    it('>= 0.90 and <= 0.80 meet nowhere', () => {
      assert.ok(isEmpty(intersect(holdsSet('>=', 0.9), holdsSet('<=', 0.8))));
    });

    it('== 0 and > 0 meet nowhere; == 0 and >= 0 meet at 0', () => {
      assert.ok(isEmpty(intersect(holdsSet('==', 0), holdsSet('>', 0))));
      assert.deepEqual(intersect(holdsSet('==', 0), holdsSet('>=', 0)), [{ lo: 0, hi: 0, loOpen: false, hiOpen: false }]);
    });

    it('touching ends meet only when both are closed', () => {
      assert.deepEqual(intersect(holdsSet('>=', 0.8), holdsSet('<=', 0.8)), [{ lo: 0.8, hi: 0.8, loOpen: false, hiOpen: false }]);
      assert.ok(isEmpty(intersect(holdsSet('>', 0.8), holdsSet('<=', 0.8))));
      assert.ok(isEmpty(intersect(holdsSet('>=', 0.8), holdsSet('<', 0.8))));
    });

    it('clips to a domain: > 1 and < 0 are empty on a ratio, < 0 on a count, >= 0 is the whole ratio domain', () => {
      assert.ok(isEmpty(intersect(holdsSet('>', 1), RATIO)));
      assert.ok(isEmpty(intersect(holdsSet('<', 0), RATIO)));
      assert.ok(isEmpty(intersect(holdsSet('<', 0), COUNT)));
      assert.ok(equals(intersect(holdsSet('>=', 0), RATIO), RATIO));
      assert.ok(equals(intersect(holdsSet('<=', 1), RATIO), RATIO));
      assert.deepEqual(intersect(holdsSet('<=', 0), COUNT), [{ lo: 0, hi: 0, loOpen: false, hiOpen: false }]);
    });

    it('splits a domain around != and keeps the pieces sorted', () => {
      assert.deepEqual(intersect(holdsSet('!=', 0.5), RATIO), [
        { lo: 0, hi: 0.5, loOpen: false, hiOpen: true },
        { lo: 0.5, hi: 1, loOpen: true, hiOpen: false },
      ]);
      assert.deepEqual(intersect(RATIO, holdsSet('!=', 0.5)), intersect(holdsSet('!=', 0.5), RATIO));
    });
  });

  describe('isSubset and equals', () => {
    it('>= 0.95 is inside >= 0.90, not the other way round', () => {
      assert.ok(isSubset(holdsSet('>=', 0.95), holdsSet('>=', 0.9)));
      assert.ok(!isSubset(holdsSet('>=', 0.9), holdsSet('>=', 0.95)));
    });

    it('> t is inside >= t; == t inside both >= t and <= t; != t not inside > t', () => {
      assert.ok(isSubset(holdsSet('>', 0.5), holdsSet('>=', 0.5)));
      assert.ok(!isSubset(holdsSet('>=', 0.5), holdsSet('>', 0.5)));
      assert.ok(isSubset(holdsSet('==', 0.5), holdsSet('>=', 0.5)));
      assert.ok(isSubset(holdsSet('==', 0.5), holdsSet('<=', 0.5)));
      assert.ok(!isSubset(holdsSet('!=', 0.5), holdsSet('>', 0.5)));
      assert.ok(isSubset(holdsSet('>', 0.5), holdsSet('!=', 0.5)));
    });

    it('the empty set is inside everything and equals only itself', () => {
      const none = intersect(holdsSet('>', 1), RATIO);
      assert.ok(isSubset(none, holdsSet('==', 0.3)));
      assert.ok(equals(none, []));
      assert.ok(!equals(none, holdsSet('==', 0.3)));
    });

    it('different spellings of the same values are equal once clipped: >= 0 and <= 1 and != 2 on a ratio', () => {
      const a = intersect(holdsSet('>=', 0), RATIO);
      const b = intersect(holdsSet('<=', 1), RATIO);
      const c = intersect(holdsSet('!=', 2), RATIO);
      assert.ok(equals(a, b));
      assert.ok(equals(a, c));
      assert.ok(!equals(a, intersect(holdsSet('>', 0), RATIO)));
    });
  });

  describe('sampleOf and difference', () => {
    it('names a value breaching one target but not the other: between 0.90 and 0.95', () => {
      const d = difference(holdsSet('>=', 0.9), holdsSet('>=', 0.95));
      assert.deepEqual(d, [{ lo: 0.9, hi: 0.95, loOpen: false, hiOpen: true }]);
      assert.equal(sampleOf(d), 0.925);
    });

    it('samples points, rays and the real line from inside the set', () => {
      assert.equal(sampleOf(holdsSet('==', 3)), 3);
      assert.equal(sampleOf([]), undefined);
      for (const set of [holdsSet('>', 0.5), holdsSet('<', 0.5), holdsSet('>=', -2), holdsSet('<=', 2), REAL_LINE, holdsSet('!=', 0)]) {
        const v = sampleOf(set);
        assert.ok(v !== undefined && member(set, v), `${JSON.stringify(set)} → ${v}`);
      }
    });

    it('removes a point from a domain: [0, 1] minus == 0.5', () => {
      assert.deepEqual(difference(RATIO, holdsSet('==', 0.5)), [
        { lo: 0, hi: 0.5, loOpen: false, hiOpen: true },
        { lo: 0.5, hi: 1, loOpen: true, hiOpen: false },
      ]);
      assert.deepEqual(difference(holdsSet('==', 0.5), RATIO), []);
    });
  });

  describe('agrees with pointwise membership (property)', () => {
    const thresholds = [-1, 0, 0.5, 0.8, 0.9, 1, 2];
    const target = fc.record({ c: fc.constantFrom(...COMPARATORS), t: fc.constantFrom(...thresholds) });
    const domain = fc.constantFrom(RATIO, COUNT, REAL_LINE);
    /** Every threshold, the midpoints between them, and a value beyond each end: enough to tell these sets apart. */
    const probes = (() => {
      const sorted = [...thresholds].sort((a, b) => a - b);
      const mids = sorted.slice(1).map((x, i) => (x + sorted[i]) / 2);
      return [...sorted, ...mids, sorted[0] - 1, sorted[sorted.length - 1] + 1];
    })();

    it('intersect, isSubset, equals, difference and sampleOf', () => {
      fc.assert(
        fc.property(target, target, domain, (x, y, d) => {
          const a = intersect(holdsSet(x.c, x.t), d);
          const b = intersect(holdsSet(y.c, y.t), d);
          const both = intersect(a, b);
          const minus = difference(a, b);
          for (const v of probes) {
            assert.equal(member(both, v), member(a, v) && member(b, v), `∩ at ${v}`);
            assert.equal(member(minus, v), member(a, v) && !member(b, v), `∖ at ${v}`);
          }
          assert.equal(isEmpty(both), !probes.some((v) => member(a, v) && member(b, v)));
          assert.equal(isSubset(a, b), probes.every((v) => !member(a, v) || member(b, v)));
          assert.equal(equals(a, b), probes.every((v) => member(a, v) === member(b, v)));
          const s = sampleOf(minus);
          assert.equal(s === undefined, isEmpty(minus));
          if (s !== undefined) assert.ok(member(minus, s), `sample ${s} of ${JSON.stringify(minus)}`);
        }),
        { numRuns: 2000 },
      );
    });
  });
});
