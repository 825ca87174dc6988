/**
 * A brute-force conflict checker, written apart from the engine to check it: no intervals, no scope
 * signatures, no grouping, nothing imported from `server/src/engine`. Every question is answered by
 * trying values:
 *
 * - "does a target hold at v" is the comparator applied to v, and set questions (do two targets meet,
 *   is one inside the other, are they the same) are answered on a finite list of test values that is
 *   enough to decide them: every threshold involved, the domain's bounds, the midpoints between
 *   consecutive ones, and one value beyond each end, kept to those inside the metric's domain. Every
 *   target holds or fails on a whole piece between two consecutive such points, so one value per piece
 *   (and each point itself) decides it;
 * - "do two scopes match a common request", "does one match every request the other matches" are
 *   answered by listing requests: per dimension either scope names, every value either mentions plus one
 *   value neither mentions. A value neither mentions behaves like any other such value, so this list is
 *   enough.
 *
 * The decision rules are those of the engine's find-conflicts.ts and the issue, read in words and
 * written again here over those primitives, pair by pair: O(n²) and proud of it.
 */

export type Comparator = '>=' | '>' | '<=' | '<' | '==' | '!=';
/** ratio: [0, 1]; count and duration: [0, ∞); real: everything. */
export type Domain = 'ratio' | 'count' | 'duration' | 'real';

/** One SLO, as plain data. */
export interface SloSpec {
  readonly name: string;
  readonly metric: string;
  /** Dimension → one value, a list (any member), or "*" (everything). An absent dimension is everything. */
  readonly scope: Readonly<Record<string, string | readonly string[]>>;
  readonly comparator: Comparator;
  /** In seconds when `time`. */
  readonly threshold: number;
  /** `time` for a target with a time unit (`500ms`, `1s`); SLOs compare only with the same unit class. Default `none`. */
  readonly unit?: 'time' | 'none';
  /** Seconds, or `rolling` (since the start; longer than any window). */
  readonly window: number | 'rolling';
  readonly action: string;
  /** Position on the ladder, higher is more severe. */
  readonly rank: number;
  readonly neverEvent: boolean;
  readonly domain: Domain;
}

export type Kind =
  | 'unsatisfiable'
  | 'contradictory-actions'
  | 'inverted-escalation'
  | 'redundant'
  | 'window-mismatch'
  | 'ineffective-override'
  | 'unreachable';

/** A conflict seen from `subject`, naming `other` (empty for `unreachable`, which concerns one SLO). */
export interface Found {
  readonly kind: Kind;
  readonly subject: string;
  readonly other: string;
}

// ---- values ---------------------------------------------------------------------------------------

function holdsAt(s: SloSpec, v: number): boolean {
  switch (s.comparator) {
    case '>=':
      return v >= s.threshold;
    case '>':
      return v > s.threshold;
    case '<=':
      return v <= s.threshold;
    case '<':
      return v < s.threshold;
    case '==':
      return v === s.threshold;
    case '!=':
      return v !== s.threshold;
  }
}

function inDomain(domain: Domain, v: number): boolean {
  if (domain === 'ratio') return v >= 0 && v <= 1;
  if (domain === 'count' || domain === 'duration') return v >= 0;
  return true;
}

const BOUNDS: Record<Domain, number[]> = { ratio: [0, 1], count: [0], duration: [0], real: [] };

/** Enough values to decide any question about these SLOs' targets (all on one domain). */
export function testValues(slos: readonly SloSpec[]): number[] {
  const domain = slos[0].domain;
  const points = [...new Set([...slos.map((s) => s.threshold), ...BOUNDS[domain]])].sort((a, b) => a - b);
  const values = [...points, points[0] - 1, points[points.length - 1] + 1];
  for (let i = 0; i + 1 < points.length; i++) values.push((points[i] + points[i + 1]) / 2);
  return values.filter((v) => inDomain(domain, v));
}

/** For two SLOs on one metric: what their targets do together, over the test values. */
function compareTargets(a: SloSpec, b: SloSpec) {
  const values = testValues([a, b]);
  return {
    /** Some value satisfies both. */
    meet: values.some((v) => holdsAt(a, v) && holdsAt(b, v)),
    /** The same values satisfy both. */
    same: values.every((v) => holdsAt(a, v) === holdsAt(b, v)),
    /** Every value satisfying a satisfies b: a is at least as strict, it breaches whenever b does. */
    aInsideB: values.every((v) => !holdsAt(a, v) || holdsAt(b, v)),
    bInsideA: values.every((v) => !holdsAt(b, v) || holdsAt(a, v)),
  };
}

// ---- scopes ---------------------------------------------------------------------------------------

const OTHER = '\u0000a value no scope names';

function valuesOf(v: string | readonly string[]): readonly string[] {
  return typeof v === 'string' ? [v] : v;
}

function matches(scope: SloSpec['scope'], request: Readonly<Record<string, string>>): boolean {
  for (const [dimension, v] of Object.entries(scope)) {
    const allowed = valuesOf(v);
    if (allowed.includes('*')) continue;
    if (!allowed.includes(request[dimension])) return false;
  }
  return true;
}

