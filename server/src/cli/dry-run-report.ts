import { EXIT, UsageError } from './errors';
import type { Format, GlobalOptions } from './global-options';
import { writeReport } from './write-report';

/**
 * The writer of a command that renders only some formats itself (`gate`: text or json). Any other `--format`,
 * plain or `=FILE`, is a usage error now, before any work; the writer then sends each report where `--format`
 * and `--output` say, through the same path as every command's.
 */
export function dryRunReport<F extends Format>(command: string, global: GlobalOptions, formats: readonly F[]): (render: Record<F, () => string>) => void {
  for (const format of [global.format, ...global.fileOutputs.map((o) => o.format)]) {
    if (!(formats as readonly Format[]).includes(format)) throw new UsageError(`safety-specs ${command} prints ${formats.join(', ')}; not ${format}.`);
  }
  // Every requested format is rendered by `render`: the shared writers never see the empty run.
  return (render) => void writeReport({ files: [], notices: [], stale: [] }, global, render);
}

/** Data a dry run cannot trust (a policy that does not parse, a bad snapshot): each problem, what was not done, exit 2. */
export function dataError(problems: readonly string[], consequence: string): number {
  for (const p of problems) process.stderr.write(`${p}\n`);
  process.stderr.write(`safety-specs: ${consequence}\n`);
  return EXIT.usage;
}
