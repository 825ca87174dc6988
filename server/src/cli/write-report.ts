import { writeFileSync } from 'node:fs';
import { UsageError } from './errors';
import { formatJson } from './format/json';
import { summarise, type FileReport, type Summary } from './format/report';
import { formatText } from './format/text';
import type { GlobalOptions } from './global-options';

export function writeReport(reports: readonly FileReport[], global: GlobalOptions): Summary {
  const summary = summarise(reports);
  writeOutput(global.format === 'json' ? formatJson(reports, summary) : formatText(reports, summary, global.color), global);
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
