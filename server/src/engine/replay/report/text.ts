import { formatValue } from '../replay';
import type { Episode, GateReplay, ReplayResult, SloReplay, TimelineEntry, WhatIf } from '../result';
import { isoTime } from '../series';
import { aggregateText, decisionText, gateName, periodMs, problemLine, whatIfGuidance } from './content';
import { count, durationText, durationWithShare, plural } from './format';

/** Timeline entries and episodes shown at each end of a long list; the middle is counted, not listed. */
export const TEXT_ENDS = 10;

/**
 * A replay for a terminal: the period, then per gate the time in each decision and its timeline, per SLO its
 * breaches (each with its time to detect and how it ended), the what-if table, and the history's problems as
 * `source:line[:col]: message` lines. Every time is ISO 8601 UTC.
 */
export function replayText(result: ReplayResult): string {
  const period = periodMs(result);
  const lines = [`replay of ${result.source}`, ...header(result)];
  for (const gate of result.gates) lines.push('', ...gateText(gate, period));
  for (const slo of result.slos) lines.push('', ...sloText(slo, period));
  if (result.whatIf) lines.push('', ...whatIfText(result.whatIf, period));
  const problems = problemLines(result);
  if (problems.length) lines.push('', 'problems in the history:', ...problems);
  return `${lines.join('\n')}\n`;
}

function header(result: ReplayResult): string[] {
  const every = result.step ? `every ${durationText(result.step)}` : 'at every sample time';
  const samples = `  samples: ${count(result.samples)}, ${count(result.samplesRead)} read by an SLO`;
  if (result.start === undefined || result.end === undefined) return [`  period:  none: no sample was evaluated`, samples];
  return [
    `  period:  ${isoTime(result.start)} to ${isoTime(result.end)} (${durationText(result.end - result.start)}), ${plural(result.evaluations, 'evaluation', 'evaluations')} ${every}`,
    samples,
    ...(result.cancelled ? [`  cancelled: this covers the history up to ${isoTime(result.end)} only`] : []),
  ];
}

function gateText(gate: GateReplay, period: number): string[] {
  const decisions = gate.timeIn.map(decisionText);
  const width = Math.max(0, ...decisions.map((d) => d.length));
  return [
    gate.implicit ? `${gateName(gate)}: every SLO that can be evaluated, missing data ignored` : gateName(gate),
    '  time in each decision:',
    ...gate.timeIn.map((t, i) => `    ${decisions[i].padEnd(width)}  ${durationWithShare(t.ms, period)}`),
    '  timeline:',
    ...ends(gate.timeline, gate.timelineOmitted, 'decisions', timelineRows(gate.timeline)),
  ];
}

/** One aligned row per entry: the time, the decision, why. */
function timelineRows(timeline: readonly TimelineEntry[]): (entry: TimelineEntry) => string {
  const width = Math.max(0, ...timeline.map((e) => decisionText(e).length));
  return (e) => `    ${isoTime(e.at)}  ${decisionText(e).padEnd(width)}  ${e.reason}`;
}

/**
 * The first and last `TEXT_ENDS` of a list, with a line counting the middle. When the replay stopped keeping
 * entries (`omitted`), the list's end is not the real end, so only its start is shown.
 */
function ends<T>(items: readonly T[], omitted: number, what: string, row: (item: T) => string | string[]): string[] {
  if (!omitted && items.length <= 2 * TEXT_ENDS) return items.flatMap(row);
  const head = items.slice(0, TEXT_ENDS);
  const tail = omitted ? [] : items.slice(-TEXT_ENDS);
  const middle = items.length - head.length - tail.length + omitted;
  return [...head.flatMap(row), `    ... ${count(middle)} more ${what}`, ...tail.flatMap(row)];
}

