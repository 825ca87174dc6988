// The CLI as a CI gate on real git repositories made in temp folders: nested config files, accountable
// suppressions (with and without reasons, expired), a baseline that gains and loses entries, and
// fingerprints that survive moving and reformatting an SLO.
import { MODEL_FOLDER_RULES_OFF, WITHOUT_MODEL_FOLDER_RULES } from '../fixtures/model-folder-rules';
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt } from '../protocol/lsp-client';
import { runCli, tempTree, type JsonReport } from './run-cli';

interface Repo {
  readonly root: string;
  write(path: string, text: string): void;
  commit(message: string): void;
  cleanup(): void;
}

function gitRepo(files: Record<string, string>): Repo {
  const tree = tempTree(files);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: tree.root, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'ci@example.com');
  git('config', 'user.name', 'CI');
  const repo: Repo = {
    root: tree.root,
    write: (path, text) => writeFileSync(join(tree.root, path), text),
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '-m', message);
    },
    cleanup: tree.cleanup,
  };
  repo.commit('initial');
  return repo;
}

const slo = (name: string, target: string, extra = '') =>
  `  - name: ${name}\n    objective: "Keep ${name} healthy."\n    target: "${target}"\n    window: 7d\n    action_on_breach: rollback\n${extra}`;
const policy = (model: string, ...slos: string[]) => `version: 1\nmodel: ${model}\nslos:\n${slos.join('')}`;
const TWO_SENTENCES = '  - name: ood_recall_7d\n    objective: "Detect shift. Then act."\n    target: ">= 0.90"\n    window: 7d\n    action_on_breach: rollback\n';

function json(args: string[], cwd: string) {
  const result = runCli([...args, '--format', 'json'], { cwd });
  return { ...result, report: JSON.parse(result.stdout) as JsonReport };
}

/** `path -> [rule severity]` of every finding that counts. */
function findingsByPath(report: JsonReport): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of report.files) if ('findings' in file) out[file.path.split('\\').join('/')] = file.findings.map((f) => `${f.rule} ${f.severity}`);
  return out;
}

