import { VERSION } from '../version';
import type { Command } from './command';
import { check } from './commands/check';
import { conflicts } from './commands/conflicts';
import { diff } from './commands/diff';
import { exportCommand } from './commands/export';
import { gate } from './commands/gate';
import { replay } from './commands/replay';
import { rules } from './commands/rules';
import { test } from './commands/test';
import { EXIT, UsageError } from './errors';
import { GLOBAL_HELP, parseCommandLine } from './global-options';

const COMMANDS: readonly Command[] = [check, conflicts, gate, test, replay, diff, exportCommand, rules];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `safety-specs ${VERSION}: validate, lint and dry-run AI-safety policy files (safety-slos.yaml).`,
    '',
    'Usage: safety-specs <command> [options] [paths...]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...GLOBAL_HELP,
    '  --version            print the version',
    '',
    'Exit codes: 0 clean, 1 findings at or above --fail-on (default: error), 2 usage, config or input error.',
    'gate exits 1 when a gate breaches or blocks, test when a scenario fails, diff when the SLO diff is not green.',
    'Run `safety-specs <command> --help` for a command\'s own options.',
    '',
  ].join('\n');
}

function commandHelp(command: Command): string {
  const epilogue = command.epilogue ? ['', ...command.epilogue] : [];
  return [`Usage: ${command.usage}`, '', command.summary, '', 'Options:', ...command.optionHelp, ...GLOBAL_HELP, ...epilogue, ''].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'help' && argv[1]) argv = [argv[1], '--help'];
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return name ? EXIT.clean : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.clean;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See safety-specs --help.`);
    const { global, values, positionals } = parseCommandLine(rest, command.options, command.formats);
    if (global.help) {
      process.stdout.write(commandHelp(command));
      return EXIT.clean;
    }
    return await command.run({ global, values, positionals });
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`safety-specs: ${e.message}\n`);
      return EXIT.usage;
    }
    // A bug, not the user's doing: say so in one line; the stack only with SAFETY_SPECS_DEBUG.
    process.stderr.write(`safety-specs: internal error: ${(e as Error).message}. Please report it.\n`);
    if (process.env.SAFETY_SPECS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return EXIT.usage;
  }
}

// A reader that stops early (`safety-specs rules | head -1`) is not an error: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.clean);
  throw e;
});
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
