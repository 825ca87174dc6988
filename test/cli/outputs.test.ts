// The report formats of the real CLI (text, json, sarif, junit, github), several at once from one run,
// --fail-on and the exit codes, GitHub's annotation cap and step summary, escaping in every format; and
// how each format renders what a run holds besides counted findings (suppressed and baselined findings,
// notices, stale baseline entries), with the formatters called on a RunReport built from a real analysis.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ANNOTATIONS_PER_LEVEL, formatGithub, githubStepSummary } from '../../server/src/cli/format/github';
import { formatJson } from '../../server/src/cli/format/json';
import { formatJunit } from '../../server/src/cli/format/junit';
import { summarise } from '../../server/src/cli/format/report';
import { formatText } from '../../server/src/cli/format/text';
import { ensureBuilt } from '../protocol/lsp-client';
import { CLEAN, DEFECTS } from '../protocol/policies';
import { FINDING_LINE, runCli, tempTree, type JsonReport } from './run-cli';
import { NOTICE, SAMPLE_PATH, sampleRun, STALE, WAIVER } from './sample-run';

const slo = (name: string, target: string, objective = 'Keep it healthy.', metric = name) =>
  `  - name: ${name}\n    metric: ${metric}\n    objective: "${objective}"\n    target: "${target}"\n    window: 7d\n    action_on_breach: rollback\n`;
const policy = (...slos: string[]) => `version: 1\nslos:\n${slos.join('')}`;
const range = (n: number) => [...Array(n).keys()];

/** One warning: an objective of two sentences. */
const WARNING_ONLY = policy(slo('a', '>= 0.9', 'Keep it. Then more.'));
/** One info: an SLO made redundant by a stricter one with the same action (conflict/redundant). */
const redundantPair = (metric: string) => slo(`${metric}_new`, '>= 0.90', 'Keep it healthy.', metric) + slo(`${metric}_old`, '>= 0.85', 'Keep it healthy.', metric);
const INFO_ONLY = policy(redundantPair('recall'));
/** Warnings first in the file, then errors: 13 warnings and 12 errors, more than GitHub annotates of each. */
const MANY = policy(...range(13).map((i) => slo(`w${i}`, '>= 0.9', 'Keep it. Then more.')), ...range(12).map((i) => slo(`e${i}`, '=> 0.9')));
/** A message quoting every character that needs escaping somewhere: XML's, GitHub's, a line break and U+0001. */
const ODD_TARGET = '=> 90%<&>\\"\'\\x01\\r\\nnext';
const ODD = policy(slo('odd', ODD_TARGET));
const ODD_DIR = 'odd, dir:1';

/** The folders the tests check, by name. */
const FOLDERS = {
  clean: CLEAN,
  defects: DEFECTS,
  warnings: WARNING_ONLY,
  info: INFO_ONLY,
  many: MANY,
  infos: policy(...range(ANNOTATIONS_PER_LEVEL + 1).map((i) => redundantPair(`m${i}`))),
  [ODD_DIR]: ODD,
};

