import { strict as assert } from 'node:assert';
import { ProgressBar } from './progress-bar';

/** Erase to the end of the line: after every drawing. */
const ERASE = '\x1b[K';

/** A terminal that records what is written, and a clock the test moves. */
function fixture(columns = 120) {
  const writes: string[] = [];
  let now = 1_000_000;
  const bar = new ProgressBar({ write: (text: string) => writes.push(text), columns }, { total: 50_000_000, label: 'h.jsonl', now: () => now });
  return { writes, bar, advance: (ms: number) => (now += ms) };
}

describe('ProgressBar', () => {
  it('draws the share of bytes read, the time left, the samples per second and the sizes, in place', () => {
    const { writes, bar, advance } = fixture();
    advance(2000);
    bar.update(10_000_000, 2_400_000);
    assert.deepEqual(writes, ['\rh.jsonl  [#####-------------------]   20%  ETA 8s  1.2M samples/s  10.0 MB / 50.0 MB\x1b[K']);
  });

  it('redraws at most ten times a second', () => {
    const { writes, bar, advance } = fixture();
    for (let i = 1; i <= 100; i++) {
      advance(10);
      bar.update(i * 100_000, i * 1000);
    }
    // A second of updates every 10 ms: the first, then one every 100 ms.
    assert.equal(writes.length, 10);
  });

  it('never writes a line wider than the terminal, which could not be redrawn in place: the last parts go first', () => {
    const { writes, bar, advance } = fixture(50);
    advance(2000);
    bar.update(10_000_000, 2_400_000);
    assert.equal(writes[0], '\rh.jsonl  [#####-------------------]   20%  ETA 8s\x1b[K');
    const narrow = fixture(10);
    narrow.bar.update(1, 1);
    assert.equal(narrow.writes[0], `\rh.jsonl${ERASE}`);
  });

  it('clears its line at the end, and writes nothing when it never drew', () => {
    const { writes, bar, advance } = fixture();
    bar.clear();
    assert.equal(writes.length, 0);
    advance(3_700_000);
    // Half read in 3,700 s: as long again to go.
    bar.update(25_000_000, 5);
    assert.match(writes[0], / {2}ETA 1h01m {2}/);
    bar.clear();
    assert.equal(writes.at(-1), '\r\x1b[K');
  });
});
