import { parseTarget } from '../../target';
import { comparesRawSamples } from '../aggregate';
import { formatValue } from '../replay';
import type { Episode, GateReplay, ReplayResult, SloReplay, WhatIf, WhatIfRow } from '../result';
import { isoTime, type DataProblem } from '../series';
import { count, durationText, durationWithShare, plural, shareText } from './format';

/**
 * What a replay report says, once, as plain text: the Markdown and HTML renderers only lay it out and escape it
 * for their syntax, so both reports always say the same thing.
 */
export interface ReportContent {
  readonly title: string;
  /** Set when the replay was cancelled: said first and prominently. */
  readonly cancelled?: string;
  readonly summary: readonly SummaryItem[];
  readonly sections: readonly ReportSection[];
}

export interface SummaryItem {
  readonly label: string;
  readonly text: string;
  /** A list under the item: the first problems, the unknown metrics. */
  readonly items: readonly string[];
}

export interface ReportSection {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly tables: readonly ReportTable[];
  readonly subsections: readonly ReportSection[];
}

export interface ReportTable {
  readonly caption: string;
  readonly columns: readonly string[];
  /** The first cell of a row names it (a row header). */
  readonly rows: readonly ReportRow[];
  /** Said after the table: rows not shown, entries the replay did not keep. */
  readonly notes: readonly string[];
}

export interface ReportRow {
  readonly cells: readonly string[];
  /** The what-if row of the SLO's own threshold. */
  readonly current?: boolean;
}

/** Rows shown per table: a flapping gate's thousands of changes would bury the rest of the report. */
const REPORT_ROWS = 500;
/** Problems listed in the summary; the count covers them all. */
const PROBLEMS_LISTED = 10;

function defaultTitle(result: ReplayResult): string {
  return result.whatIf ? `What-if for ${result.whatIf.slo} over ${result.source}` : `Replay of ${result.source}`;
}

export function reportContent(result: ReplayResult, title = defaultTitle(result)): ReportContent {
  const period = periodMs(result);
  return {
    title,
    ...(result.cancelled ? { cancelled: cancelledText(result) } : {}),
    summary: summary(result),
    sections: [
      ...(result.whatIf ? [whatIfSection(result.whatIf, period)] : []),
      {
        heading: 'Gates',
        paragraphs: ['Each gate\'s decision over time: a decision holds from the evaluation where it changed until the next change.'],
        tables: [],
        subsections: result.gates.map((g) => gateSection(g, period)),
      },
      { heading: 'SLOs', paragraphs: [], tables: [], subsections: result.slos.map((s) => sloSection(s, period)) },
      firedSection(result),
    ],
  };
}

/** From the first evaluation to the last: what every share is of. */
export function periodMs(result: ReplayResult): number {
  return result.start === undefined ? 0 : result.end! - result.start;
}

function cancelledText(result: ReplayResult): string {
  return result.end === undefined
    ? 'Cancelled: the replay was stopped before anything was evaluated.'
    : `Cancelled: the replay was stopped before the end of the history; this report covers it up to ${isoTime(result.end)} only.`;
}

function summary(result: ReplayResult): SummaryItem[] {
  const item = (label: string, text: string, items: readonly string[] = []): SummaryItem => ({ label, text, items });
  const evaluated = result.step ? `every ${durationText(result.step)}` : 'at every sample time';
  return [
    result.start === undefined
      ? item('Period', 'nothing was evaluated: the history has no sample the replay could use.')
      : item('Period', `${isoTime(result.start)} to ${isoTime(result.end!)} (${durationText(periodMs(result))}, UTC)`),
    item('Evaluated', `${evaluated} (${plural(result.evaluations, 'evaluation', 'evaluations')})`),
    item('Samples', `${count(result.samples)} read, ${count(result.samplesRead)} of them by an SLO`),
    problemsItem(result),
    result.unknownMetrics.length
      ? item('Metrics no SLO reads', count(result.unknownMetrics.length), result.unknownMetrics.map((u) =>
          `${u.metric}: ${plural(u.samples, 'sample', 'samples')}, first at ${result.source}:${u.line}${u.suggestion ? `; did you mean ${u.suggestion}?` : ''}`))
      : item('Metrics no SLO reads', 'none'),
  ];
}

