// SARIF output of the real CLI, checked against the SARIF 2.1.0 schema and Microsoft's own validator.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runCli, tempTree } from './run-cli';

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
    }[];
  }[];
}

function sarifOf(args: string[], cwd = REPO): SarifLog {
  const r = runCli([...args, '--format', 'sarif'], { cwd });
  assert.equal(r.stderr, '');
  return JSON.parse(r.stdout) as SarifLog;
}

describe('SARIF output', function () {
  let examples: SarifLog;
  before(() => {
    examples = sarifOf(['check', 'examples']);
  });

  it('is valid against the SARIF 2.1.0 JSON Schema', function () {
    if (!existsSync(SCHEMA)) {
      console.log(`      (skipped: ${SCHEMA} is absent)`);
      return this.skip();
    }
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    assert.ok(validate(examples), JSON.stringify(validate.errors, null, 2));
    const conflicts = sarifOf(['conflicts', 'examples']);
    assert.ok(validate(conflicts), JSON.stringify(validate.errors, null, 2));
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
      const input = join(dir, 'examples.sarif');
      const output = join(dir, 'validation.sarif');
      writeFileSync(input, JSON.stringify(examples));
      const r = spawnSync(binary, ['validate', input, '--output', output], { encoding: 'utf8', timeout: 110_000 });
      assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
      const report = JSON.parse(readFileSync(output, 'utf8')) as SarifLog;
      const problems = report.runs[0]!.results.filter((x) => x.level === 'error' || x.level === 'warning');
      assert.deepEqual(problems, []);
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
});
