// Makes `promtool` (Prometheus's rule tester) available for the cross-check of exported rules
// (test/crosscheck/promtool.test.ts): `$PROMTOOL`, else `promtool` on the PATH, else the Debian package
// `prometheus` installed with apt-get (scripts/tools/apt.mjs). The package's daemon is neither started by the
// install nor left enabled at boot: only its promtool is wanted.
//
// Usage: `node scripts/tools/promtool.mjs` (run by `npm test` before mocha). Exit code 0 when promtool is ready,
// or when it cannot be installed here (one line says why; the cross-check then skips), unless E2E_REQUIRE=1 (CI):
// then a missing promtool is exit code 1.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptPackages, ToolError, tryAsRoot } from './apt.mjs';

/** The promtool to run, or undefined when there is none: `$PROMTOOL`, else the PATH's. */
export function findPromtool() {
  const candidate = process.env.PROMTOOL || 'promtool';
  const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? { path: candidate, version: `${r.stdout}${r.stderr}`.split('\n')[0].trim() } : undefined;
}

/** promtool, installed when missing. Throws ToolError when it cannot be. */
export function ensurePromtool({ log = (line) => console.log(line) } = {}) {
  const found = findPromtool();
  if (found) return found;
  if (process.env.PROMTOOL) throw new ToolError(`PROMTOOL=${process.env.PROMTOOL} does not run`);
  const installed = ensureAptPackages(['prometheus'], { log, prefix: 'promtool', noRecommends: true });
  if (installed.includes('prometheus')) {
    // Installed for its promtool: keep the Prometheus server from starting at the next boot too.
    tryAsRoot('deb-systemd-helper', ['disable', 'prometheus.service']);
    tryAsRoot('update-rc.d', ['prometheus', 'disable']);
  }
  const after = findPromtool();
  if (!after) throw new ToolError('the Debian package prometheus is installed, but promtool is not on the PATH');
  return after;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const tool = ensurePromtool();
    console.log(`promtool: ready: ${tool.version}`);
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    if (process.env.E2E_REQUIRE === '1') {
      console.error(`promtool: cannot install promtool, and E2E_REQUIRE=1 requires it: ${error.message}`);
      process.exit(1);
    }
    console.log(`promtool: not available, the promtool cross-check will be skipped: ${error.message.split('\n')[0]}`);
  }
}
