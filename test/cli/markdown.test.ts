// The CLI over model folders: the policy, its model card and its deliberation notes checked together on real
// git repositories in temp folders. Each cross-file finding is reported once, on the file it is about; plain
// READMEs are left alone; the Markdown files flow through every report format.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { card } from '../../server/src/engine/card/testing';
import { note } from '../../server/src/engine/note/testing';
import { ensureBuilt } from '../protocol/lsp-client';
import { runCli, tempTree, type JsonReport } from './run-cli';

const SARIF_SCHEMA = resolve(__dirname, '..', '..', '..', 'shared', 'schemas', 'sarif-schema-2.1.0.json');

/** Clean on its own; `unreviewed_denials` covers the card's NE-1. */
const POLICY = [
  'version: 1',
  'model: claims-triage',
  'slos:',
  '  - name: ood_recall_7d',
  '    objective: "Detect distribution shift before harm."',
  '    target: ">= 0.90"',
  '    window: 7d',
  '    action_on_breach: rollback',
  '  - name: unreviewed_denials',
  '    objective: "No claim is denied without a human review."',
  '    target: "== 0"',
  '    window: rolling',
  '    action_on_breach: kill_switch',
  '    never_events: [NE-1]',
  '',
].join('\n');

/** Clean on its own, whatever the day the tests run (no due date). */
const NOTE = (slos = '[ood_recall_7d]', extra: Record<string, string> = {}) =>
  note({ front: { slos, ...extra }, sections: { 'Decision and actions': 'Approved.\n\n- [ ] raise the OOD threshold — owner: @sre-oncall' } });

/** A card with NE-1 (covered) and NE-2 (covered by no SLO). */
const CARD_WITH_UNCOVERED = card({ neverEvents: '## Never events\n\n- `NE-1` Never deny a claim without a human review.\n- `NE-2` Never use a protected attribute as a feature.\n' });

/** A temp folder of files made a git repository (so .gitignore applies as in CI). */
function repo(files: Record<string, string>) {
  const tree = tempTree(files, { modelFolders: true });
  execFileSync('git', ['init', '-q'], { cwd: tree.root, stdio: 'pipe' });
  return tree;
}

function json(args: readonly string[], cwd: string) {
  const result = runCli([...args, '--format', 'json'], { cwd });
  return { ...result, report: JSON.parse(result.stdout) as JsonReport };
}

/** `path -> rule ids` of every checked file (forward slashes), in report order. */
function rulesByPath(report: JsonReport): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const file of report.files) out[file.path.split(sep).join('/')] = 'findings' in file ? file.findings.map((f) => f.rule) : [`error: ${file.error}`];
  return out;
}

/** Each rule id a file's findings carry, once, sorted. */
const ruleSet = (rules: readonly string[] | undefined) => [...new Set(rules ?? [])].sort();

