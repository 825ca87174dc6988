import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkRevision, GitError, resolveBase } from '.';
import { commitFiles, gitSync, initRepo, TempFolders, withoutGit } from './testing';

/** Rejects with a GitError whose message matches `pattern`. */
async function rejectsWith(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof GitError, `not a GitError: ${String(error)}`);
    assert.match(error.message, pattern);
    return true;
  });
}

describe('git checkRevision', function () {
  it('accepts branch, remote, tag, ancestry, reflog and hexadecimal names', function () {
    for (const rev of ['main', 'origin/main', 'release-1.2', 'v1.0^{commit}', 'HEAD~2', 'main^2', 'HEAD@{1}', '@{upstream}', 'a'.repeat(40)]) {
      assert.equal(checkRevision(rev), undefined, rev);
    }
  });

  it('refuses names git would read as options', function () {
    for (const rev of ['-h', '--output=/tmp/x', '--all', '-']) assert.match(checkRevision(rev)!, /looks like an option/, rev);
  });

  it('refuses empty names, whitespace and control characters, keeping the message on one line', function () {
    assert.match(checkRevision('')!, /empty/);
    for (const rev of ['main branch', 'main\n--output=x', 'main\0', 'main\t', 'main\x7f']) {
      const problem = checkRevision(rev)!;
      assert.match(problem, /whitespace or control characters/, JSON.stringify(rev));
      assert.doesNotMatch(problem, /[\n\0]/);
    }
  });

  it('refuses ranges and paths', function () {
    assert.match(checkRevision('main..feature')!, /range/);
    assert.match(checkRevision('main...feature')!, /range/);
    assert.match(checkRevision('HEAD:safety-slos.yaml')!, /path/);
    assert.match(checkRevision(':/fix')!, /path/);
  });
});