function problemsItem(result: ReplayResult): SummaryItem {
  const { problems, problemsOmitted } = result;
  if (!problems.length) return { label: 'Problems', text: 'none', items: [] };
  const errors = problems.filter((p) => p.severity === 'error').length;
  const kinds = `${plural(errors, 'error', 'errors')}, ${plural(problems.length - errors, 'warning', 'warnings')}`;
  const text = problemsOmitted ? `${count(problems.length + problemsOmitted)} (among the first ${count(problems.length)}: ${kinds})` : `${count(problems.length)} (${kinds})`;
  const listed = problems.slice(0, PROBLEMS_LISTED).map((p) => problemLine(result.source, p));
  const rest = problems.length + problemsOmitted - listed.length;
  return { label: 'Problems', text, items: rest ? [...listed, `and ${count(rest)} more`] : listed };
}

/** `history.jsonl:12:5: error: ...`: where the problem is, as editors and terminals link it. */
export function problemLine(source: string, p: DataProblem): string {
  return `${source}:${p.line}${p.column ? `:${p.column}` : ''}: ${p.severity}: ${p.message}`;
}

/** `rollback`, or `revert_model (ranks with rollback)` for a custom action. */
export function decisionText(d: { readonly decision: string; readonly ladder?: string }): string {
  return d.ladder && d.ladder !== d.decision ? `${d.decision} (ranks with ${d.ladder})` : d.decision;
}

/** The band or heading name of a gate: the implicit one says what it is. */
export function gateName(gate: GateReplay): string {
  return gate.implicit ? `${gate.name} (the policy as a whole)` : `gate ${gate.name}`;
}

function gateSection(gate: GateReplay, period: number): ReportSection {
  const paragraphs = [
    gate.implicit
      ? 'The policy as a whole: what would have fired, gate or not (every SLO that can be evaluated, missing data ignored).'
      : `Reads ${gate.slos.length ? gate.slos.join(', ') : 'no SLO'}. Its require: conditions are not replayed.`,
  ];
  if (!gate.timeline.length) return { heading: gateName(gate), paragraphs: [...paragraphs, 'Nothing was evaluated.'], tables: [], subsections: [] };
  const shown = gate.timeline.slice(0, REPORT_ROWS);
  const notes = [
    ...(gate.timeline.length > shown.length ? [`${plural(gate.timeline.length - shown.length, 'later change is', 'later changes are')} not shown.`] : []),
    ...(gate.timelineOmitted ? [`${plural(gate.timelineOmitted, 'later change was', 'later changes were')} not kept by the replay (a flapping gate); the times in each decision still count them.`] : []),
  ];
  return {
    heading: gateName(gate),
    paragraphs,
    tables: [
      {
        caption: `Time in each decision: ${gate.name}`,
        columns: ['Decision', 'Time', 'Share of the period'],
        rows: gate.timeIn.map((t) => ({ cells: [decisionText(t), durationText(t.ms), shareText(t.ms, period) ?? 'n/a (one evaluation)'] })),
        notes: [],
      },
      {
        caption: `Decision changes: ${gate.name}`,
        columns: ['At', 'Decision', 'Reason'],
        rows: shown.map((e) => ({ cells: [isoTime(e.at), decisionText(e), e.reason] })),
        notes,
      },
    ],
    subsections: [],
  };
}