describe('cli: model cards and deliberation notes', function () {
  this.timeout(60_000);
  before(ensureBuilt);

  it('a clean model folder: the policy, card and note are each checked, with nothing to report', function () {
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': card(), 'm/deliberation-note.md': NOTE() });
    try {
      const { status, report } = json(['check'], tree.root);
      assert.deepEqual(rulesByPath(report), { 'm/safety-slos.yaml': [], 'm/MODEL_CARD.md': [], 'm/deliberation-note.md': [] });
      assert.equal(status, 0);
    } finally {
      tree.cleanup();
    }
  });

  it('lands each cross-file finding once, on the file it is about, however many inputs reach the folder', function () {
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': CARD_WITH_UNCOVERED, 'm/deliberation-note.md': NOTE('[ood_recall_7d, appeal_rate_28d]') });
    try {
      for (const args of [['check'], ['check', 'm'], ['check', 'm', 'm/MODEL_CARD.md', 'm/deliberation-note.md', 'm/safety-slos.yaml', '.']]) {
        const { status, report } = json(args, tree.root);
        assert.deepEqual(rulesByPath(report), {
          'm/safety-slos.yaml': [],
          'm/MODEL_CARD.md': ['model/never-event-coverage'],
          'm/deliberation-note.md': ['model/unknown-slo'],
        }, args.join(' '));
        const uncovered = report.files.flatMap((f) => ('findings' in f ? f.findings : [])).find((f) => f.rule === 'model/never-event-coverage');
        assert.match(uncovered!.message, /"NE-2"/);
        assert.equal(status, 1, 'model/never-event-coverage is an error');
      }
    } finally {
      tree.cleanup();
    }
  });

  it('a model folder without a note: one model/missing-note finding, on the policy', function () {
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': card() });
    try {
      const { status, report } = json(['check', 'm/MODEL_CARD.md', 'm'], tree.root);
      assert.deepEqual(rulesByPath(report), { 'm/MODEL_CARD.md': [], 'm/safety-slos.yaml': ['model/missing-note'] });
      assert.equal(status, 0, 'a warning');
      assert.equal(runCli(['check', '--fail-on', 'warning', 'm'], { cwd: tree.root }).status, 1);
    } finally {
      tree.cleanup();
    }
  });

  it('a plain README.md is never reported, in a model folder or not, walked or named', function () {
    const tree = repo({ 'README.md': '# The project\n\nSee m/.\n', 'm/safety-slos.yaml': POLICY, 'm/README.md': '# Triage\n\n[More Information Needed]\n', 'm/MODEL_CARD.md': card(), 'm/deliberation-note.md': NOTE() });
    try {
      const { status, report } = json(['check'], tree.root);
      assert.deepEqual(Object.keys(rulesByPath(report)).sort(), ['m/MODEL_CARD.md', 'm/deliberation-note.md', 'm/safety-slos.yaml']);
      assert.equal(status, 0);
      const named = json(['check', 'README.md', 'm/README.md'], tree.root);
      assert.equal(named.status, 0, 'not an error');
      assert.deepEqual(named.report.files, []);
      assert.deepEqual(named.report.notices.map((n) => n.path.split(sep).join('/')), ['README.md', 'm/README.md']);
      assert.match(named.report.notices[0]!.message, /not checked: a README\.md is a model card only beside a safety-slos\.yaml.*--markdown-as card/);
      // A folder holding nothing but a README has nothing to check: the folder error, which names all three kinds.
      mkdirSync(join(tree.root, 'docs'));
      writeFileSync(join(tree.root, 'docs', 'README.md'), '# Docs\n');
      const empty = runCli(['check', 'docs'], { cwd: tree.root });
      assert.equal(empty.status, 2);
      assert.match(empty.stdout, /docs: error: no policy files in this folder \(looked for .*\), and no model card or deliberation note \(MODEL_CARD\.md, .*deliberation-notes\/\*\.md\)/);
    } finally {
      tree.cleanup();
    }
  });

  it('a README.md with Hugging Face front matter in a model folder is its model card', function () {
    const hfCard = card({ frontMatter: 'license: apache-2.0\npipeline_tag: text-classification\n' });
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/README.md': hfCard, 'm/deliberation-note.md': NOTE(), 'lib/README.md': hfCard });
    try {
      const { report } = json(['check'], tree.root);
      const byPath = rulesByPath(report);
      assert.deepEqual(ruleSet(byPath['m/README.md']), ['card/objective'], 'the card rules run on it: no objective in this front matter');
      assert.deepEqual(byPath['m/safety-slos.yaml'], [], 'no model/missing-card: the README is the card');
      assert.ok(!('lib/README.md' in byPath), 'outside a model folder a README is not a card, front matter or not');
      assert.deepEqual(rulesByPath(json(['check', 'm/README.md'], tree.root).report), { 'm/README.md': byPath['m/README.md'] }, 'named, it is checked as the card too');
    } finally {
      tree.cleanup();
    }
  });

  it('deliberation-notes/: the newest note is the model\'s; every note gets its own rules', function () {
    const tree = repo({
      'm/safety-slos.yaml': POLICY,
      'm/MODEL_CARD.md': card(),
      'm/deliberation-notes/2026-01-10-first.md': NOTE('[ood_recall_7d, retired_slo_30d]', { date: '2026-01-10', decision: 'maybe' }),
      'm/deliberation-notes/2026-03-02-second.md': NOTE('[ood_recall_7d, appeal_rate_28d]', { date: '2026-03-02' }),
    });
    try {
      const byPath = rulesByPath(json(['check'], tree.root).report);
      assert.deepEqual(byPath['m/deliberation-notes/2026-03-02-second.md'], ['model/unknown-slo'], 'the newest is checked against the policy');
      assert.deepEqual(byPath['m/deliberation-notes/2026-01-10-first.md'], ['note/front-matter'], 'an older note: its own rules only');
      assert.deepEqual(byPath['m/safety-slos.yaml'], [], 'the folder has a note');
    } finally {
      tree.cleanup();
    }
  });

  it('a .md file named that is neither a card nor a note: a one-line error, unless --markdown-as says what it is', function () {
    const record = '# 3. Use PostgreSQL\n\n## Context\n\nWe need a database.\n\n## Decision\n\nWe use PostgreSQL.\n\n## Consequences\n\nBackups.\n';
    const tree = repo({ 'docs/adr/0003-use-postgres.md': record, 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': card(), 'm/deliberation-note.md': NOTE() });
    try {
      const refused = runCli(['check', 'docs/adr/0003-use-postgres.md'], { cwd: tree.root });
      assert.equal(refused.status, 2);
      const [line, ...rest] = refused.stdout.split('\n');
      assert.match(line!, /^docs[/\\]adr[/\\]0003-use-postgres\.md: error: neither a model card nor a deliberation note by its name: name a card MODEL_CARD\.md.*or pass --markdown-as card\|note$/);
      assert.doesNotMatch(rest.join('\n'), /0003/);
      assert.equal(runCli(['check', 'docs'], { cwd: tree.root }).status, 2, 'a walk goes by names: the folder has nothing to check');

      const { status, report } = json(['check', '--markdown-as', 'note', 'docs/adr/0003-use-postgres.md', 'm'], tree.root);
      const byPath = rulesByPath(report);
      assert.deepEqual(ruleSet(byPath['docs/adr/0003-use-postgres.md']), ['note/front-matter', 'note/required-section'], 'checked as a note: Context/Decision are synonyms, the rest is missing');
      assert.deepEqual(byPath['m/MODEL_CARD.md'], [], 'the walk of m is unaffected');
      assert.equal(status, 1);
      assert.deepEqual(ruleSet(rulesByPath(json(['check', '--markdown-as', 'card', 'docs/adr/0003-use-postgres.md'], tree.root).report)['docs/adr/0003-use-postgres.md']), ['card/never-events', 'card/objective', 'card/proxy-failure-mode']);
      const bad = runCli(['check', '--markdown-as', 'adr', 'docs'], { cwd: tree.root });
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /--markdown-as must be one of card, note, not "adr"\./);
      assert.match(runCli(['check', '--help']).stdout, /--markdown-as KIND +check every \.md file named on the command line as a model card or a deliberation/);
    } finally {
      tree.cleanup();
    }
  });

  it('a model card too large to be one is an input error (exit 2), as an unreadable file', function () {
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': `# Card\n\n${'word '.repeat(1_000_000)}\n`, 'm/deliberation-note.md': NOTE() });
    try {
      const r = runCli(['check', 'm'], { cwd: tree.root });
      assert.equal(r.status, 2);
      assert.match(r.stdout, /^m[/\\]MODEL_CARD\.md: error: file is 4\.8 MiB; model cards and deliberation notes are limited to 4 MiB$/m);
    } finally {
      tree.cleanup();
    }
  });

  it('a card outside the folder walked, named by model_card:, is reported with the findings that land on it', function () {
    const tree = repo({
      'models/m/safety-slos.yaml': `model_card: ../../cards/triage.md\n${POLICY}`,
      'models/m/deliberation-note.md': NOTE(),
      'cards/triage.md': CARD_WITH_UNCOVERED,
    });
    try {
      const byPath = rulesByPath(json(['check', 'models'], tree.root).report);
      assert.deepEqual(byPath, { 'models/m/deliberation-note.md': [], 'models/m/safety-slos.yaml': [], 'cards/triage.md': ['model/never-event-coverage'] });
    } finally {
      tree.cleanup();
    }
  });

  it('.gitignore and the config\'s ignore globs leave Markdown files out of a walk, as policy files', function () {
    const tree = repo({
      '.gitignore': 'drafts/\n',
      '.safety-specs.yaml': 'ignore:\n  - "legacy/**"\n',
      'drafts/MODEL_CARD.md': '# Draft\n',
      'legacy/deliberation-note.md': '# Old\n',
      'm/safety-slos.yaml': POLICY,
      'm/MODEL_CARD.md': card(),
      'm/deliberation-note.md': NOTE(),
    });
    try {
      assert.deepEqual(Object.keys(rulesByPath(json(['check'], tree.root).report)).sort(), ['m/MODEL_CARD.md', 'm/deliberation-note.md', 'm/safety-slos.yaml']);
      assert.deepEqual(Object.keys(rulesByPath(json(['check', '--no-ignore'], tree.root).report)).sort(), ['drafts/MODEL_CARD.md', 'legacy/deliberation-note.md', 'm/MODEL_CARD.md', 'm/deliberation-note.md', 'm/safety-slos.yaml']);
    } finally {
      tree.cleanup();
    }
  });

  it('a note is judged with the word limit of its own config (rule_options)', function () {
    const tree = repo({
      'a/safety-slos.yaml': POLICY,
      'a/MODEL_CARD.md': card(),
      'a/deliberation-note.md': NOTE(),
      'b/.safety-specs.yaml': 'rule_options:\n  note/length:\n    max_words: 50\n',
      'b/safety-slos.yaml': POLICY,
      'b/MODEL_CARD.md': card(),
      'b/deliberation-note.md': NOTE(),
    });
    try {
      const byPath = rulesByPath(json(['check'], tree.root).report);
      assert.deepEqual(byPath['a/deliberation-note.md'], []);
      assert.deepEqual(byPath['b/deliberation-note.md'], ['note/length']);
    } finally {
      tree.cleanup();
    }
  });

  it('a suppression comment in Markdown silences a card finding, end to end', function () {
    const placeholder = card({ rest: '## Training data\n\n[More Information Needed]\n' });
    const suppressed = card({ rest: '## Training data\n\n<!-- safety-specs-ignore card/placeholder: the data sheet is with legal, SAFE-7 -->\n[More Information Needed]\n' });
    const tree = repo({ 'a/safety-slos.yaml': POLICY, 'a/MODEL_CARD.md': placeholder, 'a/deliberation-note.md': NOTE(), 'b/safety-slos.yaml': POLICY, 'b/MODEL_CARD.md': suppressed, 'b/deliberation-note.md': NOTE() });
    try {
      const { report } = json(['check'], tree.root);
      const byPath = rulesByPath(report);
      assert.deepEqual(byPath['a/MODEL_CARD.md'], ['card/placeholder']);
      assert.deepEqual(byPath['b/MODEL_CARD.md'], []);
      const b = report.files.find((f) => f.path.split(sep).join('/') === 'b/MODEL_CARD.md')!;
      assert.ok('waived' in b);
      assert.deepEqual(b.waived.map((w) => [w.rule, w.reason]), [['card/placeholder', 'the data sheet is with legal, SAFE-7']]);
      const listed = runCli(['check', '--list-suppressions', 'b'], { cwd: tree.root });
      assert.match(listed.stdout, /card\/placeholder +b\/MODEL_CARD\.md:\d+ +never +the data sheet is with legal, SAFE-7/);
    } finally {
      tree.cleanup();
    }
  });

  it('a baseline records the Markdown files\' findings: known ones stop failing the run', function () {
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': CARD_WITH_UNCOVERED, 'm/deliberation-note.md': NOTE() });
    try {
      assert.equal(runCli(['check', '--baseline', 'baseline.json', '--update-baseline'], { cwd: tree.root }).status, 0);
      const recorded = (JSON.parse(readFileSync(join(tree.root, 'baseline.json'), 'utf8')) as { findings: { path: string; rule: string }[] }).findings;
      assert.deepEqual(recorded.map((f) => `${f.path} ${f.rule}`), ['m/MODEL_CARD.md model/never-event-coverage']);
      const { status, report } = json(['check', '--baseline', 'baseline.json'], tree.root);
      assert.equal(status, 0);
      assert.equal(report.summary.baselined, 1);
    } finally {
      tree.cleanup();
    }
  });

  it('every report format lists the Markdown files; SARIF stays valid', function () {
    const tree = repo({ 'm/safety-slos.yaml': POLICY, 'm/MODEL_CARD.md': CARD_WITH_UNCOVERED, 'm/deliberation-note.md': NOTE('[ood_recall_7d, appeal_rate_28d]') });
    try {
      const r = runCli(['check', '--format', 'sarif', '--format', 'junit=junit.xml', '--format', 'github=gh.txt', '--format', 'text=out.txt'], { cwd: tree.root });
      assert.equal(r.status, 1);
      const sarif = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
      const results = sarif.runs[0]!.results.map((x) => `${x.ruleId} ${x.locations[0]!.physicalLocation.artifactLocation.uri}`);
      assert.deepEqual(results.sort(), ['model/never-event-coverage m/MODEL_CARD.md', 'model/unknown-slo m/deliberation-note.md']);
      if (existsSync(SARIF_SCHEMA)) {
        const ajv = new Ajv({ allErrors: true, strict: false });
        addFormats(ajv);
        const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
        assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
      } else console.log(`      (SARIF schema not validated: ${SARIF_SCHEMA} is absent)`);

      const junit = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(join(tree.root, 'junit.xml'), 'utf8')) as { testsuite: { testcase: { '@_name': string; failure?: unknown }[] } };
      const failing = junit.testsuite.testcase.filter((c) => c.failure).map((c) => c['@_name'].split(sep).join('/'));
      assert.deepEqual(failing, ['m/MODEL_CARD.md']);
      assert.equal(junit.testsuite.testcase.length, 3);
      assert.match(readFileSync(join(tree.root, 'gh.txt'), 'utf8'), /::error file=m\/MODEL_CARD\.md,line=\d+.*title=model\/never-event-coverage::/);
      assert.match(readFileSync(join(tree.root, 'out.txt'), 'utf8'), /^m[/\\]deliberation-note\.md:4:\d+ warning model\/unknown-slo /m);
    } finally {
      tree.cleanup();
    }
  });
});

