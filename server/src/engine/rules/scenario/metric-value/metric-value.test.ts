import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, range, slo } from '../../../testing';
import { dryRunPolicy } from '../testing';

const RULE = 'scenario/metric-value';

const scenario = (metrics: string, expect = 'degrade_to_safe_mode') => `scenarios:\n  - name: spike\n    metrics: ${metrics}\n    expect: ${expect}\n`;
const rules = (text: string) => findingsFor(text).map((f) => f.rule);

describe(RULE, () => {
  it('flags a quoted number at the value, and unquotes it', () => {
    for (const quoted of ['"0.84"', "'0.84'", '" 0.84 "']) {
      const text = dryRunPolicy(scenario(`{ ood_recall_7d: ${quoted} }   # from the incident review`));
      const [f, ...rest] = findingsFor(text);
      assert.deepEqual(rest, [], quoted);
      assert.equal(f.rule, RULE);
      assert.equal(f.message, '"ood_recall_7d" in scenario spike is the string "0.84", not a number: write it without quotes.');
      assert.deepEqual(f.range, range(15, 30, 15, 30 + quoted.length));
      assert.equal(f.anchor, 'spike');
      assert.deepEqual(f.fixes?.map((x) => [x.title, x.preferred]), [['Write 0.84 as a number', true]]);
      const after = applyFix(text, f.fixes![0]);
      assert.equal(after, dryRunPolicy(scenario('{ ood_recall_7d: 0.84 }   # from the incident review')));
      assert.deepEqual(findingsFor(after), []);
    }
  });

  it('flags NaN, infinities, booleans, strings, lists and maps, without a fix', () => {
    const cases: [string, string][] = [
      ['.nan', 'is NaN: a gate cannot compare it, so it is an error rather than a pass or "no data".'],
      ['.inf', 'is infinity: a metric value must be a finite number.'],
      ['-.inf', 'is minus infinity: a metric value must be a finite number.'],
      ['true', 'is true, not a number.'],
      ['[0.84]', 'is a list; a metric value is one number.'],
      ['{ p50: 0.84 }', 'is a map; a metric value is one number.'],
    ];
    for (const [value, problem] of cases) {
      const findings = findingsFor(dryRunPolicy(scenario(`{ ood_recall_7d: ${value} }`)));
      assert.deepEqual(findings.map((f) => [f.rule, f.message]), [[RULE, `"ood_recall_7d" in scenario spike ${problem}`]], value);
      assert.deepEqual(findings[0].range, range(15, 30, 15, 30 + value.length), value);
      assert.equal(findings[0].fixes, undefined, value);
    }
  });

  it('reads other strings as series in expanding notation, and flags a problem at its characters inside the string', () => {
    const cases: [value: string, at: string, problem: string][] = [
      ['"NaN"', 'NaN', '"NaN" is not a sample a gate can compare (NaN and infinities are refused): write a finite number, or _ for a missing one.'],
      ['high', 'high', '"high" is not a sample: write a number, `axn`, `a+bxn`, `a-bxn`, `_` or `_xn`, separated by spaces.'],
      ['"0.95x59 0.60x30 stale"', 'stale', '"stale" (a staleness marker) is not supported: write _ for a missing sample.'],
      ["'0.95x59 _x 0.6'", '_x', '"_x" has no count after x: write _xn for n more samples, like _x10.'],
    ];
    for (const [value, at, problem] of cases) {
      const text = dryRunPolicy(scenario(`{ ood_recall_7d: ${value} }`));
      const findings = findingsFor(text);
      assert.deepEqual(findings.map((f) => [f.rule, f.message]), [[RULE, `"ood_recall_7d" in scenario spike: ${problem}`]], value);
      const start = text.indexOf(at, text.indexOf('ood_recall_7d: '));
      assert.deepEqual(findings[0].range, range(15, start - text.lastIndexOf('\n', start) - 1, 15, start - text.lastIndexOf('\n', start) - 1 + at.length), value);
      assert.equal(findings[0].fixes, undefined, value);
    }
    // A quoted lone number beside a series is still a number someone quoted: the same finding and fix.
    const quoted = findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: "0.95x3", never_event_violations: "0" }')));
    assert.deepEqual(quoted.map((f) => [f.rule, f.fixes?.map((x) => x.title)]), [[RULE, ['Write 0 as a number']]]);
  });

  it('flags a scenario whose series replay too many samples, on its metrics', () => {
    const [f, ...rest] = findingsFor(dryRunPolicy(scenario('{ ood_recall_7d: "0.95x99999", never_event_violations: 0 }')));
    assert.deepEqual(rest, []);
    assert.deepEqual([f.rule, f.message, f.range.start.line], [RULE, 'scenario spike replays 200,000 samples; a scenario replays at most 100,000 (use fewer steps, or a longer step).', 15]);
  });

  it('flags a series sample outside 0..1 under a percentage target, on the series', () => {
    const text = dryRunPolicy(scenario('{ availability_30d: "0.999 99.5" }', 'pass'), slo({ name: 'availability_30d', target: '">= 99.5%"', action_on_breach: 'page' }));
    const [f, ...rest] = findingsFor(text);
    assert.deepEqual(rest, []);
    assert.equal(f.rule, RULE);
    assert.match(f.message, /^availability_30d is 99\.5, not a ratio, but availability_30d's target ">= 99\.5%" is a percentage compared as the ratio 0\.995/);
    assert.deepEqual(f.range, range(10, 33, 10, 45));
  });

  it('flags malformed keys and two spellings of one scoped key, but leaves a literally repeated key to yaml/duplicate-key', () => {
    const [malformed] = findingsFor(dryRunPolicy(scenario('{ "ood_recall_7d{tenant=acme": 0.84 }')), RULE);
    assert.equal(malformed.message, '"ood_recall_7d{tenant=acme" has an unclosed "{": write `metric` or `metric{dimension=value,...}`.');
    assert.deepEqual(malformed.range, range(15, 15, 15, 42));

    const twice = findingsFor(dryRunPolicy(scenario('{ "ood_recall_7d{tenant=acme,endpoint=claims}": 0.95, "ood_recall_7d{endpoint=claims,tenant=acme}": 0.84 }')), RULE);
    assert.deepEqual(twice.map((f) => [f.message, f.range.start.character]), [['"ood_recall_7d{endpoint="claims",tenant="acme"}" has two values in scenario spike; keep one.', 67]]);

    assert.deepEqual(rules(dryRunPolicy(scenario('{ ood_recall_7d: 0.95, ood_recall_7d: 0.84 }'))), ['yaml/duplicate-key']);
  });

  it("checks the policy's inline metrics map, and the shape of `metrics:`", () => {
    const inline = dryRunPolicy('metrics: { ood_recall_7d: "0.93", never_event_violations: .nan }\n');
    const findings = findingsFor(inline);
    assert.deepEqual(findings.map((f) => [f.rule, f.message, f.range.start.character]), [
      [RULE, '"ood_recall_7d" in the metrics of safety-slos.yaml is the string "0.93", not a number: write it without quotes.', 26],
      [RULE, '"never_event_violations" in the metrics of safety-slos.yaml is NaN: a gate cannot compare it, so it is an error rather than a pass or "no data".', 58],
    ]);
    assert.deepEqual(findingsFor(applyFix(inline, findings[0].fixes![0]), RULE).length, 1);

    const shape = 'metrics is the path of a metrics snapshot (a JSON or YAML file, relative to this policy) or a map of metric to value.';
    for (const value of ['5', '[eval/latest.json]', '""', '']) {
      const f = findingsFor(dryRunPolicy(`metrics: ${value}\n`));
      assert.deepEqual(f.map((x) => [x.rule, x.message]), [[RULE, shape]], value);
      assert.equal(f[0].range.start.line, 13, value);
    }
    for (const value of ['eval/latest.json', './eval/latest.yaml', '{ ood_recall_7d: 0.93, never_event_violations: null }']) assert.deepEqual(findingsFor(dryRunPolicy(`metrics: ${value}\n`)), [], value);
  });

  it('flags scenario metrics that are not a map, and leaves a missing one to schema/missing-key', () => {
    const [f] = findingsFor(dryRunPolicy(scenario('eval/latest.json')), RULE);
    assert.equal(f.message, 'Expected scenario spike to be a map of metric to value, like "ood_recall_7d: 0.93".');
    assert.deepEqual(f.range, range(15, 13, 15, 29));
    assert.deepEqual(rules(dryRunPolicy('scenarios:\n  - name: spike\n    expect: pass\n')), ['schema/missing-key']);
  });

  it('leaves a scenario with a YAML syntax error in it to yaml/syntax', () => {
    assert.deepEqual([...new Set(rules(dryRunPolicy(scenario('{ ood_recall_7d{tenant=acme}: 0.84 }'))))], ['yaml/syntax']);
  });
});
