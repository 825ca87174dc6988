import { schemaRule } from '../validation';

export const rule = schemaRule('invalid-value', 'Values of the wrong type or outside what the schema allows.');
