import { isScalar } from 'yaml';
import { replaceScalar } from '../../../edits';
import { sloWindow } from '../../../policy/semantics';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/window-syntax',
    defaultSeverity: 'error',
    description: 'A window is a duration like "7d", "24h", "1h30m", or "rolling"; months are not a unit.',
  },
  check({ file, document, report, range }) {
    for (const slo of file.slos) {
      const window = sloWindow(file, slo);
      if (!window) {
        const value = slo.fields.get('window')?.value;
        if (value && !isScalar(value)) report({ message: 'Window must be a single value like "7d", not a list or a map.', range: range(value) });
        continue;
      }
      if (window.result.ok) continue;
      const node = window.field.value;
      const { suggestion } = window.result;
      report({
        message: window.result.message,
        range: node?.range ? range(node) : range(window.field.key),
        fixes: suggestion && isScalar(node) ? [{ title: `Change window to "${suggestion}"`, edits: [replaceScalar(document, node, suggestion)], preferred: true }] : undefined,
      });
    }
  },
};
