// Runs the TextMate grammar tests (test/grammar/*.test.yaml) through vscode-tmgrammar-test, the same
// tool and arguments as `npm run test:grammar`, so `npm test` covers the injection grammar too.
// The injection itself is registered the way VS Code registers it: from package.json's
// contributes.grammars (injectTo source.yaml), which the tester reads from the working directory.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TESTER = require.resolve('vscode-tmgrammar-test/dist/unit.js');
// The base YAML grammar (scopeName source.yaml) that the injection is tested against.
const YAML_GRAMMAR = require.resolve('tm-grammars/grammars/yaml.json');

interface Run {
  status: number;
  output: string;
}

/** Runs the tester on a glob; never throws on a failing run, so both directions can be asserted. */
function runTester(glob: string): Run {
  try {
    const stdout = execFileSync(process.execPath, [TESTER, '--compact', '-g', YAML_GRAMMAR, glob], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      // An assertion line the tester cannot parse can make its own regex backtrack for minutes: fail fast instead.
      timeout: 60_000,
    });
    return { status: 0, output: stdout };
  } catch (error) {
    const e = error as { status: number | null; signal: string | null; stdout?: string; stderr?: string };
    assert.equal(e.signal, null, `vscode-tmgrammar-test was killed (${e.signal}): a malformed assertion line?`);
    return { status: e.status ?? -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('TextMate injection grammar (vscode-tmgrammar-test)', function () {
  this.timeout(120_000);

  it('passes every test/grammar/*.test.yaml file', () => {
    const files = readdirSync(path.join(ROOT, 'test', 'grammar')).filter((f) => f.endsWith('.test.yaml'));
    assert.ok(files.length >= 4, `expected the grammar test files, found ${files.join(', ')}`);

    const run = runTester('test/grammar/**/*.test.yaml');
    assert.equal(run.status, 0, `grammar tests failed:\n${run.output}`);
    for (const file of files) {
      assert.match(run.output, new RegExp(`✓ test/grammar/${file.replace(/\./g, '\\.')} run successfuly`), `${file} not reported as passed:\n${run.output}`);
    }
    assert.doesNotMatch(run.output, /ERROR/);
  });

  it('fails on a wrong assertion (the tester really checks scopes)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'safety-slos-grammar-'));
    try {
      writeFileSync(
        path.join(dir, 'wrong.test.yaml'),
        [
          '# SYNTAX TEST "source.yaml" "deliberately wrong"',
          'slos:',
          '  - target: ">= 0.90"',
          // `>=` is a comparator, not a number: this assertion must fail.
          '#            ^^ constant.numeric.safety-slos',
          '',
        ].join('\n'),
      );
      // The tester globs its argument: use forward slashes even on Windows.
      const run = runTester(path.join(dir, '*.test.yaml').split(path.sep).join('/'));
      assert.notEqual(run.status, 0, `expected a failing run:\n${run.output}`);
      assert.match(run.output, /Missing required scopes: \[ constant\.numeric\.safety-slos \]/);
      assert.match(run.output, /keyword\.operator\.comparison\.safety-slos/, 'the actual scopes should show the comparator');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
