import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy } from '../policy/parse';
import { policy, slo } from '../testing';
import { dryRun, type DryRun } from './evaluate';
import { gateLensTitle, runAllLensTitle, scenarioLensTitle, sloLensTitle, traceJson, traceMarkdown, traceText } from './explain';
import { parseSnapshot } from './metric-values';

const SLOS =
  slo({ name: 'ood_recall_7d' }) +
  slo({ name: 'ece', target: '"<= 0.05"', action_on_breach: 'page' }) +
  slo({ name: 'acme_recall', metric: 'ood_recall_7d', scope: '{ tenant: [acme, globex] }' });

function run(gates: string, snapshot: string, scenarios = ''): DryRun {
  const text = policy(SLOS, `gates:\n${gates}${scenarios ? `scenarios:\n${scenarios}` : ''}`);
  const policyFile = parsePolicy(TextDocument.create('file:///w/m/safety-slos.yaml', 'yaml', 1, text));
  return dryRun([policyFile], parseSnapshot(TextDocument.create('file:///w/m/eval/latest.json', 'json', 1, snapshot), 'eval/latest.json'));
}

const RELEASE = '  - name: release\n    require: [slo_diff_green]\n';
const SNAPSHOT = 'ood_recall_7d: 0.84\nece: 0.03\n';
const relative = (uri: string) => uri.replace('file:///w/', '');

