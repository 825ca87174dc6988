import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { didYouMean, editDistance } from './did-you-mean';

describe('did-you-mean', () => {
  describe('editDistance', () => {
    it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
      assert.equal(editDistance('', ''), 0);
      assert.equal(editDistance('', 'abc'), 3);
      assert.equal(editDistance('target', 'target'), 0);
      assert.equal(editDistance('tagret', 'target'), 1);
      assert.equal(editDistance('targt', 'target'), 1);
      assert.equal(editDistance('targets', 'target'), 1);
      assert.equal(editDistance('tarxet', 'target'), 1);
      assert.equal(editDistance('kitten', 'sitting'), 3);
      assert.equal(editDistance('ca', 'abc'), 3); // optimal string alignment, not full Damerau
    });

    it('is a distance: zero exactly on equal strings, symmetric, bounded by the lengths', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (a, b) => {
          const d = editDistance(a, b);
          assert.equal(d === 0, a === b);
          assert.equal(d, editDistance(b, a));
          assert.ok(d >= Math.abs(a.length - b.length));
          assert.ok(d <= Math.max(a.length, b.length));
        }),
        { numRuns: 1000 },
      );
    });

    it('one edit away is distance one', () => {
      fc.assert(
        fc.property(fc.string({ minLength: 2, maxLength: 20 }), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (s, i, c) => {
          const at = i % s.length;
          const inserted = s.slice(0, at) + c + s.slice(at);
          assert.equal(editDistance(s, inserted), 1);
          const deleted = s.slice(0, at) + s.slice(at + 1);
          assert.equal(editDistance(s, deleted), 1);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('didYouMean', () => {
    const KEYS = ['name', 'objective', 'target', 'window', 'action_on_breach', 'metric', 'scope', 'owner', 'severity', 'description', 'never_events'];

    it('finds the closest candidate', () => {
      assert.equal(didYouMean('tagret', KEYS), 'target');
      assert.equal(didYouMean('windw', KEYS), 'window');
      assert.equal(didYouMean('objetcive', KEYS), 'objective');
      assert.equal(didYouMean('notify_trust_and_safty', ['notify_trust_and_safety', 'page']), 'notify_trust_and_safety');
    });

    it('ignores case, dashes and spaces', () => {
      assert.equal(didYouMean('Action-On-Breach', KEYS), 'action_on_breach');
      assert.equal(didYouMean('never events', KEYS), 'never_events');
      assert.equal(didYouMean('TARGET', KEYS), 'target');
    });

    it('gives up when nothing is close enough', () => {
      assert.equal(didYouMean('xyzzy', KEYS), undefined);
      assert.equal(didYouMean('frobnicate', ['alert', 'page', 'rollback']), undefined);
      assert.equal(didYouMean('anything', []), undefined);
    });

    it('allows two edits for short words and a third of the length for long ones', () => {
      assert.equal(didYouMean('ab', ['abcd']), 'abcd');
      assert.equal(didYouMean('ab', ['abcde']), undefined);
      assert.equal(didYouMean('route_to_humn_revw', ['route_to_human_review']), 'route_to_human_review');
    });

    it('always answers one of the candidates or nothing', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 12 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 6 }), (input, candidates) => {
          const answer = didYouMean(input, candidates);
          assert.ok(answer === undefined || candidates.includes(answer));
          if (candidates.includes(input)) assert.notEqual(answer, undefined);
        }),
        { numRuns: 1000 },
      );
    });
  });
});
