import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { metricKey, metricOf, parseMetricKey } from './metric-key';

const keyOf = (text: string): string => {
  const parsed = parseMetricKey(text);
  assert.ok(parsed.ok, `${text}: ${parsed.ok ? '' : parsed.message}`);
  return parsed.key;
};

const messageOf = (text: string): string => {
  const parsed = parseMetricKey(text);
  assert.ok(!parsed.ok, `${text} parsed as ${parsed.ok ? parsed.key : ''}`);
  return parsed.message;
};

describe('dry-run/metric-key', () => {
  it('keeps a bare metric as it is, trimmed', () => {
    assert.deepEqual(parseMetricKey('ood_recall_7d'), { ok: true, key: 'ood_recall_7d', metric: 'ood_recall_7d' });
    assert.equal(keyOf('  ood_recall_7d '), 'ood_recall_7d');
  });

  it('spells a scoped key one way: dimensions sorted, values quoted, spaces dropped', () => {
    assert.deepEqual(parseMetricKey('ood_recall_7d{tenant=acme}'), { ok: true, key: 'ood_recall_7d{tenant="acme"}', metric: 'ood_recall_7d' });
    const canonical = 'm{endpoint="claims",tenant="acme"}';
    for (const written of ['m{tenant=acme,endpoint=claims}', 'm{endpoint="claims", tenant="acme"}', ' m { tenant = "acme" , endpoint = claims } ', 'm{tenant=acme,endpoint=claims,}']) {
      assert.equal(keyOf(written), canonical, written);
    }
  });

  it('writes a list scope with `|`, its values sorted', () => {
    assert.equal(keyOf('m{tenant=globex|acme}'), 'm{tenant="acme|globex"}');
    assert.equal(keyOf('m{tenant="acme | globex"}'), 'm{tenant="acme|globex"}');
  });

  it('drops `*` dimensions and empty braces: they scope nothing', () => {
    assert.equal(keyOf('m{tenant=*}'), 'm');
    assert.equal(keyOf('m{tenant=acme|*}'), 'm');
    assert.equal(keyOf('m{tenant="*",region=eu}'), 'm{region="eu"}');
    assert.equal(keyOf('m{}'), 'm');
  });

  it('keeps commas and spaces inside quoted values', () => {
    assert.equal(keyOf('m{team="claims, eu"}'), 'm{team="claims, eu"}');
    assert.equal(keyOf('m{team=claims eu}'), 'm{team="claims eu"}');
  });

  it('refuses malformed keys with a message that shows the key', () => {
    assert.match(messageOf(''), /^"" is not a metric key: write `metric` or `metric\{dimension=value,...\}`\.$/);
    assert.match(messageOf('{tenant=acme}'), /is not a metric key/);
    assert.match(messageOf('m=1'), /is not a metric key/);
    assert.match(messageOf('m"x'), /is not a metric key/);
    assert.match(messageOf('m{tenant=acme'), /^"m\{tenant=acme" has an unclosed "\{"/);
    assert.match(messageOf('m{tenant}'), /has a malformed dimension "tenant"/);
    assert.match(messageOf('m{1tenant=acme}'), /has a malformed dimension "1tenant=acme"/);
    assert.match(messageOf('m{,tenant=acme}'), /has a malformed dimension ""/);
    assert.match(messageOf('m{tenant=ac"me}'), /has a malformed dimension/);
    assert.equal(messageOf('m{tenant=acme,tenant=globex}'), '"m{tenant=acme,tenant=globex}" names the dimension "tenant" twice.');
    assert.equal(messageOf('m{tenant=}'), '"m{tenant=}" has an empty value for "tenant".');
    assert.equal(messageOf('m{tenant=acme|}'), '"m{tenant=acme|}" has an empty value for "tenant".');
  });

  // Regression: an unquoted value swallowed a stray brace, so `m{a=1}}` read as the scope a="1}".
  it('refuses braces inside an unquoted value', () => {
    assert.match(messageOf('m{tenant=acme}}'), /malformed dimension/);
    assert.match(messageOf('m{tenant={acme}}'), /malformed dimension/);
  });

  it('metricKey spells a scope as parseMetricKey does; metricOf takes the metric back', () => {
    const scope = new Map([['tenant', new Set(['globex', 'acme'])], ['endpoint', new Set(['claims'])]]);
    assert.equal(metricKey('m', scope), 'm{endpoint="claims",tenant="acme|globex"}');
    assert.equal(metricKey('m', new Map()), 'm');
    assert.equal(metricOf('m{endpoint="claims"}'), 'm');
    assert.equal(metricOf('m'), 'm');
  });

  it('property: any spelling of a scope parses to metricKey of that scope, and the canonical key parses to itself', () => {
    const word = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    const scopeArb = fc.dictionary(word, fc.uniqueArray(word, { minLength: 1, maxLength: 3 }), { maxKeys: 3 });
    const spelling = fc.record({ quote: fc.boolean(), space: fc.constantFrom('', ' '), reverse: fc.boolean() });
    fc.assert(
      fc.property(word, scopeArb, spelling, (metric, dims, { quote, space, reverse }) => {
        const entries = Object.entries(dims);
        const labels = (reverse ? [...entries].reverse() : entries).map(([d, vs]) => {
          const value = (reverse ? [...vs].reverse() : vs).join('|');
          return `${d}${space}=${space}${quote ? `"${value}"` : value}`;
        });
        const written = entries.length ? `${metric}{${labels.join(`,${space}`)}}` : metric;
        const expected = metricKey(metric, new Map(entries.map(([d, vs]) => [d, new Set(vs)])));
        assert.equal(keyOf(written), expected);
        assert.equal(keyOf(expected), expected);
        assert.equal(metricOf(expected), metric);
      }),
    );
  });
});
