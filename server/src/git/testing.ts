// Real git repositories in temp folders, for the tests of this module.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Temp folders made by one test file; `removeAll` (in `after`) deletes them. */
export class TempFolders {
  private readonly made: string[] = [];

  /** A new empty folder, by its real path (as `git rev-parse --show-toplevel` prints it). */
  make(): string {
    const folder = realpathSync(mkdtempSync(join(tmpdir(), 'safety-specs-git-')));
    this.made.push(folder);
    return folder;
  }

  removeAll(): void {
    for (const folder of this.made.splice(0)) rmSync(folder, { recursive: true, force: true });
  }
}

/** Runs git for test setup, without the user's or the system's config and with a fixed identity. */
export function gitSync(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  const identity = ['-c', 'user.name=Git Test', '-c', 'user.email=git-test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false'];
  const result = spawnSync('git', [...identity, ...args], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} in ${cwd}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A new repository in `folder` whose first branch is `branch`. */
export function initRepo(folder: string, branch = 'main'): string {
  gitSync(folder, 'init', '-q', '-b', branch);
  return folder;
}

/** Writes `files` (null deletes one), commits everything and returns the new commit. */
export function commitFiles(root: string, files: Record<string, string | Buffer | null>, message = 'change'): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, ...path.split('/'));
    if (content === null) {
      unlinkSync(full);
      continue;
    }
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  gitSync(root, 'add', '-A');
  gitSync(root, 'commit', '-q', '--allow-empty', '-m', message);
  return gitSync(root, 'rev-parse', 'HEAD');
}

/**
 * Runs `action` with no git on PATH, so a test can tell that nothing was spawned: had git been needed,
 * the result would be "git was not found".
 */
export async function withoutGit<T>(folders: TempFolders, action: () => Promise<T>): Promise<T> {
  const path = process.env.PATH;
  process.env.PATH = folders.make();
  try {
    return await action();
  } finally {
    process.env.PATH = path;
  }
}
