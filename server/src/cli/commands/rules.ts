import { RULE_METAS } from '../../engine';
import { DOCS_BASE } from '../../engine/rules/rule';
import type { Command } from '../command';
import { EXIT } from '../errors';

export const rules: Command = {
  name: 'rules',
  summary: 'List every rule with its default severity and description.',
  usage: 'safety-specs rules [--format text|json]',
  options: {},
  optionHelp: [],
  run({ global }) {
    if (global.format === 'json') {
      process.stdout.write(JSON.stringify(RULE_METAS.map((m) => ({ ...m, docUrl: `${DOCS_BASE}/${m.id}.md` })), null, 2) + '\n');
    } else {
      const width = Math.max(...RULE_METAS.map((m) => m.id.length));
      for (const m of RULE_METAS) process.stdout.write(`${m.id.padEnd(width)}  ${m.defaultSeverity.padEnd(7)}  ${m.description}\n`);
    }
    return EXIT.clean;
  },
};
