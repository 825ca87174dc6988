// Entry point VS Code loads in the extension host (`--extensionTestsPath`): runs the extension-host
// scenarios with mocha. Bundled by test/e2e/electron/run.ts (esbuild) to .e2e/electron/suite.js.
// SAFETY_SPECS_E2E_WORKSPACE says which workspace was opened ('examples' or 'unrelated');
// SAFETY_SPECS_E2E_REPORT, when set, is a file that receives one line per test and a summary.
import { appendFileSync } from 'node:fs';
import Mocha from 'mocha';
import { registerTests } from './extension.exthost';

export async function run(): Promise<void> {
  const kind = process.env.SAFETY_SPECS_E2E_WORKSPACE === 'unrelated' ? 'unrelated' : 'examples';
  const report = process.env.SAFETY_SPECS_E2E_REPORT;
  const write = (line: string) => {
    if (report) appendFileSync(report, line + '\n');
  };
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, `extension.exthost (${kind})`, mocha);
  registerTests(kind);
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => write(`pass ${test.fullTitle()}`));
    runner.on('fail', (test, error: Error) => write(`fail ${test.fullTitle()}: ${error.message}`));
    runner.on('pending', (test) => write(`skip ${test.fullTitle()}`));
    runner.on('end', () => write(`end ${runner.stats?.passes ?? 0} passed, ${runner.stats?.failures ?? 0} failed, ${runner.stats?.pending ?? 0} skipped`));
  });
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
