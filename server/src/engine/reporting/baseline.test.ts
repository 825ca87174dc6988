import { strict as assert } from 'node:assert';
import { analyze } from '../analyze';
import { doc, policy, slo } from '../testing';
import { matchBaseline, parseBaseline, serializeBaseline, type Baseline } from './baseline';

const TWO_BAD = policy(slo({ name: 'denial_precision_7d', target: '">= 95"' }) + slo({ name: 'ood_recall_7d', target: '">= 90"' }));
const findings = (text: string) => analyze(doc(text)).findings.filter((f) => f.rule === 'slo/ratio-bounds');

function baselineOf(text: string, path = 'a/safety-slos.yaml'): Baseline {
  const parsed = parseBaseline(serializeBaseline([{ path, findings: findings(text) }]));
  assert.ok(!('error' in parsed));
  return parsed;
}

describe('baseline', () => {
  it('round-trips through its text, sorted so it diffs well', () => {
    const text = serializeBaseline([{ path: 'b.yaml', findings: findings(TWO_BAD) }, { path: 'a.yaml', findings: findings(TWO_BAD) }]);
    const parsed = parseBaseline(text);
    assert.ok(!('error' in parsed));
    assert.deepEqual(parsed.entries.map((e) => e.path), ['a.yaml', 'a.yaml', 'b.yaml', 'b.yaml']);
    assert.equal(JSON.parse(text).version, 1);
    assert.match(parsed.entries[0]!.message, /ratio/);
  });

  it('knows recorded findings, counts new ones as fresh and reports entries that no longer occur', () => {
    const baseline = baselineOf(TWO_BAD);
    const fixedOne = TWO_BAD.replace('">= 90"', '">= 0.90"').concat(slo({ name: 'fpr_24h', target: '"<= 5"' }));
    const match = matchBaseline([{ path: 'a/safety-slos.yaml', findings: findings(fixedOne) }], baseline);
    const targets = (list: readonly { range: { start: { line: number } } }[]) => list.map((f) => fixedOne.split('\n')[f.range.start.line]!.trim());
    assert.deepEqual(targets(match.known.get('a/safety-slos.yaml')!), ['target: ">= 95"']);
    assert.deepEqual(targets(match.fresh.get('a/safety-slos.yaml')!), ['target: "<= 5"']);
    assert.deepEqual(match.stale.map((e) => e.rule), ['slo/ratio-bounds']);
  });

  it('each entry absorbs one finding: a second identical finding in another file is fresh', () => {
    const one = policy(slo({ name: 'denial_precision_7d', target: '">= 95"' }));
    const baseline = baselineOf(one, 'a.yaml');
    const match = matchBaseline([{ path: 'b.yaml', findings: findings(one) }, { path: 'a.yaml', findings: findings(one) }], baseline);
    assert.equal(match.known.get('a.yaml')!.length, 1, 'the same path is matched first');
    assert.equal(match.fresh.get('b.yaml')!.length, 1);
    assert.equal(match.stale.length, 0);
  });

  it('follows a renamed file', () => {
    const match = matchBaseline([{ path: 'renamed.yaml', findings: findings(TWO_BAD) }], baselineOf(TWO_BAD, 'old.yaml'));
    assert.equal(match.known.get('renamed.yaml')!.length, 2);
    assert.equal(match.stale.length, 0);
  });

  it('explains what is wrong with a file that is not a baseline', () => {
    for (const [text, expected] of [
      ['{', /not JSON/],
      ['[]', /not a safety-specs baseline/],
      ['{"version": 2, "findings": []}', /not a safety-specs baseline/],
      ['{"version": 1, "findings": [{"rule": "x"}]}', /findings\[0\] needs/],
    ] as const) {
      const parsed = parseBaseline(text);
      assert.ok('error' in parsed, text);
      assert.match(parsed.error, expected);
    }
  });
});
