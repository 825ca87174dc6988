// Conflicts through the real CLI: `check` analyses all its inputs together (cross-file conflicts
// among the files of one model), and `safety-specs conflicts [paths]` prints them as a table or JSON.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureBuilt, lines } from '../protocol/lsp-client';
import { FINDING_LINE, runCli, tempTree, type JsonReport } from './run-cli';

/** The base policy of the claims-triage model, clean on its own. Line numbers are 1-based, as the CLI prints them. */
const BASE = lines(
  '# Base policy for the claims-triage model.', //  1
  'version: 1', //                                  2
  'model: claims-triage', //                        3
  'slos:', //                                       4
  '  - name: ood_recall_7d', //                     5  name at column 11
  '    metric: ood_recall', //                      6
  '    objective: "Detect distribution shift before harm."', // 7
  '    target: ">= 0.90"', //                       8
  '    window: 7d', //                              9
  '    action_on_breach: degrade_to_safe_mode', //  10
);

/** Acme's overrides, same model: the second SLO no value can meet together with the base's ood_recall_7d. */
const ACME = lines(
  '# Acme overrides: they apply on top of the base policy.', // 1
  'version: 1', //                                  2
  'model: claims-triage', //                        3
  'slos:', //                                       4
  '  - name: acme_latency_p95_1h', //               5
  '    metric: decision_latency_p95', //            6
  '    objective: "Acme gets a decision within half a second."', // 7
  '    target: "<= 500ms"', //                      8
  '    window: 1h', //                              9
  '    action_on_breach: ticket', //                10
  '    scope: { tenant: acme }', //                 11
  '  - name: acme_ood_recall_cap', //               12  name at column 11
  '    metric: ood_recall', //                      13
  '    objective: "Acme tolerates lower recall."', // 14
  '    target: "<= 0.80"', //                       15
  '    window: 7d', //                              16
  '    action_on_breach: degrade_to_safe_mode', //  17
  '    scope: { tenant: acme }', //                 18
);

/**
 * Only a warning-level conflict: acme's ">= 0.85 → alert" is looser than the base's ">= 0.90" for all
 * traffic, so it has no effect (conflict/ineffective-override).
 */
const ACME_LOOSER = ACME.replace('"<= 0.80"', '">= 0.85"').replace('    action_on_breach: degrade_to_safe_mode\n    scope', '    action_on_breach: alert\n    scope');

const MODEL = 'model: claims-triage';

interface JsonConflicts {
  conflicts: {
    kind: string;
    rule: string;
    severity: 'error' | 'warning' | 'info';
    slo: string;
    path: string;
    line: number;
    column: number;
    with: { slo: string; uri: string; line: number; column: number; message: string }[];
    message: string;
    docUrl: string;
  }[];
  errors: { path: string; error: string }[];
}

const p = (path: string) => join(...path.split('/'));

