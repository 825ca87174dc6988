import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy, type PolicyFile } from '../policy/parse';
import { range } from '../testing';
import { policyHistory } from './history-source';

const MAIN = 'file:///w/m/safety-slos.yaml';
const EXTRA = 'file:///w/m/a-extra.safety-slos.yaml';

function file(history: string | undefined, uri = MAIN): PolicyFile {
  const text = `version: 1\nmodel: claims-triage\nmetrics: eval/latest.json\n${history === undefined ? '' : `history: ${history}\n`}slos: []\n`;
  return parsePolicy(TextDocument.create(uri, 'yaml', 1, text));
}

describe('replay/history-source', () => {
  it('names the history file as written, relative to the policy, located on its value', () => {
    assert.deepEqual(policyHistory([file('./eval/history.jsonl')]), { kind: 'file', path: './eval/history.jsonl', policyUri: MAIN, site: { uri: MAIN, range: range(3, 9, 3, 29) } });
  });

  it('lets the main policy\'s `history:` win, else takes the first other file\'s by URI', () => {
    for (const files of [[file('main.csv'), file('extra.csv', EXTRA)], [file('extra.csv', EXTRA), file('main.csv')]]) {
      const source = policyHistory(files);
      assert.deepEqual(source.kind === 'file' && [source.path, source.policyUri], ['main.csv', MAIN]);
    }
    const source = policyHistory([file(undefined), file('extra.csv', EXTRA)]);
    assert.deepEqual(source.kind === 'file' && [source.path, source.policyUri], ['extra.csv', EXTRA]);
  });

  it('refuses a URL: a replay never fetches anything', () => {
    const source = policyHistory([file('https://metrics.example.com/history.jsonl')]);
    assert.deepEqual(source.kind === 'url' && [source.url, source.site.range.start], ['https://metrics.example.com/history.jsonl', { line: 3, character: 9 }]);
  });

  it('is none without `history:` (a snapshot\'s `metrics:` is not a history), or with a blank or non-string one', () => {
    for (const history of [undefined, '""', '42', '{ a: 1 }', '[h.csv]']) assert.deepEqual(policyHistory([file(history)]), { kind: 'none' }, String(history));
  });
});
