/**
 * Timestamps of a metric history: ISO 8601 with a zone (`2026-11-17T00:00:00Z`, `...+02:00`, a space for the `T`),
 * or Unix seconds. Read once per line of files of millions of lines, so by character codes, not regular expressions,
 * and each calendar date is converted once (consecutive lines share it).
 */

/** Why a cell or field cannot be read. */
export interface Refusal {
  readonly error: string;
}

export class TimeParser {
  /** The UTC offset (minutes) of the last ISO time read; NaN after Unix seconds, which have none. */
  offset = NaN;
  /** The last ISO time parsed, as written, and what it read. */
  private lastIso = '';
  private lastTime = 0;
  private lastOffset = NaN;
  private dateKey = -1;
  private dateMs = 0;

  /** Milliseconds since the epoch (UTC) of `text[start, end)`, trimmed by the caller. */
  parse(text: string, start = 0, end = text.length): number | Refusal {
    if (end - start >= 19 && text.charCodeAt(start + 4) === DASH) {
      // Consecutive lines mostly share their time (every series sampled at once): compare before parsing.
      if (end - start === this.lastIso.length && text.startsWith(this.lastIso, start)) {
        this.offset = this.lastOffset;
        return this.lastTime;
      }
      const time = this.iso(text, start, end);
      if (typeof time === 'number') {
        this.lastIso = text.slice(start, end);
        this.lastTime = time;
        this.lastOffset = this.offset;
      }
      return time;
    }
    const seconds = decimalAt(text, start, end);
    return Number.isNaN(seconds) ? notATime(text.slice(start, end)) : this.seconds(seconds, text.slice(start, end));
  }

  /** Unix seconds (a JSON number, or a number written in a cell). */
  seconds(seconds: number, written: string = String(seconds)): number | Refusal {
    if (!Number.isFinite(seconds)) return notATime(written);
    // Year 5138 and beyond: almost surely milliseconds (or microseconds) written where seconds are read.
    if (Math.abs(seconds) >= 1e11) return { error: `timestamp ${written} is ${year(seconds * 1000)} in Unix seconds: write Unix time in seconds (milliseconds divided by 1000), or ISO 8601.` };
    this.offset = NaN;
    return Math.round(seconds * 1000);
  }

  /** An ISO 8601 time with a zone in `s[at, end)` (a JSON string must be one). */
  iso(s: string, at = 0, end = s.length): number | Refusal {
    const y = digits(s, at, 4);
    const mo = digits(s, at + 5, 2);
    const d = digits(s, at + 8, 2);
    const h = digits(s, at + 11, 2);
    const mi = digits(s, at + 14, 2);
    const se = digits(s, at + 17, 2);
    const t = s.charCodeAt(at + 10);
    if (end - at < 19 || (y | mo | d | h | mi | se) < 0 || s.charCodeAt(at + 7) !== DASH || (t !== 84 && t !== 116 && t !== 32) || s.charCodeAt(at + 13) !== COLON || s.charCodeAt(at + 16) !== COLON) {
      return notATime(s.slice(at, end));
    }
    let i = at + 19;
    let ms = 0;
    if (i < end && s.charCodeAt(i) === 46) {
      const start = ++i;
      // Milliseconds are the replay's resolution: further digits are dropped, as Date.parse drops them.
      for (let c = s.charCodeAt(i) - 48; i < end && c >= 0 && c <= 9; c = s.charCodeAt(++i) - 48) if (i - start < 3) ms += c * (i === start ? 100 : i === start + 1 ? 10 : 1);
      if (i === start) return notATime(s.slice(at, end));
    }
    const z = i < end ? s.charCodeAt(i) : -1;
    let offset: number;
    if (z === 90 || z === 122) {
      offset = 0;
      i++;
    } else if (z === 43 || z === DASH) {
      const oh = digits(s, i + 1, 2);
      const colon = s.charCodeAt(i + 3) === COLON;
      const om = digits(s, i + (colon ? 4 : 3), 2);
      if (oh < 0 || om < 0 || oh > 23 || om > 59) return notATime(s.slice(at, end));
      offset = (z === DASH ? -1 : 1) * (oh * 60 + om);
      i += colon ? 6 : 5;
    } else if (i === end) {
      return { error: `timestamp "${s.slice(at, end)}" has no time zone: write Z or an offset like +02:00.` };
    } else return notATime(s.slice(at, end));
    if (i !== end) return notATime(s.slice(at, end));
    const key = y * 10000 + mo * 100 + d;
    if (key !== this.dateKey) {
      const day = dayMs(y, mo, d);
      if (typeof day !== 'number') return { error: `timestamp "${s.slice(at, end)}" is not a date: ${day.error}` };
      this.dateKey = key;
      this.dateMs = day;
    }
    if (h > 23 || mi > 59 || se > 59) return { error: `timestamp "${s.slice(at, end)}" is not a time of day: ${h > 23 ? `hour ${h}` : mi > 59 ? `minute ${mi}` : `second ${se}`} is out of range.` };
    this.offset = offset;
    return this.dateMs + ((h * 60 + mi) * 60 + se) * 1000 + ms - offset * 60_000;
  }
}

/**
 * A number as written in a history: decimal, optionally signed and with an exponent, or `Infinity` (which callers
 * call out). NaN for anything else, including what `Number` reads but a history must not hold: an empty string,
 * hexadecimal, octal and binary.
 */
export function decimal(text: string): number {
  if (text.length === 0) return NaN;
  const n = +text;
  if (n === n && text.length > 2 && text.charCodeAt(0) === 48) {
    const c = text.charCodeAt(1) | 32;
    if (c === 120 || c === 111 || c === 98) return NaN;
  }
  return n;
}

/**
 * `decimal` of `text[start, end)`. A plain decimal of up to 15 digits is read by hand: its digits as an integer
 * divided by a power of ten, both exact, is one correctly rounded division, so the same number as `Number` reads.
 */
export function decimalAt(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === DASH;
  if (negative) i++;
  let mantissa = 0;
  let count = 0;
  let scale = -1;
  for (; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c >= 0 && c <= 9) {
      mantissa = mantissa * 10 + c;
      count++;
    } else if (c === -2 && scale < 0) scale = count;
    else return decimal(text.slice(start, end));
  }
  if (count === 0 || count > 15) return decimal(text.slice(start, end));
  const value = scale < 0 || scale === count ? mantissa : mantissa / POWERS[count - scale];
  return negative ? -value : value;
}

const DASH = 45;
const COLON = 58;
const POWERS = Array.from({ length: 16 }, (_, k) => 10 ** k);
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of `length` decimal digits at `at`; -1 when one is not a digit (or the text ends). */
function digits(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) return -1;
    n = n * 10 + c;
  }
  return n;
}

function dayMs(y: number, mo: number, d: number): number | Refusal {
  if (mo < 1 || mo > 12) return { error: `there is no month ${mo}.` };
  const leap = mo === 2 && (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0));
  const days = DAYS[mo - 1] + (leap ? 1 : 0);
  if (d < 1 || d > days) return { error: `there is no day ${d} in ${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}.` };
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0 to 99 as 1900 to 1999.
  return new Date(0).setUTCFullYear(y, mo - 1, d);
}

function notATime(text: string): Refusal {
  return { error: `timestamp "${text}" is neither ISO 8601 with a zone (2026-11-17T00:00:00Z) nor Unix seconds.` };
}

function year(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? 'beyond any date' : `the year ${date.getUTCFullYear()}`;
}
