// `safety-specs diff` and `gate --base` through the real CLI, on real git repositories in temp folders:
// the default base (merge base with the default branch, origin/HEAD), each classification, the green rule
// with and without a deliberation note, renames, moved and deleted policies, and revisions git must refuse.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { commitFiles, gitSync, initRepo, TempFolders } from '../../server/src/git/testing';
import { ensureBuilt, lines } from '../protocol/lsp-client';
import { runCli, type CliResult } from './run-cli';

type Files = Record<string, string | null>;

/** One SLO reading ood_recall, with the given name, target and objective. */
const slo = (name: string, target = '>= 0.90', objective = 'Detect distribution shift before harm.') => [
  `  - name: ${name}`,
  '    metric: ood_recall',
  `    objective: "${objective}"`,
  `    target: "${target}"`,
  '    window: 7d',
  '    action_on_breach: degrade_to_safe_mode',
];

/** A policy of model `model` with those SLOs, then the given top-level lines (gates:, metrics:). */
const policy = (model: string, slos: string[][], ...rest: string[]) => lines('version: 1', `model: ${model}`, 'slos:', ...slos.flat(), ...rest);

/** A deliberation note naming `slos` in its front matter, with `body` as its text. */
const note = (slos: readonly string[], body = 'We decided after review.') =>
  lines('---', 'date: 2026-10-14', 'change: Adjust the recall target', `slos: [${slos.join(', ')}]`, 'decision: approved', '---', '', '# Recall target', '', body);

const TRIAGE = 'models/triage/safety-slos.yaml';
const TRIAGE_NOTE = 'models/triage/deliberation-note.md';
const triage = (target: string, ...rest: string[]) => policy('claims-triage', [slo('ood_recall_7d', target)], ...rest);

interface DiffJson {
  version: string;
  base: { label: string; commit: string };
  green: boolean;
  models: {
    model: string;
    base: string;
    green: boolean;
    counts: { tightened: number; loosened: number; neutral: number };
    unacknowledged: number;
    changes: {
      subject: string;
      kind: string;
      name: string;
      oldName?: string;
      class: string;
      before?: { file: string; line: number };
      after?: { file: string; line: number };
      aspects: { field: string; class: string; before: string; after: string; reason: string }[];
      acknowledged?: boolean;
      note?: { file: string; line: number };
    }[];
  }[];
}

