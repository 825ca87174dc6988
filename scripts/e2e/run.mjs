// `npm run test:e2e`: the end-to-end suites.
//   1. installs (once, cached in .e2e/tools) what they need: scripts/e2e/setup.mjs;
//   2. builds and packages the extension: `npm run package` → dist/safety-specs.vsix;
//   3. runs test/e2e/code-server.e2e.ts with mocha: the .vsix in a private code-server, driven in headless Chromium;
//   4. runs the @vscode/test-electron suite where a desktop VS Code is available (VSCODE_EXECUTABLE), or says it skipped.
//
// Options: --update-screenshots  write the README screenshots to docs/images/ (`npm run screenshots`)
//          --vsix FILE           test this .vsix instead of packaging one (e.g. a deliberately broken build)
// Environment: E2E_REQUIRE=1 turns "cannot install the tools" into a failure instead of a skip.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureTools, ROOT, SetupError } from './setup.mjs';

const started = Date.now();
const args = process.argv.slice(2);
const updateScreenshots = args.includes('--update-screenshots');
const vsixArg = args.includes('--vsix') ? path.resolve(args[args.indexOf('--vsix') + 1] ?? '') : undefined;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let tools;
try {
  const t0 = Date.now();
  tools = ensureTools({ log: (line) => console.log(line) });
  console.log(`e2e: tools ${tools.cached ? 'cached' : `installed in ${seconds(Date.now() - t0)}`} (code-server, Node 24, Chromium)`);
} catch (error) {
  if (!(error instanceof SetupError)) throw error;
  const required = process.env.E2E_REQUIRE === '1';
  console.log(`e2e: skipped: cannot install the end-to-end tools on this machine: ${error.message.split('\n')[0]}${required ? '' : ' (details: node scripts/e2e/setup.mjs)'}`);
  if (required) {
    console.log(error.message.split('\n').slice(1).join('\n'));
    console.log('e2e: E2E_REQUIRE=1, so this is a failure');
  }
  process.exit(required ? 1 : 0);
}

let vsix = vsixArg;
if (!vsix) {
  const t0 = Date.now();
  const pack = spawnSync('npm', ['run', 'package', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (pack.status !== 0) {
    console.log(pack.stdout, pack.stderr);
    console.log('e2e: `npm run package` failed');
    process.exit(1);
  }
  vsix = path.join(ROOT, 'dist', 'safety-specs.vsix');
  console.log(`e2e: packaged ${path.relative(ROOT, vsix)} in ${seconds(Date.now() - t0)}`);
} else {
  // The CLI's expectations still come from this checkout's dist/cli.js.
  if (!existsSync(path.join(ROOT, 'dist', 'cli.js'))) spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  console.log(`e2e: testing ${vsix}`);
}
if (!existsSync(vsix)) {
  console.log(`e2e: no .vsix at ${vsix}`);
  process.exit(1);
}

rmSync(path.join(ROOT, '.e2e', 'artifacts'), { recursive: true, force: true });
const env = {
  ...process.env,
  E2E_NODE24: tools.node24,
  E2E_CODE_SERVER: tools.codeServerEntry,
  E2E_CHROMIUM: tools.chromium,
  E2E_VSIX: vsix,
  ...(updateScreenshots ? { E2E_SCREENSHOTS_DIR: path.join(ROOT, 'docs', 'images') } : {}),
};
const mocha = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
const t0 = Date.now();
const suite = spawnSync(
  process.execPath,
  [mocha, '--no-config', '--require', 'tsx/cjs', '--timeout', '120000', '--reporter', 'spec', 'test/e2e/code-server.e2e.ts'],
  { cwd: ROOT, env, stdio: 'inherit' },
);
console.log(`e2e: code-server suite ${suite.status === 0 ? 'passed' : 'FAILED'} in ${seconds(Date.now() - t0)}`);
if (suite.status === 0 && updateScreenshots) console.log('e2e: screenshots written to docs/images/ (hover.png, quick-fix.png)');

// The same scenarios in a desktop VS Code's extension host, where one is available.
const electron = spawnSync(process.execPath, ['--require', 'tsx/cjs', 'test/e2e/electron/run.ts'], { cwd: ROOT, env, stdio: 'inherit' });

console.log(`e2e: wall time ${seconds(Date.now() - started)}`);
process.exit(suite.status === 0 && electron.status === 0 ? 0 : 1);
