import { RULE_METAS } from '../../engine';
import { DOCS_BASE } from '../../engine/rules/rule';
import type { Command } from '../command';
import { EXIT } from '../errors';
import { writeOutput } from '../write-report';

export const rules: Command = {
  name: 'rules',
  summary: 'List every rule with its default severity and description.',
  usage: 'safety-specs rules [--format text|json]',
  options: {},
  optionHelp: [],
  run({ global }) {
    const width = Math.max(...RULE_METAS.map((m) => m.id.length));
    const text =
      global.format === 'json'
        ? JSON.stringify(RULE_METAS.map((m) => ({ ...m, docUrl: `${DOCS_BASE}/${m.id}.md` })), null, 2) + '\n'
        : RULE_METAS.map((m) => `${m.id.padEnd(width)}  ${m.defaultSeverity.padEnd(7)}  ${m.description}\n`).join('');
    writeOutput(text, global);
    return EXIT.clean;
  },
};
