import { LADDER } from '../../ladder';
import { element, xml } from '../../xml';
import type { GateReplay, ReplayResult, SloReplay } from '../result';
import { isoTime } from '../series';
import { decisionText, gateName } from './content';
import { durationText, plural } from './format';

/**
 * Segment colours come from CSS classes (`d-<class>`), so the page decides them: its own palette, or VS Code's
 * theme. Least to most severe: a cluster too narrow to draw apart takes its most severe member's class.
 */
export const DECISION_CLASSES = ['pass', 'block', ...LADDER, 'error'] as const;
type DecisionClass = (typeof DECISION_CLASSES)[number] | 'unknown';

interface Segment {
  readonly from: number;
  readonly to: number;
  readonly cls: DecisionClass;
  /** Decision names drawn in this class, for the legend. */
  readonly name: string;
  /** What a keyboard or mouse user reads on it: the decision, from, to. */
  readonly title: string;
}

interface Band {
  readonly label: string;
  /** What a segment is, one and many: `decision`, `breach`. */
  readonly unit: readonly [string, string];
  readonly segments: readonly Segment[];
}

const WIDTH = 960;
const LABEL_X = 8;
const PLOT_X = 220;
const PLOT_W = WIDTH - PLOT_X - 16;
const READOUT_Y = 18;
const BAND_H = 18;
const BAND_GAP = 6;
const GROUP_H = 22;
/** Narrower segments are merged with their neighbours: each stays visible and the keyboard walk stays short. */
const MIN_PX = 2;
const LABEL_CHARS = 30;

/**
 * The timeline as an inline SVG (for an HTML page; its stylesheet colours it): a band per gate, then a band per SLO
 * showing its breaches, time across in UTC, and a legend. Every segment is focusable; the one focused (or hovered)
 * is read out in words above the bands, so the chart needs no script. The report's tables say the same in text.
 */
