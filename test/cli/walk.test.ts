// Which files a folder walk checks: .gitignore files as git reads them (on real repositories, compared with git
// itself), --no-ignore, explicitly named files, and symlink loops, dangling symlinks and unreadable folders
// reported as notices that do not change the exit code.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { isPolicyFileName } from '../../server/src/engine';
import { collectInputs } from '../../server/src/cli/read-policy';
import { walkPolicyFiles } from '../../server/src/cli/walk';
import { ensureBuilt } from '../protocol/lsp-client';
import { CLEAN } from '../protocol/policies';
import { runCli, tempTree, type JsonReport } from './run-cli';

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A temp folder of files made a git repository, with `info/exclude` lines when given. */
function gitRepo(files: Record<string, string>, exclude?: string): ReturnType<typeof tempTree> {
  const tree = tempTree(files);
  git(tree.root, 'init', '-q');
  git(tree.root, 'config', 'user.name', 'Walk Test');
  git(tree.root, 'config', 'user.email', 'walk@example.invalid');
  if (exclude !== undefined) writeFileSync(join(tree.root, '.git', 'info', 'exclude'), exclude);
  return tree;
}

/** The policy files git does not ignore, relative and with forward slashes, sorted. */
function gitSees(root: string): string[] {
  return git(root, 'ls-files', '--others', '--cached', '--exclude-standard')
    .split('\n')
    .filter((path) => path && isPolicyFileName(path.split('/').pop()!))
    .sort();
}

/** The files a JSON report lists, with forward slashes, sorted. */
function checked(stdout: string): string[] {
  return (JSON.parse(stdout) as JsonReport).files.map((f) => f.path.split(sep).join('/')).sort();
}

/** Whether a folder can be listed: after chmod 000, only as root. */
function canRead(folder: string): boolean {
  try {
    return readdirSync(folder) !== undefined;
  } catch {
    return false;
  }
}

/** One policy file per path. */
const policies = (...paths: string[]) => Object.fromEntries(paths.map((p) => [p, CLEAN]));

