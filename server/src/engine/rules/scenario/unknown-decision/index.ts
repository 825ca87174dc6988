import { scenarioViews } from '../../../dry-run';
import { rangeOf } from '../../../policy/parse';
import type { Rule } from '../../rule';
import { closestName } from '../../gate/rename-fix';
import { expectable } from '../runs';

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/unknown-decision',
    defaultSeverity: 'error',
    description: "A scenario's `expect` is a decision a gate can make: `pass`, `block`, a built-in action or a custom action of the model.",
  },
  check({ files, report }) {
    const { names, list } = expectable(files);
    for (const view of files.flatMap(scenarioViews)) {
      const field = view.fields.get('expect');
      if (!field) continue; // schema/missing-key
      const document = view.file.document;
      const anchor = view.name?.name;
      if (!view.expect) {
        report(view.file, { message: `expect names the decision the scenario must produce: ${list}.`, anchor, range: rangeOf(document, field.value, field.key) });
        continue;
      }
      if (names.has(view.expect.name)) continue;
      const { hint, fixes } = closestName(document, view.expect.node, 'expect', names);
      report(view.file, {
        message: `Unknown decision "${view.expect.name}": no gate can decide it, so the scenario always fails.${hint} A scenario expects ${list}.`,
        anchor,
        range: rangeOf(document, view.expect.node),
        fixes,
      });
    }
  },
};
