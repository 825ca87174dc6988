import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy } from '../policy/parse';
import { range } from '../testing';
import { parseSnapshot, readMetricMap, type MetricValues } from './metric-values';
import { scenarioViews } from './views';

const SNAPSHOT_URI = 'file:///w/eval/latest.json';

function snapshot(text: string): MetricValues {
  return parseSnapshot(TextDocument.create(SNAPSHOT_URI, 'json', 1, text), 'eval/latest.json');
}

/** Each problem as [message, line, character], zero-based like LSP ranges. */
const located = (values: MetricValues) => values.problems.map((p) => [p.message, p.site.range.start.line, p.site.range.start.character]);
const numbers = (values: MetricValues) => [...values.values].map(([k, v]) => [k, v.kind === 'number' ? v.value : null]);

describe('dry-run/metric-values', () => {
  describe('parseSnapshot', () => {
    it('reads a JSON snapshot: numbers as written, scoped keys canonical', () => {
      const values = snapshot('{\n  "ood_recall_7d": 0.90,\n  "ood_recall_7d{tenant=acme}": 0.96,\n  "p95_latency_ms": 480,\n  "drift": -1e-3\n}\n');
      assert.deepEqual(numbers(values), [['ood_recall_7d', 0.9], ['ood_recall_7d{tenant="acme"}', 0.96], ['p95_latency_ms', 480], ['drift', -0.001]]);
      const recall = values.values.get('ood_recall_7d');
      assert.equal(recall?.kind === 'number' && recall.text, '0.90');
      assert.deepEqual(recall?.site, { uri: SNAPSHOT_URI, range: range(1, 19, 1, 23) });
      assert.deepEqual(values.problems, []);
      assert.equal(values.label, 'eval/latest.json');
    });

    it('refuses a snapshot of several YAML documents, at the second one\'s marker', () => {
      const values = snapshot('ood_recall_7d: 0.93\n---\nood_recall_7d: 0.5\n');
      assert.equal(values.values.size, 0);
      assert.deepEqual(values.problems.map((p) => [p.site.range.start.line, p.message]), [[1, 'The snapshot eval/latest.json has several YAML documents: write one map of metric to value.']]);
    });

    it('reads a YAML snapshot, with null, ~ and an empty value as "no data"', () => {
      const values = snapshot('# eval run 2026-05-01\nood_recall_7d: 0.93\nece: null\nlatency: ~\ndrift:\n');
      assert.deepEqual(numbers(values), [['ood_recall_7d', 0.93], ['ece', null], ['latency', null], ['drift', null]]);
      assert.deepEqual([...values.values.values()].map((v) => v.kind), ['number', 'null', 'null', 'null']);
      assert.deepEqual(values.values.get('ece')?.site.range, range(2, 5, 2, 9));
      assert.deepEqual(values.problems, []);
    });

    it('turns every value that is not a finite number into a located problem, kept as invalid', () => {
      const text = ['a: .nan', 'b: .inf', 'c: -.inf', 'd: "0.9"', 'e: true', 'f: { x: 1 }', 'g: [1]', 'h: NaN', 'i: high', 'j: 1e400', 'k: Infinity'].join('\n');
      const values = snapshot(text);
      assert.deepEqual(located(values), [
        ['"a" in eval/latest.json is NaN: a gate cannot compare it, so it is an error rather than a pass or "no data".', 0, 3],
        ['"b" in eval/latest.json is infinity: a metric value must be a finite number.', 1, 3],
        ['"c" in eval/latest.json is minus infinity: a metric value must be a finite number.', 2, 3],
        ['"d" in eval/latest.json is the string "0.9", not a number: write it without quotes.', 3, 3],
        ['"e" in eval/latest.json is true, not a number.', 4, 3],
        ['"f" in eval/latest.json is a map; a metric value is one number.', 5, 3],
        ['"g" in eval/latest.json is a list; a metric value is one number.', 6, 3],
        ['"h" in eval/latest.json is "NaN": a metric value must be a finite number.', 7, 3],
        ['"i" in eval/latest.json is "high", not a number.', 8, 3],
        ['"j" in eval/latest.json is infinity: a metric value must be a finite number.', 9, 3],
        ['"k" in eval/latest.json is "Infinity": a metric value must be a finite number.', 10, 3],
      ]);
      assert.deepEqual([...values.invalid.keys()], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k']);
      assert.equal(values.values.size, 0);
    });

    it('refuses an alias: a value is written, not referenced', () => {
      const values = snapshot('a: &x 0.9\nb: *x\n');
      assert.deepEqual(numbers(values), [['a', 0.9]]);
      assert.deepEqual(located(values), [['"b" in eval/latest.json is an alias; write the number itself.', 1, 3]]);
    });

    it('makes a key given twice invalid (neither value is used), also when spelled differently', () => {
      const json = snapshot('{"ood_recall_7d": 0.95, "ece": 0.01, "ood_recall_7d": 0.80}');
      assert.deepEqual(numbers(json), [['ece', 0.01]]);
      assert.deepEqual(located(json), [['"ood_recall_7d" has two values in eval/latest.json; keep one.', 0, 37]]);
      assert.ok(json.invalid.has('ood_recall_7d'));
      const yaml = snapshot('m{a=1,b=2}: 1\nm{b=2, a="1"}: 2\n');
      assert.deepEqual(located(yaml), [['"m{a="1",b="2"}" has two values in eval/latest.json; keep one.', 1, 0]]);
      assert.equal(yaml.values.size, 0);
    });

    it('reports malformed and null keys on the key, and reads the other keys', () => {
      const values = snapshot('ok: 1\nm{tenant=acme: 2\nnull: 3\n');
      assert.deepEqual(numbers(values), [['ok', 1]]);
      assert.deepEqual(located(values), [
        ['"m{tenant=acme" has an unclosed "{": write `metric` or `metric{dimension=value,...}`.', 1, 0],
        ['A metric key in eval/latest.json must be a name, like "ood_recall_7d" or "ood_recall_7d{tenant=acme}".', 2, 0],
      ]);
    });

    it('says an empty file (or only comments) is empty', () => {
      for (const text of ['', '\n', '# nothing yet\n']) {
        assert.deepEqual(located(snapshot(text)), [['The snapshot eval/latest.json is empty: write a map of metric to value.', 0, 0]], JSON.stringify(text));
      }
    });

    it('locates a YAML syntax error and reads no value from the broken file', () => {
      const values = snapshot('ood_recall_7d: 0.9\nece: [0.1, 0.2\n');
      assert.equal(values.values.size, 0);
      assert.equal(values.problems.length, 1);
      assert.match(values.problems[0].message, /^eval\/latest\.json does not parse: /);
      assert.equal(values.problems[0].site.uri, SNAPSHOT_URI);
      assert.deepEqual(values.problems[0].site.range.start, { line: 2, character: 0 }, 'where the unclosed list ends');
      const unclosed = snapshot('{"ood_recall_7d": 0.9,\n "ece": 0.1\n');
      assert.deepEqual(unclosed.problems.map((p) => p.site.range.start.line), [2]);
    });

    it('refuses a snapshot that is not a map', () => {
      assert.deepEqual(located(snapshot('- 0.9\n- 0.8\n')), [['Expected eval/latest.json to be a map of metric to value, like "ood_recall_7d: 0.93".', 0, 0]]);
      assert.deepEqual(located(snapshot('0.9\n')), [['Expected eval/latest.json to be a map of metric to value, like "ood_recall_7d: 0.93".', 0, 0]]);
    });
  });

  describe('readMetricMap', () => {
    const scenario = (metrics: string) => {
      const file = parsePolicy(TextDocument.create('file:///w/safety-slos.yaml', 'yaml', 1, `scenarios:\n  - name: spike\n    metrics: ${metrics}\n`));
      const [view] = scenarioViews(file);
      return readMetricMap(file.document, view.metrics?.value, 'scenario spike', view.metrics?.key);
    };

    it('reads an inline flow map, locating each value in the policy', () => {
      const values = scenario('{ ood_recall_7d: 0.84, "ece{endpoint=claims}": 0.03, never_event_violations: 0 }');
      assert.deepEqual(numbers(values), [['ood_recall_7d', 0.84], ['ece{endpoint="claims"}', 0.03], ['never_event_violations', 0]]);
      assert.deepEqual(values.values.get('ood_recall_7d')?.site, { uri: 'file:///w/safety-slos.yaml', range: range(2, 30, 2, 34) });
    });

    it('says a scenario\'s metrics must be a map, where they are', () => {
      assert.deepEqual(located(scenario('0.84')), [['Expected scenario spike to be a map of metric to value, like "ood_recall_7d: 0.93".', 2, 13]]);
    });
  });
});
