// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml), as their runners use them:
// the action's check step is run the way a composite action runs it (its `run` line with bash, its `env`
// with the inputs' values), on a real policy folder; the hook's `files` pattern is GitHub's / pre-commit's regex.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ensureBuilt, REPO_ROOT } from '../protocol/lsp-client';
import { tempTree } from './run-cli';

interface Step {
  readonly name: string;
  readonly shell: string;
  readonly run: string;
  readonly env?: Record<string, string>;
  readonly 'working-directory'?: string;
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  name: string;
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
};

/** `${{ inputs.x }}` and `${{ github.action_path }}` as the runner substitutes them. */
function expand(text: string, inputs: Record<string, string>): string {
  return text.replace(/\$\{\{\s*(inputs\.([\w-]+)|github\.action_path)\s*\}\}/g, (_, __, input: string | undefined) => (input ? inputs[input] ?? action.inputs[input]?.default ?? '' : REPO_ROOT));
}

function runCheckStep(cwd: string, given: Record<string, string>, extraEnv: Record<string, string> = {}) {
  const step = action.runs.steps.find((s) => s.name === 'Check policy files');
  assert.ok(step, 'the action has its check step');
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, given)]));
  return spawnSync('bash', ['-c', expand(step.run, given)], { cwd, env: { ...process.env, ...env, ...extraEnv, NO_COLOR: '1' }, encoding: 'utf8' });
}

const BAD = 'version: 1\nmodel: m\nslos:\n  - name: precision_7d\n    objective: "Be precise."\n    target: ">= 95"\n    window: 7d\n    action_on_breach: rollback\n';

describe('GitHub Action and pre-commit hook', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  it('action.yml is a composite action whose inputs all have descriptions, and which never splices inputs into scripts', function () {
    assert.equal(action.runs.using, 'composite');
    for (const [name, input] of Object.entries(action.inputs)) assert.ok(input.description, `input ${name} has a description`);
    for (const step of action.runs.steps) assert.doesNotMatch(step.run, /\$\{\{\s*inputs\./, `step "${step.name}" passes inputs through env`);
  });

  it('the check step annotates, writes SARIF and JUnit, writes the step summary, and fails on errors', function () {
    const tree = tempTree({ 'models/a/safety-slos.yaml': BAD, 'models/b/safety-slos.yaml': BAD.replace('>= 95', '>= 0.95') });
    try {
      const summary = join(tree.root, 'summary.md');
      const result = runCheckStep(tree.root, { paths: 'models', 'sarif-file': 'out.sarif', 'junit-file': 'junit.xml' }, { GITHUB_STEP_SUMMARY: summary });
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /^::error file=models\/a\/safety-slos\.yaml,line=6,/m);
      assert.equal(JSON.parse(readFileSync(join(tree.root, 'out.sarif'), 'utf8')).runs[0].results.length, 1);
      assert.match(readFileSync(join(tree.root, 'junit.xml'), 'utf8'), /<testsuite[^>]* tests="2"/);
      assert.match(readFileSync(summary, 'utf8'), /slo\/ratio-bounds/);
      const lenient = runCheckStep(tree.root, { paths: 'models/b', 'fail-on': 'warning' });
      assert.equal(lenient.status, 0, lenient.stdout + lenient.stderr);
    } finally {
      tree.cleanup();
    }
  });

  it('paths are split on white space only: a glob or a $(...) in an input is never run or expanded by the shell', function () {
    const tree = tempTree({ 'safety-slos.yaml': BAD });
    try {
      const result = runCheckStep(tree.root, { paths: '$(touch pwned) *.yaml' });
      assert.equal(result.status, 2);
      assert.ok(!existsSync(join(tree.root, 'pwned')));
      assert.match(result.stdout + result.stderr, /\$\(touch/);
    } finally {
      tree.cleanup();
    }
  });

  it('the pre-commit hook runs the CLI on policy and config changes only', function () {
    const hooks = parse(readFileSync(join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string; language: string; pass_filenames: boolean }[];
    const hook = hooks.find((h) => h.id === 'safety-specs');
    assert.ok(hook);
    assert.equal(hook.language, 'node');
    const bin = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    assert.ok(bin[hook.entry.split(' ')[0]!], 'the entry is one of the package bins');
    assert.equal(hook.pass_filenames, false, 'the whole repository is checked: conflicts span files');
    const files = new RegExp(hook.files);
    for (const path of ['safety-slos.yaml', 'models/x/safety-slos.yml', 'acme.safety-slos.yaml', 'a/b/.safety-specs.yaml']) assert.ok(files.test(path), path);
    for (const path of ['README.md', 'safety-slos.yaml.bak', 'not-safety-slos.json', 'config/service.yaml']) assert.ok(!files.test(path), path);
  });
});
