// `check` in real git repositories: the SLO diff's findings (diff/loosened-unacknowledged) against the merge base,
// and `--changed-since REV`, which reports only findings about what changed since REV.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { commitFiles, gitSync, initRepo, TempFolders } from '../../server/src/git/testing';
import { WITHOUT_MODEL_FOLDER_RULES } from '../fixtures/model-folder-rules';
import { runCli, type CliResult, type JsonReport } from './run-cli';

const SARIF_SCHEMA = resolve(__dirname, '..', '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');
const LOOSENED = 'diff/loosened-unacknowledged';

/** One SLO item; `target` "=> ..." is a comparator typo (slo/target-syntax), a finding on that line. */
function slo(name: string, target: string, fields: Readonly<Record<string, string>> = {}): string {
  const all = { objective: `"Keep ${name} where it should be."`, target: `"${target}"`, window: '7d', action_on_breach: 'degrade_to_safe_mode', ...fields };
  return [`  - name: ${name}`, ...Object.entries(all).map(([k, v]) => `    ${k}: ${v}`)].join('\n') + '\n';
}
const policy = (model: string, ...slos: string[]) => `version: 1\nmodel: ${model}\nslos:\n${slos.join('')}`;

/** `path:line rule` per counted finding of a JSON report, in report order. */
function findings(r: CliResult): string[] {
  const report = JSON.parse(r.stdout) as JsonReport;
  return report.files.flatMap((f) => ('error' in f ? [`${f.path} ${f.error}`] : f.findings.map((x) => `${f.path.split('\\').join('/')}:${x.line} ${x.rule}`)));
}

