import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replays } from '../engine';
import { CHUNK, lastTime, readHistory, type HistoryProgress } from './read-history';

const T0 = Date.UTC(2026, 10, 17);

/** Reads a file as a replay would: the samples as [line, series key, value], the problems as `line: message`. */
async function read(path: string, options: Parameters<typeof readHistory>[3] = {}) {
  const samples: replays.Sample[] = [];
  const problems: replays.DataProblem[] = [];
  const reader = new replays.HistoryReader(replays.historyFormat(path)!, new replays.SeriesTable(), (p) => problems.push(p));
  const { cancelled } = await readHistory(path, reader, { push: (s) => samples.push(s), problem: (p) => problems.push(p) }, options);
  return { cancelled, samples, rows: samples.map((s) => [s.line, s.series.key, s.value]), problems: problems.map((p) => `${p.line}: ${p.message}`) };
}

const json = (minute: number, value: number, labels: Record<string, string> = {}) => JSON.stringify({ timestamp: new Date(T0 + minute * 60_000).toISOString(), metric: 'r', value, ...labels });

describe('replay/read-history', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'safety-specs-read-history-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads CRLF line ends (the last cell keeps no \\r), a byte order mark, and a last line without a newline', async () => {
    const path = file('crlf.csv', '\ufefftimestamp,metric,value,tenant\r\n2026-11-17T00:00:00Z,r,1,acme\r\n\r\n2026-11-17T00:01:00Z,r,2,acme');
    const { rows, problems } = await read(path);
    assert.deepEqual(rows, [[2, 'r{tenant="acme"}', 1], [4, 'r{tenant="acme"}', 2]]);
    assert.deepEqual(problems, []);
  });

  it('keeps a UTF-8 character whole across a chunk boundary (2 and 3 bytes, split after any byte)', async () => {
    for (const [label, before] of [['café', 1], ['5 €', 1], ['5 €', 2]] as const) {
      const second = json(1, 2, { note: label });
      // The padding puts the character's first `before` bytes at the end of the first chunk.
      const prefix = Buffer.byteLength(second.slice(0, second.indexOf(label.slice(-1))));
      const head = json(0, 1, { pad: '' });
      const pad = 'x'.repeat(CHUNK - before - 1 - prefix - Buffer.byteLength(head));
      const first = json(0, 1, { pad });
      const content = `${first}\n${second}\n`;
      assert.equal(Buffer.byteLength(`${first}\n`) + prefix, CHUNK - before);
      const { rows, problems } = await read(file('utf8.jsonl', content));
      assert.deepEqual(problems, []);
      assert.deepEqual(rows[1], [2, `r{note=${JSON.stringify(label)}}`, 2], `${label} split after ${before}`);
    }
  });

  it('reads a long line whole, and leaves out one longer than a chunk, located, reading on with the right line numbers', async () => {
    const long = 'z'.repeat(100_000);
    const path = file('long.jsonl', `${json(0, 1)}\n${json(1, 2, { pad: 'y'.repeat(CHUNK + 100) })}\n${json(2, 3, { long })}\n${json(3, 4)}\n`);
    const { rows, problems } = await read(path);
    assert.deepEqual(problems, ['2: the line is longer than 1 MiB; it is left out.']);
    assert.deepEqual(rows, [[1, 'r', 1], [3, `r{long="${long}"}`, 3], [4, 'r', 4]]);
  });

  it('reports progress after each chunk, up to the whole file', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => json(i, i % 7));
    const path = file('progress.jsonl', `${lines.join('\n')}\n`);
    const seen: HistoryProgress[] = [];
    const { rows } = await read(path, { onProgress: (p) => seen.push(p) });
    assert.equal(rows.length, 60_000);
    assert.ok(seen.length >= 3, `${seen.length} reports`);
    assert.ok(seen.every((p, i) => i === 0 || p.bytesRead >= seen[i - 1].bytesRead));
    assert.deepEqual(seen[seen.length - 1], { bytesRead: seen[0].totalBytes, totalBytes: seen[0].totalBytes, samples: 60_000 });
  });

  it('stops between chunks when the signal is aborted, and says it was cancelled', async () => {
    const lines = Array.from({ length: 60_000 }, (_, i) => json(i, 1));
    const path = file('cancel.jsonl', `${lines.join('\n')}\n`);
    const controller = new AbortController();
    const { cancelled, rows } = await read(path, { signal: controller.signal, onProgress: () => controller.abort() });
    assert.equal(cancelled, true);
    assert.ok(rows.length > 0 && rows.length < 60_000, `${rows.length} samples`);
  });

  describe('lastTime', () => {
    it('is the last sample\'s time, read from the end: past blank and bad lines, across chunks, after a CSV\'s header', async () => {
      const good = Array.from({ length: 40_000 }, (_, i) => `${new Date(T0 + i * 60_000).toISOString()},r,1,`);
      const bad = Array.from({ length: 40_000 }, () => '2026-11-17T00:00:00Z,r,not a number,');
      const path = file('tail.csv', `# history\ntimestamp,metric,value,tenant\n${good.join('\n')}\n${bad.join('\n')}\n\n\n`);
      assert.equal(await lastTime(path, 'csv'), T0 + 39_999 * 60_000);
      assert.equal(await lastTime(file('tail.jsonl', `${json(0, 1)}\n${json(5, 1)}\n{"oops"\n`), 'jsonl'), T0 + 5 * 60_000);
    });

    it('is undefined without any sample, or without a CSV header', async () => {
      assert.equal(await lastTime(file('none.jsonl', '\n\n'), 'jsonl'), undefined);
      assert.equal(await lastTime(file('headless.csv', '2026-11-17T00:00:00Z,r,1\n'), 'csv'), undefined);
    });
  });
});
