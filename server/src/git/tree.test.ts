import { strict as assert } from 'node:assert';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { GitError, listFilesAt, readFilesAt } from '.';
import { commitFiles, gitSync, initRepo, TempFolders, withoutGit } from './testing';

const POLICY = 'models/a/safety-slos.yaml';
const NON_ASCII = 'docs/Entscheidung é.md';
const NON_ASCII_TEXT = '# Zielwert ≥ 99,9 % für naïve Nutzer 🚀\n';
const SPACED = 'with space/my policy.yaml';
const GONE = 'gone/safety-slos.yaml';
const BINARY = 'data/blob.bin';
/** Every byte value, NUL and LF included: its length in bytes differs from its length decoded. */
const BINARY_BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
/** Text that reads like a batch header, to show contents are cut by size and not by lines. */
const HEADER_LIKE = `${'0'.repeat(40)} blob 3\nabc\nx missing\n`;

describe('git listFilesAt and readFilesAt', function () {
  const folders = new TempFolders();
  after(() => folders.removeAll());

  let root: string;
  let first: string;
  let second: string;
  before(function () {
    root = initRepo(folders.make());
    first = commitFiles(root, {
      [POLICY]: 'slos: []\n',
      [NON_ASCII]: NON_ASCII_TEXT,
      [SPACED]: 'spaced: true\n',
      [GONE]: 'removed: later\n',
      [BINARY]: BINARY_BYTES,
      'header-like.txt': HEADER_LIKE,
    });
    second = commitFiles(root, { [POLICY]: 'slos: [changed]\n', [GONE]: null });
  });

  it('lists every file at a commit, repo-relative with /', async function () {
    const all = [BINARY, NON_ASCII, GONE, 'header-like.txt', POLICY, SPACED].sort();
    assert.deepEqual((await listFilesAt(root, first)).sort(), all);
    assert.deepEqual((await listFilesAt(root, second)).sort(), all.filter((path) => path !== GONE));
  });

  it('reads files as they were at each commit, a deleted one included', async function () {
    assert.deepEqual(await readFilesAt(root, first, [POLICY, GONE]), new Map([[POLICY, 'slos: []\n'], [GONE, 'removed: later\n']]));
    assert.deepEqual(await readFilesAt(root, second, [POLICY, GONE]), new Map([[POLICY, 'slos: [changed]\n']]));
  });

  it('cuts contents by byte length: non-ASCII, binary and header-like files, then the files after them', async function () {
    const files = await readFilesAt(root, first, [NON_ASCII, BINARY, 'header-like.txt', SPACED, POLICY]);
    assert.equal(files.get(NON_ASCII), NON_ASCII_TEXT);
    assert.notEqual(Buffer.byteLength(NON_ASCII_TEXT), NON_ASCII_TEXT.length);
    assert.equal(files.get(BINARY), BINARY_BYTES.toString('utf8'));
    assert.equal(files.get('header-like.txt'), HEADER_LIKE);
    assert.equal(files.get(SPACED), 'spaced: true\n');
    assert.equal(files.get(POLICY), 'slos: []\n');
  });

  it('reads a large file and many files in one call', async function () {
    const big = `${'x: "ü"\n'.repeat(200_000)}`;
    const many = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`many/file ${i}.yaml`, `n: ${i}\n`]));
    const commit = commitFiles(root, { 'big.yaml': big, ...many });
    const files = await readFilesAt(root, commit, ['big.yaml', ...Object.keys(many)]);
    assert.equal(files.get('big.yaml'), big);
    for (const [path, text] of Object.entries(many)) assert.equal(files.get(path), text);
  });

  it('leaves out what is not a file there, without failing', async function () {
    const asked = ['no/such.yaml', 'models', 'models/a', POLICY, `${POLICY}/below`, '../outside', './models/a/safety-slos.yaml', 'models//a/safety-slos.yaml', '/models', 'a\nb', ''];
    assert.deepEqual([...(await readFilesAt(root, first, asked)).keys()], [POLICY]);
    assert.deepEqual(await readFilesAt(root, first, []), new Map());
  });

  it('does not read a file under a name git would strip a trailing CR from', async function () {
    const commit = commitFiles(root, { 'cr.yaml': 'plain\n' });
    assert.deepEqual(await readFilesAt(root, commit, ['cr.yaml\r']), new Map());
  });

  it('follows symlinks within the tree, not out of it; lists links but not submodules', async function () {
    const repo = initRepo(folders.make());
    commitFiles(repo, { 'real/safety-slos.yaml': 'real: true\n' });
    symlinkSync('real/safety-slos.yaml', join(repo, 'link.yaml'));
    symlinkSync('../../../etc/passwd', join(repo, 'outside.yaml'));
    symlinkSync('nowhere.yaml', join(repo, 'dangling.yaml'));
    const withLinks = commitFiles(repo, {});
    gitSync(repo, 'update-index', '--add', '--cacheinfo', `160000,${withLinks},vendor/sub`);
    const commit = commitFiles(repo, {});
    assert.deepEqual((await listFilesAt(repo, commit)).sort(), ['dangling.yaml', 'link.yaml', 'outside.yaml', 'real/safety-slos.yaml']);
    const files = await readFilesAt(repo, commit, ['link.yaml', 'outside.yaml', 'dangling.yaml', 'vendor/sub', 'real/safety-slos.yaml']);
    assert.deepEqual(files, new Map([['link.yaml', 'real: true\n'], ['real/safety-slos.yaml', 'real: true\n']]));
  });

  it('fails on a commit that does not exist', async function () {
    const missing = 'f'.repeat(40);
    await assert.rejects(readFilesAt(root, missing, [POLICY]), (e: unknown) => e instanceof GitError && e.message === `unknown revision '${missing}'`);
    await assert.rejects(listFilesAt(root, missing), (e: unknown) => e instanceof GitError && !e.message.includes('\n'));
  });

  it('refuses a commit that looks like an option without running git', async function () {
    for (const commit of ['-h', '--output=x']) {
      await assert.rejects(withoutGit(folders, () => listFilesAt(root, commit)), (e: unknown) => e instanceof GitError && /looks like an option/.test(e.message));
      await assert.rejects(withoutGit(folders, () => readFilesAt(root, commit, [POLICY])), (e: unknown) => e instanceof GitError && /looks like an option/.test(e.message));
    }
  });
});
