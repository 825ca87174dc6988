import type { Comparator } from '../target';

/** One interval of the real line; infinite ends are always open. */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
}

/** A union of disjoint intervals, sorted: the values for which a target holds. Empty means no value. */
export type IntervalSet = readonly Interval[];

const ALL: Interval = { lo: -Infinity, hi: Infinity, loOpen: true, hiOpen: true };

/** The values that satisfy `comparator threshold`. */
export function holdsSet(comparator: Comparator, t: number): IntervalSet {
  switch (comparator) {
    case '>=':
      return [{ lo: t, hi: Infinity, loOpen: false, hiOpen: true }];
    case '>':
      return [{ lo: t, hi: Infinity, loOpen: true, hiOpen: true }];
    case '<=':
      return [{ lo: -Infinity, hi: t, loOpen: true, hiOpen: false }];
    case '<':
      return [{ lo: -Infinity, hi: t, loOpen: true, hiOpen: true }];
    case '==':
      return [{ lo: t, hi: t, loOpen: false, hiOpen: false }];
    case '!=':
      return [
        { lo: -Infinity, hi: t, loOpen: true, hiOpen: true },
        { lo: t, hi: Infinity, loOpen: true, hiOpen: true },
      ];
  }
}

export function interval(lo: number, hi: number, loOpen = false, hiOpen = false): IntervalSet {
  return [{ lo, hi, loOpen: loOpen || lo === -Infinity, hiOpen: hiOpen || hi === Infinity }];
}

export const REAL_LINE: IntervalSet = [ALL];

function isEmptyInterval(i: Interval): boolean {
  return i.lo > i.hi || (i.lo === i.hi && (i.loOpen || i.hiOpen));
}

function intersectOne(a: Interval, b: Interval): Interval {
  const [lo, loOpen] = a.lo > b.lo ? [a.lo, a.loOpen] : a.lo < b.lo ? [b.lo, b.loOpen] : [a.lo, a.loOpen || b.loOpen];
  const [hi, hiOpen] = a.hi < b.hi ? [a.hi, a.hiOpen] : a.hi > b.hi ? [b.hi, b.hiOpen] : [a.hi, a.hiOpen || b.hiOpen];
  return { lo, hi, loOpen, hiOpen };
}

export function intersect(a: IntervalSet, b: IntervalSet): IntervalSet {
  if (a.length === 1 && b.length === 1) {
    // The common case (every comparator but !=), on the hot path of the conflict analysis.
    const i = intersectOne(a[0], b[0]);
    return isEmptyInterval(i) ? [] : [i];
  }
  const out: Interval[] = [];
  for (const x of a) for (const y of b) {
    const i = intersectOne(x, y);
    if (!isEmptyInterval(i)) out.push(i);
  }
  return out.sort((p, q) => p.lo - q.lo || Number(p.loOpen) - Number(q.loOpen));
}

export function isEmpty(a: IntervalSet): boolean {
  return a.length === 0;
}

/** a ⊆ b: every value in a is in b. Both are normalised (sorted, disjoint), so a ∩ b == a says it. */
export function isSubset(a: IntervalSet, b: IntervalSet): boolean {
  if (a.length === 1 && b.length === 1) return within(a[0], b[0]);
  return equals(intersect(a, b), a);
}

/** x ⊆ y for two non-empty intervals: y's ends are at or beyond x's, and closed where x's are. */
function within(x: Interval, y: Interval): boolean {
  if (isEmptyInterval(x)) return true;
  const loOk = y.lo < x.lo || (y.lo === x.lo && (!y.loOpen || x.loOpen));
  const hiOk = y.hi > x.hi || (y.hi === x.hi && (!y.hiOpen || x.hiOpen));
  return loOk && hiOk;
}

export function equals(a: IntervalSet, b: IntervalSet): boolean {
  return a.length === b.length && a.every((x, i) => x.lo === b[i].lo && x.hi === b[i].hi && x.loOpen === b[i].loOpen && x.hiOpen === b[i].hiOpen);
}

/** A value inside the set, for messages ("a value of 0.93 ..."): a midpoint where one exists. */
export function sampleOf(a: IntervalSet): number | undefined {
  for (const i of a) {
    if (isEmptyInterval(i)) continue;
    if (i.lo === i.hi) return i.lo;
    if (Number.isFinite(i.lo) && Number.isFinite(i.hi)) return Number(((i.lo + i.hi) / 2).toPrecision(6));
    if (Number.isFinite(i.lo)) return i.loOpen ? i.lo + Math.max(1, Math.abs(i.lo)) : i.lo;
    if (Number.isFinite(i.hi)) return i.hiOpen ? i.hi - Math.max(1, Math.abs(i.hi)) : i.hi;
    return 0;
  }
  return undefined;
}

/** The part of `a` outside `b`, for "a value of X breaches one but not the other". */
export function difference(a: IntervalSet, b: IntervalSet): IntervalSet {
  let rest: Interval[] = [...a];
  for (const y of b) {
    const next: Interval[] = [];
    for (const x of rest) {
      const left: Interval = { lo: x.lo, loOpen: x.loOpen, hi: y.lo, hiOpen: !y.loOpen };
      const right: Interval = { lo: y.hi, loOpen: !y.hiOpen, hi: x.hi, hiOpen: x.hiOpen };
      for (const part of [intersectOne(x, left), intersectOne(x, right)]) if (!isEmptyInterval(part)) next.push(part);
    }
    rest = next;
  }
  return rest;
}
