import { decimal, decimalAt, TimeParser, type Refusal } from './history-time';
import type { DataProblem, Sample, Series, SeriesTable } from './series';

/**
 * One line of a metric history at a time, into a sample or a located problem. The caller owns the file (the engine
 * reads none): it splits lines and numbers them. Two formats:
 *
 * - JSON Lines (`.jsonl`, `.ndjson`): `{"timestamp": ..., "metric": ..., "value": ..., "<label>": "<value>"...}`.
 * - CSV (`.csv`): a header row naming `timestamp`, `metric` and `value` (any order, any case), the other columns
 *   labels; RFC 4180 quoting within a line (a cell cannot span lines); an empty cell is no label; `#` lines are
 *   comments.
 *
 * Timestamps are ISO 8601 with a zone or Unix seconds; blank lines are skipped. This runs once per line of files of
 * millions of lines: each distinct series is interned once (a trie over the metric and labels as written), each
 * timestamp and calendar date converted once, and CSV cells are located, not copied.
 */
export type HistoryFormat = 'jsonl' | 'csv';

/** The format a history file's name says, undefined for any other name. */
export function historyFormat(path: string): HistoryFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.csv')) return 'csv';
  return undefined;
}

export const CSV_HEADER = 'timestamp,metric,value[,label...]';

interface CsvHeader {
  readonly width: number;
  readonly timestamp: number;
  readonly metric: number;
  readonly value: number;
  /** Label columns: their indices and names. */
  readonly labelColumns: readonly number[];
  readonly labelNames: readonly string[];
  /** Label columns in runs of consecutive ones: [first, last]. */
  readonly labelRuns: readonly (readonly [number, number])[];
  /** The current line's cells. */
  readonly cells: CsvCells;
}

export class HistoryReader {
  private readonly time = new TimeParser();
  /** The UTC offset of the first ISO time (minutes), NaN until one; a different one later is warned about once. */
  private firstOffset = NaN;
  private offsetWarned = false;
  /** Lines that were neither blank nor comments nor the header. */
  private dataLines = 0;
  private header?: CsvHeader;
  private headerLine = 0;
  /** Series by metric and labels as written: each distinct one is interned once. */
  private readonly series = new SeriesTrie();
  /** The CSV's header is missing or unusable: said once, the rest of the file is not read. */
  private unreadable = false;

  /** `warn` receives notices about lines that still give a sample (a changed UTC offset), in line order. */
  constructor(
    readonly format: HistoryFormat,
    private readonly table: SeriesTable,
    private readonly warn: (problem: DataProblem) => void,
  ) {}

  /** The sample on `text` (one line, without its line break), the problem with it, or undefined for no sample. */
  line(text: string, line: number): Sample | DataProblem | undefined {
    if (text.length === 0) return undefined;
    const first = text.charCodeAt(0);
    if ((first === 32 || first === 9) && text.trim() === '') return undefined;
    return this.format === 'csv' ? this.csvLine(text, line, first) : this.jsonLine(text, line, first);
  }

  /** What the end of the file says: an empty history, a header without samples. */
  finish(): DataProblem[] {
    if (this.dataLines > 0 || this.unreadable) return [];
    if (this.header) return [error(this.headerLine, undefined, 'the history has a header row but no samples.')];
    return [error(1, undefined, this.format === 'csv' ? `the history is empty: no header row (${CSV_HEADER}) and no samples.` : 'the history is empty: no samples.')];
  }

  private csvLine(text: string, line: number, first: number): Sample | DataProblem | undefined {
    if (first === 35 || this.unreadable) return undefined;
    const header = this.header;
    if (!header) {
      const cells = text.indexOf('"') < 0 ? text.split(',') : splitQuoted(text);
      return Array.isArray(cells) ? this.readHeader(text, cells, line) : error(line, cells.column, `${cells.message}; this line is left out.`);
    }
    this.dataLines++;
    const cells = header.cells;
    const count = text.indexOf('"') < 0 ? cells.locate(text) : cells.locateQuoted(text);
    if (typeof count !== 'number') return error(line, count.column, `${count.message}; this line is left out.`);
    if (count !== header.width) {
      const column = count < header.width ? text.length + 1 : cellColumn(text, header.width);
      return error(line, column, `the line has ${count} cells, the header row ${header.width}; this line is left out.`);
    }
    const { src, starts, ends } = cells;
    const ts = starts[header.timestamp];
    const te = ends[header.timestamp];
    if (ts === te) return error(line, cellColumn(text, header.timestamp), 'the timestamp is empty; this line is left out.');
    const time = this.time.parse(src, ts, te);
    if (typeof time !== 'number') return error(line, cellColumn(text, header.timestamp), `${time.error} This line is left out.`);
    const ms = starts[header.metric];
    const me = ends[header.metric];
    if (ms === me) return error(line, cellColumn(text, header.metric), 'the metric is empty; this line is left out.');
    const vs = starts[header.value];
    const ve = ends[header.value];
    const value = decimalAt(src, vs, ve);
    if (!Number.isFinite(value)) return error(line, cellColumn(text, header.value), `${notFinite(src.slice(vs, ve))} This line is left out.`);
    this.checkOffset(src, ts, te, line);
    const node = SeriesTrie.step(this.series.root(src.slice(ms, me)), header.labelRuns.length === 0 ? '' : cells.labelsKey(header.labelRuns));
    const series = node.series ?? (node.series = this.table.intern(detached(src.slice(ms, me)), header.labelNames.map((name, k) => [name, detached(cells.cell(header.labelColumns[k]))])));
    return { time, series, value, line };
  }

