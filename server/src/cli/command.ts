import type { ParseArgsConfig } from 'node:util';
import type { Format, GlobalOptions } from './global-options';

/** A subcommand: its own flags on top of the global ones, its help, and a run that returns the exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly optionHelp: readonly string[];
  /** What its --format accepts when not the shared writers' formats (FORMATS): diff prints markdown. */
  readonly formats?: readonly Format[];
  /** Printed after the options in the command's help: what it reads, its exit codes. */
  readonly epilogue?: readonly string[];
  /** Async for commands that ask git (diff): the CLI waits for the exit code either way. */
  run(args: { global: GlobalOptions; values: Record<string, unknown>; positionals: string[] }): number | Promise<number>;
}