describe('cli outputs', function () {
  this.timeout(60_000);
  let tree: ReturnType<typeof tempTree>;
  before(function () {
    ensureBuilt();
    tree = tempTree(Object.fromEntries(Object.entries(FOLDERS).map(([folder, text]) => [`${folder}/safety-slos.yaml`, text])));
  });
  after(() => tree?.cleanup());
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: tree.root, env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...env } });
  const file = (name: string) => join(tree.root, name);

  describe('several outputs from one run', function () {
    it('writes each --format FMT=FILE and the plain one to stdout, all with the same findings', function () {
      const paths = ['defects', 'warnings', 'info'];
      const r = cli(['check', ...paths, '--format', 'text', '--format', 'json=out.json', '--format', 'sarif=out.sarif', '--format', 'junit=out.xml', '--format', 'github=out.gh']);
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, cli(['check', ...paths]).stdout, 'stdout is the text report of a single run');
      assert.equal(readFileSync(file('out.json'), 'utf8'), cli(['check', ...paths, '--format', 'json']).stdout);
      assert.equal(readFileSync(file('out.sarif'), 'utf8'), cli(['check', ...paths, '--format', 'sarif']).stdout);
      const expected = fromText(r.stdout).sort();
      assert.equal(expected.length, 6, '4 errors, 1 warning, 1 info');
      assert.deepEqual(fromJson(readFileSync(file('out.json'), 'utf8')).sort(), expected);
      assert.deepEqual(fromSarif(readFileSync(file('out.sarif'), 'utf8')).sort(), expected);
      assert.deepEqual(fromJunit(readFileSync(file('out.xml'), 'utf8')).sort(), expected);
      assert.deepEqual(fromGithub(readFileSync(file('out.gh'), 'utf8')).sort(), expected, 'GitHub annotates the most severe first');
    });

    it('the plain --format goes to --output', function () {
      const r = cli(['check', 'defects', '--format', 'json', '-o', 'main.json', '--format', 'text=also.txt']);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, '');
      assert.equal((JSON.parse(readFileSync(file('main.json'), 'utf8')) as JsonReport).summary.errors, 4);
      assert.match(readFileSync(file('also.txt'), 'utf8'), /^4 errors, 0 warnings in 1 file checked\.$/m);
    });

    it('usage errors are one line on stderr, exit 2, and nothing is written', function () {
      const cases: [string[], RegExp][] = [
        [['--format', 'text', '--format', 'json'], /^--format text and --format json would both write to standard output: send one to a file with --format json=FILE\.$/],
        [['--format', 'sarif', '--format', 'junit', '-o', 'x.out'], /^--format sarif and --format junit would both write to --output x\.out/],
        [['--format', 'xml'], /^--format must be one of text, json, sarif, junit, github, not "xml"\.$/],
        [['--format', 'xml=out.xml'], /^--format must be one of text, json, sarif, junit, github, not "xml"\.$/],
        [['--format', 'sarif='], /^--format sarif=: name the file after "="/],
        [['--format', 'sarif=same.out', '--format', 'junit=./same.out'], /^two reports would be written to \.\/same\.out: give each its own file\.$/],
        [['-o', 'same.out', '--format', 'junit=same.out'], /^two reports would be written to same\.out/],
        [['--fail-on', 'fatal'], /^--fail-on must be one of error, warning, info, not "fatal"\.$/],
        [['--fail-on'], /^Option '--fail-on <value>' argument missing/],
      ];
      for (const [args, message] of cases) {
        const r = cli(['check', 'defects', ...args]);
        assert.equal(r.status, 2, args.join(' '));
        assert.equal(r.stdout, '', args.join(' '));
        assert.match(r.stderr, /^safety-specs: [^\n]+\n$/, `one line: ${r.stderr}`);
        assert.match(r.stderr.slice('safety-specs: '.length, -1), message);
      }
      assert.ok(!existsSync(file('same.out')) && !existsSync(file('x.out')));
    });

    it('2 with a clear message when a FMT=FILE cannot be written', function () {
      const r = cli(['check', 'clean', '--format', 'sarif=no/such/dir/out.sarif']);
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'safety-specs: --format sarif=no/such/dir/out.sarif: cannot write (ENOENT)\n');
    });
  });

  describe('--fail-on', function () {
    it('exit 1 when a counted finding is at or above the threshold (default error), 2 for an unreadable input', function () {
      const expected: [string[], Record<'error' | 'warning' | 'info', number>][] = [
        [['clean'], { error: 0, warning: 0, info: 0 }],
        [['info'], { error: 0, warning: 0, info: 1 }],
        [['warnings'], { error: 0, warning: 1, info: 1 }],
        [['defects'], { error: 1, warning: 1, info: 1 }],
        [['clean', 'missing.yaml'], { error: 2, warning: 2, info: 2 }],
      ];
      for (const [paths, byThreshold] of expected) {
        assert.equal(cli(['check', ...paths]).status, byThreshold.error, `${paths} by default`);
        for (const [threshold, status] of Object.entries(byThreshold)) {
          assert.equal(cli(['check', ...paths, '--fail-on', threshold]).status, status, `${paths} --fail-on ${threshold}`);
        }
      }
    });

    it('applies to conflicts too', function () {
      assert.equal(cli(['conflicts', 'info']).status, 0);
      assert.equal(cli(['conflicts', 'info', '--fail-on', 'warning']).status, 0);
      const r = cli(['conflicts', 'info', '--fail-on', 'info']);
      assert.equal(r.status, 1);
      assert.match(r.stdout, /^info +redundant /m, 'conflicts keeps its own table');
      assert.equal(cli(['conflicts', 'warnings', '--fail-on', 'info']).status, 0, 'a warning that is not a conflict does not count');
    });

    it('is listed in the help with the new formats', function () {
      for (const args of [['check', '--help'], ['help', 'check'], ['conflicts', '--help']]) {
        const r = cli(args);
        assert.equal(r.status, 0);
        assert.match(r.stdout, /^ {2}--format FMT\[=FILE\] +report format: text, json, sarif, junit or github \(default: text\)\.$/m);
        assert.match(r.stdout, /--format text --format sarif=out\.sarif --format junit=junit\.xml/);
        assert.match(r.stdout, /^ {2}--fail-on LEVEL +exit 1 when a finding is at or above LEVEL: error, warning or info$/m);
      }
    });
  });

  describe('--format junit', function () {
    it('one testcase per file: a failure per failing file listing its findings, an error per unreadable path', function () {
      const r = cli(['check', 'defects', 'warnings', 'info', 'clean', 'missing.yaml', '--format', 'junit']);
      assert.equal(r.status, 2);
      assertWellFormed(r.stdout);
      const suite = junit(r.stdout);
      assert.equal(suite.name, 'safety-specs');
      assert.deepEqual([suite.tests, suite.failures, suite.errors, suite.skipped], ['5', '1', '1', '0']);
      assert.match(suite.time, /^\d+\.\d{3}$/);
      const cases = suite.testcase ?? [];
      const paths = ['defects/safety-slos.yaml', 'warnings/safety-slos.yaml', 'info/safety-slos.yaml', 'clean/safety-slos.yaml', 'missing.yaml'];
      assert.deepEqual(cases.map((c) => [c.classname, c.name]), paths.map((p) => [p, p]));
      const [defects, warnings, info, clean, missing] = cases;
      const failure = defects!.failure!;
      assert.equal(failure.length, 1, 'one failure: reporters show only the first');
      assert.equal(failure[0]!.type, 'slo/target-syntax schema/unknown-key never-event/action-severity slo/duplicate-name');
      assert.match(failure[0]!.message, /^4 findings; the first: Target "=> 0\.90" has no valid comparator/);
      const body = failure[0]!['#text'].split('\n');
      assert.deepEqual(body.filter((l) => FINDING_LINE.test(l)).map((l) => l.match(FINDING_LINE)!.groups!.rule), ['slo/target-syntax', 'schema/unknown-key', 'never-event/action-severity', 'slo/duplicate-name']);
      assert.equal(body.filter((l) => /^ {2}https:\/\/.+\/docs\/rules\/.+\.md$/.test(l)).length, 4, 'a doc link per finding');
      assert.equal(warnings!.failure, undefined, 'a warning is below --fail-on error');
      assert.match(warnings!['system-out']![0]!, /warning slo\/objective-sentence .*\n {2}https:.*\n {2}\(below --fail-on error\)/);
      assert.equal(info!.failure, undefined);
      assert.deepEqual(Object.keys(clean!).sort(), ['classname', 'file', 'name', 'time']);
      assert.equal(missing!.error![0]!.message, 'no such file or folder');
    });

    it('follows --fail-on: what fails the run fails the testcase', function () {
      const failures = (threshold: string) => junit(cli(['check', 'defects', 'warnings', 'info', '--format', 'junit', '--fail-on', threshold]).stdout).failures;
      assert.deepEqual(['error', 'warning', 'info'].map(failures), ['1', '2', '3']);
    });

    it("is well-formed for a message with <&>\"' and U+0001, and keeps them readable", function () {
      const r = cli(['check', ODD_DIR, '--format', 'junit']);
      assertWellFormed(r.stdout);
      assert.ok(!r.stdout.includes('\u0001'));
      const message = fromJsonMessages(cli(['check', ODD_DIR, '--format', 'json']).stdout)[0]!;
      assert.ok(message.includes('<&>"\'\u0001\r\nnext'), `the finding does quote them: ${message}`);
      const failure = junit(r.stdout).testcase![0]!.failure![0]!;
      assert.equal(failure.message, message.replace('\u0001', '\\u0001'), 'the attribute keeps line breaks');
      assert.ok(failure['#text'].includes(message.replace('\u0001', '\\u0001')), failure['#text']);
    });
  });

  describe('--format github', function () {
    it('annotates the most severe first, 10 per level, then one line with how many more and where; all of them in the step summary', function () {
      const summary = file('summary.md');
      writeFileSync(summary, '# An earlier step\n');
      const r = cli(['check', 'many', '--format', 'github', '--format', 'sarif=many.sarif'], { GITHUB_STEP_SUMMARY: summary });
      assert.equal(r.status, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 21);
      const commands = lines.slice(0, 20).map(parseCommand);
      assert.deepEqual(commands.map((c) => c.level), [...Array(10).fill('error'), ...Array(10).fill('warning')]);
      const all = fromText(cli(['check', 'many']).stdout);
      const errors = all.filter((k) => k.includes(' error '));
      const warnings = all.filter((k) => k.includes(' warning '));
      assert.deepEqual(fromGithub(lines.slice(0, 20).join('\n')), [...errors.slice(0, 10), ...warnings.slice(0, 10)], 'the first of each level, in file order');
      assert.equal(lines[20], '::notice::5 more not shown as annotations (GitHub shows 10 per level in a step): 2 errors, 3 warnings. See the job summary and many.sarif.');
      const markdown = readFileSync(summary, 'utf8');
      assert.ok(markdown.startsWith('# An earlier step\n### safety-specs\n'), 'appended');
      assert.match(markdown, /^12 errors, 13 warnings in 1 file checked\.$/m);
      const rows = markdown.split('\n').filter((l) => l.startsWith('| many/'));
      assert.equal(rows.length, 25);
      assert.deepEqual(rows.map((l) => l.split(' | ')[1]), [...Array(12).fill('error'), ...Array(13).fill('warning')]);
      assert.match(rows[0]!, /^\| many\/safety-slos\.yaml:\d+ \| error \| \[slo\/target-syntax\]\(https:\/\/[^)]+\/docs\/rules\/slo\/target-syntax\.md\) \| Target "=&gt; 0\.9" has no valid comparator\./);
    });

    it('says where else to look when there is no step summary; a plain line when the notices are used up too', function () {
      const many = cli(['check', 'many', '--format', 'github']).stdout.trimEnd().split('\n');
      assert.match(many.at(-1)!, /^::notice::5 more .*\. See the full list with --format text\.$/);
      const infos = cli(['check', 'infos', '--format', 'github']).stdout.trimEnd().split('\n');
      assert.deepEqual(infos.slice(0, -1).map((l) => parseCommand(l).level), Array(10).fill('notice'));
      assert.equal(infos.at(-1), '1 more not shown as annotations (GitHub shows 10 per level in a step): 1 notice. See the full list with --format text.');
    });

    it('escapes data and properties as GitHub reads them', function () {
      const r = cli(['check', ODD_DIR, '--format', 'github']);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines.length, 1, 'the line breaks in the message are escaped');
      assert.ok(lines[0]!.startsWith('::error file=odd%2C dir%3A1/safety-slos.yaml,line='), lines[0]);
      const command = parseCommand(lines[0]!);
      const json = JSON.parse(cli(['check', ODD_DIR, '--format', 'json']).stdout) as JsonReport;
      const finding = (json.files[0] as Extract<JsonReport['files'][number], { findings: unknown }>).findings[0]!;
      assert.deepEqual(command.properties, {
        file: `${ODD_DIR}/safety-slos.yaml`,
        line: String(finding.line),
        col: String(finding.column),
        endLine: String(finding.endLine),
        endColumn: String(finding.endColumn),
        title: finding.rule,
      });
      assert.equal(command.message, `${finding.message}\n${finding.docUrl}`);
    });

    it('an unreadable path is an error without a file; no step summary without --format github', function () {
      const summary = file('untouched.md');
      writeFileSync(summary, '');
      const r = cli(['check', 'clean', 'missing.yaml', '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
      assert.equal(r.status, 2);
      assert.equal(r.stdout, '::error::missing.yaml: no such file or folder\n');
      const markdown = readFileSync(summary, 'utf8');
      assert.match(markdown, /^0 errors, 0 warnings in 1 file checked; 1 path could not be checked\.$/m);
      assert.match(markdown, /^\| missing\.yaml \| error \| {2}\| no such file or folder \|$/m);
      cli(['check', 'defects', '--format', 'sarif', '--format', 'text=d.txt'], { GITHUB_STEP_SUMMARY: summary });
      assert.equal(readFileSync(summary, 'utf8'), markdown, 'only a github report writes a step summary');
    });
  });

  describe('suppressed and baselined findings, notices and stale baseline entries', function () {
    const { run, waived, baselined, counted } = sampleRun();
    const summary = summarise(run);

    it('are counted apart: only counted findings are errors, warnings or infos', function () {
      assert.deepEqual(summary, { files: 2, errors: 2, warnings: 0, infos: 0, unreadable: 1, waived: 1, baselined: 1 });
    });

    it('text: counted findings listed, the others counted in the footer; a line per notice and per stale entry', function () {
      const lines = formatText(run, summary, false).trimEnd().split('\n');
      assert.deepEqual(lines.filter((l) => FINDING_LINE.test(l)).map((l) => l.match(FINDING_LINE)!.groups!.rule), counted.map((f) => f.rule));
      assert.ok(!lines.some((l) => l.includes(waived.message) || l.includes(baselined.message)), 'suppressed and baselined findings are not listed');
      assert.ok(lines.includes(`${NOTICE.path}: warning: ${NOTICE.message}`));
      const stale = lines.indexOf('1 baseline entry no longer occurs; run with --update-baseline to drop it:');
      assert.ok(stale > 0, lines.join('\n'));
      assert.equal(lines[stale + 1], `  ${STALE.path}: ${STALE.rule} ${STALE.message}`);
      assert.equal(lines.at(-1), '2 errors, 0 warnings in 1 file checked; 1 path could not be checked; 1 suppressed and 1 baselined findings not listed.');
    });

    it('json: waived with reason and expiry, baselined, notices and stale entries', function () {
      const report = JSON.parse(formatJson(run, summary)) as JsonReport;
      assert.deepEqual(Object.keys(report), ['tool', 'summary', 'files', 'notices', 'stale']);
      const file = report.files[0] as Extract<JsonReport['files'][number], { findings: unknown }>;
      assert.deepEqual(file.findings.map((f) => f.rule), counted.map((f) => f.rule));
      assert.equal(file.waived.length, 1);
      assert.deepEqual(
        { rule: file.waived[0]!.rule, line: file.waived[0]!.line, message: file.waived[0]!.message, reason: file.waived[0]!.reason, until: file.waived[0]!.until },
        { rule: waived.rule, line: waived.range.start.line + 1, message: waived.message, reason: WAIVER.reason, until: WAIVER.until },
      );
      assert.deepEqual(file.baselined.map((f) => [f.rule, f.line]), [[baselined.rule, baselined.range.start.line + 1]]);
      assert.deepEqual(report.notices, [NOTICE]);
      assert.deepEqual(report.stale, [STALE]);
    });

    it('junit: neither suppressed nor baselined findings fail; they are in system-out with the reason; run notes at the end', function () {
      const xml = formatJunit(run, summary, { failOn: 'error', seconds: 1.5 });
      assertWellFormed(xml);
      const suite = junit(xml);
      assert.deepEqual([suite.tests, suite.failures, suite.errors, suite.time], ['2', '1', '1', '1.500']);
      const audited = suite.testcase![0]!;
      assert.equal(audited.failure![0]!.message, `2 findings; the first: ${counted[0]!.message}`);
      assert.ok(!audited.failure![0]!['#text'].includes(waived.message) && !audited.failure![0]!['#text'].includes(baselined.message));
      const out = audited['system-out']![0]!;
      assert.ok(out.includes(`${SAMPLE_PATH}:${waived.range.start.line + 1}:${waived.range.start.character + 1} error ${waived.rule} ${waived.message}`), out);
      assert.ok(out.includes(`(suppressed: ${WAIVER.reason}; until ${WAIVER.until})`), out);
      assert.ok(out.includes(`${baselined.rule} ${baselined.message}\n  ${baselined.docUrl}\n  (baselined)`), out);
      assert.deepEqual(suite['system-out'], [`${NOTICE.path}: warning: ${NOTICE.message}\n${STALE.path}: ${STALE.rule} ${STALE.message} (stale baseline entry)`]);
    });

    it('github: only counted findings are annotated; a notice is a warning without a file; the step summary counts the rest', function () {
      const commands = formatGithub(run, 'elsewhere').trimEnd().split('\n').map(parseCommand);
      assert.deepEqual(
        commands.map((c) => [c.level, c.properties.title ?? '', c.message.split('\n')[0]]),
        [...counted.map((f) => ['error', f.rule, f.message]), ['error', '', 'missing.yaml: no such file or folder'], ['warning', '', `${NOTICE.path}: ${NOTICE.message}`]],
      );
      assert.match(githubStepSummary(run, summary), /^2 errors, 0 warnings in 1 file checked; 1 path could not be checked; 1 suppressed and 1 baselined findings not listed\.$/m);
    });
  });
});

