import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Severity } from '../engine';
import { UsageError } from './errors';
import { SEVERITIES } from './format/report';

/** The formats the shared writers print: what --format accepts unless a command says otherwise. */
export const FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;
/** Those, and markdown, which only `diff` prints (a pull-request comment). */
export type Format = (typeof FORMATS)[number] | 'markdown';

/** A further report of the same run, written to its own file: `--format FORMAT=FILE`. */
export interface FileOutput {
  readonly format: Format;
  readonly file: string;
}

/** Flags every subcommand accepts, with the same meaning everywhere. */
export interface GlobalOptions {
  /** The report on standard output (or in the `--output` file): the plain `--format`, text when none is given. */
  readonly format: Format;
  readonly output?: string;
  /** Every `--format FORMAT=FILE`: rendered from the same analysis as the main report. */
  readonly fileOutputs: readonly FileOutput[];
  /** Exit 1 when a counted finding is at or above this severity. */
  readonly failOn: Severity;
  readonly color: boolean;
  readonly config?: string;
  readonly help: boolean;
}

export const GLOBAL_FLAGS = {
  format: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'no-color': { type: 'boolean' },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const GLOBAL_HELP = [
  '  --format FMT[=FILE]  report format: text, json, sarif, junit or github (default: text).',
  '                       Repeat with =FILE to write more reports of the same run, each to its file:',
  '                       --format text --format sarif=out.sarif --format junit=junit.xml',
  '                       github prints workflow annotations (10 per level, most severe first) and',
  '                       adds a table of every finding to $GITHUB_STEP_SUMMARY when it is set.',
  '  --fail-on LEVEL      exit 1 when a finding is at or above LEVEL: error, warning or info',
  '                       (default: error). Suppressed and baselined findings never count.',
  '  --no-color           no colour (also when NO_COLOR is set or output is not a terminal)',
  '  --config FILE        use this config file',
  '  -o, --output FILE    write the report of the plain --format (no =FILE) to FILE, not standard output',
  '  -h, --help           show help',
];

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(', ')}, not "${value}".`);
  return value as T;
}

/** Splits the `--format` values into the main report and the file reports; two reports never share a destination. */
function outputsOf(formats: readonly string[], output: string | undefined, accepted: readonly Format[]): { format: Format; fileOutputs: FileOutput[] } {
  const plain: Format[] = [];
  const fileOutputs: FileOutput[] = [];
  for (const value of formats) {
    const at = value.indexOf('=');
    if (at < 0) {
      plain.push(oneOf('--format', value, accepted));
      continue;
    }
    const file = value.slice(at + 1);
    if (!file) throw new UsageError(`--format ${value}: name the file after "=", as in --format ${value}report.out.`);
    fileOutputs.push({ format: oneOf('--format', value.slice(0, at), accepted), file });
  }
  if (plain.length > 1) {
    const where = output ? `--output ${output}` : 'standard output';
    throw new UsageError(`--format ${plain[0]} and --format ${plain[1]} would both write to ${where}: send one to a file with --format ${plain[1]}=FILE.`);
  }
  const files = [...(output ? [output] : []), ...fileOutputs.map((o) => o.file)];
  const twice = files.find((f, i) => files.findIndex((g) => resolve(g) === resolve(f)) !== i);
  if (twice) throw new UsageError(`two reports would be written to ${twice}: give each its own file.`);
  return { format: plain[0] ?? 'text', fileOutputs };
}

/** `formats`: what this command's --format accepts (the shared writers' formats by default). */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], own: O, formats: readonly Format[] = FORMATS) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...GLOBAL_FLAGS, ...own }, allowPositionals: true, strict: true });
  } catch (e) {
    // One line, as every usage error (Node splits "argument is ambiguous" over three).
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, '.').replace(/\s*\n\s*/g, ' '));
  }
  const values = parsed.values as Record<string, unknown>;
  const output = values.output as string | undefined;
  const global: GlobalOptions = {
    ...outputsOf((values.format as string[] | undefined) ?? [], output, formats),
    failOn: oneOf('--fail-on', (values['fail-on'] as string | undefined) ?? 'error', SEVERITIES),
    color: !values['no-color'] && !output && !process.env.NO_COLOR && !!process.stdout.isTTY,
    config: values.config as string | undefined,
    output,
    help: !!values.help,
  };
  return { global, values, positionals: parsed.positionals };
}
