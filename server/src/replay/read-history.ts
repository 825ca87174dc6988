import { open, type FileHandle } from 'node:fs/promises';
import { replays } from '../engine';

/** Where the samples and problems of a history go: a `Replay`, or anything with its two methods. */
export interface HistorySink {
  push(sample: replays.Sample): void;
  problem(problem: replays.DataProblem): void;
}

export interface HistoryProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  /** Samples handed to the sink so far. */
  readonly samples: number;
}

export interface ReadOptions {
  /** Checked between chunks: an aborted read stops there (the end-of-file checks are skipped). */
  readonly signal?: AbortSignal;
  /** Called after each chunk. */
  readonly onProgress?: (progress: HistoryProgress) => void;
}

/** Bytes read at a time; also the longest line read (a longer one is a located problem, and skipped). */
export const CHUNK = 1 << 20;
const PIECE = 1 << 16;

/**
 * Streams a history file through `reader` into `sink`, a chunk at a time, so memory does not grow with the file.
 * Lines end at `\n` (a `\r` before it is dropped); a UTF-8 character split between two chunks is whole, since lines
 * are cut at newline bytes before they are decoded; the last line needs no newline. Between chunks the event loop
 * runs (a server stays responsive) and `signal` is checked. Resolves `cancelled` when it stopped early.
 */
export async function readHistory(path: string, reader: replays.HistoryReader, sink: HistorySink, options: ReadOptions = {}): Promise<{ readonly cancelled: boolean }> {
  const handle = await open(path, 'r');
  try {
    const totalBytes = (await handle.stat()).size;
    const buffer = Buffer.allocUnsafe(CHUNK);
    let held = 0;
    let bytesRead = 0;
    let line = 0;
    let samples = 0;
    /** Inside a line longer than the buffer: the rest of it, up to its newline, is dropped. */
    let skipping = false;
    const feed = (text: string): void => {
      line++;
      const last = text.length - 1;
      const result = reader.line(last >= 0 && text.charCodeAt(last) === 13 ? text.slice(0, last) : text, line);
      if (result === undefined) return;
      if ('series' in result) {
        sink.push(result);
        samples++;
      } else sink.problem(result);
    };
    for (;;) {
      if (options.signal?.aborted) return { cancelled: true };
      const n = await readInto(handle, buffer, held);
      bytesRead += n;
      const end = held + n;
      if (n === 0) {
        if (held > 0 && !skipping) feed(decode(buffer, 0, held, line));
        break;
      }
      const newline = buffer.lastIndexOf(10, end - 1);
      if (newline < 0) {
        if (end < buffer.length) held = end;
        else {
          // A line longer than the buffer: said once, then dropped up to its newline.
          if (!skipping) sink.problem({ line: line + 1, severity: 'error', message: `the line is longer than ${CHUNK >> 20} MiB; it is left out.` });
          skipping = true;
          held = 0;
        }
        continue;
      }
      let start = 0;
      if (skipping) {
        start = buffer.indexOf(10) + 1;
        line++;
        skipping = false;
      }
      // Decoded a piece at a time: a string of at most 64 KiB is young garbage, where one of the whole chunk would be a
      // large object left for a full collection (the heap would swell by a chunk per MiB read until one).
      for (let from = start; from <= newline; ) {
        let to = from + PIECE >= newline ? newline : buffer.lastIndexOf(10, from + PIECE);
        if (to < from) to = buffer.indexOf(10, from);
        const text = decode(buffer, from, to, line);
        for (let at = 0; ; ) {
          const next = text.indexOf('\n', at);
          if (next < 0) {
            feed(text.slice(at));
            break;
          }
          feed(text.slice(at, next));
          at = next + 1;
        }
        from = to + 1;
      }
      held = end - newline - 1;
      buffer.copy(buffer, 0, newline + 1, end);
      options.onProgress?.({ bytesRead, totalBytes, samples });
    }
    for (const problem of reader.finish()) sink.problem(problem);
    options.onProgress?.({ bytesRead, totalBytes, samples });
    return { cancelled: false };
  } finally {
    await handle.close();
  }
}

/**
 * The time of the history's last sample, read from the end of the file (for `--last 7d`: evaluation starts a week
 * before it); undefined when no line gives a sample. A CSV's header row is read first, for its columns.
 */
export async function lastTime(path: string, format: replays.HistoryFormat): Promise<number | undefined> {
  const handle = await open(path, 'r');
  try {
    const reader = new replays.HistoryReader(format, new replays.SeriesTable(), () => undefined);
    if (format === 'csv' && !(await readCsvHeader(handle, reader))) return undefined;
    let end = (await handle.stat()).size;
    /** The start of a line whose beginning is in an earlier chunk (without its newline). */
    let partial = Buffer.alloc(0);
    while (end > 0) {
      const size = Math.min(end, CHUNK);
      const chunk = Buffer.allocUnsafe(size);
      await handle.read(chunk, 0, size, end - size);
      end -= size;
      const bytes = partial.length ? Buffer.concat([chunk, partial]) : chunk;
      // The bytes before the first newline may be the end of a line that starts in the chunk before.
      const first = end > 0 ? bytes.indexOf(10) : -1;
      if (end > 0 && first < 0) {
        // No line break in a whole chunk: a line too long to read (readHistory skips it too).
        partial = bytes.length > CHUNK ? Buffer.alloc(0) : bytes;
        continue;
      }
      const lines = decode(bytes, first + 1, bytes.length, end).split('\n');
      for (let i = lines.length - 1; i >= 0; i--) {
        const result = reader.line(lines[i].replace(/\r$/, ''), 0);
        if (result && 'series' in result) return result.time;
      }
      partial = first < 0 ? Buffer.alloc(0) : bytes.subarray(0, first);
    }
    return undefined;
  } finally {
    await handle.close();
  }
}

/** Feeds `reader` the lines up to its CSV header row; false when the file has no usable one. */
async function readCsvHeader(handle: FileHandle, reader: replays.HistoryReader): Promise<boolean> {
  const buffer = Buffer.allocUnsafe(CHUNK);
  const { bytesRead } = await handle.read(buffer, 0, CHUNK, 0);
  const lines = decode(buffer, 0, bytesRead, 0).split('\n');
  // A full buffer's last line may be cut short.
  for (const text of bytesRead === CHUNK ? lines.slice(0, -1) : lines) {
    if (reader.line(text.replace(/\r$/, ''), 1) !== undefined) return false;
    if (text.trim() !== '' && !text.startsWith('#')) return true;
  }
  return false;
}

async function readInto(handle: FileHandle, buffer: Buffer, offset: number): Promise<number> {
  const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, null);
  return bytesRead;
}

/** Bytes as UTF-8; at the start of the file (`at` 0), without a byte order mark. */
function decode(buffer: Buffer, start: number, end: number, at: number): string {
  const text = buffer.toString('utf8', start, end);
  return at === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