describe('git resolveBase', function () {
  const folders = new TempFolders();
  after(() => folders.removeAll());

  /** main: m1 - m2 (tip); feature forks at m1 and adds f1. HEAD is on feature. */
  function forkedRepo() {
    const root = initRepo(folders.make());
    const m1 = commitFiles(root, { 'safety-slos.yaml': 'v1\n' }, 'm1');
    gitSync(root, 'checkout', '-q', '-b', 'feature');
    const f1 = commitFiles(root, { 'safety-slos.yaml': 'feature\n' }, 'f1');
    gitSync(root, 'checkout', '-q', 'main');
    const m2 = commitFiles(root, { 'other.yaml': 'v2\n' }, 'm2');
    gitSync(root, 'checkout', '-q', 'feature');
    return { root, m1, m2, f1 };
  }

  it('defaults to the merge base with main, not main\'s tip', async function () {
    const { root, m1, m2 } = forkedRepo();
    assert.notEqual(m1, m2);
    assert.deepEqual(await resolveBase(root), { label: 'main', commit: m1 });
  });

  it('takes an explicit revision as given, without a merge base', async function () {
    const { root, m1, m2, f1 } = forkedRepo();
    assert.deepEqual(await resolveBase(root, 'main'), { label: 'main', commit: m2 });
    assert.deepEqual(await resolveBase(root, 'HEAD'), { label: 'HEAD', commit: f1 });
    assert.deepEqual(await resolveBase(root, 'HEAD~1'), { label: 'HEAD~1', commit: m1 });
    assert.deepEqual(await resolveBase(root, m2.slice(0, 12)), { label: m2.slice(0, 12), commit: m2 });
  });

  it('peels an annotated tag to its commit', async function () {
    const { root, m1 } = forkedRepo();
    gitSync(root, 'tag', '-a', '-m', 'release', 'v1', m1);
    assert.notEqual(gitSync(root, 'rev-parse', 'v1'), m1, 'the tag is an object of its own');
    assert.deepEqual(await resolveBase(root, 'v1'), { label: 'v1', commit: m1 });
  });

  it('fails on a revision that does not exist, or that is not a commit', async function () {
    const { root } = forkedRepo();
    await rejectsWith(resolveBase(root, 'no-such-branch'), /^unknown revision 'no-such-branch'$/);
    await rejectsWith(resolveBase(root, 'HEAD~5'), /^unknown revision 'HEAD~5'$/);
    await rejectsWith(resolveBase(root, 'HEAD^{tree}'), /^unknown revision/);
  });

  it('refuses a revision that looks like an option without running git', async function () {
    const { root } = forkedRepo();
    const output = join(folders.make(), 'x');
    for (const rev of [`--output=${output}`, '-h']) {
      await rejectsWith(withoutGit(folders, () => resolveBase(root, rev)), /looks like an option/);
    }
    await rejectsWith(withoutGit(folders, () => resolveBase(root, 'main..feature')), /range/);
    assert.equal(existsSync(output), false);
  });

  it('prefers the branch origin/HEAD names, then main, then origin/main', async function () {
    const upstream = initRepo(folders.make(), 'trunk');
    const t1 = commitFiles(upstream, { 'safety-slos.yaml': 'v1\n' }, 't1');
    const origin = join(folders.make(), 'origin.git');
    gitSync(upstream, 'clone', '-q', '--bare', upstream, origin);
    const work = join(folders.make(), 'work');
    gitSync(origin, 'clone', '-q', origin, work);
    assert.equal(gitSync(work, 'symbolic-ref', 'refs/remotes/origin/HEAD'), 'refs/remotes/origin/trunk');
    gitSync(work, 'checkout', '-q', '-b', 'feature');
    const f1 = commitFiles(work, { 'safety-slos.yaml': 'v2\n' }, 'f1');
    // A local main elsewhere loses to origin/HEAD.
    gitSync(work, 'branch', 'main', f1);
    assert.deepEqual(await resolveBase(work), { label: 'origin/trunk', commit: t1 });

    gitSync(work, 'remote', 'set-head', 'origin', '-d');
    assert.deepEqual(await resolveBase(work), { label: 'main', commit: f1 });

    gitSync(work, 'branch', '-D', 'main');
    gitSync(work, 'update-ref', 'refs/remotes/origin/main', t1);
    assert.deepEqual(await resolveBase(work), { label: 'origin/main', commit: t1 });
  });

  it('falls back to master when there is no main', async function () {
    const root = initRepo(folders.make(), 'master');
    const m1 = commitFiles(root, { 'safety-slos.yaml': 'v1\n' });
    gitSync(root, 'checkout', '-q', '-b', 'feature');
    commitFiles(root, { 'safety-slos.yaml': 'v2\n' });
    assert.deepEqual(await resolveBase(root), { label: 'master', commit: m1 });
  });

  it('falls back to HEAD without a default branch, or without history shared with it', async function () {
    const root = initRepo(folders.make(), 'trunk');
    commitFiles(root, { 'safety-slos.yaml': 'v1\n' });
    const t2 = commitFiles(root, { 'safety-slos.yaml': 'v2\n' });
    assert.deepEqual(await resolveBase(root), { label: 'HEAD', commit: t2 });

    gitSync(root, 'branch', 'main');
    gitSync(root, 'checkout', '-q', '--orphan', 'unrelated');
    const u1 = commitFiles(root, { 'safety-slos.yaml': 'other\n' });
    assert.deepEqual(await resolveBase(root), { label: 'HEAD', commit: u1 });
  });

  it('fails on a repository with no commits', async function () {
    const root = initRepo(folders.make());
    await rejectsWith(resolveBase(root), /^the repository has no commits yet$/);
    await rejectsWith(resolveBase(root, 'main'), /^the repository has no commits yet$/);
  });

  it('fails outside a repository with git\'s own message', async function () {
    await rejectsWith(resolveBase(folders.make()), /^not a git repository/);
  });
});
