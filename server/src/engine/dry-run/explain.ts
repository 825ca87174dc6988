import { decisionName, type GateOutcome, type Outcome, type ScenarioOutcome, type SloOutcome } from './evaluate';
import { offsetText, type ExpectCheck, type SeriesRun } from './series-scenario';

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

/** A series scenario's run, when the outcome is one's trace. */
function seriesOf(outcome: Outcome): SeriesRun | undefined {
  return (outcome as Partial<ScenarioOutcome>).series;
}

/** `drop at 10m`: a series scenario's trace shows its windows at one time. */
function titled(title: string, outcome: Outcome): string {
  const at = seriesOf(outcome)?.traceAt;
  return at === undefined ? title : `${title} at ${offsetText(at)}`;
}

/** Timeline entries a text or Markdown trace lists (a flapping gate has thousands); JSON has them all. */
const TIMELINE_SHOWN = 50;

/** `20 samples, one every 1m (0s to 19m)`. */
function spanText(series: SeriesRun): string {
  const plural = series.samples === 1 ? '' : 's';
  return `${series.samples} sample${plural}, one every ${offsetText(series.step)} (0s to ${offsetText((series.samples - 1) * series.step)})`;
}

function whenText(check: ExpectCheck): string {
  return check.when === 'end' && check.checked ? `the end (${offsetText(check.at)})` : check.when;
}

/** `✓ 11m: page`, `✗ 10m: expected page, got pass (no SLO breached.)`, `✗ 2h: expected page, not checked: ...`. */
function checkText(check: ExpectCheck): string {
  const expected = check.expected ?? '(no decision)';
  if (!check.checked) return `✗ ${whenText(check)}: expected ${expected}, not checked: ${check.why}`;
  return check.passed ? `✓ ${whenText(check)}: ${expected}` : `✗ ${whenText(check)}: expected ${expected}, got ${decisionName(check.actual)} (${check.reason})`;
}

function omittedText(series: SeriesRun): string | undefined {
  const more = series.timeline.length - TIMELINE_SHOWN;
  return more > 0 ? `... ${more} more decision changes` : undefined;
}

function seriesText(series: SeriesRun): string[] {
  const shown = series.timeline.slice(0, TIMELINE_SHOWN);
  const widths = [Math.max(...shown.map((e) => offsetText(e.at).length)), Math.max(...shown.map((e) => e.decision.length))];
  const omitted = omittedText(series);
  return [
    `    expects, over ${spanText(series)}:`,
    ...series.checks.map((c) => `      ${checkText(c)}`),
    ...(shown.length ? ['    timeline:', ...shown.map((e) => `      ${offsetText(e.at).padEnd(widths[0])}  ${e.decision.padEnd(widths[1])}  ${e.reason}`)] : []),
    ...(omitted ? [`      ${omitted}`] : []),
  ];
}

/** `release: degrade_to_safe_mode`, the reason, then one aligned line per SLO and requirement (and a series' expects and timeline). */
export function traceText(title: string, outcome: Outcome): string[] {
  const rows = outcome.slos.map((o) => [o.slo, valueText(o), o.target ?? '-', resultText(o) + (o.decides ? '  ◀ decides' : '')]);
  const header = ['SLO', 'value', 'target', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `    ${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ')}`.trimEnd();
  const series = seriesOf(outcome);
  return [
    `${titled(title, outcome)}: ${decisionName(outcome.decision)}`,
    `  ${outcome.reason}`,
    ...(rows.length ? [line(header), ...rows.map(line)] : []),
    ...outcome.requirements.map((r) => `    requirement ${r.name}: ${requirementText(r)}${r.decides ? '  ◀ decides' : ''}`),
    ...(series ? seriesText(series) : []),
  ];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A heading, the reason and a table: the explanation a code lens opens (with a series' expects and timeline). */
export function traceMarkdown(title: string, outcome: Outcome): string {
  const lines = [`### ${cell(titled(title, outcome))}: \`${decisionName(outcome.decision)}\``, '', cell(outcome.reason), ''];
  if (outcome.slos.length) {
    lines.push('| SLO | value | target | result | |', '| --- | --- | --- | --- | --- |');
    for (const o of outcome.slos) lines.push(`| \`${o.slo}\` | ${cell(valueText(o))} | ${cell(o.target ?? '-')} | ${cell(resultText(o))} | ${o.decides ? '**decides**' : ''} |`);
    lines.push('');
  }
  for (const r of outcome.requirements) lines.push(`- requirement \`${r.name}\`: ${cell(requirementText(r))}${r.decides ? ' **(decides)**' : ''}`);
  if (outcome.requirements.length) lines.push('');
  lines.push(`Missing data: \`${outcome.onMissingData}\`.`);
  const series = seriesOf(outcome);
  if (series) lines.push('', ...seriesMarkdown(series));
  return lines.join('\n');
}

function seriesMarkdown(series: SeriesRun): string[] {
  const lines = [`**Expects**, over ${spanText(series)}:`, '', '| at | expected | got | |', '| --- | --- | --- | --- |'];
  for (const c of series.checks) {
    const got = c.checked ? `\`${decisionName(c.actual)}\`${c.passed ? '' : `: ${cell(c.reason)}`}` : `not checked: ${cell(c.why)}`;
    lines.push(`| ${cell(whenText(c))} | ${c.expected ? `\`${c.expected}\`` : '-'} | ${got} | ${c.checked && c.passed ? '✓' : '✗'} |`);
  }
  if (!series.timeline.length) return lines;
  lines.push('', '**Timeline** (from each time until the next)', '', '| from | decision | why |', '| --- | --- | --- |');
  for (const e of series.timeline.slice(0, TIMELINE_SHOWN)) lines.push(`| ${offsetText(e.at)} | \`${e.decision}\` | ${cell(e.reason)} |`);
  const omitted = omittedText(series);
  if (omitted) lines.push('', omitted);
  return lines;
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
    ...seriesJson(seriesOf(outcome)),
  };
}

/** Offsets as written in a policy (`1h5m`) and in seconds. */
function seriesJson(series: SeriesRun | undefined): Record<string, unknown> {
  if (!series) return {};
  const offset = (ms: number) => ({ at: offsetText(ms), atSeconds: ms / 1000 });
  return {
    series: {
      step: offsetText(series.step),
      stepSeconds: series.step / 1000,
      samples: series.samples,
      ...(series.traceAt === undefined ? {} : { traceAt: offsetText(series.traceAt) }),
      expects: series.checks.map((c) => ({
        when: c.when,
        ...(c.expected ? { expect: c.expected } : {}),
        ...(c.checked ? { ...offset(c.at), decision: decisionName(c.actual), reason: c.reason, passed: c.passed } : { passed: false, notChecked: c.why }),
      })),
      timeline: series.timeline.map((e) => ({ ...offset(e.at), decision: e.decision, reason: e.reason })),
    },
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
  const checks = o.series?.checks.length ?? 0;
  if (o.passed) return `✓ Scenario passes: ${o.series ? `${o.expect}${checks > 1 ? ` (${checks} expects)` : ''}` : got}`;
  return o.expect === undefined ? `✗ Scenario has no expect (got ${got})` : `✗ Scenario fails: expected ${o.expect}, got ${got}`;
}

export function runAllLensTitle(scenarios: readonly ScenarioOutcome[]): string {
  const failed = scenarios.filter((s) => !s.passed).length;
  return `Run all scenarios (${scenarios.length - failed} passed, ${failed} failed)`;
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
