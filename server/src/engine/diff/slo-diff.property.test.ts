import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { LADDER } from '../ladder';
import { COMPARATORS, type Comparator } from '../target';
import { policy, slo } from '../testing';
import { diffOf, summaryOf, type Version } from './testing';

type Fields = Readonly<Record<string, string | undefined>>;

const version = (slos: readonly Fields[], extra = ''): Version => ({ 'safety-slos.yaml': policy(slos.map((f) => slo(f)).join(''), extra) });

/** A target on a ratio: a comparator and a threshold in twentieths, a little beyond [0, 1], as a ratio or a percentage. */
const target = fc.record({ comparator: fc.constantFrom(...COMPARATORS), twentieths: fc.integer({ min: -1, max: 21 }), percent: fc.boolean() });
type TargetCase = { readonly comparator: Comparator; readonly twentieths: number; readonly percent: boolean };

const written = (t: TargetCase) => `"${t.comparator} ${t.percent ? `${t.twentieths * 5}%` : (t.twentieths / 20).toFixed(2)}"`;

function passes(t: TargetCase, v: number): boolean {
  const x = t.twentieths / 20;
  switch (t.comparator) {
    case '>=': return v >= x;
    case '>': return v > x;
    case '<=': return v <= x;
    case '<': return v < x;
    case '==': return v === x;
    case '!=': return v !== x;
  }
}

/** Every threshold and every midpoint between two: enough values to tell any two of these targets apart on [0, 1]. */
const SAMPLES = Array.from({ length: 41 }, (_, j) => j / 40);

/** The brute-force class: a value that passes now but breached before loosens; passing strictly less tightens. */
function bruteForce(before: TargetCase, after: TargetCase): 'loosened' | 'tightened' | 'same' {
  if (SAMPLES.some((v) => passes(after, v) && !passes(before, v))) return 'loosened';
  if (SAMPLES.some((v) => passes(before, v) && !passes(after, v))) return 'tightened';
  return 'same';
}

function targetClass(before: TargetCase, after: TargetCase): string {
  const aspects = diffOf(version([{ target: written(before) }]), version([{ target: written(after) }])).changes.flatMap((c) => c.aspects);
  assert.ok(aspects.every((a) => a.field === 'target'), JSON.stringify(aspects));
  return aspects[0]?.class ?? 'none';
}

/** A random policy: SLOs with names from a small set (duplicates included), any target, window, action and scope. */
const sloFields = fc.record({
  name: fc.constantFrom('ood_recall_7d', 'appeal_overturn_rate_28d', 'unreviewed_denials', 'p95_latency'),
  target: fc.constantFrom('">= 0.90"', '"< 5%"', '"== 0"', '"<= 500ms"', '"not a target"'),
  window: fc.constantFrom('7d', '24h', 'rolling', '1 month'),
  action_on_breach: fc.constantFrom(...LADDER, 'notify', 'unknown_action'),
  scope: fc.constantFrom(undefined, '{tenant: acme}', '{tenant: [acme, globex]}', '{tenant: []}'),
  never_events: fc.constantFrom(undefined, '[NE-1]', '[NE-1, NE-2]'),
});

describe('sloDiff (properties)', () => {
  it('classifies a target change as a brute-force check over values in [0, 1] does', () => {
    fc.assert(
      fc.property(target, target, (before, after) => {
        const expected = bruteForce(before, after);
        const got = targetClass(before, after);
        if (expected === 'same') assert.ok(got === 'none' || got === 'neutral', `${written(before)} -> ${written(after)}: ${got}`);
        else assert.equal(got, expected, `${written(before)} -> ${written(after)}`);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds nothing, and is green, between a policy and itself', () => {
    const actions = `actions:\n  notify:\n    severity: page\ngates:\n  - name: release\n    slos: [ood_recall_7d]\n    on_missing_data: ignore\n`;
    fc.assert(
      fc.property(fc.array(sloFields, { maxLength: 6 }), (slos) => {
        const diff = diffOf(version(slos, actions), version(slos, actions));
        assert.deepEqual(summaryOf(diff), []);
        assert.deepEqual([diff.green, diff.counts], [true, { tightened: 0, loosened: 0, neutral: 0 }]);
      }),
      { numRuns: 200 },
    );
  });

  describe('swapping base and head swaps tightened and loosened', () => {
    /** The class of the only change from `a` to `b` and back, for one field of one SLO. */
    function bothWays(field: string, a: string, b: string, fields: Fields = {}): [string, string] {
      const one = (x: string) => version([{ ...fields, [field]: x }]);
      const cls = (before: Version, after: Version) => {
        const [change, ...rest] = diffOf(before, after).changes;
        assert.deepEqual(rest, []);
        assert.ok(!change || change.aspects.length === 1, JSON.stringify(change?.aspects));
        return change?.class ?? 'none';
      };
      return [cls(one(a), one(b)), cls(one(b), one(a))];
    }

    const SWAPPED: Readonly<Record<string, string>> = { tightened: 'loosened', loosened: 'tightened', neutral: 'neutral', none: 'none' };

    it('for targets (where neither implies the other, both ways loosen)', () => {
      fc.assert(
        fc.property(target, target, (x, y) => {
          const [forth, back] = bothWays('target', written(x), written(y));
          if (forth === 'loosened' && back === 'loosened') assert.equal(bruteForce(y, x), 'loosened', 'both loosen only when neither implies the other');
          else assert.equal(back, SWAPPED[forth], `${written(x)} <-> ${written(y)}`);
        }),
        { numRuns: 500 },
      );
    });

    it('for actions on the ladder', () => {
      fc.assert(
        fc.property(fc.constantFrom(...LADDER), fc.constantFrom(...LADDER), (x, y) => {
          const [forth, back] = bothWays('action_on_breach', x, y);
          assert.equal(back, SWAPPED[forth], `${x} <-> ${y}`);
          assert.equal(forth, x === y ? 'none' : LADDER.indexOf(y) > LADDER.indexOf(x) ? 'tightened' : 'loosened');
        }),
      );
    });

    it('for windows, on an averaged ratio and under zero tolerance', () => {
      const windows = fc.constantFrom('1h', '60m', '24h', '1d', '7d', '30d', 'rolling');
      fc.assert(
        fc.property(windows, windows, fc.constantFrom('">= 0.90"', '"== 0"'), (x, y, t) => {
          const [forth, back] = bothWays('window', x, y, { target: t });
          assert.equal(back, SWAPPED[forth], `${x} <-> ${y} (${t})`);
        }),
      );
    });
  });
});
