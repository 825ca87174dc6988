// Builds a deliberately broken .vsix in a temp folder, to check that the e2e suite catches it and
// leaves artifacts that show why. The repository is never modified.
//   node scripts/e2e/broken-vsix.mjs activation   # activationEvents that never fire
//   node scripts/e2e/broken-vsix.mjs server       # a language server that crashes on start
// Prints the .vsix path; then: node scripts/e2e/run.mjs --vsix <path>
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './setup.mjs';

const mode = process.argv[2];
if (mode !== 'activation' && mode !== 'server') {
  console.error('usage: node scripts/e2e/broken-vsix.mjs activation|server');
  process.exit(2);
}
if (!existsSync(path.join(ROOT, 'dist', 'server.js'))) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });

const dir = mkdtempSync(path.join(os.tmpdir(), `safety-specs-broken-${mode}-`));
for (const entry of ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'schemas', 'syntaxes', 'snippets', 'docs/images']) {
  if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
}
const manifestPath = path.join(dir, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
if (mode === 'activation') {
  manifest.activationEvents = ['workspaceContains:**/no-such-file.safety-slos.yml'];
} else {
  writeFileSync(path.join(dir, 'dist', 'server.js'), "#!/usr/bin/env node\nthrow new Error('deliberately broken language server (scripts/e2e/broken-vsix.mjs)');\n");
}
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
const out = path.join(dir, `safety-specs-broken-${mode}.vsix`);
const vsce = path.join(ROOT, 'node_modules', '.bin', 'vsce');
const result = spawnSync(vsce, ['package', '--no-dependencies', '--out', out], { cwd: dir, encoding: 'utf8' });
if (result.status !== 0) {
  console.error(result.stdout, result.stderr);
  process.exit(1);
}
console.log(out);
