import { decisionName, type GateOutcome, type Outcome, type ScenarioOutcome, type SloOutcome } from './evaluate';

/**
 * One trace, three renderings: plain text (CLI), Markdown (the editor's explanation) and JSON (CLI `--format json`),
 * all built from the same outcome, so each place explains a decision the same way.
 */

/** `pass`, `breach → rollback`, `no data: ...`, `error: ...`: one SLO's result as every trace shows it. */
export function resultText(o: SloOutcome): string {
  switch (o.status) {
    case 'pass': return 'pass';
    case 'breach': return `breach → ${o.action}`;
    case 'no_data': return `no data: ${o.reason}`;
    case 'error': return `error: ${o.reason}`;
  }
}

function valueText(o: SloOutcome): string {
  return o.observed?.text ?? '-';
}

function requirementText(r: Outcome['requirements'][number]): string {
  return `${r.status === 'met' ? 'met' : r.status === 'unmet' ? 'unmet' : 'not evaluated'}: ${r.reason}`;
}

/** `release: degrade_to_safe_mode`, the reason, then one aligned line per SLO and requirement. */
export function traceText(title: string, outcome: Outcome): string[] {
  const rows = outcome.slos.map((o) => [o.slo, valueText(o), o.target ?? '-', resultText(o) + (o.decides ? '  ◀ decides' : '')]);
  const header = ['SLO', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `    ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  return [
    `${title}: ${decisionName(outcome.decision)}`,
    `  ${outcome.reason}`,
    ...(rows.length ? [line(header), ...rows.map(line)] : []),
    ...outcome.requirements.map((r) => `    requirement ${r.name}: ${requirementText(r)}${r.decides ? '  ◀ decides' : ''}`),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A heading, the reason and a table: the explanation a code lens opens. */
export function traceMarkdown(title: string, outcome: Outcome): string {
  const lines = [`### ${cell(title)}: \`${decisionName(outcome.decision)}\``, '', cell(outcome.reason), ''];
  if (outcome.slos.length) {
    lines.push('| SLO | value | target | result | |', '| --- | --- | --- | --- | --- |');
    for (const o of outcome.slos) lines.push(`| \`${o.slo}\` | ${cell(valueText(o))} | ${cell(o.target ?? '-')} | ${cell(resultText(o))} | ${o.decides ? '**decides**' : ''} |`);
    lines.push('');
  }
  for (const r of outcome.requirements) lines.push(`- requirement \`${r.name}\`: ${cell(requirementText(r))}${r.decides ? ' **(decides)**' : ''}`);
  if (outcome.requirements.length) lines.push('');
  lines.push(`Missing data: \`${outcome.onMissingData}\`.`);
  return lines.join('\n');
}

/** The JSON shape of a trace; `path` turns a URI into what the reader knows (a relative path). */
export function traceJson(outcome: Outcome, path: (uri: string) => string): Record<string, unknown> {
  return {
    decision: decisionName(outcome.decision),
    reason: outcome.reason,
    onMissingData: outcome.onMissingData,
    slos: outcome.slos.map((o) => ({
      slo: o.slo,
      key: o.key,
      status: o.status,
      ...(o.observed ? { observed: o.observed.value, valueAt: at(o.observed.site, path) } : {}),
      ...(o.target ? { target: o.target } : {}),
      ...(o.comparison ? { comparison: o.comparison } : {}),
      ...(o.action ? { action: o.action } : {}),
      ...(o.reason ? { reason: o.reason } : {}),
      decides: o.decides,
      location: at(o, path),
    })),
    requirements: outcome.requirements.map((r) => ({ name: r.name, status: r.status, reason: r.reason, decides: r.decides })),
  };
}

function at(site: { readonly uri: string; readonly range: SloOutcome['range'] }, path: (uri: string) => string) {
  return { path: path(site.uri), line: site.range.start.line + 1, column: site.range.start.character + 1 };
}

/** Code lens titles: short, and never stale (recomputed from the outcome every time). */
export function sloLensTitle(o: SloOutcome | undefined): string {
  if (!o) return 'Dry run...';
  switch (o.status) {
    case 'pass': return `Dry run: pass (${o.comparison})`;
    case 'breach': return `Dry run: breach (${o.comparison}) → ${o.action}`;
    case 'no_data': return `Dry run: no data for ${o.key}`;
    case 'error': return `Dry run: error (${short(o.reason ?? '')})`;
  }
}

export function gateLensTitle(name: string, o: GateOutcome | undefined): string {
  if (!o) return `Gate ${name}: no metrics loaded`;
  const deciders = [...o.slos.filter((s) => s.decides).map((s) => s.slo), ...o.requirements.filter((r) => r.decides).map((r) => r.name)];
  const why = o.decision.kind === 'block' && o.slos.some((s) => s.decides) ? `no data: ${deciders.join(', ')}` : deciders.join(', ');
  return `Gate ${name}: ${decisionName(o.decision)}${why ? ` (${why})` : ''}`;
}

export function scenarioLensTitle(o: ScenarioOutcome): string {
  const got = decisionName(o.decision);
  if (o.passed) return `✓ Scenario passes: ${got}`;
  return o.expect === undefined ? `✗ Scenario has no expect (got ${got})` : `✗ Scenario fails: expected ${o.expect}, got ${got}`;
}

export function runAllLensTitle(scenarios: readonly ScenarioOutcome[]): string {
  const failed = scenarios.filter((s) => !s.passed).length;
  return `Run all scenarios (${scenarios.length - failed} passed, ${failed} failed)`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