describe('dry-run/explain', () => {
  it('traceText: the decision, the reason, then one aligned row per SLO and one line per requirement', () => {
    const [release] = run(RELEASE, SNAPSHOT).gates!;
    const lines = traceText('release', release);
    assert.deepEqual(lines.slice(0, 5), [
      'release: degrade_to_safe_mode',
      '  ood_recall_7d breached (0.84 < 0.90): degrade_to_safe_mode.',
      '    SLO            value  target   result',
      '    ood_recall_7d  0.84   >= 0.90  breach → degrade_to_safe_mode  ◀ decides',
      '    ece            0.03   <= 0.05  pass',
    ]);
    assert.match(lines[5], /^ {4}acme_recall {4}- {6}>= 0\.90 {2}no data: no value for "ood_recall_7d\{tenant="acme\|globex"\}" in eval\/latest\.json\. There is "ood_recall_7d"/);
    assert.equal(lines[6], '    requirement slo_diff_green: not evaluated: no SLO diff against a git base was computed (not a git repository?).');
    assert.equal(lines.length, 7);
  });

  it('traceText marks deciding requirements and shows no table without SLOs', () => {
    const [release] = run(RELEASE, 'ood_recall_7d: 0.95\nood_recall_7d{tenant=acme|globex}: 0.95\nece: 0.01\n').gates!;
    assert.deepEqual(traceText('release', release).slice(0, 2), ['release: block', '  slo_diff_green: no SLO diff against a git base was computed (not a git repository?).']);
    assert.match(traceText('release', release).at(-1)!, /◀ decides$/);
    const [scenario] = run(RELEASE, SNAPSHOT, '  - name: typo\n    gate: canry\n    metrics: { ece: 0 }\n    expect: pass\n').scenarios;
    assert.deepEqual(traceText('typo', scenario), ['typo: error', '  the scenario runs gate "canry", which this model does not have.']);
  });

  it('traceMarkdown: a heading, the reason and a table whose cells escape `|`', () => {
    const [release] = run(RELEASE, SNAPSHOT).gates!;
    const markdown = traceMarkdown('release | v2', release);
    const lines = markdown.split('\n');
    assert.equal(lines[0], '### release \\| v2: `degrade_to_safe_mode`');
    assert.equal(lines[2], 'ood_recall_7d breached (0.84 < 0.90): degrade_to_safe_mode.');
    assert.deepEqual(lines.slice(4, 8), [
      '| SLO | value | target | result | |',
      '| --- | --- | --- | --- | --- |',
      '| `ood_recall_7d` | 0.84 | >= 0.90 | breach → degrade_to_safe_mode | **decides** |',
      '| `ece` | 0.03 | <= 0.05 | pass |  |',
    ]);
    assert.match(lines[8], /^\| `acme_recall` \| - \| >= 0\.90 \| no data: no value for "ood_recall_7d\{tenant="acme\\\|globex"\}"/);
    // Every table row has exactly the five columns of the header: no `|` leaks out of a cell.
    for (const row of lines.filter((l) => l.startsWith('| '))) assert.equal(row.replace(/\\\|/g, '').split('|').length, 7, row);
    assert.ok(lines.includes('- requirement `slo_diff_green`: not evaluated: no SLO diff against a git base was computed (not a git repository?).'));
    assert.equal(lines.at(-1), 'Missing data: `block`.');
  });

  it('traceJson: the same trace as data, locations 1-based and paths as the caller spells them', () => {
    const [release] = run(RELEASE, SNAPSHOT).gates!;
    const json = traceJson(release, relative);
    assert.deepEqual(Object.keys(json), ['decision', 'reason', 'onMissingData', 'slos', 'requirements']);
    assert.deepEqual([json.decision, json.onMissingData], ['degrade_to_safe_mode', 'block']);
    const slos = json.slos as Record<string, unknown>[];
    assert.deepEqual(slos[0], {
      slo: 'ood_recall_7d',
      key: 'ood_recall_7d',
      status: 'breach',
      observed: 0.84,
      valueAt: { path: 'm/eval/latest.json', line: 1, column: 16 },
      target: '>= 0.90',
      comparison: '0.84 < 0.90',
      action: 'degrade_to_safe_mode',
      decides: true,
      location: { path: 'm/safety-slos.yaml', line: 4, column: 11 },
    });
    assert.deepEqual(slos[2].location, { path: 'm/safety-slos.yaml', line: 14, column: 11 });
    assert.deepEqual([slos[2].status, 'observed' in slos[2], 'comparison' in slos[2], slos[2].key], ['no_data', false, false, 'ood_recall_7d{tenant="acme|globex"}']);
    assert.deepEqual(json.requirements, [{ name: 'slo_diff_green', status: 'not_evaluated', reason: 'no SLO diff against a git base was computed (not a git repository?).', decides: false }]);
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(json)));
  });

  describe('a series scenario', () => {
    // ece's 24h mean over one sample a minute: 0.01 for five minutes, then 0.5; it breaches (page) at 5m.
    const ECE = '"0.01x4 0.5x4"';
    const series = (expect: string) => run(RELEASE, SNAPSHOT, `  - name: drift\n    metrics: { ece: ${ECE} }\n    expect: ${expect}\n`).scenarios[0];
    const failing = () => series('[{ at: 4m, decision: pass }, { at: 4m30s, decision: page }, { at: 2h, decision: page }]');

    it('traceText: the trace at the verdict\'s time, each expect, and the timeline in offsets from the start', () => {
      assert.deepEqual(traceText('scenario drift', failing()), [
        'scenario drift at 4m: pass',
        '  no SLO breached.',
        '    SLO  value  target   result',
        '    ece  0.01   <= 0.05  pass',
        '    expects, over 10 samples, one every 1m (0s to 9m):',
        '      ✓ 4m: pass',
        '      ✗ 4m30s: expected page, got pass (since 0s, no SLO breached.)',
        "      ✗ 2h: expected page, not checked: at 2h is after the series ends at 9m (10 samples, one every 1m): the gate's decision there is not known.",
        '    timeline:',
        '      0s  pass  no SLO breached.',
        '      5m  page  ece breached: mean over 7d 0.0916667 > 0.05.',
      ]);
      assert.deepEqual(traceText('scenario drift', series('page')).slice(0, 2), ['scenario drift at 9m: page', '  ece breached (0.255 > 0.05): page.']);
      assert.equal(traceText('scenario drift', series('page'))[5], '      ✓ the end (9m): page');
    });

    it('traceMarkdown: the expects and the timeline as tables', () => {
      const lines = traceMarkdown('Scenario drift', failing()).split('\n');
      assert.equal(lines[0], '### Scenario drift at 4m: `pass`');
      const at = lines.indexOf('**Expects**, over 10 samples, one every 1m (0s to 9m):');
      assert.deepEqual(lines.slice(at + 2, at + 7), [
        '| at | expected | got | |',
        '| --- | --- | --- | --- |',
        '| 4m | `pass` | `pass` | ✓ |',
        '| 4m30s | `page` | `pass`: since 0s, no SLO breached. | ✗ |',
        "| 2h | `page` | not checked: at 2h is after the series ends at 9m (10 samples, one every 1m): the gate's decision there is not known. | ✗ |",
      ]);
      assert.deepEqual(lines.slice(-4), ['| from | decision | why |', '| --- | --- | --- |', '| 0s | `pass` | no SLO breached. |', '| 5m | `page` | ece breached: mean over 7d 0.0916667 > 0.05. |']);
    });

    it('traceJson: offsets as written and in seconds, every expect and the whole timeline', () => {
      const json = traceJson(failing(), relative);
      assert.deepEqual(json.series, {
        step: '1m',
        stepSeconds: 60,
        samples: 10,
        traceAt: '4m',
        expects: [
          { when: '4m', expect: 'pass', at: '4m', atSeconds: 240, decision: 'pass', reason: 'since 0s, no SLO breached.', passed: true },
          { when: '4m30s', expect: 'page', at: '4m30s', atSeconds: 270, decision: 'pass', reason: 'since 0s, no SLO breached.', passed: false },
          { when: '2h', expect: 'page', passed: false, notChecked: "at 2h is after the series ends at 9m (10 samples, one every 1m): the gate's decision there is not known." },
        ],
        timeline: [
          { at: '0s', atSeconds: 0, decision: 'pass', reason: 'no SLO breached.' },
          { at: '5m', atSeconds: 300, decision: 'page', reason: 'ece breached: mean over 7d 0.0916667 > 0.05.' },
        ],
      });
      assert.equal('series' in traceJson(run(RELEASE, SNAPSHOT).gates![0], relative), false);
    });

    it('lens titles: the expect that decides the verdict', () => {
      assert.equal(scenarioLensTitle(failing()), '✗ Scenario fails: expected page at 4m30s, got pass');
      assert.equal(scenarioLensTitle(series('[{ at: 4m, decision: pass }, { at: 5m, decision: page }]')), '✓ Scenario passes: page at 5m (2 expects)');
      assert.equal(scenarioLensTitle(series('page')), '✓ Scenario passes: page');
    });
  });

  describe('lens titles', () => {
    it('for an SLO: "Dry run..." without values, else its result', () => {
      assert.equal(sloLensTitle(undefined), 'Dry run...');
      const outcomes = run(RELEASE, 'ood_recall_7d: 0.84\nece: .nan\n').sloOutcomes!;
      assert.deepEqual(outcomes.map(sloLensTitle), [
        'Dry run: breach (0.84 < 0.90) → degrade_to_safe_mode',
        'Dry run: error ("ece" in eval/latest.json is NaN: a gate cannot compare i...)',
        'Dry run: no data for ood_recall_7d{tenant="acme|globex"}',
      ]);
      assert.equal(sloLensTitle(run(RELEASE, 'ece: 0.03\n').sloOutcomes![1]), 'Dry run: pass (0.03 <= 0.05)');
    });

    it('for a gate: its decision and what decided', () => {
      assert.equal(gateLensTitle('release', undefined), 'Gate release: no metrics loaded');
      const title = (gates: string, snapshot: string) => gateLensTitle('g', run(gates, snapshot).gates![0]);
      const all = '  - name: g\n';
      assert.equal(title(all, 'ood_recall_7d: 0.95\nece: 0.01\n'), 'Gate g: block (no data: acme_recall)');
      assert.equal(title('  - name: g\n    slos: [ood_recall_7d, ece]\n', SNAPSHOT), 'Gate g: degrade_to_safe_mode (ood_recall_7d)');
      assert.equal(title('  - name: g\n    slos: [ece]\n', SNAPSHOT), 'Gate g: pass');
      assert.equal(title('  - name: g\n    slos: [ece]\n    require: [slo_diff_green]\n', SNAPSHOT), 'Gate g: block (slo_diff_green)');
      assert.equal(title('  - name: g\n    slos: [ece, nope]\n', SNAPSHOT), 'Gate g: error (nope)');
    });

    it('for scenarios: pass or fail against expect, and the count for "Run all"', () => {
      const scenarios = run(
        RELEASE,
        SNAPSHOT,
        '  - name: ok\n    metrics: { ood_recall_7d: 0.84 }\n    expect: degrade_to_safe_mode\n' +
          '  - name: wrong\n    metrics: { ece: 0.5 }\n    expect: pass\n' +
          '  - name: bare\n    metrics: { ece: 0.01 }\n',
      ).scenarios;
      assert.deepEqual(scenarios.map(scenarioLensTitle), ['✓ Scenario passes: degrade_to_safe_mode', '✗ Scenario fails: expected pass, got page', '✗ Scenario has no expect (got pass)']);
      assert.equal(runAllLensTitle(scenarios), 'Run all scenarios (1 passed, 2 failed)');
      assert.equal(runAllLensTitle([]), 'Run all scenarios (0 passed, 0 failed)');
    });
  });
});
