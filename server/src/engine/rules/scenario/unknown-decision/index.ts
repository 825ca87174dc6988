import { isScalar } from 'yaml';
import { scenarioViews } from '../../../dry-run';
import type { NameRef } from '../../../dry-run/views';
import { rangeOf, valueRange } from '../../../policy/parse';
import type { Report } from '../../../types';
import type { Rule } from '../../rule';
import { closestName } from '../../gate/rename-fix';
import { expectable } from '../runs';

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'scenario/unknown-decision',
    defaultSeverity: 'error',
    description: "A scenario's `expect` is a decision a gate can make: `pass`, `block`, a built-in action or a custom action of the model (alone, or in each `{ at, decision }`).",
  },
  check({ files, report }) {
    const { names, list } = expectable(files);
    for (const view of files.flatMap(scenarioViews)) {
      const field = view.fields.get('expect');
      if (!field) continue; // schema/missing-key
      const document = view.file.document;
      const say = (r: Omit<Report, 'anchor'>) => report(view.file, { ...r, anchor: view.name?.name });
      const known = (ref: NameRef, subject: string) => {
        if (names.has(ref.name)) return;
        const { hint, fixes } = closestName(document, ref.node, subject, names);
        say({ message: `Unknown decision "${ref.name}": no gate can decide it, so the scenario always fails.${hint} A scenario expects ${list}.`, range: rangeOf(document, ref.node), fixes });
      };
      if (view.expect) known(view.expect, 'expect');
      else if (!view.expects) say({ message: `expect names the decision the scenario must produce: ${list}.`, range: rangeOf(document, field.value, field.key) });
      else if (!view.expects.length) say({ message: 'expect lists no decision: write one, like { at: 65m, decision: degrade_to_safe_mode }.', range: rangeOf(document, field.value, field.key) });
      for (const e of view.expects ?? []) {
        if (e.kind === 'other') {
          say({ message: `An expect in a list is a map, like { at: 65m, decision: ${isScalar(e.node) && typeof e.node.value === 'string' ? e.node.value : 'degrade_to_safe_mode'} }.`, range: rangeOf(document, e.node, field.value ?? undefined) });
          continue;
        }
        // A missing `decision:` is schema/missing-key's.
        const decision = e.fields.get('decision');
        if (e.decision) known(e.decision, 'decision');
        else if (decision) say({ message: `decision names the decision the scenario must produce at that time: ${list}.`, range: valueRange(document, decision) });
      }
    }
  },
};