describe('cli: conflicts', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  let tree: ReturnType<typeof tempTree>;
  before(function () {
    tree = tempTree({
      'same/safety-slos.yaml': BASE,
      'same/tenants/acme.safety-slos.yaml': ACME,
      'different/safety-slos.yaml': BASE,
      'different/tenants/acme.safety-slos.yaml': ACME.replace(MODEL, 'model: fraud-screening'),
      'warnings/safety-slos.yaml': BASE,
      'warnings/tenants/acme.safety-slos.yaml': ACME_LOOSER,
      // A finding that is not a conflict (a comparator typo), and no conflict.
      'other-findings/safety-slos.yaml': BASE.replace('">= 0.90"', '"=> 0.90"'),
    });
  });
  after(() => tree?.cleanup());
  const abs = (path: string) => join(tree.root, p(path));
  const uri = (path: string) => pathToFileURL(abs(path)).href;

  describe('check', function () {
    it('reports a cross-file conflict in both the tenant file and the base file, at the SLO names', function () {
      const r = runCli(['check', 'same'], { cwd: tree.root });
      assert.equal(r.status, 1, r.stdout + r.stderr);
      assert.equal(r.stderr, '');
      const out = r.stdout.trimEnd().split('\n');
      assert.equal(out.length, 3, r.stdout);
      const findings = out.slice(0, 2).map((l) => {
        const m = FINDING_LINE.exec(l);
        assert.ok(m, `a finding line: ${l}`);
        return m.groups!;
      });
      assert.deepEqual(
        findings.map((f) => [f.path, f.line, f.column, f.severity, f.rule]),
        [
          [p('same/safety-slos.yaml'), '5', '11', 'error', 'conflict/unsatisfiable'],
          [p('same/tenants/acme.safety-slos.yaml'), '12', '11', 'error', 'conflict/unsatisfiable'],
        ],
      );
      assert.match(findings[0]!.message, /^Unsatisfiable with "acme_ood_recall_cap" .*no value is both >= 0\.90 and <= 0\.80/);
      assert.match(findings[1]!.message, /^Unsatisfiable with "ood_recall_7d" .*no value is both <= 0\.80 and >= 0\.90/);
      assert.equal(out[2], '2 errors, 0 warnings in 2 files checked.');
    });

    it('finds it too when the two files are given one by one, in any order', function () {
      const r = runCli(['check', abs('same/tenants/acme.safety-slos.yaml'), abs('same/safety-slos.yaml')]);
      assert.equal(r.status, 1);
      assert.equal((r.stdout.match(/ error conflict\/unsatisfiable /g) ?? []).length, 2, r.stdout);
    });

    it('json: the finding in each file, 1-based, related to the SLO in the other file', function () {
      const r = runCli(['check', '--format', 'json', 'same'], { cwd: tree.root });
      assert.equal(r.status, 1);
      const report = JSON.parse(r.stdout) as JsonReport;
      assert.deepEqual(report.summary, { files: 2, errors: 2, warnings: 0, infos: 0, unreadable: 0, waived: 0, baselined: 0 });
      const byPath = new Map(report.files.map((f) => [f.path, 'findings' in f ? f.findings : []]));
      const [onBase] = byPath.get(p('same/safety-slos.yaml'))!;
      const [onAcme] = byPath.get(p('same/tenants/acme.safety-slos.yaml'))!;
      assert.deepEqual([onBase!.rule, onBase!.line, onBase!.column, onBase!.endLine, onBase!.endColumn], ['conflict/unsatisfiable', 5, 11, 5, 24]);
      assert.deepEqual([onAcme!.rule, onAcme!.line, onAcme!.column, onAcme!.endLine, onAcme!.endColumn], ['conflict/unsatisfiable', 12, 11, 12, 30]);
      assert.equal(onBase!.related.length, 1);
      assert.equal(onBase!.related[0]!.line, 12);
      assert.equal(onBase!.related[0]!.column, 11);
      assert.equal(onBase!.related[0]!.message, '"acme_ood_recall_cap": <= 0.80 over 7d → degrade_to_safe_mode');
      assert.deepEqual([onAcme!.related[0]!.line, onAcme!.related[0]!.column], [5, 11]);
    });

    it('json: a related location in another file says which file it is in', function () {
      const r = runCli(['check', '--format', 'json', 'same'], { cwd: tree.root });
      const report = JSON.parse(r.stdout) as JsonReport;
      const base = report.files.find((f) => f.path === p('same/safety-slos.yaml'));
      assert.ok(base && 'findings' in base);
      const related = base.findings[0]!.related[0]! as unknown as Record<string, unknown>;
      // Line 12 alone is ambiguous: the base file has no line 12. Any field naming acme's file will do.
      assert.ok(
        Object.values(related).some((v) => typeof v === 'string' && v.replace(/\\/g, '/').endsWith('tenants/acme.safety-slos.yaml')),
        `the related location names tenants/acme.safety-slos.yaml: ${JSON.stringify(related)}`,
      );
    });

    it('no conflict between files of different models', function () {
      const r = runCli(['check', 'different'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout);
      assert.equal(r.stdout, '0 errors, 0 warnings in 2 files checked.\n');
    });

    it('only the inputs count: the tenant file alone has no conflict', function () {
      const r = runCli(['check', abs('same/tenants')]);
      assert.equal(r.status, 0, r.stdout);
      assert.equal(r.stdout, '0 errors, 0 warnings in 1 file checked.\n');
    });

    it('a warning-level conflict exits 0', function () {
      const r = runCli(['check', 'warnings'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout);
      assert.match(r.stdout, new RegExp(`^${p('warnings/tenants/acme.safety-slos.yaml').replace(/[\\.]/g, '\\$&')}:12:11 warning conflict/ineffective-override No effect: `, 'm'));
      assert.match(r.stdout, /^0 errors, 1 warning in 2 files checked\.$/m);
    });
  });

  describe('conflicts (table)', function () {
    it('prints a header and one row per finding, with both SLO names and file:line of both ends', function () {
      const r = runCli(['conflicts', 'same'], { cwd: tree.root });
      assert.equal(r.status, 1, 'an error-level conflict');
      assert.equal(r.stderr, '');
      const out = r.stdout.split('\n');
      assert.match(out[0]!, /^SEVERITY +KIND +SLO +WITH +DETAIL$/);
      const columns = ['SEVERITY', 'KIND', 'SLO', 'WITH', 'DETAIL'].map((h) => out[0]!.indexOf(h));
      const rows = out.slice(1).filter((l) => l.startsWith('error') || l.startsWith('warning') || l.startsWith('info'));
      assert.equal(rows.length, 2, r.stdout);
      const cells = rows.map((row) => columns.map((c, i) => row.slice(c, columns[i + 1]).trim()));
      const base = p('same/safety-slos.yaml');
      const acme = p('same/tenants/acme.safety-slos.yaml');
      assert.deepEqual(
        cells.map((c) => c.slice(0, 4)),
        [
          ['error', 'unsatisfiable', `ood_recall_7d (${base}:5)`, `acme_ood_recall_cap (${acme}:12)`],
          ['error', 'unsatisfiable', `acme_ood_recall_cap (${acme}:12)`, `ood_recall_7d (${base}:5)`],
        ],
        r.stdout,
      );
      assert.match(cells[0]![4]!, /^Unsatisfiable with "acme_ood_recall_cap" .*no value is both >= 0\.90 and <= 0\.80/);
      assert.match(r.stdout, /\n\n2 conflict findings\.\n$/);
    });

    it('checks "." when no path is given, with paths relative to it', function () {
      const r = runCli(['conflicts'], { cwd: abs('same') });
      assert.equal(r.status, 1);
      assert.match(r.stdout, /ood_recall_7d \(safety-slos\.yaml:5\) +acme_ood_recall_cap \(tenants[\\/]acme\.safety-slos\.yaml:12\)/);
    });

    it('"No conflicts." and exit 0 for files of different models', function () {
      const r = runCli(['conflicts', 'different'], { cwd: tree.root });
      assert.equal(r.status, 0);
      assert.equal(r.stdout, 'No conflicts.\n');
    });

    it('exit 0 when the only conflicts are warnings, still listed', function () {
      const r = runCli(['conflicts', 'warnings'], { cwd: tree.root });
      assert.equal(r.status, 0, r.stdout);
      const rows = r.stdout.split('\n').filter((l) => /^(error|warning|info) /.test(l));
      assert.equal(rows.length, 1, r.stdout);
      assert.match(rows[0]!, /^warning +ineffective-override +acme_ood_recall_cap \(.*acme\.safety-slos\.yaml:12\) +ood_recall_7d \(.*safety-slos\.yaml:5\) +No effect: /);
      assert.match(r.stdout, /\n1 conflict finding\.\n$/);
    });

    it('lists conflicts only: other findings neither appear nor set the exit code', function () {
      const r = runCli(['conflicts', 'other-findings'], { cwd: tree.root });
      assert.equal(r.status, 0);
      assert.equal(r.stdout, 'No conflicts.\n');
      // check does report that finding, as an error.
      assert.equal(runCli(['check', 'other-findings'], { cwd: tree.root }).status, 1);
    });

    it('exit 2 for a path that does not exist, still listing the conflicts of the others', function () {
      const r = runCli(['conflicts', 'missing', 'same'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.match(r.stdout, /^missing: error: no such file or folder$/m);
      assert.match(r.stdout, /\n2 conflict findings\.\n$/);
    });

    it('exit 2 for a missing path even when there is no conflict', function () {
      const r = runCli(['conflicts', 'missing'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.match(r.stdout, /^missing: error: no such file or folder$/m);
    });
  });

  describe('conflicts --format json', function () {
    it('has the documented shape: conflicts with kind, rule, severity, slo, path, 1-based position, with[], message, docUrl; errors', function () {
      const r = runCli(['conflicts', '--format', 'json', 'same'], { cwd: tree.root });
      assert.equal(r.status, 1);
      const report = JSON.parse(r.stdout) as JsonConflicts;
      assert.deepEqual(Object.keys(report), ['conflicts', 'errors', 'notices']);
      assert.deepEqual(report.errors, []);
      assert.equal(report.conflicts.length, 2);
      const [onBase, onAcme] = report.conflicts;
      assert.deepEqual(Object.keys(onBase!), ['kind', 'rule', 'severity', 'slo', 'path', 'line', 'column', 'with', 'message', 'docUrl']);
      assert.deepEqual(
        { ...onBase!, message: undefined },
        {
          kind: 'unsatisfiable',
          rule: 'conflict/unsatisfiable',
          severity: 'error',
          slo: 'ood_recall_7d',
          path: p('same/safety-slos.yaml'),
          line: 5,
          column: 11,
          with: [{ slo: 'acme_ood_recall_cap', uri: uri('same/tenants/acme.safety-slos.yaml'), line: 12, column: 11, message: '"acme_ood_recall_cap": <= 0.80 over 7d → degrade_to_safe_mode' }],
          message: undefined,
          docUrl: 'https://github.com/safety-specs/safety-specs/blob/main/docs/rules/conflict/unsatisfiable.md',
        },
      );
      assert.match(onBase!.message, /^Unsatisfiable with "acme_ood_recall_cap"/);
      assert.deepEqual(
        [onAcme!.slo, onAcme!.path, onAcme!.line, onAcme!.column, onAcme!.with.map((w) => [w.slo, w.uri, w.line, w.column])],
        ['acme_ood_recall_cap', p('same/tenants/acme.safety-slos.yaml'), 12, 11, [['ood_recall_7d', uri('same/safety-slos.yaml'), 5, 11]]],
      );
    });

    it('an empty list and exit 0 when there is no conflict; errors list unreadable paths (exit 2)', function () {
      const none = runCli(['conflicts', '--format', 'json', 'different'], { cwd: tree.root });
      assert.equal(none.status, 0);
      assert.deepEqual(JSON.parse(none.stdout), { conflicts: [], errors: [], notices: [] });

      const missing = runCli(['conflicts', '--format', 'json', 'missing', 'different'], { cwd: tree.root });
      assert.equal(missing.status, 2);
      assert.deepEqual(JSON.parse(missing.stdout), { conflicts: [], errors: [{ path: 'missing', error: 'no such file or folder' }], notices: [] });
    });

    it('warning-level conflicts: listed with their severity, exit 0', function () {
      const r = runCli(['conflicts', '--format', 'json', 'warnings'], { cwd: tree.root });
      assert.equal(r.status, 0);
      const report = JSON.parse(r.stdout) as JsonConflicts;
      assert.deepEqual(
        report.conflicts.map((c) => [c.kind, c.severity, c.slo, c.line, c.with.map((w) => w.slo)]),
        [['ineffective-override', 'warning', 'acme_ood_recall_cap', 12, ['ood_recall_7d']]],
      );
    });
  });

  describe('conflicts --output', function () {
    it('writes the table to the file, nothing to stdout; the exit code is unchanged', function () {
      const t = tempTree({});
      try {
        const out = join(t.root, 'conflicts.txt');
        const r = runCli(['conflicts', '--output', out, 'same'], { cwd: tree.root });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, '');
        assert.equal(r.stderr, '');
        const written = readFileSync(out, 'utf8');
        assert.match(written, /^SEVERITY +KIND +SLO +WITH +DETAIL\n/);
        assert.match(written, /\n2 conflict findings\.\n$/);
        // The same as what stdout gets without --output.
        assert.equal(written, runCli(['conflicts', 'same'], { cwd: tree.root }).stdout);
      } finally {
        t.cleanup();
      }
    });

    it('-o FILE with --format json writes the JSON', function () {
      const t = tempTree({});
      try {
        const out = join(t.root, 'conflicts.json');
        const r = runCli(['conflicts', '--format', 'json', '-o', out, 'same'], { cwd: tree.root });
        assert.equal(r.status, 1);
        assert.equal(r.stdout, '');
        assert.equal((JSON.parse(readFileSync(out, 'utf8')) as JsonConflicts).conflicts.length, 2);
      } finally {
        t.cleanup();
      }
    });

    it('2 with a clear message when the file cannot be written', function () {
      const r = runCli(['conflicts', '--output', join(tree.root, 'no', 'such', 'dir', 'c.txt'), 'same'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^safety-specs: --output .*c\.txt: cannot write \(ENOENT\)\n$/);
    });
  });

  describe('--config', function () {
    it('a conflict rule turned into a warning exits 0 (check and conflicts)', function () {
      const t = tempTree({ 'config.yaml': 'rules:\n  conflict/unsatisfiable: warning\n' });
      try {
        const config = join(t.root, 'config.yaml');
        const check = runCli(['check', '--config', config, 'same'], { cwd: tree.root });
        assert.equal(check.status, 0, check.stdout + check.stderr);
        assert.match(check.stdout, /warning conflict\/unsatisfiable/);
        const conflicts = runCli(['conflicts', '--config', config, 'same'], { cwd: tree.root });
        assert.equal(conflicts.status, 0, conflicts.stdout + conflicts.stderr);
        assert.match(conflicts.stdout, /^warning +unsatisfiable /m);
      } finally {
        t.cleanup();
      }
    });
  });
});
