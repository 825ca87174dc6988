/** Where the bar is drawn: standard error on a terminal (its width, when known). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Bytes to read in all: the file's size. */
  readonly total: number;
  /** What is being read, before the bar. */
  readonly label: string;
  /** Milliseconds; injectable so tests drive time. */
  readonly now?: () => number;
}

/** At most ten redraws a second: drawing more often costs more than it tells. */
const REDRAW_MS = 100;
const BAR_WIDTH = 24;

/**
 * A one-line progress bar redrawn in place (`\r`, then erase to the end of the line): the share of bytes read, the
 * time left, the samples per second and the bytes. Only ever shown on a terminal; `clear` leaves the line empty again.
 */
export class ProgressBar {
  private readonly now: () => number;
  private readonly started: number;
  private lastDraw = -Infinity;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** Redraws when the last drawing is at least `REDRAW_MS` old; `bytes` and `samples` are totals so far. */
  update(bytes: number, samples: number): void {
    const now = this.now();
    if (now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    this.drawn = true;
    this.stream.write(`\r${this.line(bytes, samples, now)}\x1b[K`);
  }

  /** Erases the bar, so what is written next starts on a clean line. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
    this.drawn = false;
  }

  private line(bytes: number, samples: number, now: number): string {
    const { total, label } = this.options;
    const share = total > 0 ? Math.min(1, bytes / total) : 0;
    const seconds = (now - this.started) / 1000;
    const filled = Math.round(share * BAR_WIDTH);
    const rate = seconds > 0 ? `${compact(samples / seconds)} samples/s` : '';
    const eta = seconds > 0 && bytes > 0 && bytes < total ? `ETA ${clock(((total - bytes) / bytes) * seconds)}` : '';
    const parts = [
      label,
      `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}]`,
      `${Math.floor(share * 100)}%`.padStart(4),
      eta,
      rate,
      `${size(bytes)} / ${size(total)}`,
    ].filter(Boolean);
    // Never wrap: a wrapped line cannot be redrawn in place. The least telling parts, last, are dropped first.
    // A pseudo-terminal may report 0 columns: then assume the classic 80.
    const columns = this.stream.columns || 80;
    while (parts.length > 1 && parts.join('  ').length >= columns) parts.pop();
    return parts.join('  ').slice(0, columns - 1);
  }
}

/** `1.2M`, `850k`, `12`. */
function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(0)}k`;
  return n.toFixed(0);
}

/** `12.3 MB`, in powers of 1000 like `ls -h --si`. */
function size(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** `42s`, `3m05s`, `1h02m`. */
function clock(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
