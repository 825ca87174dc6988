import { conflictRule } from '../../../conflicts/model-conflicts';

export const rule = conflictRule('window-mismatch', 'warning', 'A shorter window with the stricter target but the milder action; or a rolling never-event SLO next to a windowed one with another target.');
