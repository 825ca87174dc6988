import { stringify } from 'yaml';
import { NEGATED } from '../target';
import { promDuration } from './promql';
import { exportSlos, header, isSkipped, unique, type Exported, type ExportModel, type ExportResult, type ExportSlo, type Skipped } from './exportable';

/** The labels a rule sets (and Prometheus's alertname). */
const RULE_LABELS = ['alertname', 'slo', 'action', 'severity', 'model', 'never_event'];

/**
 * A Prometheus rule file: per model a group `safety-specs:<model>`, per SLO an alerting rule whose expression is the
 * SLO's breach condition over its window. It fires at the first evaluation the condition holds (`for: 0s`), as a
 * replay breaches at the first evaluation, once per series in breach. Labels: `slo` (its label, `name#2` for a second
 * SLO of a name), `action`, `severity` (the ladder rung the action ranks with), `model` when the policy names one,
 * `never_event: "true"` for never events. An SLO no rule can say is left out with why, in the result and in the
 * file's header: never a rule that decides differently.
 */
export function exportPrometheus(models: readonly ExportModel[]): ExportResult {
  const exported: Exported[] = [];
  const skipped: Skipped[] = [];
  const alerts = new Set<string>();
  const names = new Set<string>();
  const groups = models.flatMap((model) => {
    const rules = exportSlos(model, unsaid).flatMap((slo) => {
      if (isSkipped(slo)) {
        skipped.push(slo);
        return [];
      }
      const alert = unique(alertName(slo.site.slo), alerts, (base, n) => `${base}_${n}`);
      exported.push({ ...slo.site, as: alert });
      return [rule(slo, alert)];
    });
    return rules.length ? [{ name: unique(`safety-specs:${model.name}`, names, (base, n) => `${base}#${n}`), rules }] : [];
  });
  const intro = [
    'Prometheus alerting rules exported by safety-specs: one rule per SLO, firing while the SLO is breached (its',
    'windowed aggregate fails its target), as a replay of the policy decides. See docs/export.md.',
  ];
  return { text: header(intro, skipped) + stringify({ groups }, { lineWidth: 0 }), exported, skipped };
}

/** A scope dimension named like one of the rule's labels would be overwritten in the alert. */
function unsaid(slo: ExportSlo): string | undefined {
  const clash = [...(slo.planned.scope?.keys() ?? [])].find((d) => RULE_LABELS.includes(d));
  return clash && `its scope dimension "${clash}" is also a label the rule sets (${RULE_LABELS.join(', ')}), so alerts would lose the series' ${clash}.`;
}

function rule(slo: ExportSlo, alert: string) {
  const { planned } = slo;
  const { action, target } = planned;
  const summary = `${planned.label} breached: ${planned.aggregate} over ${promDuration(slo.seconds)} of ${slo.selector} ${NEGATED[target.comparator]} ${target.value} (target "${planned.targetText}"); action ${action.name}.`;
  return {
    alert,
    expr: slo.breach,
    for: '0s',
    labels: {
      slo: literal(planned.label),
      action: literal(action.name),
      severity: action.ladder,
      ...(slo.modelName ? { model: literal(slo.modelName) } : {}),
      ...(slo.neverEvent ? { never_event: 'true' } : {}),
    },
    annotations: { ...(slo.objective ? { objective: literal(slo.objective) } : {}), summary: literal(summary) },
  };
}

/** An alert name from an SLO label: `ood_recall_7d`; `ood_recall_7d_2` for `ood_recall_7d#2`; `a_b_EU` for `a b (EU)`. */
function alertName(label: string): string {
  const name = label.replace(/[^a-zA-Z0-9_]+/g, '_').replace(/(?<=.)_+$/, '');
  return /^[a-zA-Z_]/.test(name) ? name : `_${name}`;
}

/** Text that Prometheus's templating of labels and annotations leaves as it is: each `{{` is a template printing `{{`. */
function literal(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}');
}
