import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('redundant', 'info', 'An SLO implied by another on the same traffic with an action of the same severity: it is never the only one breached.');
