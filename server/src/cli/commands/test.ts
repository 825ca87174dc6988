import { dryRuns } from '../../engine';
import { VERSION } from '../../version';
import type { Command } from '../command';
import { findModels, siteLine, type Model } from '../dry-run-inputs';
import { dataError, dryRunReport } from '../dry-run-report';
import { EXIT } from '../errors';
import { element, junitDocument, xml } from '../format/junit';
import { relativePath } from '../format/paths';
import { WALK_FLAGS, WALK_HELP } from '../read-policy';

/** One scenario run, with the model it belongs to. */
interface Ran {
  readonly model: Model;
  readonly outcome: dryRuns.ScenarioOutcome;
}

export const test: Command = {
  name: 'test',
  summary: 'Run every scenario of every model like a test runner: each must produce the decision it expects.',
  usage: 'safety-specs test [--format text|json|junit] [paths...]   (default path: .)',
  options: WALK_FLAGS,
  optionHelp: WALK_HELP,
  epilogue: [
    'A scenario runs its own metrics (no snapshot needed) through its gate\'s SLOs, or through every SLO with',
    'missing data ignored when it names no gate. Text prints one line per scenario (a failure with its trace),',
    'then "N passed, N failed". Formats: text, json or junit (one testcase per scenario).',
    '',
    'Exit codes: 0 every scenario passes (also when there are none: "0 passed, 0 failed", and a hint on',
    'standard error); 1 a scenario fails; 2 a usage error, or a policy that cannot be read or does not parse.',
  ],
  run({ global, values, positionals }) {
    const write = dryRunReport('test', global, ['text', 'json', 'junit']);
    const found = findModels(positionals, { config: global.config, noIgnore: !!values['no-ignore'] });
    for (const n of found.notices) process.stderr.write(`${n.path}: warning: ${n.message}\n`);
    if (found.problems.length) return dataError(found.problems, 'no scenario was run.');
    const ran = found.models.flatMap((model) => dryRuns.dryRun(model.files, undefined).scenarios.map((outcome) => ({ model, outcome })));
    if (!ran.length) process.stderr.write('safety-specs: no scenarios to run. Add one to a policy: scenarios: [{ name: ..., metrics: { metric: value }, expect: pass }]\n');
    write({ text: () => text(ran), json: () => json(ran), junit: () => junit(ran) });
    return ran.some((r) => !r.outcome.passed) ? EXIT.findings : EXIT.clean;
  },
};

/** `expected kill_switch, got page (never_event_violations breached (1 != 0): page.)`: why a scenario failed. */
function failure(o: dryRuns.ScenarioOutcome): string {
  const got = dryRuns.decisionName(o.decision);
  return o.expect === undefined ? `no expect: the decision it must produce (got ${got})` : `expected ${o.expect}, got ${got} (${o.reason})`;
}

function text(ran: readonly Ran[]): string {
  const lines: string[] = [];
  let model: Model | undefined;
  for (const { model: m, outcome: o } of ran) {
    if (m !== model) {
      model = m;
      lines.push(m.name);
    }
    if (o.passed) lines.push(`  ✓ ${o.scenario}: ${dryRuns.decisionName(o.decision)}`);
    else lines.push(`  ✗ ${o.scenario}: ${failure(o)} at ${siteLine(o)}`, ...dryRuns.traceText(`scenario ${o.scenario}`, o).map((l) => `      ${l}`));
  }
  lines.push(summary(ran), '');
  return lines.join('\n');
}

function summary(ran: readonly Ran[]): string {
  const failed = ran.filter((r) => !r.outcome.passed).length;
  return `${ran.length - failed} passed, ${failed} failed`;
}

function json(ran: readonly Ran[]): string {
  const scenarios = ran.map(({ model, outcome: o }) => ({
    scenario: o.scenario,
    model: model.name,
    file: relativePath(o.uri),
    line: o.range.start.line + 1,
    ...(o.expect !== undefined ? { expect: o.expect } : {}),
    passed: o.passed,
    ...dryRuns.traceJson(o, relativePath),
  }));
  const failed = scenarios.filter((s) => !s.passed).length;
  return `${JSON.stringify({ version: VERSION, passed: scenarios.length - failed, failed, scenarios }, null, 2)}\n`;
}

/** One testcase per scenario (classname: its model); a failure carries the reason and, in its body, the trace. */
function junit(ran: readonly Ran[]): string {
  const cases = ran.map(({ model, outcome: o }) => {
    const attributes = { classname: model.name, name: o.scenario, file: relativePath(o.uri), line: o.range.start.line + 1, time: 0 };
    if (o.passed) return element('testcase', attributes);
    const body = [siteLine(o), ...dryRuns.traceText(`scenario ${o.scenario}`, o)].join('\n');
    return element('testcase', attributes, `\n    ${element('failure', { message: failure(o), type: 'scenario/failed' }, xml(body, 'text'))}\n  `);
  });
  const failures = ran.filter((r) => !r.outcome.passed).length;
  return junitDocument({ name: 'safety-specs test', tests: ran.length, failures, errors: 0, skipped: 0, time: process.uptime().toFixed(3) }, cases);
}