describe('cli: diff (the SLO diff against a git base)', function () {
  this.timeout(60_000);
  before(ensureBuilt);
  const folders = new TempFolders();
  after(() => folders.removeAll());

  /** A repository whose `main` has `base` committed, on a branch `feature` that commits `head` on top of it. */
  function featureRepo(base: Files, head: Files): string {
    const root = initRepo(folders.make());
    commitFiles(root, base, 'base');
    gitSync(root, 'checkout', '-q', '-b', 'feature');
    commitFiles(root, head, 'feature');
    return root;
  }

  const diff = (root: string, ...args: string[]): CliResult => runCli(['diff', ...args], { cwd: root });
  const diffJson = (root: string, ...args: string[]) => {
    const r = diff(root, ...args, '--format', 'json');
    return { ...r, report: JSON.parse(r.stdout) as DiffJson };
  };

  describe('the base', function () {
    it('defaults to the merge base with main, not main\'s tip, and calls it "main"', function () {
      const root = initRepo(folders.make());
      const forked = commitFiles(root, { [TRIAGE]: triage('>= 0.90') }, 'base');
      gitSync(root, 'checkout', '-q', '-b', 'feature');
      commitFiles(root, { [TRIAGE]: triage('>= 0.95') }, 'feature: stricter');
      // main moves on after the fork: compared with main's tip, 0.80 -> 0.95 would be the change.
      gitSync(root, 'checkout', '-q', 'main');
      commitFiles(root, { [TRIAGE]: triage('>= 0.80') }, 'main: later');
      gitSync(root, 'checkout', '-q', 'feature');

      const r = diff(root);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.equal(r.stdout.split('\n')[0], 'SLO diff vs main: 1 tightened (claims-triage)');
      assert.match(r.stdout, /^ {2}tightened modified slo ood_recall_7d {2}models\/triage\/safety-slos\.yaml:4$/m);
      assert.match(r.stdout, /^ {6}target: >= 0\.90 -> >= 0\.95 /m);
      assert.match(r.stdout, /^ {2}green: nothing is loosened$/m);
      assert.equal(diffJson(root).report.base.commit, forked);
    });

    it('follows origin/HEAD when the default branch is neither main nor master (a clone of a local bare repository)', function () {
      const source = initRepo(folders.make(), 'trunk');
      commitFiles(source, { [TRIAGE]: triage('>= 0.90') }, 'base');
      const bare = join(folders.make(), 'origin.git');
      gitSync(dirname(bare), 'clone', '-q', '--bare', source, bare);
      const root = join(folders.make(), 'work');
      gitSync(dirname(root), 'clone', '-q', bare, root);
      gitSync(root, 'checkout', '-q', '-b', 'feature');
      commitFiles(root, { [TRIAGE]: triage('>= 0.85') }, 'feature: relaxed');

      const { status, report } = diffJson(root);
      assert.equal(status, 1);
      assert.equal(report.base.label, 'origin/trunk');
      assert.equal(report.models[0]!.base, 'origin/trunk');
      assert.deepEqual(report.models[0]!.counts, { tightened: 0, loosened: 1, neutral: 0 });
    });

    it('compares the working tree, uncommitted edits included, with an explicit --base as given', function () {
      const root = initRepo(folders.make());
      const first = commitFiles(root, { [TRIAGE]: triage('>= 0.90') }, 'first');
      commitFiles(root, { [TRIAGE]: triage('>= 0.92') }, 'second');
      writeFileSync(join(root, TRIAGE), triage('>= 0.99'));

      const byDefault = diff(root);
      assert.equal(byDefault.status, 0, byDefault.stdout + byDefault.stderr);
      assert.match(byDefault.stdout, /^ {6}target: >= 0\.92 -> >= 0\.99 /m);

      const { report } = diffJson(root, '--base', first);
      assert.equal(report.base.label, first);
      assert.deepEqual(report.models[0]!.changes[0]!.aspects.map((a) => [a.field, a.before, a.after, a.class]), [['target', '>= 0.90', '>= 0.99', 'tightened']]);
    });

    it('exits 2 with one line for a revision that does not exist', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90') }, {});
      const r = diff(root, '--base', 'no-such-branch');
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr, "safety-specs: unknown revision 'no-such-branch'\n");
    });

    it('refuses a revision name that looks like an option, and git never sees it', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90') }, {});
      const written = join(folders.make(), 'written-by-git');
      // Passed to git as an option, this would write the diff to `written`.
      const r = diff(root, `--base=--output=${written}`);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, `safety-specs: --base: the revision name '--output=${written}' looks like an option: it must not start with '-'.\n`);
      assert.equal(existsSync(written), false);

      const dash = diff(root, '--base', '-x');
      assert.equal(dash.status, 2);
      assert.match(dash.stderr, /^safety-specs: Option '--base' argument is ambiguous\. .*\n$/);

      const gate = runCli(['gate', `--base=--output=${written}`], { cwd: root });
      assert.equal(gate.status, 2);
      assert.match(gate.stderr, /looks like an option/);
      assert.equal(existsSync(written), false);
    });

    it('exits 2 outside a git repository', function () {
      const root = folders.make();
      writeFileSync(join(root, 'safety-slos.yaml'), triage('>= 0.90'));
      const r = runCli(['diff'], { cwd: root, env: { ...process.env, NO_COLOR: '1', GIT_CEILING_DIRECTORIES: dirname(root) } });
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'safety-specs: . is not in a git repository: the SLO diff compares the policy with a git revision.\n');
    });
  });

  describe('classification and the green rule', function () {
    it('loosened without a note: not green, exit 1, the old value named', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90') }, { [TRIAGE]: triage('>= 0.85') });
      const r = diff(root);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^ {2}loosened {2}modified slo ood_recall_7d {2}models\/triage\/safety-slos\.yaml:4 {2}\[not acknowledged\]$/m);
      assert.match(r.stdout, /^ {6}target: >= 0\.90 -> >= 0\.85 \(A relaxed target/m);
      assert.match(r.stdout, /^ {2}not green: 1 loosened change is not acknowledged/m);
    });

    it('loosened and named in a deliberation note added in the same diff: green, exit 0', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90') }, { [TRIAGE]: triage('>= 0.85'), [TRIAGE_NOTE]: note(['ood_recall_7d']) });
      const r = diff(root);
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /\[acknowledged in models\/triage\/deliberation-note\.md\]$/m);
      assert.match(r.stdout, /^ {2}green: every loosened change is acknowledged/m);
    });

    it('named as code in the text of a changed note: green too', function () {
      const root = featureRepo(
        { [TRIAGE]: triage('>= 0.90'), [TRIAGE_NOTE]: note([]) },
        { [TRIAGE]: triage('>= 0.85'), [TRIAGE_NOTE]: note([], 'We relax `ood_recall_7d` for the launch week.') },
      );
      const { status, report } = diffJson(root);
      assert.equal(status, 0);
      const [change] = report.models[0]!.changes;
      assert.equal(change!.acknowledged, true);
      assert.equal(change!.note!.file, join('models', 'triage', 'deliberation-note.md'));
    });

    it('named only in a note that did not change: not green, exit 1', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90'), [TRIAGE_NOTE]: note(['ood_recall_7d']) }, { [TRIAGE]: triage('>= 0.85') });
      const r = diff(root);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /\[named in models\/triage\/deliberation-note\.md, which did not change\]$/m);
    });

    it('a renamed SLO is a rename, not a removal and an addition: exit 0', function () {
      const root = featureRepo(
        { [TRIAGE]: policy('claims-triage', [slo('ood_recall_7d')]) },
        { [TRIAGE]: policy('claims-triage', [slo('ood_recall_weekly')]) },
      );
      const { status, report } = diffJson(root);
      assert.equal(status, 0, JSON.stringify(report));
      assert.deepEqual(
        report.models[0]!.changes.map((c) => [c.subject, c.kind, c.oldName, c.name, c.class]),
        [['slo', 'renamed', 'ood_recall_7d', 'ood_recall_weekly', 'neutral']],
      );
    });

    it('a policy moved with git mv (same model:) loosens nothing', function () {
      const root = initRepo(folders.make());
      commitFiles(root, { [TRIAGE]: triage('>= 0.90') }, 'base');
      gitSync(root, 'checkout', '-q', '-b', 'feature');
      mkdirSync(join(root, 'policies'));
      gitSync(root, 'mv', TRIAGE, 'policies/safety-slos.yaml');
      commitFiles(root, {}, 'move');

      const { status, report } = diffJson(root);
      assert.equal(status, 0, JSON.stringify(report));
      assert.equal(report.models.length, 1);
      assert.equal(report.models[0]!.model, 'claims-triage');
      assert.equal(report.models[0]!.counts.loosened, 0);
      assert.ok(report.models[0]!.changes.every((c) => c.kind !== 'removed' && c.kind !== 'added'), JSON.stringify(report.models[0]!.changes));
    });

    it('a deleted policy removes all its SLOs: loosened, exit 1, the other model still green', function () {
      const fraud = 'models/fraud/safety-slos.yaml';
      const root = featureRepo(
        { [TRIAGE]: triage('>= 0.90'), [fraud]: policy('fraud-screening', [slo('fraud_recall_7d'), slo('fraud_precision_7d', '>= 0.80')]) },
        { [fraud]: null },
      );
      const { status, report } = diffJson(root);
      assert.equal(status, 1);
      assert.equal(report.green, false);
      const byName = new Map(report.models.map((m) => [m.model, m]));
      assert.equal(byName.get('claims-triage')!.green, true);
      const gone = byName.get('fraud-screening')!;
      assert.equal(gone.green, false);
      assert.deepEqual(
        gone.changes.map((c) => [c.kind, c.name, c.class, c.before?.file]),
        [
          ['removed', 'fraud_recall_7d', 'loosened', join('models', 'fraud', 'safety-slos.yaml')],
          ['removed', 'fraud_precision_7d', 'loosened', join('models', 'fraud', 'safety-slos.yaml')],
        ],
      );
    });

    it('the only policy deleted (its note stays): still reported, not "no policy files"', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90'), [TRIAGE_NOTE]: note([]) }, { [TRIAGE]: null });
      const r = diff(root);
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^ {2}loosened {2}removed {2}slo ood_recall_7d /m);
    });
  });

  describe('formats', function () {
    it('json: stable fields, paths relative to the current folder', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90') }, { [TRIAGE]: triage('>= 0.85') });
      const { status, report } = diffJson(root);
      assert.equal(status, 1);
      assert.equal(report.base.label, 'main');
      assert.match(report.base.commit, /^[0-9a-f]{40}$/);
      assert.deepEqual(report.models[0], {
        model: 'claims-triage',
        base: 'main',
        green: false,
        counts: { tightened: 0, loosened: 1, neutral: 0 },
        unacknowledged: 1,
        changes: [
          {
            subject: 'slo',
            kind: 'modified',
            name: 'ood_recall_7d',
            class: 'loosened',
            before: { file: join('models', 'triage', 'safety-slos.yaml'), line: 4 },
            after: { file: join('models', 'triage', 'safety-slos.yaml'), line: 4 },
            aspects: [{ field: 'target', class: 'loosened', before: '>= 0.90', after: '>= 0.85', reason: report.models[0]!.changes[0]!.aspects[0]!.reason }],
            acknowledged: false,
          },
        ],
      });
      // Run from a subfolder, paths are relative to it.
      const sub = diffJson(join(root, 'models'));
      assert.equal(sub.report.models[0]!.changes[0]!.after!.file, join('triage', 'safety-slos.yaml'));
    });

    it('markdown: a verdict, a table per model, pipes and HTML escaped; --format markdown=FILE beside text', function () {
      const root = featureRepo(
        { [TRIAGE]: policy('claims-triage', [slo('ood_recall_7d', '>= 0.90', 'Detect shift before harm.')]) },
        { [TRIAGE]: policy('claims-triage', [slo('ood_recall_7d', '>= 0.85', 'Detect shift | act <!-- hidden')]) },
      );
      const r = diff(root, '--format', 'markdown');
      assert.equal(r.status, 1, r.stdout + r.stderr);
      const out = r.stdout.split('\n');
      assert.equal(out[0], '## Safety Specs: SLO diff ❌ not green');
      assert.ok(out.includes('| Change | What | Detail | Why | Deliberation note |'), r.stdout);
      assert.ok(out.includes('| --- | --- | --- | --- | --- |'), r.stdout);
      const row = out.find((l) => l.startsWith('| ⚠️ loosened (modified) | slo `ood_recall_7d` |'));
      assert.ok(row, r.stdout);
      assert.match(row, /objective: Detect shift before harm\. -> Detect shift \\\| act &lt;!-- hidden/);
      // Unescaped pipes are the cell borders: six of them for five columns.
      assert.equal(row.replace(/\\\|/g, '').split('|').length - 1, 6);

      const file = join(root, 'comment.md');
      const both = diff(root, '--format', 'text', '--format', `markdown=${file}`);
      assert.equal(both.status, 1);
      assert.match(both.stdout, /^SLO diff vs main: 1 loosened \(not acknowledged\) \(claims-triage\)$/m);
      assert.ok(existsSync(file));
    });

    it('refuses formats it does not print, and check refuses markdown', function () {
      const root = featureRepo({ [TRIAGE]: triage('>= 0.90') }, {});
      const sarif = diff(root, '--format', 'sarif');
      assert.equal(sarif.status, 2);
      assert.equal(sarif.stderr, 'safety-specs: --format must be one of text, json, markdown, not "sarif".\n');
      const check = runCli(['check', '--format', 'markdown'], { cwd: root });
      assert.equal(check.status, 2);
      assert.match(check.stderr, /--format must be one of text, json, sarif, junit, github, not "markdown"/);
    });
  });

  describe('gate --base: slo_diff_green and deliberation_note read the diff', function () {
    const gated = (target: string, require: string) =>
      triage(target, 'metrics: { ood_recall: 0.95 }', 'gates:', '  - name: release', '    slos: all', `    require: [${require}]`);

    it('slo_diff_green is met by a green diff and blocks on a loosened one', function () {
      const met = featureRepo({ [TRIAGE]: gated('>= 0.90', 'slo_diff_green') }, { [TRIAGE]: gated('>= 0.92', 'slo_diff_green') });
      const pass = runCli(['gate'], { cwd: met });
      assert.equal(pass.status, 0, pass.stdout + pass.stderr);
      assert.match(pass.stdout, /^ {4}requirement slo_diff_green: met: SLO diff vs main: 1 tightened: green: nothing is loosened\.$/m);

      const unmet = featureRepo({ [TRIAGE]: gated('>= 0.90', 'slo_diff_green') }, { [TRIAGE]: gated('>= 0.85', 'slo_diff_green') });
      const block = runCli(['gate'], { cwd: unmet });
      assert.equal(block.status, 1, block.stdout + block.stderr);
      assert.match(block.stdout, /^gate release: block$/m);
      assert.match(block.stdout, /^ {4}requirement slo_diff_green: unmet: SLO diff vs main: 1 loosened \(not acknowledged\): not green: .* {2}◀ decides$/m);

      // Against the feature branch itself, nothing changed: green.
      const self = runCli(['gate', '--base', 'feature'], { cwd: unmet });
      assert.equal(self.status, 0, self.stdout + self.stderr);
      assert.match(self.stdout, /requirement slo_diff_green: met: SLO diff vs feature: no changes/);
    });

    it('deliberation_note is met by a note changed since the base, not by one that did not change', function () {
      const base = { [TRIAGE]: gated('>= 0.90', 'deliberation_note'), [TRIAGE_NOTE]: note(['ood_recall_7d']) };
      const changed = featureRepo(base, { [TRIAGE_NOTE]: note(['ood_recall_7d'], 'Reviewed again for the launch.') });
      const met = runCli(['gate'], { cwd: changed });
      assert.equal(met.status, 0, met.stdout + met.stderr);
      assert.match(met.stdout, /^ {4}requirement deliberation_note: met: deliberation-note\.md was changed since main\.$/m);

      const unchanged = featureRepo(base, { [TRIAGE]: gated('>= 0.95', 'deliberation_note') });
      const unmet = runCli(['gate', '--format', 'json'], { cwd: unchanged });
      assert.equal(unmet.status, 1, unmet.stdout + unmet.stderr);
      const [gate] = (JSON.parse(unmet.stdout) as { gates: { decision: string; requirements: unknown[] }[] }).gates;
      assert.equal(gate!.decision, 'block');
      assert.deepEqual(gate!.requirements, [{ name: 'deliberation_note', status: 'unmet', reason: 'no deliberation note was added or changed since main.', decides: true }]);
    });

    it('blocks slo_diff_green when there is no default branch (a shallow checkout): HEAD against itself proves nothing', function () {
      const root = initRepo(folders.make(), 'feature');
      commitFiles(root, { [TRIAGE]: gated('>= 0.90', 'slo_diff_green') }, 'only');
      const r = runCli(['gate'], { cwd: root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.match(r.stdout, /^ {4}requirement slo_diff_green: not evaluated: no default branch \(origin\/HEAD, main, master\) shares history with HEAD.*--base REV\. {2}◀ decides$/m);
      // Named explicitly, HEAD is a base like any other.
      assert.equal(runCli(['gate', '--base', 'HEAD'], { cwd: root }).status, 0);
    });

    it('an explicit --base git cannot read is exit 2', function () {
      const root = featureRepo({ [TRIAGE]: gated('>= 0.90', 'slo_diff_green') }, {});
      const r = runCli(['gate', '--base', 'no-such-branch'], { cwd: root });
      assert.equal(r.status, 2);
      assert.equal(r.stderr, "safety-specs: unknown revision 'no-such-branch'\n");
    });
  });
});
