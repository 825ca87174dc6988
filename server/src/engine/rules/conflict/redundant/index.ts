import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('redundant', 'info', 'An SLO implied by another on the same traffic with the same or a more severe action: it is never the only one breached.');
