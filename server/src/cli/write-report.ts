import { appendFileSync, writeFileSync } from 'node:fs';
import { EXIT, UsageError } from './errors';
import { formatGithub, githubStepSummary } from './format/github';
import { formatJson } from './format/json';
import { formatJunit } from './format/junit';
import { failing, summarise, type RunReport, type Summary } from './format/report';
import { formatSarif } from './format/sarif';
import { formatText } from './format/text';
import type { Format, GlobalOptions } from './global-options';

/** Formats a command renders its own way (`conflicts` prints a table); the others come from the shared writers. */
export type OwnFormats = Partial<Record<Format, () => string>>;

/**
 * Renders every requested report from the same run, writes them (files first, then standard output;
 * with a github report, the step summary too), and returns the run's exit code.
 */
export function writeReport(run: RunReport, global: GlobalOptions, own: OwnFormats = {}): number {
  const summary = summarise(run);
  const github = global.format === 'github' || global.fileOutputs.some((o) => o.format === 'github');
  const stepSummary = (github && process.env.GITHUB_STEP_SUMMARY) || undefined;
  const render = (format: Format, color: boolean): string => {
    const custom = own[format];
    if (custom) return custom();
    switch (format) {
      case 'text':
        return formatText(run, summary, color);
      case 'json':
        return formatJson(run, summary);
      case 'sarif':
        return formatSarif(run);
      case 'junit':
        return formatJunit(run, summary, { failOn: global.failOn, seconds: process.uptime() });
      case 'github':
        return formatGithub(run, whereToReadAll(global, !!stepSummary));
      case 'markdown':
        // No shared writer: only a command that renders its own (diff) lets --format markdown through.
        throw new UsageError('--format markdown is printed by safety-specs diff only.');
    }
  };
  for (const { format, file } of global.fileOutputs) writeFile(file, render(format, false), `--format ${format}=${file}`);
  if (stepSummary) writeFile(stepSummary, githubStepSummary(run, summary), `GITHUB_STEP_SUMMARY ${stepSummary}`, appendFileSync);
  writeOutput(render(global.format, global.color), global);
  return exitCode(summary, global);
}

/** 2 when an input could not be read, 1 when a counted finding is at or above `--fail-on`, else 0. */
function exitCode(summary: Summary, global: GlobalOptions): number {
  if (summary.unreadable) return EXIT.usage;
  return failing(summary, global.failOn) ? EXIT.findings : EXIT.clean;
}

/** Where the findings GitHub does not annotate can be read: the step summary and the other reports. */
function whereToReadAll(global: GlobalOptions, stepSummary: boolean): string {
  const places = [...(stepSummary ? ['the job summary'] : []), ...global.fileOutputs.filter((o) => o.format !== 'github').map((o) => o.file)];
  return places.length ? places.join(' and ') : 'the full list with --format text';
}

/** A file that cannot be written is the caller's I/O problem: one line, exit 2. */
function writeFile(file: string, text: string, flag: string, write: typeof appendFileSync = writeFileSync): void {
  try {
    write(file, text);
  } catch (e) {
    throw new UsageError(`${flag}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/** Every command's output goes through here, so `--output` means the same everywhere. */
export function writeOutput(text: string, global: GlobalOptions): void {
  if (global.output) writeFile(global.output, text, `--output ${global.output}`);
  else process.stdout.write(text);
}
