import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy, type PolicyFile } from '../policy/parse';
import { doc } from '../testing';
import { periodWords, replayLens, replayPeriod, SHOW_REPLAY_COMMAND } from './replay-lens';

function slo(name: string, window: string): string {
  return [`  - name: ${name}`, '    objective: "x"', '    target: ">= 0.9"', `    window: ${window}`, '    action_on_breach: rollback', ''].join('\n');
}

function policy(...slos: string[]): PolicyFile {
  return parsePolicy(doc(`version: 1\nmodel: claims-triage\nslos:\n${slos.join('')}`));
}

const title = (file: PolicyFile, files = [file]) => replayLens(file, files)?.command?.title;

describe('features/replay-lens', () => {
  it('replays the model\'s longest finite window, in words', () => {
    assert.equal(title(policy(slo('a', '24h'))), 'Replay last 24 hours...');
    assert.equal(title(policy(slo('a', '24h'), slo('b', '7d'), slo('c', 'rolling'))), 'Replay last 7 days...');
    assert.equal(title(policy(slo('a', '1h30m'))), 'Replay last 1 hour 30 minutes...');
    assert.equal(title(policy(slo('a', '1d'))), 'Replay last day...');
    assert.equal(title(policy(slo('a', '4w'), slo('b', '30d'))), 'Replay last 30 days...');
  });

  it('takes 7 days when no window is finite or parses', () => {
    assert.equal(title(policy(slo('a', 'rolling'))), 'Replay last 7 days...');
    assert.equal(title(policy(slo('a', '7 days please'))), 'Replay last 7 days...');
    assert.deepEqual(replayPeriod([policy(slo('a', 'rolling'))]), { kind: 'duration', seconds: 604800, text: '7d' });
  });

  it('reads every file of the model, and sits at line 0 with the client command and the file\'s URI', () => {
    const tenant = parsePolicy(TextDocument.create('file:///w/acme.safety-slos.yaml', 'yaml', 1, 'version: 1\nmodel: claims-triage\n'));
    const main = policy(slo('a', '28d'));
    const lens = replayLens(tenant, [main, tenant]);
    assert.deepEqual(lens, {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title: 'Replay last 28 days...', command: SHOW_REPLAY_COMMAND, arguments: [{ uri: 'file:///w/acme.safety-slos.yaml' }] },
    });
  });

  it('offers no replay for a model without SLOs', () => {
    assert.equal(replayLens(policy(), [policy()]), undefined);
  });

  it('says a single unit without its count', () => {
    assert.equal(periodWords({ kind: 'duration', seconds: 604800, text: '1w' }), 'week');
    assert.equal(periodWords({ kind: 'duration', seconds: 3660, text: '1h1m' }), '1 hour 1 minute');
    assert.equal(periodWords({ kind: 'duration', seconds: 30, text: '30s' }), '30 seconds');
  });
});
