import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { decimal, decimalAt, TimeParser } from './history-time';

const parse = (text: string) => new TimeParser().parse(text);
const error = (text: string) => {
  const result = parse(text);
  return typeof result === 'number' ? `read as ${result}` : result.error;
};

describe('replay/history-time', () => {
  it('reads ISO 8601 with Z or an offset (with or without a colon), a T or a space, and a fraction', () => {
    const utc = Date.UTC(2026, 10, 17, 8, 30, 15);
    for (const text of ['2026-11-17T08:30:15Z', '2026-11-17 08:30:15Z', '2026-11-17t08:30:15z', '2026-11-17T10:30:15+02:00', '2026-11-17T10:30:15+0200', '2026-11-17T03:00:15-05:30']) {
      assert.equal(parse(text), utc, text);
    }
    // Milliseconds are the resolution: further digits are dropped, as Date.parse does.
    assert.equal(parse('2026-11-17T08:30:15.5Z'), utc + 500);
    assert.equal(parse('2026-11-17T08:30:15.123456789Z'), utc + 123);
  });

  it('says which offset it read, and none for Unix seconds', () => {
    const parser = new TimeParser();
    parser.parse('2026-11-17T10:30:15-02:30');
    assert.equal(parser.offset, -150);
    // The same text again comes from the cache of the last time, offset included.
    parser.parse('2026-11-17T10:30:15-02:30');
    assert.equal(parser.offset, -150);
    parser.parse('1763337600');
    assert.ok(Number.isNaN(parser.offset));
  });

  it('agrees with Date.parse over random times, zones and fractions (the date cache included)', () => {
    const parser = new TimeParser();
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1000, 0, 1)), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }), fc.integer({ min: -14 * 60, max: 14 * 60 }), fc.boolean(), (date, offset, fraction) => {
        const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, fraction ? 23 : 19);
        const zone = offset === 0 ? 'Z' : `${offset < 0 ? '-' : '+'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
        const text = local + zone;
        assert.equal(parser.parse(text), Date.parse(text), text);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads years before 100 as written (Date.UTC would read them as 19xx)', () => {
    assert.equal(parse('0099-03-01T00:00:00Z'), Date.parse('0099-03-01T00:00:00Z'));
  });

  it('refuses a time without a zone, with the fix', () => {
    assert.equal(error('2026-11-17T08:30:15'), 'timestamp "2026-11-17T08:30:15" has no time zone: write Z or an offset like +02:00.');
    assert.equal(error('2026-11-17T08:30:15.250'), 'timestamp "2026-11-17T08:30:15.250" has no time zone: write Z or an offset like +02:00.');
  });

  it('refuses dates and times out of range, saying which part', () => {
    assert.equal(error('2026-13-01T00:00:00Z'), 'timestamp "2026-13-01T00:00:00Z" is not a date: there is no month 13.');
    assert.equal(error('2026-00-01T00:00:00Z'), 'timestamp "2026-00-01T00:00:00Z" is not a date: there is no month 0.');
    assert.equal(error('2026-04-31T00:00:00Z'), 'timestamp "2026-04-31T00:00:00Z" is not a date: there is no day 31 in 2026-04.');
    assert.equal(error('2026-02-29T00:00:00Z'), 'timestamp "2026-02-29T00:00:00Z" is not a date: there is no day 29 in 2026-02.');
    assert.equal(parse('2028-02-29T00:00:00Z'), Date.UTC(2028, 1, 29));
    assert.equal(error('2026-11-17T24:00:00Z'), 'timestamp "2026-11-17T24:00:00Z" is not a time of day: hour 24 is out of range.');
    assert.equal(error('2026-11-17T08:60:00Z'), 'timestamp "2026-11-17T08:60:00Z" is not a time of day: minute 60 is out of range.');
    assert.equal(error('2026-11-17T08:30:60Z'), 'timestamp "2026-11-17T08:30:60Z" is not a time of day: second 60 is out of range.');
  });

  it('refuses what is neither ISO 8601 nor a number', () => {
    for (const text of ['2026-11-17', '2026/11/17 08:30:15Z', '2026-11-17T08:30Z', '2026-11-17T08:30:15+2', '2026-11-17T08:30:15Z extra', '2026-11-17T08:30:15.Z', 'yesterday', '0x6915d200', '']) {
      assert.match(error(text), /is neither ISO 8601 with a zone \(2026-11-17T00:00:00Z\) nor Unix seconds\.$/, text);
    }
  });

  it('reads Unix seconds (a fraction to the millisecond, before 1970 too), and refuses milliseconds written as seconds', () => {
    assert.equal(parse('1763337600'), 1763337600_000);
    assert.equal(parse('1763337600.25'), 1763337600_250);
    assert.equal(parse('-86400'), -86400_000);
    assert.equal(new TimeParser().seconds(0), 0);
    assert.equal(error('1763337600000'), 'timestamp 1763337600000 is the year 57847 in Unix seconds: write Unix time in seconds (milliseconds divided by 1000), or ISO 8601.');
  });

  it('reads decimals as Number does, and refuses what a history must not hold', () => {
    for (const text of ['0', '-0', '0.93', '.5', '5.', '-12.75', '1e3', '2.5E-4', '123456789012345', '1234567890123456789', '0.1000000000000000055511151231257827']) {
      assert.ok(Object.is(decimal(text), Number(text)), text);
    }
    assert.equal(decimal('Infinity'), Infinity);
    for (const text of ['', '0x10', '0b1', '0o7', 'NaN', '1,5', '1_000', '--1', '.']) assert.ok(Number.isNaN(decimal(text)), text);
  });

  it('reads a decimal inside a line by hand exactly as Number reads it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 17 }), (x, digits) => {
        for (const text of [String(x), x.toFixed(Math.min(digits, 15)), x.toPrecision(Math.max(1, digits))]) {
          const line = `a,${text},b`;
          assert.ok(Object.is(decimalAt(line, 2, 2 + text.length), Number(text)), text);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
