import { strict as assert } from 'node:assert';
import { parseDocument } from 'yaml';
import { contains, describeScope, EVERYTHING, overlaps, readScope, sameScope, signature, type Scope } from './scope';

/** The scope a `scope:` value written in YAML flow style reads to. */
function scope(yaml: string): Scope {
  const read = readScope(parseDocument(`scope: ${yaml}`).get('scope', true) as never);
  assert.ok(read, `${yaml} matches some traffic`);
  return read;
}

const asObject = (s: Scope) => Object.fromEntries([...s].map(([d, v]) => [d, [...v].sort()]));

describe('conflicts/scope', () => {
  describe('readScope', () => {
    it('reads single values and lists as sets', () => {
      assert.deepEqual(asObject(scope('{ tenant: acme, endpoint: [claims, appeals] }')), { tenant: ['acme'], endpoint: ['appeals', 'claims'] });
    });

    it('drops "*" and lists holding "*": they match everything', () => {
      assert.deepEqual(asObject(scope('{ tenant: "*", endpoint: [claims, "*"], region: eu }')), { region: ['eu'] });
    });

    it('reads no scope, a non-map and null values as all traffic', () => {
      assert.equal(readScope(undefined)?.size, 0);
      assert.equal(readScope(null)?.size, 0);
      assert.equal(scope('"*"').size, 0);
      assert.equal(scope('{ tenant: null }').size, 0);
      assert.equal(scope('{ tenant: ~ }').size, 0);
    });

    it('reads an empty list as matching nothing', () => {
      assert.equal(readScope(parseDocument('scope: { tenant: [] }').get('scope', true) as never), undefined);
    });

    it('reads numbers and booleans as their text', () => {
      assert.deepEqual(asObject(scope('{ shard: 7, beta: true }')), { shard: ['7'], beta: ['true'] });
    });

    it('ignores nested maps in a list (a schema finding)', () => {
      assert.deepEqual(asObject(scope('{ tenant: [acme, { x: 1 }] }')), { tenant: ['acme'] });
    });
  });

  describe('overlaps', () => {
    it('{tenant: acme} overlaps {endpoint: claims}: a request can carry both', () => {
      assert.ok(overlaps(scope('{ tenant: acme }'), scope('{ endpoint: claims }')));
      assert.ok(overlaps(scope('{ endpoint: claims }'), scope('{ tenant: acme }')));
    });

    it('{tenant: acme} does not overlap {tenant: globex}', () => {
      assert.ok(!overlaps(scope('{ tenant: acme }'), scope('{ tenant: globex }')));
      assert.ok(!overlaps(scope('{ tenant: globex }'), scope('{ tenant: acme }')));
    });

    it('a list overlaps a value it holds, and another list sharing a member', () => {
      assert.ok(overlaps(scope('{ tenant: [acme, globex] }'), scope('{ tenant: globex }')));
      assert.ok(overlaps(scope('{ tenant: [acme, globex] }'), scope('{ tenant: [initech, acme] }')));
      assert.ok(!overlaps(scope('{ tenant: [acme, globex] }'), scope('{ tenant: [initech, hooli] }')));
    });

    it('one disjoint dimension is enough to keep two scopes apart', () => {
      assert.ok(!overlaps(scope('{ tenant: acme, endpoint: claims }'), scope('{ tenant: acme, endpoint: appeals }')));
      assert.ok(!overlaps(scope('{ endpoint: appeals, region: eu }'), scope('{ tenant: acme, endpoint: claims }')));
    });

    it('all traffic overlaps everything, wildcards included', () => {
      assert.ok(overlaps(EVERYTHING, scope('{ tenant: acme }')));
      assert.ok(overlaps(scope('{ tenant: acme }'), EVERYTHING));
      assert.ok(overlaps(scope('{ tenant: "*" }'), scope('{ tenant: acme }')));
    });
  });

  describe('contains and sameScope', () => {
    it('all traffic contains every scope; a scope contains all traffic only when it is all traffic', () => {
      assert.ok(contains(EVERYTHING, scope('{ tenant: acme, endpoint: claims }')));
      assert.ok(!contains(scope('{ tenant: acme }'), EVERYTHING));
      assert.ok(contains(scope('{ tenant: "*" }'), EVERYTHING));
    });

    it('a list contains its members and sub-lists; a dimension added narrows', () => {
      assert.ok(contains(scope('{ tenant: [acme, globex] }'), scope('{ tenant: acme }')));
      assert.ok(contains(scope('{ tenant: [acme, globex] }'), scope('{ tenant: [globex, acme] }')));
      assert.ok(!contains(scope('{ tenant: acme }'), scope('{ tenant: [acme, globex] }')));
      assert.ok(contains(scope('{ tenant: acme }'), scope('{ tenant: acme, endpoint: claims }')));
      assert.ok(!contains(scope('{ tenant: acme, endpoint: claims }'), scope('{ tenant: acme }')));
    });

    it('overlapping scopes on different dimensions contain neither way', () => {
      assert.ok(!contains(scope('{ tenant: acme }'), scope('{ endpoint: claims }')));
      assert.ok(!contains(scope('{ endpoint: claims }'), scope('{ tenant: acme }')));
    });

    it('sameScope ignores order, duplicates and spelling of "everything"', () => {
      assert.ok(sameScope(scope('{ tenant: [acme, globex], endpoint: claims }'), scope('{ endpoint: [claims], tenant: [globex, acme, acme] }')));
      assert.ok(sameScope(scope('{ tenant: "*" }'), EVERYTHING));
      assert.ok(sameScope(scope('{ tenant: [acme, "*"] }'), scope('{ region: "*" }')));
      assert.ok(!sameScope(scope('{ tenant: acme }'), scope('{ tenant: [acme, globex] }')));
    });
  });

  describe('signature and describeScope', () => {
    it('equal scopes have equal signatures whatever the order', () => {
      assert.equal(signature(scope('{ tenant: [globex, acme], endpoint: claims }')), signature(scope('{ endpoint: claims, tenant: [acme, globex] }')));
      assert.equal(signature(EVERYTHING), signature(scope('{}')));
      assert.notEqual(signature(scope('{ tenant: acme }')), signature(scope('{ tenant: [acme, globex] }')));
    });

    it('different scopes have different signatures, even with separators in their values', () => {
      // {tenant: "a|b"} matches the tenant named "a|b"; {tenant: [a, b]} matches tenants a and b: they do not even overlap.
      const piped = scope('{ tenant: "a|b" }');
      const list = scope('{ tenant: [a, b] }');
      assert.ok(!sameScope(piped, list));
      assert.notEqual(signature(piped), signature(list));
      const commas = scope('{ tenant: "a,endpoint=b" }');
      const two = scope('{ tenant: a, endpoint: b }');
      assert.notEqual(signature(commas), signature(two));
    });

    it('describes all traffic and sorted dimensions', () => {
      assert.equal(describeScope(EVERYTHING), 'all traffic');
      assert.equal(describeScope(scope('{ tenant: acme, endpoint: [claims, appeals] }')), '{endpoint: claims|appeals, tenant: acme}');
    });
  });
});
