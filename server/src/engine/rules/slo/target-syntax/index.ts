import { isScalar } from 'yaml';
import { replaceScalar } from '../../../edits';
import { sloTarget } from '../../../policy/semantics';
import { canonicalTarget, completeBareThreshold, parseTarget } from '../../../target';
import type { Fix } from '../../../types';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'slo/target-syntax',
    defaultSeverity: 'error',
    description: 'A target is a comparator then a number, percentage or number with a unit: ">= 0.90", "<= 500ms".',
  },
  check({ file, document, report, range }) {
    for (const slo of file.slos) {
      const target = sloTarget(file, slo);
      if (!target) {
        const value = slo.fields.get('target')?.value;
        if (value && !isScalar(value)) report({ message: 'Target must be a single value like ">= 0.90", not a list or a map.', range: range(value) });
        continue;
      }
      const node = target.field.value;
      // `target: >= 0.9` unquoted is a YAML block scalar, `target: != 0` a tag `!=` on `0`: yaml/syntax reports both
      // and offers the quotes.
      if (target.result.ok || (isScalar(node) && (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL' || node.tag?.startsWith('!=')))) continue;
      const fixes: Fix[] = [];
      const replace = (text: string, preferred: boolean) => {
        if (isScalar(node)) fixes.push({ title: `Change target to "${text}"`, edits: [replaceScalar(document, node, text)], preferred });
      };
      let message = target.result.message;
      if (target.result.suggestion) {
        replace(target.result.suggestion, true);
      } else {
        const completed = completeBareThreshold(target.raw, slo.metric ?? '');
        if (completed) {
          const parsed = parseTarget(completed);
          const text = parsed.ok ? canonicalTarget(parsed.target) : completed;
          message += ` For "${slo.metric}" that is likely "${text}".`;
          replace(text, true);
        } else if (/^\s*-?(\d|\.\d)/.test(target.raw)) {
          for (const comparator of ['>=', '<=']) {
            const text = `${comparator} ${target.raw.trim()}`;
            if (parseTarget(text).ok) replace(text, false); // `5 days` gets no fix that stays broken
          }
        }
      }
      report({ message, range: node?.range ? range(node) : range(target.field.key), fixes });
    }
  },
};