describe('check in a git repository (SLO diff, --changed-since)', function () {
  const folders = new TempFolders();
  after(() => folders.removeAll());

  /** A repository on `main` whose first commit holds `files` plus a config without the model-folder rules. */
  function repo(files: Record<string, string>): { root: string; base: string } {
    const root = initRepo(folders.make());
    return { root, base: commitFiles(root, { '.safety-specs.yaml': WITHOUT_MODEL_FOLDER_RULES, ...files }, 'base') };
  }
  const check = (root: string, ...args: string[]) => runCli(['check', '--format', 'json', ...args], { cwd: root });

  describe('--changed-since', () => {
    const TWO = policy('m', slo('a_rate', '=> 0.9'), slo('b_rate', '=> 0.9'));

    it('reports the findings of the changed SLO only, and nothing for a file unchanged since REV', () => {
      const { root, base } = repo({ 'm/safety-slos.yaml': TWO, 'other/safety-slos.yaml': policy('other', slo('c_rate', '=> 0.5')) });
      assert.deepEqual(findings(check(root)), ['m/safety-slos.yaml:6 slo/target-syntax', 'm/safety-slos.yaml:11 slo/target-syntax', 'other/safety-slos.yaml:6 slo/target-syntax']);
      commitFiles(root, { 'm/safety-slos.yaml': TWO.replace('Keep b_rate where', 'Hold b_rate where') });
      const r = check(root, '--changed-since', base);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, '');
      assert.deepEqual(findings(r), ['m/safety-slos.yaml:11 slo/target-syntax']);
      // Since HEAD nothing changed: nothing is reported, and the run passes.
      const none = check(root, '--changed-since', 'HEAD');
      assert.equal(none.status, 0);
      assert.deepEqual(findings(none), []);
    });

    it('reports every finding of a file new since REV (committed or not)', () => {
      const { root, base } = repo({ 'm/safety-slos.yaml': TWO });
      writeFileSync(join(root, 'm', 'extra.safety-slos.yaml'), policy('m', slo('c_rate', '=> 0.5'), slo('d_rate', '=> 0.5')));
      assert.deepEqual(findings(check(root, '--changed-since', base)), ['m/extra.safety-slos.yaml:6 slo/target-syntax', 'm/extra.safety-slos.yaml:11 slo/target-syntax']);
    });

    it('reports the findings of a changed Markdown section only', () => {
      const card = (uses: string) =>
        ['---', 'license: mit', '---', '', '# m', '', '## Human objective', '', 'Help people.', '', '## Uses', '', uses, '', 'TODO list the uses.', '', '## Safe mode', '', 'TBD', ''].join('\n');
      const { root, base } = repo({ 'm/MODEL_CARD.md': card('Triage.') });
      const placeholders = (r: CliResult) => findings(r).filter((f) => f.endsWith('card/placeholder'));
      assert.deepEqual(placeholders(check(root)), ['m/MODEL_CARD.md:15 card/placeholder', 'm/MODEL_CARD.md:19 card/placeholder']);
      writeFileSync(join(root, 'm', 'MODEL_CARD.md'), card('Triage of claims.'));
      assert.deepEqual(findings(check(root, '--changed-since', base)), ['m/MODEL_CARD.md:15 card/placeholder']);
    });

    it('still reports a cross-file finding whose cause is a changed SLO', () => {
      const tenant = (target: string) => policy('m', slo('acme_ood_recall_7d', target, { metric: 'ood_recall_7d', scope: '{ tenant: acme }' }));
      const { root, base } = repo({
        'm/safety-slos.yaml': policy('m', slo('ood_recall_7d', '>= 0.90'), slo('typo_rate', '=> 0.5')),
        'm/tenants/acme.safety-slos.yaml': tenant('>= 0.95'),
      });
      writeFileSync(join(root, 'm', 'tenants', 'acme.safety-slos.yaml'), tenant('>= 0.85'));
      const r = check(root, '--changed-since', base);
      const report = JSON.parse(r.stdout) as JsonReport;
      const acme = report.files.find((f) => f.path.endsWith('acme.safety-slos.yaml'));
      assert.ok(acme && !('error' in acme));
      const override = acme.findings.find((f) => f.rule === 'conflict/ineffective-override');
      assert.ok(override, findings(r).join('\n'));
      assert.ok(override.related.some((x) => x.path?.split('\\').join('/') === 'm/safety-slos.yaml'));
      // The model was analysed whole, but the untouched SLO's own finding is not reported.
      assert.ok(!findings(r).includes('m/safety-slos.yaml:11 slo/target-syntax'));
      assert.ok(findings(check(root)).includes('m/safety-slos.yaml:11 slo/target-syntax'));
      // The loosened target is reported too: --changed-since is also the diff's base.
      assert.ok(findings(r).includes(`m/tenants/acme.safety-slos.yaml:6 ${LOOSENED}`));
    });

    it('exits 2 with one line for a revision that does not exist or looks like an option', () => {
      const { root } = repo({ 'm/safety-slos.yaml': TWO });
      for (const [args, message] of [
        [['--changed-since', 'no-such-branch'], "safety-specs: --changed-since: unknown revision 'no-such-branch'.\n"],
        [['--changed-since=--output=x'], "safety-specs: --changed-since: the revision name '--output=x' looks like an option: it must not start with '-'.\n"],
        [['--base', 'no-such-branch'], "safety-specs: --base: unknown revision 'no-such-branch'.\n"],
        [['--changed-since', 'HEAD..main'], "safety-specs: --changed-since: 'HEAD..main' is a range: give one revision.\n"],
      ] as const) {
        const r = check(root, ...args);
        assert.equal(r.status, 2, args.join(' '));
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, message);
      }
      assert.ok(!existsSync(join(root, 'x')));
    });

    it('refuses --update-baseline, which would forget the unchanged findings', () => {
      const { root } = repo({ 'm/safety-slos.yaml': TWO });
      const r = check(root, '--changed-since', 'HEAD', '--baseline', 'b.json', '--update-baseline');
      assert.equal(r.status, 2);
      assert.match(r.stderr, /--update-baseline records every finding/);
      assert.ok(!existsSync(join(root, 'b.json')));
    });
  });

  describe('the SLO diff', () => {
    const strict = policy('m', slo('ood_recall_7d', '>= 0.90'), slo('latency_rate', '>= 0.99'));
    const loose = strict.replace('">= 0.90"', '">= 0.80"');
    const note = (slos: string) =>
      ['---', 'date: 2026-01-05', 'change: Relax OOD recall', `slos: [${slos}]`, 'decision: approved', '---', '', '# Relax OOD recall', '', '## Change', '', 'Lower the target.', ''].join('\n');

    /** A repo whose `main` has the strict policy and a branch `feature` that loosened it (committed). */
    function feature(files: Record<string, string> = {}): string {
      const { root } = repo({ 'm/safety-slos.yaml': strict, ...files });
      gitSync(root, 'checkout', '-q', '-b', 'feature');
      commitFiles(root, { 'm/safety-slos.yaml': loose }, 'loosen');
      return root;
    }

    it('reports a loosened SLO against the merge base with main, until a note changed in the diff names it', () => {
      const root = feature();
      const r = check(root);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, '');
      assert.deepEqual(findings(r), [`m/safety-slos.yaml:6 ${LOOSENED}`]);
      const finding = (JSON.parse(r.stdout) as JsonReport).files.flatMap((f) => ('error' in f ? [] : f.findings))[0]!;
      assert.match(finding.message, /since main/);
      assert.match(finding.message, />= 0\.90/);
      // Against the loosened commit itself, nothing is loosened.
      assert.deepEqual(findings(check(root, '--base', 'HEAD')), []);

      writeFileSync(join(root, 'm', 'deliberation-note.md'), note('ood_recall_7d'));
      assert.deepEqual(findings(check(root)).filter((f) => f.endsWith(LOOSENED)), []);
    });

    it('reads the files of a model left out of the run as out of scope, not as removed; a deleted one is', () => {
      const { root } = repo({ 'm/safety-slos.yaml': strict, 'm/tenants/acme.safety-slos.yaml': policy('m', slo('acme_rate', '>= 0.9')) });
      // A pre-commit hook names the files it changed: the tenant file is still there, only not checked.
      assert.deepEqual(findings(check(root, 'm/safety-slos.yaml')), []);
      commitFiles(root, { 'm/tenants/acme.safety-slos.yaml': null }, 'drop acme');
      assert.deepEqual(findings(check(root, '--base', 'HEAD~1', 'm/safety-slos.yaml')), [`m/safety-slos.yaml:3 ${LOOSENED}`]);
    });

    it('settles diff findings like any other: a rule level from the config, an inline suppression', () => {
      const root = feature();
      writeFileSync(join(root, '.safety-specs.yaml'), `${WITHOUT_MODEL_FOLDER_RULES}  ${LOOSENED}: warning\n`);
      const r = check(root);
      assert.equal(r.status, 0);
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).summary.warnings, 1);

      writeFileSync(join(root, 'm', 'safety-slos.yaml'), loose.replace('">= 0.80"', `">= 0.80"   # safety-specs-ignore ${LOOSENED}: approved in SAFE-7`));
      const again = check(root);
      assert.deepEqual(findings(again), []);
      const waived = JSON.parse(again.stdout) as JsonReport;
      assert.deepEqual(waived.files.flatMap((f) => ('error' in f ? [] : f.waived.map((w) => `${w.rule}: ${w.reason}`))), [`${LOOSENED}: approved in SAFE-7`]);
    });

    it('gives SARIF and JSON a diff finding whose related location is the unchanged note naming it', function () {
      const root = feature({ 'm/deliberation-note.md': note('ood_recall_7d') });
      const json = JSON.parse(check(root).stdout) as JsonReport;
      const policyReport = json.files.find((f) => f.path.endsWith('safety-slos.yaml'));
      assert.ok(policyReport && !('error' in policyReport));
      const [finding] = policyReport.findings;
      assert.equal(finding?.rule, LOOSENED);
      assert.equal(finding.related[0]?.path?.split('\\').join('/'), 'm/deliberation-note.md');

      const r = runCli(['check', '--format', 'sarif'], { cwd: root });
      assert.equal(r.stderr, '');
      const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; relatedLocations?: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      const result = sarif.runs[0]!.results.find((x) => x.ruleId === LOOSENED);
      assert.equal(result?.relatedLocations?.[0]?.physicalLocation.artifactLocation.uri, 'm/deliberation-note.md');
      if (!existsSync(SARIF_SCHEMA)) {
        console.log(`      (schema check skipped: ${SARIF_SCHEMA} is absent)`);
        return;
      }
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
      assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    });
  });

  describe('without a default branch', () => {
    it('warns that the diff compares HEAD with itself (a shallow CI checkout), and is silent with --base', () => {
      const root = initRepo(folders.make(), 'feature');
      commitFiles(root, { '.safety-specs.yaml': WITHOUT_MODEL_FOLDER_RULES, 'safety-slos.yaml': policy('m', slo('a_rate', '>= 0.9')) }, 'base');
      const r = check(root);
      assert.equal(r.status, 0);
      assert.deepEqual(
        (JSON.parse(r.stdout) as JsonReport).notices.map((n) => n.message),
        ['no default branch (origin/HEAD, main, master) shares history with HEAD, so the SLO diff would compare HEAD with itself. In CI, fetch the base branch (actions/checkout with fetch-depth: 0) or pass --base REV.'],
      );
      assert.deepEqual((JSON.parse(check(root, '--base', 'HEAD').stdout) as JsonReport).notices, []);
    });
  });

  describe('without git', () => {
    /** Runs check with a PATH that has no git: had git been needed, the run would say it was not found. */
    const noGit = (root: string) => runCli(['check', '--format', 'json'], { cwd: root, env: { ...process.env, NO_COLOR: '1', PATH: folders.make() } });

    it('does not run git when there is no policy file to diff', () => {
      const { root } = repo({ 'm/MODEL_CARD.md': '# m\n\n## Human objective\n\nHelp people.\n' });
      const r = noGit(root);
      assert.equal(r.stderr, '');
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).notices, []);
    });

    it('says the diff was not checked when git is missing, and checks the rest', () => {
      const { root } = repo({ 'safety-slos.yaml': policy('m', slo('a_rate', '=> 0.9')) });
      const r = noGit(root);
      assert.equal(r.status, 1);
      assert.deepEqual(findings(r), ['safety-slos.yaml:6 slo/target-syntax']);
      assert.deepEqual(
        (JSON.parse(r.stdout) as JsonReport).notices.map((n) => n.message),
        ['the SLO diff (diff/* rules) was not checked: git was not found: install git and make sure it is on PATH'],
      );
    });
  });

  describe('outside a git repository', () => {
    it('checks as before, without the diff; --changed-since and --base are usage errors', () => {
      const root = folders.make();
      writeFileSync(join(root, '.safety-specs.yaml'), WITHOUT_MODEL_FOLDER_RULES);
      writeFileSync(join(root, 'safety-slos.yaml'), policy('m', slo('a_rate', '=> 0.9')));
      const r = check(root);
      assert.equal(r.status, 1);
      assert.equal(r.stderr, '');
      assert.deepEqual(findings(r), ['safety-slos.yaml:6 slo/target-syntax']);
      assert.deepEqual((JSON.parse(r.stdout) as JsonReport).notices, []);
      for (const flag of ['--changed-since', '--base']) {
        const refused = check(root, flag, 'main');
        assert.equal(refused.status, 2);
        assert.equal(refused.stderr, `safety-specs: ${flag}: . is not in a git repository.\n`);
      }
    });
  });
});
