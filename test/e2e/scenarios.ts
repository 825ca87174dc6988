// The end-to-end scenarios, shared by both suites:
//   - test/e2e/code-server.e2e.ts drives a real VS Code (code-server) through its UI in headless Chromium;
//   - test/e2e/electron/suite/extension.exthost.ts runs inside a VS Code extension host.
// Nothing here imports `vscode` or a browser driver. Expected findings are never hard-coded: they are
// what the bundled CLI reports for the same file (`dist/cli.js check --format json`), or, for findings
// that involve other files of the model (conflicts), for the whole workspace folder, so the editor is
// held to exactly what the CI gate reports.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LADDER } from '../../server/src/engine/ladder';
import type { JsonFinding } from '../../server/src/cli/format/json';

export const ROOT = path.resolve(__dirname, '../..');
export const EXAMPLES = path.join(ROOT, 'examples');
/** The extension's id: `publisher.name` from package.json. */
export const EXTENSION_ID = 'safety-specs.safety-specs';
/** The output channel's name (client/src/languageClient.ts CLIENT_NAME). */
export const OUTPUT_CHANNEL = 'Safety Specs';
/** The diagnostics' `source` (server/src/engine/diagnostics.ts). */
export const DIAGNOSTIC_SOURCE = 'safety-specs';

/** Paths relative to the examples workspace. */
export const DEMO_POLICY = 'claims-triage/safety-slos.yaml';
export const UNRELATED_YAML = 'claims-triage/config/service.yaml';
/** A second policy of the demo's model (`model: claims-triage`): its SLOs combine with the demo's. */
export const TENANT_POLICY = 'claims-triage/tenants/acme.safety-slos.yaml';

/** Budget for "after an edit that fixes a finding, the Problems panel updates". */
export const FIX_LATENCY_BUDGET_MS = 1000;

/** What the CLI reports for a finding (`check --format json`): the editor must show the same. */
export type ExpectedFinding = JsonFinding;

interface CliReport {
  files: { path: string; findings: ExpectedFinding[] }[];
}

