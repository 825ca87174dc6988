import { isMap, isScalar, isSeq, type Node } from 'yaml';

/**
 * Which traffic an SLO applies to: per dimension, the set of values it matches. A dimension that is
 * absent (or `"*"`) matches everything and is not stored, so `{}` is the whole traffic.
 */
export type Scope = ReadonlyMap<string, ReadonlySet<string>>;

export const EVERYTHING: Scope = new Map();

/**
 * Reads a `scope:` map; values that are not scalars or lists of scalars (a schema finding) are
 * ignored. Undefined for a scope that matches nothing (an empty list): such an SLO applies nowhere.
 */
export function readScope(node: Node | null | undefined): Scope | undefined {
  const scope = new Map<string, Set<string>>();
  if (!isMap(node)) return scope;
  for (const pair of node.items) {
    if (!isScalar(pair.key)) continue;
    const dimension = String(pair.key.value);
    const values = isSeq(pair.value) ? pair.value.items : [pair.value];
    const set = new Set<string>();
    let wildcard = false;
    for (const v of values) {
      if (!isScalar(v) || v.value === null) continue;
      const text = String(v.value);
      if (text === '*') wildcard = true;
      set.add(text);
    }
    if (isSeq(pair.value) && pair.value.items.length === 0) return undefined;
    if (!wildcard && set.size > 0) scope.set(dimension, set);
  }
  return scope;
}

/** Some request matches both: in every dimension both constrain, their value sets meet. */
export function overlaps(a: Scope, b: Scope): boolean {
  for (const [dimension, values] of a) {
    const other = b.get(dimension);
    if (other && ![...values].some((v) => other.has(v))) return false;
  }
  return true;
}

/** Every request `inner` matches, `outer` matches too. */
export function contains(outer: Scope, inner: Scope): boolean {
  for (const [dimension, values] of outer) {
    const other = inner.get(dimension);
    if (!other || ![...other].every((v) => values.has(v))) return false;
  }
  return true;
}

export function sameScope(a: Scope, b: Scope): boolean {
  return contains(a, b) && contains(b, a);
}

/** A canonical text for a scope: equal scopes, equal signatures. */
export function signature(scope: Scope): string {
  return JSON.stringify([...scope.keys()].sort().map((d) => [d, [...scope.get(d)!].sort()]));
}

/** `{tenant: acme, endpoint: claims|appeals}`, or `all traffic`. */
export function describeScope(scope: Scope): string {
  if (scope.size === 0) return 'all traffic';
  return `{${[...scope.keys()].sort().map((d) => `${d}: ${[...scope.get(d)!].join('|')}`).join(', ')}}`;
}