type Severity = 'error' | 'warning' | 'info';
const key = (path: string, line: number | string, column: number | string, severity: Severity, rule: string) => `${path.split('\\').join('/')}:${line}:${column} ${severity} ${rule}`;

// Each reads the findings of one format as `path:line:col severity rule`, in the order the format lists them.
function fromText(stdout: string): string[] {
  return stdout.split('\n').flatMap((l) => {
    const g = l.match(FINDING_LINE)?.groups;
    return g ? [key(g.path!, g.line!, g.column!, g.severity as Severity, g.rule!)] : [];
  });
}

function fromJson(text: string): string[] {
  return (JSON.parse(text) as JsonReport).files.flatMap((f) => ('findings' in f ? f.findings.map((x) => key(f.path, x.line, x.column, x.severity, x.rule)) : []));
}

function fromJsonMessages(text: string): string[] {
  return (JSON.parse(text) as JsonReport).files.flatMap((f) => ('findings' in f ? f.findings.map((x) => x.message) : []));
}

function fromSarif(text: string): string[] {
  const log = JSON.parse(text) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
  const severity: Record<string, Severity> = { error: 'error', warning: 'warning', note: 'info' };
  return log.runs[0]!.results.map((r) => {
    const { artifactLocation, region } = r.locations[0]!.physicalLocation;
    return key(artifactLocation.uri, region.startLine, region.startColumn, severity[r.level]!, r.ruleId);
  });
}

