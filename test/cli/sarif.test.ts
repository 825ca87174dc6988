// SARIF output of the real CLI, checked against the SARIF 2.1.0 schema and Microsoft's own validator.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { runCli, tempTree } from './run-cli';
import { NOTICE, SAMPLE_PATH, sampleRun, WAIVER } from './sample-run';

const REPO = resolve(__dirname, '..', '..');
const SCHEMA = resolve(REPO, '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

interface SarifLog {
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; fullDescription: { text: string }; help: { text: string } }[] } };
    results: {
      ruleId: string;
      level: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }[];
      relatedLocations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
      partialFingerprints: Record<string, string>;
      baselineState?: string;
      suppressions?: { kind: string; justification: string; location: { physicalLocation: { region: { startLine: number } } }; properties?: Record<string, string> }[];
    }[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
  }[];
}

function sarifOf(args: string[], cwd = REPO): SarifLog {
  const r = runCli([...args, '--format', 'sarif'], { cwd });
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as SarifLog;
}

describe('SARIF output', function () {
  let examples: SarifLog;
  /** Suppressed and baselined findings, an unreadable path and a notice, with a baseline applied. */
  let audited: SarifLog;
  before(() => {
    examples = sarifOf(['check', 'examples']);
    audited = JSON.parse(formatSarif(sampleRun().run)) as SarifLog;
  });

  it('is valid against the SARIF 2.1.0 JSON Schema', function () {
    if (!existsSync(SCHEMA)) {
      console.log(`      (skipped: ${SCHEMA} is absent)`);
      return this.skip();
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    for (const log of [examples, sarifOf(['conflicts', 'examples']), audited]) assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  });

  it("passes Microsoft's SARIF validator (sarif-multitool validate) with no error or warning", function () {
    this.timeout(120_000);
    let binary: string;
    try {
      // The package's main export is the path of the platform's validator binary.
      binary = createRequire(__filename)('@microsoft/sarif-multitool-linux') as string;
    } catch {
      console.log('      (skipped: @microsoft/sarif-multitool-linux is not installed for this platform)');
      return this.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'safety-specs-sarif-'));
    try {
      for (const [name, log] of Object.entries({ examples, audited })) {
        const input = join(dir, `${name}.sarif`);
        const output = join(dir, `${name}.validation.sarif`);
        writeFileSync(input, JSON.stringify(log));
        const r = spawnSync(binary, ['validate', input, '--output', output], { encoding: 'utf8', timeout: 110_000 });
        assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
        const report = JSON.parse(readFileSync(output, 'utf8')) as SarifLog;
        const problems = report.runs[0]!.results.filter((x) => x.level === 'error' || x.level === 'warning');
        assert.deepEqual(problems, [], name);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('describes every rule: id, descriptions, help text and help URI', function () {
    const { rules } = examples.runs[0]!.tool.driver;
    const ids = JSON.parse(runCli(['rules', '--format', 'json']).stdout) as { id: string }[];
    assert.deepEqual(rules.map((r) => r.id), ids.map((r) => r.id));
    for (const rule of rules) {
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text, rule.id);
      assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}\\.md$`));
    }
  });

  it('reports each finding with a repo-relative location, 1-based region, and a fingerprint', function () {
    const json = JSON.parse(runCli(['check', 'examples', '--format', 'json'], { cwd: REPO }).stdout) as {
      files: { path: string; findings: { rule: string; line: number; column: number; endLine: number; endColumn: number }[] }[];
    };
    const expected = json.files.flatMap((f) => f.findings.map((x) => [f.path.split('\\').join('/'), x.rule, x.line, x.column, x.endLine, x.endColumn]));
    const actual = examples.runs[0]!.results.map((r) => {
      const { artifactLocation, region } = r.locations[0]!.physicalLocation;
      return [artifactLocation.uri, r.ruleId, region.startLine, region.startColumn, region.endLine, region.endColumn];
    });
    assert.deepEqual(actual, expected);
    for (const r of examples.runs[0]!.results) assert.match(r.partialFingerprints['safetySpecs/v1']!, /^[0-9a-f]{32}$/);
  });

  it('gives a cross-file conflict a related location in the other file', function () {
    const conflict = examples.runs[0]!.results.find((r) => r.ruleId === 'conflict/ineffective-override');
    assert.ok(conflict, 'the demo has a cross-file ineffective override');
    assert.equal(conflict.locations[0]!.physicalLocation.artifactLocation.uri, 'examples/claims-triage/tenants/acme.safety-slos.yaml');
    assert.ok(conflict.relatedLocations?.some((r) => r.physicalLocation.artifactLocation.uri === 'examples/claims-triage/safety-slos.yaml'));
  });

  it('keeps a fingerprint when the SLO moves or is reformatted, and changes it when the value changes', function () {
    const policy = (slos: string) => `version: 1\nmodel: m\nslos:\n${slos}`;
    const a = '  - name: ood_recall_7d\n    objective: "Detect shift."\n    target: "=> 0.90"\n    window: 7d\n    action_on_breach: alert\n';
    const b = '  - name: ece_24h\n    objective: "Calibrate."\n    target: "<= 0.05"\n    window: 24h\n    action_on_breach: page\n';
    const moved = '  - { name: ood_recall_7d, objective: "Detect shift.",\n      target: "=>  0.90", window: 7d, action_on_breach: alert }\n';
    const changed = a.replace('=> 0.90', '=> 0.95');
    const tree = tempTree({ 'a/safety-slos.yaml': policy(a + b), 'b/safety-slos.yaml': policy(b + moved), 'c/safety-slos.yaml': policy(changed + b) });
    try {
      const fp = (dir: string) => sarifOf(['check', join(tree.root, dir)]).runs[0]!.results.filter((r) => r.ruleId === 'slo/target-syntax').map((r) => r.partialFingerprints['safetySpecs/v1']);
      const [original] = fp('a');
      assert.ok(original);
      assert.deepEqual(fp('b'), [original], 'moved below another SLO and rewritten as a flow map');
      assert.notEqual(fp('c')[0], original, 'a different offending value');
    } finally {
      tree.cleanup();
    }
  });

  it('gives a suppressed finding an in-source suppression with its reason and expiry, at the comment', function () {
    const { waived } = sampleRun();
    const results = audited.runs[0]!.results.filter((r) => r.suppressions);
    assert.equal(results.length, 1);
    assert.equal(results[0]!.ruleId, waived.rule);
    assert.equal(results[0]!.locations[0]!.physicalLocation.region.startLine, waived.range.start.line + 1);
    assert.deepEqual(results[0]!.suppressions, [
      {
        kind: 'inSource',
        justification: WAIVER.reason,
        location: { physicalLocation: { artifactLocation: { uri: SAMPLE_PATH, uriBaseId: '%SRCROOT%' }, region: { startLine: 6, startColumn: 5, endLine: 6, endColumn: 61 } } },
        properties: { until: WAIVER.until },
      },
    ]);
  });

  it('with a baseline, marks baselined results unchanged and the others new; without one, neither', function () {
    const { baselined, counted } = sampleRun();
    const states = audited.runs[0]!.results.map((r) => [r.ruleId, r.baselineState, !!r.suppressions]);
    assert.deepEqual(states, [...counted.map((f) => [f.rule, 'new', false]), [sampleRun().waived.rule, 'new', true], [baselined.rule, 'unchanged', false]]);
    assert.ok(examples.runs[0]!.results.every((r) => r.baselineState === undefined && r.suppressions === undefined));
  });

  it('reports an unreadable path as an error notification and a notice as a warning one', function () {
    const [invocation] = audited.runs[0]!.invocations;
    assert.equal(invocation!.executionSuccessful, false);
    assert.deepEqual(
      invocation!.toolExecutionNotifications.map((n) => [n.level, n.message.text, n.locations[0]!.physicalLocation.artifactLocation.uri]),
      [
        ['error', 'no such file or folder', 'missing.yaml'],
        ['warning', NOTICE.message, NOTICE.path],
      ],
    );
  });
});