function sloText(slo: SloReplay, period: number): string[] {
  if (slo.problem !== undefined) return [`SLO ${slo.label}: not replayed: ${slo.problem}`];
  const title = `SLO ${slo.label}: ${slo.target}, ${aggregateText(slo.aggregate!, slo.window!)} → ${decisionText({ decision: slo.action!, ladder: slo.ladder })}`;
  if (!slo.series.length) return [title, `  no sample of ${slo.metric} in its scope: no data throughout.`];
  const summary = [
    plural(slo.breaches, 'breach', 'breaches'),
    `${durationWithShare(slo.timeInBreach, period)} in breach`,
    ...(slo.timeWithoutData ? [`${durationWithShare(slo.timeWithoutData, period)} without data`] : []),
  ];
  const detects = slo.episodes.flatMap((e) => (e.detectMs === undefined ? [] : [e.detectMs])).sort((a, b) => a - b);
  if (detects.length) summary.push(`time to detect ${detectSummary(detects)}`);
  const multi = slo.series.length > 1;
  return [
    title,
    `  ${multi ? `${count(slo.series.length)} series; ` : ''}${summary.join(', ')}`,
    ...ends(slo.episodes, slo.episodesOmitted, 'breaches', (e) => episodeRows(e, multi)),
  ];
}

/** `3h` for one breach, `median 2h, worst 3h` for several. */
function detectSummary(sorted: readonly number[]): string {
  if (sorted.length === 1) return durationText(sorted[0]);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return `median ${durationText(median)}, worst ${durationText(sorted[sorted.length - 1])}`;
}

/** The breach and how it ended, each on its own line at its time, like a small timeline. */
function episodeRows(e: Episode, multi: boolean): string[] {
  const on = multi ? ` on ${e.series}` : '';
  const detect = e.detectMs !== undefined ? `, ${durationText(e.detectMs)} after the raw metric crossed the target (${isoTime(e.crossedAt!)})` : '';
  const rows = [`    ${isoTime(e.breachedAt)}  breached at ${formatValue(e.value)}${on}${detect}`];
  if (e.endedAt !== undefined) {
    const how = e.endedBy === 'recovered' ? 'recovered' : 'no data (the window emptied)';
    rows.push(`    ${isoTime(e.endedAt)}  ${how} after ${durationText(e.endedAt - e.breachedAt)}`);
  } else rows.push('    (still breached at the end)');
  return rows;
}

function whatIfText(w: WhatIf, period: number): string[] {
  const header = ['target', 'breaches', 'time in breach', 'detect median', 'detect worst', 'first breach'];
  const rows = w.rows.map((r) => [
    r.target,
    count(r.breaches),
    durationWithShare(r.timeInBreach, period),
    r.detectMedianMs === undefined ? '-' : durationText(r.detectMedianMs),
    r.detectMaxMs === undefined ? '-' : durationText(r.detectMaxMs),
    r.firstBreachAt === undefined ? '-' : isoTime(r.firstBreachAt),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd();
  return [
    `what-if ${w.slo}: ${aggregateText(w.aggregate, w.window)}, thresholds swept (the SLO's own: ${w.target})`,
    line(header),
    ...rows.map((cells, i) => `${line(cells)}${w.rows[i].current ? '  ◀ current' : ''}`),
    `  ${whatIfGuidance(w)}`,
  ];
}

/** The history's problems and the metrics no SLO reads, as `source:line[:col]: message` lines (with their severity). */
export function problemLines(result: ReplayResult): string[] {
  const lines = result.problems.map((p) => problemLine(result.source, p));
  if (result.problemsOmitted) lines.push(`${result.source}: ... and ${plural(result.problemsOmitted, 'more problem', 'more problems')}`);
  for (const u of result.unknownMetrics) {
    const guess = u.suggestion ? `; did you mean ${u.suggestion}?` : '';
    lines.push(`${result.source}:${u.line}: warning: no SLO reads the metric ${u.metric} (${plural(u.samples, 'sample', 'samples')})${guess}`);
  }
  return lines;
}
