// Runs the real bundled CLI (`node dist/cli.js ...`) as a process, and makes temp folders of policy files.
import { tempRoot } from '../fixtures/model-folder-rules';
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CLI_JS } from '../protocol/lsp-client';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A stack trace line, as Node prints them: four spaces then "at ". */
export const STACK_LINE = /^ {4}at /m;

/**
 * Runs the CLI with NO_COLOR set (unless `env` says otherwise) and checks what must hold for every run:
 * it exits with 0, 1 or 2, and never prints a stack trace.
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI_JS, ...args], {
    cwd: options.cwd,
    env: options.env ?? { ...process.env, NO_COLOR: '1' },
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  const { status, stdout, stderr } = result;
  assert.ok(status === 0 || status === 1 || status === 2, `exit code ${status} (signal ${result.signal}) for ${args.join(' ')}; stderr:\n${stderr}`);
  assert.doesNotMatch(stderr, STACK_LINE, `a stack trace on stderr for ${args.join(' ')}:\n${stderr}`);
  return { status, stdout, stderr };
}

/** A temp folder with the given files (path -> text or bytes); removed by `cleanup`. */
export function tempTree(files: Record<string, string | Buffer>, options: { readonly modelFolders?: boolean } = {}): { readonly root: string; cleanup(): void } {
  const { base, root } = tempRoot('safety-specs-cli-', options);
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return { root, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

/** `path:line:col severity rule message`, as the text format prints one finding. */
export const FINDING_LINE = /^(?<path>.+?):(?<line>\d+):(?<column>\d+) (?<severity>error|warning|info) (?<rule>[a-z-]+\/[a-z-]+) (?<message>.+)$/;

export type { JsonFinding, JsonReport } from '../../server/src/cli/format/json';