  private readHeader(text: string, cells: readonly string[], line: number): DataProblem | undefined {
    const names = cells.map((c) => c.trim());
    const lower = names.map((n) => n.toLowerCase());
    const missing = REQUIRED.filter((r) => !lower.includes(r));
    if (missing.length) {
      this.unreadable = true;
      if (names.some(looksLikeData)) return error(line, 1, `a CSV history needs a header row: ${CSV_HEADER} (columns in any order); this file starts with data, so it is not read.`);
      return error(line, undefined, `the header row has no ${missing.map((m) => `"${m}"`).join(' or ')} column: a CSV history needs ${CSV_HEADER} (columns in any order); the file is not read.`);
    }
    const empty = names.indexOf('');
    const duplicate = lower.findIndex((n, i) => lower.indexOf(n) !== i);
    if (empty >= 0 || duplicate >= 0) {
      this.unreadable = true;
      const index = empty >= 0 ? empty : duplicate;
      const why = empty >= 0 ? `column ${index + 1} of the header row has no name` : `the header row names "${names[index]}" twice`;
      return error(line, cellColumn(text, index), `${why}: every column needs its own name; the file is not read.`);
    }
    const labelColumns = names.map((_, i) => i).filter((i) => !REQUIRED.includes(lower[i] as (typeof REQUIRED)[number]));
    this.header = {
      width: names.length,
      timestamp: lower.indexOf('timestamp'),
      metric: lower.indexOf('metric'),
      value: lower.indexOf('value'),
      labelColumns,
      labelNames: labelColumns.map((i) => names[i]),
      labelRuns: runsOf(labelColumns),
      cells: new CsvCells(names.length),
    };
    this.headerLine = line;
    return undefined;
  }