export function timelineSvg(result: ReplayResult): string {
  const { start, end } = result;
  const title = element('title', { id: 'timeline-title' }, 'Timeline of decisions and SLO breaches');
  if (start === undefined || end === undefined) {
    return element('svg', { class: 'timeline', role: 'img', 'aria-labelledby': 'timeline-title', viewBox: `0 0 ${WIDTH} 40`, width: WIDTH, height: 40 },
      title + element('text', { x: LABEL_X, y: READOUT_Y }, 'Nothing was evaluated.'));
  }
  const span = Math.max(end - start, 1);
  const x = (t: number) => PLOT_X + ((t - start) / span) * PLOT_W;
  const gates = result.gates.map((g): Band => ({ label: gateName(g), unit: ['decision', 'decisions'], segments: gateSegments(g, end) }));
  const slos = result.slos.filter((s) => s.target).map((s): Band => ({ label: s.label, unit: ['breach', 'breaches'], segments: sloSegments(s, end) }));

  const body: string[] = [];
  const legend = new Map<DecisionClass, Set<string>>();
  let y = READOUT_Y + 14;
  let merged = false;
  const group = (heading: string, bands: readonly Band[]) => {
    if (!bands.length) return;
    body.push(element('text', { class: 'group', x: LABEL_X, y: y + 14 }, xml(heading, 'text')));
    y += GROUP_H;
    for (const band of bands) {
      const shown = band.label.length > LABEL_CHARS ? `${band.label.slice(0, LABEL_CHARS - 1)}…` : band.label;
      body.push(element('text', { class: 'band-label', x: LABEL_X, y: y + 13 }, element('title', {}, xml(band.label, 'text')) + xml(shown, 'text')));
      body.push(element('rect', { class: 'track', x: PLOT_X, y, width: PLOT_W, height: BAND_H }));
      for (const s of cluster(band, x)) {
        const names = legend.get(s.cls) ?? new Set();
        legend.set(s.cls, names);
        for (const n of s.names) names.add(n);
        merged ||= s.mixed;
        const left = Math.min(x(s.from), PLOT_X + PLOT_W - MIN_PX);
        const width = Math.max(x(s.to) - left, MIN_PX);
        // The readout follows its segment: CSS shows `.seg:focus + .tip`.
        body.push(
          element('rect', { class: `seg d-${s.cls}${s.mixed ? ' mixed' : ''}`, role: 'img', tabindex: 0, x: px(left), y, width: px(width), height: BAND_H }, element('title', {}, xml(s.title, 'text'))),
          element('text', { class: 'tip', x: LABEL_X, y: READOUT_Y, 'aria-hidden': 'true' }, xml(s.title, 'text')),
        );
      }
      y += BAND_H + BAND_GAP;
    }
  };
  group('Gates', gates);
  group('SLO breaches', slos);

  const axisY = y + 2;
  const axis = axisLines(start, end, x, READOUT_Y + 14, axisY);
  const legendY = axisY + 40;
  const entries = [
    ...DECISION_CLASSES.filter((c) => legend.has(c)).map((c) => [c, [...legend.get(c)!].join(', ')] as const),
    ...(legend.has('unknown') ? [['unknown', 'not kept by the replay'] as const] : []),
  ];
  const legendItems = entries.map(([cls, names], i) => {
    const lx = LABEL_X + (i % 4) * 236;
    const ly = legendY + Math.floor(i / 4) * 20;
    const text = names.length > LABEL_CHARS ? `${names.slice(0, LABEL_CHARS - 1)}…` : names;
    return element('g', { class: 'legend-item' }, element('rect', { class: `d-${cls}`, x: lx, y: ly - 11, width: 14, height: 14 }) + element('text', { x: lx + 20, y: ly }, element('title', {}, xml(names, 'text')) + xml(text, 'text')));
  });
  if (merged) {
    const i = entries.length;
    legendItems.push(element('text', { class: 'note', x: LABEL_X + (i % 4) * 236, y: legendY + Math.floor(i / 4) * 20 }, 'Outlined: several changes too close to draw apart'));
  }
  const height = legendY + Math.ceil((legendItems.length || 1) / 4) * 20;
  const desc = element('desc', { id: 'timeline-desc' }, xml(
    `Decisions of ${plural(gates.length, 'gate', 'gates')} and breaches of ${plural(slos.length, 'SLO', 'SLOs')} from ${isoTime(start)} to ${isoTime(end)} (UTC). ` +
      'Tab through the segments to read each one; the tables of the report say the same in text.',
    'text',
  ));
  const hint = element('text', { class: 'hint', x: LABEL_X, y: READOUT_Y }, 'Focus a segment (Tab) or point at it to read it here.');
  // A group, not an image: an image's children are hidden from assistive technology, and the segments are focusable.
  return element(
    'svg',
    { class: 'timeline', role: 'group', 'aria-labelledby': 'timeline-title', 'aria-describedby': 'timeline-desc', viewBox: `0 0 ${WIDTH} ${height}`, width: WIDTH, height },
    [title, desc, hint, axis, ...body, element('g', { class: 'legend' }, legendItems.join(''))].join(''),
  );
}

function gateSegments(gate: GateReplay, end: number): Segment[] {
  const name = gateName(gate);
  return gate.timeline.map((e, i) => {
    const next = gate.timeline[i + 1];
    const decision = decisionText(e);
    if (!next && gate.timelineOmitted) {
      return { from: e.at, to: end, cls: 'unknown', name: decision, title: `${name}: ${decision} from ${isoTime(e.at)}, then ${plural(gate.timelineOmitted, 'change', 'changes')} not kept by the replay` };
    }
    const to = next?.at ?? end;
    const until = to === e.at ? ' (the last evaluation)' : ` to ${isoTime(to)} (${durationText(to - e.at)})`;
    return { from: e.at, to, cls: e.ladder ?? (e.decision as DecisionClass), name: decision, title: `${name}: ${decision} from ${isoTime(e.at)}${until}` };
  });
}

