import { strict as assert } from 'node:assert';
import { parsePolicy } from '../policy/parse';
import { replayPlan } from '../replay/plan';
import { doc, policy, slo } from '../testing';
import { promDuration, promSlo, type PromSlo } from './promql';

/** The PromQL of the policy's first SLO, built from `slo()`'s defaults with `fields` over them. */
function prom(fields: Record<string, string | undefined>): PromSlo {
  const planned = replayPlan([parsePolicy(doc(policy(slo(fields))))]).slos[0];
  assert.ok(planned.ok, `the SLO plans: ${planned.ok ? '' : planned.problem}`);
  return promSlo(planned);
}

function breach(fields: Record<string, string | undefined>): string {
  const p = prom(fields);
  assert.ok(p.ok, p.ok ? '' : p.reason);
  return p.breach;
}

function reason(fields: Record<string, string | undefined>): string {
  const p = prom(fields);
  assert.ok(!p.ok, `expected no PromQL, got ${p.ok ? p.breach : ''}`);
  return p.reason;
}

describe('export: promql', () => {
  it('writes the breach condition: the windowed mean against the negated target', () => {
    assert.equal(breach({ metric: 'ood_recall', scope: '{ tenant: acme }' }), 'avg_over_time(ood_recall{tenant="acme"}[7d]) < 0.9');
    const p = prom({ metric: 'ood_recall' });
    assert.ok(p.ok);
    assert.equal(p.selector, 'ood_recall');
    assert.equal(p.query, 'avg_over_time(ood_recall[7d])');
    assert.equal(p.seconds, 7 * 86400);
  });

  it('maps each aggregate to its *_over_time function', () => {
    const expected = {
      mean: 'avg_over_time(m[7d])',
      min: 'min_over_time(m[7d])',
      max: 'max_over_time(m[7d])',
      sum: 'sum_over_time(m[7d])',
      count: 'count_over_time(m[7d])',
      last: 'last_over_time(m[7d])',
      p50: 'quantile_over_time(0.5, m[7d])',
      p95: 'quantile_over_time(0.95, m[7d])',
      p99: 'quantile_over_time(0.99, m[7d])',
    };
    for (const [aggregate, query] of Object.entries(expected)) {
      const p = prom({ metric: 'm', aggregate });
      assert.ok(p.ok);
      assert.equal(p.query, query, aggregate);
    }
  });

  it('negates every comparator: the expression returns the series that fail the target', () => {
    const cases = { '>= 0.9': '< 0.9', '> 0.9': '<= 0.9', '<= 0.05': '> 0.05', '< 0.05': '>= 0.05', '== 0': '!= 0', '!= 1': '== 1' };
    for (const [target, tail] of Object.entries(cases)) assert.equal(breach({ metric: 'm', target: `"${target}"` }), `avg_over_time(m[7d]) ${tail}`, target);
  });

  it('compares a percentage as its ratio and any other unit as the number written, as the replay does', () => {
    assert.equal(breach({ metric: 'm', target: '">= 99.5%"' }), 'avg_over_time(m[7d]) < 0.995');
    assert.equal(breach({ metric: 'latency_ms', target: '"<= 500ms"', aggregate: 'p95' }), 'quantile_over_time(0.95, latency_ms[7d]) > 500');
    assert.equal(breach({ metric: 'm', target: '"<= 2s"' }), 'avg_over_time(m[7d]) > 2');
    assert.equal(breach({ metric: 'm', target: '">= -.5"' }), 'avg_over_time(m[7d]) < -0.5');
  });

  it('writes the window in exact units', () => {
    for (const [window, range] of [['7d', '7d'], ['1h30m', '1h30m'], ['90m', '1h30m'], ['10m30s', '10m30s'], ['2w', '14d'], ['45s', '45s']]) {
      const p = prom({ metric: 'm', window });
      assert.ok(p.ok);
      assert.equal(p.query, `avg_over_time(m[${range}])`, window);
    }
    assert.equal(promDuration(86400 + 61), '1d1m1s');
  });

  it('turns the scope into label matchers: = for one value, an anchored regex of escaped values for several', () => {
    assert.equal(breach({ metric: 'm', scope: '{ tenant: [acme, beta], region: eu }' }), 'avg_over_time(m{tenant=~"acme|beta", region="eu"}[7d]) < 0.9');
    // Regex metacharacters match themselves; the regex is then a PromQL string, so its backslashes are doubled.
    assert.equal(breach({ metric: 'm', scope: '{ tenant: ["a.b", "x|y", "(c)*"] }' }), String.raw`avg_over_time(m{tenant=~"a\\.b|x\\|y|\\(c\\)\\*"}[7d]) < 0.9`);
    assert.equal(breach({ metric: 'm', scope: String.raw`{ tenant: 'say "hi" \ ok' }` }), String.raw`avg_over_time(m{tenant="say \"hi\" \\ ok"}[7d]) < 0.9`);
    // `*` is every value, as the replay reads it: no matcher.
    assert.equal(breach({ metric: 'm', scope: '{ tenant: "*", region: eu }' }), 'avg_over_time(m{region="eu"}[7d]) < 0.9');
  });

  it('says why when no PromQL decides the same', () => {
    assert.match(reason({ window: 'rolling' }), /^its window is rolling \(since the start\), and exported windows are fixed durations/);
    assert.match(reason({ metric: 'ood.recall' }), /^its metric "ood\.recall" is not a Prometheus metric name/);
    assert.match(reason({ scope: '{ tenant-id: acme }' }), /^its scope dimension "tenant-id" is not a Prometheus label name/);
    assert.match(reason({ scope: '{ __name__: other }' }), /^its scope dimension "__name__" is not a Prometheus label name/);
    assert.match(reason({ scope: '{ tenant: "" }' }), /^its scope gives tenant the empty value, which PromQL reads as "no tenant label"/);
    assert.match(reason({ scope: '{ tenant: [] }' }), /^its scope lists no value for a dimension, so it applies to no traffic/);
  });
});
