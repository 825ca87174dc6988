import { strict as assert } from 'node:assert';
import { durationText, durationWithShare, shareText } from './format';

describe('report format', () => {
  it('writes durations with their largest units first, to the second, and sub-second ones in ms', () => {
    const ms = (d: number, h: number, m: number, s = 0) => ((d * 24 + h) * 60 + m) * 60_000 + s * 1000;
    assert.equal(durationText(ms(2, 3, 10)), '2d 3h 10m');
    assert.equal(durationText(ms(0, 0, 0, 45)), '45s');
    assert.equal(durationText(ms(1, 0, 0, 1)), '1d 1s');
    assert.equal(durationText(0), '0s');
    assert.equal(durationText(250), '250ms');
    assert.equal(durationText(1499), '1s');
  });

  it('gives shares of the period to a tenth of a percent, never rounding a real share down to 0', () => {
    assert.equal(shareText(1, 3), '33.3%');
    assert.equal(shareText(1, 10_000), '<0.1%');
    assert.equal(shareText(0, 10), '0%');
    assert.equal(shareText(5, 0), undefined);
    assert.equal(durationWithShare(18 * 60_000, 59 * 60_000), '18m (30.5%)');
    assert.equal(durationWithShare(60_000, 0), '1m');
  });
});
