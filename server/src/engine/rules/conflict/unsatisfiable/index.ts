import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('unsatisfiable', 'error', 'Two SLOs on the same metric, traffic and window whose targets no value can meet together.');