/** Runs `dist/cli.js check <target> --format json` in `cwd`; the report's paths are relative to `cwd`. */
function cliCheck(target: string, cwd?: string): CliReport {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  // In a desktop extension host, process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
  const result = spawnSync(process.execPath, [cli, 'check', target, '--format', 'json', '--no-color'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${cli} check ${target} exited ${result.status}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as CliReport;
}

/**
 * Runs the bundled CLI on a file and returns its findings (what the editor must show). The report also lists
 * the model card and note beside it when the model folder's rules put findings on them: only `file`'s count.
 */
export function cliFindings(file: string): ExpectedFinding[] {
  const report = cliCheck(file);
  const own = report.files.filter((f) => path.resolve(f.path) === path.resolve(file));
  if (own.length !== 1) throw new Error(`expected ${file} once in the CLI report, got ${report.files.map((f) => f.path).join(', ')}`);
  return own[0]!.findings;
}

/**
 * Runs the bundled CLI on a whole workspace folder, as the language server sees it: a file's conflicts
 * with the other policies of its model are only found when they are checked together. Returns each
 * file's findings by its path relative to `folder` (with `/`); related locations in another file carry
 * that file's path, relative to `folder` too.
 */
export function cliWorkspaceFindings(folder: string): Map<string, ExpectedFinding[]> {
  const posix = (p: string) => p.split(path.sep).join('/');
  const report = cliCheck('.', folder);
  return new Map(
    report.files.map((f) => [
      posix(f.path),
      f.findings.map((finding) => ({
        ...finding,
        related: (finding.related ?? []).map((r) => (r.path === undefined ? r : { ...r, path: posix(r.path) })),
      })),
    ]),
  );
}

/** Copies examples/ into `dir` (tests edit files; the repository's copies are never touched). */
export function copyExamples(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(EXAMPLES, dir, { recursive: true });
  return dir;
}

/** A folder with only unrelated YAML (no policy file): the extension must stay inactive there. */
export function makeUnrelatedWorkspace(dir: string): { folder: string; file: string } {
  mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
  writeFileSync(path.join(dir, 'service.yaml'), 'service:\n  name: claims-triage\n  target: ">= whatever"\n  window: "7 days"\n');
  writeFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
  return { folder: dir, file: 'service.yaml' };
}

export interface Position {
  /** 1-based line and column, as an editor's status bar shows them. */
  line: number;
  column: number;
}

/** Where the `occurrence`-th (1-based) `needle` starts in `text`. */
export function locate(text: string, needle: string, occurrence = 1): Position {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found`);
  }
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** The SLO names, in file order (what the outline must list). */
export function sloNames(text: string): string[] {
  // Only the `slos:` block: gates and scenarios have names too.
  const block = /^slos:\n((?:[ \t#].*\n|\n)*)/m.exec(text)?.[1] ?? '';
  return [...block.matchAll(/^\s*- name:\s*(\S+)\s*$/gm)].map((m) => m[1]);
}

/** Hover over the first SLO's target: its meaning in words. */
export function hoverScenario(text: string) {
  const at = locate(text, '">= 0.90"');
  return { at: { line: at.line, column: at.column + 5 }, expect: [/falls below 0\.90/, /degrade_to_safe_mode/] };
}

/** Completion after `action_on_breach: `: the value of the first SLO's action is deleted, then completion is asked for. */
export function completionScenario(text: string) {
  const value = '"degrade_to_safe_mode"';
  const at = locate(text, `action_on_breach: ${value}`);
  return {
    line: at.line,
    /** The value to delete, starting at `from`. */
    from: { line: at.line, column: at.column + 'action_on_breach: '.length },
    deleteLength: value.length,
    expect: [...LADDER],
  };
}

export interface QuickFixScenario {
  name: string;
  rule: string;
  /** Where to put the cursor (inside the finding's range). */
  at: Position;
  /** The fix's title, as the CLI reports it. */
  title: string;
  /** The line's text after the fix. */
  expectLine: RegExp;
}

/** The did-you-mean quick fixes: `owners:` → `owner:` and `"=> 0.05"` → `">= 0.05"`. */
export function quickFixScenarios(findings: ExpectedFinding[]): QuickFixScenario[] {
  const pick = (rule: string, messagePart: string): ExpectedFinding => {
    const finding = findings.find((f) => f.rule === rule && f.message.includes(messagePart));
    if (!finding) throw new Error(`the CLI reports no ${rule} finding mentioning ${messagePart}`);
    if (finding.fixes.length === 0) throw new Error(`the CLI reports no fix for ${rule}`);
    return finding;
  };
  const key = pick('schema/unknown-key', '"owners"');
  const target = pick('slo/target-syntax', '=> 0.05');
  return [
    { name: 'unknown key owners → owner', rule: key.rule, at: { line: key.line, column: key.column + 1 }, title: key.fixes[0], expectLine: /^\s+owner: ml-safety@claims/ },
    { name: 'target "=> 0.05" → ">= 0.05"', rule: target.rule, at: { line: target.line, column: target.column + 2 }, title: target.fixes[0], expectLine: /^\s+target: ">= 0\.05"/ },
  ];
}

/**
 * An edit by typing that fixes a finding with one keystroke: in `window: "7 days"`, select ` days`
 * and type `d`, giving `"7d"`. The slo/window-syntax finding must leave the Problems panel in time.
 */
export function typingFixScenario(text: string, findings: ExpectedFinding[]) {
  const finding = findings.find((f) => f.rule === 'slo/window-syntax' && f.message.includes('"7 days"'));
  if (!finding) throw new Error('the CLI reports no slo/window-syntax finding for "7 days"');
  const at = locate(text, '"7 days"');
  return { rule: finding.rule, line: at.line, selectFrom: { line: at.line, column: at.column + 2 }, selectLength: ' days'.length, type: 'd', expectLine: /window: "7d"/ };
}

export interface CrossFileScenario {
  /** The tenant policy, relative to the workspace. */
  file: string;
  text: string;
  /** What the CLI reports for it when the whole workspace is checked. */
  findings: ExpectedFinding[];
  /** Its finding whose related locations are in another policy file of the model. */
  conflict: ExpectedFinding;
  /** The other file(s) the conflict points into, relative to the workspace. */
  relatedFiles: string[];
  /** An edit that makes the override effective: at `at`, `deleteLength` characters are replaced by `type`. */
  edit: { at: Position; deleteLength: number; type: string; expectLine: RegExp; undoLine: RegExp };
  /** What the CLI reports for the file after the edit (the same findings, without the conflict). */
  findingsAfterEdit: ExpectedFinding[];
}

/**
 * The cross-file conflict: the tenant policy's `acme_appeals_ood_recall_7d` (">= 0.85") tries to relax
 * the base policy's OOD recall SLOs (">= 0.90", ">= 0.92"), which already apply to its traffic. The
 * CLI, run on the whole workspace, must report exactly one finding there pointing into another file.
 * The edit tightens the target to ">= 0.95" (one keystroke: the 8 becomes a 9); the CLI, run on a copy
 * of the workspace with that edit, must report the same findings less the conflict, here and in every
 * other file, or the scenario is wrong, not the editor.
 */
export function crossFileScenario(workspace: string): CrossFileScenario {
  const file = TENANT_POLICY;
  const text = readFileSync(path.join(workspace, file), 'utf8');
  const before = cliWorkspaceFindings(workspace);
  const findings = before.get(file);
  if (!findings) throw new Error(`the CLI's report on ${workspace} has no ${file}`);
  const crossFile = findings.filter((f) => f.related?.some((r) => r.path !== undefined && r.path !== file));
  if (crossFile.length !== 1) {
    throw new Error(`expected the CLI to report one finding in ${file} related to another file, got ${crossFile.length}: ${JSON.stringify(findings, null, 2)}`);
  }
  const conflict = crossFile[0];
  const relatedFiles = [...new Set(conflict.related!.flatMap((r) => (r.path !== undefined && r.path !== file ? [r.path] : [])))];

  const target = '">= 0.85"';
  const at = locate(text, target);
  const edit = { at: { line: at.line, column: at.column + '">= 0.'.length }, deleteLength: 1, type: '9', expectLine: /target: ">= 0\.95"/, undoLine: /target: ">= 0\.85"/ };
  const lines = text.split('\n');
  const line = lines[edit.at.line - 1];
  lines[edit.at.line - 1] = line.slice(0, edit.at.column - 1) + edit.type + line.slice(edit.at.column - 1 + edit.deleteLength);
  if (!edit.expectLine.test(lines[edit.at.line - 1])) throw new Error(`the edit gives "${lines[edit.at.line - 1]}"`);

  const copy = mkdtempSync(path.join(os.tmpdir(), 'safety-specs-e2e-cross-file-'));
  let after: Map<string, ExpectedFinding[]>;
  try {
    cpSync(workspace, copy, { recursive: true });
    writeFileSync(path.join(copy, file), lines.join('\n'));
    after = cliWorkspaceFindings(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const findingsAfterEdit = after.get(file) ?? [];
  const want = new Map(before);
  want.set(file, findings.filter((f) => f !== conflict));
  const describe = (m: Map<string, ExpectedFinding[]>) => JSON.stringify([...m].sort(([a], [b]) => a.localeCompare(b)), null, 1);
  if (describe(after) !== describe(want)) {
    throw new Error(`the edit ${target} → ">= 0.95" should only remove the conflict; the CLI reports after it:\n${describe(after)}`);
  }
  return { file, text, findings, conflict, relatedFiles, edit, findingsAfterEdit };
}

/** The dry-run explanation's document (client/src/dryRunView.ts): its scheme, and the name its preview's tab shows. */
export const DRY_RUN_VIEW = { scheme: 'safety-specs-dry-run', fileName: 'Safety Specs.md' };

interface CliTestReport {
  passed: number;
  failed: number;
  scenarios: { scenario: string; file: string }[];
}

/**
 * The "Run all scenarios" code lens on a policy's first line: it counts what `safety-specs test` counts for the
 * file, and running it shows an explanation that names each of the file's scenarios.
 */
export function runAllScenariosLens(file: string) {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'test', path.basename(file), '--format', 'json'], {
    cwd: path.dirname(file),
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${cli} test ${file} exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as CliTestReport;
  const scenarios = report.scenarios.filter((s) => s.file === path.basename(file)).map((s) => s.scenario);
  if (scenarios.length === 0) throw new Error(`the CLI runs no scenario of ${file}`);
  return { line: 1, title: `Run all scenarios (${report.passed} passed, ${report.failed} failed)`, scenarios };
}
