// Runs the extension-host scenarios (suite/) in a desktop VS Code with @vscode/test-electron.
//   VSCODE_EXECUTABLE=/path/to/code        use that VS Code (nothing is downloaded);
//   VSCODE_EXECUTABLE=download              the usual @vscode/test-electron download (stable), cached in .e2e/vscode-test;
//   unset                                   print one line saying the suite was skipped, and exit 0.
// Called by scripts/e2e/run.mjs (`npm run test:e2e`); also runnable alone: `node --require tsx/cjs test/e2e/electron/run.ts`.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, copyExamples, makeUnrelatedWorkspace } from '../scenarios';
import { bundleExtensionHostSuite } from './bundle';

async function main(): Promise<number> {
  const requested = process.env.VSCODE_EXECUTABLE;
  if (!requested) {
    console.log('e2e (desktop VS Code, @vscode/test-electron): skipped: no desktop VS Code here (set VSCODE_EXECUTABLE to its binary, or to "download")');
    return 0;
  }
  const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');
  const vscodeExecutablePath =
    requested === 'download' ? await downloadAndUnzipVSCode({ version: 'stable', cachePath: path.join(ROOT, '.e2e', 'vscode-test') }) : requested;

  const suite = await bundleExtensionHostSuite();

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'safety-specs-e2e-electron-'));
  let failed = 0;
  try {
    const workspaces = {
      unrelated: makeUnrelatedWorkspace(path.join(tmp, 'unrelated')).folder,
      examples: copyExamples(path.join(tmp, 'examples')),
    };
    for (const [kind, folder] of Object.entries(workspaces)) {
      console.log(`e2e (desktop VS Code): ${kind} workspace`);
      try {
        await runTests({
          vscodeExecutablePath,
          extensionDevelopmentPath: ROOT,
          extensionTestsPath: suite,
          extensionTestsEnv: { SAFETY_SPECS_E2E_WORKSPACE: kind },
          launchArgs: [
            folder,
            '--disable-extensions',
            '--disable-workspace-trust',
            '--skip-welcome',
            '--skip-release-notes',
            '--user-data-dir',
            path.join(tmp, `user-data-${kind}`),
            '--extensions-dir',
            path.join(tmp, 'extensions'),
          ],
        });
      } catch (error) {
        console.log(`e2e (desktop VS Code): ${kind} workspace failed: ${error instanceof Error ? error.message : String(error)}`);
        failed++;
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`e2e (desktop VS Code): ${failed ? 'FAILED' : 'passed'}`);
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
