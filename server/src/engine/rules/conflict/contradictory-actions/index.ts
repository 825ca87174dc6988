import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('contradictory-actions', 'error', 'Two SLOs that breach at exactly the same values but answer with different actions.');
