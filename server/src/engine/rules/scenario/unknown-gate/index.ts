import { scenarioViews } from '../../../dry-run';
import { rangeOf } from '../../../policy/parse';
import type { Rule } from '../../rule';
import { closestName } from '../../gate/rename-fix';
import { gateNames } from '../runs';

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/unknown-gate',
    defaultSeverity: 'error',
    description: "A scenario's `gate:` names a gate of its model, in any of its policy files.",
  },
  check({ files, report }) {
    const gates = gateNames(files);
    const known = gates.size ? `Gates of this model: ${[...gates].join(', ')}.` : 'This model has no gates: leave `gate:` out to run every SLO.';
    for (const view of files.flatMap(scenarioViews)) {
      const field = view.fields.get('gate');
      if (!field) continue; // no gate: every SLO
      const document = view.file.document;
      const anchor = view.name?.name;
      if (!view.gate) {
        report(view.file, { message: `gate names the gate the scenario runs. ${known}`, anchor, range: rangeOf(document, field.value, field.key) });
        continue;
      }
      if (gates.has(view.gate.name)) continue;
      const { hint, fixes } = closestName(document, view.gate.node, 'gate', gates);
      report(view.file, {
        message: `Unknown gate "${view.gate.name}": the scenario decides \`error\` until it names a gate of this model.${hint} ${known}`,
        anchor,
        range: rangeOf(document, view.gate.node),
        fixes,
      });
    }
  },
};
