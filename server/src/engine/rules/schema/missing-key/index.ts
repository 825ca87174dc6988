import { schemaRule } from '../validation';

export const rule = schemaRule('missing-key', 'Required keys that are missing, reported on the map that lacks them.');
