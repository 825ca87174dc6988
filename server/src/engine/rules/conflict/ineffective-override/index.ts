import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('ineffective-override', 'warning', 'A narrower-scoped SLO looser than a wider one: nothing overrides, so it has no effect.');