function sloSection(slo: SloReplay, period: number): ReportSection {
  if (!slo.target) {
    return { heading: slo.label, paragraphs: [`Cannot be evaluated: ${slo.problem ?? 'not evaluated.'} The gates reading it decide error.`], tables: [], subsections: [] };
  }
  const shown = slo.episodes.slice(0, REPORT_ROWS);
  const measures: [string, string][] = [
    ['Metric', slo.metric],
    ['Series read', slo.series.length ? slo.series.join(', ') : 'none (no sample of this metric in its scope)'],
    ['Target', slo.target],
    ['Aggregate', aggregateText(slo.aggregate!, slo.window!)],
    ['Action', decisionText({ decision: slo.action!, ladder: slo.ladder })],
    ['Breaches', count(slo.breaches)],
    ['First breach', slo.episodes[0] ? isoTime(slo.episodes[0].breachedAt) : 'none'],
    ['Last recovery', lastRecovery(slo)],
    ['Time in breach', durationWithShare(slo.timeInBreach, period)],
    ['Time without data', durationWithShare(slo.timeWithoutData, period)],
    ['Time to detect', detectText(slo)],
  ];
  const notes = [
    ...(slo.episodes.length > shown.length ? [`${plural(slo.episodes.length - shown.length, 'later breach is', 'later breaches are')} not shown.`] : []),
    ...(slo.episodesOmitted ? [`${plural(slo.episodesOmitted, 'later breach was', 'later breaches were')} not kept by the replay; the totals above still count them.`] : []),
  ];
  return {
    heading: slo.label,
    paragraphs: slo.episodes.length ? [] : ['No breach.'],
    tables: [
      { caption: `Summary: ${slo.label}`, columns: ['Measure', 'Value'], rows: measures.map((cells) => ({ cells })), notes: [] },
      ...(slo.episodes.length
        ? [{
            caption: `Breaches: ${slo.label}`,
            columns: ['#', 'Breached at', 'Series', 'Value', 'Raw metric crossed at', 'Time to detect', 'Ended at', 'Ended by'],
            rows: shown.map((e, i) => ({ cells: [String(i + 1), isoTime(e.breachedAt), e.series, formatValue(e.value), e.crossedAt === undefined ? '-' : isoTime(e.crossedAt), episodeDetect(slo, e), e.endedAt === undefined ? '-' : isoTime(e.endedAt), endedText(e)] })),
            notes,
          }]
        : []),
    ],
    subsections: [],
  };
}

/** `mean over 10m`, `max since the start (rolling)`. */
export function aggregateText(aggregate: string, window: string): string {
  return window === 'rolling' ? `${aggregate} since the start (rolling)` : `${aggregate} over ${window}`;
}

function lastRecovery(slo: SloReplay): string {
  const last = slo.episodes.at(-1);
  const recovered = [...slo.episodes].reverse().find((e) => e.endedBy === 'recovered');
  const at = recovered ? isoTime(recovered.endedAt!) : 'none';
  return last && last.endedAt === undefined ? `${at} (still breached at the end)` : at;
}

/** Not defined for sum and count: one raw sample is not comparable with a target on the aggregate. */
function detectText(slo: SloReplay): string {
  if (!slo.detects) return `n/a: not defined for ${slo.aggregate}`;
  const times = slo.episodes.flatMap((e) => (e.detectMs === undefined ? [] : [e.detectMs])).sort((a, b) => a - b);
  if (!times.length) return slo.episodes.length ? 'unknown: no raw sample failed the target before the breach' : 'none (no breach)';
  if (times.length === 1) return `${durationText(times[0])} (one breach)`;
  return `median ${durationText(median(times))}, max ${durationText(times.at(-1)!)} (over ${count(times.length)} breaches)`;
}

function episodeDetect(slo: SloReplay, e: Episode): string {
  if (!slo.detects) return 'n/a';
  return e.detectMs === undefined ? '-' : durationText(e.detectMs);
}

