import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsePolicy } from '../../policy/parse';
import { policy, slo } from '../../testing';
import { scenarioRuns } from './runs';
import { dryRunPolicy, TENANT_URI, TEST_URI } from './testing';

const scenario = (name: string, metrics: string, gate?: string) => `  - name: ${name}\n    metrics: ${metrics}\n${gate ? `    gate: ${gate}\n` : ''}    expect: pass\n`;

describe('scenario rules: scenarioRuns', () => {
  const base = parsePolicy(TextDocument.create(TEST_URI, 'yaml', 1, dryRunPolicy(`gates:\n  - name: canary\n    slos: [ood_recall_7d]\nscenarios:\n${scenario('b_first', '{ ood_recall_7d: 0.95 }', 'canary')}${scenario('a_second', '{ ood_recall_7d: 0.5 }')}`)));
  const tenantText = `${policy(slo({ name: 'acme_ood_recall_7d', metric: 'ood_recall_7d', scope: '{ tenant: acme }' }))}scenarios:\n${scenario('acme', '{ "ood_recall_7d{tenant=acme}": 0.95 }')}`;
  const tenant = parsePolicy(TextDocument.create(TENANT_URI, 'yaml', 1, tenantText));

  it('pairs each scenario as written with its own outcome, files in URI order whatever order they come in', () => {
    const runs = scenarioRuns([tenant, base]);
    assert.deepEqual(runs.map((r) => [r.view.name?.name, r.outcome.scenario, r.outcome.uri]), [
      ['b_first', 'b_first', TEST_URI],
      ['a_second', 'a_second', TEST_URI],
      ['acme', 'acme', TENANT_URI],
    ]);
    assert.deepEqual(runs.map((r) => r.readable.map((s) => s.name)), [['ood_recall_7d'], ['ood_recall_7d', 'never_event_violations', 'acme_ood_recall_7d'], ['ood_recall_7d', 'never_event_violations', 'acme_ood_recall_7d']]);
  });

  it('runs a model once per files array, however many rules ask', () => {
    const files = [base, tenant];
    assert.equal(scenarioRuns(files), scenarioRuns(files));
    assert.notEqual(scenarioRuns([base, tenant]), scenarioRuns(files), 'another analysis, another run');
  });

  it('leaves out a scenario with a YAML syntax error in it', () => {
    const broken = parsePolicy(TextDocument.create(TEST_URI, 'yaml', 1, dryRunPolicy(`scenarios:\n${scenario('ok', '{ ood_recall_7d: 0.95 }')}${scenario('broken', '{ ood_recall_7d{tenant=acme}: 0.95 }')}`)));
    assert.deepEqual(scenarioRuns([broken]).map((r) => r.view.name?.name), ['ok']);
  });
});
