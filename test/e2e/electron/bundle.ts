// Bundles the extension-host suite (suite/index.ts) for VS Code's `--extensionTestsPath`.
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../scenarios';

export const SUITE_BUNDLE = path.join(ROOT, '.e2e', 'electron', 'suite.js');

export async function bundleExtensionHostSuite(): Promise<string> {
  await build({
    entryPoints: [path.join(__dirname, 'suite', 'index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // mocha resolves from the repository's node_modules (the bundle lives under the repository).
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_BUNDLE;
}
