import { isDate } from '../../../dates';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'note',
  meta: {
    id: 'note/action-owner',
    defaultSeverity: 'error',
    description: 'Every action of the decision names its owner (owner: @handle), and a due date, when given, is a real YYYY-MM-DD day.',
  },
  check({ note, report }) {
    for (const action of note.actions) {
      const anchor = action.section.title;
      if (!action.owner) {
        report({ message: 'This action has no owner: name who does it, e.g. "— owner: @sre-oncall". An action everyone owns is done by no one.', range: action.range, anchor });
      }
      if (action.due && !isDate(action.due.text)) {
        report({ message: `"${action.due.text}" is not a date: write the due date as YYYY-MM-DD, e.g. "(due 2026-12-01)".`, range: action.due.range, anchor });
      }
    }
  },
};
