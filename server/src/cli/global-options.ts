import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Flags every subcommand accepts, with the same meaning everywhere. */
export interface GlobalOptions {
  readonly format: Format;
  readonly color: boolean;
  readonly config?: string;
  readonly output?: string;
  readonly help: boolean;
}

export const GLOBAL_FLAGS = {
  format: { type: 'string' },
  'no-color': { type: 'boolean' },
  config: { type: 'string' },
  output: { type: 'string', short: 'o' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const GLOBAL_HELP = [
  '  --format FORMAT      text, json or sarif (default: text)',
  '  --no-color           no colour (also when NO_COLOR is set or output is not a terminal)',
  '  --config FILE        use this config file',
  '  -o, --output FILE    write the report to FILE instead of standard output',
  '  -h, --help           show help',
];

export function parseCommandLine<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], own: O) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...GLOBAL_FLAGS, ...own }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/, '.'));
  }
  const values = parsed.values as Record<string, unknown>;
  const format = (values.format as string | undefined) ?? 'text';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${format}".`);
  const output = values.output as string | undefined;
  const global: GlobalOptions = {
    format: format as Format,
    color: !values['no-color'] && !output && !process.env.NO_COLOR && !!process.stdout.isTTY,
    config: values.config as string | undefined,
    output,
    help: !!values.help,
  };
  return { global, values, positionals: parsed.positionals };
}
