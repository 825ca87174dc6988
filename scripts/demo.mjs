// `npm run demo`: runs the real CLI on examples/ and explains the exit code, which is 1 on purpose.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples'], { stdio: 'inherit' });
console.log(
  `\nExit code ${result.status}: examples/claims-triage/safety-slos.yaml has deliberate mistakes, so the check fails as a CI gate would.` +
    '\nOpen examples/ in VS Code with the extension (npm run package, then install dist/safety-specs.vsix) to see them as you type.',
);
