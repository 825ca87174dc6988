import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parse } from 'yaml';
import { parsePolicy } from '../policy/parse';
import { slo } from '../testing';
import type { ExportModel } from './exportable';
import { exportPrometheus } from './prometheus';

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface RuleFile {
  groups: { name: string; rules: Rule[] }[];
}

/** A model of one policy file: `model:` (unless undefined), then `slos`, then `rest`. */
function model(slos: string, options: { model?: string; uri?: string; rest?: string } = {}): ExportModel {
  const name = 'model' in options ? options.model : 'claims-triage';
  const text = `version: 1\n${name ? `model: ${name}\n` : ''}${options.rest ?? ''}slos:\n${slos}`;
  return { name: name ?? 'safety-slos.yaml', files: [parsePolicy(TextDocument.create(options.uri ?? 'file:///w/safety-slos.yaml', 'yaml', 1, text))] };
}

function rules(models: ExportModel[]): { file: RuleFile; text: string } {
  const { text } = exportPrometheus(models);
  return { file: parse(text) as RuleFile, text };
}

describe('export: prometheus', () => {
  it('writes one alerting rule per SLO: the breach expression, fired at once, with its labels and annotations', () => {
    const { file } = rules([model(slo({ metric: 'ood_recall', scope: '{ tenant: acme }' }))]);
    assert.deepEqual(file, {
      groups: [
        {
          name: 'safety-specs:claims-triage',
          rules: [
            {
              alert: 'ood_recall_7d',
              expr: 'avg_over_time(ood_recall{tenant="acme"}[7d]) < 0.9',
              for: '0s',
              labels: { slo: 'ood_recall_7d', action: 'degrade_to_safe_mode', severity: 'degrade_to_safe_mode', model: 'claims-triage' },
              annotations: {
                objective: 'Detect distribution shift before harm.',
                summary: 'ood_recall_7d breached: mean over 7d of ood_recall{tenant="acme"} < 0.9 (target ">= 0.90"); action degrade_to_safe_mode.',
              },
            },
          ],
        },
      ],
    });
  });

  it('labels a custom action with the ladder rung it ranks with, and never events as such', () => {
    const slos = slo({ name: 'never_deny_unreviewed', target: '"== 0"', window: '1h', aggregate: 'max', action_on_breach: 'notify_legal' });
    const { file, text } = rules([model(slos, { rest: 'actions:\n  notify_legal:\n    severity: page\n' })]);
    const [rule] = file.groups[0].rules;
    assert.equal(rule.expr, 'max_over_time(never_deny_unreviewed[1h]) != 0');
    assert.deepEqual(rule.labels, { slo: 'never_deny_unreviewed', action: 'notify_legal', severity: 'page', model: 'claims-triage', never_event: 'true' });
    // A label value is a string: "true" is quoted, not a YAML boolean.
    assert.match(text, /never_event: "true"/);
  });

  it('keeps alert names unique and valid: name#2 becomes name_2, runs of other characters _', () => {
    const slos = [
      slo({ metric: 'm', scope: '{ tenant: acme }' }),
      slo({ metric: 'm', scope: '{ tenant: beta }' }),
      slo({ name: '"ood-recall 7d"', metric: 'm' }),
      slo({ name: '"ood_recall_7d_2"', metric: 'm' }),
      slo({ name: '"7d recall"', metric: 'm' }),
      slo({ name: '"recall: 7d (EU)"', metric: 'm' }),
    ].join('');
    const { file } = rules([model(slos)]);
    const got = file.groups[0].rules.map((r) => [r.alert, r.labels.slo]);
    assert.deepEqual(got, [
      ['ood_recall_7d', 'ood_recall_7d'],
      ['ood_recall_7d_2', 'ood_recall_7d#2'],
      ['ood_recall_7d_3', 'ood-recall 7d'],
      ['ood_recall_7d_2_2', 'ood_recall_7d_2'],
      ['_7d_recall', '7d recall'],
      ['recall_7d_EU', 'recall: 7d (EU)'],
    ]);
  });

  it('writes a group per model, labelled model only when the policy names one', () => {
    const a = model(slo({ metric: 'm' }), { model: 'a', uri: 'file:///w/a/safety-slos.yaml' });
    const b = model(slo({ metric: 'm' }), { model: undefined, uri: 'file:///w/b/safety-slos.yaml' });
    const { file } = rules([a, b]);
    assert.deepEqual(file.groups.map((g) => g.name), ['safety-specs:a', 'safety-specs:safety-slos.yaml']);
    assert.equal(file.groups[0].rules[0].labels.model, 'a');
    assert.equal(file.groups[1].rules[0].labels.model, undefined);
  });

  it('leaves out what no rule can say, with where and why, in the result and in the header', () => {
    const slos = [
      slo({ name: 'never_event_violations', target: '"== 0"', window: 'rolling' }),
      slo({ name: 'broken', target: '"at least 0.9"' }),
      slo({ name: 'by_severity', metric: 'm', scope: '{ severity: high }' }),
      slo({ name: 'kept', metric: 'm' }),
    ].join('');
    const result = exportPrometheus([model(slos)]);
    assert.deepEqual(result.exported.map((e) => [e.slo, e.as]), [['kept', 'kept']]);
    assert.deepEqual(
      result.skipped.map((s) => [s.slo, s.range.start.line, s.reason.replace(/:.*/s, '')]),
      [
        ['never_event_violations', 3, 'its window is rolling (since the start), and exported windows are fixed durations'],
        ['broken', 8, 'its target "at least 0.9" does not parse (slo/target-syntax).'],
        ['by_severity', 13, 'its scope dimension "severity" is also a label the rule sets (alertname, slo, action, severity, model, never_event), so alerts would lose the series\' severity.'],
      ],
    );
    assert.equal(result.skipped[0].uri, 'file:///w/safety-slos.yaml');
    const header = result.text.split('\ngroups:')[0].split('\n');
    assert.ok(header.every((l) => l.startsWith('#')));
    assert.ok(header.includes('# Not exported (3):'));
    assert.ok(header.includes(`#   claims-triage: SLO never_event_violations: ${result.skipped[0].reason}`));
    assert.deepEqual((parse(result.text) as RuleFile).groups[0].rules.map((r) => r.alert), ['kept']);
  });

  it('writes an empty rule file when nothing can be exported', () => {
    const result = exportPrometheus([model(slo({ window: 'rolling' }))]);
    assert.deepEqual(parse(result.text), { groups: [] });
    assert.equal(result.skipped.length, 1);
  });

  it('keeps text from the policy literal: templates are escaped, line breaks never leave a comment', () => {
    const slos = [slo({ metric: 'm', objective: '"Alert on {{ $value }} and {{{x}}."' }), slo({ name: '"a\\nb"', window: 'rolling' })].join('');
    const { file, text } = rules([model(slos)]);
    // Prometheus expands annotations as Go templates: `{{ "{{" }}` prints `{{`; the crosscheck runs them through promtool.
    assert.equal(file.groups[0].rules[0].annotations.objective, 'Alert on {{ "{{" }} $value }} and {{ "{{" }}{x}}.');
    assert.ok(text.includes('#   claims-triage: SLO a b: its window is rolling'));
    assert.deepEqual(file.groups[0].rules.map((r) => r.alert), ['ood_recall_7d']);
  });
});
