import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepo, GitError } from '.';
import { commitFiles, initRepo, TempFolders, withoutGit } from './testing';

describe('git findRepo', function () {
  const folders = new TempFolders();
  after(() => folders.removeAll());

  it('finds the worktree root from the root, a sub-folder, a file and a file not yet written', async function () {
    const root = initRepo(folders.make());
    commitFiles(root, { 'models/a/safety-slos.yaml': 'slos: []\n' });
    assert.equal(await findRepo(root), root);
    assert.equal(await findRepo(join(root, 'models', 'a')), root);
    assert.equal(await findRepo(join(root, 'models', 'a', 'safety-slos.yaml')), root);
    assert.equal(await findRepo(join(root, 'models', 'a', 'new.yaml')), root);
  });

  it('finds a repository without commits', async function () {
    const root = initRepo(folders.make());
    assert.equal(await findRepo(root), root);
  });

  it('returns undefined outside any worktree: a plain folder, a missing path, inside .git', async function () {
    const plain = folders.make();
    writeFileSync(join(plain, 'safety-slos.yaml'), 'slos: []\n');
    assert.equal(await findRepo(plain), undefined);
    assert.equal(await findRepo(join(plain, 'safety-slos.yaml')), undefined);
    assert.equal(await findRepo(join(plain, 'no', 'such', 'file.yaml')), undefined);
    const root = initRepo(folders.make());
    assert.equal(await findRepo(join(root, '.git')), undefined);
  });

  it('ignores GIT_DIR and GIT_WORK_TREE inherited from a git hook', async function () {
    const root = initRepo(folders.make());
    const other = initRepo(folders.make());
    mkdirSync(join(root, 'sub'));
    process.env.GIT_DIR = join(other, '.git');
    process.env.GIT_WORK_TREE = other;
    try {
      assert.equal(await findRepo(join(root, 'sub')), root);
    } finally {
      delete process.env.GIT_DIR;
      delete process.env.GIT_WORK_TREE;
    }
  });

  it('fails with a one-line GitError when git is not installed', async function () {
    const root = initRepo(folders.make());
    await assert.rejects(
      withoutGit(folders, () => findRepo(root)),
      (error: unknown) => error instanceof GitError && /^git was not found/.test(error.message) && !error.message.includes('\n'),
    );
  });

  it('keeps only the first line of a message', function () {
    assert.equal(new GitError('unknown revision\nsecond line').message, 'unknown revision');
  });
});