/** Every request that can tell these scopes apart: the cross product of the values they mention, plus one other per dimension. */
function requests(scopes: ReadonlyArray<SloSpec['scope']>): Array<Record<string, string>> {
  const dimensions = new Map<string, Set<string>>();
  for (const scope of scopes) {
    for (const [dimension, v] of Object.entries(scope)) {
      const set = dimensions.get(dimension) ?? new Set([OTHER]);
      for (const value of valuesOf(v)) if (value !== '*') set.add(value);
      dimensions.set(dimension, set);
    }
  }
  let all: Array<Record<string, string>> = [{}];
  for (const [dimension, values] of dimensions) {
    all = all.flatMap((r) => [...values].map((value) => ({ ...r, [dimension]: value })));
  }
  return all;
}

function compareScopes(a: SloSpec, b: SloSpec) {
  const rs = requests([a.scope, b.scope]);
  const inA = rs.map((r) => matches(a.scope, r));
  const inB = rs.map((r) => matches(b.scope, r));
  const aHasB = inB.every((m, i) => !m || inA[i]);
  const bHasA = inA.every((m, i) => !m || inB[i]);
  return { overlap: inA.some((m, i) => m && inB[i]), aHasB, bHasA, same: aHasB && bHasA };
}

// ---- the rules ------------------------------------------------------------------------------------

/** Every conflict among `slos`, in no particular order. `slos` is in file order (it decides which of two identical SLOs is redundant). */
export function bruteForce(slos: readonly SloSpec[]): Found[] {
  const found: Found[] = [];
  const add = (kind: Kind, subject: SloSpec, other: SloSpec) => found.push({ kind, subject: subject.name, other: other.name });
  const both = (kind: Kind, a: SloSpec, b: SloSpec) => {
    add(kind, a, b);
    add(kind, b, a);
  };

  for (const s of slos) if (unreachable(s)) found.push({ kind: 'unreachable', subject: s.name, other: '' });
  // A target that accepts no value or every value is reported on its own, not against its neighbours.
  const comparable = slos.filter((s) => !degenerate(s));

  for (let i = 0; i < comparable.length; i++) {
    for (let j = i + 1; j < comparable.length; j++) {
      const a = comparable[i];
      const b = comparable[j];
      if (a.metric !== b.metric || (a.unit ?? 'none') !== (b.unit ?? 'none')) continue;
      if (a.window === b.window) sameWindow(a, b, add, both);
      else acrossWindows(a, b, both);
    }
  }
  return found;
}

type Add = (kind: Kind, subject: SloSpec, other: SloSpec) => void;

/** Never breaches (every value of the domain satisfies it) or always breaches (none does). */
function degenerate(s: SloSpec): boolean {
  const values = testValues([s]);
  return values.every((v) => holdsAt(s, v)) || values.every((v) => !holdsAt(s, v));
}

function unreachable(s: SloSpec): boolean {
  // A ratio threshold outside [0, 1] (`>= 90`, `<= 150%`) is slo/ratio-bounds' finding, not this one.
  if (s.domain === 'ratio' && (s.threshold < 0 || s.threshold > 1)) return false;
  return degenerate(s);
}

/**
 * Same metric and window. Only SLOs that can see the same request matter. In order, the first that applies:
 * - unsatisfiable (both ways): no value satisfies both;
 * - the same values satisfy both: different actions are contradictory (both ways); the same action
 *   makes the one whose scope lies inside the other's redundant (the later one when the scopes are equal);
 * - otherwise, when one (the stricter) breaches whenever the other (the looser) does, and the stricter
 *   one's scope holds the looser one's:
 *   - looser on a strictly narrower scope, acting no more severely: an ineffective override (on the looser);
 *   - the stricter acting more severely (on the same scope): inverted escalation (both ways);
 *   - same scope and the same severity: the looser is redundant.
 */
function sameWindow(a: SloSpec, b: SloSpec, add: Add, both: Add): void {
  const scopes = compareScopes(a, b);
  if (!scopes.overlap) return;
  const targets = compareTargets(a, b);
  if (!targets.meet) return both('unsatisfiable', a, b);
  if (targets.same) {
    if (a.action !== b.action) return both('contradictory-actions', a, b);
    if (scopes.aHasB) return add('redundant', b, a);
    if (scopes.bHasA) return add('redundant', a, b);
    return;
  }
  let strict: SloSpec;
  let loose: SloSpec;
  let strictHasLoose: boolean;
  if (targets.aInsideB) [strict, loose, strictHasLoose] = [a, b, scopes.aHasB];
  else if (targets.bInsideA) [strict, loose, strictHasLoose] = [b, a, scopes.bHasA];
  else return;
  if (!strictHasLoose) return;
  const narrower = !scopes.same;
  if (narrower && loose.rank <= strict.rank) add('ineffective-override', loose, strict);
  else if (!narrower && strict.rank > loose.rank) both('inverted-escalation', loose, strict);
  else if (!narrower && strict.rank === loose.rank) add('redundant', loose, strict);
}

/**
 * Same metric, different windows, exactly the same scope. `rolling` is the longest window.
 * - the longer is a rolling never-event SLO and the targets differ: window mismatch (both ways);
 * - otherwise the shorter window is strictly stricter and acts more mildly: window mismatch (both ways).
 */
function acrossWindows(a: SloSpec, b: SloSpec, both: Add): void {
  if (!compareScopes(a, b).same) return;
  const aLonger = a.window === 'rolling' || (b.window !== 'rolling' && a.window > b.window);
  const [short, long] = aLonger ? [b, a] : [a, b];
  const targets = compareTargets(short, long);
  if (long.window === 'rolling' && long.neverEvent) {
    if (!targets.same) both('window-mismatch', short, long);
    return;
  }
  if (targets.aInsideB && !targets.same && short.rank < long.rank) both('window-mismatch', short, long);
}
