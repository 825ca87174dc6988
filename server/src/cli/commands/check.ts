import { analyzeWorkspace, settle, today } from '../../engine';
import type { Command } from '../command';
import { loadConfig } from '../config';
import { EXIT } from '../errors';
import type { FileReport } from '../format/report';
import { collectInputs } from '../read-policy';
import { writeReport } from '../write-report';

export const check: Command = {
  name: 'check',
  summary: 'Validate and lint policy files; exit 1 when any finding is an error.',
  usage: 'safety-specs check [options] [paths...]   (default path: .)',
  options: {},
  optionHelp: [],
  run({ global, positionals }) {
    const levels = loadConfig(global.config);
    const options = { levels, today: today() };
    const inputs = collectInputs(positionals.length ? positionals : ['.']);
    // All files are analysed together, so conflicts among the files of one model are found.
    const analyses = analyzeWorkspace(inputs.flatMap((i) => ('document' in i ? [i.document] : [])));
    const reports: FileReport[] = inputs.map((input) =>
      'error' in input
        ? input
        : { path: input.path, uri: input.document.uri, findings: settle(input.document, analyses.get(input.document.uri)!.findings, options).findings },
    );
    const summary = writeReport(reports, global);
    if (summary.unreadable) return EXIT.usage;
    return summary.errors ? EXIT.findings : EXIT.clean;
  },
};

