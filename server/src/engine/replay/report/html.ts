import { randomBytes } from 'node:crypto';
import { element, xml } from '../../xml';
import type { ReplayResult } from '../result';
import { DECISION_CLASSES, timelineSvg } from './chart';
import { reportContent, type ReportSection, type ReportTable } from './content';

export interface ReplayHtmlOptions {
  /** `vscode`: VS Code's theme variables, for a webview; `standalone`: its own light and dark palettes (`--report`). */
  readonly theme: 'standalone' | 'vscode';
  /** The style element's nonce; a random one by default. */
  readonly nonce?: string;
  /** The webview's `cspSource`, allowed for styles besides the nonce. */
  readonly cspSource?: string;
  readonly title?: string;
}

/**
 * The replay report as one self-contained HTML document: an inline stylesheet (allowed by its nonce), the timeline
 * as inline SVG, and the same tables as the Markdown. No script, no remote resource: its Content-Security-Policy
 * allows nothing else. Keyboard access comes from native elements: collapsible sections, focusable chart segments.
 */
export function replayHtml(result: ReplayResult, options: ReplayHtmlOptions): string {
  const content = reportContent(result, options.title);
  const nonce = options.nonce ?? randomBytes(16).toString('base64');
  const csp = `default-src 'none'; style-src 'nonce-${nonce}'${options.cspSource ? ` ${options.cspSource}` : ''}; img-src data:;`;
  const text = (s: string) => xml(s, 'text');
  const summary = content.summary.map((item) =>
    element('dt', {}, text(item.label)) +
    element('dd', {}, text(item.text) + (item.items.length ? element('ul', {}, item.items.map((i) => element('li', {}, text(i))).join('')) : '')),
  );
  const main = [
    element('h1', {}, text(content.title)),
    content.cancelled ? element('p', { class: 'banner', role: 'alert' }, element('strong', {}, text(content.cancelled))) : '',
    element('dl', { class: 'summary' }, summary.join('')),
    element('section', { 'aria-labelledby': 'timeline-heading' }, element('h2', { id: 'timeline-heading' }, 'Timeline') + element('figure', {}, timelineSvg(result) + element('figcaption', {}, 'Each gate\'s decisions and each SLO\'s breaches over time; the tables below say the same in text.'))),
    ...content.sections.map((s, i) => sectionHtml(s, 2, `s${i}`)),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    element('meta', { charset: 'utf-8' }),
    element('meta', { 'http-equiv': 'Content-Security-Policy', content: csp }),
    element('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    element('title', {}, text(content.title)),
    element('style', { nonce }, stylesheet(options.theme)),
    '</head>',
    element('body', { class: `theme-${options.theme}` }, element('main', {}, main.join('\n'))),
    '</html>',
    '',
  ].join('\n');
}

/** Gates and SLOs are `<details>` (open): a keyboard user can fold the ones they are done with. */
function sectionHtml(section: ReportSection, level: number, id: string): string {
  const heading = element(`h${level}`, { id }, xml(section.heading, 'text'));
  const body = [
    ...section.paragraphs.map((p) => element('p', {}, xml(p, 'text'))),
    ...section.tables.map(tableHtml),
    ...section.subsections.map((s, i) => sectionHtml(s, level + 1, `${id}-${i}`)),
  ].join('\n');
  if (level === 2) return element('section', { 'aria-labelledby': id }, `${heading}\n${body}`);
  return element('details', { open: 'open' }, `${element('summary', {}, heading)}\n${body}`);
}

function tableHtml(table: ReportTable): string {
  const head = element('thead', {}, element('tr', {}, table.columns.map((c) => element('th', { scope: 'col' }, xml(c, 'text'))).join('')));
  const rows = table.rows.map((r) => {
    const [first, ...rest] = r.cells;
    const cells = element('th', { scope: 'row' }, xml(first, 'text')) + rest.map((c) => element('td', {}, xml(c, 'text'))).join('');
    return element('tr', r.current ? { class: 'current' } : {}, cells);
  });
  const notes = table.notes.map((n) => element('p', { class: 'note' }, xml(n, 'text')));
  return [element('table', {}, element('caption', {}, xml(table.caption, 'text')) + head + element('tbody', {}, rows.join(''))), ...notes].join('\n');
}

/**
 * Every rule reads the palette's custom properties, so the two themes differ only in where those come from:
 * VS Code's variables (no colour of our own), or our palettes for light and dark.
 */
function stylesheet(theme: ReplayHtmlOptions['theme']): string {
  return [theme === 'vscode' ? VSCODE_PALETTE : STANDALONE_PALETTE, RULES, ...DECISION_CLASSES.map((c) => `.d-${c} { fill: var(--d-${c}); }`)].join('\n');
}

const VSCODE_PALETTE = `:root {
  --fg: var(--vscode-editor-foreground); --bg: var(--vscode-editor-background); --muted: var(--vscode-descriptionForeground);
  --border: var(--vscode-panel-border, var(--vscode-widget-border)); --stripe: var(--vscode-editorWidget-background);
  --focus: var(--vscode-focusBorder); --alarm: var(--vscode-errorForeground);
  --font: var(--vscode-font-family); --font-size: var(--vscode-font-size);
  --d-pass: var(--vscode-charts-green); --d-block: var(--vscode-charts-lines); --d-error: var(--vscode-errorForeground);
  --d-alert: var(--vscode-charts-blue); --d-ticket: var(--vscode-charts-blue); --d-page: var(--vscode-charts-yellow);
  --d-route_to_human_review: var(--vscode-charts-yellow); --d-throttle: var(--vscode-charts-orange);
  --d-degrade_to_safe_mode: var(--vscode-charts-orange); --d-rollback: var(--vscode-charts-red); --d-kill_switch: var(--vscode-charts-purple);
}
/* VS Code has six chart colours for eight rungs: the milder rung of each pair is paler. */
.d-ticket, .d-route_to_human_review, .d-throttle { fill-opacity: 0.6; }`;

const STANDALONE_PALETTE = `:root {
  color-scheme: light dark;
  --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --border: #d1d9e0; --stripe: #f6f8fa; --focus: #0969da; --alarm: #cf222e;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; --font-size: 14px;
  --d-pass: #1a7f37; --d-block: #818b98; --d-error: #82071e; --d-alert: #0969da; --d-ticket: #54aeff; --d-page: #d4a72c;
  --d-route_to_human_review: #bf8700; --d-throttle: #fb8f44; --d-degrade_to_safe_mode: #bc4c00; --d-rollback: #cf222e; --d-kill_switch: #8250df;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --border: #3d444d; --stripe: #151b23; --focus: #4493f8; --alarm: #f85149;
    --d-pass: #3fb950; --d-block: #6e7681; --d-error: #ff7b72; --d-alert: #4493f8; --d-ticket: #80ccff; --d-page: #e3b341;
    --d-route_to_human_review: #d29922; --d-throttle: #ffa657; --d-degrade_to_safe_mode: #db6d28; --d-rollback: #f85149; --d-kill_switch: #ab7df8;
  }
}`;

const RULES = `body { margin: 0; padding: 16px 24px; color: var(--fg); background: var(--bg); font-family: var(--font); font-size: var(--font-size); line-height: 1.45; }
main { max-width: 1200px; }
h1 { font-size: 1.5em; margin: 0 0 12px; }
h2 { font-size: 1.25em; margin: 24px 0 8px; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
h3 { font-size: 1.1em; display: inline; margin: 0; }
details { margin: 8px 0 16px; }
summary { cursor: pointer; padding: 2px 0; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.banner { border: 2px solid var(--alarm); color: var(--alarm); padding: 8px 12px; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
dl.summary ul { margin: 4px 0; padding-left: 20px; }
table { border-collapse: collapse; margin: 8px 0; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--border); padding: 3px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
thead th { background: var(--stripe); }
tbody th { font-weight: normal; }
tr.current th, tr.current td { font-weight: 600; background: var(--stripe); }
.note { color: var(--muted); font-style: italic; margin: 4px 0 12px; }
figure { margin: 8px 0; }
figcaption { color: var(--muted); }
.timeline { max-width: 100%; height: auto; }
.timeline text { fill: var(--fg); font-family: var(--font); font-size: 12px; }
.timeline .group { font-weight: 600; }
.timeline .tick, .timeline .hint, .timeline .note { fill: var(--muted); }
.timeline .track { fill: var(--stripe); }
.timeline .axis, .timeline .grid { stroke: var(--border); }
.timeline .grid { stroke-dasharray: 2 3; }
.timeline .seg { cursor: default; }
.timeline .seg:focus { outline: 2px solid var(--focus); outline-offset: 1px; stroke: var(--focus); stroke-width: 2px; }
.timeline .mixed { stroke: var(--fg); stroke-width: 1px; }
.timeline .tip { visibility: hidden; }
.timeline .seg:focus + .tip, .timeline .seg:hover + .tip { visibility: visible; }
.timeline:focus-within .hint, .timeline:has(.seg:hover) .hint { visibility: hidden; }
.d-unknown { fill: var(--muted); fill-opacity: 0.4; }`;