  private jsonLine(text: string, line: number, first: number): Sample | DataProblem {
    this.dataLines++;
    if (first === 35) return error(line, 1, 'JSON Lines have no comments (# lines are for CSV histories); this line is left out.');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      const position = /at position (\d+)/.exec((e as Error).message);
      return error(line, position ? Number(position[1]) + 1 : undefined, `the line is not JSON (${(e as Error).message.slice(0, 120)}); this line is left out.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return error(line, 1, `the line is ${describe(parsed)}, not a JSON object {"timestamp": ..., "metric": ..., "value": ...}; this line is left out.`);
    const o = parsed as Record<string, unknown>;
    const stamp = o.timestamp;
    const time = typeof stamp === 'string' ? jsonTime(this.time, stamp) : typeof stamp === 'number' ? this.time.seconds(stamp) : missingField('timestamp', stamp, 'an ISO 8601 string with a zone, or Unix seconds as a number');
    if (typeof time !== 'number') return error(line, keyColumn(text, 'timestamp'), `${time.error} This line is left out.`);
    const metric = o.metric;
    if (typeof metric !== 'string' || metric === '') return error(line, keyColumn(text, 'metric'), `${missingField('metric', metric, 'the metric\'s name as a string').error} This line is left out.`);
    const value = jsonValue(o.value);
    if (typeof value !== 'number') return error(line, keyColumn(text, 'value'), `${value.error} This line is left out.`);
    // JSON.parse gives names as interned strings: a step by name costs no hashing.
    let node = this.series.root(metric);
    let labels = false;
    for (const key in o) {
      if (key === 'timestamp' || key === 'metric' || key === 'value') continue;
      const label = o[key];
      if (typeof label !== 'string') return error(line, keyColumn(text, key), `label "${key}" is ${describe(label)}: labels are strings (an empty string is no label); this line is left out.`);
      node = SeriesTrie.step(SeriesTrie.step(node, key), label);
      labels = true;
    }
    if (typeof stamp === 'string') this.checkOffset(stamp, 0, stamp.length, line);
    const series = node.series ?? (node.series = this.table.intern(metric, labels ? labelsOf(o) : []));
    return { time, series, value, line };
  }

  /** Times in several UTC offsets are fine (all compare in UTC), but worth one notice: a clock may be misconfigured. */
  private checkOffset(text: string, start: number, end: number, line: number): void {
    const offset = this.time.offset;
    if (offset !== offset || offset === this.firstOffset || this.offsetWarned) return;
    if (this.firstOffset !== this.firstOffset) {
      this.firstOffset = offset;
      return;
    }
    this.offsetWarned = true;
    this.warn({ line, severity: 'warning', message: `timestamp "${text.slice(start, end)}" is at UTC${utcOffset(offset)}, the lines before at UTC${utcOffset(this.firstOffset)}: times are compared in UTC (this is said once).` });
  }
}

const REQUIRED = ['timestamp', 'metric', 'value'] as const;

interface TrieNode {
  series?: Series;
  next?: Map<string, TrieNode>;
}

/**
 * Series by their parts as written, one map step each: the metric, then for JSON each label's name and value, for
 * CSV the label cells as one key. Exact (no separator a value could hold) and no key string per line.
 */
class SeriesTrie {
  private readonly roots = new Map<string, TrieNode>();

  root(metric: string): TrieNode {
    let node = this.roots.get(metric);
    if (!node) this.roots.set(detached(metric), (node = {}));
    return node;
  }

  static step(node: TrieNode, part: string): TrieNode {
    const next = node.next ?? (node.next = new Map());
    let child = next.get(part);
    if (!child) next.set(detached(part), (child = {}));
    return child;
  }
}

/**
 * A copy of `text` that keeps nothing else alive. V8 makes a slice of 13 characters or more a view into the string it
 * was cut from, here the whole chunk of the file: kept as a key or a label for the replay, it would keep that MiB.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

function error(line: number, column: number | undefined, message: string): DataProblem {
  return column === undefined ? { line, severity: 'error', message } : { line, column, severity: 'error', message };
}

/** Why a value cell is not a finite number (NaN and infinities by name, as Prometheus writes them too). */
function notFinite(cell: string): string {
  if (cell === '') return 'the value is empty: a sample needs a number.';
  const special = cell.replace(/^[+-]/, '').toLowerCase();
  if (special === 'nan') return `the value is ${cell}: a sample must be a finite number.`;
  if (Math.abs(decimal(cell)) === Infinity || special === 'inf' || special === 'infinity') return `the value ${cell} is infinite: a sample must be a finite number.`;
  return `the value "${cell}" is not a number.`;
}

function jsonValue(value: unknown): number | Refusal {
  if (typeof value === 'number') return Number.isFinite(value) ? value : { error: 'the value is too large: it reads as infinity, and a sample must be a finite number.' };
  if (typeof value !== 'string') return missingField('value', value, 'a number');
  if (Number.isFinite(decimal(value.trim()))) return { error: `the value is the string "${value}": write the number without quotes.` };
  const special = /^[+-]?(nan|inf(inity)?)$/i.test(value.trim()) ? ' (JSON has no NaN or infinity; leave the line out when there is no sample)' : '';
  return { error: `the value is the string "${value}": a sample must be a finite number${special}.` };
}

/** A JSON string timestamp is ISO 8601: Unix seconds are a number, as JSON writes numbers. */
function jsonTime(parser: TimeParser, stamp: string): number | Refusal {
  if ((stamp.length >= 19 && stamp.charCodeAt(4) === 45) || Number.isNaN(decimal(stamp.trim()))) return parser.parse(stamp);
  return { error: `timestamp is the string "${stamp}": write Unix seconds as a number (no quotes), or ISO 8601 with a zone.` };
}

/** A required field that is absent or of the wrong type. */
function missingField(field: string, value: unknown, wanted: string): Refusal {
  if (value === undefined) return { error: `the line has no "${field}": each line needs "timestamp", "metric" and "value".` };
  return { error: `"${field}" is ${describe(value)}: write ${wanted}.` };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return value === '' ? 'an empty string' : `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value === 'number' ? 'the number' : 'the boolean'} ${String(value)}`;
}

function labelsOf(o: Record<string, unknown>): [string, string][] {
  return Object.keys(o).filter((k) => k !== 'timestamp' && k !== 'metric' && k !== 'value').map((k) => [k, o[k] as string]);
}

/** A header cell that is a time or a number: the first line is data, not a header. */
function looksLikeData(cell: string): boolean {
  return !Number.isNaN(decimal(cell)) || typeof new TimeParser().parse(cell) === 'number';
}

function utcOffset(minutes: number): string {
  if (minutes === 0) return '';
  const m = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Where the cells of one CSV line are, without a string per cell: cell i is `src[starts[i], ends[i])`, without the
 * spaces and tabs around it. A line with a quote is unquoted first (`src` is then its cells end to end).
 */
class CsvCells {
  src = '';
  quoted = false;
  readonly starts: Int32Array;
  readonly ends: Int32Array;

  constructor(readonly width: number) {
    this.starts = new Int32Array(width);
    this.ends = new Int32Array(width);
  }

  /** Locates the cells of a line without quotes; returns how many there are (only the first `width` are kept). */
  locate(text: string): number {
    let n = 0;
    for (let from = 0; ; n++) {
      const comma = text.indexOf(',', from);
      const end = comma < 0 ? text.length : comma;
      if (n < this.width) this.place(n, text, from, end);
      if (comma < 0) break;
      from = comma + 1;
    }
    this.src = text;
    this.quoted = false;
    return n + 1;
  }

  locateQuoted(text: string): number | CellError {
    const cells = splitQuoted(text);
    if (!Array.isArray(cells)) return cells;
    this.src = cells.join('');
    for (let i = 0, at = 0; i < cells.length && i < this.width; i++) this.place(i, this.src, at, (at += cells[i].length));
    this.quoted = true;
    return cells.length;
  }

  cell(i: number): string {
    return this.src.slice(this.starts[i], this.ends[i]);
  }

  /**
   * The label cells as one key. Without quotes no cell holds a comma, so the text from a run of consecutive label
   * columns' first cell to its last (commas included) is one slice, and runs are joined by commas. A line with
   * quotes gives the cells' JSON instead, which holds a quote, as the former never does.
   */
  labelsKey(runs: readonly (readonly [number, number])[]): string {
    if (this.quoted) return JSON.stringify(runs.flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, k) => this.cell(first + k))));
    let key = this.src.slice(this.starts[runs[0][0]], this.ends[runs[0][1]]);
    for (let r = 1; r < runs.length; r++) key += `,${this.src.slice(this.starts[runs[r][0]], this.ends[runs[r][1]])}`;
    return key;
  }

  /** Cell i is `text[start, end)` without the spaces and tabs around it. */
  private place(i: number, text: string, start: number, end: number): void {
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
    this.starts[i] = start;
    this.ends[i] = end;
  }
}

function runsOf(columns: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of columns) {
    const run = runs[runs.length - 1];
    if (run && run[1] === i - 1) run[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

interface CellError {
  readonly column: number;
  readonly message: string;
}

/**
 * The cells of a CSV line with quotes (RFC 4180: `"a ""b"", c"` is one cell); `starts` collects each cell's offset.
 * A quote left open is an error: the reader is given one line at a time, so a cell cannot span lines.
 */
function splitQuoted(text: string, starts?: number[]): string[] | CellError {
  const cells: string[] = [];
  const n = text.length;
  for (let i = 0; ; ) {
    starts?.push(i);
    if (text.charCodeAt(i) === QUOTE) {
      const open = i;
      let cell = '';
      for (let from = ++i; ; ) {
        const q = text.indexOf('"', i);
        if (q < 0) return { column: open + 1, message: 'a quoted cell is not closed on its line (a cell cannot span lines)' };
        if (text.charCodeAt(q + 1) === QUOTE) {
          cell += text.slice(from, q + 1);
          i = from = q + 2;
          continue;
        }
        cell += text.slice(from, q);
        i = q + 1;
        break;
      }
      cells.push(cell);
      if (i === n) return cells;
      if (text.charCodeAt(i) !== COMMA) return { column: i + 1, message: 'text follows a closing quote: a quoted cell ends at its quote (a quote inside it is written "")' };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      const quote = text.indexOf('"', i);
      if (quote >= 0 && quote < end) return { column: quote + 1, message: 'a quote inside an unquoted cell: quote the whole cell and double the quote ("a ""b"" c")' };
      cells.push(text.slice(i, end));
      if (comma < 0) return cells;
      i = comma + 1;
    }
  }
}

/** The 1-based column of `"key"` in a JSON line (for messages only). */
function keyColumn(text: string, key: string): number | undefined {
  const i = text.indexOf(JSON.stringify(key));
  return i < 0 ? undefined : i + 1;
}

/** The 1-based column where cell `index` starts (for messages only: it splits the line again). */
function cellColumn(text: string, index: number): number {
  const starts: number[] = [];
  splitQuoted(text, starts);
  return index < starts.length ? starts[index] + 1 : text.length + 1;
}

const QUOTE = 34;
const COMMA = 44;
