// The one place that runs the `git` binary. It only ever reads objects and refs: nothing configured in the
// repository runs (no hooks, filters, textconv or fsmonitor), nothing is fetched, no index or lock is touched.
import { execFile, type ExecFileException } from 'node:child_process';
import { access } from 'node:fs/promises';

/** A problem reading the repository: its message is one line for users, no stack needed. */
export class GitError extends Error {
  constructor(message: string) {
    super(message.split('\n', 1)[0]);
    this.name = 'GitError';
  }
}

/** How a finished git process ended; `code` is its exit code, failures included. */
export interface Completed {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

const TIMEOUT_MS = 30_000;
const MAX_BUFFER = 256 * 1024 * 1024;

/** `-c` settings that keep a hostile repository's configuration from running anything or reaching the network. */
const SAFE_CONFIG = [
  '-c', 'core.fsmonitor=false',
  // A partial clone fetches missing objects on demand; with no protocol allowed, that fetch fails instead.
  '-c', 'protocol.allow=never',
];

/** Variables that would point git at another repository than the folder it runs in (set inside git hooks). */
const REPOSITORY_VARIABLES = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_PREFIX',
];

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_NO_LAZY_FETCH: '1',
    // English messages, so callers can tell "not a repository" from other failures.
    LC_ALL: 'C',
    LANGUAGE: 'C',
  };
  for (const name of REPOSITORY_VARIABLES) delete env[name];
  return env;
}

/** A failed git command as a GitError: git's first error line without its "fatal: " prefix. */
export function gitFailure(stderr: string, command: string | undefined): GitError {
  const line = stderr.split('\n').find((l) => l.trim() !== '');
  return new GitError(line ? line.replace(/^(fatal|error): /, '').trim() : `git ${command} failed`);
}

/** Spawning fails with ENOENT both when git is missing and when the folder to run it in is. */
async function notStarted(cwd: string): Promise<GitError> {
  try {
    await access(cwd);
    return new GitError('git was not found: install git and make sure it is on PATH');
  } catch {
    return new GitError(`cannot run git in ${cwd}: the folder does not exist`);
  }
}

function notFinished(error: ExecFileException, command: string | undefined): GitError {
  if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return new GitError(`git ${command} printed more than ${MAX_BUFFER / 2 ** 20} MiB`);
  if (error.killed) return new GitError(`git ${command} did not finish within ${TIMEOUT_MS / 1000} s`);
  return new GitError(`git ${command} failed: ${error.message}`);
}

/**
 * Runs `git <args>` in `cwd` (which must exist), writing `input` to its stdin. Resolves whatever the exit code;
 * rejects with a GitError only when git could not run to its end: missing, timed out, or too much output.
 */
export function runGit(cwd: string, args: readonly string[], input?: string): Promise<Completed> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      ['--no-pager', ...SAFE_CONFIG, ...args],
      { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: MAX_BUFFER, timeout: TIMEOUT_MS },
      (error: ExecFileException | null, stdout: Buffer, stderr: Buffer) => {
        if (error === null) return resolve({ code: 0, stdout, stderr: stderr.toString('utf8') });
        if (typeof error.code === 'number') return resolve({ code: error.code, stdout, stderr: stderr.toString('utf8') });
        if (error.code === 'ENOENT') return void notStarted(cwd).then(reject);
        reject(notFinished(error, args[0]));
      },
    );
    // If git exits before reading all its input, the write fails; the exit itself is reported above.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input);
  });
}

/** Runs `git <args>` and returns its stdout; a non-zero exit becomes a GitError with git's first error line. */
export async function git(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  const { code, stdout, stderr } = await runGit(cwd, args, input);
  if (code !== 0) throw gitFailure(stderr, args[0]);
  return stdout;
}

/**
 * Runs a query for which exit code 1 means "none" (`rev-parse --verify --quiet`, `symbolic-ref --quiet`,
 * `merge-base`): its first stdout line, or undefined. Any other failure is a GitError.
 */
export async function gitQuery(cwd: string, args: readonly string[]): Promise<string | undefined> {
  const { code, stdout, stderr } = await runGit(cwd, args);
  if (code === 1) return undefined;
  if (code !== 0) throw gitFailure(stderr, args[0]);
  return stdout.toString('utf8').split('\n', 1)[0];
}