function endedText(e: Episode): string {
  if (e.endedBy === 'recovered') return 'recovered';
  if (e.endedBy === 'no_data') return 'no data';
  return 'still breached at the end';
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Every breach of every SLO, in time order, with the action it fired. */
function firedSection(result: ReplayResult): ReportSection {
  const fired = result.slos
    .flatMap((slo) => slo.episodes.map((e) => ({ slo, e })))
    .sort((a, b) => a.e.breachedAt - b.e.breachedAt);
  const heading = 'Which action fired when';
  if (!fired.length) return { heading, paragraphs: ['No SLO breached: no action fired.'], tables: [], subsections: [] };
  const shown = fired.slice(0, REPORT_ROWS);
  const omitted = result.slos.reduce((n, s) => n + s.episodesOmitted, 0);
  return {
    heading,
    paragraphs: ['Every SLO breach in time order, with the action it fires; the gates above decide the most severe of those breached at a time.'],
    tables: [{
      caption: 'Actions fired by SLO breaches',
      columns: ['At', 'SLO', 'Action', 'Value', 'Series', 'Until'],
      rows: shown.map(({ slo, e }) => ({
        cells: [isoTime(e.breachedAt), slo.label, decisionText({ decision: slo.action!, ladder: slo.ladder }), formatValue(e.value), e.series, e.endedAt === undefined ? 'the end (still breached)' : `${isoTime(e.endedAt)} (${endedText(e)})`],
      })),
      notes: [
        ...(fired.length > shown.length ? [`${plural(fired.length - shown.length, 'later breach is', 'later breaches are')} not shown.`] : []),
        ...(omitted ? [`${plural(omitted, 'later breach was', 'later breaches were')} not kept by the replay.`] : []),
      ],
    }],
    subsections: [],
  };
}

function whatIfSection(w: WhatIf, period: number): ReportSection {
  const detects = comparesRawSamples(w.aggregate);
  const detect = (ms: number | undefined) => (!detects ? 'n/a' : ms === undefined ? '-' : durationText(ms));
  return {
    heading: `What-if: ${w.slo}`,
    paragraphs: [
      `${w.slo} (${aggregateText(w.aggregate, w.window)}, target ${w.target}) replayed at ${plural(w.rows.length, 'threshold', 'thresholds')}.`,
      whatIfGuidance(w),
    ],
    tables: [{
      caption: `Threshold sweep: ${w.slo}`,
      columns: ['Target', 'Breaches', 'Time in breach', 'Time to detect (median)', 'Time to detect (max)', 'First breach'],
      rows: w.rows.map((r) => ({
        cells: [r.current ? `${r.target} (current)` : r.target, count(r.breaches), durationWithShare(r.timeInBreach, period), detect(r.detectMedianMs), detect(r.detectMaxMs), r.firstBreachAt === undefined ? 'none' : isoTime(r.firstBreachAt)],
        ...(r.current ? { current: true } : {}),
      })),
      notes: detects ? [] : [`Time to detect is not defined for ${w.aggregate}.`],
    }],
    subsections: [],
  };
}

/**
 * One sentence an author can act on: the tightest threshold that costs nothing over the current one in this history
 * (no more breaches, no more time in breach), usually detecting sooner.
 * Tighter is higher for `>`/`>=` targets and lower for `<`/`<=`; `==`/`!=` have no tighter side.
 */
export function whatIfGuidance(w: WhatIf): string {
  const parsed = parseTarget(w.target);
  const comparator = parsed.ok ? parsed.target.comparator : undefined;
  const sign = comparator === '>' || comparator === '>=' ? 1 : comparator === '<' || comparator === '<=' ? -1 : 0;
  if (!sign) return `A ${w.target} target has no tighter or looser side: compare the breaches per threshold.`;
  const tighter = (a: WhatIfRow, b: WhatIfRow) => sign * (a.threshold - b.threshold) > 0;
  const tightest = (rows: readonly WhatIfRow[]) => rows.reduce<WhatIfRow | undefined>((best, r) => (!best || tighter(r, best) ? r : best), undefined);
  const current = w.rows.find((r) => r.current);
  if (!current) {
    const clean = tightest(w.rows.filter((r) => r.breaches === 0));
    const why = `The current target ${w.target} is not among the thresholds swept`;
    return clean ? `${why}; the tightest that never breached is ${clean.target}.` : `${why}; every threshold swept breached at least once.`;
  }
  const best = tightest(w.rows.filter((r) => r.breaches <= current.breaches && r.timeInBreach <= current.timeInBreach))!;
  if (best !== current) {
    const detect = best.detectMedianMs !== undefined && current.detectMedianMs !== undefined ? ` would detect in ${durationText(best.detectMedianMs)} instead of ${durationText(current.detectMedianMs)} (median) and` : '';
    return `${best.target} is the tightest threshold with no more breaches and no more time in breach than the current ${current.target} over this history (${count(best.breaches)} against ${count(current.breaches)}): it${detect} would spend ${durationText(best.timeInBreach)} in breach instead of ${durationText(current.timeInBreach)}.`;
  }
  const nearest = w.rows.filter((r) => tighter(r, current)).reduce<WhatIfRow | undefined>((n, r) => (!n || tighter(n, r) ? r : n), undefined);
  if (!nearest) return `The current ${current.target} is the tightest threshold swept.`;
  return `Every tighter threshold costs more than the current ${current.target} (${plural(current.breaches, 'breach', 'breaches')}): the nearest tighter one, ${nearest.target}, breaches ${plural(nearest.breaches, 'time', 'times')}.`;
}
