// The end-to-end scenarios, shared by both suites:
//   - test/e2e/code-server.e2e.ts drives a real VS Code (code-server) through its UI in headless Chromium;
//   - test/e2e/electron/suite/extension.e2e.ts runs inside a desktop VS Code's extension host.
// Nothing here imports `vscode` or a browser driver. Expected findings are never hard-coded: they are
// what the bundled CLI reports for the same file (`dist/cli.js check --format json`), so the editor is
// held to exactly what the CI gate reports.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LADDER } from '../../server/src/engine/ladder';

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

/** Budget for "after an edit that fixes a finding, the Problems panel updates". */
export const FIX_LATENCY_BUDGET_MS = 1000;

export interface ExpectedFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  /** 1-based, as the CLI reports them. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fixes: string[];
}

interface CliReport {
  files: { path: string; findings: ExpectedFinding[] }[];
}

/** Runs the bundled CLI on a file and returns its findings (what the editor must show). */
export function cliFindings(file: string): ExpectedFinding[] {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  // In a desktop extension host, process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it plain Node.
  const result = spawnSync(process.execPath, [cli, 'check', file, '--format', 'json', '--no-color'], {
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`${cli} check ${file} exited ${result.status}: ${result.stderr}`);
  }
  const report = JSON.parse(result.stdout) as CliReport;
  if (report.files.length !== 1) throw new Error(`expected one file in the CLI report, got ${report.files.length}`);
  return report.files[0].findings;
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
  return [...text.matchAll(/^\s*- name:\s*(\S+)\s*$/gm)].map((m) => m[1]);
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