function sloSegments(slo: SloReplay, end: number): Segment[] {
  const action = decisionText({ decision: slo.action!, ladder: slo.ladder });
  const cls: DecisionClass = slo.ladder ?? 'error';
  const segments = slo.episodes.map((e): Segment => {
    const to = e.endedAt ?? end;
    const how = e.endedBy === 'recovered' ? 'recovered' : e.endedBy === 'no_data' ? 'its window ran out of data' : 'still breached at the end';
    return { from: e.breachedAt, to, cls, name: action, title: `${slo.label} breached (${action}) from ${isoTime(e.breachedAt)} to ${isoTime(to)} (${durationText(to - e.breachedAt)}): ${how}` };
  });
  if (slo.episodesOmitted) {
    const from = slo.episodes.at(-1)?.endedAt ?? end;
    segments.push({ from, to: end, cls: 'unknown', name: action, title: `${slo.label}: ${plural(slo.episodesOmitted, 'later breach', 'later breaches')} from ${isoTime(from)} not kept by the replay` });
  }
  return segments;
}

interface Drawn {
  readonly from: number;
  readonly to: number;
  readonly cls: DecisionClass;
  readonly names: readonly string[];
  readonly title: string;
  readonly mixed: boolean;
}

/** Runs of segments narrower together than `MIN_PX` become one, in the most severe class of the run. */
function cluster(band: Band, x: (t: number) => number): Drawn[] {
  const { segments, unit } = band;
  const out: Drawn[] = [];
  for (let i = 0; i < segments.length; ) {
    let j = i + 1;
    while (j < segments.length && x(segments[j].to) - x(segments[i].from) < MIN_PX) j++;
    const run = segments.slice(i, j);
    if (run.length === 1) out.push({ ...run[0], names: [run[0].name], mixed: false });
    else {
      const worst = run.reduce((a, b) => (rank(b.cls) > rank(a.cls) ? b : a));
      const from = run[0].from;
      const to = run.at(-1)!.to;
      const title = `${band.label}: ${plural(run.length, ...unit)} from ${isoTime(from)} to ${isoTime(to)}, too close to draw apart; the most severe: ${worst.name}`;
      out.push({ from, to, cls: worst.cls, names: [...new Set(run.map((s) => s.name))], mixed: true, title });
    }
    i = j;
  }
  return out;
}

function rank(cls: DecisionClass): number {
  return cls === 'unknown' ? -1 : DECISION_CLASSES.indexOf(cls);
}

const px = (n: number) => Math.round(n * 10) / 10;

/** UTC ticks at a round interval (at most 8), as grid lines over the bands and labels under them. */
function axisLines(start: number, end: number, x: (t: number) => number, top: number, bottom: number): string {
  const span = Math.max(end - start, 1000);
  const step = TICKS.find((t) => span / t <= 8) ?? TICKS.at(-1)!;
  const multiDay = isoTime(start).slice(0, 10) !== isoTime(end).slice(0, 10);
  const label = (t: number) => {
    const iso = new Date(t).toISOString();
    if (step >= DAY) return iso.slice(0, 10);
    const clock = step < MINUTE ? iso.slice(11, 19) : iso.slice(11, 16);
    return multiDay ? `${iso.slice(5, 10)} ${clock}` : clock;
  };
  const parts = [element('line', { class: 'axis', x1: PLOT_X, y1: bottom, x2: PLOT_X + PLOT_W, y2: bottom })];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) {
    const tx = px(x(t));
    parts.push(
      element('line', { class: 'grid', x1: tx, y1: top, x2: tx, y2: bottom + 4 }),
      element('text', { class: 'tick', x: tx, y: bottom + 18, 'text-anchor': 'middle' }, label(t)),
    );
  }
  parts.push(element('text', { class: 'tick', x: PLOT_X + PLOT_W, y: bottom + 34, 'text-anchor': 'end' }, 'UTC'));
  return element('g', { class: 'axis-group', 'aria-hidden': 'true' }, parts.join(''));
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TICKS = [
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY, 91 * DAY, 182 * DAY, 364 * DAY, 728 * DAY, 3640 * DAY,
];