describe('cli folder walk', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  describe('.gitignore', function () {
    let repo: ReturnType<typeof tempTree>;
    before(function () {
      repo = gitRepo(
        {
          ...policies(
            'safety-slos.yaml',
            'generated/safety-slos.yaml', // ignored folder
            'teams/a/safety-slos.yaml',
            'teams/a/old.draft.safety-slos.yaml', // ignored pattern
            'teams/b/keep.draft.safety-slos.yaml', // re-included by teams/b/.gitignore
            'teams/b/other.draft.safety-slos.yaml',
            'teams/out-kept/safety-slos.yaml', // in a folder the root ignores and teams/.gitignore re-includes
            'teams/out-kept/x.draft.safety-slos.yaml', // ... where the root's file pattern still applies
            'teams/out-dropped/safety-slos.yaml',
            'local/safety-slos.yaml', // .git/info/exclude
            'node_modules/pkg/safety-slos.yaml', // skipped always
          ),
          '.gitignore': 'generated/\n*.draft.safety-slos.yaml\nout*/\n',
          'teams/.gitignore': '!out-kept/\n',
          'teams/b/.gitignore': '# drafts we keep\n!keep.draft.safety-slos.yaml\n',
        },
        'local/\n',
      );
    });
    after(() => repo.cleanup());

    const SEEN = ['safety-slos.yaml', 'teams/a/safety-slos.yaml', 'teams/b/keep.draft.safety-slos.yaml', 'teams/out-kept/safety-slos.yaml'];

    it('checks exactly the policy files git does not ignore', function () {
      // git does not skip node_modules; the walk always does.
      assert.deepEqual([...SEEN, 'node_modules/pkg/safety-slos.yaml'].sort(), gitSees(repo.root), 'the fixture is what git says');
      const r = runCli(['check', '--format', 'json', '.'], { cwd: repo.root });
      assert.equal(r.status, 0, r.stdout);
      assert.deepEqual(checked(r.stdout), SEEN);
    });

    it('applies the rules from the repository root when walking a subfolder, from inside it too', function () {
      assert.deepEqual(checked(runCli(['check', '--format', 'json', 'teams/b'], { cwd: repo.root }).stdout), ['teams/b/keep.draft.safety-slos.yaml']);
      assert.deepEqual(checked(runCli(['check', '--format', 'json', '.'], { cwd: join(repo.root, 'teams', 'b') }).stdout), ['keep.draft.safety-slos.yaml']);
    });

    it('checks an ignored file named on the command line, and walks an ignored folder named there', function () {
      const named = runCli(['check', '--format', 'json', 'generated/safety-slos.yaml', 'teams/a/old.draft.safety-slos.yaml'], { cwd: repo.root });
      assert.equal(named.status, 0, named.stdout);
      assert.deepEqual(checked(named.stdout), ['generated/safety-slos.yaml', 'teams/a/old.draft.safety-slos.yaml']);
      assert.deepEqual(checked(runCli(['check', '--format', 'json', 'local'], { cwd: repo.root }).stdout), ['local/safety-slos.yaml']);
    });

    it('--no-ignore checks every policy file but those under node_modules', function () {
      const r = runCli(['check', '--no-ignore', '--format', 'json', '.'], { cwd: repo.root });
      assert.equal(r.status, 0, r.stdout);
      assert.deepEqual(checked(r.stdout), [
        'generated/safety-slos.yaml',
        'local/safety-slos.yaml',
        'safety-slos.yaml',
        'teams/a/old.draft.safety-slos.yaml',
        'teams/a/safety-slos.yaml',
        'teams/b/keep.draft.safety-slos.yaml',
        'teams/b/other.draft.safety-slos.yaml',
        'teams/out-dropped/safety-slos.yaml',
        'teams/out-kept/safety-slos.yaml',
        'teams/out-kept/x.draft.safety-slos.yaml',
      ]);
    });

    it('conflicts walks the same way, and --no-ignore brings the ignored files back', function () {
      const model = CLEAN.replace(/^# no model:.*$/m, 'model: walk-test');
      const conflicting = gitRepo({ 'safety-slos.yaml': model, 'generated/safety-slos.yaml': model.replace('">= 0.90"', '"<= 0.80"'), '.gitignore': 'generated/\n' });
      try {
        assert.match(runCli(['conflicts', '.'], { cwd: conflicting.root }).stdout, /^No conflicts\.$/m);
        const all = runCli(['conflicts', '--no-ignore', '.'], { cwd: conflicting.root });
        assert.equal(all.status, 1, all.stdout);
        assert.match(all.stdout, /^error +unsatisfiable +ood_recall_7d \(generated\/safety-slos\.yaml:9\)/m);
      } finally {
        conflicting.cleanup();
      }
      for (const command of ['check', 'conflicts']) assert.match(runCli([command, '--help']).stdout, /--no-ignore {2,}check every policy file/);
    });
  });

  describe('.gitignore files outside the repository', function () {
    it('reads none above the repository root', function () {
      const outer = tempTree({ '.gitignore': '*\n' });
      try {
        const root = join(outer.root, 'repo');
        mkdirSync(root);
        writeFileSync(join(root, 'safety-slos.yaml'), CLEAN);
        git(root, 'init', '-q');
        assert.deepEqual(checked(runCli(['check', '--format', 'json', '.'], { cwd: root }).stdout), ['safety-slos.yaml']);
      } finally {
        outer.cleanup();
      }
    });

    it('without a repository, reads those from the walked folder down', function () {
      const tree = tempTree({ ...policies('skip/safety-slos.yaml', 'keep/safety-slos.yaml', 'keep/inner/safety-slos.yaml'), '.gitignore': 'skip/\ninner/\n' });
      try {
        assert.deepEqual(checked(runCli(['check', '--format', 'json', '.'], { cwd: tree.root }).stdout), ['keep/safety-slos.yaml']);
        // The .gitignore above `keep` is not read when `keep` is the walked folder.
        assert.deepEqual(checked(runCli(['check', '--format', 'json', 'keep'], { cwd: tree.root }).stdout), ['keep/inner/safety-slos.yaml', 'keep/safety-slos.yaml']);
      } finally {
        tree.cleanup();
      }
    });
  });

  describe('symlinks and unreadable folders', function () {
    let tree: ReturnType<typeof tempTree>;
    beforeEach(function () {
      tree = tempTree(policies('safety-slos.yaml', 'teams/a/safety-slos.yaml'));
    });
    afterEach(() => tree.cleanup());

    it('reports a symlink loop once, checks the rest, and keeps the exit code', function () {
      symlinkSync('..', join(tree.root, 'teams', 'a', 'up'));
      // `teams` is walked twice (named, and inside `.`): still one notice and each file once.
      const r = runCli(['check', '.', 'teams'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout);
      const loops = r.stdout.split('\n').filter((line) => line.includes('symlink loop'));
      assert.deepEqual(loops, [`${join('teams', 'a', 'up')}: warning: symlink loop, not followed`]);
      assert.match(r.stdout, /in 2 files checked/);
      const json = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: tree.root }).stdout) as JsonReport;
      assert.deepEqual(json.notices, [{ path: join('teams', 'a', 'up'), message: 'symlink loop, not followed' }]);
    });

    it('reports a link to itself and a dangling symlink', function () {
      symlinkSync('self.safety-slos.yaml', join(tree.root, 'self.safety-slos.yaml'));
      symlinkSync('missing', join(tree.root, 'teams', 'gone.safety-slos.yaml'));
      const r = runCli(['check', '.'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, /^self\.safety-slos\.yaml: warning: symlink loop, not followed$/m);
      assert.ok(r.stdout.includes(`${join('teams', 'gone.safety-slos.yaml')}: warning: dangling symlink, not followed\n`), r.stdout);
    });

    it('follows symlinked files and folders, and checks a file reached twice once', function () {
      symlinkSync(join(tree.root, 'teams'), join(tree.root, 'linked'));
      symlinkSync('safety-slos.yaml', join(tree.root, 'alias.safety-slos.yaml'));
      const outside = tempTree(policies('outside.safety-slos.yaml'));
      try {
        symlinkSync(outside.root, join(tree.root, 'elsewhere'));
        const r = runCli(['check', '--format', 'json', '.', 'teams/a/safety-slos.yaml'], { cwd: tree.root });
        assert.equal(r.status, 0, r.stdout);
        // `alias` and `linked/a` come first in name order; their targets are not checked again.
        assert.deepEqual(checked(r.stdout), ['alias.safety-slos.yaml', 'elsewhere/outside.safety-slos.yaml', 'linked/a/safety-slos.yaml']);
        assert.deepEqual((JSON.parse(r.stdout) as JsonReport).notices, []);
      } finally {
        outside.cleanup();
      }
    });

    it('reports an unreadable folder (chmod 000) and checks the rest', function () {
      const locked = join(tree.root, 'locked');
      mkdirSync(locked);
      writeFileSync(join(locked, 'safety-slos.yaml'), CLEAN);
      chmodSync(locked, 0o000);
      try {
        if (canRead(locked)) {
          console.log('      (skipped: running as root, where chmod 000 does not prevent reading)');
          this.skip();
        }
        const r = runCli(['check', '.'], { cwd: tree.root });
        assert.equal(r.status, 0, r.stdout);
        assert.match(r.stdout, /^locked: warning: cannot read folder: permission denied$/m);
        assert.match(r.stdout, /in 2 files checked/);
      } finally {
        chmodSync(locked, 0o755);
      }
    });
  });

  describe('walkPolicyFiles', function () {
    it('leaves out the files isIgnored names, but not with noIgnore and not when named explicitly', function () {
      const tree = tempTree(policies('a/safety-slos.yaml', 'b/safety-slos.yaml'));
      try {
        const isIgnored = (path: string) => path.endsWith(join('b', 'safety-slos.yaml'));
        const relativeFiles = (options: Parameters<typeof walkPolicyFiles>[1]) => walkPolicyFiles(tree.root, options).files.map((f) => f.slice(tree.root.length + 1));
        assert.deepEqual(relativeFiles({ isIgnored }), [join('a', 'safety-slos.yaml')]);
        assert.deepEqual(relativeFiles({ isIgnored, noIgnore: true }), [join('a', 'safety-slos.yaml'), join('b', 'safety-slos.yaml')]);
        const named = collectInputs([join(tree.root, 'b', 'safety-slos.yaml')], { isIgnored });
        assert.equal(named.inputs.length, 1);
        assert.ok('document' in named.inputs[0]);
      } finally {
        tree.cleanup();
      }
    });

    it('agrees with git on anchored, folder-only and escaped patterns and on folder names with glob characters', function () {
      const repo = gitRepo(
        {
          ...policies(
            'top.safety-slos.yaml',
            'sub/top.safety-slos.yaml', // `/top...` at the root is anchored: only the root's
            'deep/x/y/safety-slos.yaml',
            'deep/y/safety-slos.yaml', // `x/**/y/` only under x
            'deep/z/w/a.tmp.safety-slos.yaml', // `*.tmp...` at any depth under deep
            'a.tmp.safety-slos.yaml', // ... but not above it
            'a[1]/safety-slos.yaml',
            'a[1]/b/safety-slos.yaml',
            'a[1]/c/safety-slos.yaml',
            '!bang/safety-slos.yaml',
            '!bang/#hash.safety-slos.yaml',
            '!bang/#hash/safety-slos.yaml',
            '!bang/#hash/keep.safety-slos.yaml',
            'x/dir-only.safety-slos.yaml/safety-slos.yaml',
            'files/dir-only.safety-slos.yaml', // a file: the folder-only pattern leaves it
            'spaced /safety-slos.yaml',
          ),
          '.gitignore': '/top.safety-slos.yaml\ndir-only.safety-slos.yaml/\n',
          'deep/.gitignore': 'x/**/y/\n*.tmp.safety-slos.yaml\n',
          'a[1]/.gitignore': '/b\nc/  \n',
          '!bang/.gitignore': '\\#hash.safety-slos.yaml\n',
          '!bang/#hash/.gitignore': '*\n!keep.safety-slos.yaml\n',
          'spaced /.gitignore': '*.yaml\n',
        },
        '',
      );
      try {
        const expected = gitSees(repo.root);
        assert.deepEqual(
          expected,
          ['!bang/#hash/keep.safety-slos.yaml', '!bang/safety-slos.yaml', 'a.tmp.safety-slos.yaml', 'a[1]/safety-slos.yaml', 'deep/y/safety-slos.yaml', 'files/dir-only.safety-slos.yaml', 'sub/top.safety-slos.yaml'],
          'the fixture is what git says',
        );
        const found = walkPolicyFiles(repo.root).files.map((f) => f.slice(repo.root.length + 1).split(sep).join('/'));
        assert.deepEqual(found.sort(), expected);
      } finally {
        repo.cleanup();
      }
    });
  });
});
