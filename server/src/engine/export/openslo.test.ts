import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseAllDocuments } from 'yaml';
import { parsePolicy } from '../policy/parse';
import { slo } from '../testing';
import type { ExportModel } from './exportable';
import { budgetProblem, exportOpenSlo } from './openslo';

function model(slos: string, rest = ''): ExportModel {
  const text = `version: 1\nmodel: claims-triage\n${rest}slos:\n${slos}`;
  return { name: 'claims-triage', files: [parsePolicy(TextDocument.create('file:///w/safety-slos.yaml', 'yaml', 1, text))] };
}

/** The documents of an export, parsed back. */
function documents(text: string): Record<string, unknown>[] {
  return parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as Record<string, unknown>;
  });
}

/** Every key path of a value: `spec.objectives[].op`. */
function paths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => paths(v, `${prefix}[]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [`${prefix}.${k}`, ...paths(v, `${prefix}.${k}`)]);
  return [];
}

describe('export: openslo', () => {
  it('writes an OpenSLO v1 SLO: threshold metric over the PromQL aggregate, rolling window, budgeted objective', () => {
    const { text, exported } = exportOpenSlo([model(slo({ metric: 'ood_recall', scope: '{ tenant: [acme, beta] }', aggregate: 'p95' }))], { budget: 0.99 });
    assert.deepEqual(documents(text), [
      {
        apiVersion: 'openslo/v1',
        kind: 'SLO',
        metadata: {
          name: 'ood-recall-7d',
          displayName: 'ood_recall_7d',
          annotations: {
            'safety-specs.dev/slo': 'ood_recall_7d',
            'safety-specs.dev/model': 'claims-triage',
            'safety-specs.dev/action': 'degrade_to_safe_mode',
            'safety-specs.dev/severity': 'degrade_to_safe_mode',
            'safety-specs.dev/aggregate': 'p95',
            'safety-specs.dev/target': '>= 0.90',
            'safety-specs.dev/budget': '0.99: the objective\'s target, chosen at export (the policy\'s SLO has no error budget).',
          },
        },
        spec: {
          description: 'Detect distribution shift before harm.',
          service: 'claims-triage',
          indicator: {
            metadata: { name: 'ood-recall-7d-sli', displayName: 'p95 of ood_recall{tenant=~"acme|beta"}' },
            spec: { thresholdMetric: { metricSource: { type: 'Prometheus', spec: { query: 'quantile_over_time(0.95, ood_recall{tenant=~"acme|beta"}[7d])' } } } },
          },
          timeWindow: [{ duration: '7d', isRolling: true }],
          budgetingMethod: 'Occurrences',
          objectives: [{ displayName: 'ood_recall_7d >= 0.90', op: 'gte', value: 0.9, target: 0.99 }],
        },
      },
    ]);
    assert.deepEqual(exported.map((e) => e.as), ['ood-recall-7d']);
    assert.match(text, /^# .*\n# A safety SLO has no error budget.*\n# below 1, so each target here is the budget 0\.99 \(--budget\)/);
  });

  it('maps each comparator to its op, percentages to their ratio, and windows to one unit', () => {
    const cases: [string, string, string, number, string][] = [
      ['">= 99.5%"', '7d', 'gte', 0.995, '7d'],
      ['"> 0.9"', '24h', 'gt', 0.9, '1d'],
      ['"<= 500ms"', '90m', 'lte', 500, '90m'],
      ['"< 0.05"', '2w', 'lt', 0.05, '14d'],
      ['"< 0.05"', '1h30m', 'lt', 0.05, '90m'],
    ];
    for (const [target, window, op, value, duration] of cases) {
      const [doc] = documents(exportOpenSlo([model(slo({ target, window }))]).text) as { spec: { objectives: { op: string; value: number; target: number }[]; timeWindow: { duration: string }[] } }[];
      assert.deepEqual([doc.spec.objectives[0].op, doc.spec.objectives[0].value, doc.spec.timeWindow[0].duration], [op, value, duration], `${target} ${window}`);
      assert.equal(doc.spec.objectives[0].target, 0.999, 'the default budget');
    }
  });

  it('leaves out never events (== and !=), rolling and second-precise windows, with why', () => {
    const slos = [
      slo({ name: 'never_event_violations', target: '"== 0"', window: '1h', aggregate: 'max', never_events: '[deny_unreviewed]' }),
      slo({ name: 'not_one', target: '"!= 1"' }),
      slo({ name: 'since_start', window: 'rolling' }),
      slo({ name: 'odd_window', window: '10m30s' }),
      slo({ name: 'kept' }),
    ].join('');
    const result = exportOpenSlo([model(slos)]);
    assert.deepEqual(result.exported.map((e) => e.slo), ['kept']);
    assert.deepEqual(
      result.skipped.map((s) => [s.slo, s.reason]),
      [
        ['never_event_violations', 'its target "== 0" has no OpenSLO op (lt, lte, gt, gte only), and a never event tolerates no budget while an OpenSLO target must be below 1.'],
        ['not_one', 'its target "!= 1" has no OpenSLO op (lt, lte, gt, gte only).'],
        ['since_start', 'its window is rolling (since the start), and exported windows are fixed durations: nothing exported would decide the same.'],
        ['odd_window', 'its window 10m30s is not a whole number of minutes, and OpenSLO durations are one number and one unit (m, h, d, ...).'],
      ],
    );
    assert.match(result.text, /^# Not exported \(4\):$/m);
    assert.equal(documents(result.text).length, 1);
  });

  it('annotates never events it can export, and keeps names unique RFC 1123 labels', () => {
    const slos = [
      slo({ name: 'Never_Leak_PII', target: '"<= 0"', never_events: '[pii_leak, "secret leak"]' }),
      slo({ name: 'never_leak_pii', metric: 'm' }),
      slo({ name: `"${'x'.repeat(80)}"` }),
    ].join('');
    const docs = documents(exportOpenSlo([model(slos)]).text) as { metadata: { name: string; annotations: Record<string, string> }; spec: { indicator: { metadata: { name: string } } } }[];
    assert.deepEqual(docs.map((d) => d.metadata.name), ['never-leak-pii', 'never-leak-pii-2', 'x'.repeat(55)]);
    for (const d of docs) {
      assert.match(d.metadata.name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
      assert.match(d.spec.indicator.metadata.name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    }
    assert.equal(docs[0].metadata.annotations['safety-specs.dev/never-event'], 'true');
    assert.equal(docs[0].metadata.annotations['safety-specs.dev/never-events'], 'pii_leak, secret leak');
    assert.equal(docs[1].metadata.annotations['safety-specs.dev/never-event'], 'true', 'by its name');
    assert.equal(docs[2].metadata.annotations['safety-specs.dev/never-event'], undefined);
  });

  it('accepts only budgets OpenSLO accepts: above 0, below 1', () => {
    for (const ok of [0.5, 0.999, 0.0001]) assert.equal(budgetProblem(ok), undefined);
    for (const bad of [0, 1, 1.5, -0.1, NaN, Infinity]) assert.match(budgetProblem(bad)!, /above 0 and below 1/);
    assert.throws(() => exportOpenSlo([model(slo())], { budget: 1 }), RangeError);
  });

  it('uses only fields that real OpenSLO v1 SLO documents use (the slo-specs corpus, when present)', function () {
    const corpus = resolve(__dirname, '../../../../../shared/corpora/slo-specs');
    if (!existsSync(corpus)) {
      console.log(`      slo-specs corpus not found at ${corpus}: skipping`);
      this.skip();
    }
    // Real v1 SLOs, inline indicators included; annotations are free-form keys, so compared by their parent only.
    const known = new Set<string>();
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : /\.ya?ml$/.test(n) ? [join(dir, n)] : []));
    for (const file of walk(corpus)) {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('openslo/v1')) continue;
      for (const doc of parseAllDocuments(text, { logLevel: 'error' })) {
        const value = doc.toJS() as unknown;
        for (const d of Array.isArray(value) ? value : [value]) {
          if (d?.apiVersion === 'openslo/v1' && d.kind === 'SLO') for (const p of paths(d)) known.add(p.replace(/^(\.metadata\.annotations)\..*$/, '$1'));
        }
      }
    }
    assert.ok(known.size > 20, `v1 SLOs found in the corpus (${known.size} key paths)`);
    const slos = [slo({ metric: 'm', scope: '{ tenant: acme }', never_events: '[x]' })].join('');
    const ours = documents(exportOpenSlo([model(slos)]).text).flatMap((d) => paths(d).map((p) => p.replace(/^(\.metadata\.annotations)\..*$/, '$1')));
    assert.deepEqual([...new Set(ours)].filter((p) => !known.has(p)), []);
  });
});