/** Every finding line in the failures and system-out of the JUnit report. */
function fromJunit(xml: string): string[] {
  const texts = (junit(xml).testcase ?? []).flatMap((c) => [...(c.failure ?? []).map((f) => f['#text']), ...(c['system-out'] ?? [])]);
  return fromText(texts.join('\n'));
}

function fromGithub(text: string): string[] {
  const severity: Record<string, Severity> = { error: 'error', warning: 'warning', notice: 'info' };
  return text.trimEnd().split('\n').map(parseCommand).filter((c) => c.properties.file).map((c) => key(c.properties.file!, c.properties.line!, c.properties.col!, severity[c.level]!, c.properties.title!));
}

interface WorkflowCommand {
  readonly level: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** Reads a workflow command the way the GitHub runner does, undoing its escapes. */
function parseCommand(line: string): WorkflowCommand {
  const m = /^::(error|warning|notice)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `a workflow command: ${line}`);
  const data = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const property = (s: string) => data(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const properties = Object.fromEntries((m[2] ? m[2].split(',') : []).map((p) => {
    const at = p.indexOf('=');
    return [p.slice(0, at), property(p.slice(at + 1))];
  }));
  return { level: m[1]!, properties, message: data(m[3]!) };
}

interface JunitText {
  readonly message: string;
  readonly type: string;
  readonly '#text': string;
}

interface JunitCase {
  readonly classname: string;
  readonly name: string;
  readonly file: string;
  readonly time: string;
  readonly failure?: JunitText[];
  readonly error?: JunitText[];
  readonly 'system-out'?: string[];
}

interface JunitSuite {
  readonly name: string;
  readonly tests: string;
  readonly failures: string;
  readonly errors: string;
  readonly skipped: string;
  readonly time: string;
  readonly testcase?: JunitCase[];
  readonly 'system-out'?: string[];
}

/** The report's one testsuite, read as CI reporters read it (attributes and entities decoded). */
function junit(xml: string): JunitSuite {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    htmlEntities: true,
    isArray: (name) => ['testcase', 'failure', 'error', 'system-out'].includes(name),
  });
  return (parser.parse(xml) as { testsuite: JunitSuite }).testsuite;
}

/** fast-xml-parser's validator checks the structure; XML 1.0's character and attribute rules are checked here. */
function assertWellFormed(xml: string): void {
  assert.equal(XMLValidator.validate(xml), true);
  assert.match(xml, /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u, 'only characters XML 1.0 allows');
  for (const [, value] of xml.matchAll(/="([^"]*)"/g)) {
    assert.doesNotMatch(value!, /<|&(?!(?:amp|lt|gt|quot|apos|#\d+);)/, `attribute value ${value}`);
  }
}
