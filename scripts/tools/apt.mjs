// Installs Debian packages the test suites need (chromium for the end-to-end suite, prometheus for promtool), the
// same way for each: only what is missing, as root or through passwordless sudo, never interactively, and without
// starting any service a package ships (we want its programs, not a daemon).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Why a tool cannot be installed on this machine: a one-line-ish reason the callers print. */
export class ToolError extends Error {}

/** Runs a program (no shell); a failure throws ToolError with the last lines of its output. */
export function run(cmd, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...options });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new ToolError(`\`${cmd} ${args.join(' ')}\` failed (${result.error?.message ?? `exit ${result.status}`}, ${seconds} s):\n${output}`);
  }
  return result;
}

/** The packages of `packages` that dpkg does not have installed. */
export function aptMissing(packages) {
  return packages.filter((name) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

// invoke-rc.d and deb-systemd-invoke ask this script before starting a service; exit 101 means "not now". Without
// it, a package's postinst starts its daemon (or fails the install in a container without an init system).
const POLICY_RC_D = '/usr/sbin/policy-rc.d';

/**
 * Installs whichever of `packages` are missing (`noRecommends`: without their recommended packages). Throws
 * ToolError when it cannot: no apt-get, or neither root nor passwordless sudo. Logs with `prefix`.
 */
export function ensureAptPackages(packages, { log = (line) => console.log(line), prefix = 'setup', noRecommends = false } = {}) {
  const missing = aptMissing(packages);
  if (missing.length === 0) return [];
  if (spawnSync('apt-get', ['--version']).status !== 0) {
    throw new ToolError(`Debian packages ${missing.join(', ')} are missing and apt-get is not available`);
  }
  const asRoot = process.getuid?.() === 0;
  if (!asRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new ToolError(`Debian packages ${missing.join(', ')} are missing and installing them needs root (run: sudo apt-get install -y ${missing.join(' ')})`);
  }
  const root = (cmd, args) => (asRoot ? run(cmd, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : run('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', cmd, ...args]));
  log(`${prefix}: apt-get update && apt-get install ${missing.join(' ')} ...`);
  const started = Date.now();
  // A machine that already has a policy (Docker images do) keeps it; otherwise ours holds for this install only.
  const ownPolicy = !existsSync(POLICY_RC_D);
  if (ownPolicy) root('sh', ['-c', `printf '#!/bin/sh\\nexit 101\\n' > ${POLICY_RC_D} && chmod 755 ${POLICY_RC_D}`]);
  try {
    root('apt-get', ['update', '-q']);
    root('apt-get', ['install', '-y', '-q', ...(noRecommends ? ['--no-install-recommends'] : []), ...missing]);
  } finally {
    if (ownPolicy) root('rm', ['-f', POLICY_RC_D]);
  }
  log(`${prefix}: Debian packages installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return missing;
}

/** Runs `cmd args` as root (directly or through passwordless sudo), ignoring failures: for best-effort tidying. */
export function tryAsRoot(cmd, args) {
  const asRoot = process.getuid?.() === 0;
  return spawnSync(asRoot ? cmd : 'sudo', asRoot ? args : ['-n', cmd, ...args], { stdio: 'ignore' }).status === 0;
}
