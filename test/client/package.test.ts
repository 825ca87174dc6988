// Packages the extension with vsce and checks what ends up in the .vsix.
// Expects `npm run build` to have run (the `test` script does that first).
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { readZip, type ZipEntry } from './zip';

const root = resolve(__dirname, '..', '..');

interface Manifest {
  main?: string;
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited' } };
  contributes?: Record<string, unknown> & {
    commands?: { command: string; title?: string; category?: string }[];
    menus?: Record<string, { command: string; when?: string }[]>;
    grammars?: { path: string }[];
    snippets?: { language?: string; path: string }[];
    jsonValidation?: { url: string }[];
  };
}

/** Files that vsce renames when it puts them into the package. */
const RENAMED: Record<string, string> = {
  'extension/readme.md': 'README.md',
  'extension/changelog.md': 'CHANGELOG.md',
  'extension/license.txt': 'LICENSE',
};

/** What may be in the package under `extension/` (see .vscodeignore). */
const ALLOWED_FILES = ['package.json', 'readme.md', 'changelog.md', 'license.txt'];
const ALLOWED_DIRS = ['dist/', 'schemas/', 'syntaxes/', 'snippets/', 'docs/images/'];

function inExtension(repoPath: string): string {
  return 'extension/' + repoPath.replace(/^\.\//, '');
}

describe('packaged extension (.vsix)', function () {
  let tmp: string;
  let entries: Map<string, ZipEntry>;
  let names: string[];
  let manifest: Manifest;

  before(async function () {
    this.timeout(180_000);
    for (const built of ['dist/client.js', 'dist/server.js']) {
      assert.ok(existsSync(join(root, built)), `${built} is missing: run \`npm run build\` before this test`);
    }
    tmp = mkdtempSync(join(tmpdir(), 'safety-specs-vsix-'));
    const vsix = join(tmp, 'safety-specs.vsix');
    const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    await promisify(execFile)(process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    entries = readZip(readFileSync(vsix));
    names = [...entries.keys()];
    manifest = JSON.parse(entries.get('extension/package.json')!.read().toString('utf8')) as Manifest;
  });

  after(function () {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('contains the bundled client and server', function () {
    assert.ok(names.includes('extension/dist/client.js'));
    assert.ok(names.includes('extension/dist/server.js'));
    assert.equal(manifest.main, './dist/client.js');
  });

  it('contains the policy schema', function () {
    if (!existsSync(join(root, 'schemas', 'safety-slos.schema.json'))) this.skip();
    assert.ok(names.includes('extension/schemas/safety-slos.schema.json'));
  });

  it('contains every file the manifest contributes (grammars, snippets, JSON schemas)', function () {
    const contributes = manifest.contributes ?? {};
    const paths = [
      ...(contributes.grammars ?? []).map((g) => g.path),
      ...(contributes.snippets ?? []).map((s) => s.path),
      ...(contributes.jsonValidation ?? []).map((j) => j.url).filter((url) => url.startsWith('./')),
    ];
    assert.ok(paths.length >= 2, 'expected at least the injection grammar and the snippets to be contributed');
    const missing = paths.map(inExtension).filter((p) => !names.includes(p));
    assert.deepEqual(missing, [], 'contributed files missing from the package');
  });

  it('contains the README, CHANGELOG and LICENSE', function () {
    const lower = names.map((n) => n.toLowerCase());
    for (const [packaged, source] of Object.entries(RENAMED)) {
      assert.ok(lower.includes(packaged), `${source} is missing from the package`);
    }
  });

  it('contains nothing but the runtime files', function () {
    const extensionFiles = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    const unexpected = extensionFiles.filter(
      (f) => !ALLOWED_FILES.includes(f.toLowerCase()) && !ALLOWED_DIRS.some((dir) => f.startsWith(dir)),
    );
    assert.deepEqual(unexpected, []);
    for (const f of extensionFiles) {
      assert.doesNotMatch(f, /(^|\/)(node_modules|src|test|bench|examples)\//, f);
      assert.doesNotMatch(f, /\.(ts|map|vsix)$/, f);
    }
    // Only the root-level archive metadata lives outside extension/.
    assert.deepEqual(names.filter((n) => !n.startsWith('extension/')).sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  });

  it('activates only for workspaces with policy files (never on every YAML file)', function () {
    const events = manifest.activationEvents ?? [];
    assert.ok(events.includes('workspaceContains:**/safety-slos.{yaml,yml}'));
    assert.ok(events.includes('workspaceContains:**/*.safety-slos.yaml'));
    assert.ok(!events.includes('onLanguage:yaml'));
    assert.ok(!events.includes('*') && !events.includes('onStartupFinished'));
  });

  it('contributes the server commands', function () {
    const commands = (manifest.contributes?.commands ?? []).map((c) => c.command);
    assert.ok(commands.includes('safetySpecs.restartServer'));
    assert.ok(commands.includes('safetySpecs.showOutput'));
  });

  it('contributes "New Model Card" and "New Deliberation Note" in the Safety Specs category', function () {
    const commands = manifest.contributes?.commands ?? [];
    for (const [command, title] of [['safetySpecs.newModelCard', 'New Model Card'], ['safetySpecs.newDeliberationNote', 'New Deliberation Note']]) {
      assert.deepEqual(commands.find((c) => c.command === command), { command, title, category: 'Safety Specs' });
    }
  });

  it('offers the new-file commands in the explorer on main policy files only', function () {
    const entries = manifest.contributes?.menus?.['explorer/context'] ?? [];
    assert.deepEqual(entries.map((e) => e.command).sort(), ['safetySpecs.newDeliberationNote', 'safetySpecs.newModelCard']);
    const contributed = (manifest.contributes?.commands ?? []).map((c) => c.command);
    for (const { command, when } of entries) {
      assert.ok(contributed.includes(command), `${command} is not a contributed command`);
      const regex = /^resourceFilename =~ \/(.+)\/$/.exec(when ?? '');
      assert.ok(regex, `${command}: "when" tests the file name (${when})`);
      const isShownOn = (name: string) => new RegExp(regex[1]!).test(name);
      assert.ok(isShownOn('safety-slos.yaml') && isShownOn('safety-slos.yml'), when);
      for (const name of ['acme.safety-slos.yaml', 'safety-slos.yaml.bak', 'README.md', 'src']) assert.ok(!isShownOn(name), `${command} is shown on ${name}`);
    }
  });

  it('contributes the Markdown snippets for Markdown and the policy snippets for YAML', function () {
    const snippets = (manifest.contributes?.snippets ?? []).map((s) => [s.language, s.path]);
    assert.deepEqual(snippets, [['yaml', './snippets/safety-slos.code-snippets'], ['markdown', './snippets/markdown.json']]);
  });

  it('does not register the schema with the YAML extension (no duplicate problems)', function () {
    assert.equal(manifest.contributes?.yamlValidation, undefined);
  });

  it('declares limited support for untrusted workspaces', function () {
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
  });
});
