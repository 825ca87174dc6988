import { gateViews } from '../../../dry-run';
import { duplicateNameRule } from '../duplicate-names';

export const rule = duplicateNameRule('gate', 'scenarios and `safety-specs gate --gate` pick a gate by its name', gateViews);
