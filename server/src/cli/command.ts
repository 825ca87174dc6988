import type { ParseArgsConfig } from 'node:util';
import type { GlobalOptions } from './global-options';

/** A subcommand: its own flags on top of the global ones, its help, and a run that returns the exit code. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly optionHelp: readonly string[];
  run(args: { global: GlobalOptions; values: Record<string, unknown>; positionals: string[] }): number;
}
