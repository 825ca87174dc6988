import { isScalar, isSeq, type Scalar } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { gateViews } from '../../../dry-run';
import { didYouMean } from '../../../did-you-mean';
import { rangeOf } from '../../../policy/parse';
import type { Fix } from '../../../types';
import type { Rule } from '../../rule';
import { closestName, renameFix } from '../rename-fix';

const FORMS = 'slos is `all` or a list of SLO names';

export const rule: Rule = {
  kind: 'model',
  meta: {
    id: 'gate/unknown-slo',
    defaultSeverity: 'error',
    description: "A gate's `slos:` is `all` or a list of SLO names of its model, in any of its policy files.",
  },
  check({ files, report }) {
    const names = new Set(files.flatMap((f) => f.slos.flatMap((s) => (s.name ? [s.name] : []))));
    for (const gate of files.flatMap(gateViews)) {
      const field = gate.fields.get('slos');
      if (!field) continue; // left out: every SLO
      const document = gate.file.document;
      const anchor = gate.name?.name;
      const value = field.value;
      if (!isSeq(value)) {
        const written = isScalar(value) && typeof value.value === 'string' ? value.value : undefined;
        if (written === 'all') continue;
        report(gate.file, {
          message: written === undefined ? `${FORMS}.` : `${FORMS}, not "${written}".`,
          anchor,
          range: rangeOf(document, value, field.key),
          fixes: written !== undefined ? stringFixes(document, value as Scalar, names) : undefined,
        });
        continue;
      }
      if (value.items.length === 0) {
        report(gate.file, { message: `An empty slos list reads no SLO, so the gate would always pass: ${FORMS}.`, anchor, range: rangeOf(document, value) });
        continue;
      }
      if (gate.slos.kind !== 'list') continue;
      for (const { name, node } of gate.slos.names) {
        if (names.has(name)) continue;
        const { hint, fixes } = closestName(document, node, 'SLO', names);
        report(gate.file, {
          message: `Gate ${anchor ?? `gates[${gate.index}]`} lists "${name}", but no SLO of this model has that name: the gate decides \`error\` until it does.${hint}`,
          anchor,
          range: rangeOf(document, node),
          fixes,
        });
      }
    }
  },
};

/** `slos: ood_recall_7d` meant a one-item list; `slos: ALL` meant `all`. */
function stringFixes(document: TextDocument, node: Scalar, names: ReadonlySet<string>): Fix[] | undefined {
  const written = String(node.value).trim();
  if (names.has(written)) {
    const list = `[${/^[A-Za-z_][\w.-]*$/.test(written) ? written : JSON.stringify(written)}]`;
    return [{ title: `Make it a list: ${list}`, edits: [{ range: rangeOf(document, node), newText: list }], preferred: true }];
  }
  return didYouMean(written, ['all']) ? [renameFix(document, node, 'slos', 'all')] : undefined;
}
