import { scenarioViews } from '../../../dry-run';
import { duplicateNameRule } from '../../gate/duplicate-names';

export const rule = duplicateNameRule('scenario', 'test reports and code lenses tell scenarios apart by name', scenarioViews);
