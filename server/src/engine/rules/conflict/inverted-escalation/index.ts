import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('inverted-escalation', 'warning', 'The threshold that breaches first carries the more severe action, so the milder one never fires on its own.');
