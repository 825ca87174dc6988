import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy, type PolicyFile } from '../policy/parse';
import { range } from '../testing';
import { policySnapshot } from './snapshot-source';

const MAIN = 'file:///w/m/safety-slos.yaml';
const EXTRA = 'file:///w/m/a-extra.safety-slos.yaml';
const OTHER = 'file:///w/m/b-other.safety-slos.yaml';

function file(metrics: string | undefined, uri = MAIN): PolicyFile {
  const text = `version: 1\nmodel: claims-triage\n${metrics === undefined ? '' : `metrics: ${metrics}\n`}slos: []\n`;
  return parsePolicy(TextDocument.create(uri, 'yaml', 1, text));
}

describe('dry-run/snapshot-source', () => {
  it('names a snapshot file as written, relative to the policy that names it', () => {
    assert.deepEqual(policySnapshot([file('./eval/latest.json')]), { kind: 'file', path: './eval/latest.json', policyUri: MAIN, site: { uri: MAIN, range: range(2, 9, 2, 27) } });
    const quoted = policySnapshot([file('" eval/latest.yaml "')]);
    assert.deepEqual(quoted.kind === 'file' && quoted.path, 'eval/latest.yaml');
  });

  it('lets the main policy\'s `metrics:` win, whatever the order of the files', () => {
    const main = file('eval/main.json');
    const extra = file('eval/extra.json', EXTRA);
    for (const files of [[main, extra], [extra, main]]) {
      const source = policySnapshot(files);
      assert.deepEqual(source.kind === 'file' && [source.path, source.policyUri], ['eval/main.json', MAIN]);
    }
  });

  it('falls back to another file of the model, the first by URI', () => {
    const source = policySnapshot([file(undefined), file('eval/other.json', OTHER), file('eval/extra.json', EXTRA)]);
    assert.deepEqual(source.kind === 'file' && [source.path, source.policyUri], ['eval/extra.json', EXTRA]);
    const blank = policySnapshot([file('""'), file('eval/extra.json', EXTRA)]);
    assert.deepEqual(blank.kind === 'file' && blank.path, 'eval/extra.json');
  });

  it('reads an inline map as the values themselves, located in the policy', () => {
    const source = policySnapshot([file('{ ood_recall_7d: 0.93, "ece{endpoint=claims}": .nan }')]);
    assert.equal(source.kind, 'inline');
    if (source.kind !== 'inline') return;
    assert.equal(source.values.label, 'the metrics of safety-slos.yaml');
    const recall = source.values.values.get('ood_recall_7d');
    assert.deepEqual(recall?.kind === 'number' && [recall.value, recall.site], [0.93, { uri: MAIN, range: range(2, 26, 2, 30) }]);
    assert.deepEqual([...source.values.invalid.keys()], ['ece{endpoint="claims"}']);
  });

  it('refuses a URL: a dry run never fetches anything', () => {
    for (const url of ['https://evals.example.com/latest.json', 's3://bucket/latest.json', 'file:///etc/eval.json']) {
      const source = policySnapshot([file(url)]);
      assert.deepEqual(source.kind === 'url' && [source.url, source.site.range.start], [url, { line: 2, character: 9 }], url);
    }
  });

  it('is none without `metrics:`, or with an empty or non-string one', () => {
    for (const metrics of [undefined, '', '""', '42', '[a.json]']) {
      assert.deepEqual(policySnapshot([file(metrics)]), { kind: 'none' }, String(metrics));
    }
    assert.deepEqual(policySnapshot([]), { kind: 'none' });
  });
});
