/** Exit codes shared by every subcommand. */
export const EXIT = { clean: 0, findings: 1, usage: 2 } as const;

/** A problem with how the CLI was called or with reading input: printed as one line, exit 2, no stack. */
export class UsageError extends Error {}
