import { schemaRule } from '../validation';

export const rule = schemaRule('unknown-key', 'Keys the format does not know, with a did-you-mean suggestion, so a typo never passes silently.');
