import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'source',
  meta: {
    id: 'file/binary',
    defaultSeverity: 'error',
    description: 'A policy file must be text: a file with NUL bytes is reported and not parsed.',
  },
  check(text, document) {
    const at = text.indexOf('\u0000');
    if (at < 0) return undefined;
    const position = document.positionAt(at);
    return {
      message: 'File contains NUL bytes, so it is binary, not a YAML policy; it was not checked.',
      range: { start: position, end: position },
    };
  },
};