describe('the CLI as a CI gate, on real git repositories', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  describe('config files', function () {
    it('nearest config wins, root: true stops the walk, overrides and ignore globs apply', function () {
      const repo = gitRepo({
        '.safety-specs.yaml': 'rules:\n  slo/objective-sentence: error\nignore:\n  - "drafts/**"\noverrides:\n  - files: ["*.tenant.safety-slos.yaml"]\n    rules:\n      slo/objective-sentence: info\n',
        'safety-slos.yaml': policy('root', TWO_SENTENCES),
        'a.tenant.safety-slos.yaml': policy('tenant', TWO_SENTENCES),
        'legacy/.safety-specs.yaml': 'rules:\n  slo/objective-sentence: "off"\n',
        'legacy/safety-slos.yaml': policy('legacy', TWO_SENTENCES),
        'vendored/.safety-specs.yaml': WITHOUT_MODEL_FOLDER_RULES,
        'vendored/safety-slos.yaml': policy('vendored', TWO_SENTENCES),
        'drafts/safety-slos.yaml': policy('draft', TWO_SENTENCES),
      });
      try {
        const { status, report } = json(['check'], repo.root);
        assert.deepEqual(findingsByPath(report), {
          'a.tenant.safety-slos.yaml': ['slo/objective-sentence info'],
          'legacy/safety-slos.yaml': [],
          'safety-slos.yaml': ['slo/objective-sentence error'],
          'vendored/safety-slos.yaml': ['slo/objective-sentence warning'],
        });
        assert.equal(status, 1);
        assert.equal(runCli(['check', '--fail-on', 'error', 'a.tenant.safety-slos.yaml', 'vendored'], { cwd: repo.root }).status, 0, 'root: true keeps the default warning');
        assert.equal(runCli(['check', '--fail-on', 'warning', 'a.tenant.safety-slos.yaml', 'vendored'], { cwd: repo.root }).status, 1);
        assert.equal(runCli(['check', '--fail-on', 'warning', 'a.tenant.safety-slos.yaml'], { cwd: repo.root }).status, 0);
        assert.equal(runCli(['check', '--fail-on', 'info', 'a.tenant.safety-slos.yaml'], { cwd: repo.root }).status, 1);
        assert.equal(runCli(['check', 'drafts/safety-slos.yaml'], { cwd: repo.root }).status, 1, 'a file named explicitly is checked even if ignored');
      } finally {
        repo.cleanup();
      }
    });

    it('--config replaces discovery', function () {
      const repo = gitRepo({
        '.safety-specs.yaml': 'rules:\n  slo/objective-sentence: "off"\n',
        'ci.safety-specs.yaml': `rules:\n  slo/objective-sentence: info\n${MODEL_FOLDER_RULES_OFF}`,
        'safety-slos.yaml': policy('m', TWO_SENTENCES),
      });
      try {
        assert.deepEqual(findingsByPath(json(['check', '.'], repo.root).report)['safety-slos.yaml'], []);
        assert.deepEqual(findingsByPath(json(['check', '--config', 'ci.safety-specs.yaml', '.'], repo.root).report)['safety-slos.yaml'], ['slo/objective-sentence info']);
      } finally {
        repo.cleanup();
      }
    });

    it('a config that turns off a never-event rule, or names an unknown rule, is itself a finding and a config error (exit 2)', function () {
      const repo = gitRepo({
        '.safety-specs.yaml': 'rules:\n  never-event/target-zero: "off"\n  slo/ratio-bound: warning\n',
        'safety-slos.yaml': policy('m', slo('never_event_violations', '<= 1').replace('rollback', 'kill_switch')),
      });
      try {
        const { status, report, stdout } = json(['check'], repo.root);
        assert.equal(status, 2);
        const byPath = findingsByPath(report);
        assert.deepEqual(byPath['.safety-specs.yaml'], ['config/never-event-downgrade error', 'config/unknown-rule error']);
        assert.ok(byPath['safety-slos.yaml']!.includes('never-event/target-zero error'), 'the rule still applies');
        assert.match(stdout, /slo\/ratio-bounds/, 'did you mean');
      } finally {
        repo.cleanup();
      }
    });
  });

  describe('suppressions', function () {
    const repoWithSuppressions = () =>
      gitRepo({
        'safety-slos.yaml': policy(
          'm',
          slo('denial_precision_7d', '>= 95').replace('    target:', '    # safety-specs-ignore slo/ratio-bounds: legacy dashboard reports percent, SAFE-12 until 2999-12-31\n    target:'),
          slo('fpr_24h', '<= 5').replace('target: "<= 5"', 'target: "<= 5"  # safety-specs-ignore slo/ratio-bounds'),
          slo('tpr_24h', '>= 80').replace('    target:', '    # safety-specs-ignore slo/ratio-bounds: waived for the pilot until 2020-01-31\n    target:'),
          slo('never_event_violations', '<= 1', '').replace('rollback', 'kill_switch').replace('    target:', '    # safety-specs-ignore never-event/target-zero: we accept one\n    target:'),
        ),
      });

    it('a reason is required, expired waivers stop working, never-event rules cannot be waived', function () {
      const repo = repoWithSuppressions();
      try {
        const { status, report } = json(['check'], repo.root);
        assert.equal(status, 1);
        const rules = findingsByPath(report)['safety-slos.yaml']!;
        assert.deepEqual(rules.filter((r) => r.startsWith('slo/ratio-bounds')).length, 2, 'the unreasoned and the expired ones stay');
        for (const rule of ['suppression/missing-reason', 'suppression/expired', 'suppression/not-allowed', 'never-event/target-zero']) {
          assert.ok(rules.some((r) => r.startsWith(rule)), `${rule} in ${rules.join(', ')}`);
        }
      } finally {
        repo.cleanup();
      }
    });

    it('--list-suppressions prints the audit trail: rule, file, line, reason, expiry', function () {
      const repo = repoWithSuppressions();
      try {
        const { stdout, status } = runCli(['check', '--list-suppressions'], { cwd: repo.root });
        assert.equal(status, 0);
        assert.match(stdout, /slo\/ratio-bounds/);
        assert.match(stdout, /safety-slos\.yaml:\d+/);
        assert.match(stdout, /legacy dashboard reports percent, SAFE-12/);
        assert.match(stdout, /2999-12-31/);
        assert.doesNotMatch(stdout, /waived for the pilot/, 'an expired waiver is not active');
        assert.doesNotMatch(stdout, /we accept one/, 'a never-event waiver is not active');
        const listed = JSON.parse(runCli(['check', '--list-suppressions', '--format', 'json'], { cwd: repo.root }).stdout) as { suppressions: { rule: string; path: string; line: number; reason: string; until?: string }[] };
        assert.deepEqual(listed.suppressions.map((s) => [s.rule, s.path, s.reason, s.until]), [['slo/ratio-bounds', 'safety-slos.yaml', 'legacy dashboard reports percent, SAFE-12', '2999-12-31']]);
      } finally {
        repo.cleanup();
      }
    });
  });

  describe('baseline', function () {
    it('records findings, fails only on new ones, keeps matching after a move and a reformat, reports and drops fixed entries', function () {
      const a = slo('denial_precision_7d', '>= 95');
      const b = slo('ood_recall_7d', '=> 0.90');
      const repo = gitRepo({ 'models/triage/safety-slos.yaml': policy('triage', a, b) });
      try {
        const baseline = join(repo.root, 'safety-specs-baseline.json');
        assert.equal(runCli(['check'], { cwd: repo.root }).status, 1);
        const update = runCli(['check', '--baseline', 'safety-specs-baseline.json', '--update-baseline'], { cwd: repo.root });
        assert.equal(update.status, 0, update.stdout + update.stderr);
        assert.equal((JSON.parse(readFileSync(baseline, 'utf8')) as { findings: unknown[] }).findings.length, 2);
        repo.commit('baseline');

        // Move the second SLO above the first and rewrite it as a flow map: still known.
        const flow = '  - { name: ood_recall_7d, objective: "Keep ood_recall_7d healthy.", target: "=>  0.90",\n      window: 7d, action_on_breach: rollback }\n';
        repo.write('models/triage/safety-slos.yaml', policy('triage', flow, a));
        repo.commit('reformat');
        const known = json(['check', '--baseline', 'safety-specs-baseline.json'], repo.root);
        assert.equal(known.status, 0, known.stdout);
        assert.deepEqual(findingsByPath(known.report)['models/triage/safety-slos.yaml'], []);

        // A new mistake fails the run, alone; fixing a recorded one leaves a stale entry.
        repo.write('models/triage/safety-slos.yaml', policy('triage', flow.replace('=>  0.90', '>= 0.90'), a, slo('fpr_24h', '<= 5')));
        const text = runCli(['check', '--baseline', 'safety-specs-baseline.json'], { cwd: repo.root });
        assert.equal(text.status, 1);
        assert.match(text.stdout, /fpr_24h|"<= 5"|<= 5/);
        assert.doesNotMatch(text.stdout, /denial_precision_7d.*ratio/);
        assert.match(text.stdout, /1 baseline entr(y|ies) no longer occur/);
        const after = json(['check', '--baseline', 'safety-specs-baseline.json'], repo.root);
        assert.deepEqual(findingsByPath(after.report)['models/triage/safety-slos.yaml'], ['slo/ratio-bounds error']);

        // --update-baseline shrinks it to today's findings.
        runCli(['check', '--baseline', 'safety-specs-baseline.json', '--update-baseline'], { cwd: repo.root });
        const entries = (JSON.parse(readFileSync(baseline, 'utf8')) as { findings: { rule: string }[] }).findings;
        assert.deepEqual(entries.map((e) => e.rule), ['slo/ratio-bounds', 'slo/ratio-bounds']);
      } finally {
        repo.cleanup();
      }
    });

    it('a missing or malformed baseline is a clear error (exit 2)', function () {
      const repo = gitRepo({ 'safety-slos.yaml': policy('m', slo('ood_recall_7d', '>= 0.90')), 'bad.json': '{"version": 9}' });
      try {
        const missing = runCli(['check', '--baseline', 'nope.json'], { cwd: repo.root });
        assert.equal(missing.status, 2);
        assert.match(missing.stderr, /nope\.json.*(no such file|--update-baseline)/);
        const bad = runCli(['check', '--baseline', 'bad.json'], { cwd: repo.root });
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /bad\.json: not a safety-specs baseline/);
      } finally {
        repo.cleanup();
      }
    });
  });
});
