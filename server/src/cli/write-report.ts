import { writeFileSync } from 'node:fs';
import { UsageError } from './errors';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { summarise, type FileReport, type Summary } from './format/report';
import { formatText } from './format/text';
import type { GlobalOptions } from './global-options';

export function writeReport(reports: readonly FileReport[], global: GlobalOptions): Summary {
  const summary = summarise(reports);
  const text = global.format === 'json' ? formatJson(reports, summary) : global.format === 'sarif' ? formatSarif(reports) : formatText(reports, summary, global.color);
  writeOutput(text, global);
  return summary;
}

/** Every command's output goes through here, so `--output` means the same everywhere. */
export function writeOutput(text: string, global: GlobalOptions): void {
  if (global.output) {
    try {
      writeFileSync(global.output, text);
    } catch (e) {
      throw new UsageError(`--output ${global.output}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  } else {
    process.stdout.write(text);
  }
}
