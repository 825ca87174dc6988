import { strict as assert } from 'node:assert';
import { card, cardFindings } from '../../../card/testing';
import { range } from '../../../testing';

const RULE = 'card/hf-model-index';
const OBJECTIVE = 'objective: Route each claim to the right reviewer so no valid claim is denied unfairly.\n';
const withFrontMatter = (yaml: string) => card({ frontMatter: OBJECTIVE + yaml });
const onlyOwn = (yaml: string) => cardFindings(withFrontMatter(yaml), RULE).map((f) => [f.range, f.anchor, f.message]);

/** A result as the Hub wants it; `task` and `metrics` replaceable. Its `- task:` line is line 5 of the card. */
const modelIndex = (result: string) => `model-index:\n  - name: claims-triage\n    results:\n${result}`;
const RESULT = '      - task:\n          type: text-classification\n        dataset:\n          type: acme/claims\n          name: ACME claims\n        metrics:\n          - type: accuracy\n            value: 0.91\n';

describe(RULE, () => {
  it('accepts every Hugging Face card field and a complete model-index, with no finding from any rule', () => {
    const hf = [
      'language:\n  - en\n  - fr',
      'license: other\nlicense_name: acme-1.0\nlicense_link: LICENSE',
      'library_name: transformers',
      'tags:\n  - insurance\n  - text-classification',
      'datasets:\n  - acme/claims',
      'metrics:\n  - accuracy\n  - f1',
      'base_model:\n  - bert-base-uncased\n  - roberta-base',
      'pipeline_tag: text-classification',
      'widget:\n  - text: "My claim was denied."',
      'co2_eq_emissions:\n  emissions: 12.5\n  source: codecarbon',
      'inference: false',
      'thumbnail: https://example.com/x.png',
      modelIndex(RESULT.replace('value: 0.91', 'value: "20.0 ± 1.2"\n            name: Test accuracy\n            verified: false') + '        source:\n          name: Leaderboard\n          url: https://example.com\n'),
    ].join('\n') + '\n';
    assert.deepEqual(cardFindings(withFrontMatter(hf)), []);
  });

  it('flags a missing task.type on `task:`, a missing dataset on the result\'s first line, with paths as anchors', () => {
    const result = '      - task:\n          name: Classification\n        metrics:\n          - type: accuracy\n            value: 0.91\n';
    assert.deepEqual(onlyOwn(modelIndex(result)), [
      [range(5, 8, 5, 12), 'model-index[0].results[0].task.type', '`task.type` is missing: the Hub rejects a model-index result without it.'],
      [range(5, 8, 5, 12), 'model-index[0].results[0].dataset', 'This result has no `dataset`: the Hub requires `dataset.type` and `dataset.name`.'],
    ]);
  });

  it('flags a metric without a value or with an empty type, on the metric\'s first line or the empty value', () => {
    const result = RESULT.replace('            value: 0.91\n', '          - type: ""\n            value: 3\n');
    assert.deepEqual(onlyOwn(modelIndex(result)), [
      [range(11, 12, 11, 16), 'model-index[0].results[0].metrics[0].value', '`metrics[0].value` is missing: the Hub rejects a model-index result without it.'],
      [range(12, 18, 12, 20), 'model-index[0].results[0].metrics[1].type', '`metrics[1].type` is empty: the Hub rejects a model-index result without it.'],
    ]);
  });

  it('flags an unfilled {placeholder} where text belongs, but takes any metric value', () => {
    const result = RESULT.replace('type: acme/claims', 'type: {dataset_type}').replace('value: 0.91', 'value: {metric_value}');
    const [f, ...rest] = onlyOwn(modelIndex(result));
    assert.deepEqual(rest, []);
    assert.deepEqual(f![0], range(8, 16, 8, 30));
    assert.match(String(f![2]), /^`dataset.type` is a map or list where the Hub expects text/);
  });

  it('flags the wrong shapes: model-index not a list, no results, results not a list, empty metrics', () => {
    assert.deepEqual(onlyOwn('model-index: claims-triage\n').map((f) => f[0]), [range(2, 13, 2, 26)]);
    assert.match(String(onlyOwn('model-index:\n  - name: x\n')[0]![2]), /has no `results`/);
    assert.match(String(onlyOwn('model-index:\n  - name: x\n    results: {}\n')[0]![2]), /^`results` is a list/);
    const noMetrics = RESULT.slice(0, RESULT.indexOf('        metrics:')) + '        metrics: []\n';
    assert.match(String(onlyOwn(modelIndex(noMetrics))[0]![2]), /has no `metrics`/);
  });

  it('ignores cards without model-index, and without front matter', () => {
    assert.deepEqual(cardFindings(card({ frontMatter: undefined }), RULE), []);
    assert.deepEqual(cardFindings(withFrontMatter('license: mit\n'), RULE), []);
  });

  it('keeps exact ranges with a BOM and CRLF line endings', () => {
    const text = '\uFEFF' + withFrontMatter(modelIndex(RESULT.replace('type: text-classification', 'name: Classification'))).replace(/\n/g, '\r\n');
    assert.deepEqual(cardFindings(text, RULE).map((f) => f.range), [range(5, 8, 5, 12)]);
  });

  it('flags an empty `task:` on its key', () => {
    const [f] = onlyOwn(modelIndex(RESULT.replace('          type: text-classification\n', '')));
    assert.deepEqual(f, [range(5, 8, 5, 12), 'model-index[0].results[0].task', '`task` is empty: the Hub requires `task.type`.']);
  });
});
